"""The custom pieces of bordermap's maps, each a branca ``MacroElement`` with its template.

* :class:`YearSlider` — a plain ``<input type="range">`` over the years the data cover:
  the border, territories and places of the chosen year's last day, the events up to it
  and the treaties in force;
* :class:`Stack` — keeps a map's layers in their drawing order;
* :class:`Compact` — folds the layer control into a button on a phone's screen;
* :class:`Legend` — every colour and line style the map draws;
* :class:`Caption` — a title over a map;
* :class:`FitView` — opens a map on its extent, without an animation;
* :class:`SyncMaps` — keeps two maps of a comparison on the same view;
* :class:`MapKit` and :class:`DataLayer` — compact GeoJSON layers: encoded lines, one
  string table per map, popups and tooltips built as text in the browser;
* :class:`OfflineAssets` — swaps folium's CDN links for inlined Leaflet and drops the
  libraries these maps do not use, so a page makes no network request.

Each is a :class:`~bordermap.maps.page.TextMacro`: what its template renders goes into the
page as text, never through Jinja a second time. Values reach the page only through
``tojson``, and the browser puts text from data into the DOM with ``textContent``.
"""

from __future__ import annotations

import base64
import re
from functools import cache
from pathlib import Path
from typing import Any

from branca.element import CssLink, JavascriptLink
from folium.map import Layer
from jinja2 import Environment

from bordermap.maps.page import Page, Text, TextMacro

# The templates of these elements: ``tojson`` writes compact UTF-8 JSON with sorted keys (and,
# as always, ``<``, ``>``, ``&`` and ``'`` as ``\u`` escapes, so no data can end a script).
#: How data is written into pages: compact UTF-8 JSON with sorted keys.
JSON_DUMPS: dict[str, Any] = {"sort_keys": True, "separators": (",", ":"), "ensure_ascii": False}
_ENV = Environment()
_ENV.policies["json.dumps_kwargs"] = JSON_DUMPS


_CONTROL_CSS = """
.bm-box { background: rgba(255,255,255,0.94); padding: 6px 10px; border-radius: 4px;
  box-shadow: 0 1px 4px rgba(0,0,0,0.35); font: 12px/1.35 "Noto Sans", "DejaVu Sans", Arial, sans-serif; }
.leaflet-control-layers { font: 13px/1.35 "Noto Sans", "DejaVu Sans", Arial, sans-serif; }
"""


