"""``layers/places.lpf.json``: the gazetteer in Linked Places format (LPF), the JSON-LD
GeoJSON that the World Historical Gazetteer and Recogito import.

One feature per place (the markers that only locate a line left out): its names in four
languages, its aliases, each citing the works the place rests on; when it existed, and the
events that happened there, as Gregorian timespans, the label saying the calendar the
sources wrote them in; how certain each date and the position are; the place's kind as a
feature class; its notes, and each event, as descriptions in English and Turkish."""

from __future__ import annotations

from typing import Any

#: The LPF JSON-LD context.
CONTEXT = "https://raw.githubusercontent.com/LinkedPasts/linked-places/master/linkedplaces-context-v1.1.jsonld"
#: The prefix of every place's identifier.
PREFIX = "bordermap:places/"
#: GeoNames feature classes of each kind of place (P populated place, S spot or building,
#: T mountain or pass, H water).
FCLASSES = {"fort": "S", "town": "P", "city": "P", "village": "P", "post": "S", "pass": "T", "strait": "H",
            "hill": "T", "confluence": "H", "mouth": "H", "source": "H", "treaty-site": "S"}
_CERTAIN = ("day",)


def _point(day: str, precision: str) -> dict[str, str]:
    """A timespan's bound: the day (``in``), or for a month or a year the whole of it."""
    if precision in _CERTAIN:
        return {"in": day}
    return {"in": day[:7] if precision == "month" else day[:4]}


def _citations(props: dict[str, Any], works: dict[str, dict[str, Any]]) -> list[dict[str, str]]:
    out = []
    for key in props["refs"]:
        work = works.get(key)
        if work is None:
            continue
        citation = {"label": work["reference"]}
        if work.get("url"):
            citation["@id"] = work["url"]
        out.append(citation)
    return out


def linked_places(places: list[dict[str, Any]], events: list[dict[str, Any]],
                  index: dict[str, Any]) -> dict[str, Any]:
    """The LPF FeatureCollection of ``places`` and their ``events`` (layer features)."""
    works = {w["key"]: w for w in index["bibliography"]}
    first, last = index["coverage"]["from"], index["coverage"]["until"]
    by_place: dict[str, list[dict[str, Any]]] = {}
    for event in events:
        by_place.setdefault(event["properties"]["place"], []).append(event["properties"])
    features = []
    for f in places:
        p = f["properties"]
        if p["kind"] == "marker":
            continue
        cited = _citations(p, works)
        names = [{"toponym": p[f"name_{lang}"], "lang": lang, "citations": cited}
                 for lang in ("en", "ru", "zh", "tr")]
        names += [{"toponym": alias, "citations": cited} for alias in p["aliases"]]
        spans, labels = [], []
        if p["valid_from"] or p["valid_until"]:
            span: dict[str, Any] = {"start": {"in": p["valid_from"] or first}}
            if p["valid_until"]:
                span["end"] = {"in": p["valid_until"]}
            spans.append(span)
            calendar = "Julian (Old Style)" if p["calendar"] == "julian" else "Gregorian"
            labels.append(f"existed {p['founded'] or 'before ' + first[:4]}–{p['abandoned'] or ''} "
                          f"({calendar} as the sources write it; dates here Gregorian)")
        else:
            spans.append({"start": {"in": first}, "end": {"in": last}})
            labels.append(f"named in the history bordermap covers, {first[:4]}–{last[:4]}")
        descriptions = [{"value": p["note"], "lang": "en"}, {"value": p["note_tr"], "lang": "tr"}]
        certain = True
        for e in by_place.get(p["id"], []):
            spans.append({"start": _point(e["date_first"], e["date_precision"])})
            certain = certain and e["date_precision"] in _CERTAIN
            written = e["date"] + (" O.S." if e["calendar"] == "julian" else "")
            labels.append(f"{e['title_en']}: {written} ({e['date_gregorian']} N.S.)")
            descriptions.append({"value": f"{written}: {e['title_en']}. {e['note']}", "lang": "en"})
            descriptions.append({"value": f"{written}: {e['title_tr']}. {e['note_tr']}", "lang": "tr"})
        features.append({
            "@id": f"{PREFIX}{p['id']}",
            "type": "Feature",
            "properties": {"title": p["name_en"], "fclasses": [FCLASSES[p["kind"]]]},
            "when": {"timespans": spans, "label": "; ".join(labels),
                     "certainty": "certain" if certain else "less-certain"},
            "names": names,
            "types": [{"label": p["kind"], "sourceLabels": [{"label": p["kind"], "lang": "en"}]}],
            "geometry": {"type": "GeometryCollection", "geometries": [{
                "type": "Point", "coordinates": f["geometry"]["coordinates"],
                "certainty": "less-certain" if p["approximate"] else "certain",
                "citations": [{"label": p["position_source"]}]}]},
            "descriptions": descriptions,
        })
    return {"type": "FeatureCollection", "@context": CONTEXT, "features": features}
