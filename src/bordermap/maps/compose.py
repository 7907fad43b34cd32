"""``bordermap maps``: layered interactive Folium maps, built from ``layers/`` only.

Writes ``index.html`` (all regimes, a year slider, every layer), one map per regime
(``<regime-id>.html``) and a side-by-side comparison for each treaty that changed the
line (``compare-<before>-<after>.html``). Online maps use xyzservices tiles; offline
maps are single self-contained files with a vector basemap from the project's own data.
Geometry is quantised to :data:`MAP_DECIMALS` places (about 100 m), which suits the zoom
levels offered (:data:`MIN_ZOOM` to :data:`MAX_ZOOM`). Element ids are numbered, not
random, so two runs write the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bordermap import style
from bordermap.errors import BordermapError
from bordermap.i18n import LANGS, localised, name, note, text
from bordermap.maps.elements import JSON_DUMPS, encode_geometry

MAP_DECIMALS = 3
MIN_ZOOM, MAX_ZOOM = 3, 10
#: Treaties that changed the line: (before, after), compared side by side.
COMPARISONS = (("nerchinsk-1689", "aigun-1858"), ("aigun-1858", "peking-1860"),
               ("nerchinsk-1689", "kyakhta-1727"))


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

    def period(self) -> tuple[int, int]:
        """The first and the last year the layers speak of: the year the first regime
        came into force, and the last year of any regime's dates or any event. The year
        slider spans it, so the same layers always give the same page."""
        regimes = [r["in_force"] for r in self.index["regimes"]]
        first = min(int(r["from"][:4]) for r in regimes)
        years = [int(d[:4]) for r in regimes for d in (r["from"], r["until"]) if d]
        years += [int(f["properties"]["year"]) for f in self.layers["events"]]
        return first, max(years)

    @property
    def regimes(self) -> dict[str, dict[str, Any]]:
        return {r["id"]: r for r in self.index["regimes"]}

    def regime_label(self, rid: str) -> str:
        regime = self.regimes[rid]
        return f"{localised(regime['name'], self.lang)} ({regime['signed']['gregorian'][:4]})"

    def place_name(self, pid: str) -> str:
        for f in self.layers["places"]:
            if f["id"] == pid:
                return name(f["properties"], self.lang)
        return pid

    # -- popups: (title, subtitle, rows, tooltip), plain text; the page sets it as text --

    def _dates(self, julian: str, gregorian: str) -> str:
        if julian == gregorian:
            return julian
        return f"{julian} {self.t('os')} / {gregorian} {self.t('ns')}"

    def regime_rows(self, rid: str) -> list[tuple[str, str]]:
        r = self.regimes[rid]
        until = r["in_force"]["until"] or self.t("to_this_day")
        return [
            (self.t("signed"), f"{self._dates(r['signed']['julian'], r['signed']['gregorian'])}, "
                               f"{self.place_name(r['signed']['place'])}"),
            (self.t("signatories"), ", ".join(r["signatories"])),
            (self.t("in_force_period"), f"{r['in_force']['from']} – {until}"),
        ]

    def article_text(self, rid: str, number: str) -> str:
        for a in self.regimes[rid]["articles"]:
            if a["number"] == number:
                summary = a["summary_tr"] if self.lang == "tr" else a["summary"]
                return f"{number}: {summary}"
        return number

    def border_popup(self, props: dict[str, Any]) -> Popup:
        rid = props["regime"]
        title = self.regime_label(rid)
        precision = self.t(f"precision.{props['precision']}")
        rows = [(self.t("article"), self.article_text(rid, props["article"])),
                (self.t("precision"), f"{precision} ({self.t('segment.' + props['segment_kind'])})"),
                (self.t("length"), f"{props['length_km']:,.0f} km"),
                (self.t("note"), note(props, self.lang)),
                *self.regime_rows(rid), (self.t("source"), props["source"])]
        return title, "", rows, f"{title}: {precision}"

    def territory_popup(self, props: dict[str, Any]) -> Popup:
        rid = props["regime"]
        region = name(props, self.lang)
        status = self.t(f"status.{props['status']}")
        held = " → ".join(self.t(f"status.{s}") if f"status.{s}" in _STATUS_KEYS else s
                          for s in (props["from_state"], props["to_state"]))
        rows = [(self.t("status"), status), (self.t("held"), held),
                (self.t("area"), f"{props['area_km2']:,} km²"),
                (self.t("note"), note(props, self.lang)),
                *self.regime_rows(rid), (self.t("source"), props["source"])]
        return (region, self.regime_label(rid), rows,
                f"{region}: {status}, {props['area_km2']:,} km²")

    def place_popup(self, props: dict[str, Any]) -> Popup:
        title = name(props, self.lang)
        kind = self.t(f"kind.{props['kind']}")
        others = " · ".join(props[f"name_{lang}"] for lang in ("en", "ru", "zh", "tr")
                            if lang != self.lang)
        rows = [(self.t("place"), kind + (f", {props['year']}" if props.get("year") else "")),
                (self.t("note"), note(props, self.lang)),
                (self.t("source"), props["source"] + (f"; {self.t('approximate_position')}"
                                                      if props["approximate"] else ""))]
        return title, others, rows, f"{title} ({kind})"

    def event_popup(self, props: dict[str, Any]) -> Popup:
        title = name(props, self.lang, "title")
        when = self._dates(props["date_julian"], props["date_gregorian"])
        rows = [(self.t("date"), when), (self.t("place"), self.place_name(props["place"])),
                (self.t("note"), note(props, self.lang)), (self.t("source"), props["source"])]
        return title, "", rows, f"{props['date']}: {title}"

    def river_popup(self, props: dict[str, Any]) -> Popup:
        title = name(props, self.lang)
        rows = [(self.t("length"), f"{props['length_km']:,.0f} km ({self.t('published')}: "
                                   f"{props['published_length_km']:,.0f} km)"),
                (self.t("precision"), self.t(f"river.{props['precision']}")),
                (self.t("note"), note(props, self.lang)), (self.t("source"), props["source"])]
        return title, "", rows, title

    def modern_popup(self, props: dict[str, Any]) -> Popup:
        title = name(props, self.lang)
        rows = [(self.t("length"), f"{props['length_km']:,.0f} km"),
                (self.t("note"), note(props, self.lang)), (self.t("source"), props["source"])]
        return title, "", rows, title


#: A popup: title, subtitle, rows of (label, value), tooltip; all plain text.
Popup = tuple[str, str, list[tuple[str, str]], str]
_STATUS_KEYS = {f"status.{s}" for s in (*style.STATUS_COLORS, "contested")}
#: Circle markers for places and events (Leaflet path options).
PLACE_MARKER = {"radius": 3.5, "color": "#ffffff", "weight": 1, "fill": True,
                "fillColor": style.PLACE_COLOR, "fillOpacity": 0.9}
EVENT_MARKER = PLACE_MARKER | {"radius": 5, "fillColor": style.EVENT_COLOR}


def _layer(kit: Any, features: list[dict[str, Any]], name_: str, style_of: Any,
           popup: Any = None, keep: tuple[str, ...] = (), **kwargs: Any) -> Any:
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


def _regime_group(data: MapData, kit: Any, rid: str, show: bool = True,
                  highlight: bool = False) -> Any:
    from bordermap.maps.page import FeatureGroup

    group = FeatureGroup(name=data.regime_label(rid), show=show)
    features = data.layers[rid]
    territories = [f for f in features if f["properties"]["kind"] == "territory"]
    borders = [f for f in features if f["properties"]["kind"] == "border"]

    def territory_style(f: dict[str, Any]) -> dict[str, Any]:
        s = style.territory_style(f["properties"]["status"])
        if highlight and f["properties"]["status"] == "ceded":
            s |= {"color": style.CHANGED_COLOR, "weight": 3.0, "fillOpacity": 0.5}
        return s

    if territories:
        _layer(kit, territories, f"{rid} territories", territory_style, data.territory_popup,
               control=False).add_to(group)
    _layer(kit, borders, f"{rid} borders",
           lambda f: style.border_style(f["properties"]["regime"], f["properties"]["precision"]),
           data.border_popup, control=False).add_to(group)
    return group


#: The offline maps' basemap is simplified further for the screen (degrees), and only
#: rivers longer than SCREEN_MIN_RIVER_DEG are kept: the named rivers are a layer of their own.
#: Islands and lakes smaller than SCREEN_MIN_AREA_DEG2 (square degrees; 0.01 is about 75 km²
#: at 50° N) are left out: specks at the zoom levels where they would show.
SCREEN_TOLERANCE_DEG = 0.04
SCREEN_MIN_RIVER_DEG = 2.5
SCREEN_MIN_AREA_DEG2 = 0.01


def _screen_basemap(features: list[dict[str, Any]]) -> list[dict[str, Any]]:
    import shapely
    from shapely.geometry import mapping

    out = []
    for f in features:
        shape = shapely.geometry.shape(f["geometry"])
        if f["properties"]["kind"] == "river":
            shape = shapely.MultiLineString([g for g in shapely.get_parts(shape)
                                             if g.length >= SCREEN_MIN_RIVER_DEG])
        else:
            shape = shapely.MultiPolygon([g for g in shapely.get_parts(shape)
                                          if g.area >= SCREEN_MIN_AREA_DEG2])
        shape = shape.simplify(SCREEN_TOLERANCE_DEG, preserve_topology=True)
        geometry = json.loads(json.dumps(mapping(shape)))
        out.append({"type": "Feature", "id": f["id"], "properties": f["properties"],
                    "geometry": geometry})
    return out


def _base_layers(data: MapData, kit: Any, m: Any, offline: bool) -> None:
    from bordermap.maps.page import TileLayer

    if offline:
        def base_style(f: dict[str, Any]) -> dict[str, Any]:
            kind = f["properties"]["kind"]
            if kind == "land":
                return {"fillColor": style.LAND_COLOR, "fillOpacity": 1.0, "color": "#9e9a8f",
                        "weight": 0.6}
            if kind == "lake":
                return {"fillColor": style.WATER_COLOR, "fillOpacity": 1.0, "color": "#9ab8cf",
                        "weight": 0.4}
            return {"color": "#9ab8cf", "weight": 0.6, "opacity": 0.8}

        _layer(kit, _screen_basemap(data.layers["basemap"]), data.t("basemap"), base_style,
               control=False).add_to(m)
        return
    import xyzservices.providers as xyz

    TileLayer(xyz.Esri.WorldGrayCanvas, name=data.t("plain"), max_zoom=MAX_ZOOM).add_to(m)
    TileLayer(xyz.OpenTopoMap, name=data.t("terrain"), max_zoom=MAX_ZOOM, show=False,
              overlay=False).add_to(m)


def blank_map(bounds: list[list[float]], **kwargs: Any) -> Any:
    """A folium map with bordermap's options, opening on ``bounds``
    ([[south, west], [north, east]], degrees), with nothing on it."""
    from bordermap.layers.crs import BASEMAP_BBOX
    from bordermap.maps.elements import FitView
    from bordermap.maps.page import Map, on_page

    west, south, east, north = BASEMAP_BBOX
    # Canvas draws the many paths of these maps faster than SVG, popups and all
    m = Map(location=[50.0, 118.0], zoom_start=4, tiles=None, min_zoom=MIN_ZOOM,
                   max_zoom=MAX_ZOOM, control_scale=True, prefer_canvas=True,
                   max_bounds=True, min_lat=south,
                   max_lat=north, min_lon=west, max_lon=east, **kwargs)
    on_page(m)
    # fitted before any layer is added, so that each layer is projected only once
    m.add_child(FitView(bounds))
    return m


def _new_map(data: MapData, offline: bool, bounds: list[list[float]],
             **kwargs: Any) -> tuple[Any, Any]:
    """A :func:`blank_map` with its basemap, and the
    :class:`~bordermap.maps.elements.MapKit` its layers are drawn with."""
    from bordermap.maps.elements import MapKit

    m = blank_map(bounds, **kwargs)
    kit = MapKit()
    m.add_child(kit)
    _base_layers(data, kit, m, offline)
    return m, kit


def _context_layers(data: MapData, kit: Any, m: Any, events: bool) -> Any:
    """Rivers, Lake Khanka, today's border, places, (events); returns the events layer."""
    _layer(kit, data.layers["rivers"], data.t("rivers"),
           lambda f: style.river_style(f["properties"]["id"]), data.river_popup).add_to(m)
    _layer(kit, data.layers["lakes"], data.t("lake"),
           lambda f: {"color": style.RIVER_COLOR, "weight": 1, "fillColor": style.LAKE_COLOR,
                      "fillOpacity": 0.8}).add_to(m)
    _layer(kit, data.layers["modern"], data.t("modern"), lambda f: style.modern_style(),
           data.modern_popup).add_to(m)
    places = [f for f in data.layers["places"] if f["properties"]["kind"] != "marker"]
    _layer(kit, places, data.t("places"), lambda f: PLACE_MARKER, data.place_popup).add_to(m)
    layer = None
    if events:
        layer = _layer(kit, data.layers["events"], data.t("events"), lambda f: EVENT_MARKER,
                       data.event_popup, keep=("year",))
        layer.add_to(m)
    return layer


