"""The custom pieces of bordermap's maps, each a branca ``MacroElement`` with its template.

* :class:`YearSlider` — a plain ``<input type="range">`` that shows the regimes in force
  in the chosen year and the events up to it;
* :class:`Legend` — every colour and line style the map draws;
* :class:`Caption` — a title over a map;
* :class:`SyncMaps` — keeps two maps of a comparison on the same view;
* :class:`OfflineAssets` — swaps folium's CDN links for inlined Leaflet and drops the
  libraries these maps do not use, so a page makes no network request.

Values reach JavaScript through ``tojson`` and HTML through Jinja's ``e`` filter.
"""

from __future__ import annotations

import base64
import re
from functools import cache
from pathlib import Path
from typing import Any

from branca.element import CssLink, Element, Figure, JavascriptLink, MacroElement
from jinja2 import Template

_CONTROL_CSS = """
.bm-box { background: rgba(255,255,255,0.94); padding: 6px 10px; border-radius: 4px;
  box-shadow: 0 1px 4px rgba(0,0,0,0.35); font: 12px/1.35 "Noto Sans", "DejaVu Sans", Arial, sans-serif; }
"""


class YearSlider(MacroElement):
    """A year slider from ``start`` to ``end`` (inclusive).

    ``regimes`` is a list of ``{"id", "layer", "label", "from", "until"}``: ``layer`` is the
    JavaScript name of the regime's group, shown while ``from <= year < until`` (``until``
    ``None``: to this day). ``events`` is the JavaScript name of the events layer, whose
    features carry ``year``. The element exposes ``window.bordermap`` for tests and
    scripting: ``{map, layers, setYear(year), year}``.
    """

    _template = Template("""
{% macro header(this, kwargs) %}
<style>
{{ this.css }}
.bm-slider { min-width: 260px; }
.bm-slider input { width: 100%; margin: 4px 0 2px; }
.bm-slider .bm-year { font-size: 18px; font-weight: bold; }
</style>
{% endmacro %}
{% macro script(this, kwargs) %}
(function() {
  var map = {{ this._parent.get_name() }};
  var regimes = {{ this.regimes | tojson }};
  var text = {{ this.text | tojson }};
  var layers = {};
  regimes.forEach(function(r) { layers[r.id] = window[r.layer]; });
  var events = {{ this.events | tojson }} ? window[{{ this.events | tojson }}] : null;
  var allEvents = [];
  if (events) { events.eachLayer(function(l) { allEvents.push(l); }); }
  var control = L.control({position: 'bottomleft'});
  control.onAdd = function() {
    var div = L.DomUtil.create('div', 'bm-box bm-slider');
    var label = L.DomUtil.create('label', '', div);
    var year = L.DomUtil.create('span', 'bm-year', label);
    var input = L.DomUtil.create('input', '', label);
    input.type = 'range';
    input.min = {{ this.start | tojson }};
    input.max = {{ this.end | tojson }};
    input.step = 1;
    input.value = {{ this.value | tojson }};
    input.setAttribute('aria-label', text.label);
    var status = L.DomUtil.create('div', 'bm-in-force', div);
    status.setAttribute('aria-live', 'polite');
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.disableScrollPropagation(div);
    function setYear(value) {
      var y = parseInt(value, 10);
      input.value = y;
      var shown = [];
      regimes.forEach(function(r) {
        var on = y >= r.from && (r.until === null || y < r.until);
        if (on) { map.addLayer(layers[r.id]); shown.push(r.label); }
        else { map.removeLayer(layers[r.id]); }
      });
      if (events) {
        events.clearLayers();
        allEvents.forEach(function(l) { if (l.feature.properties.year <= y) { events.addLayer(l); } });
      }
      year.textContent = text.year + ' ' + y;
      status.textContent = text.inForce + ': ' + (shown.length ? shown.join(', ') : text.none);
      window.bordermap.year = y;
    }
    input.addEventListener('input', function() { setYear(input.value); });
    window.bordermap = {map: map, layers: layers, setYear: setYear, year: null};
    setYear(input.value);
    return div;
  };
  control.addTo(map);
})();
{% endmacro %}
""")

    def __init__(self, regimes: list[dict[str, Any]], events: str | None, start: int, end: int,
                 value: int, text: dict[str, str]) -> None:
        super().__init__()
        self._name = "YearSlider"
        self.regimes, self.events = regimes, events
        self.start, self.end, self.value, self.text = start, end, value, text
        self.css = _CONTROL_CSS