class YearSlider(TextMacro):
    """A year slider over the years the data cover: the map shows what held on the day each
    year stands for (its last day, or the last day of the data).

    ``layers`` maps a role (``territories``, ``borders``, ``places``, ``events``) to a
    :class:`DataLayer` whose features carry ``valid_from``/``valid_until`` (shown while
    ``valid_from <= day < valid_until``, an absent or null bound open) or ``date_first``
    (shown from that day on); the slider keeps in each layer only the features that hold,
    whether or not the layer is on the map, adding and removing only those that change
    (a layer made with the opening year's ``day`` is drawn right at once). ``treaties`` is a list of ``{"label", "from",
    "until"}`` (``until``: the first day no longer in force, null: open): the label names
    those in force. ``days`` holds, for each year from ``start``, ``[day, text]``: the
    Gregorian day shown and the line saying so. The element exposes ``window.bordermap``
    for tests and scripting: ``{map, layers, setYear(year), year, day, shown(), drawn()}``;
    ``shown()`` lists the ids of the features drawn, ``drawn()`` them with their style.
    """

    _template = _ENV.from_string("""
{% macro header(this, kwargs) %}
<style>
{{ this.css }}
.bm-slider { width: 400px; box-sizing: border-box; }
.bm-slider input { width: 100%; margin: 4px 0 2px; }
.bm-slider .bm-year { font-size: 18px; font-weight: bold; }
.bm-slider .bm-day { color: #444; }
@media (max-width: 600px) { .bm-slider { width: calc(100vw - 50px); } }
</style>
{% endmacro %}
{% macro script(this, kwargs) %}
(function() {
  var map = {{ this._parent.get_name() }};
  var treaties = {{ this.treaties | tojson }};
  var days = {{ this.days | tojson }};
  var start = {{ this.start | tojson }}, end = start + days.length - 1;
  var text = {{ this.text | tojson }};
  var roles = {{ this.layers | tojson }};
  var layers = {}, timed = [];
  var holds = bordermapKit.holds;
  roles.forEach(function(role) {
    var group = window[role[1]];
    layers[role[0]] = group;
    timed.push({group: group, all: group.bmAll || group.getLayers()});
  });
  var control = L.control({position: 'bottomleft'});
  control.onAdd = function() {
    var div = L.DomUtil.create('div', 'bm-box bm-slider');
    var label = L.DomUtil.create('label', '', div);
    var year = L.DomUtil.create('span', 'bm-year', label);
    var input = L.DomUtil.create('input', '', label);
    input.type = 'range';
    input.min = start;
    input.max = end;
    input.step = 1;
    input.value = {{ this.value | tojson }};
    input.setAttribute('aria-label', text.label);
    var shownDay = L.DomUtil.create('div', 'bm-day', div);
    var status = L.DomUtil.create('div', 'bm-in-force', div);
    status.setAttribute('aria-live', 'polite');
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.disableScrollPropagation(div);
    function setYear(value) {
      var y = Math.min(end, Math.max(start, parseInt(value, 10) || start));
      var day = days[y - start][0];
      input.value = y;
      timed.forEach(function(t) {  // only what changes is added or removed
        t.all.forEach(function(l) {
          var on = holds(l.feature.properties, day);
          if (on && !t.group.hasLayer(l)) { t.group.addLayer(l); }
          else if (!on && t.group.hasLayer(l)) { t.group.removeLayer(l); }
        });
      });
      var names = treaties.filter(function(r) { return holds({valid_from: r.from, valid_until: r.until}, day); })
        .map(function(r) { return r.label; });
      year.textContent = text.year + ' ' + y;
      shownDay.textContent = days[y - start][1];
      status.textContent = text.inForce + ': ' + (names.length ? names.join(', ') : text.none);
      window.bordermap.year = y;
      window.bordermap.day = day;
      map.fire('bmrestack');
    }
    input.addEventListener('input', function() { setYear(input.value); });
    window.bordermap = {map: map, layers: layers, setYear: setYear, year: null, day: null,
                        shown: function() { return bordermapKit.shown(map); },
                        drawn: function() { return bordermapKit.drawn(map); }};
    setYear(input.value);
    return div;
  };
  control.addTo(map);
})();
{% endmacro %}
""")

    def __init__(self, layers: dict[str, Any], treaties: list[dict[str, Any]], start: int,
                 days: list[list[str]], value: int, text: dict[str, str]) -> None:
        super().__init__()
        self._name = "YearSlider"
        self.layers = [[role, layer.get_name()] for role, layer in layers.items()]
        self.treaties, self.start, self.days = treaties, start, days
        self.value, self.text = value, text
        self.css = _CONTROL_CSS


class Stack(TextMacro):
    """Keeps a map's layers drawn in the order given (the first at the bottom): at once,
    whenever a layer is switched on in the layer control, and when the page fires
    ``bmrestack`` on the map. Leaflet draws a layer switched on above every other."""

    _template = _ENV.from_string("""
{% macro script(this, kwargs) %}
(function() {
  var map = {{ this._parent.get_name() }};
  var order = {{ this.names | tojson }};
  function restack() {
    order.forEach(function(name) {
      var layer = window[name];
      if (layer && map.hasLayer(layer)) { layer.bringToFront(); }
    });
  }
  map.on('overlayadd bmrestack', restack);
  restack();
})();
{% endmacro %}
""")

    def __init__(self, layers: list[Any]) -> None:
        super().__init__()
        self._name = "Stack"
        self.names = [layer.get_name() for layer in layers]


#: Maps narrower than this (CSS pixels) are a phone's: the legend and the layer control
#: open folded, as buttons.
NARROW = 700


