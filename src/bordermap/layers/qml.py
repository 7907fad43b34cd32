"""QGIS styles (QML, QGIS 3) for the tables of ``bordermap.gpkg``, made from
:mod:`bordermap.style`, the style the maps draw with: the same colours, widths and dashes,
in screen pixels. A table whose features differ in style gets a categorized renderer on an
expression of its fields (``concat("established_by", '|', "precision")``); its categories
are those present in the data. Tables with dates are set up for QGIS's temporal controller:
``valid_from``/``valid_until`` (start and end fields; null: open), or ``date_first`` (shown
from then on).

Values from the data reach the document only as XML attribute values, escaped by
:mod:`xml.etree.ElementTree`.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

from bordermap import style

#: The QGIS version the documents are written for (read by every later 3.x).
QGIS_VERSION = "3.34.0-Prizren"

#: One part of a category key: a QGIS expression, and the same value computed in Python.
Part = tuple[str, Callable[[dict[str, Any]], str]]


def _field(name: str) -> Part:
    return f'"{name}"', lambda p: str(p[name])


def _flag(name: str, yes: str, no: str) -> Part:
    return f"if(\"{name}\", '{yes}', '{no}')", lambda p: yes if p[name] else no


_MAJOR = ", ".join(f"'{r}'" for r in style.RIVER_MAJOR)
#: How each kind of table is styled: the parts of its category key, and the Leaflet style
#: of a feature's properties (None: one symbol for every feature).
STYLERS: dict[str, tuple[tuple[Part, ...], Callable[[dict[str, Any]], dict[str, Any]]]] = {
    "borders": ((_field("established_by"), _field("precision")),
                lambda p: style.border_style(p["established_by"], p["precision"])),
    "regime-borders": ((_field("established_by"), _field("precision"), _flag("own", "own", "inherited")),
                       lambda p: style.border_style(p["established_by"], p["precision"], p["own"])),
    "territories": ((_field("status"), _flag("alternative", "second reading", "main")),
                    lambda p: style.territory_style(p["status"], p["alternative"])),
    "rivers": (((f"if(\"id\" IN ({_MAJOR}), 'major', 'minor')",
                 lambda p: "major" if p["id"] in style.RIVER_MAJOR else "minor"),),
               lambda p: style.river_style(p["id"])),
    "lakes": ((), lambda p: style.LAKE_STYLE),
    "modern": ((), lambda p: style.modern_style()),
    "places": ((), lambda p: style.PLACE_MARKER),
    "events": ((), lambda p: style.EVENT_MARKER),
    "story": ((), lambda p: style.EVENT_MARKER | {"fillColor": style.PLACE_COLOR}),
    "routes": ((_field("precision"),), lambda p: style.route_style(p["precision"])),
    "proposals": ((_field("by"), _field("precision")),
                  lambda p: style.claim_style(p["by"], p["precision"])),
    "basemap-land": ((), lambda p: style.basemap_style("land")),
    "basemap-lakes": ((), lambda p: style.basemap_style("lake")),
    "basemap-rivers": ((), lambda p: style.basemap_style("river")),
}


def _rgba(color: str, opacity: float = 1.0) -> str:
    color = color.lstrip("#")
    r, g, b = (int(color[i:i + 2], 16) for i in (0, 2, 4))
    return f"{r},{g},{b},{round(max(0.0, min(1.0, opacity)) * 255)}"


def _options(layer: ET.Element, values: dict[str, str]) -> None:
    box = ET.SubElement(layer, "Option", type="Map")
    for name, value in values.items():
        ET.SubElement(box, "Option", name=name, value=value, type="QString")


def _dash(dash: str | None) -> dict[str, str]:
    if not dash:
        return {"use_custom_dash": "0", "customdash": "5;2", "customdash_unit": "Pixel"}
    return {"use_custom_dash": "1", "customdash": ";".join(dash.split()), "customdash_unit": "Pixel"}


def _symbol(parent: ET.Element, name: str, geometry: str, look: dict[str, Any]) -> None:
    """A QGIS symbol for a Leaflet style ``look`` on ``geometry`` (line, fill or marker)."""
    symbol = ET.SubElement(parent, "symbol", type=geometry, name=name, alpha="1", clip_to_extent="1",
                           force_rhr="0")
    if geometry == "line":
        layer = ET.SubElement(symbol, "layer", {"class": "SimpleLine", "enabled": "1", "locked": "0",
                                                "pass": "0"})
        _options(layer, {"line_color": _rgba(look["color"], look.get("opacity", 1.0)),
                         "line_width": f"{look.get('weight', 1.0):g}", "line_width_unit": "Pixel",
                         "line_style": "solid", **_dash(look.get("dashArray")),
                         "capstyle": "flat" if look.get("lineCap") == "butt" else "round",
                         "joinstyle": "round"})
    elif geometry == "fill":
        layer = ET.SubElement(symbol, "layer", {"class": "SimpleFill", "enabled": "1", "locked": "0",
                                                "pass": "0"})
        outline = look.get("color", look.get("fillColor", "#000000"))
        _options(layer, {"color": _rgba(look.get("fillColor", outline), look.get("fillOpacity", 0.2)),
                         "style": "solid", "outline_color": _rgba(outline, look.get("opacity", 1.0)),
                         "outline_style": "dash" if look.get("dashArray") else "solid",
                         "outline_width": f"{look.get('weight', 1.0):g}", "outline_width_unit": "Pixel",
                         "joinstyle": "round"})
    else:
        layer = ET.SubElement(symbol, "layer", {"class": "SimpleMarker", "enabled": "1", "locked": "0",
                                                "pass": "0"})
        _options(layer, {"name": "circle", "color": _rgba(look["fillColor"], look.get("fillOpacity", 1.0)),
                         "outline_color": _rgba(look.get("color", "#ffffff")),
                         "outline_width": f"{look.get('weight', 1.0):g}", "outline_width_unit": "Pixel",
                         "size": f"{2 * look.get('radius', 4):g}", "size_unit": "Pixel",
                         "outline_style": "solid"})


_GEOMETRY = {"Point": ("marker", "0"), "LineString": ("line", "1"), "MultiLineString": ("line", "1"),
             "Polygon": ("fill", "2"), "MultiPolygon": ("fill", "2")}


def qml(styler: str, geometry: str, features: list[dict[str, Any]], fields: set[str]) -> str:
    """The QML document for a table of ``features`` (GeoJSON, with the fields ``fields``) of
    geometry type ``geometry``, styled by :data:`STYLERS` ``[styler]``."""
    parts, look_of = STYLERS[styler]
    kind, code = _GEOMETRY[geometry]
    root = ET.Element("qgis", version=QGIS_VERSION, styleCategories="Symbology|Temporal")
    if parts:
        expression = parts[0][0] if len(parts) == 1 else "concat(" + ", '|', ".join(e for e, _ in parts) + ")"
        renderer = ET.SubElement(root, "renderer-v2", type="categorizedSymbol", attr=expression,
                                 symbollevels="0", enableorderby="0", forceraster="0")
        categories, symbols = ET.SubElement(renderer, "categories"), ET.SubElement(renderer, "symbols")
        seen: dict[str, dict[str, Any]] = {}
        for f in features:
            key = "|".join(value(f["properties"]) for _, value in parts)
            seen.setdefault(key, look_of(f["properties"]))
        for number, (key, look) in enumerate(seen.items()):
            ET.SubElement(categories, "category", value=key, type="string", symbol=str(number),
                          label=key.replace("|", ", "), render="true")
            _symbol(symbols, str(number), kind, look)
    else:
        renderer = ET.SubElement(root, "renderer-v2", type="singleSymbol", symbollevels="0",
                                 enableorderby="0", forceraster="0")
        _symbol(ET.SubElement(renderer, "symbols"), "0", kind,
                look_of(features[0]["properties"] if features else {}))
    if {"valid_from", "valid_until"} <= fields:  # in force from-until: null is open
        ET.SubElement(root, "temporal", enabled="1", mode="2", limitMode="0", startField="valid_from",
                      endField="valid_until", accumulate="0", startExpression="", endExpression="",
                      durationField="", fixedDuration="0")
    elif "date_first" in fields:  # shown from the day it happened on
        ET.SubElement(root, "temporal", enabled="1", mode="1", limitMode="0", startField="date_first",
                      endField="", accumulate="1", startExpression="", endExpression="",
                      durationField="", fixedDuration="0")
    ET.SubElement(root, "layerGeometryType").text = code
    ET.indent(root)
    return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n" + ET.tostring(
        root, encoding="unicode") + "\n"
