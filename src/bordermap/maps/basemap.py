"""The basemap of bordermap's maps: the vector one, the bounds a map may pan to, the fallback
from tiles to the vector basemap, and the credits.

* :func:`max_bounds` — the study area and every feature of the layers (places and events
  as far as Paris and Istanbul), with a margin: each can be brought into view.
* :func:`screen_basemap` — the ``basemap`` layer (the whole world, -180 to 180) for the
  screen: simplified further, small islands, lakes and rivers left out, and cut at the
  meridian opposite the maps' centre (:func:`frame_west`) instead of the date line, its
  far west moved 360° east, so Chukotka and Alaska lie east of Asia, whole.
* :class:`TileFallback` — on an online map, draws the vector basemap and says so when the
  tiles cannot load (no network, a tile server down).
* :class:`Credits` — the basemap's and the data's credits in Leaflet's attribution control.

Each element is a :class:`~bordermap.maps.page.TextMacro`: values reach the page through
``tojson`` only, and the browser sets text with ``textContent``.
"""

from __future__ import annotations

import html
import json
from typing import Any

from jinja2 import Environment

from bordermap import style
from bordermap.maps.elements import JSON_DUMPS, NARROW
from bordermap.maps.page import TextMacro

_ENV = Environment()
_ENV.policies["json.dumps_kwargs"] = JSON_DUMPS

#: Degrees around every feature of the layers that a map may still pan to.
MARGIN_DEG = 3.0
#: Web Mercator's limit (degrees of latitude).
MAX_LAT = 85.0
#: Degrees east a map may always pan to (Alaska): the combined map's opening view, moved
#: west of the legend on a projector, reaches past 180° E, and bounds that stopped short
#: of it would pull the view back under the legend.
EAST_REACH = 200.0
#: The basemap is simplified further for the screen (degrees), and only rivers longer than
#: SCREEN_MIN_RIVER_DEG are kept: the named rivers are a layer of their own. Islands and
#: lakes smaller than SCREEN_MIN_AREA_DEG2 (square degrees; 0.01 is about 75 km² at 50° N)
#: are left out: specks at the zoom levels where they would show.
SCREEN_TOLERANCE_DEG = 0.04
SCREEN_MIN_RIVER_DEG = 2.5
SCREEN_MIN_AREA_DEG2 = 0.01


def max_bounds(data: Any) -> list[list[float]]:
    """``[[south, west], [north, east]]`` (degrees) a map of ``data`` (a
    :class:`~bordermap.maps.compose.MapData`) may pan to: the study area
    (:data:`~bordermap.layers.crs.BASEMAP_BBOX`) and every feature of every layer but the
    basemap, with :data:`MARGIN_DEG` around them, and east at least to :data:`EAST_REACH`."""
    import shapely

    from bordermap.layers.crs import BASEMAP_BBOX

    cache = data.__dict__.setdefault("_basemap_cache", {})
    if "max_bounds" not in cache:
        shapes = [shapely.geometry.shape(f["geometry"]) for name, features in sorted(data.layers.items())
                  if name != "basemap" for f in features]
        west, south, east, north = BASEMAP_BBOX
        if shapes:
            bounds = [float(v) for v in shapely.total_bounds(shapes)]
            west, south = min(west, bounds[0] - MARGIN_DEG), min(south, bounds[1] - MARGIN_DEG)
            east, north = max(east, bounds[2] + MARGIN_DEG), max(north, bounds[3] + MARGIN_DEG)
        cache["max_bounds"] = [[max(round(south, 2), -MAX_LAT), max(round(west, 2), -180.0)],
                               [min(round(north, 2), MAX_LAT), max(round(east, 2), EAST_REACH)]]
    return [list(corner) for corner in cache["max_bounds"]]


def frame_west(bounds: list[list[float]]) -> float:
    """The meridian the screen basemap is cut at: opposite the centre of ``bounds``, in whole
    degrees. A map shows it only when its view is wider than the world."""
    import math

    return float(math.floor((bounds[0][1] + bounds[1][1]) / 2 - 180.0))