class Compact(TextMacro):
    """On a map narrower than ``narrow`` pixels, folds ``control`` (a folium
    ``LayerControl`` made with ``collapsed=False``) into Leaflet's layers button: a tap on it
    opens the list, a tap on the map closes it."""

    _template = _ENV.from_string("""
{% macro script(this, kwargs) %}
(function() {
  var map = {{ this._parent.get_name() }}, control = {{ this.control.get_name() }};
  if (map.getSize().x >= {{ this.narrow | tojson }}) { return; }
  control.options.collapsed = true;
  control.collapse();
  map.on('click', control.collapse, control);
  L.DomEvent.on(control.getContainer(), 'mouseleave', control.collapse, control);
})();
{% endmacro %}
""")

    def __init__(self, control: Any, narrow: int = NARROW) -> None:
        super().__init__()
        self._name = "Compact"
        self.control, self.narrow = control, narrow


class Legend(TextMacro):
    """A legend control: ``sections`` is a list of ``(heading, items)``; each item is
    ``{"label", "kind": "fill"|"line"|"dot", "color", "dash", "weight", "opacity"}``. Its
    title is a button that shows or hides the rest; on a map narrower than ``narrow`` pixels
    (a phone) it opens hidden."""

    _template = _ENV.from_string("""
{% macro header(this, kwargs) %}
<style>
{{ this.css }}
.bm-legend { max-height: 60vh; overflow-y: auto; max-width: 250px; font-size: 11px; }
.bm-legend button.bm-toggle { font: inherit; font-weight: bold; border: 0; background: none; padding: 0;
  cursor: pointer; color: inherit; }
.bm-legend button.bm-toggle::before { content: '\\25BE\\00A0'; }
.bm-legend button.bm-toggle[aria-expanded="false"]::before { content: '\\25B8\\00A0'; }
.bm-legend h4 { margin: 6px 0 2px; font-size: 12px; }
.bm-legend ul { list-style: none; margin: 0; padding: 0; }
.bm-legend li { display: flex; align-items: center; gap: 6px; margin: 1px 0; }
.bm-legend svg { flex: none; }
</style>
{% endmacro %}
{% macro script(this, kwargs) %}
(function() {
  var data = {{ this.data | tojson }};
  var svgNS = 'http://www.w3.org/2000/svg';
  function node(parent, tag, text, className) {
    var element = parent.appendChild(document.createElement(tag));
    if (text !== undefined) { element.textContent = text; }
    if (className) { element.className = className; }
    return element;
  }
  function swatch(item) {
    var svg = document.createElementNS(svgNS, 'svg'), shape;
    svg.setAttribute('width', '30'); svg.setAttribute('height', '14');
    svg.setAttribute('aria-hidden', 'true');
    if (item.kind === 'fill') {
      shape = document.createElementNS(svgNS, 'rect');
      [['x', 1], ['y', 1], ['width', 28], ['height', 12], ['fill', item.color],
       ['fill-opacity', 0.45], ['stroke', item.color]].forEach(function(a) { shape.setAttribute(a[0], a[1]); });
    } else if (item.kind === 'dot') {
      shape = document.createElementNS(svgNS, 'circle');
      [['cx', 15], ['cy', 7], ['r', 5], ['fill', item.color], ['stroke', '#ffffff']]
        .forEach(function(a) { shape.setAttribute(a[0], a[1]); });
    } else {
      shape = document.createElementNS(svgNS, 'line');
      [['x1', 1], ['y1', 7], ['x2', 29], ['y2', 7], ['stroke', item.color],
       ['stroke-width', item.weight], ['stroke-linecap', 'round']]
        .forEach(function(a) { shape.setAttribute(a[0], a[1]); });
      if (item.dash) { shape.setAttribute('stroke-dasharray', item.dash); }
      if (item.opacity !== undefined) { shape.setAttribute('stroke-opacity', item.opacity); }
    }
    svg.appendChild(shape);
    return svg;
  }
  var map = {{ this._parent.get_name() }};
  var legend = L.control({position: data.position});
  legend.onAdd = function() {
    var holder = L.DomUtil.create('div');
    var box = node(holder, 'div', undefined, 'bm-box bm-legend');
    box.setAttribute('role', 'region');
    box.setAttribute('aria-label', data.title);
    var toggle = node(box, 'button', data.title, 'bm-toggle');
    toggle.type = 'button';
    var body = node(box, 'div', undefined, 'bm-legend-body');
    function show(open) {
      body.style.display = open ? '' : 'none';
      toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
    }
    toggle.addEventListener('click', function() { show(body.style.display === 'none'); });
    // open where the map is wide enough to show it beside the border; a button elsewhere
    show(map.getSize().x >= data.narrow);
    data.sections.forEach(function(section) {
      node(body, 'h4', section[0]);
      var list = node(body, 'ul');
      section[1].forEach(function(item) {
        var li = node(list, 'li');
        li.appendChild(swatch(item));
        node(li, 'span', item.label);
      });
    });
    L.DomEvent.disableClickPropagation(holder);
    L.DomEvent.disableScrollPropagation(holder);
    return holder;
  };
  legend.addTo(map);
})();
{% endmacro %}
""")

    def __init__(self, title: str, sections: list[tuple[str, list[dict[str, Any]]]],
                 position: str = "bottomright", narrow: int = NARROW) -> None:
        super().__init__()
        self._name = "Legend"
        self.data = {"title": title, "sections": sections, "position": position, "narrow": narrow}
        self.css = _CONTROL_CSS