def _legend(data: MapData, regimes: list[str]) -> Any:
    from bordermap.maps.elements import Legend

    def line(label: str, s: dict[str, Any]) -> dict[str, Any]:
        return {"label": label, "kind": "line", "color": s["color"], "dash": s.get("dashArray"),
                "weight": s["weight"]}

    treaties = [line(data.regime_label(r), style.border_style(r, "described")) for r in regimes]
    statuses = [{"label": data.t(f"status.{s}"), "kind": "fill", "color": c}
                for s, c in style.STATUS_COLORS.items() if s != "russia"]
    precisions = [line(data.t(f"precision.{p}"), style.border_style("modern", p) | {"color": "#444444"})
                  for p in style.PRECISION_DASH]
    other = [line(data.t("major_rivers"), style.river_style("amur")),
             line(data.t("minor_rivers"), style.river_style("zeya")),
             {"label": data.t("lake"), "kind": "fill", "color": style.LAKE_COLOR},
             line(data.t("modern"), style.modern_style()),
             {"label": data.t("places"), "kind": "dot", "color": style.PLACE_COLOR},
             {"label": data.t("events"), "kind": "dot", "color": style.EVENT_COLOR}]
    return Legend(data.t("legend"), [(data.t("treaties"), treaties), (data.t("statuses"), statuses),
                                     (data.t("precisions"), precisions), (data.t("other"), other)])