class Legend(MacroElement):
    """A legend control: ``sections`` is a list of ``(heading, items)``; each item is
    ``{"label", "kind": "fill"|"line"|"dot", "color", "dash", "weight"}``."""

    _template = Template("""
{% macro header(this, kwargs) %}
<style>
{{ this.css }}
.bm-legend { max-height: 60vh; overflow-y: auto; max-width: 290px; }
.bm-legend h4 { margin: 6px 0 2px; font-size: 12px; }
.bm-legend ul { list-style: none; margin: 0; padding: 0; }
.bm-legend li { display: flex; align-items: center; gap: 6px; margin: 1px 0; }
.bm-legend svg { flex: none; }
</style>
{% endmacro %}
{% macro html(this, kwargs) %}
<template id="{{ this.get_name() }}">
<div class="bm-box bm-legend" role="region" aria-label="{{ this.title | e }}">
<strong>{{ this.title | e }}</strong>
{% for heading, items in this.sections %}
<h4>{{ heading | e }}</h4>
<ul>
{% for item in items %}
<li><svg width="30" height="14" aria-hidden="true">
{% if item.kind == "fill" %}<rect x="1" y="1" width="28" height="12" fill="{{ item.color | e }}" fill-opacity="0.45" stroke="{{ item.color | e }}"/>
{% elif item.kind == "dot" %}<circle cx="15" cy="7" r="5" fill="{{ item.color | e }}" stroke="#ffffff"/>
{% else %}<line x1="1" y1="7" x2="29" y2="7" stroke="{{ item.color | e }}" stroke-width="{{ item.weight }}"{% if item.dash %} stroke-dasharray="{{ item.dash | e }}"{% endif %} stroke-linecap="round"/>
{% endif %}</svg><span>{{ item.label | e }}</span></li>
{% endfor %}
</ul>
{% endfor %}
</div>
</template>
{% endmacro %}
{% macro script(this, kwargs) %}
(function() {
  var legend = L.control({position: {{ this.position | tojson }}});
  legend.onAdd = function() {
    var holder = L.DomUtil.create('div');
    holder.appendChild(document.getElementById({{ this.get_name() | tojson }}).content.cloneNode(true));
    L.DomEvent.disableScrollPropagation(holder);
    return holder;
  };
  legend.addTo({{ this._parent.get_name() }});
})();
{% endmacro %}
""")

    def __init__(self, title: str, sections: list[tuple[str, list[dict[str, Any]]]],
                 position: str = "bottomright") -> None:
        super().__init__()
        self._name = "Legend"
        self.title, self.sections, self.position = title, sections, position
        self.css = _CONTROL_CSS


class Caption(MacroElement):
    """A caption over a map: a title line and an optional second line."""

    _template = Template("""
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
    {% if this.subtitle %}
    var sub = L.DomUtil.create('small', '', div);
    sub.textContent = {{ this.subtitle | tojson }};
    {% endif %}
    return div;
  };
  caption.addTo({{ this._parent.get_name() }});
})();
{% endmacro %}
""")

    def __init__(self, title: str, subtitle: str = "") -> None:
        super().__init__()
        self._name = "Caption"
        self.title, self.subtitle, self.css = title, subtitle, _CONTROL_CSS


