"""``bordermap maps``: layered interactive Folium maps, built from ``layers/`` only.

Writes ``index.html`` (the border on any date: a year slider over the period the data
cover, drawn from ``timeline.geojson``), one map per regime period (``<regime-id>.html``,
its whole border, its own segments emphasised) and a side-by-side comparison for each
pair of consecutive regime periods in ``index.json`` (``compare-<before>-<after>.html``,
named by the years the two treaties were signed). Online maps use xyzservices tiles
(and the vector basemap when the tiles cannot load); offline maps are single
self-contained files with a vector basemap from the project's own data
(:mod:`bordermap.maps.basemap`). Geometry is quantised to :data:`MAP_DECIMALS` places
(about 100 m), which suits the zoom levels offered (:data:`MIN_ZOOM` to :data:`MAX_ZOOM`).
Element ids are numbered, not random, so two runs write the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from itertools import pairwise
from pathlib import Path
from typing import Any

from bordermap import style
from bordermap.errors import BordermapError
from bordermap.i18n import LANGS, localised, name, note, number, text
from bordermap.maps.elements import JSON_DUMPS, encode_geometry

MAP_DECIMALS = 3
MIN_ZOOM, MAX_ZOOM = 3, 10
#: A map opens at the largest zoom, in steps of this, that shows its extent whole.
ZOOM_SNAP = 0.25


@contextmanager
def stable_ids() -> Iterator[None]:
    """While active: branca elements are numbered 0, 1, 2… instead of getting random ids,
    and the data folium embeds is written as compact UTF-8 JSON (no blanks after separators,
    no ``\\u`` escapes but for ``<``, ``>``, ``&`` and ``'``, which Jinja always escapes)."""
    import folium
    from branca.element import Element

    counter = iter(range(10**9))
    original = Element.__dict__["_generate_id"]
    policies = folium.Map._template.environment.policies  # one environment for folium's templates
    dumps = policies.get("json.dumps_kwargs")
    Element._generate_id = classmethod(lambda cls: f"{next(counter):06d}")  # type: ignore[method-assign]
    policies["json.dumps_kwargs"] = JSON_DUMPS
    try:
        yield
    finally:
        Element._generate_id = original  # type: ignore[method-assign]
        policies["json.dumps_kwargs"] = dumps


def _quantise(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, MAP_DECIMALS) + 0.0
    if isinstance(value, list):
        out = [_quantise(v) for v in value]
        if out and isinstance(out[0], list) and out[0] and isinstance(out[0][0], float):
            out = [p for i, p in enumerate(out) if i == 0 or p != out[i - 1]]  # drop repeats
        return out
    return value


@dataclass
class MapData:
    """The layers one set of maps is drawn from, with popups and tooltips in ``lang``."""

    folder: Path
    lang: str
    index: dict[str, Any]
    layers: dict[str, list[dict[str, Any]]]
    added: tuple[tuple[Path, dict[str, Any]], ...] = ()

    @classmethod
    def load(cls, folder: Path, lang: str) -> MapData:
        """Read ``index.json`` and every layer it lists from ``folder``."""
        from bordermap.layers.read import read_layers_raw

        if lang not in LANGS:
            raise BordermapError(f"--lang must be one of {', '.join(LANGS)}, got {lang!r}")
        index, layers = read_layers_raw(folder)
        return cls(folder, lang, index, layers)

    def t(self, key: str) -> str:
        return text(key, self.lang)

    def num(self, value: float, decimals: int | None = 0) -> str:
        """A number as the page's language writes it (:func:`bordermap.i18n.number`)."""
        return number(value, self.lang, decimals)

    @cached_property
    def regimes(self) -> dict[str, dict[str, Any]]:
        return {r["id"]: r for r in self.index["regimes"]}

    def coverage(self) -> tuple[str, str]:
        """The first and the last day the layers cover (Gregorian)."""
        from bordermap.layers.time import coverage

        return coverage(self.index)

    def periods(self) -> list[str]:
        """The regimes with a period and a layer, in the order ``index.json`` lists them."""
        return [r["id"] for r in self.index["regimes"] if r.get("period") and r["file"]]

    def comparisons(self) -> list[tuple[str, str]]:
        """Consecutive regime periods, (before, after): the changes of the border."""
        periods = self.periods()
        return list(pairwise(periods))

    def regime_year(self, rid: str) -> str:
        return self.regimes[rid]["signed"]["gregorian"][:4]

    def regime_label(self, rid: str) -> str:
        """The treaty's name and the year it was signed; an id no regime has, as written."""
        regime = self.regimes.get(rid)
        if regime is None:
            return rid
        return f"{localised(regime['name'], self.lang)} ({regime['signed']['gregorian'][:4]})"

    def place_name(self, pid: str) -> str:
        return self._names("places").get(pid, pid)

    def river_name(self, rid: str) -> str:
        return self._names("rivers").get(rid, rid)

    def _names(self, layer: str) -> dict[str, str]:
        cache = self.__dict__.setdefault("_name_cache", {})
        if layer not in cache:
            cache[layer] = {f["id"]: name(f["properties"], self.lang) for f in self.layers[layer]}
        return cache[layer]

    # -- dates ------------------------------------------------------------------------------

    def day(self, written: str) -> str:
        """A date ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (``~`` at the end: approximate) as
        the page's language writes it, such as ``31 Dec 1858`` (:func:`bordermap.i18n.day`)."""
        from bordermap.i18n import day

        return day(written, self.lang)

    def _dates(self, julian: str | None, gregorian: str | None) -> str:
        """A date in both calendars (once, where the two are written alike)."""
        from bordermap.i18n import both_calendars

        return both_calendars(julian, gregorian, self.lang)

    def period_text(self, rid: str) -> str:
        """The days a regime's layer shows, first to last, such as ``6 Sep 1689 – 31 Oct 1727``."""
        from bordermap.calendars import shift

        period = self.regimes[rid].get("period")
        if not period:
            return ""
        if period["until"]:
            return f"{self.day(period['from'])} – {self.day(shift(period['until'], -1))}"
        end = self.coverage()[1]
        return f"{self.day(period['from'])} – {self.day(end)} ({self.t('map.data_end')})"

    def slider_stops(self) -> list[dict[str, Any]]:
        """The days the combined map's slider stops at, first to last: the last day of each
        year of the coverage (31 December, or the coverage's last day if that comes first)
        and every day a regime's period begins (a change of the border), each once, in order.
        Each stop has ``day`` (Gregorian), ``text`` (the line saying what the map shows, the
        day in both calendars), ``dates`` (the day as written in the Julian calendar, empty
        where the two agree, and in the Gregorian), ``year`` and, at a change, ``change``
        (the treaty's label)."""
        from bordermap.calendars import to_julian
        from bordermap.layers.time import query_day

        first, last = self.coverage()
        changes = {r["period"]["from"]: self.regime_label(r["id"]) for r in self.index["regimes"]
                   if r.get("period")}
        days = {min(max(query_day(str(year)), first), last)
                for year in range(int(first[:4]), int(last[:4]) + 1)} | set(changes)
        out = []
        for day in sorted(days):
            key = "map.as_on_last" if day == last else "map.as_on"
            julian = to_julian(day)
            stop: dict[str, Any] = {"day": day, "year": int(day[:4]),
                                    "text": self.t(key).format(date=self._dates(julian, day)),
                                    "dates": [self.day(julian) if julian != day else "", self.day(day)]}
            if day in changes:
                stop["change"] = changes[day]
            out.append(stop)
        return out

    # -- popups: (title, subtitle, rows, tooltip), plain text; the page sets it as text --

    def article_text(self, rid: str, number: str) -> str:
        regime = self.regimes.get(rid)
        for a in regime["articles"] if regime else ():
            if a["number"] == number:
                summary = a["summary_tr"] if self.lang == "tr" else a["summary"]
                return f"{self.t('article')} {number}: {summary}"
        return f"{self.t('article')} {number}"

    def _confirmation(self, rid: str, fid: str) -> str:
        regime = self.regimes.get(rid)
        for c in regime["confirms"] if regime else ():
            if c["feature"] == fid:
                return (f"{self.regime_label(rid)}, {self.t('article')} {c['article']}: "
                        f"{note(c, self.lang)}")
        return self.regime_label(rid)

    def lifespan_rows(self, fid: str, props: dict[str, Any]) -> list[tuple[str, str]]:
        """Who drew a segment or territory (treaty and article), when it was in force, in both
        calendars, and who confirmed it."""
        treaty = props["established_by"]
        if props["valid_until"]:
            ended = self._dates(props["valid_until_julian"], props["valid_until"])
            if props["ended_by"]:
                ended += f" — {self.regime_label(props['ended_by'])}"
        else:
            ended = self.t("map.in_force_to_end").format(date=self.day(self.coverage()[1]))
        drawn = f"{self.regime_label(treaty)}, {self.article_text(treaty, props['article'])}"
        confirmed = "; ".join(self._confirmation(r, fid) for r in props["confirmed_by"])
        return [
            (self.t("map.drawn_by"), drawn),
            (self.t("map.in_force_from"), self._dates(props["valid_from_julian"], props["valid_from"])),
            (self.t("map.in_force_until"), ended),
            (self.t("map.confirmed_by"), confirmed),
        ]

    def border_popup(self, props: dict[str, Any]) -> Popup:
        title = f"{self.place_name(props['from'])} – {self.place_name(props['to'])}"
        subtitle = self.t(f"segment.{props['segment_kind']}")
        if props.get("river"):
            subtitle += f": {self.river_name(props['river'])}"
        drawn, *lifespan = self.lifespan_rows(props["id"], props)
        rows = [drawn, (self.t("precision"), self.t(f"precision.{props['precision']}")),
                (self.t("length"), f"{self.num(props['length_km'])} km"), *lifespan,
                (self.t("note"), note(props, self.lang)), (self.t("source"), props["source"])]
        return title, subtitle, rows, f"{self.regime_label(props['established_by'])}: {title}"

    def territory_popup(self, props: dict[str, Any]) -> Popup:
        region = name(props, self.lang)
        status = self.t(f"status.{props['status']}")
        held = " → ".join(self.t(f"status.{s}") if f"status.{s}" in _STATUS_KEYS else s
                          for s in (props["from_state"], props["to_state"]))
        reading = self.t(f"reading.{props['reading']}")
        if props["alternative"]:
            reading += f"; {self.t('map.alternative')}"
        rows = [(self.t("status"), status), (self.t("held"), held),
                (self.t("reading"), reading), (self.t("area"), f"{self.num(props['area_km2'])} km²"),
                *self.lifespan_rows(props["id"], props),
                (self.t("note"), note(props, self.lang)), (self.t("source"), props["source"])]
        return (region, self.regime_label(props["established_by"]), rows,
                f"{region}: {status}, {self.num(props['area_km2'])} km²")

    def _written(self, written: str | None, calendar: str | None) -> str:
        if not written:
            return ""
        shown = self.day(written)
        if calendar == "julian":
            shown += f" {self.t('os')}"
        return shown

    def place_popup(self, props: dict[str, Any]) -> Popup:
        title = name(props, self.lang)
        kind = self.t(f"kind.{props['kind']}")
        others = " · ".join(props[f"name_{lang}"] for lang in ("en", "ru", "zh", "tr")
                            if lang != self.lang)
        rows = [(self.t("place"), kind),
                (self.t("map.founded"), self._written(props["founded"], props["calendar"])),
                (self.t("map.abandoned"), self._written(props["abandoned"], props["calendar"])),
                (self.t("note"), note(props, self.lang)),
                (self.t("position"),
                 f"±{self.num(props['accuracy_km'], None)} km ({props['position_source']})"
                 + (f"; {self.t('approximate_position')}" if props["approximate"] else "")),
                (self.t("source"), props["source"])]
        return title, others, rows, f"{title} ({kind})"

    def event_popup(self, props: dict[str, Any]) -> Popup:
        title = name(props, self.lang, "title")
        if props["date_julian"] != props["date_gregorian"]:
            when = self._dates(props["date_julian"], props["date_gregorian"])
        else:
            when = self._written(props["date"], props["calendar"])
        rows = [(self.t("date"), when), (self.t("place"), self.place_name(props["place"])),
                (self.t("note"), note(props, self.lang))]
        for regime in self.index["regimes"]:  # a treaty's signing: its articles, summarised
            if (regime["signed"]["place"], regime["signed"]["gregorian"]) == (props["place"],
                                                                             props["date_gregorian"]):
                rows += [(f"{self.t('article')} {a['number']}", a["summary_tr"] if self.lang == "tr"
                          else a["summary"]) for a in regime["articles"]]
        rows.append((self.t("source"), props["source"]))
        return title, "", rows, f"{self.day(props['date'])}: {title}"

    def route_popup(self, props: dict[str, Any]) -> Popup:
        title = name(props, self.lang)
        start = self._written(props["date"], props["calendar"])
        if props["until"]:
            start += f" – {self._written(props['until'], props['calendar'])}"
        leg = (f"{props['leg']}: {self.place_name(props['from'])} – {self.place_name(props['to'])}, "
               f"{self.t('route.' + props['mode'])}")
        rows = [(self.t("route.dates"), start), (self.t("route.people"), ", ".join(props["people"])),
                (self.t("route.vessel"), name(props, self.lang, "vessel")), (self.t("route.leg"), leg),
                (self.t("length"), f"{self.num(props['length_km'])} km"),
                (self.t("note"), note(props, self.lang)), (self.t("source"), props["source"])]
        return title, "", rows, f"{title} ({self.day(props['date'])})"

    def proposal_popup(self, props: dict[str, Any]) -> Popup:
        title = name(props, self.lang)
        if props["date_julian"] != props["date_gregorian"]:
            when = self._dates(props["date_julian"], props["date_gregorian"])
        else:
            when = self._written(props["date"], props["calendar"])
        subtitle = f"{self.t('claim.' + props['proposal_kind'])}, {when}"
        rows = [(self.t("claim.by"), self.t("claim." + props["by"])),
                (self.t("status"), self.t("claim.never")),
                (self.t("claim.line"), f"{self.place_name(props['from'])} – {self.place_name(props['to'])}"),
                (self.t("precision"), self.t(f"precision.{props['precision']}")),
                (self.t("claim.settled_by"), self.regime_label(props["settled_by"])),
                (self.t("note"), note(props, self.lang)), (self.t("source"), props["source"])]
        return title, subtitle, rows, f"{title}: {when}"

    def river_popup(self, props: dict[str, Any]) -> Popup:
        title = name(props, self.lang)
        rows = [(self.t("length"), f"{self.num(props['length_km'])} km ({self.t('published')}: "
                                   f"{self.num(props['published_length_km'])} km)"),
                (self.t("precision"), self.t(f"river.{props['precision']}")),
                (self.t("note"), note(props, self.lang)), (self.t("source"), props["source"])]
        return title, "", rows, title

    def modern_popup(self, props: dict[str, Any]) -> Popup:
        title = name(props, self.lang)
        rows = [(self.t("length"), f"{self.num(props['length_km'])} km"),
                (self.t("note"), note(props, self.lang)), (self.t("source"), props["source"])]
        return title, "", rows, title


#: A popup: title, subtitle, rows of (label, value), tooltip; all plain text.
Popup = tuple[str, str, list[tuple[str, str]], str]
_STATUS_KEYS = {f"status.{s}" for s in (*style.STATUS_COLORS, "contested")}
#: Circle markers for places and events (Leaflet path options).
PLACE_MARKER, EVENT_MARKER = style.PLACE_MARKER, style.EVENT_MARKER
#: How a segment that began or ended at a change is marked on a comparison: a broad band
#: under the segment, which keeps the colour of the treaty that drew it.
CHANGED_HALO = {"color": style.CHANGED_COLOR, "weight": 11, "opacity": 0.4, "lineCap": "round"}
#: How a territory that changed hands at a change is outlined on a comparison.
CHANGED_TERRITORY = {"color": style.CHANGED_COLOR, "weight": 3.0, "opacity": 0.9, "fillOpacity": 0.5}
#: What the browser reads of each feature: its id, and when it was in force or existed.
LIFESPAN = ("id", "valid_from", "valid_until")


def _layer(kit: Any, features: list[dict[str, Any]], name_: str, style_of: Any,
           popup: Any = None, keep: tuple[str, ...] = ("id",), **kwargs: Any) -> Any:
    """A :class:`~bordermap.maps.elements.DataLayer` of ``features``: geometry quantised and
    encoded, one style index and popup record per feature, ``keep`` properties kept."""
    from bordermap.maps.elements import DataLayer

    styles: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    out = []
    for f in features:
        look = style_of(f)
        key = json.dumps(look, sort_keys=True)
        if key not in seen:
            seen[key] = len(styles)
            styles.append(look)
        props: dict[str, Any] = {k: f["properties"][k] for k in keep if k in f["properties"]}
        if seen[key]:
            props["s"] = seen[key]
        if popup is not None:
            title, subtitle, rows, tooltip = popup(f["properties"])
            props["p"] = kit.popup(title, subtitle, rows)
            if tooltip != title:
                props["t"] = kit.ref(tooltip)
        geometry = f["geometry"]
        if geometry["type"] != "GeometryCollection":
            geometry = encode_geometry({"type": geometry["type"],
                                        "coordinates": _quantise(geometry["coordinates"])},
                                       MAP_DECIMALS)
        out.append({"type": "Feature", "properties": props, "geometry": geometry})
    return DataLayer(kit, {"type": "FeatureCollection", "features": out}, styles,
                     name_, interactive=popup is not None, **kwargs)


def _of_kind(features: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [f for f in features if f["properties"]["kind"] == kind]


def _border_look(f: dict[str, Any]) -> dict[str, Any]:
    """A segment in the colour of the treaty that drew it; emphasised where ``own`` is
    true or absent (the combined map), lighter where an earlier treaty drew it."""
    p = f["properties"]
    return style.border_style(p["established_by"], p["precision"], own=p.get("own", True))


def _territory_look(f: dict[str, Any]) -> dict[str, Any]:
    return style.territory_style(f["properties"]["status"], f["properties"]["alternative"])


def _changed_hands(props: dict[str, Any]) -> bool:
    """A territory passed to another holder; a second reading (``alternative``) is not counted."""
    return props["from_state"] != props["to_state"] and not props["alternative"]


def _time_layers(data: MapData, kit: Any, features: list[dict[str, Any]],
                 keep: tuple[str, ...] = ("id",), changed: tuple[str, ...] = (),
                 day: str | None = None) -> tuple[Any, Any]:
    """The border and the territories of ``features`` (timeline or regime layer features):
    two layers, (borders, territories); territories whose id is in ``changed`` and that
    changed hands are outlined; with a ``day``, what held on it is drawn at first."""

    def territory_look(f: dict[str, Any]) -> dict[str, Any]:
        look = _territory_look(f)
        if f["id"] in changed and _changed_hands(f["properties"]):
            look |= CHANGED_TERRITORY
        return look

    borders = _layer(kit, _of_kind(features, "border"), data.t("map.border_layer"), _border_look,
                     data.border_popup, keep=keep, day=day)
    territories = _layer(kit, _of_kind(features, "territory"), data.t("map.territory_layer"),
                         territory_look, data.territory_popup, keep=keep, day=day)
    return borders, territories


def _base_layers(data: MapData, kit: Any, m: Any, offline: bool) -> None:
    """The basemap: offline, the vector one (:mod:`bordermap.maps.basemap`); online, tiles,
    and the vector one if they cannot load. The credits, in either case."""
    from bordermap.maps.basemap import Credits, TileFallback, VectorBasemap, vector_basemap
    from bordermap.maps.page import TileLayer

    basemap = VectorBasemap(vector_basemap(data), show=offline)
    m.add_child(basemap)
    if not offline:
        import xyzservices.providers as xyz

        tiles = [TileLayer(xyz.Esri.WorldGrayCanvas, name=data.t("plain"), max_zoom=MAX_ZOOM),
                 TileLayer(xyz.OpenTopoMap, name=data.t("terrain"), max_zoom=MAX_ZOOM, show=False,
                           overlay=False)]
        for tile in tiles:
            tile.add_to(m)
        m.add_child(TileFallback(tiles, basemap, data.t("map.tiles_failed"), style.WATER_COLOR))
    m.add_child(Credits(data.t("map.credit_basemap"), data.t("map.credit_data"),
                        label=data.t("map.credits")))


def blank_map(bounds: list[list[float]], right: int = 0, lang: str = "en",
              fit: tuple[int, int] = (0, 0), pan: list[list[float]] | None = None,
              **kwargs: Any) -> Any:
    """A folium map with bordermap's options, on a page in ``lang``, opening on ``bounds``
    ([[south, west], [north, east]], degrees), with nothing on it, that may pan within
    ``pan`` (the same form; None: :data:`~bordermap.layers.crs.BASEMAP_BBOX`); on a wide screen,
    ``right`` pixels on the right are left for the legend, and ``fit`` = (top, bottom)
    pixels for the caption and the date slider (:class:`~bordermap.maps.elements.FitView`)."""
    from bordermap.layers.crs import BASEMAP_BBOX
    from bordermap.maps.elements import FitView
    from bordermap.maps.page import Map, on_page

    west, south, east, north = BASEMAP_BBOX
    if pan is not None:
        (south, west), (north, east) = pan
    # Canvas draws the many paths of these maps faster than SVG, popups and all
    m = Map(location=[50.0, 118.0], zoom_start=4, tiles=None, min_zoom=MIN_ZOOM,
                   max_zoom=MAX_ZOOM, control_scale=True, prefer_canvas=True,
                   max_bounds=True, zoom_snap=ZOOM_SNAP, min_lat=south,
                   max_lat=north, min_lon=west, max_lon=east, lang=lang, **kwargs)
    on_page(m, lang)
    # fitted before any layer is added, so that each layer is projected only once
    m.add_child(FitView(bounds, right, *fit))
    return m


#: Pixels left for the legend on the right of a wide single map when it opens.
LEGEND_WIDTH = 270


def _new_map(data: MapData, offline: bool, bounds: list[list[float]], right: int = LEGEND_WIDTH,
             fit: tuple[int, int] = (0, 0), **kwargs: Any) -> tuple[Any, Any]:
    """A :func:`blank_map` with its basemap, and the
    :class:`~bordermap.maps.elements.MapKit` its layers are drawn with."""
    from bordermap.maps.basemap import max_bounds
    from bordermap.maps.elements import MapKit

    m = blank_map(bounds, right, data.lang, fit, pan=max_bounds(data), **kwargs)
    kit = MapKit()
    m.add_child(kit)
    _base_layers(data, kit, m, offline)
    return m, kit


def _places(data: MapData, start: str | None = None, end: str | None = None) -> list[dict[str, Any]]:
    """The places of the gazetteer (not its markers) that existed at some time from ``start``
    until ``end`` (the first day after; None: open)."""
    out = []
    for f in data.layers["places"]:
        p = f["properties"]
        if p["kind"] == "marker":
            continue
        if end is not None and p["valid_from"] is not None and p["valid_from"] >= end:
            continue
        if start is not None and p["valid_until"] is not None and p["valid_until"] <= start:
            continue
        out.append(f)
    return out


def _context_layers(data: MapData, kit: Any, m: Any, places: list[dict[str, Any]],
                    keep: tuple[str, ...] = ("id",), day: str | None = None) -> dict[str, Any]:
    """Rivers, Lake Khanka, today's border and ``places`` (with a ``day``, those that existed
    then drawn at first), added to ``m``; by role."""
    layers = {
        "rivers": _layer(kit, data.layers["rivers"], data.t("rivers"),
                         lambda f: style.river_style(f["properties"]["id"]), data.river_popup),
        "lake": _layer(kit, data.layers["lakes"], data.t("lake"), lambda f: style.LAKE_STYLE),
        "modern": _layer(kit, data.layers["modern"], data.t("modern"), lambda f: style.modern_style(),
                         data.modern_popup),
        "places": _layer(kit, places, data.t("places"), lambda f: PLACE_MARKER, data.place_popup,
                         keep=keep, day=day),
    }
    for layer in layers.values():
        layer.add_to(m)
    return layers


def journey_layers(data: MapData, kit: Any, m: Any, day: str | None,
                   show: bool = False) -> dict[str, Any]:
    """The routes and the proposed lines (claims), added to ``m`` as two layers the layer
    control lists, off unless ``show``; with a ``day``, only those made by then drawn at
    first (the date slider shows each from its ``date_first``). By role."""
    layers = {
        "routes": _layer(kit, data.layers.get("routes", []), data.t("routes"),
                         lambda f: style.route_style(f["properties"]["precision"]), data.route_popup,
                         keep=("id", "route", "date_first"), day=day, show=show),
        "proposals": _layer(kit, data.layers.get("proposals", []), data.t("claims"),
                            lambda f: style.claim_style(f["properties"]["by"], f["properties"]["precision"]),
                            data.proposal_popup, keep=("id", "proposal", "date_first"), day=day, show=show),
    }
    for layer in layers.values():
        layer.add_to(m)
    return layers


#: The least zoom a place's name shows at, by kind (others: LABEL_ZOOM_OTHER); rivers'.
LABEL_ZOOM = {"city": 4, "town": 4, "fort": 4, "treaty-site": 4, "post": 5, "strait": 5, "village": 6}
LABEL_ZOOM_OTHER, RIVER_ZOOM, MINOR_RIVER_ZOOM = 7, 3, 5


def _midpoint(geometry: dict[str, Any]) -> tuple[float, float]:
    """The point halfway along a line (the longest part of a multi-line), lon/lat."""
    import shapely

    shape = shapely.geometry.shape(geometry)
    parts = [g for g in shapely.get_parts(shape) if g.geom_type == "LineString"]
    longest = max(parts, key=lambda g: g.length)
    point = longest.interpolate(0.5, normalized=True)
    return round(point.x, MAP_DECIMALS), round(point.y, MAP_DECIMALS)


def _labels(data: MapData, borders: tuple[Any, list[dict[str, Any]]],
            places: tuple[Any, list[dict[str, Any]]], rivers: list[dict[str, Any]]) -> Any:
    """Names for the map, most important first: each treaty's line (on its segments, shown
    while the segment is), the Amur and the Ussuri, the places (while they exist), the other
    rivers. ``borders`` and ``places`` are (the DataLayer, its features)."""
    from bordermap.maps.elements import Labels

    border_layer, border_features = borders
    place_layer, place_features = places
    lines = []
    for f in sorted(_of_kind(border_features, "border"), key=lambda f: -f["properties"]["length_km"]):
        lon, lat = _midpoint(f["geometry"])
        lines.append([data.regime_label(f["properties"]["established_by"]), lon, lat, "line", MIN_ZOOM,
                      border_layer.get_name(), f["id"]])
    major, minor = [], []
    for f in rivers:
        lon, lat = _midpoint(f["geometry"])
        if f["id"] in style.RIVER_MAJOR:
            major.append([name(f["properties"], data.lang), lon, lat, "river", RIVER_ZOOM, None, None])
        else:
            minor.append([name(f["properties"], data.lang), lon, lat, "river", MINOR_RIVER_ZOOM, None, None])
    named = []
    for f in sorted(place_features, key=lambda f: LABEL_ZOOM.get(f["properties"]["kind"], LABEL_ZOOM_OTHER)):
        lon, lat = f["geometry"]["coordinates"]
        named.append([name(f["properties"], data.lang), round(lon, MAP_DECIMALS), round(lat, MAP_DECIMALS),
                      "place", LABEL_ZOOM.get(f["properties"]["kind"], LABEL_ZOOM_OTHER),
                      place_layer.get_name(), f["id"]])
    out = lines + major + named + minor
    return Labels(out)


def _line(label: str, s: dict[str, Any]) -> dict[str, Any]:
    return {"label": label, "kind": "line", "color": s["color"], "dash": s.get("dashArray"),
            "weight": s["weight"], "opacity": s.get("opacity", 1.0)}


def _legend(data: MapData, features: list[dict[str, Any]], events: bool = False,
            changed: bool = False, journeys: bool = False) -> Any:
    """The legend of a map drawing ``features`` (borders and territories): the colour of each
    treaty that drew a segment (and, where one is drawn as inherited, that style), the
    statuses of the territories, the precisions and the other layers."""
    from bordermap.maps.elements import Legend

    borders = [f["properties"] for f in _of_kind(features, "border")]
    treaties = []
    for rid in dict.fromkeys(r["id"] for r in data.index["regimes"]):
        drawn = [p for p in borders if p["established_by"] == rid]
        if any(p.get("own", True) for p in drawn):
            treaties.append(_line(data.regime_label(rid), style.border_style(rid, "described")))
        if any(not p.get("own", True) for p in drawn):
            treaties.append(_line(f"{data.regime_label(rid)}: {data.t('map.inherited')}",
                                  style.border_style(rid, "described", own=False)))
    territories = [f["properties"] for f in _of_kind(features, "territory")]
    present = {p["status"] for p in territories if not p["alternative"]}
    statuses = [{"label": data.t(f"status.{s}"), "kind": "fill", "color": c}
                for s, c in style.STATUS_COLORS.items() if s in present]
    for s, r in dict.fromkeys((p["status"], p["reading"]) for p in territories if p["alternative"]):
        label = f"{data.t(f'status.{s}')} — {data.t(f'reading.{r}')}; {data.t('map.alternative')}"
        statuses.append(_line(label, style.territory_style(s, alternative=True)))
    precisions = [_line(data.t(f"precision.{p}"), style.border_style("modern", p) | {"color": "#444444"})
                  for p in style.PRECISION_DASH]
    other = []
    if changed:
        other += [_line(data.t("map.changed_line"), CHANGED_HALO),
                  {"label": data.t("map.changed_territory"), "kind": "fill", "color": style.CHANGED_COLOR}]
    other += [_line(data.t("major_rivers"), style.river_style("amur")),
              _line(data.t("minor_rivers"), style.river_style("zeya")),
              {"label": data.t("lake"), "kind": "fill", "color": style.LAKE_COLOR},
              _line(data.t("modern"), style.modern_style()),
              {"label": data.t("places"), "kind": "dot", "color": style.PLACE_COLOR}]
    if events:
        other.append({"label": data.t("events"), "kind": "dot", "color": style.EVENT_COLOR})
    if journeys:  # the routes and the claims, as their layers draw them
        other += [_line(data.t("routes"), style.route_style("generalised")),
                  *(_line(f"{data.t('claims')} ({data.t('claim.' + by)})", style.claim_style(by, "described"))
                    for by in style.CLAIM_COLORS)]
    return Legend(data.t("legend"), [(data.t("treaties"), treaties), (data.t("statuses"), statuses),
                                     (data.t("precisions"), precisions), (data.t("other"), other)])


def _finish(m: Any, offline: bool) -> str:
    from bordermap.maps.elements import Caption, OfflineAssets

    figure = m.get_root()
    # the page's title: the map's caption (the combined map's title, the regime's name)
    figure.title = next(c.title for c in m._children.values() if isinstance(c, Caption))
    # online maps too: only their tiles need the network (see bordermap.maps.basemap)
    OfflineAssets(style.WATER_COLOR).add_to(figure)
    return figure.render()


#: How a user's layer is drawn: paths, and circle markers for points.
USER_STYLE = {"color": "#e7298a", "weight": 2.5, "fillOpacity": 0.25}
USER_MARKER = {"radius": 5, "color": "#ffffff", "weight": 1, "fill": True, "fillColor": "#e7298a",
               "fillOpacity": 0.9}


def _user_layer(kit: Any, path: Path, collection: dict[str, Any]) -> Any:
    def popup(props: dict[str, Any]) -> Popup:
        rows = [(str(k), json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else str(v))
                for k, v in list(props.items())[:20]]
        title = str(props.get("name") or path.stem)
        return title, "", rows, title

    def look(f: dict[str, Any]) -> dict[str, Any]:
        return USER_MARKER if f["geometry"]["type"] in ("Point", "MultiPoint") else USER_STYLE

    return _layer(kit, collection["features"], path.stem, look, popup, keep=())


def _user_layers(data: MapData, kit: Any, m: Any) -> list[Any]:
    layers = [_user_layer(kit, path, collection) for path, collection in data.added]
    for layer in layers:
        layer.add_to(m)
    return layers


def _signed(data: MapData, rid: str) -> str:
    """When and where a treaty was signed, in both calendars."""
    signed = data.regimes[rid]["signed"]
    return (f"{data.t('signed')}: {data._dates(signed['julian'], signed['gregorian'])}, "
            f"{data.place_name(signed['place'])}")


#: The combined map opens on this view ([[south, west], [north, east]], degrees) and year.
COMBINED_BOUNDS = [[38.0, 75.0], [58.0, 142.0]]
START_YEAR = 1860
#: Pixels a map leaves free when it opens: at the top for a caption line, at the bottom
#: for the date slider.
CAPTION_HEIGHT, SLIDER_HEIGHT = 50, 170


def timed_content(data: MapData, kit: Any, m: Any, day: str,
                  keep: tuple[str, ...] = LIFESPAN) -> tuple[Any, Any, dict[str, Any], Any]:
    """What a map on the time model draws, added to ``m``: the border and territories of the
    timeline (with the properties ``keep``), the rivers, lake, today's border and places
    (:func:`_context_layers`), and the events; those that held on ``day`` drawn at first.
    Returns (borders, territories, context, events)."""
    borders, territories = _time_layers(data, kit, data.layers["timeline"], keep=keep, day=day)
    borders.add_to(m)
    territories.add_to(m)
    context = _context_layers(data, kit, m, _places(data), keep=LIFESPAN, day=day)
    events = _layer(kit, data.layers["events"], data.t("events"), lambda f: EVENT_MARKER,
                    data.event_popup, keep=("id", "date_first"), day=day)
    events.add_to(m)
    return borders, territories, context, events


def combined_map(data: MapData, offline: bool) -> str:
    """HTML of the combined map: the border, territories, places and events on the last day
    of the year the slider shows (drawn from the timeline layer), and the legend."""
    from bordermap.maps.elements import Caption, Foldable, Stack, YearSlider
    from bordermap.maps.page import LayerControl

    m, kit = _new_map(data, offline, COMBINED_BOUNDS, fit=(CAPTION_HEIGHT, SLIDER_HEIGHT))
    stops = data.slider_stops()
    opening = max((i for i, s in enumerate(stops) if s["year"] <= START_YEAR), default=0)
    day = stops[opening]["day"]  # drawn at first: each feature is projected once
    timeline = data.layers["timeline"]
    borders, territories, context, events = timed_content(data, kit, m, day)
    journeys = journey_layers(data, kit, m, day)
    users = _user_layers(data, kit, m)
    control = LayerControl(collapsed=False)
    control.add_to(m)
    m.add_child(Foldable(control, data.t("map.layers")))
    m.add_child(Stack([territories, context["rivers"], context["lake"],
                       context["modern"], journeys["routes"], *users, journeys["proposals"], borders,
                       context["places"], events]))
    treaties = [{"label": data.regime_label(r["id"]), "from": r["in_force"]["from"],
                 "until": r["in_force"]["until"]} for r in data.index["regimes"]]
    labels = {"year": data.t("year"), "inForce": data.t("in_force"), "none": data.t("no_treaty"),
              "label": data.t("slider_label"), "previous": data.t("map.previous_change"),
              "next": data.t("map.next_change"), "changes": data.t("map.changes")}
    timed = {"territories": territories, "borders": borders, "places": context["places"],
             "events": events, "routes": journeys["routes"], "proposals": journeys["proposals"]}
    labels["frames"] = [data.t("map.as_on").split("{date}"), data.t("map.as_on_last").split("{date}")]
    labels["os"], labels["ns"] = data.t("os"), data.t("ns")
    m.add_child(YearSlider(timed, treaties, stops, opening, labels))
    m.add_child(_labels(data, (borders, timeline), (context["places"], _places(data)),
                        data.layers["rivers"]))
    m.add_child(_legend(data, timeline, events=True, journeys=True))
    m.add_child(Caption(data.t("title")))
    return _finish(m, offline)


def _period(data: MapData, rid: str) -> tuple[str | None, str | None]:
    period = data.regimes[rid].get("period") or {}
    return period.get("from"), period.get("until")


def regime_map(data: MapData, rid: str, offline: bool) -> str:
    """HTML of one regime's map, opening on its own extent: the whole border and every
    territory of its period, its own segments emphasised, the places of its period."""
    from bordermap.maps.elements import Caption, Foldable, Stack
    from bordermap.maps.page import LayerControl

    features = data.layers[rid]
    m, kit = _new_map(data, offline, _bounds(features), fit=(2 * CAPTION_HEIGHT, 40))
    borders, territories = _time_layers(data, kit, features)
    borders.add_to(m)
    territories.add_to(m)
    context = _context_layers(data, kit, m, _places(data, *_period(data, rid)))
    users = _user_layers(data, kit, m)
    control = LayerControl(collapsed=False)
    control.add_to(m)
    m.add_child(Foldable(control, data.t("map.layers")))
    m.add_child(Stack([territories, context["rivers"], context["lake"], context["modern"], *users,
                       borders, context["places"]]))
    m.add_child(_legend(data, features))
    m.add_child(_labels(data, (borders, features), (context["places"], _places(data, *_period(data, rid))),
                        data.layers["rivers"]))
    lines = [_signed(data, rid)]
    if data.period_text(rid):
        lines.append(f"{data.t('map.period_shown')}: {data.period_text(rid)}")
    m.add_child(Caption(data.regime_label(rid), *lines))
    return _finish(m, offline)


def _km(data: MapData, value: float) -> str:
    return f"{data.num(value)} km"


def change(data: MapData, before: str, after: str) -> dict[str, Any]:
    """What changed when ``after``'s period began: the ids of the segments and territories of
    ``before``'s layer that ended that day and of ``after``'s that began; the area of the
    territories that changed hands (their holder before is not their holder after), km² by
    status; the length of the line that ended and of the new line, km."""
    day = data.regimes[after]["period"]["from"]
    ended = [f for f in data.layers[before] if f["properties"]["valid_until"] == day]
    began = [f for f in data.layers[after] if f["properties"]["valid_from"] == day]
    areas: dict[str, int] = {}
    for f in _of_kind(began, "territory"):
        if _changed_hands(f["properties"]):
            status = f["properties"]["status"]
            areas[status] = areas.get(status, 0) + f["properties"]["area_km2"]
    return {"day": day, "ended": [f["id"] for f in ended], "began": [f["id"] for f in began],
            "areas": areas,
            "ended_km": sum(f["properties"]["length_km"] for f in _of_kind(ended, "border")),
            "began_km": sum(f["properties"]["length_km"] for f in _of_kind(began, "border"))}


def _change_lines(data: MapData, what: dict[str, Any]) -> list[str]:
    if what["areas"]:
        areas = "; ".join(f"{data.t(f'status.{s}')} {data.num(a)} km²" for s, a in what["areas"].items())
        lines = [f"{data.t('changed')}: {areas}"]
    else:
        lines = [data.t("map.no_territory")]
    lengths = [f"{data.t(key)}: {_km(data, what[km])}" for key, km in
               (("map.new_line", "began_km"), ("map.ended_line", "ended_km")) if what[km]]
    if lengths:
        lines.append(" · ".join(lengths))
    return lines


def compare_map(data: MapData, before: str, after: str, offline: bool) -> str:
    """HTML of two maps side by side, synchronised: the whole border of each period, the
    segments that ended (before) or began (after) at the change marked, the territory that
    changed hands outlined, and its area in the caption."""
    from bordermap.maps.elements import Caption, Stack, SyncMaps
    from bordermap.maps.page import LayerControl, Page

    figure = Page(data.lang, f"{data.regime_label(before)} → {data.regime_label(after)}")
    maps = []
    what = change(data, before, after)
    bounds = _bounds(data.layers[before] + data.layers[after])
    for side, rid, left in (("before", before, "0%"), ("after", after, "50%")):
        features = data.layers[rid]
        marked = set(what["ended"] if side == "before" else what["began"])
        m, kit = _new_map(data, offline, bounds, 0, width="50%", height="100%", left=left,
                          top="0%", position="absolute")
        figure.add_child(m)
        halo = _layer(kit, [{"properties": {"id": f["id"], "halo": True}, "geometry": f["geometry"]}
                            for f in _of_kind(features, "border") if f["id"] in marked],
                      data.t("map.changed_line"), lambda f: CHANGED_HALO, keep=("id", "halo"),
                      control=False)
        borders, territories = _time_layers(data, kit, features,
                                            changed=tuple(marked) if side == "after" else ())
        borders.add_to(m)
        territories.add_to(m)
        context = _context_layers(data, kit, m, _places(data, *_period(data, rid)))
        halo.add_to(m)
        LayerControl(collapsed=True).add_to(m)
        m.add_child(Stack([territories, context["rivers"], context["lake"], context["modern"],
                           halo, borders, context["places"]]))
        lines = [f"{data.t('map.period_shown')}: {data.period_text(rid)}"]
        if side == "after":
            lines += _change_lines(data, what)
        m.add_child(Caption(f"{data.t(side)}: {data.regime_label(rid)}", *lines))
        maps.append(m)
    maps[1].add_child(_legend(data, data.layers[before] + data.layers[after], changed=True))
    maps[1].add_child(SyncMaps(maps[0], maps[1]))
    from bordermap.maps.elements import OfflineAssets

    OfflineAssets(style.WATER_COLOR).add_to(figure)  # online maps too: only tiles need the network
    return figure.render()


def _bounds(features: list[dict[str, Any]]) -> list[list[float]]:
    import shapely

    shapes = [shapely.geometry.shape(f["geometry"]) for f in features]
    west, south, east, north = shapely.GeometryCollection(shapes).bounds
    return [[south, west], [north, east]]


def map_names(data: MapData) -> dict[str, tuple[str, ...]]:
    """The file of every map and what it draws: ``index.html``; ``<regime-id>.html`` for
    each regime with a layer; ``compare-<year>-<year>.html`` for each pair of consecutive
    regime periods, named by the years their treaties were signed."""
    names: dict[str, tuple[str, ...]] = {"index.html": ()}
    for r in data.index["regimes"]:
        if r["file"]:
            names[f"{r['id']}.html"] = (r["id"],)
    for before, after in data.comparisons():
        names[f"compare-{data.regime_year(before)}-{data.regime_year(after)}.html"] = (before, after)
    return names


def build_maps(layers: Path, out: Path, lang: str = "en", offline: bool = False,
               add: tuple[Path, ...] = (), images: Path | None = None,
               notebooks: Path | None = None) -> list[Path]:
    """Write every map into ``out``; ``add`` puts users' GeoJSON files on them too. The
    start page also links the static images in ``images`` and the notebooks in
    ``notebooks``, where those folders exist.

    Every map is rendered before the first file is written, and the maps are written as
    one set (:func:`bordermap.layers.fileset.write_set`). Returns the paths of the maps.
    """
    from bordermap.layers.fileset import write_set
    from bordermap.maps.start import more_sections, start_page
    from bordermap.maps.userlayer import read_user_layer

    added = tuple((path, read_user_layer(path)) for path in add)
    pages: dict[str, str] = {}
    with stable_ids():
        data = MapData.load(layers, lang)
        data.added = added
        names = map_names(data)
        for file, regimes in names.items():
            if not regimes:
                pages[file] = combined_map(data, offline)
            elif len(regimes) == 1:
                pages[file] = regime_map(data, regimes[0], offline)
            else:
                pages[file] = compare_map(data, *regimes, offline)
        pages["start.html"] = start_page(data, names, more_sections(data, out, images, notebooks),
                                         story=(out / "story.html").is_file(),
                                         handout=(out / "story.pdf").is_file())
    write_set(out, {name: page.encode("utf-8") for name, page in pages.items()})
    return [out / name for name in pages]
