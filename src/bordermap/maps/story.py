"""``story.html``: the guided tour of the seed history (``layers/story.geojson``), offline.

One self-contained page: the map on one side (on a phone, on top) and a panel on the
other with the step's title, date in both calendars, text and sources, and buttons (and
the arrow keys) to move through the steps. At each step the map flies to the step's view
and draws what held on its day, from the timeline (the border, the territories, the
places that stood and the events up to then: before 1689 there is no border to draw);
the step's treaties' lines, places and events are emphasised, and the routes and proposed
lines it tells of are drawn (at that step only). The URL fragment carries the step
(``#step=16``), so a link opens it.
"""

from __future__ import annotations

from typing import Any

from bordermap.maps.elements import _CONTROL_CSS, _ENV
from bordermap.maps.page import TextMacro

#: Share of the page the map takes: its width on a wide screen, its height on a phone.
MAP_SHARE_WIDE, MAP_SHARE_NARROW = 64, 56


class StoryPanel(TextMacro):
    """The tour's panel and its stepping. ``steps`` are ``{"id", "day", "lon", "lat", "zoom",
    "title", "date", "text", "source", "regimes", "places", "events", "routes", "proposals"}``
    (texts in the page's language); ``layers`` maps a role (``borders``, ``territories``,
    ``places``, ``events``; ``routes`` and ``proposals``, shown only at the steps that list
    them) to the name of a :class:`~bordermap.maps.elements.DataLayer` whose features carry
    their lifespan (routes and proposals: their ``route`` or ``proposal`` id); ``text`` the
    interface words. ``window.bordermap`` gains ``steps``, ``step`` and ``go(index)`` for tests
    and scripting."""

    _template = _ENV.from_string("""
{% macro header(this, kwargs) %}
<style>
{{ this.css }}
.bm-story-map { position: absolute !important; left: 0; top: 0; width: {{ this.wide }}% !important;
  height: 100% !important; }
.bm-story { position: absolute; right: 0; top: 0; width: {{ 100 - this.wide }}%; height: 100%;
  box-sizing: border-box; overflow-y: auto; padding: 16px 18px; background: #fbfaf6;
  border-left: 1px solid #d8d3c4; color: #1a1a1a;
  font: 15px/1.5 "DejaVu Sans", "Noto Sans", Arial, sans-serif; }
.bm-story h1 { font-size: 13px; font-weight: normal; color: #555; margin: 0 0 8px; }
.bm-story h2 { font-size: 20px; margin: 0 0 4px; }
.bm-story .bm-story-date { color: #444; margin: 0 0 10px; font-size: 14px; }
.bm-story .bm-story-text { margin: 0 0 12px; }
.bm-story .bm-story-source { color: #555; font-size: 12px; margin: 0 0 14px; }
.bm-story nav { display: flex; gap: 8px; align-items: center; position: sticky; bottom: -16px;
  margin: 0 -18px -16px; padding: 8px 18px 16px; background: #fbfaf6; }
.bm-story nav button { font: inherit; min-height: 36px; min-width: 44px; padding: 4px 12px;
  cursor: pointer; }
.bm-story nav .bm-story-count { margin-left: auto; color: #444; font-size: 13px; }
@media (max-width: 700px) {
  .bm-story-map { width: 100% !important; height: {{ this.narrow }}% !important; }
  .bm-story { top: {{ this.narrow }}%; width: 100%; height: {{ 100 - this.narrow }}%; border-left: 0;
    border-top: 1px solid #d8d3c4; padding: 10px 12px; font-size: 14px; }
  .bm-story h2 { font-size: 17px; }
  /* the buttons stay in sight when the step's text is longer than the panel */
  .bm-story nav { bottom: -10px; margin: 0 -12px -10px; padding: 6px 12px 10px;
    border-top: 1px solid #e4dfd2; }
}
</style>
{% endmacro %}
{% macro script(this, kwargs) %}
(function() {
  var map = {{ this._parent.get_name() }};
  var steps = {{ this.steps | tojson }};
  var text = {{ this.text | tojson }};
  var roles = {{ this.layers | tojson }};
  var holds = bordermapKit.holds;
  var layers = {};
  Object.keys(roles).forEach(function(role) {
    var group = window[roles[role]];
    layers[role] = {group: group, all: group.bmAll || group.getLayers()};
  });
  map.getContainer().classList.add('bm-story-map');
  var panel = document.createElement('section');
  panel.className = 'bm-story';
  panel.setAttribute('aria-label', text.tour);
  document.body.appendChild(panel);
  function node(parent, tag, className) {
    var element = parent.appendChild(document.createElement(tag));
    if (className) { element.className = className; }
    return element;
  }
  node(panel, 'h1').textContent = text.tour;
  var title = node(panel, 'h2');
  var date = node(panel, 'p', 'bm-story-date');
  var body = node(panel, 'p', 'bm-story-text');
  var source = node(panel, 'p', 'bm-story-source');
  var nav = node(panel, 'nav');
  nav.setAttribute('aria-label', text.tour);
  var back = node(nav, 'button', 'bm-story-previous');
  var next = node(nav, 'button', 'bm-story-next');
  var count = node(nav, 'span', 'bm-story-count');
  back.type = next.type = 'button';
  back.textContent = text.previous;
  next.textContent = text.next;
  var OWN = {routes: 'route', proposals: 'proposal'};
  var current = -1, emphasised = [];
  function emphasise(step) {
    emphasised.forEach(function(item) { item.group.resetStyle(item.layer); });
    emphasised = [];
    ['borders', 'places', 'events'].forEach(function(role) {
      var t = layers[role];
      if (!t) { return; }
      t.all.forEach(function(l) {
        var p = l.feature.properties;
        var hit = role === 'borders' ? step.regimes.indexOf(p.established_by) >= 0
                                     : step[role].indexOf(p.id) >= 0;
        if (hit && t.group.hasLayer(l)) {
          l.setStyle(role === 'borders' ? {weight: (l.options.weight || 3) * 1.8}
                                        : {radius: (l.options.radius || 4) + 3, weight: 3});
          emphasised.push({group: t.group, layer: l});
        }
      });
    });
  }
  function go(index, fly) {
    var i = Math.max(0, Math.min(steps.length - 1, index));
    var step = steps[i];
    current = i;
    Object.keys(layers).forEach(function(role) {  // what held on the step's day
      var t = layers[role], own = OWN[role];
      t.all.forEach(function(l) {
        // a route or a proposal shows only at the steps that tell of it
        var on = own ? step[role].indexOf(l.feature.properties[own]) >= 0
                     : holds(l.feature.properties, step.day);
        if (on && !t.group.hasLayer(l)) { t.group.addLayer(l); }
        else if (!on && t.group.hasLayer(l)) { t.group.removeLayer(l); }
      });
    });
    emphasise(step);
    title.textContent = step.title;
    date.textContent = step.date;
    body.textContent = step.text;
    source.textContent = text.sources + ': ' + step.source;
    count.textContent = text.count.replace('{n}', String(i + 1))
      .replace('{total}', String(steps.length));
    back.disabled = i === 0;
    next.disabled = i === steps.length - 1;
    var reduce = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    if (fly && !reduce) { map.flyTo([step.lat, step.lon], step.zoom, {duration: 0.8}); }
    else { map.setView([step.lat, step.lon], step.zoom, {animate: false}); }
    if (window.history && history.replaceState) {
      try { history.replaceState(null, '', '#step=' + (i + 1)); } catch (e) { /* a page without a URL */ }
    }
    window.bordermap.step = i;
    window.bordermap.day = step.day;
    map.fire('bmrestack');
  }
  back.addEventListener('click', function() { go(current - 1, true); });
  next.addEventListener('click', function() { go(current + 1, true); });
  document.addEventListener('keydown', function(e) {
    var target = e.target && e.target.tagName;
    if (target === 'INPUT' || target === 'TEXTAREA' || e.altKey || e.ctrlKey || e.metaKey) { return; }
    if (e.key === 'ArrowRight' || e.key === 'PageDown') { e.preventDefault(); go(current + 1, true); }
    if (e.key === 'ArrowLeft' || e.key === 'PageUp') { e.preventDefault(); go(current - 1, true); }
  });
  function fromHash() {
    var match = /(?:^#|&)step=([0-9]+)(?:&|$)/.exec(location.hash);
    return match ? parseInt(match[1], 10) - 1 : 0;
  }
  window.addEventListener('hashchange', function() { go(fromHash(), true); });
  var api = window.bordermap || (window.bordermap = {map: map});
  api.steps = steps;
  api.go = function(i) { go(i, false); };
  map.invalidateSize({animate: false});
  go(fromHash(), false);
})();
{% endmacro %}
""")

    def __init__(self, steps: list[dict[str, Any]], layers: dict[str, Any],
                 text: dict[str, str]) -> None:
        super().__init__()
        self._name = "StoryPanel"
        self.steps, self.text, self.css = steps, text, _CONTROL_CSS
        self.layers = {role: layer.get_name() for role, layer in layers.items()}
        self.wide, self.narrow = MAP_SHARE_WIDE, MAP_SHARE_NARROW