class SyncMaps(MacroElement):
    """Keeps ``first`` and ``second`` (folium maps) on the same centre and zoom.

    Add it to the second map, so that both maps exist when its script runs.
    """

    _template = Template("""
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
    instead of 16 as JSON. :class:`CompactLines` decodes it in the browser. The character
    ``{`` is written as ``!``, so that no ``{{`` reaches the templates the page is built
    from.
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
    return "".join(out).replace("{", "!")


def encode_geometry(geometry: dict[str, Any], decimals: int) -> dict[str, Any]:
    """A GeoJSON geometry with every line and ring encoded by :func:`encode_line`."""
    kind, coords = geometry["type"], geometry.get("coordinates")
    depth = {"LineString": 0, "MultiLineString": 1, "Polygon": 1, "MultiPolygon": 2}.get(kind)
    if depth is None:
        return geometry

    def walk(value: Any, level: int) -> Any:
        return encode_line(value, decimals) if level == 0 else [walk(v, level - 1) for v in value]

    return {"type": kind, "coordinates": walk(coords, depth), "encoded": decimals}


class CompactLines(MacroElement):
    """Teaches Leaflet's GeoJSON layers to read geometries from :func:`encode_geometry`.

    Added once to a map, before its GeoJSON layers, it wraps ``L.GeoJSON``'s ``addData``
    to decode encoded lines and rings into ``[lon, lat]`` arrays first.
    """

    _template = Template("""
{% macro script(this, kwargs) %}
(function() {
  if (L.GeoJSON.prototype._bordermapDecodes) { return; }
  function line(text, decimals) {
    var factor = Math.pow(10, decimals), out = [], last = [0, 0], index = 0;
    while (index < text.length) {
      var position = [0, 0];
      for (var i = 0; i < 2; i++) {
        var shift = 0, result = 0, byte;
        do {
          byte = text.charCodeAt(index++);
          byte = (byte === 33 ? 123 : byte) - 63;  // '!' stands for '{'
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
  function decode(item) {
    if (!item) { return; }
    if (item.type === 'FeatureCollection') { item.features.forEach(decode); return; }
    var geometry = item.type === 'Feature' ? item.geometry : item;
    if (geometry && geometry.encoded !== undefined) {
      geometry.coordinates = walk(geometry.coordinates, geometry.encoded);
      delete geometry.encoded;
    }
  }
  var addData = L.GeoJSON.prototype.addData;
  L.GeoJSON.prototype.addData = function(data) { decode(data); return addData.call(this, data); };
  L.GeoJSON.prototype._bordermapDecodes = true;
})();
{% endmacro %}
""")

    def __init__(self) -> None:
        super().__init__()
        self._name = "CompactLines"


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


class OfflineAssets(MacroElement):
    """Makes a page self-contained: Leaflet inlined, unused CDN libraries dropped.

    folium's map adds links to Leaflet, jQuery, Bootstrap and icon fonts to the page
    header when it renders. This element, added to the figure after every map, replaces
    the Leaflet links by inline ``<script>``/``<style>`` elements and removes the other
    links, which nothing on these maps uses.
    """

    _template = Template("")

    INLINE = ("leaflet", "leaflet_css")

    def __init__(self, background: str) -> None:
        super().__init__()
        self._name = "OfflineAssets"
        self.background = background

    def render(self, **kwargs: Any) -> None:
        figure = self.get_root()
        assert isinstance(figure, Figure), "OfflineAssets must be added to a Figure"
        script, css = leaflet_assets()
        header = figure.header
        for name in list(header._children):
            if not isinstance(header._children[name], (JavascriptLink, CssLink)):
                continue
            if name == "leaflet":
                header._children[name] = _Raw(f"<script>{script}</script>")
            elif name == "leaflet_css":
                header._children[name] = _Raw(
                    f"<style>{css}\n.leaflet-container {{ background: {self.background}; }}</style>")
            else:
                del header._children[name]
        super().render(**kwargs)


class _Raw(Element):
    """Text placed in the page as it is (no template: Leaflet's code is not Jinja)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Raw"
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text
