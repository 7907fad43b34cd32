"""Analysis of the compiled layers: what was in force on a day, areas, lengths and change.

Pure functions over ``layers/`` (never ``geo/``), returning pandas DataFrames that a
notebook can show, and the same figures ``bordermap stats`` and ``bordermap at`` print.
Areas are km² in the Albers equal-area projection of
:data:`bordermap.layers.crs.EQUAL_AREA`; lengths are geodesic km on the WGS84 ellipsoid.

**On a day.** Every border segment and territory of the timeline layer has a lifespan
(``valid_from``, the first day in force, and ``valid_until``, the first day no longer in
force, Gregorian). :func:`border_at`, :func:`territories_at` and :func:`places_at` give what
was in force (or existed) on a date written ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` in the
Gregorian or the Julian calendar; a year or a month means its last day (31 December 1858 for
``1858``), as :func:`bordermap.layers.time.query_day` reads it. A date outside the period the
data cover (``index.json``'s ``coverage``) is a one-line
:class:`~bordermap.errors.BordermapError`.

**Change days.** The tables of ``bordermap stats`` are computed on each change day: the first
day of each regime's period in ``index.json`` (the days the border in force changed), and
changes are between consecutive periods, in the order ``index.json`` lists them.

**Study region.** The union of every territory of the timeline layer: all the land that any
treaty of the data gave a status at some time. On a day, each part of it is held by the
``to_state`` of the territory in force there, or is :data:`UNASSIGNED` where no territory in
force covers it (no treaty then in force said who held it: Uriankhai before 1727, the Ussuri
lands before 1858, the Uda land after Aigun ended Nerchinsk's undelimited zone).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: Figures historians and reference works cite: (key, what, cited value, unit, note).
CITED = (
    ("aigun-cession", "Aigun cession (1858)", 600_000, "km2",
     "cited as 'over 600,000 km²'; computed: the Amur–Stanovoy land less the Sixty-Four "
     "Villages, bounded by the Stanovoy crest placed between the basins of the 1:3,000,000 "
     "river data (~50 km)"),
    ("peking-cession", "Peking cession (1860), the convention's text: the mainland east of the "
     "Ussuri", 400_000, "km2",
     "cited as 'about 400,000 km²' by Chinese histories, which count Sakhalin in it (next row); "
     "the convention names only the mainland line"),
    ("peking-cession-zh", "Peking cession (1860), the Chinese reading: with Sakhalin (库页岛)",
     400_000, "km2",
     "cited as 'about 400,000 km²'; the mainland plus Sakhalin as GSHHS draws it (coastal "
     "islands left out)"),
    ("amur", "Amur from the Argun–Shilka confluence", 2_824, "km",
     "the traced line is generalised (World Data Bank II, ~1:3,000,000) and cuts meanders "
     "that a surveyed length follows"),
    ("ussuri", "Ussuri", 897, "km",
     "generalised line; the Ussuri meanders through a wide flood plain"),
)
#: The features of the timeline layer whose areas :data:`CITED` compares (summed).
CITED_TERRITORIES = {"aigun-cession": ("aigun-1858/ceded",),
                     "peking-cession": ("peking-1860/ceded",),
                     "peking-cession-zh": ("peking-1860/ceded", "peking-1860/sakhalin")}

#: The state of land in the study region that no territory in force covers.
UNASSIGNED = "unassigned"
#: The calendars a date may be written in.
CALENDARS = ("gregorian", "julian")
_DATE_TEXT = re.compile(r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?")
_SEGMENT_KINDS = ("river", "ridge", "line")


@dataclass(frozen=True)
class Layers:
    """The compiled layers: ``index`` (``index.json``), one GeoDataFrame per layer in
    ``frames``, and the features of every layer as read (GeoJSON dicts) in ``features``."""

    folder: Path
    index: dict[str, Any]
    frames: dict[str, Any]
    features: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def regime_ids(self) -> list[str]:
        """Regimes with geometry, in chronological order."""
        return [r["id"] for r in self.index["regimes"] if r["file"]]

    def regime(self, rid: str) -> dict[str, Any]:
        """The ``index.json`` entry of a regime."""
        return next(r for r in self.index["regimes"] if r["id"] == rid)

    @property
    def periods(self) -> list[dict[str, Any]]:
        """The ``index.json`` entries of the regimes with a period, in order: the periods
        that the statistics compare, each with the one before."""
        return [r for r in self.index["regimes"] if r.get("period")]

    @property
    def change_days(self) -> list[str]:
        """The first day of each period (Gregorian): the days the border changed."""
        from bordermap.layers.time import change_days

        return change_days(self.index)


def read_layers(folder: str | Path | None = None) -> Layers:
    """Read ``index.json`` and every layer it lists as GeoDataFrames (EPSG:4326). ``folder``
    None: ``layers`` when it holds an ``index.json``, else the layers installed with
    bordermap (:func:`bordermap.layers.installed.default_folder`)."""
    import geopandas as gpd

    from bordermap.layers.installed import default_folder
    from bordermap.layers.read import read_layers_raw

    folder = default_folder() if folder is None else Path(folder)
    index, layers = read_layers_raw(folder)
    frames = {}
    for key, features in layers.items():
        frame = gpd.GeoDataFrame.from_features(features, crs="EPSG:4326")
        frame.index = [f["id"] for f in features]
        frames[key] = frame
    for regime in index["regimes"]:
        if regime["file"]:
            _check_territories(frames[regime["id"]], folder / regime["file"])
    timeline = next(e["file"] for e in index["layers"] if e["id"] == "timeline")
    _check_territories(frames["timeline"], folder / timeline)
    return Layers(folder, index, frames, layers)


def _check_territories(frame: Any, path: Path) -> None:
    """Territories are intersected with each other: each must be a valid polygon (no
    self-intersection), or the overlay fails. Raises a one-line BordermapError if not."""
    import shapely

    from bordermap.errors import BordermapError

    if "kind" not in frame.columns:  # a layer of borders only, or none at all
        return
    territories = frame[frame["kind"] == "territory"]
    for fid, geometry, valid in zip(territories.index, territories.geometry,
                                    shapely.is_valid(territories.geometry.values), strict=True):
        if not valid:
            reason = shapely.is_valid_reason(geometry)
            raise BordermapError(f"{path}: feature {fid!r}: geometry: not a valid polygon ({reason})")


# -- on a day ------------------------------------------------------------------------------

def resolve_day(index: dict[str, Any], date: Any, calendar: str = "gregorian") -> str:
    """The Gregorian day ``YYYY-MM-DD`` that ``date`` means, checked to lie within the data.

    ``date`` is text ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (ASCII digits) in ``calendar``
    (``gregorian`` or ``julian``), a year as an ``int``, or a :class:`datetime.date`; a year or
    a month means its last day. Raises :class:`~bordermap.errors.BordermapError` (one line)
    if it is not such a date, or falls outside ``index.json``'s ``coverage``.
    """
    import datetime

    from bordermap.errors import BordermapError, shown
    from bordermap.layers.time import check_in_coverage, query_day

    if calendar not in CALENDARS:
        raise BordermapError(f"calendar must be one of {', '.join(CALENDARS)}, got {shown(calendar)}")
    if isinstance(date, int) and not isinstance(date, bool) and 0 <= date <= 9999:
        text = f"{date:04d}"
    elif isinstance(date, datetime.date) and not isinstance(date, datetime.datetime):
        text = date.isoformat()
    else:
        text = date
    if not isinstance(text, str) or not _DATE_TEXT.fullmatch(text):
        raise BordermapError(f"{shown(text)} is not a date: expected YYYY, YYYY-MM or YYYY-MM-DD "
                             "(such as 1858, 1858-05 or 1858-05-28)")
    day = query_day(text, calendar)
    try:
        check_in_coverage(index, day)
    except BordermapError as exc:
        if text == day and calendar == "gregorian":
            raise
        raise BordermapError(f"{text} ({calendar.capitalize()}) means {day}: {exc}") from None
    return day


@dataclass(frozen=True)
class InForce:
    """What was in force on ``day`` (Gregorian ``YYYY-MM-DD``), as GeoJSON features of the
    layers: border segments and territories of the timeline layer, places of the gazetteer
    that existed; each list in the order of its layer."""

    day: str
    index: dict[str, Any]
    border: list[dict[str, Any]]
    territories: list[dict[str, Any]]
    places: list[dict[str, Any]]


def in_force(date: Any, layers: str | Path | Layers = "layers", calendar: str = "gregorian") -> InForce:
    """The border segments and territories in force and the places that existed on ``date``
    (see :func:`resolve_day`); ``layers`` is a folder (read without GeoPandas) or
    :class:`Layers` already read."""
    from bordermap.layers.time import holds

    if isinstance(layers, Layers):
        index, features = layers.index, layers.features
    else:
        from bordermap.layers.read import read_layers_raw

        index, features = read_layers_raw(Path(layers))
    day = resolve_day(index, date, calendar)
    timeline = [f for f in features["timeline"] if holds(f["properties"], day)]
    return InForce(day, index,
                   [f for f in timeline if f["properties"]["kind"] == "border"],
                   [f for f in timeline if f["properties"]["kind"] == "territory"],
                   [f for f in features["places"] if holds(f["properties"], day)])


def _frame(features: list[dict[str, Any]], columns: list[str]) -> Any:
    """A GeoDataFrame (EPSG:4326) of ``features``, indexed by feature id; with ``columns``
    when there are none."""
    import geopandas as gpd

    if not features:
        return gpd.GeoDataFrame({c: [] for c in columns}, geometry=[], crs="EPSG:4326")
    frame = gpd.GeoDataFrame.from_features(features, crs="EPSG:4326")
    frame.index = [f["id"] for f in features]
    return frame


def _columns(layer: Any, kind: str = "") -> list[str]:
    """The properties a :class:`~bordermap.layers.schema.Layer` declares for ``kind``."""
    chosen = next(k for k in layer.kinds if k.name == kind)
    return [f.name for f in chosen.fields]


def border_at(date: Any, layers: str | Path | Layers = "layers", calendar: str = "gregorian") -> Any:
    """The border segments in force on ``date``, whichever treaty drew them: a GeoDataFrame
    (EPSG:4326, indexed by feature id such as ``nerchinsk-1689/argun``) with every property of
    the timeline layer. ``date``: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` in ``calendar``; a
    year or a month means its last day."""
    from bordermap.layers import schema

    return _frame(in_force(date, layers, calendar).border, _columns(schema.TIMELINE, "border"))


def territories_at(date: Any, layers: str | Path | Layers = "layers",
                   calendar: str = "gregorian") -> Any:
    """The territories in force on ``date``, as :func:`border_at` gives the border."""
    from bordermap.layers import schema

    return _frame(in_force(date, layers, calendar).territories,
                  _columns(schema.TIMELINE, "territory"))


def places_at(date: Any, layers: str | Path | Layers = "layers", calendar: str = "gregorian") -> Any:
    """The places of the gazetteer that existed on ``date`` (founded on or before it and not
    yet abandoned; a place without dates always), as :func:`border_at` gives the border."""
    from bordermap.layers import schema

    return _frame(in_force(date, layers, calendar).places, _columns(schema.PLACES))


# -- measures --------------------------------------------------------------------------------

def area_km2(geometry: Any) -> float:
    """Area of a lon/lat (EPSG:4326) shapely geometry in km², in the equal-area projection."""
    from bordermap.layers.crs import equal_area_km2

    return equal_area_km2(geometry)


def geodesic_length_km(geometry: Any) -> float:
    """Geodesic length of a lon/lat line (or its parts) on the WGS84 ellipsoid, in km."""
    from pyproj import Geod

    return float(Geod(ellps="WGS84").geometry_length(geometry)) / 1000.0


def overlap_km2(a: Any, b: Any) -> float:
    """Area shared by two lon/lat geometries, km² (equal-area)."""
    return area_km2(a.intersection(b))


# -- the tables, on each change day -----------------------------------------------------------

def _on_days(layers: Layers, kind: str) -> list[tuple[str, str, list[tuple[dict[str, Any], Any]]]]:
    """For each change day: the day, the regime whose period starts on it, and the features of
    ``kind`` in force then, as (properties, shapely geometry), in the timeline's order."""
    from shapely.geometry import shape

    from bordermap.layers.time import holds

    timeline = [f for f in layers.features["timeline"] if f["properties"]["kind"] == kind]
    shapes = {f["id"]: shape(f["geometry"]) for f in timeline}
    return [(r["period"]["from"], r["id"],
             [(f["properties"], shapes[f["id"]]) for f in timeline
              if holds(f["properties"], r["period"]["from"])])
            for r in layers.periods]


def territory_areas(layers: Layers) -> Any:
    """The territories in force on each change day: one row per day and territory, with the
    treaty that drew it, its article, status, who held it before and after, and its area
    (km²)."""
    import pandas as pd

    rows = []
    for day, rid, territories in _on_days(layers, "territory"):
        for props, geometry in territories:
            rows.append({"day": day, "regime": rid, "territory": props["id"],
                         "name": props["name_en"], "established_by": props["established_by"],
                         "article": props["article"], "status": props["status"],
                         "from_state": props["from_state"], "to_state": props["to_state"],
                         "reading": props["reading"] + (" (alternative)" if props["alternative"] else ""),
                         "area_km2": round(area_km2(geometry))})
    return pd.DataFrame(rows, columns=["day", "regime", "territory", "name", "established_by",
                                       "article", "status", "from_state", "to_state", "reading",
                                       "area_km2"])


def border_lengths(layers: Layers) -> Any:
    """The border segments in force on each change day: one row per day and segment, with the
    treaty that drew it, what it follows, its precision and its geodesic length (km)."""
    import pandas as pd

    rows = []
    for day, rid, segments in _on_days(layers, "border"):
        for props, geometry in segments:
            rows.append({"day": day, "regime": rid, "segment": props["id"],
                         "established_by": props["established_by"], "chain": props["chain"],
                         "segment_kind": props["segment_kind"], "precision": props["precision"],
                         "length_km": round(geodesic_length_km(geometry), 1)})
    return pd.DataFrame(rows, columns=["day", "regime", "segment", "established_by", "chain",
                                       "segment_kind", "precision", "length_km"])


def border_summary(layers: Layers) -> Any:
    """The border in force on each change day: its segments, total length (km) and the share
    (%) along rivers, ridges and lines (NaN where no border is in force)."""
    import pandas as pd

    lengths = border_lengths(layers)
    rows = []
    for day, rid in zip(layers.change_days, [r["id"] for r in layers.periods], strict=True):
        part = lengths[lengths["day"] == day]
        total = float(part["length_km"].sum())
        row = {"day": day, "regime": rid, "segments": len(part), "length_km": round(total, 1)}
        for kind in _SEGMENT_KINDS:
            length = float(part.loc[part["segment_kind"] == kind, "length_km"].sum())
            row[f"{kind}_pct"] = round(length / total * 100, 1) if total else float("nan")
        rows.append(row)
    return pd.DataFrame(rows, columns=["day", "regime", "segments", "length_km",
                                       *(f"{k}_pct" for k in _SEGMENT_KINDS)])


def treaty_lengths(layers: Layers) -> Any:
    """The border in force on each change day by the treaty that drew it: how many segments and
    km of it each treaty drew, and its share (%) of the whole border in force."""
    import pandas as pd

    lengths = border_lengths(layers)
    order = {r["id"]: n for n, r in enumerate(layers.index["regimes"])}
    rows = []
    for day, rid in zip(layers.change_days, [r["id"] for r in layers.periods], strict=True):
        part = lengths[lengths["day"] == day]
        total = float(part["length_km"].sum())
        for treaty in sorted(set(part["established_by"]), key=lambda t: (order.get(t, len(order)), t)):
            drawn = part[part["established_by"] == treaty]
            length = float(drawn["length_km"].sum())
            rows.append({"day": day, "regime": rid, "established_by": treaty,
                         "segments": len(drawn), "length_km": round(length, 1),
                         "share_pct": round(length / total * 100, 1)})
    return pd.DataFrame(rows, columns=["day", "regime", "established_by", "segments", "length_km",
                                       "share_pct"])


def study_region(layers: Layers) -> Any:
    """The study region: the union of every territory of the timeline layer but the
    alternative readings (a shapely geometry, lon/lat)."""
    import shapely
    from shapely.geometry import shape

    return shapely.union_all([shape(f["geometry"]) for f in layers.features["timeline"]
                              if f["properties"]["kind"] == "territory"
                              and not f["properties"].get("alternative")])


def state_map(layers: Layers, day: str) -> dict[str, Any]:
    """Who held the study region on ``day`` (Gregorian ``YYYY-MM-DD``): state -> the land it
    held (shapely, lon/lat), from the ``to_state`` of the territories in force, and
    :data:`UNASSIGNED` -> the rest of the study region; states in the order first met."""
    import shapely
    from shapely.geometry import shape

    from bordermap.layers.time import holds

    held: dict[str, list[Any]] = {}
    for feature in layers.features["timeline"]:  # alternative readings do not change hands
        props = feature["properties"]
        if props["kind"] == "territory" and not props.get("alternative") and holds(props, day):
            held.setdefault(props["to_state"], []).append(shape(feature["geometry"]))
    states = {state: shapely.union_all(parts) for state, parts in held.items()}
    covered = shapely.union_all(list(states.values())) if states else shapely.Polygon()
    states[UNASSIGNED] = study_region(layers).difference(covered)
    return states


def state_areas(layers: Layers) -> Any:
    """The area each state held in the study region on each change day (km²), and its share
    (%) of the study region; :data:`UNASSIGNED`: the land no territory in force covered."""
    import pandas as pd

    region = area_km2(study_region(layers))
    rows = []
    for day, regime in zip(layers.change_days, layers.periods, strict=True):
        for state, land in state_map(layers, day).items():
            area = area_km2(land)
            if round(area) > 0:
                rows.append({"day": day, "regime": regime["id"], "state": state,
                             "area_km2": round(area), "share_pct": round(area / region * 100, 1)})
    return pd.DataFrame(rows, columns=["day", "regime", "state", "area_km2", "share_pct"])


def regime_changes(layers: Layers) -> Any:
    """Land of the study region that changed hands between consecutive periods (km²).

    Each period (a regime of ``index.json`` with a period, in order) is compared with the one
    before it, on their first days: land held by ``from_state`` on the day the earlier period
    began and by ``to_state`` on the day the later one began (either may be
    :data:`UNASSIGNED`). Rows where the holder stays the same are left out.
    """
    from itertools import pairwise

    import pandas as pd

    periods = [(r, state_map(layers, r["period"]["from"])) for r in layers.periods]
    rows = []
    for (before, old), (after, new) in pairwise(periods):
        for lost, land in old.items():
            for gained, other in new.items():
                if lost == gained:
                    continue
                area = overlap_km2(land, other)
                if round(area) > 0:
                    rows.append({"before": before["id"], "after": after["id"],
                                 "day": after["period"]["from"], "from_state": lost,
                                 "to_state": gained, "area_km2": round(area)})
    return pd.DataFrame(rows, columns=["before", "after", "day", "from_state", "to_state",
                                       "area_km2"])


def river_lengths(layers: Layers) -> Any:
    """Each river's traced geodesic length against its published length."""
    import pandas as pd

    rows = []
    for fid, row in layers.frames["rivers"].iterrows():
        length = geodesic_length_km(row.geometry)
        rows.append({"river": fid, "name": row["name_en"], "length_km": round(length, 1),
                     "published_km": row["published_length_km"],
                     "ratio": round(length / row["published_length_km"], 2),
                     "precision": row["precision"]})
    return pd.DataFrame(rows, columns=["river", "name", "length_km", "published_km", "ratio",
                                       "precision"])


def cited_comparison(layers: Layers) -> Any:
    """Computed figures beside the ones historians cite, with the difference and its reasons.

    The cessions are the areas of the territories :data:`CITED_TERRITORIES` names in the
    timeline layer, one row for each reading; a figure whose features are not all in the
    layers is left out.
    """
    import pandas as pd
    from shapely.geometry import shape

    territories = {f["id"]: f for f in layers.features["timeline"]
                   if f["properties"]["kind"] == "territory"}
    rivers = river_lengths(layers).set_index("river")["length_km"].to_dict()
    found: dict[str, float | None] = {
        key: (round(sum(area_km2(shape(territories[fid]["geometry"])) for fid in fids))
              if all(fid in territories for fid in fids) else None)
        for key, fids in CITED_TERRITORIES.items()}
    found.update(amur=rivers.get("amur"), ussuri=rivers.get("ussuri"))
    rows = []
    for key, what, cited, unit, reason in CITED:
        if found[key] is None:
            continue
        value = float(found[key])  # type: ignore[arg-type]
        rows.append({"figure": key, "what": what, "computed": round(value), "cited": cited,
                     "unit": unit, "difference": round(value - cited),
                     "difference_pct": round((value - cited) / cited * 100, 1), "reason": reason})
    return pd.DataFrame(rows, columns=["figure", "what", "computed", "cited", "unit", "difference",
                                       "difference_pct", "reason"])


def all_tables(layers: Layers) -> dict[str, Any]:
    """Every table ``bordermap stats`` prints, by name, in order."""
    return {"territories": territory_areas(layers), "borders": border_summary(layers),
            "treaties": treaty_lengths(layers), "states": state_areas(layers),
            "changes": regime_changes(layers), "rivers": river_lengths(layers),
            "cited": cited_comparison(layers)}