class Caption(TextMacro):
    """A caption over a map: a title line and, under it, any number of smaller lines."""

    _template = _ENV.from_string("""
{% macro header(this, kwargs) %}
<style>{{ this.css }} .bm-caption { font-size: 14px; max-width: 46vw; }
.bm-caption small { display: block; font-size: 12px; }</style>
{% endmacro %}
{% macro script(this, kwargs) %}
(function() {
  var caption = L.control({position: 'topright'});
  caption.onAdd = function() {
    var div = L.DomUtil.create('div', 'bm-box bm-caption');
    var title = L.DomUtil.create('strong', '', div);
    title.textContent = {{ this.title | tojson }};
    {{ this.lines | tojson }}.forEach(function(line) {
      L.DomUtil.create('small', '', div).textContent = line;
    });
    return div;
  };
  caption.addTo({{ this._parent.get_name() }});
})();
{% endmacro %}
""")

    def __init__(self, title: str, *lines: str) -> None:
        super().__init__()
        self._name = "Caption"
        self.title, self.lines, self.css = title, [line for line in lines if line], _CONTROL_CSS


class FitView(TextMacro):
    """Sets the map's view to ``bounds`` (``[[south, west], [north, east]]``, degrees) at
    once. folium's ``fit_bounds`` animates the change (a quarter of a second of frames
    while the page opens); this does not. On a map at least ``wide`` pixels wide, ``right``
    pixels on the right are left for the legend."""

    _template = _ENV.from_string("""
{% macro script(this, kwargs) %}
(function() {
  var map = {{ this._parent.get_name() }};
  var right = map.getSize().x >= {{ this.wide | tojson }} ? {{ this.right | tojson }} : 0;
  map.fitBounds({{ this.bounds | tojson }}, {animate: false, paddingBottomRight: [right, 0]});
})();
{% endmacro %}
""")

    def __init__(self, bounds: list[list[float]], right: int = 0, wide: int = 900) -> None:
        super().__init__()
        self._name = "FitView"
        self.bounds, self.right, self.wide = bounds, right, wide


class SyncMaps(TextMacro):
    """Keeps ``first`` and ``second`` (folium maps) on the same centre and zoom.

    Add it to the second map, so that both maps exist when its script runs.
    """

    _template = _ENV.from_string("""
{% macro script(this, kwargs) %}
(function() {
  var a = {{ this.first.get_name() }}, b = {{ this.second.get_name() }};
  var busy = false;
  function follow(source, target) {
    source.on('move zoom', function() {
      if (busy) { return; }
      busy = true;
      target.setView(source.getCenter(), source.getZoom(), {animate: false});
      busy = false;
    });
  }
  follow(a, b);
  follow(b, a);
  window.bordermapMaps = [a, b];
})();
{% endmacro %}
""")

    def __init__(self, first: Any, second: Any) -> None:
        super().__init__()
        self._name = "SyncMaps"
        self.first, self.second = first, second


