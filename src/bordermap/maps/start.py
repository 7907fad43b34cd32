"""``start.html``: the page a teacher opens first — every map of the set, in its language,
with what each shows, as links; and, where they exist, the static images and the notebooks."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from bordermap.maps.elements import _ENV
from bordermap.maps.page import TextMacro


class Gallery(TextMacro):
    """The list of maps: ``entries`` are ``{"href", "title", "what"}`` (``href`` a file of the
    set); ``more`` are further sections, ``{"heading", "entries": [{"title", "links": [[label,
    href], ...]}]}`` (the images, the notebooks). The browser builds the lists as DOM text."""

    _template = _ENV.from_string("""
{% macro header(this, kwargs) %}
<style>
body { font: 16px/1.5 "DejaVu Sans", "Noto Sans", Arial, sans-serif; color: #1a1a1a; background: #f4f1e8;
  margin: 0; }
.bm-gallery { max-width: 46em; margin: 0 auto; padding: 1.5em 1em 3em; }
.bm-gallery h2 { font-size: 1.6em; margin: 0 0 0.3em; }
.bm-gallery p.bm-intro { margin: 0 0 1.2em; color: #333; }
.bm-gallery ul { list-style: none; padding: 0; margin: 0; }
.bm-gallery li { background: #fff; border-radius: 6px; margin: 0 0 0.7em; padding: 0.7em 1em;
  box-shadow: 0 1px 3px rgba(0,0,0,0.2); }
.bm-gallery a { font-weight: bold; color: #0b4a7a; font-size: 1.1em; }
.bm-gallery li p { margin: 0.2em 0 0; color: #333; }
.bm-gallery h3 { font-size: 1.2em; margin: 1.4em 0 0.4em; }
.bm-gallery ul.bm-files li { padding: 0.45em 1em; display: flex; flex-wrap: wrap; gap: 0.4em 1em;
  align-items: baseline; }
.bm-gallery .bm-file { flex: 1 1 14em; }
.bm-gallery ul.bm-files a { font-size: 1em; }
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
  data.more.forEach(function(section) {
    node(nav, 'h3', section.heading);
    var files = node(nav, 'ul', undefined, 'bm-files');
    section.entries.forEach(function(entry) {
      var item = node(files, 'li');
      node(item, 'span', entry.title, 'bm-file');
      entry.links.forEach(function(pair) {
        var link = node(item, 'a', pair[0]);
        link.href = pair[1];
      });
    });
  });
})({{ this.data | tojson }});
{% endmacro %}
""")

    def __init__(self, heading: str, intro: str, entries: list[dict[str, str]],
                 more: list[dict[str, Any]] | None = None) -> None:
        super().__init__()
        self._name = "Gallery"
        self.data = {"heading": heading, "intro": intro, "entries": entries, "more": more or []}


#: The files of an image or a notebook the start page links to, in this order, and how
#: each is labelled.
IMAGE_FORMATS = (("png", "PNG"), ("svg", "SVG"), ("pdf", "PDF"))
NOTEBOOK_FORMATS = (("html", "HTML"), ("ipynb", "Jupyter"))


def _files(folder: Path | None, out: Path,
           formats: tuple[tuple[str, str], ...]) -> dict[str, list[list[str]]]:
    """The files of ``folder`` with one of ``formats``' suffixes, by name without suffix:
    ``[label, href]`` pairs, the href relative to ``out`` (the start page's folder) and
    URL-quoted. Nothing when the folder does not exist."""
    found: dict[str, list[list[str]]] = {}
    if folder is None or not folder.is_dir():
        return found
    for suffix, label in formats:
        for path in sorted(folder.glob(f"*.{suffix}")):
            href = Path(os.path.relpath(path.resolve(), out.resolve())).as_posix()
            found.setdefault(path.stem, []).append([label, quote(href)])
    return dict(sorted(found.items()))


def _image_titles(data: Any) -> dict[str, str]:
    """What each image ``bordermap export`` writes shows, by file name without suffix (see
    :mod:`bordermap.images.export`), in the order the start page lists them."""
    titles = {"overview": data.t("start.image_overview"), "small-multiples": data.t("start.image_periods")}
    for r in data.index["regimes"]:
        if r.get("period"):
            titles[r["id"]] = data.regime_label(r["id"])
    for before, after in data.comparisons():
        titles[f"change-{data.regime_year(before)}-{data.regime_year(after)}"] = (
            f"{data.regime_label(before)} → {data.regime_label(after)}")
    return titles


def more_sections(data: Any, out: Path, images: Path | None, notebooks: Path | None) -> list[dict[str, Any]]:
    """The start page's sections for the static images in ``images`` and the notebooks in
    ``notebooks`` (executed HTML copies and ``.ipynb`` files), those that exist, linked
    from ``out``."""
    sections = []
    found = _files(images, out, IMAGE_FORMATS)
    if found:
        titles = _image_titles(data)
        order = [stem for stem in titles if stem in found] + [stem for stem in found if stem not in titles]
        sections.append({"heading": data.t("start.images"),
                         "entries": [{"title": titles.get(stem, stem), "links": found[stem]}
                                     for stem in order]})
    found = _files(notebooks, out, NOTEBOOK_FORMATS)
    if found:
        sections.append({"heading": data.t("start.notebooks"),
                         "entries": [{"title": stem, "links": links} for stem, links in found.items()]})
    return sections


def start_page(data: Any, names: dict[str, tuple[str, ...]], more: list[dict[str, Any]] | None = None,
               story: bool = False, handout: bool = False) -> str:
    """HTML of ``start.html`` for the maps ``names`` (file -> the regimes it draws, as
    :func:`~bordermap.maps.compose.map_names` gives them), in ``data``'s language, and the
    sections ``more`` (:func:`more_sections`); with ``story``, the guided tour
    (``story.html``, beside the maps) first; with ``handout``, its printable handout
    (``story.pdf``) after it."""
    from bordermap.maps.page import Page

    first, last = data.coverage()
    entries = []
    if story:
        entries.append({"href": "story.html", "title": data.t("story.title"), "what": data.t("story.what")})
    if handout:
        entries.append({"href": "story.pdf", "title": data.t("story.handout"),
                        "what": data.t("story.handout_what")})
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
    page.add_child(Gallery(data.t("start.title"), data.t("start.intro"), entries, more))
    return page.render()