def story_steps(data: Any) -> list[dict[str, Any]]:
    """The steps of ``data``'s story layer as the page shows them, in ``data``'s language:
    Turkish texts for ``tr``, else English; a title in the language where the step has one."""
    from bordermap.i18n import both_calendars

    lang = data.lang
    out = []
    for f in sorted(data.layers.get("story", []), key=lambda f: f["properties"]["step"]):
        p = f["properties"]
        lon, lat = f["geometry"]["coordinates"]
        julian = p["date_julian"] if len(p["date_julian"]) == 10 else ""
        gregorian = p["date_gregorian"] if len(p["date_gregorian"]) == 10 else p["date"]
        out.append({
            "id": p["id"], "day": p["day"], "lon": lon, "lat": lat, "zoom": p["zoom"],
            "title": p.get(f"title_{lang}") or p["title_en"],
            "text": p["text_tr"] if lang == "tr" else p["text_en"],
            "date": both_calendars(julian, gregorian, lang), "source": p["source"],
            "regimes": p["regimes"], "places": p["places"], "events": p["events"],
            "routes": p["routes"], "proposals": p["proposals"]})
    return out


def story_map(data: Any) -> str:
    """HTML of ``story.html``: the tour on an offline map (see the module's docstring)."""
    from bordermap.maps.compose import (
        CAPTION_HEIGHT,
        COMBINED_BOUNDS,
        LIFESPAN,
        _finish,
        _labels,
        _legend,
        _new_map,
        _places,
        journey_layers,
        timed_content,
    )
    from bordermap.maps.elements import Caption, Stack

    steps = story_steps(data)
    day = steps[0]["day"] if steps else data.coverage()[0]
    m, kit = _new_map(data, True, COMBINED_BOUNDS, fit=(CAPTION_HEIGHT, 0))
    timeline = data.layers["timeline"]
    # the border segments keep which treaty drew them: a step emphasises its treaties' lines
    borders, territories, context, events = timed_content(data, kit, m, day,
                                                          keep=(*LIFESPAN, "established_by"))
    journeys = journey_layers(data, kit, m, None, show=True)
    m.add_child(Stack([territories, context["rivers"], context["lake"],
                       context["modern"], journeys["routes"], journeys["proposals"], borders,
                       context["places"], events]))
    m.add_child(_labels(data, (borders, timeline), (context["places"], _places(data)),
                        data.layers["rivers"]))
    legend = _legend(data, timeline, events=True, journeys=True)
    legend.data["tall"] = 10**6  # folded until asked for: the steps' views are the whole map
    m.add_child(legend)
    m.add_child(Caption(data.t("story.title")))
    text = {key: data.t(f"story.{key}") for key in ("tour", "previous", "next", "count", "sources")}
    m.add_child(StoryPanel(steps, {"borders": borders, "territories": territories,
                                   "places": context["places"], "events": events, **journeys}, text))
    return _finish(m, True)