def encode_line(coords: list[list[float]], decimals: int) -> str:
    """A line's ``[lon, lat]`` positions as an encoded-polyline string (``decimals`` places).

    Each value is the difference from the one before, zig-zag encoded in 5-bit chunks
    (the Google polyline algorithm, in lon/lat order): about 5 characters a position
    instead of 16 as JSON. :class:`MapKit` decodes it in the browser.
    """
    factor = 10**decimals
    out, last = [], [0, 0]
    for position in coords:
        for i in (0, 1):
            value = round(position[i] * factor)
            delta, last[i] = value - last[i], value
            delta = ~(delta << 1) if delta < 0 else delta << 1
            while delta >= 0x20:
                out.append(chr((0x20 | (delta & 0x1F)) + 63))
                delta >>= 5
            out.append(chr(delta + 63))
    return "".join(out)


def encode_geometry(geometry: dict[str, Any], decimals: int) -> dict[str, Any]:
    """A GeoJSON geometry with every line and ring encoded by :func:`encode_line`."""
    kind, coords = geometry["type"], geometry.get("coordinates")
    depth = {"LineString": 0, "MultiLineString": 1, "Polygon": 1, "MultiPolygon": 2}.get(kind)
    if depth is None:
        return geometry

    def walk(value: Any, level: int) -> Any:
        return encode_line(value, decimals) if level == 0 else [walk(v, level - 1) for v in value]

    return {"type": kind, "coordinates": walk(coords, depth), "encoded": decimals}


