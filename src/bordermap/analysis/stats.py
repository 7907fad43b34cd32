"""``bordermap stats``: the analysis tables as a readable table, CSV or JSON."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

FORMATS = ("table", "csv", "json")
TITLES = {
    "territories": "Territories (area in km², equal-area projection)",
    "borders": "Borders (geodesic length in km; share along rivers, ridges and lines in %)",
    "changes": "Land that changed hands when each regime took effect (km²)",
    "rivers": "Rivers (traced geodesic length against the published length)",
    "cited": "Computed figures against the figures historians cite",
}


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
            c: "{:,}".format for c in shown.columns if c in ("area_km2", "computed", "cited",
                                                                "difference")})
        parts.append(f"{TITLES[name]}\n{text}")
        if "reason" in frame.columns:
            parts.append("\n".join(f"  {r['figure']}: {r['reason']}" for r in
                                   frame.to_dict(orient="records")))
    return "\n\n".join(parts) + "\n"
