"""The one style definition for interactive maps and image export.

Colours, line dashes and widths per regime, territory status and border precision.
Dash patterns are SVG/Leaflet ``dashArray`` strings in pixels; the image export turns
them into matplotlib dash tuples with :func:`mpl_dashes`.
"""

from __future__ import annotations

# The palette is checked by tests/test_style.py: the regime lines, the rivers and today's
# border differ pairwise by CIEDE2000 >= 10 in normal vision and under simulated protanopia,
# deuteranopia and tritanopia (Machado et al. 2009); the territory fills, at their opacity over
# the land, by >= 6. No regime line is blue (blue is water) or pale (>= 3:1 against the land).

#: Border line colour of each regime (and of today's reference border): Okabe–Ito vermillion,
#: then a dark bluish green, a reddish purple and a dark brown; today's border a mid grey.
REGIME_COLORS = {
    "nerchinsk-1689": "#d55e00",
    "kyakhta-1727": "#006b4f",
    "aigun-1858": "#a01880",
    "peking-1860": "#5c3a00",
    "modern": "#808080",
}

#: Territory fill colour of each status (drawn at 35 % over the land). Russia is a dark navy,
#: which at that opacity is a slate, not the light blue of a lake.
STATUS_COLORS = {
    "qing": "#f0d800",
    "russia": "#1a2f5c",
    "ceded": "#8c0a0a",
    "joint": "#6020e0",
    "undelimited": "#aaaaaa",
    "enclave": "#4f9010",
}

#: Border dash of each precision, one pattern each: surveyed solid, described long dashes,
#: approximate medium dashes, undelimited dots (the caps are round: a 1 px dash is a dot, and
#: each gap loses the line's width).
PRECISION_DASH = {
    "described": "14 8",
    "surveyed": None,
    "approximate": "6 7",
    "undelimited": "1 6",
}

#: Line weight (px) of each precision.
PRECISION_WEIGHT = {"described": 3.5, "surveyed": 3.5, "approximate": 3.0, "undelimited": 2.5}

RIVER_MAJOR = ("amur", "ussuri")
RIVER_COLOR = "#1a7fd0"
LAKE_COLOR = "#a6cee3"
LAND_COLOR = "#f4f1e8"
WATER_COLOR = "#dbe9f4"
PLACE_COLOR = "#222222"
EVENT_COLOR = "#e69f00"
CHANGED_COLOR = "#b80840"
#: Today's border: a thin dash-dot, unlike every precision's pattern.
MODERN_DASH = "10 5 1 5"
#: Expeditions' routes: a thin near-black line, solid on a river, dashed where approximate
#: (a ship's course); drawn over the blue rivers they follow.
ROUTE_COLOR = "#111111"
ROUTE_WEIGHT = 2.0
#: Lines proposed but never in force: a broad translucent band in the colour of the side
#: that proposed it (its territory colour), never a thin line that could pass for a border;
#: solid where the proposal described the line, dashed where it did not.
CLAIM_COLORS = {"russia": STATUS_COLORS["russia"], "qing": "#c9a800"}
CLAIM_WEIGHT, CLAIM_OPACITY, CLAIM_DASH = 11.0, 0.5, "12 10"


#: How a segment that an earlier treaty drew is drawn on a later regime's map: thinner and
#: lighter than the regime's own, in the colour of the treaty that drew it.
INHERITED_WEIGHT, INHERITED_OPACITY = 0.6, 0.6


def border_style(regime: str, precision: str, own: bool = True) -> dict:
    """Leaflet path options for a border segment that treaty ``regime`` drew, at
    ``precision``; ``own`` False: on the map of a later regime, under which it stayed in
    force."""
    weight = PRECISION_WEIGHT[precision] * (1.0 if own else INHERITED_WEIGHT)
    return {"color": REGIME_COLORS.get(regime, "#000000"), "weight": round(weight, 2),
            "dashArray": PRECISION_DASH[precision], "opacity": 0.95 if own else INHERITED_OPACITY,
            "lineCap": "round"}


#: Outline of a territory that is a second reading, beside the main one.
ALTERNATIVE_DASH = "3 3"


def territory_style(status: str, alternative: bool = False) -> dict:
    """Leaflet path options for a territory of ``status``; an ``alternative`` reading is
    drawn with a dashed outline and a faint fill."""
    color = STATUS_COLORS.get(status, "#999999")
    if alternative:
        return {"color": color, "weight": 2.0, "opacity": 0.9, "dashArray": ALTERNATIVE_DASH,
                "fillColor": color, "fillOpacity": 0.1}
    return {"color": color, "weight": 0.5, "opacity": 0.8, "fillColor": color, "fillOpacity": 0.35}


def river_style(river: str) -> dict:
    """Leaflet path options for a river: the Amur and the Ussuri stand out."""
    major = river in RIVER_MAJOR
    return {"color": RIVER_COLOR, "weight": 3.0 if major else 1.5, "opacity": 0.9 if major else 0.7}


def modern_style() -> dict:
    """Leaflet path options for today's border."""
    return {"color": REGIME_COLORS["modern"], "weight": 1.5, "dashArray": MODERN_DASH,
            "opacity": 0.8}


def route_style(precision: str) -> dict:
    """Leaflet path options for a leg of a route at ``precision`` (generalised: on a traced
    river; approximate: a ship's course)."""
    return {"color": ROUTE_COLOR, "weight": ROUTE_WEIGHT, "opacity": 0.9, "lineCap": "round",
            "dashArray": PRECISION_DASH["approximate"] if precision == "approximate" else None}


def claim_style(by: str, precision: str) -> dict:
    """Leaflet path options for a proposed line made ``by`` russia or qing at ``precision``."""
    return {"color": CLAIM_COLORS.get(by, "#777777"), "weight": CLAIM_WEIGHT, "opacity": CLAIM_OPACITY,
            "lineCap": "butt", "dashArray": None if precision in ("described", "surveyed") else CLAIM_DASH}


#: Circle markers for places and events, and the lake (Leaflet path options).
PLACE_MARKER = {"radius": 3.5, "color": "#ffffff", "weight": 1, "fill": True,
                "fillColor": PLACE_COLOR, "fillOpacity": 0.9}
EVENT_MARKER = PLACE_MARKER | {"radius": 5, "fillColor": EVENT_COLOR}
LAKE_STYLE = {"color": RIVER_COLOR, "weight": 1, "fillColor": LAKE_COLOR, "fillOpacity": 0.8}


def basemap_style(kind: str) -> dict:
    """How the vector basemap draws a feature of ``kind`` (land, lake or river)."""
    if kind == "land":
        return {"fillColor": LAND_COLOR, "fillOpacity": 1.0, "color": "#9e9a8f", "weight": 0.6}
    if kind == "lake":
        return {"fillColor": WATER_COLOR, "fillOpacity": 1.0, "color": "#9ab8cf", "weight": 0.4}
    return {"color": "#9ab8cf", "weight": 0.6, "opacity": 0.8}


def mpl_dashes(dash: str | None, weight: float) -> tuple | str:
    """A matplotlib linestyle for a Leaflet ``dashArray`` (pixel lengths scaled by ``weight``)."""
    if not dash:
        return "solid"
    return (0, tuple(float(v) / max(weight, 1.0) for v in dash.split()))
