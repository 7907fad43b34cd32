"""The custom pieces of bordermap's maps, each a branca ``MacroElement`` with its template.

* :class:`YearSlider` — a plain ``<input type="range">`` over the years the data cover:
  the border, territories and places of the chosen year's last day, the events up to it
  and the treaties in force;
* :class:`Stack` — keeps a map's layers in their drawing order;
* :class:`Foldable` — a button that folds the layer control, folded on small screens,
  remembered;
* :class:`Legend` — every colour and line style the map draws;
* :class:`Labels` — names of treaty lines, rivers and places on the map, never colliding;
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


# opaque: the text of a control is read against white, whatever the map draws under it
_CONTROL_CSS = """
.bm-box { background: #ffffff; padding: 6px 10px; border-radius: 4px;
  box-shadow: 0 1px 4px rgba(0,0,0,0.35); font: 12px/1.35 "DejaVu Sans", "Noto Sans", Arial, sans-serif; }
.leaflet-control-layers { font: 13px/1.35 "DejaVu Sans", "Noto Sans", Arial, sans-serif; }
"""


class YearSlider(TextMacro):
    """A date slider over the period the data cover: the map shows what held on the day of
    the stop chosen.

    ``stops`` (from :meth:`~bordermap.maps.compose.MapData.slider_stops`) are the last day of
    every year and every day the border changed, in order: ``{"day", "dates"}`` and, at a
    change, ``"change"`` (the treaty's label), marked under the track. The page writes each
    stop's line from its ``dates`` and ``text["frames"]`` (the words before and after the
    date, for every stop and for the last one) with ``text["os"]`` and ``text["ns"]`` (the
    calendars' marks), as :meth:`~bordermap.maps.compose.MapData.slider_stops` writes its
    ``text``; ``window.bordermap.stops`` holds ``{"day", "year", "text", "change"}``. The arrow keys
    step from stop to stop, Page Up and Page Down (and two buttons) jump to the previous or
    next change. The box keeps one size whatever it says. The day shown is written into the
    page's URL as ``#date=YYYY-MM-DD``; opening a URL with one (or changing it) shows that
    day, or the last stop before it.

    ``layers`` maps a role (``territories``, ``borders``, ``places``, ``events``) to a
    :class:`DataLayer` whose features carry ``valid_from``/``valid_until`` (shown while
    ``valid_from <= day < valid_until``, an absent or null bound open) or ``date_first``
    (shown from that day on); the slider keeps in each layer only the features that hold,
    adding and removing only those that change (a layer made with the opening stop's
    ``day`` is drawn right at once). ``treaties`` is a list of ``{"label", "from", "until"}``
    (``until``: the first day no longer in force, null: open): the label names those in
    force. The element exposes ``window.bordermap`` for tests and scripting: ``{map, layers,
    stops, setYear(year), setDay(day), setStop(index), year, day, stop, shown(), drawn()}``;
    ``shown()`` lists the ids of the features drawn, ``drawn()`` them with their style.
    """

    _template = _ENV.from_string("""
{% macro header(this, kwargs) %}
<style>
{{ this.css }}
.bm-slider { width: 420px; box-sizing: border-box; }
.bm-slider .bm-head { display: flex; align-items: center; gap: 6px; }
.bm-slider .bm-year { font-size: 18px; font-weight: bold; font-variant-numeric: tabular-nums;
  min-width: 6.5em; }
.bm-slider .bm-head button { font: inherit; min-width: 32px; min-height: 28px; cursor: pointer; }
.bm-slider .bm-track { position: relative; height: 58px; }
.bm-slider input { width: 100%; margin: 4px 0 0; }
.bm-slider .bm-marks { position: relative; height: 34px; margin: 0 8px; }
.bm-slider .bm-mark { position: absolute; top: 2px; transform: translateX(-50%); font: 11px/1.2 inherit;
  color: #222; white-space: nowrap; border: 0; background: none; padding: 1px 2px; cursor: pointer;
  min-height: 16px; }
.bm-slider .bm-mark.bm-row2 { top: 18px; }
.bm-slider .bm-mark::before { content: ''; position: absolute; left: 50%; top: -4px; height: 5px;
  border-left: 1.5px solid #333; }
.bm-slider .bm-mark.bm-row2::before { top: -3px; height: 3px; }
.bm-slider .bm-day, .bm-slider .bm-in-force { color: #333; overflow: hidden; }
.bm-slider .bm-day { height: 1.35em; white-space: nowrap; text-overflow: ellipsis; }
.bm-slider .bm-in-force { height: 2.7em; }
@media (max-width: 600px) { .bm-slider { width: calc(100vw - 24px); }
  .bm-slider .bm-in-force { height: 1.35em; white-space: nowrap; text-overflow: ellipsis; } }
</style>
{% endmacro %}
{% macro script(this, kwargs) %}
(function() {
  var map = {{ this._parent.get_name() }};
  var treaties = {{ this.treaties | tojson }};
  var text = {{ this.text | tojson }};
  // [day, Julian day or '', Gregorian day, change]: the line written as the map's language does
  var stops = {{ this.stops | tojson }}.map(function(s, i, all) {
    var frame = text.frames[i === all.length - 1 ? 1 : 0];
    var date = s[1] ? s[1] + ' ' + text.os + ' / ' + s[2] + ' ' + text.ns : s[2];
    var stop = {day: s[0], year: parseInt(s[0], 10), text: frame[0] + date + frame[1]};
    if (s[3]) { stop.change = s[3]; }
    return stop;
  });
  var roles = {{ this.layers | tojson }};
  var last = stops.length - 1;
  var changes = [];
  stops.forEach(function(s, i) { if (s.change) { changes.push(i); } });
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
    div.setAttribute('role', 'group');
    div.setAttribute('aria-label', text.label);
    var head = L.DomUtil.create('div', 'bm-head', div);
    var year = L.DomUtil.create('span', 'bm-year', head);
    var back = L.DomUtil.create('button', 'bm-previous', head);
    var next = L.DomUtil.create('button', 'bm-next', head);
    back.type = next.type = 'button';
    back.textContent = '\u25C0';
    next.textContent = '\u25B6';
    back.title = text.previous;
    next.title = text.next;
    back.setAttribute('aria-label', text.previous);
    next.setAttribute('aria-label', text.next);
    var track = L.DomUtil.create('div', 'bm-track', div);
    var input = L.DomUtil.create('input', '', track);
    input.type = 'range';
    input.min = 0;
    input.max = last;
    input.step = 1;
    input.setAttribute('aria-label', text.label);
    var marks = L.DomUtil.create('div', 'bm-marks', track);
    marks.setAttribute('aria-label', text.changes);
    var rowEnds = [-100, -100];  // where the last label of each row ends, in % of the track
    changes.forEach(function(i) {
      var mark = L.DomUtil.create('button', 'bm-mark', marks);
      var at = 100 * i / Math.max(last, 1);
      mark.type = 'button';
      mark.textContent = String(stops[i].year);
      mark.title = stops[i].change;
      mark.setAttribute('aria-label', stops[i].change + ': ' + stops[i].text);
      mark.style.left = at + '%';
      // a label too close to the one before it goes on the second row
      var row = at - rowEnds[0] >= 7 ? 0 : 1;
      if (row) { L.DomUtil.addClass(mark, 'bm-row2'); }
      rowEnds[row] = at;
      mark.addEventListener('click', function() { setStop(i); });
    });
    var shownDay = L.DomUtil.create('div', 'bm-day', div);
    var status = L.DomUtil.create('div', 'bm-in-force', div);
    status.setAttribute('aria-live', 'polite');
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.disableScrollPropagation(div);
    function setStop(value, keepHash) {
      var i = Math.min(last, Math.max(0, parseInt(value, 10) || 0));
      var stop = stops[i], day = stop.day;
      input.value = i;
      input.setAttribute('aria-valuetext', stop.text);
      timed.forEach(function(t) {  // only what changes is added or removed
        t.all.forEach(function(l) {
          var on = holds(l.feature.properties, day);
          if (on && !t.group.hasLayer(l)) { t.group.addLayer(l); }
          else if (!on && t.group.hasLayer(l)) { t.group.removeLayer(l); }
        });
      });
      var names = treaties.filter(function(r) { return holds({valid_from: r.from, valid_until: r.until}, day); })
        .map(function(r) { return r.label; });
      year.textContent = text.year + ' ' + stop.year;
      shownDay.textContent = stop.text;
      shownDay.title = stop.text;  // the whole date, where a narrow box cuts it short
      status.textContent = text.inForce + ': ' + (names.length ? names.join(', ') : text.none);
      status.title = status.textContent;
      back.disabled = !changes.some(function(c) { return c < i; });
      next.disabled = !changes.some(function(c) { return c > i; });
      window.bordermap.year = stop.year;
      window.bordermap.day = day;
      window.bordermap.stop = i;
      if (!keepHash && window.history && history.replaceState) {
        try { history.replaceState(null, '', '#date=' + day); } catch (e) { /* a page without a URL */ }
      }
      map.fire('bmrestack');
    }
    // the last stop on or before a day (YYYY-MM-DD); the first stop if it is earlier
    function stopOf(day) {
      var found = 0;
      stops.forEach(function(s, i) { if (s.day <= day) { found = i; } });
      return found;
    }
    function setDay(day) { setStop(stopOf(String(day))); }
    function setYear(value) {
      var y = parseInt(value, 10) || stops[0].year;
      var found = y < stops[0].year ? 0 : last;
      stops.forEach(function(s, i) { if (s.year <= y) { found = i; } });
      setStop(found);
    }
    function jump(direction) {
      var i = parseInt(input.value, 10);
      var target = direction < 0 ? changes.filter(function(c) { return c < i; }).pop()
                                 : changes.filter(function(c) { return c > i; })[0];
      if (target !== undefined) { setStop(target); }
    }
    function fromHash() {
      var match = /(?:^#|&)date=([0-9]{4}-[0-9]{2}-[0-9]{2})(?:&|$)/.exec(location.hash);
      return match ? match[1] : null;
    }
    input.addEventListener('input', function() { setStop(input.value); });
    input.addEventListener('keydown', function(e) {
      if (e.key === 'PageUp' || e.key === 'PageDown') {
        e.preventDefault();
        jump(e.key === 'PageUp' ? -1 : 1);
      }
    });
    back.addEventListener('click', function() { jump(-1); });
    next.addEventListener('click', function() { jump(1); });
    window.addEventListener('hashchange', function() {
      var day = fromHash();
      if (day && stopOf(day) !== parseInt(input.value, 10)) { setDay(day); }
    });
    window.bordermap = {map: map, layers: layers, stops: stops, setYear: setYear, setDay: setDay,
                        setStop: setStop, year: null, day: null, stop: null,
                        shown: function() { return bordermapKit.shown(map); },
                        drawn: function() { return bordermapKit.drawn(map); }};
    var linked = fromHash();
    if (linked) { setDay(linked); } else { setStop({{ this.value | tojson }}, true); }
    return div;
  };
  control.addTo(map);
})();
{% endmacro %}
""")

    def __init__(self, layers: dict[str, Any], treaties: list[dict[str, Any]],
                 stops: list[dict[str, Any]], value: int, text: dict[str, str]) -> None:
        super().__init__()
        self._name = "YearSlider"
        self.layers = [[role, layer.get_name()] for role, layer in layers.items()]
        self.stops = [[s["day"], *s["dates"], s["change"]] if "change" in s else [s["day"], *s["dates"]]
                      for s in stops]
        self.treaties, self.value, self.text = treaties, value, text
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
#: open folded, as buttons, and the legend sits at the top, clear of the date slider.
NARROW = 700
#: The legend opens unfolded only on a map at least this tall (CSS pixels), the layer
#: control only on one at least ``WIDE`` wide: on a projector (1280 by 720) the layer list
#: opens folded and the legend open.
TALL, WIDE = 600, 1400
#: Where the browser remembers whether a reader folded or unfolded a control.
REMEMBER = "bordermap:"

class Foldable(TextMacro):
    """Makes ``control`` (a folium ``LayerControl`` made with ``collapsed=False``) foldable: a
    button titled ``title`` at its top shows or hides the list. It opens folded on a map
    narrower than ``wide`` or shorter than ``tall`` pixels, or as the reader last left it
    (remembered in the browser's ``localStorage``)."""

    _template = _ENV.from_string("""
{% macro header(this, kwargs) %}
<style>
.leaflet-control-layers .bm-toggle { font: bold 13px/1.35 "DejaVu Sans", "Noto Sans", Arial, sans-serif;
  border: 0; background: none; padding: 4px 6px; cursor: pointer; color: #222; width: 100%;
  text-align: left; min-height: 28px; }
.leaflet-control-layers .bm-toggle::before { content: '\\25BE\\00A0'; }
.leaflet-control-layers .bm-toggle[aria-expanded="false"]::before { content: '\\25B8\\00A0'; }
.leaflet-control-layers.bm-folded .leaflet-control-layers-list { display: none; }
.leaflet-control-layers.bm-folded { padding: 0; }
@media (max-width: 700px) { .leaflet-control-layers-list { max-height: 40vh; overflow-y: auto; } }
</style>
{% endmacro %}
{% macro script(this, kwargs) %}
(function() {
  var map = {{ this._parent.get_name() }}, control = {{ this.control.get_name() }};
  var key = {{ this.key | tojson }};
  var box = control.getContainer();
  var toggle = document.createElement('button');
  toggle.type = 'button';
  toggle.className = 'bm-toggle';
  toggle.textContent = {{ this.title | tojson }};
  box.insertBefore(toggle, box.firstChild);
  function fold(folded) {
    L.DomUtil[folded ? 'addClass' : 'removeClass'](box, 'bm-folded');
    toggle.setAttribute('aria-expanded', folded ? 'false' : 'true');
  }
  toggle.addEventListener('click', function() {
    var folded = !L.DomUtil.hasClass(box, 'bm-folded');
    fold(folded);
    bordermapKit.remember(key, folded);
    if (!folded) { map.fire('bmcontrolopen', {control: 'layers'}); }
  });
  // on a phone one panel at a time: another opening folds this one
  map.on('bmcontrolopen', function(e) {
    if (e.control !== 'layers' && map.getSize().x < {{ this.narrow | tojson }}) { fold(true); }
  });
  fold(bordermapKit.folded(key, map, {{ this.wide | tojson }}, {{ this.tall | tojson }}));
})();
{% endmacro %}
""")

    def __init__(self, control: Any, title: str, wide: int = WIDE, tall: int = 0,
                 narrow: int = NARROW) -> None:
        super().__init__()
        self._name = "Foldable"
        self.control, self.title, self.wide, self.tall = control, title, wide, tall
        self.narrow = narrow
        self.key = REMEMBER + "layers"


class Legend(TextMacro):
    """A legend control: ``sections`` is a list of ``(heading, items)``; each item is
    ``{"label", "kind": "fill"|"line"|"dot", "color", "dash", "weight", "opacity"}``. Its
    title is a button that shows or hides the rest, and the reader's choice is remembered
    (``localStorage``); without one, it opens folded on a map narrower than ``narrow`` or
    shorter than ``tall`` pixels. On a narrow map it sits at the top right, clear of the
    date slider."""

    _template = _ENV.from_string("""
{% macro header(this, kwargs) %}
<style>
{{ this.css }}
.bm-legend { max-height: 50vh; overflow-y: auto; max-width: 250px; font-size: 11px; }
@media (max-width: 700px) { .bm-legend { max-height: 35vh; max-width: 70vw; } }
.bm-legend button.bm-toggle { font: inherit; font-weight: bold; border: 0; background: none; padding: 0;
  cursor: pointer; color: inherit; }
.bm-legend button.bm-toggle::before { content: '\\25BE\\00A0'; }
.bm-legend button.bm-toggle[aria-expanded="false"]::before { content: '\\25B8\\00A0'; }
.bm-legend h2 { margin: 6px 0 2px; font-size: 12px; }
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
  var narrow = map.getSize().x < data.narrow;
  // on a phone the legend opens from the top, clear of the date slider at the bottom
  var legend = L.control({position: narrow ? 'topright' : data.position});
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
    toggle.addEventListener('click', function() {
      var open = body.style.display === 'none';
      show(open);
      bordermapKit.remember(data.key, !open);
      if (open) { map.fire('bmcontrolopen', {control: 'legend'}); }
    });
    // on a phone one panel at a time: another opening folds this one
    map.on('bmcontrolopen', function(e) {
      if (narrow && e.control !== 'legend' && body.style.display !== 'none') { show(false); }
    });
    // open where the map is wide and tall enough to show it beside the border, or as the
    // reader last left it; a button elsewhere
    show(!bordermapKit.folded(data.key, map, data.narrow, data.tall));
    data.sections.forEach(function(section) {
      node(body, 'h2', section[0]);
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
                 position: str = "bottomright", narrow: int = NARROW, tall: int = TALL) -> None:
        super().__init__()
        self._name = "Legend"
        self.data = {"title": title, "sections": sections, "position": position, "narrow": narrow,
                     "tall": tall, "key": REMEMBER + "legend"}
        self.css = _CONTROL_CSS


class Labels(TextMacro):
    """Names on the map, in its language: treaty lines, rivers and places.

    ``labels`` is a list, most important first, of ``[text, lon, lat, kind, min_zoom,
    layer, id]``: ``kind`` is ``line`` (a treaty's line, centred on it, bold), ``river``
    (centred, italic) or ``place`` (beside its marker); ``min_zoom`` the least zoom it is
    shown at; ``layer`` the name of the :class:`DataLayer` whose feature ``id`` must be on
    the map for the label to show (so a name follows the date slider), or null. Whenever
    the view or the features shown change, labels are laid out again in that order, and a
    label is left out where it would overlap one already placed, a control, or the map's
    edge, or where the same name is already shown: names never collide. For tests: ``bordermap.labels()`` lists the texts shown
    with their boxes."""

    _template = _ENV.from_string("""
{% macro header(this, kwargs) %}
<style>
.bm-labels { position: absolute; left: 0; top: 0; z-index: 450; pointer-events: none; }
.bm-label { position: absolute; white-space: nowrap; font: 12px/14px "DejaVu Sans", "Noto Sans", Arial, sans-serif;
  color: #1a1a1a; text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff, 0 0 4px #fff; }
.bm-label.bm-line { font-weight: bold; }
.bm-label.bm-river { font-style: italic; color: #0b4a7a; }
</style>
{% endmacro %}
{% macro script(this, kwargs) %}
(function() {
  var map = {{ this._parent.get_name() }};
  var labels = {{ this.labels | tojson }};
  var container = L.DomUtil.create('div', 'bm-labels', map.getContainer());
  var spans = [], byId = {}, widths = {};
  var measure = document.createElement('canvas').getContext('2d');
  function layerOf(group, id) {
    var key = group + '|' + id;
    if (!(key in byId)) {
      var layer = window[group], all = layer ? (layer.bmAll || layer.getLayers()) : [];
      byId[key] = null;
      all.forEach(function(l) { if (l.feature && l.feature.properties.id === id) { byId[key] = l; } });
    }
    return byId[key];
  }
  var measuring = null;  // the kind whose font the measuring context has (setting one is slow)
  function width(text, kind) {
    var key = kind + '|' + text;
    if (!(key in widths)) {
      if (measuring !== kind) {
        measure.font = (kind === 'line' ? 'bold ' : kind === 'river' ? 'italic ' : '')
          + '12px "DejaVu Sans", "Noto Sans", Arial, sans-serif';
        measuring = kind;
      }
      widths[key] = Math.ceil(measure.measureText(text).width) + 4;
    }
    return widths[key];
  }
  function overlaps(a, b) {
    return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
  }
  var pending = false, shown = [];
  function layout() {
    pending = false;
    var size = map.getSize(), zoom = map.getZoom(), base = map.getContainer().getBoundingClientRect();
    var taken = [];
    map.getContainer().querySelectorAll('.leaflet-control').forEach(function(c) {
      var r = c.getBoundingClientRect();
      if (r.width && r.height) {
        taken.push([r.left - base.left - 4, r.top - base.top - 4, r.right - base.left + 4, r.bottom - base.top + 4]);
      }
    });
    shown = [];
    var used = 0, named = {};
    labels.forEach(function(item) {
      var text = item[0], kind = item[3];
      if (zoom < item[4] || named[kind + '|' + text]) { return; }  // each name once
      if (item[5]) {
        var layer = layerOf(item[5], item[6]), group = window[item[5]];
        if (!layer || !group || !map.hasLayer(group) || !group.hasLayer(layer)) { return; }
      }
      var at = map.latLngToContainerPoint([item[2], item[1]]), w = width(text, kind), h = 14;
      var box = kind === 'place' ? [at.x + 7, at.y - h / 2, at.x + 7 + w, at.y + h / 2]
                                 : [at.x - w / 2, at.y - h / 2, at.x + w / 2, at.y + h / 2];
      if (box[0] < 2 || box[1] < 2 || box[2] > size.x - 2 || box[3] > size.y - 2) { return; }
      for (var i = 0; i < taken.length; i++) { if (overlaps(box, taken[i])) { return; } }
      taken.push(box);
      named[kind + '|' + text] = true;
      var span = spans[used] || (spans[used] = L.DomUtil.create('span', '', container));
      span.className = 'bm-label bm-' + kind;
      span.textContent = text;
      span.style.left = Math.round(box[0]) + 'px';
      span.style.top = Math.round(box[1]) + 'px';
      span.style.display = '';
      used += 1;
      shown.push({text: text, kind: kind, box: box});
    });
    for (var j = used; j < spans.length; j++) { spans[j].style.display = 'none'; }
  }
  function later() {
    if (!pending) { pending = true; L.Util.requestAnimFrame(layout); }
  }
  map.on('zoomstart movestart', function() { container.style.display = 'none'; });
  map.on('zoomend moveend resize bmrestack overlayadd overlayremove', function() {
    container.style.display = '';
    later();
  });
  map.whenReady(later);
  var api = window.bordermap || (window.bordermap = {map: map});
  api.labels = function() { layout(); return shown.slice(); };
})();
{% endmacro %}
""")

    def __init__(self, labels: list[list[Any]]) -> None:
        super().__init__()
        self._name = "Labels"
        self.labels = labels


class Caption(TextMacro):
    """A caption over a map: a title line and, under it, any number of smaller lines. The
    title also names the map's region (its container's ``aria-label``)."""

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
  {{ this._parent.get_name() }}.getContainer().setAttribute('aria-label', {{ this.title | tojson }});
})();
{% endmacro %}
""")

    def __init__(self, title: str, *lines: str) -> None:
        super().__init__()
        self._name = "Caption"
        self.title, self.lines, self.css = title, [line for line in lines if line], _CONTROL_CSS


class FitView(TextMacro):
    """Sets the map's view to ``bounds`` (``[[south, west], [north, east]]``, degrees) at
    once, fitted to the part of the map the controls leave free. folium's ``fit_bounds``
    animates the change (a quarter of a second of frames while the page opens); this does
    not. ``right`` pixels on the right are left for the legend where it will open unfolded
    (the rule of :class:`Legend`), ``top`` pixels at the top for the caption and ``bottom``
    pixels at the bottom for the date slider, on a phone (narrower than ``narrow``) the
    legend's button too."""

    _template = _ENV.from_string("""
{% macro script(this, kwargs) %}
(function() {
  var map = {{ this._parent.get_name() }}, size = map.getSize();
  // the legend opens as the reader last left it, else where the map is wide and tall enough
  // (the rule of bordermapKit.folded; the kit is not on the page yet)
  var chosen = null;
  try { chosen = window.localStorage.getItem({{ this.key | tojson }}); } catch (e) { /* none */ }
  var legendOpen = chosen ? chosen === 'open'
                          : size.x >= {{ this.narrow | tojson }} && size.y >= {{ this.tall | tojson }};
  var right = legendOpen && size.x >= {{ this.narrow | tojson }} ? {{ this.right | tojson }} : 0;
  var top = {{ this.top | tojson }} + (size.x < {{ this.narrow | tojson }} ? 40 : 0);
  map.fitBounds({{ this.bounds | tojson }}, {animate: false, paddingTopLeft: [10, top],
                paddingBottomRight: [right, {{ this.bottom | tojson }}]});
})();
{% endmacro %}
""")

    def __init__(self, bounds: list[list[float]], right: int = 0, top: int = 0, bottom: int = 0,
                 narrow: int = NARROW, tall: int = TALL) -> None:
        super().__init__()
        self._name = "FitView"
        self.bounds, self.right, self.top, self.bottom = bounds, right, top, bottom
        self.narrow, self.tall = narrow, tall
        self.key = REMEMBER + "legend"


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
.bm-popup { font: 13px/1.35 "DejaVu Sans", "Noto Sans", Arial, sans-serif; }
.bm-popup h4 { margin: 0 0 2px; font-size: 15px; }
.bm-popup p { margin: 0 0 4px; color: #555; }
.bm-popup th { text-align: left; vertical-align: top; padding: 1px 8px 1px 0; white-space: nowrap; }
.bm-popup td { vertical-align: top; padding: 1px 0; }
</style>
{% endmacro %}
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = {{ this.strings | tojson }};
window.bordermapKit = window.bordermapKit || (function() {
  // -- lines and areas as Path2D shapes ------------------------------------------------
  // Each line or area is traced once, when the page loads, into a Path2D in Web Mercator
  // pixels at zoom 0; the canvas draws it scaled to the zoom, and the browser tests a point
  // against it for the pointer (isPointInPath, isPointInStroke). Leaflet's own paths would
  // project, clip and simplify every position again at each zoom.
  var MAX_LAT = L.Projection.SphericalMercator.MAX_LATITUDE, RAD = Math.PI / 180;
  // an encoded line (lon/lat) traced into path in zoom-0 pixels; box: [minX, minY, maxX, maxY];
  // with out, each position is added to it too, as [lon, lat] in degrees
  function trace(path, text, decimals, closed, box, out) {
    var factor = Math.pow(10, decimals), index = 0, lon = 0, lat = 0, first = true;
    while (index < text.length) {
      for (var i = 0; i < 2; i++) {
        var shift = 0, result = 0, byte;
        do {
          byte = text.charCodeAt(index++) - 63;
          result |= (byte & 0x1f) << shift; shift += 5;
        }
        while (byte >= 0x20);
        var delta = (result & 1) ? ~(result >> 1) : (result >> 1);
        if (i === 0) { lon += delta; } else { lat += delta; }
      }
      var phi = Math.max(Math.min(lat / factor, MAX_LAT), -MAX_LAT) * RAD;
      var x = 128 + lon / factor * (256 / 360);
      var y = 128 - (128 / Math.PI) * Math.log(Math.tan(Math.PI / 4 + phi / 2));
      if (first) { path.moveTo(x, y); first = false; } else { path.lineTo(x, y); }
      if (out) { out.push([lon / factor, lat / factor]); }
      if (x < box[0]) { box[0] = x; } if (x > box[2]) { box[2] = x; }
      if (y < box[1]) { box[1] = y; } if (y > box[3]) { box[3] = y; }
    }
    if (closed) { path.closePath(); }
  }
  var hit = document.createElement('canvas').getContext('2d');
  var Shape = L.Path.extend({
    initialize: function(lines, closed, decimals, options) {
      L.setOptions(this, L.extend({fill: closed}, options));
      var path = this._path2d = new Path2D(), box = [Infinity, Infinity, -Infinity, -Infinity];
      lines.forEach(function(text) { trace(path, text, decimals, closed, box); });
      this._box = box;
      this._closed = closed;
      this._lines = lines;
      this._decimals = decimals;
    },
    // the positions drawn, [lon, lat] in degrees, a list for each line or ring
    bmPositions: function() {
      var decimals = this._decimals, none = function() {};
      var path = {moveTo: none, lineTo: none, closePath: none};
      return this._lines.map(function(text) {
        var out = [];
        trace(path, text, decimals, false, [0, 0, 0, 0], out);
        return out;
      });
    },
    getBounds: function() {
      var crs = L.CRS.EPSG3857, b = this._box;
      return L.latLngBounds(crs.pointToLatLng(L.point(b[0], b[3]), 0), crs.pointToLatLng(L.point(b[2], b[1]), 0));
    },
    getCenter: function() { return this.getBounds().getCenter(); },
    _project: function() {
      var map = this._map;
      this._scale = map.getZoomScale(map.getZoom(), 0);
      this._origin = map.getPixelOrigin();
      this._updateBounds();
    },
    _updateBounds: function() {
      var b = this._box, s = this._scale, o = this._origin, w = this._clickTolerance() + 1;
      if (!o) { return; }
      this._pxBounds = L.bounds([b[0] * s - o.x - w, b[1] * s - o.y - w], [b[2] * s - o.x + w, b[3] * s - o.y + w]);
    },
    _update: function() {},
    _transform: function(ctx) {
      ctx.translate(-this._origin.x, -this._origin.y);
      ctx.scale(this._scale, this._scale);
    },
    _updatePath: function() {
      var renderer = this._renderer, options = this.options, s = this._scale;
      if (!renderer._drawing || !this._map) { return; }
      var ctx = renderer._ctx;
      ctx.save();
      this._transform(ctx);
      if (options.fill) {
        ctx.globalAlpha = options.fillOpacity;
        ctx.fillStyle = options.fillColor || options.color;
        ctx.fill(this._path2d, options.fillRule || 'evenodd');
      }
      if (options.stroke && options.weight !== 0) {
        ctx.setLineDash((options._dashArray || []).map(function(d) { return d / s; }));
        ctx.globalAlpha = options.opacity;
        ctx.lineWidth = options.weight / s;
        ctx.strokeStyle = options.color;
        ctx.lineCap = options.lineCap;
        ctx.lineJoin = options.lineJoin;
        ctx.stroke(this._path2d);
      }
      ctx.restore();
    },
    _containsPoint: function(p) {
      if (!this._pxBounds || !this._pxBounds.contains(p)) { return false; }
      hit.setTransform(1, 0, 0, 1, 0, 0);
      this._transform(hit);
      if (this._closed && hit.isPointInPath(this._path2d, p.x, p.y, this.options.fillRule || 'evenodd')) {
        return true;
      }
      hit.lineWidth = 2 * this._clickTolerance() / this._scale;
      hit.lineCap = hit.lineJoin = 'round';
      return hit.isPointInStroke(this._path2d, p.x, p.y);
    }
  });
  var DEPTH = {LineString: 0, MultiLineString: 1, Polygon: 1, MultiPolygon: 2};
  function lines(value, depth) {
    return depth === 0 ? [value] : [].concat.apply([], value.map(function(v) { return lines(v, depth - 1); }));
  }
  // a feature's Leaflet layer: a Shape for an encoded line or area, else what L.geoJSON makes
  function toLayer(feature, options) {
    var geometry = feature.geometry, depth = geometry && DEPTH[geometry.type];
    if (depth !== undefined && geometry.encoded !== undefined) {
      return new Shape(lines(geometry.coordinates, depth), depth > 0 && geometry.type !== 'MultiLineString',
                       geometry.encoded, L.extend({interactive: options.interactive}, options.style(feature)));
    }
    return L.GeoJSON.geometryToLayer(feature, options);
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
    var options = {
      interactive: interactive,
      style: style,
      pointToLayer: function(feature, latlng) {
        var marker = L.circleMarker(latlng, L.extend({interactive: interactive}, style(feature)));
        marker.bmOrigin = latlng;  // where it is; spread() may draw it a little apart
        return marker;
      }
    };
    var result = L.geoJSON(null, options), all = [];
    data.features.forEach(function(feature) {
      var l = toLayer(feature, options);
      l.feature = feature;
      l.defaultOptions = l.options;
      // a MultiPoint or a GeometryCollection is drawn as a group of layers: each part
      // carries the feature, so a click on any part opens the feature's popup
      if (l.eachLayer) { tag(l, feature); result.resetStyle(l); }
      all.push(l);
      if (day === null || day === undefined || holds(feature.properties, day)) { result.addLayer(l); }
    });
    if (day !== null && day !== undefined) { result.bmAll = all; }
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
  // markers at one spot (places and events of one city) drawn apart on a small ring around
  // it, so that each can be reached; redone when the zoom or the markers shown change
  function spread(map) {
    var pending = false;
    function place() {
      pending = false;
      var groups = {};
      map.eachLayer(function(l) {
        if (!l.bmOrigin || !l.feature) { return; }
        var key = l.bmOrigin.lat.toFixed(4) + ',' + l.bmOrigin.lng.toFixed(4);
        (groups[key] = groups[key] || []).push(l);
      });
      Object.keys(groups).forEach(function(key) {
        var group = groups[key].sort(function(a, b) {
          return String(a.feature.properties.id) < String(b.feature.properties.id) ? -1 : 1;
        });
        var centre = map.latLngToLayerPoint(group[0].bmOrigin);
        var radius = group.length > 1 ? 6 + 2 * group.length : 0;
        group.forEach(function(l, i) {
          var angle = 2 * Math.PI * i / group.length - Math.PI / 2;
          var at = radius ? map.layerPointToLatLng(centre.add([radius * Math.cos(angle),
                                                               radius * Math.sin(angle)]))
                          : l.bmOrigin;
          if (!l.getLatLng().equals(at)) { l.setLatLng(at); }
        });
      });
    }
    function later() {
      if (!pending) { pending = true; L.Util.requestAnimFrame(place); }
    }
    // at once when the view or the date changes (a click right after must find the marker
    // where it is drawn); later, once, when layers come and go one by one
    map.on('zoomend viewreset bmrestack', place);
    map.on('layeradd layerremove', later);
    place();
  }
  // a map's popups fit its size, on a projector as on a phone
  function fitPopups(map) {
    map.on('popupopen', function(e) {
      var size = map.getSize(), popup = e.popup;
      var width = Math.max(160, Math.min(420, size.x - 90));  // the box adds its padding
      var height = Math.max(120, Math.min(320, size.y - 200));
      if (popup.options.maxWidth !== width || popup.options.maxHeight !== height) {
        popup.options.maxWidth = width;
        popup.options.maxHeight = height;
        popup.options.minWidth = Math.min(popup.options.minWidth || 50, width);
        popup.update();
      }
    });
  }
  // whether a foldable control opens folded: as the reader last left it (localStorage), else
  // when the map is narrower than wide or shorter than tall pixels
  function folded(key, map, wide, tall) {
    try {
      var chosen = window.localStorage.getItem(key);
      if (chosen === 'open' || chosen === 'folded') { return chosen === 'folded'; }
    } catch (e) { /* no storage (a sandboxed page): decide by size */ }
    var size = map.getSize();
    return size.x < wide || size.y < tall;
  }
  function remember(key, isFolded) {
    try { window.localStorage.setItem(key, isFolded ? 'folded' : 'open'); } catch (e) { /* not kept */ }
  }
  return {layer: layer, holds: holds, drawn: drawn, shown: shown, spread: spread,
          fitPopups: fitPopups, trace: trace, folded: folded, remember: remember};
})();
(function(map) {
  // one canvas for every layer, with a few pixels of tolerance: where lines lie close, the one
  // drawn on top (the border in force) answers a click
  if (!map.options.renderer) { map.options.renderer = L.canvas({tolerance: 5}); }
  bordermapKit.fitPopups(map);
  map.whenReady(function() { bordermapKit.spread(map); });
})({{ this._parent.get_name() }});
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
    """Leaflet 1.9.4's JavaScript, and its CSS compacted: comments and runs of white space
    removed, and its pictures (the collapsed layer control's icon and the default marker,
    neither of which these maps show) left out."""
    folder = _leaflet_dir()
    script = (folder / "leaflet.js").read_text(encoding="utf-8")
    script = re.sub(r"//# sourceMappingURL=\S+", "", script)
    css = (folder / "leaflet.css").read_text(encoding="utf-8")
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    css = re.sub(r"url\(images/[a-z0-9-]+\.png\)", "none", css)
    css = re.sub(r"\s+", " ", css)
    return script, re.sub(r"\s*([{};,])\s*", r"\1", css).strip()


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