def _finish(m: Any, offline: bool) -> str:
    from bordermap.maps.elements import OfflineAssets

    figure = m.get_root()
    if offline:
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

    return _layer(kit, collection["features"], path.stem, look, popup)


#: The combined map opens on this view ([[south, west], [north, east]], degrees) and year.
COMBINED_BOUNDS = [[38.0, 75.0], [58.0, 142.0]]
START_YEAR = 1860


def combined_map(data: MapData, offline: bool) -> str:
    """HTML of the combined map: every regime, the year slider, the legend."""
    from bordermap.maps.elements import Caption, YearSlider
    from bordermap.maps.page import LayerControl

    m, kit = _new_map(data, offline, COMBINED_BOUNDS)
    regimes = [r["id"] for r in data.index["regimes"] if r["file"]]
    spec = []
    for rid in regimes:
        r = data.regimes[rid]
        start, until = int(r["in_force"]["from"][:4]), r["in_force"]["until"]
        end = int(until[:4]) if until else None
        # only the regimes in force in the opening year are drawn when the page opens
        in_force = start <= START_YEAR and (end is None or START_YEAR < end)
        group = _regime_group(data, kit, rid, show=in_force)
        group.add_to(m)
        spec.append({"id": rid, "layer": group.get_name(), "label": data.regime_label(rid),
                     "from": start, "until": end})
    events = _context_layers(data, kit, m, events=True)
    for path, collection in data.added:
        _user_layer(kit, path, collection).add_to(m)
    LayerControl(collapsed=False).add_to(m)
    labels = {"year": data.t("year"), "inForce": data.t("in_force"), "none": data.t("no_treaty"),
              "label": data.t("slider_label")}
    first, last = data.period()
    m.add_child(YearSlider(spec, events.get_name() if events else None, first, last,
                           min(max(START_YEAR, first), last), labels))
    m.add_child(_legend(data, regimes))
    m.add_child(Caption(data.t("title")))
    return _finish(m, offline)