class MapKit(TextMacro):
    """What a map's :class:`DataLayer` layers share: the decoder, the popups, the strings.

    Added once to a map, before its layers. The first kit on a page defines
    ``window.bordermapKit``: it decodes geometries from :func:`encode_geometry`, draws
    features with their layer's styles and builds popups and tooltips as DOM nodes whose
    text is set with ``textContent``, so nothing from the data is ever parsed as HTML.
    Each kit also holds its map's string table: popups refer to strings by their index
    (:meth:`ref`), so a text that many features share is written once. For tests and
    scripting, ``bordermapKit.shown(map)`` lists the ids of the features drawn on a map and
    ``bordermapKit.drawn(map)`` them with their style; the first kit of a page sets
    ``window.bordermap`` to ``{map, shown(), drawn()}`` of its map, unless a page element
    (:class:`YearSlider`) sets a fuller one.
    """

    _template = _ENV.from_string("""
{% macro header(this, kwargs) %}
<style>
.bm-popup { font: 13px/1.35 "Noto Sans", "DejaVu Sans", Arial, sans-serif; }
.bm-popup h4 { margin: 0 0 2px; font-size: 15px; }
.bm-popup p { margin: 0 0 4px; color: #555; }
.bm-popup th { text-align: left; vertical-align: top; padding: 1px 8px 1px 0; white-space: nowrap; }
.bm-popup td { vertical-align: top; padding: 1px 0; }
</style>
{% endmacro %}
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = {{ this.strings | tojson }};
window.bordermapKit = window.bordermapKit || (function() {
  function line(text, decimals) {
    var factor = Math.pow(10, decimals), out = [], last = [0, 0], index = 0;
    while (index < text.length) {
      var position = [0, 0];
      for (var i = 0; i < 2; i++) {
        var shift = 0, result = 0, byte;
        do {
          byte = text.charCodeAt(index++) - 63;
          result |= (byte & 0x1f) << shift; shift += 5;
        }
        while (byte >= 0x20);
        last[i] += (result & 1) ? ~(result >> 1) : (result >> 1);
        position[i] = last[i] / factor;
      }
      out.push(position);
    }
    return out;
  }
  function walk(value, decimals) {
    return typeof value === 'string' ? line(value, decimals)
                                     : value.map(function(v) { return walk(v, decimals); });
  }
  function decode(feature) {
    var geometry = feature.geometry;
    if (geometry && geometry.encoded !== undefined) {
      geometry.coordinates = walk(geometry.coordinates, geometry.encoded);
      delete geometry.encoded;
    }
  }
  function child(parent, tag, text) {
    var node = parent.appendChild(document.createElement(tag));
    node.textContent = text;
    return node;
  }
  // a popup record: [title, subtitle, label, value, label, value, ...], each a string index
  function popup(strings, record) {
    var div = document.createElement('div');
    div.className = 'bm-popup';
    child(div, 'h4', strings[record[0]]);
    if (strings[record[1]]) { child(div, 'p', strings[record[1]]); }
    var table = div.appendChild(document.createElement('table'));
    for (var i = 2; i < record.length; i += 2) {
      var row = table.insertRow();
      child(row, 'th', strings[record[i]]);
      child(row, 'td', strings[record[i + 1]]);
    }
    return div;
  }
  function tag(layer, feature) {
    layer.feature = feature;
    if (layer.eachLayer) { layer.eachLayer(function(part) { tag(part, feature); }); }
  }
  // whether a feature held on a day (Gregorian YYYY-MM-DD text, which sorts as dates do):
  // valid_from <= day < valid_until, or date_first <= day for an event; a missing or null
  // bound is open
  function holds(p, day) {
    var from = p.date_first !== undefined ? p.date_first : p.valid_from, until = p.valid_until;
    return (from === undefined || from === null || from <= day)
      && (until === undefined || until === null || day < until);
  }
  // a layer of the features of data; with a day, only those that held on it are in the
  // layer when it is first drawn, and layer.bmAll keeps every feature's layer
  function layer(strings, data, styles, interactive, day) {
    function style(feature) { return styles[feature.properties.s || 0]; }
    var result = L.geoJSON(null, {
      interactive: interactive,
      style: style,
      pointToLayer: function(feature, latlng) {
        return L.circleMarker(latlng, L.extend({interactive: interactive}, style(feature)));
      },
      // a MultiPoint or a GeometryCollection is drawn as a group of layers: each part
      // carries the feature, so a click on any part opens the feature's popup
      onEachFeature: function(feature, layer) { if (layer.eachLayer) { tag(layer, feature); } }
    });
    data.features.forEach(decode);
    result.addData(data);
    if (day !== null && day !== undefined) {
      result.bmAll = result.getLayers();
      result.bmAll.forEach(function(l) {
        if (!holds(l.feature.properties, day)) { result.removeLayer(l); }
      });
    }
    if (interactive) {
      result.bindPopup(function(l) { return popup(strings, l.feature.properties.p); },
                       {maxWidth: 420, maxHeight: 320});
      result.bindTooltip(function(l) {
        var p = l.feature.properties, span = document.createElement('span');
        span.textContent = strings[p.t === undefined ? p.p[0] : p.t];
        return span;
      }, {sticky: true});
    }
    return result;
  }
  // the features drawn on a map (those with an id), each once, sorted by id; a feature
  // marked as a halo (the band under a changed segment) is listed by drawn() only
  function drawn(map) {
    var out = {};
    map.eachLayer(function(l) {
      var p = l.feature && l.feature.properties;
      if (!p || typeof p.id !== 'string' || !l.options) { return; }
      var key = (p.halo ? 'halo:' : '') + p.id;
      if (out[key]) { return; }
      out[key] = {id: p.id, halo: Boolean(p.halo), color: l.options.color, weight: l.options.weight,
                  opacity: l.options.opacity, dashArray: l.options.dashArray || null,
                  fillColor: l.options.fillColor, fillOpacity: l.options.fillOpacity};
    });
    return Object.keys(out).sort().map(function(k) { return out[k]; });
  }
  function shown(map) {
    return drawn(map).filter(function(d) { return !d.halo; }).map(function(d) { return d.id; });
  }
  return {layer: layer, holds: holds, drawn: drawn, shown: shown};
})();
window.bordermap = window.bordermap || (function(map) {
  return {map: map, shown: function() { return bordermapKit.shown(map); },
          drawn: function() { return bordermapKit.drawn(map); }};
})({{ this._parent.get_name() }});
{% endmacro %}
""")

    def __init__(self) -> None:
        super().__init__()
        self._name = "MapKit"
        self.strings: list[str] = []
        self._index: dict[str, int] = {}

    def ref(self, text: str) -> int:
        """The index of ``text`` in this map's string table (added on first use)."""
        if text not in self._index:
            self._index[text] = len(self.strings)
            self.strings.append(text)
        return self._index[text]

    def popup(self, title: str, subtitle: str, rows: list[tuple[str, str]]) -> list[int]:
        """A popup record: title, subtitle, then label and value of every non-empty row."""
        record = [self.ref(title), self.ref(subtitle)]
        for label, value in rows:
            if value:
                record += [self.ref(label), self.ref(value)]
        return record


