"""``start.html``: the page a teacher opens first — every map of the set, in its language,
with what each shows, as links."""

from __future__ import annotations

from typing import Any

from bordermap.maps.elements import _ENV
from bordermap.maps.page import TextMacro


class Gallery(TextMacro):
    """The list of maps: ``entries`` are ``{"href", "title", "what"}`` (``href`` a file of the
    set); the browser builds the list as DOM text."""

    _template = _ENV.from_string("""
{% macro header(this, kwargs) %}
<style>
body { font: 16px/1.5 "Noto Sans", "DejaVu Sans", Arial, sans-serif; color: #1a1a1a; background: #f4f1e8;
  margin: 0; }
.bm-gallery { max-width: 46em; margin: 0 auto; padding: 1.5em 1em 3em; }
.bm-gallery h2 { font-size: 1.6em; margin: 0 0 0.3em; }
.bm-gallery p.bm-intro { margin: 0 0 1.2em; color: #333; }
.bm-gallery ul { list-style: none; padding: 0; margin: 0; }
.bm-gallery li { background: #fff; border-radius: 6px; margin: 0 0 0.7em; padding: 0.7em 1em;
  box-shadow: 0 1px 3px rgba(0,0,0,0.2); }
.bm-gallery a { font-weight: bold; color: #0b4a7a; font-size: 1.1em; }
.bm-gallery li p { margin: 0.2em 0 0; color: #333; }
</style>
{% endmacro %}
{% macro html(this, kwargs) %}
<nav class="bm-gallery" id="bm-gallery" aria-labelledby="bm-gallery-title"></nav>
{% endmacro %}
{% macro script(this, kwargs) %}
(function(data) {
  var nav = document.getElementById('bm-gallery');
  function node(parent, tag, text, className) {
    var element = parent.appendChild(document.createElement(tag));
    if (text !== undefined) { element.textContent = text; }
    if (className) { element.className = className; }
    return element;
  }
  node(nav, 'h2', data.heading).id = 'bm-gallery-title';
  node(nav, 'p', data.intro, 'bm-intro');
  var list = node(nav, 'ul');
  data.entries.forEach(function(entry) {
    var item = node(list, 'li');
    var link = node(item, 'a', entry.title);
    link.href = entry.href;
    node(item, 'p', entry.what);
  });
})({{ this.data | tojson }});
{% endmacro %}
""")

    def __init__(self, heading: str, intro: str, entries: list[dict[str, str]]) -> None:
        super().__init__()
        self._name = "Gallery"
        self.data = {"heading": heading, "intro": intro, "entries": entries}


def start_page(data: Any, names: dict[str, tuple[str, ...]]) -> str:
    """HTML of ``start.html`` for the maps ``names`` (file -> the regimes it draws, as
    :func:`~bordermap.maps.compose.map_names` gives them), in ``data``'s language."""
    from bordermap.maps.page import Page

    first, last = data.coverage()
    entries = []
    for file, regimes in names.items():
        if not regimes:
            title = data.t("title")
            what = data.t("start.combined").format(first=first[:4], last=last[:4])
        elif len(regimes) == 1:
            title = data.regime_label(regimes[0])
            what = data.t("start.regime").format(period=data.period_text(regimes[0]))
        else:
            title = f"{data.regime_label(regimes[0])} → {data.regime_label(regimes[1])}"
            what = data.t("start.compare")
        entries.append({"href": file, "title": title, "what": what})
    page = Page(data.lang, data.t("start.title"))
    page.add_child(Gallery(data.t("start.title"), data.t("start.intro"), entries))
    return page.render()