def _rewindow(shape: Any, west: float) -> Any:
    """``shape`` (longitudes -180 to 180) with its part west of ``west`` moved 360° east:
    longitudes ``west`` to ``west + 360``. Areas that meet at the date line are joined."""
    import shapely
    from shapely.affinity import translate

    box = shapely.box(-180.0, -90.0, west, 90.0)
    kept, moved = [], []
    for part in shapely.get_parts(shape):
        minx, _, maxx, _ = part.bounds
        if minx >= west:
            kept.append(part)
            continue
        if maxx > west:
            kept += list(shapely.get_parts(part.difference(box)))
            part = part.intersection(box)
        moved += list(shapely.get_parts(translate(part, xoff=360.0)))
    parts = kept + moved
    if shape.geom_type.endswith("Polygon"):
        # the pieces on either side of the date line (Chukotka, the Aleutians) become one
        meet = [180.0 in (p.bounds[0], p.bounds[2]) for p in parts]
        joined = list(shapely.get_parts(shapely.union_all([p for p, m in zip(parts, meet, strict=True)
                                                           if m])))
        parts = [p for p, m in zip(parts, meet, strict=True) if not m] + joined
        return shapely.MultiPolygon([p for p in parts if p.geom_type == "Polygon"])
    return shapely.MultiLineString([p for p in parts if p.geom_type == "LineString"])


def screen_basemap(features: list[dict[str, Any]], west: float) -> list[dict[str, Any]]:
    """The ``basemap`` layer's features as the maps draw them: small parts left out, cut at
    ``west`` (see :func:`frame_west`) and simplified to :data:`SCREEN_TOLERANCE_DEG`."""
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
        shape = _rewindow(shape, west).simplify(SCREEN_TOLERANCE_DEG, preserve_topology=True)
        geometry = json.loads(json.dumps(mapping(shape)))
        out.append({"type": "Feature", "id": f["id"], "properties": f["properties"],
                    "geometry": geometry})
    return out


def vector_basemap(data: Any) -> list[dict[str, Any]]:
    """:func:`screen_basemap` of ``data``'s basemap layer, cut opposite the centre of
    :func:`max_bounds`; made once for all the maps of ``data``."""
    cache = data.__dict__.setdefault("_basemap_cache", {})
    if "features" not in cache:
        cache["features"] = screen_basemap(data.layers["basemap"], frame_west(max_bounds(data)))
    return cache["features"]


#: Decimal places of the vector basemap's positions (about 1 km, a quarter of
#: :data:`SCREEN_TOLERANCE_DEG`).
BASEMAP_DECIMALS = 2


def basemap_data(features: list[dict[str, Any]]) -> dict[str, Any]:
    """``features`` (from :func:`vector_basemap`) as :class:`VectorBasemap` draws them:
    ``{"decimals", "shapes": [[style index, closed, [encoded line, ...]], ...], "styles"}``,
    each line or ring an encoded polyline (:func:`~bordermap.maps.elements.encode_line`,
    lon/lat in degrees, :data:`BASEMAP_DECIMALS` places) and ``closed`` true for polygons."""
    from bordermap.maps.elements import encode_line

    def lines(coords: Any, depth: int) -> list[Any]:
        return [coords] if depth == 0 else [ring for part in coords for ring in lines(part, depth - 1)]

    styles: list[dict[str, Any]] = []
    shapes = []
    for f in features:
        look = basemap_style(f)
        if look not in styles:
            styles.append(look)
        geometry = f["geometry"]
        depth = {"LineString": 0, "MultiLineString": 1, "Polygon": 1, "MultiPolygon": 2}[geometry["type"]]
        closed = geometry["type"].endswith("Polygon")
        shapes.append([styles.index(look), closed,
                       [encode_line(line, BASEMAP_DECIMALS) for line in lines(geometry["coordinates"], depth)
                        if len(line) > 1]])
    return {"decimals": BASEMAP_DECIMALS, "shapes": shapes, "styles": styles}