def regime_map(data: MapData, rid: str, offline: bool) -> str:
    """HTML of one regime's map, opening on its own extent."""
    from bordermap.maps.elements import Caption
    from bordermap.maps.page import LayerControl

    m, kit = _new_map(data, offline, _bounds(data.layers[rid]))
    _regime_group(data, kit, rid).add_to(m)
    _context_layers(data, kit, m, events=False)
    for path, collection in data.added:
        _user_layer(kit, path, collection).add_to(m)
    LayerControl(collapsed=False).add_to(m)
    m.add_child(_legend(data, [rid]))
    r = data.regimes[rid]
    m.add_child(Caption(data.regime_label(rid), data._dates(r["signed"]["julian"], r["signed"]["gregorian"])))
    return _finish(m, offline)


def compare_map(data: MapData, before: str, after: str, offline: bool) -> str:
    """HTML of two maps side by side, synchronised, with what changed hands highlighted."""
    from bordermap.maps.elements import Caption, SyncMaps
    from bordermap.maps.page import Page

    figure = Page()
    maps = []
    changed = [f for f in data.layers[after] if f["properties"].get("status") == "ceded"]
    area = sum(f["properties"]["area_km2"] for f in changed)
    bounds = _bounds(data.layers[before] + data.layers[after])
    for side, rid, left in (("before", before, "0%"), ("after", after, "50%")):
        m, kit = _new_map(data, offline, bounds, width="50%", height="100%", left=left, top="0%",
                          position="absolute")
        figure.add_child(m)
        _regime_group(data, kit, rid, highlight=side == "after").add_to(m)
        _context_layers(data, kit, m, events=False)
        subtitle = ""
        if side == "after":
            subtitle = (f"{data.t('changed')}: {area:,} km²" if changed else data.t("no_change"))
        m.add_child(Caption(f"{data.t(side)}: {data.regime_label(rid)}", subtitle))
        maps.append(m)
    maps[1].add_child(_legend(data, [before, after]))
    maps[1].add_child(SyncMaps(maps[0], maps[1]))
    if offline:
        from bordermap.maps.elements import OfflineAssets

        OfflineAssets(style.WATER_COLOR).add_to(figure)
    return figure.render()


