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
from folium.template import Template
from jinja2 import Environment

from bordermap.i18n import LANGS, text


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


#: The page's own template writes JSON as bordermap's elements do (``elements.JSON_DUMPS``).
_PAGE_ENV = Environment()
_PAGE_ENV.policies["json.dumps_kwargs"] = {"sort_keys": True, "separators": (",", ":"),
                                           "ensure_ascii": False}


class Page(Figure):
    """The figure of a bordermap map: a branca ``Figure`` that renders only elements whose
    output reaches the page as text (:class:`TextMacro`), so no text is rendered twice.

    The page is in ``lang`` (``<html lang>``); its ``title`` is the document's title and
    its level-one heading (visually hidden: the map's caption shows it), both set as text
    by the browser from a ``tojson`` value. Everything the maps put in the body is inside
    ``<main>``.
    """

    _template = _PAGE_ENV.from_string("""<!DOCTYPE html>
<html lang="{{ this.lang }}">
<head>
{{ this.header.render(**kwargs) }}
<style>
main.bm-page { display: block; width: 100%; height: 100%; margin: 0; padding: 0; }
.bm-visually-hidden { position: absolute !important; width: 1px; height: 1px; margin: -1px; padding: 0;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
</style>
</head>
<body>
<main class="bm-page">
<h1 class="bm-visually-hidden" id="bm-title"></h1>
<script>
(function(title) {
  document.title = title;
  document.getElementById('bm-title').textContent = title;
})({{ this.title | tojson }});
</script>
{{ this.html.render(**kwargs) }}
</main>
</body>
<script>
{{ this.script.render(**kwargs) }}
</script>
</html>
""")

    def __init__(self, lang: str = "en", title: str = "") -> None:
        super().__init__()
        self._name = "Page"
        if lang not in LANGS:
            raise ValueError(f"language must be one of {', '.join(LANGS)}, got {lang!r}")
        self.lang, self.title = lang, str(title)
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


def on_page(element: Element, lang: str = "en", title: str = "") -> Page:
    """Put ``element`` (a map) on a new :class:`Page` in ``lang`` and return the page."""
    page = Page(lang, title)
    page.add_child(element)
    return page


# -- folium's pieces, rendered as text ---------------------------------------------------

class Map(folium.Map, TextMacro):
    """folium's ``Map``, with its own template; its own :class:`Page` is made by
    :func:`on_page`.

    Unlike folium's, the page's viewport lets the reader zoom (no ``maximum-scale`` or
    ``user-scalable=no``); the zoom buttons' titles are in ``lang``. The map's container
    is a region, named by its :class:`~bordermap.maps.elements.Caption`. folium's
    ``objects_to_stay_in_front`` (which needs jQuery) is not supported.
    """

    _template = Template("""
{% macro header(this, kwargs) %}
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
#{{ this.get_name() }} {
  position: {{ this.position }};
  width: {{ this.width[0] }}{{ this.width[1] }};
  height: {{ this.height[0] }}{{ this.height[1] }};
  left: {{ this.left[0] }}{{ this.left[1] }};
  top: {{ this.top[0] }}{{ this.top[1] }};
}
.leaflet-container { font-size: {{ this.font_size }}; }
/* one typeface on the map and its controls: the static images' (DejaVu Sans) first */
.leaflet-container, .leaflet-bar a { font-family: "DejaVu Sans", "Noto Sans", Arial, sans-serif; }
html, body { width: 100%; height: 100%; margin: 0; padding: 0; }
/* Leaflet's scale and attribution: text on opaque white, so that its contrast holds over any map */
.leaflet-container .leaflet-control-scale-line { background: #ffffff; text-shadow: none; }
.leaflet-container .leaflet-control-attribution { background: #ffffff; }
.leaflet-container .leaflet-control-attribution a { text-decoration: underline; }
</style>
<script>
L_NO_TOUCH = {{ this.global_switches.no_touch | tojson }};
L_DISABLE_3D = {{ this.global_switches.disable_3d | tojson }};
</script>
{% endmacro %}

{% macro html(this, kwargs) %}
<div class="folium-map" id={{ this.get_name() | tojson }} role="region"></div>
{% endmacro %}

{% macro script(this, kwargs) %}
var {{ this.get_name() }} = L.map(
  {{ this.get_name() | tojson }},
  {
    center: {{ this.location | tojson }},
    crs: L.CRS.{{ this.crs }},
    ...{{ this.options | tojavascript }}
  }
);
{%- if this.control_scale %}
L.control.scale().addTo({{ this.get_name() }});
{%- endif %}
{%- if this.zoom_buttons %}
L.control.zoom({{ this.zoom_buttons | tojson }}).addTo({{ this.get_name() }});
{%- endif %}
{% endmacro %}
""")

    def __init__(self, *args: Any, lang: str = "en", zoom_control: bool | str = True,
                 **kwargs: Any) -> None:
        super().__init__(*args, zoom_control=False, **kwargs)
        self.lang = lang
        self.zoom_buttons = None
        if zoom_control:
            position = zoom_control if isinstance(zoom_control, str) else "topleft"
            self.zoom_buttons = {"position": position, "zoomInTitle": text("map.zoom_in", lang),
                                 "zoomOutTitle": text("map.zoom_out", lang)}


class FeatureGroup(folium.FeatureGroup, TextMacro):
    """folium's ``FeatureGroup``."""


class TileLayer(folium.TileLayer, TextMacro):
    """folium's ``TileLayer``."""


class LayerControl(folium.LayerControl, TextMacro):
    """folium's ``LayerControl``. Leaflet sets a layer's name in the control as HTML
    (``innerHTML``): names are escaped here, once, for every layer, so a name is shown as
    written. Its list is kept within the map by CSS (``max-height``): Leaflet's ``expand()``
    would measure the page to size it while the page is still being built, a forced layout
    of the whole page before anything is drawn."""

    _template = _PAGE_ENV.from_string("""
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = (function() {
  function pick(items) {
    var out = {};
    items.forEach(function(item) { out[item[0]] = window[item[1]]; });
    return out;
  }
  var control = L.control.layers(pick({{ this.base | tojson }}), pick({{ this.over | tojson }}),
                                 {{ this.options | tojson }});
  control.expand = function() {
    L.DomUtil.addClass(this._container, 'leaflet-control-layers-expanded');
    this._checkDisabledLayers();
    return this;
  };
  return control.addTo({{ this._parent.get_name() }});
})();
{% endmacro %}
{% macro header(this, kwargs) %}
<style>
.leaflet-control-layers-expanded .leaflet-control-layers-list { max-height: 60vh; overflow-y: auto; }
</style>
{% endmacro %}
""")

    def render(self, **kwargs: Any) -> None:
        self.reset()
        self.base, self.over = [], []
        for item in self._parent._children.values():
            if isinstance(item, folium.map.Layer) and item.control:
                target = self.over if item.overlay else self.base
                target.append([html.escape(str(item.layer_name)), item.get_name()])
        TextMacro.render(self, **kwargs)
