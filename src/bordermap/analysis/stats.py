"""The text the analysis commands print: ``bordermap stats`` (the analysis tables as a
readable table, CSV or JSON) and ``bordermap at`` (what was in force on a day, as GeoJSON or
a readable table).

Text from the layers reaches the terminal only through :func:`bordermap.errors.printable`
(one printable line per value), and the GeoJSON through ``json`` (as values).
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

FORMATS = ("table", "csv", "json")
AT_FORMATS = ("geojson", "table")
TITLES = {
    "territories": "Territories in force on each change day (area in km², equal-area projection)",
    "borders": "The border in force on each change day (geodesic length in km; share along "
               "rivers, ridges and lines in %)",
    "treaties": "The border in force on each change day, by the treaty that drew it (km, % of the "
                "border in force)",
    "states": "Who held the study region on each change day (km², % of the study region: every "
              "territory any treaty drew; unassigned: no territory in force there)",
    "changes": "Land of the study region that changed hands between consecutive periods (km²)",
    "rivers": "Rivers (traced geodesic length against the published length)",
    "cited": "Computed figures against the figures historians cite",
}
_THOUSANDS = ("area_km2", "computed", "cited", "difference")


def render(tables: dict[str, Any], fmt: str) -> str:
    """Text of ``tables`` (name -> DataFrame) in ``fmt`` (``table``, ``csv`` or ``json``).

    CSV is long ("tidy"): one line per value, with the columns ``table``, ``row``,
    ``column`` and ``value``, so that every table fits one file.
    """
    if fmt == "json":
        data = {name: json.loads(frame.to_json(orient="records", force_ascii=False))
                for name, frame in tables.items()}
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["table", "row", "column", "value"])
        for name, frame in tables.items():
            for number, record in enumerate(frame.to_dict(orient="records")):
                for column, value in record.items():
                    writer.writerow([name, number, column, value])
        return out.getvalue()
    if fmt != "table":
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    parts = []
    for name, frame in tables.items():
        shown = frame.drop(columns=[c for c in ("reason",) if c in frame.columns])
        text = shown.to_string(index=False, formatters={
            c: "{:,}".format for c in shown.columns if c in _THOUSANDS})
        parts.append(f"{TITLES[name]}\n{text}")
        if "reason" in frame.columns:
            parts.append("\n".join(f"  {r['figure']}: {r['reason']}" for r in
                                   frame.to_dict(orient="records")))
    return "\n\n".join(parts) + "\n"


# -- bordermap at ------------------------------------------------------------------------------

def at_geojson(found: Any) -> str:
    """One RFC 7946 FeatureCollection of what was in force on ``found.day``
    (:class:`~bordermap.analysis.InForce`): the border segments (``kind`` border), the
    territories (``kind`` territory) and the places that existed (``kind`` place, what the
    place is in ``place_kind``), in that order, each with every property of its layer.

    UTF-8 text, one feature per line; the same layers give the same bytes. The collection's
    ``name`` (a foreign member GDAL takes for the layer name) is ``bordermap-at-<day>``.
    """
    from bordermap.layers.geojson import dumps_collection, feature

    features = [feature(f["id"], f["properties"], f["geometry"])
                for f in (*found.border, *found.territories)]
    for place in found.places:
        props: dict[str, Any] = {}
        for key, value in place["properties"].items():
            if key == "kind":
                props["kind"], props["place_kind"] = "place", value
            elif key != "place_kind":
                props[key] = value
        features.append(feature(place["id"], props, place["geometry"]))
    return dumps_collection(features, f"bordermap-at-{found.day}")


def _cell(value: Any) -> str:
    from bordermap.errors import printable

    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return printable(", ".join(str(v) for v in value))
    return printable(str(value))


def _grid(header: list[str], rows: list[list[str]], right: set[int]) -> str:
    """``rows`` under ``header`` in columns two spaces apart; numbers (``right``) aligned right."""
    widths = [max(len(r[i]) for r in (header, *rows)) for i in range(len(header))]
    lines = []
    for row in (header, *rows):
        cells = [c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in
                 enumerate(zip(row, widths, strict=True))]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def at_table(found: Any) -> str:
    """A readable table of what was in force on ``found.day``: the border segments and the
    territories (each with the treaty that drew it, its article, the treaties that confirmed
    it, when it was in force, its length or area) and the places that existed."""
    from bordermap.calendars import to_julian
    from bordermap.layers.time import coverage, regime_on, treaties_in_force

    day, index = found.day, found.index
    regime = regime_on(index, day)
    treaties = treaties_in_force(index, day)
    period = (f"{_cell(regime['name']['en'])} ({regime['id']}), from {regime['period']['from']}"
              if regime else "—")
    lines = [f"In force on {day} (Gregorian; {to_julian(day)} Julian)",
             f"Period: {period}",
             "Treaties in force: " + (", ".join(_cell(t["id"]) for t in treaties) or "—")]

    length = sum(f["properties"]["length_km"] for f in found.border)
    rows = [[_cell(p["id"]), _cell(p["established_by"]), _cell(p["article"]),
             _cell(p["segment_kind"]), _cell(p["precision"]), _cell(p["valid_from"]),
             _cell(p["valid_until"]), _cell(p["confirmed_by"]), f"{p['length_km']:,.1f}"]
            for p in (f["properties"] for f in found.border)]
    lines += ["", f"Border: {len(rows)} segments, {length:,.1f} km",
              _grid(["segment", "treaty", "article", "follows", "precision", "from", "until",
                     "confirmed by", "length_km"], rows, {8})]

    area = sum(f["properties"]["area_km2"] for f in found.territories)
    rows = [[_cell(p["id"]), _cell(p["name_en"]), _cell(p["status"]), _cell(p["to_state"]),
             _cell(p["established_by"]), _cell(p["article"]), _cell(p["valid_from"]),
             _cell(p["valid_until"]), _cell(p["confirmed_by"]), f"{p['area_km2']:,}"]
            for p in (f["properties"] for f in found.territories)]
    lines += ["", f"Territories: {len(rows)}, {area:,} km²",
              _grid(["territory", "name", "status", "held by", "treaty", "article", "from",
                     "until", "confirmed by", "area_km2"], rows, {9})]

    rows = [[_cell(p["id"]), _cell(p["name_en"]), _cell(p["kind"]), _cell(p["founded"]),
             _cell(p["abandoned"])] for p in (f["properties"] for f in found.places)]
    lines += ["", f"Places: {len(rows)}",
              _grid(["place", "name", "kind", "founded", "abandoned"], rows, set())]
    lines += ["", f"until: the first day no longer in force; —: still in force on "
                  f"{coverage(index)[1]}, the last day the data cover."]
    return "\n".join(lines) + "\n"
