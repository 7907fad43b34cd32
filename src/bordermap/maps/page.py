"""The page every map is written into, and folium's pieces as bordermap uses them.

branca renders a ``MacroElement`` by rendering its macros and wrapping the result in
``Element(text)``: the rendered text becomes the *source* of a new Jinja template, which
is rendered a second time when the page is. Any text from data inside it (a property
``{{ 7*7 }}``, a layer name with ``{#``) would be read as template code: evaluated, or a
syntax error. Here nothing is rendered twice:

* :class:`TextMacro` is a ``MacroElement`` whose rendered macros go into the page as
  text. Every element of a bordermap page is one: bordermap's own pieces
  (:mod:`bordermap.maps.elements`) and the folium classes below, which are folium's own
  with this one change.
* :class:`Page` is the figure of every map; it refuses to render any element that would
  pass its output through Jinja again.

Data therefore reaches a page only as values inserted by the one rendering pass, through
``tojson`` (compact JSON in which ``<``, ``>``, ``&`` and ``'`` are ``\\u`` escapes, so no
value can end a script) and, in the browser, as DOM text (``textContent``).
"""

from __future__ import annotations

import html
from typing import Any

import folium
from branca.element import CssLink, Element, Figure, JavascriptLink, MacroElement
from folium.elements import ElementAddToElement


class Text(Element):
    """Text placed in the page as it is: never a template."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Text"
        self.text = str(text)

    def render(self, **kwargs: Any) -> str:
        return self.text


#: folium elements that a folium layer adds to itself while it renders; their templates
#: insert element names only (``layer.addTo(map)``), and they are rendered as text too.
_ADDED_BY_FOLIUM = (ElementAddToElement,)


def render_as_text(element: MacroElement, kwargs: dict[str, Any]) -> None:
    """What ``MacroElement.render`` does, except that the macros' output is added to the
    page as :class:`Text`, not as a template to be rendered again."""
    figure = element.get_root()
    if not isinstance(figure, Page):
        raise TypeError(f"{type(element).__name__} must be rendered inside a bordermap Page")
    module = element._template.module
    for section in ("header", "html", "script"):
        macro = module.__dict__.get(section)
        if macro is not None:
            getattr(figure, section).add_child(Text(macro(element, kwargs)),
                                               name=element.get_name())
    for child in element._children.values():
        if isinstance(child, TextMacro):
            child.render(**kwargs)
        elif isinstance(child, _ADDED_BY_FOLIUM):
            render_as_text(child, kwargs)
        else:
            raise TypeError(f"{type(child).__name__} would render its output as a template")


class TextMacro(MacroElement):
    """A branca ``MacroElement`` whose rendered macros reach the page as text.

    Subclasses define ``_template`` with ``header``, ``html`` and ``script`` macros, as
    folium's plugins do; values from data go into them through ``tojson`` only.
    """

    def render(self, **kwargs: Any) -> None:
        if getattr(self, "includes", None):  # folium's Class.include() renders a template
            raise TypeError(f"{type(self).__name__}: folium class includes are not supported")
        render_as_text(self, kwargs)


def _check_tree(element: Element, path: str = "") -> None:
    for child in element._children.values():
        where = f"{path}/{type(child).__name__}"
        if not isinstance(child, (TextMacro, Text, *_ADDED_BY_FOLIUM)):
            raise TypeError(f"{where}: not a TextMacro; its output would be rendered as a "
                            "template a second time")
        _check_tree(child, where)


class Page(Figure):
    """The figure of a bordermap map: a branca ``Figure`` that renders only elements whose
    output reaches the page as text (:class:`TextMacro`), so no text is rendered twice."""

    def __init__(self) -> None:
        super().__init__()
        self._name = "Page"
        meta = self.header._children["meta_http"]
        self.header._children["meta_http"] = Text(meta.render())

    def render(self, **kwargs: Any) -> str:
        _check_tree(self)
        for child in self._children.values():
            child.render(**kwargs)
        # what the elements rendered, in the page's header, body and script: text and links
        for section in (self.header, self.html, self.script):
            for child in section._children.values():
                if not isinstance(child, (Text, JavascriptLink, CssLink)):
                    raise TypeError(f"{type(child).__name__} would be rendered as a template")
        return self._template.render(this=self, kwargs=kwargs)


def on_page(element: Element) -> Page:
    """Put ``element`` (a map) on a new :class:`Page` and return the page."""
    page = Page()
    page.add_child(element)
    return page


# -- folium's pieces, rendered as text ---------------------------------------------------

class Map(folium.Map, TextMacro):
    """folium's ``Map``; its own :class:`Page` is made by :func:`on_page`."""


class FeatureGroup(folium.FeatureGroup, TextMacro):
    """folium's ``FeatureGroup``."""


class TileLayer(folium.TileLayer, TextMacro):
    """folium's ``TileLayer``."""


class LayerControl(folium.LayerControl, TextMacro):
    """folium's ``LayerControl``. Leaflet sets a layer's name in the control as HTML
    (``innerHTML``): names are escaped here, once, for every layer, so a name is shown as
    written."""

    def render(self, **kwargs: Any) -> None:
        self.reset()
        for item in self._parent._children.values():
            if isinstance(item, folium.map.Layer) and item.control:
                target = self.overlays if item.overlay else self.base_layers
                target[html.escape(str(item.layer_name))] = item.get_name()
        TextMacro.render(self, **kwargs)