class DataLayer(Layer, TextMacro):
    """A GeoJSON layer drawn through its map's :class:`MapKit`.

    ``data`` is a FeatureCollection whose features carry only ``s`` (an index into
    ``styles``, 0 when absent), ``p`` (a popup record from :meth:`MapKit.popup`), ``t``
    (a tooltip string index, when it is not the popup's title) and whatever the page's
    scripts read (``id``; ``valid_from``, ``valid_until`` or ``date_first`` for the year
    slider). Points are drawn as circle markers styled like paths. ``styles`` are Leaflet
    path options. With a ``day`` (Gregorian ``YYYY-MM-DD``), only the features that held on
    it are drawn at first (see :class:`YearSlider`), so each is projected once.
    """

    _template = _ENV.from_string("""
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = bordermapKit.layer({{ this.kit.get_name() }}, {{ this.data | tojson }},
  {{ this.styles | tojson }}, {{ this.interactive | tojson }}, {{ this.day | tojson }});
{% endmacro %}
""")

    def __init__(self, kit: MapKit, data: dict[str, Any], styles: list[dict[str, Any]], name: str,
                 interactive: bool = True, show: bool = True, control: bool = True,
                 day: str | None = None) -> None:
        super().__init__(name=name, overlay=True, control=control, show=show)
        self._name = "DataLayer"
        self.kit, self.data, self.styles, self.interactive = kit, data, styles, interactive
        self.day = day


@cache
def _leaflet_dir() -> Path:
    import js_lib_leaflet

    return Path(next(iter(js_lib_leaflet.__path__))) / "static" / "js_lib_leaflet"


def leaflet_assets() -> tuple[str, str]:
    """Leaflet 1.9.4's JavaScript, and its CSS with every image inlined as a data URI."""
    folder = _leaflet_dir()
    script = (folder / "leaflet.js").read_text(encoding="utf-8")
    script = re.sub(r"//# sourceMappingURL=\S+", "", script)
    css = (folder / "leaflet.css").read_text(encoding="utf-8")

    def inline(match: re.Match[str]) -> str:
        data = (folder / match.group(1)).read_bytes()
        return f"url(data:image/png;base64,{base64.b64encode(data).decode('ascii')})"

    css = re.sub(r"url\((images/[a-z0-9-]+\.png)\)", inline, css)
    return script, css


class OfflineAssets(TextMacro):
    """Makes a page self-contained: Leaflet inlined, unused CDN libraries dropped.

    folium's map adds links to Leaflet, jQuery, Bootstrap and icon fonts to the page
    header when it renders. This element, added to the figure after every map, replaces
    the Leaflet links by inline ``<script>``/``<style>`` elements and removes the other
    links, which nothing on these maps uses.
    """

    _template = _ENV.from_string("")

    INLINE = ("leaflet", "leaflet_css")

    def __init__(self, background: str) -> None:
        super().__init__()
        self._name = "OfflineAssets"
        self.background = background

    def render(self, **kwargs: Any) -> None:
        figure = self.get_root()
        if not isinstance(figure, Page):
            raise TypeError("OfflineAssets must be added to a bordermap Page")
        script, css = leaflet_assets()
        header = figure.header
        for name in list(header._children):
            if not isinstance(header._children[name], (JavascriptLink, CssLink)):
                continue
            if name == "leaflet":
                header._children[name] = Text(f"<script>{script}</script>")
            elif name == "leaflet_css":
                header._children[name] = Text(
                    f"<style>{css}\n.leaflet-container {{ background: {self.background}; }}</style>")
            else:
                del header._children[name]
        super().render(**kwargs)