def _bounds(features: list[dict[str, Any]]) -> list[list[float]]:
    import shapely

    shapes = [shapely.geometry.shape(f["geometry"]) for f in features]
    west, south, east, north = shapely.GeometryCollection(shapes).bounds
    return [[south, west], [north, east]]


def build_maps(layers: Path, out: Path, lang: str = "en", offline: bool = False,
               add: tuple[Path, ...] = ()) -> list[Path]:
    """Write every map into ``out``; ``add`` puts users' GeoJSON files on them too.

    Every map is rendered before the first file is written, and the maps are written as
    one set (:func:`bordermap.layers.fileset.write_set`). Returns the paths of the maps.
    """
    from bordermap.layers.fileset import write_set
    from bordermap.maps.userlayer import read_user_layer

    added = tuple((path, read_user_layer(path)) for path in add)
    pages: dict[str, str] = {}
    with stable_ids():
        data = MapData.load(layers, lang)
        data.added = added
        pages["index.html"] = combined_map(data, offline)
        for r in data.index["regimes"]:
            if r["file"]:
                pages[f"{r['id']}.html"] = regime_map(data, r["id"], offline)
        for before, after in COMPARISONS:
            pages[f"compare-{before[-4:]}-{after[-4:]}.html"] = compare_map(data, before, after,
                                                                            offline)
    write_set(out, {name: page.encode("utf-8") for name, page in pages.items()})
    return [out / name for name in pages]