class VectorBasemap(TextMacro):
    """The vector basemap (:func:`basemap_data`), drawn first on the map's canvas renderer,
    under every other layer, and never hit by the pointer. Added after the map's
    :class:`~bordermap.maps.elements.MapKit`, whose decoder it uses.

    The land, lakes and rivers are decoded once into ``Path2D`` shapes in Web Mercator
    pixels at zoom 0, and each time the canvas is drawn they are drawn scaled to its zoom:
    no Leaflet path per shape, no projection, clipping or simplification of their
    thousands of positions at every move. With ``show`` false it
    is built but not added (:class:`TileFallback` adds it when tiles cannot load). The
    Leaflet layer is ``window[name]``, as for any folium layer.
    """

    _template = _ENV.from_string("""
{% macro script(this, kwargs) %}
window.bordermapBasemap = window.bordermapBasemap || (function() {
  // one layer drawn first on the map's canvas renderer, under every other layer; it is never
  // hit by the pointer
  var Basemap = L.Layer.extend({
    options: {interactive: false, weight: 0},
    initialize: function(data) {
      this._styles = data.styles;
      this.bmShapes = data.shapes.map(function(shape) {
        var path = new Path2D(), box = [Infinity, Infinity, -Infinity, -Infinity];
        shape[2].forEach(function(line) { bordermapKit.trace(path, line, data.decimals, shape[1], box); });
        return {style: shape[0], closed: shape[1], path: path};
      });
      this._pxBounds = L.bounds([-1e7, -1e7], [1e7, 1e7]);
    },
    onAdd: function(map) {
      this._renderer = map.getRenderer(this);
      this._renderer._initPath(this);
      this._renderer._bringToBack(this);
      this._renderer._addPath(this);
    },
    onRemove: function() { this._renderer._removePath(this); },
    _reset: function() {},
    _project: function() {},
    _update: function() {},
    _containsPoint: function() { return false; },
    _updatePath: function() {
      var renderer = this._renderer, map = this._map;
      if (!renderer._drawing || !map) { return; }
      var ctx = renderer._ctx, scale = Math.pow(2, map.getZoom()), origin = map.getPixelOrigin();
      var styles = this._styles;
      ctx.save();
      ctx.setLineDash([]);
      ctx.translate(-origin.x, -origin.y);
      ctx.scale(scale, scale);
      ctx.lineJoin = ctx.lineCap = 'round';
      this.bmShapes.forEach(function(shape) {
        var look = styles[shape.style];
        if (shape.closed && look.fillColor) {
          ctx.globalAlpha = look.fillOpacity === undefined ? 1 : look.fillOpacity;
          ctx.fillStyle = look.fillColor;
          ctx.fill(shape.path, 'evenodd');
        }
        if (look.color && look.weight) {
          ctx.globalAlpha = look.opacity === undefined ? 1 : look.opacity;
          ctx.strokeStyle = look.color;
          ctx.lineWidth = look.weight / scale;
          ctx.stroke(shape.path);
        }
      });
      ctx.restore();
    }
  });
  return function(data) { return new Basemap(data); };
})();
var {{ this.get_name() }} = bordermapBasemap({{ this.data | tojson }});
{% if this.show %}{{ this.get_name() }}.addTo({{ this._parent.get_name() }});{% endif %}
{% endmacro %}
""")

    def __init__(self, features: list[dict[str, Any]], show: bool = True) -> None:
        super().__init__()
        self._name = "VectorBasemap"
        self.data, self.show = basemap_data(features), show


def basemap_style(f: dict[str, Any]) -> dict[str, Any]:
    """How the vector basemap draws land, lakes and rivers (Leaflet path options)."""
    return style.basemap_style(f["properties"]["kind"])


class TileFallback(TextMacro):
    """On an online map: when a tile layer of ``tiles`` cannot load a tile and none of them
    has loaded one yet (no network, a tile server down), draws ``basemap`` (a
    :class:`VectorBasemap` not shown) under every other layer on a ``background`` sea and shows
    ``notice`` on the map. The map's ``bmFallback`` is then the basemap's Leaflet layer."""

    _template = _ENV.from_string("""
{% macro header(this, kwargs) %}
<style>
.bm-notice { background: rgba(255,248,225,0.96); border: 1px solid #c9a227; padding: 5px 9px;
  border-radius: 4px; max-width: 260px; font: 12px/1.35 "DejaVu Sans", "Noto Sans", Arial, sans-serif; }
</style>
{% endmacro %}
{% macro script(this, kwargs) %}
(function() {
  var map = {{ this._parent.get_name() }};
  var names = {{ this.tiles | tojson }}, loaded = false, basemap = null;
  function fallBack() {
    if (basemap || loaded) { return; }
    basemap = {{ this.basemap.get_name() }};
    basemap.addTo(map);
    map.getContainer().style.background = {{ this.background | tojson }};
    var notice = L.control({position: 'bottomright'});
    notice.onAdd = function() {
      var div = L.DomUtil.create('div', 'bm-notice');
      div.setAttribute('role', 'status');
      div.textContent = {{ this.notice | tojson }};
      return div;
    };
    notice.addTo(map);
    map.bmFallback = basemap;
    map.fire('bmrestack');
  }
  names.forEach(function(name) {
    window[name].on('tileload', function() { loaded = true; });
    window[name].on('tileerror', fallBack);
  });
})();
{% endmacro %}
""")

    def __init__(self, tiles: list[Any], basemap: Any, notice: str, background: str) -> None:
        super().__init__()
        self._name = "TileFallback"
        self.tiles = [layer.get_name() for layer in tiles]
        self.basemap, self.notice, self.background = basemap, notice, background


class Credits(TextMacro):
    """Adds ``credits`` (plain text) to the map's attribution control, after the tile
    provider's own attribution, if the map has tiles. Leaflet sets the control's content
    as HTML: the credits are escaped here, once, so each is shown as written. On a map
    narrower than ``narrow`` pixels the credits are folded behind a button titled ``label``
    (a tap or the keyboard unfolds them), so that they do not cover the date slider."""

    _template = _ENV.from_string("""
{% macro header(this, kwargs) %}
<style>
.leaflet-control-attribution.bm-folded { display: none; }
.bm-credits-toggle { font: 12px/1.3 "DejaVu Sans", "Noto Sans", Arial, sans-serif; background: #fff;
  color: #222; border: 0; border-radius: 3px; padding: 3px 6px; margin: 0 !important; cursor: pointer;
  box-shadow: 0 1px 3px rgba(0,0,0,0.3); min-height: 24px; }
</style>
{% endmacro %}
{% macro script(this, kwargs) %}
(function() {
  var map = {{ this._parent.get_name() }}, control = map.attributionControl;
  if (!control) { return; }
  {{ this.credits | tojson }}.forEach(function(credit) { control.addAttribution(credit); });
  if (map.getSize().x >= {{ this.narrow | tojson }}) { return; }
  // on a phone the credits fold behind a button, so that they do not cover the date slider
  var box = control.getContainer();
  var toggle = L.control({position: 'bottomright'});
  toggle.onAdd = function() {
    var button = L.DomUtil.create('button', 'bm-credits-toggle');
    button.type = 'button';
    button.textContent = {{ this.label | tojson }};
    button.setAttribute('aria-expanded', 'false');
    L.DomEvent.disableClickPropagation(button);
    button.addEventListener('click', function() {
      var folded = !L.DomUtil.hasClass(box, 'bm-folded');
      L.DomUtil[folded ? 'addClass' : 'removeClass'](box, 'bm-folded');
      button.setAttribute('aria-expanded', folded ? 'false' : 'true');
    });
    return button;
  };
  L.DomUtil.addClass(box, 'bm-folded');
  toggle.addTo(map);
})();
{% endmacro %}
""")

    def __init__(self, *credits: str, narrow: int = NARROW, label: str = "© credits") -> None:
        super().__init__()
        self._name = "Credits"
        self.credits = [html.escape(credit) for credit in credits]
        self.narrow, self.label = narrow, label
