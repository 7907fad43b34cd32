"""Reading ``layers/``: every defect a user can make by hand is one line naming the file.

Each case breaks a copy of freshly built layers and runs the real command line as a user
would: the command exits 2 with one line ``bordermap: error: FILE: where: what``, no
traceback, and the output folder (with an earlier file in it) and everything around it
unchanged. A representative case of each group runs ``maps``, ``export`` and ``stats``
(``ALL``); every other case runs one of them, spread over the three (a run that fails at
reading takes about half a second). Every case is also read in-process, and two
hypothesis tests put any text into the texts and any value into the properties. The
schema itself is held against the compiler: the compiler writes exactly the properties
declared.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bordermap.errors import BordermapError
from bordermap.layers import schema
from bordermap.layers.read import read_layers_raw
from conftest import ROOT, run_cli

_DROP = object()  # a property value meaning: delete the property
_SURROGATE = re.compile("[\ud800-\udfff]")


def _joined(text: str) -> str:
    """``text`` as JSON reads it back: a high surrogate followed by a low one is one
    character (a pair written as two \\u escapes); only a lone surrogate stays one."""
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


def _load(folder: Path, name: str) -> Any:
    return json.loads((folder / name).read_text(encoding="utf-8"))


def _save(folder: Path, name: str, data: Any) -> None:
    # ASCII with \u escapes, so that a lone surrogate is written as the escape a user would type
    (folder / name).write_text(json.dumps(data, ensure_ascii=True), encoding="utf-8")


def _edit(name: str, change: Callable[[Any], Any]) -> Callable[[Path], None]:
    """Break ``name``: ``change`` edits its data in place, or returns new data."""
    def breaks(folder: Path) -> None:
        data = _load(folder, name)
        new = change(data)
        _save(folder, name, data if new is None else new)
    return breaks


def _feature(name: str, fid: str, change: Callable[[dict], None]) -> Callable[[Path], None]:
    def find(data: Any) -> None:
        matches = [f for f in data["features"] if f["id"] == fid]
        assert len(matches) == 1, f"no feature {fid!r} in {name}"
        change(matches[0])
    return _edit(name, find)


def _props(name: str, fid: str, **values: Any) -> Callable[[Path], None]:
    def change(feature: dict) -> None:
        for key, value in values.items():
            if value is _DROP:
                del feature["properties"][key]
            else:
                feature["properties"][key] = value
    return _feature(name, fid, change)


def _regime(rid: str, change: Callable[[dict], None]) -> Callable[[Path], None]:
    def find(index: Any) -> None:
        change(next(r for r in index["regimes"] if r["id"] == rid))
    return _edit("index.json", find)


def _text(name: str, change: Callable[[str], str]) -> Callable[[Path], None]:
    def breaks(folder: Path) -> None:
        (folder / name).write_text(change((folder / name).read_text(encoding="utf-8")), encoding="utf-8")
    return breaks


def _first_length(text: str, number: str) -> str:
    """The first river's (the Amur's) length_km written as ``number``."""
    new = re.sub(r'"length_km":[0-9.]+', f'"length_km":{number}', text, count=1)
    assert new != text
    return new


def _escape_regime(index: Any) -> None:
    """A regime whose id climbs out of the output folder; its layer is a valid one."""
    peking = next(r for r in index["regimes"] if r["id"] == "peking-1860")
    index["regimes"].append(dict(peking, id="../sub/escaped"))


@dataclass(frozen=True)
class Case:
    """A broken copy of the layers: the file the message must name and the problem (regex)."""

    name: str
    breaks: Callable[[Path], None]
    file: str
    problem: str
    commands: tuple[str, ...] = ("stats",)


ALL = ("maps", "export", "stats")
P, R, PLACES, RIVERS = "peking-1860.geojson", "aigun-1858.geojson", "places.geojson", "rivers.geojson"
AMUR, CEDED = "nerchinsk-1689/argun", "aigun-1858/ceded"
CASES = [
    # features and their members
    Case("null-geometry", _feature(P, AMUR, lambda f: f.update(geometry=None)), P,
         r"feature 'nerchinsk-1689/argun': geometry: expected a geometry object, got null", ALL),
    Case("no-geometry", _feature(P, AMUR, lambda f: f.pop("geometry")), P,
         r"feature 'nerchinsk-1689/argun': geometry: missing", ("maps",)),
    Case("features-not-a-list", _edit(PLACES, lambda d: d.update(features={})), PLACES,
         r"member 'features': expected an array of objects, got \{\}", ("export",)),
    Case("feature-not-an-object", _edit(PLACES, lambda d: d["features"].insert(2, "fort")), PLACES,
         r"feature 3: expected a GeoJSON Feature object, got \"fort\"", ("maps",)),
    Case("not-a-collection", _edit(RIVERS, lambda d: [d]), RIVERS,
         r"^expected a GeoJSON FeatureCollection object, got \[", ("stats",)),
    Case("properties-null", _feature(PLACES, "aigun", lambda f: f.update(properties=None)), PLACES,
         r"feature 'aigun': member 'properties': expected an object, got null", ("maps",)),
    # properties consumers use: missing, of the wrong type, not among the values
    Case("missing-precision", _props(P, AMUR, precision=_DROP), P,
         r"feature 'nerchinsk-1689/argun': property 'precision': missing \(expected one of described, "
         r"surveyed, approximate, undelimited\)", ALL),
    Case("missing-kind", _props(R, CEDED, kind=_DROP), R,
         r"feature 'aigun-1858/ceded': property 'kind': missing \(expected one of border, territory\)",
         ("export",)),
    Case("length-not-a-number", _props(P, AMUR, length_km="1,729"), P,
         r"property 'length_km': expected a number >= 0, got \"1,729\"", ("maps",)),
    Case("area-a-string", _props(R, CEDED, area_km2="big"), R,
         r"property 'area_km2': expected an integer >= 0, got \"big\"", ("maps",)),
    Case("event-year-a-string", _props("events.geojson", "yakutsk-founded", year="1632"),
         "events.geojson", r"feature 'yakutsk-founded': property 'year': expected an integer, got \"1632\"",
         ("maps",)),
    Case("unknown-status", _props(R, CEDED, status="annexed\n" + "x" * 200), R,
         r"property 'status': expected one of qing, russia, ceded, joint, undelimited, enclave, "
         r"got \"annexed\\nx{27}\.\.\.$", ("export",)),
    Case("unknown-precision", _props(P, AMUR, precision="exact"), P,
         r"property 'precision': expected one of described, .*, got \"exact\"", ("maps",)),
    Case("unknown-river-precision", _props(RIVERS, "amur", precision="exact"), RIVERS,
         r"feature 'amur': property 'precision': expected one of generalised, approximate", ("maps",)),
    Case("unknown-segment-kind", _props("modern.geojson", "modern/russia-china", segment_kind="sea"),
         "modern.geojson", r"property 'segment_kind': expected one of river, ridge, line, got \"sea\"",
         ("stats",)),
    Case("unknown-place-kind", _props(PLACES, "aigun", kind="castle"), PLACES,
         r"feature 'aigun': property 'kind': expected one of fort, .*, got \"castle\"", ("maps",)),
    Case("unknown-bank", _props(P, AMUR, bank="middle"), P,
         r"property 'bank': expected one of river, left, right, got \"middle\"", ("stats",)),
    Case("own-not-a-boolean", _props(P, AMUR, own="no"), P,
         r"property 'own': expected true or false, got \"no\"", ("maps",)),
    Case("established-by-not-an-id", _props(P, AMUR, established_by="Nerchinsk 1689"), P,
         r"property 'established_by': expected an id of lowercase letters", ("stats",)),
    Case("valid-until-not-a-date", _props("timeline.geojson", AMUR, valid_until="1858"), "timeline.geojson",
         r"property 'valid_until': expected a date YYYY-MM-DD or null, got \"1858\"", ("export",)),
    Case("reserved-geometry-property", _props(R, CEDED, geometry="mine"), R,
         r"property 'geometry': a property may not be called 'geometry'", ("stats",)),
    # texts shown to users
    Case("name-not-a-string", _props(PLACES, "aigun", name_ru=5), PLACES,
         r"feature 'aigun': property 'name_ru': expected a string, got 5", ("maps",)),
    Case("note-null", _props(RIVERS, "ussuri", note=None), RIVERS,
         r"feature 'ussuri': property 'note': expected a string, got null", ("maps",)),
    Case("source-a-list", _props(P, AMUR, source=["a", "b"]), P,
         r"property 'source': expected a string, got \[\"a\", \"b\"\]", ("maps",)),
    Case("lone-surrogate", _props(PLACES, "aigun", name_en="Aigun \ud800"), PLACES,
         r"feature 'aigun': property 'name_en': '\\ud800' is a lone surrogate", ALL),
    Case("lone-surrogate-in-index", _regime("aigun-1858", lambda r: r["signatories"].append("\udc00")),
         "index.json", r"regime 'aigun-1858': property 'signatories\[\d\]': '\\udc00' is a lone surrogate",
         ("maps",)),
    # numbers that must be positive and finite; geometries of no length
    Case("published-length-zero", _props(RIVERS, "amur", published_length_km=0), RIVERS,
         r"feature 'amur': property 'published_length_km': expected a number > 0, got 0", ALL),
    Case("negative-length", _props(P, AMUR, length_km=-3.5), P,
         r"property 'length_km': expected a number >= 0, got -3\.5", ("stats",)),
    Case("infinite-number", _text(RIVERS, lambda t: _first_length(t, "1e400")),
         RIVERS, r"feature 'amur': property 'length_km': expected a number >= 0, got Infinity", ("stats",)),
    Case("huge-integer", _text(RIVERS, lambda t: _first_length(t, "9" * 400)), RIVERS,
         r"feature 'amur': property 'length_km': expected a number >= 0, got 9{37}\.\.\.$", ("maps",)),
    Case("nan", _text(RIVERS, lambda t: _first_length(t, "NaN")), RIVERS,
         r"^not valid JSON \(NaN is not a JSON number\)", ("stats",)),
    Case("zero-length-river", _feature(RIVERS, "amur", lambda f: f["geometry"].update(
        coordinates=[[127.5, 50.2], [127.5, 50.2]])), RIVERS,
         r"feature 'amur': geometry: a line of zero length", ("stats",)),
    Case("zero-area-ring", _feature("lakes.geojson", "khanka", lambda f: f["geometry"].update(
        coordinates=[[[132.0, 45.0], [132.5, 45.0], [132.0, 45.0], [132.0, 45.0]]])), "lakes.geojson",
         r"feature 'khanka': geometry: a polygon ring of zero area", ("export",)),
    # geometries
    Case("place-as-a-line", _feature(PLACES, "aigun", lambda f: f.update(
        geometry={"type": "LineString", "coordinates": [[127, 50], [128, 51]]})), PLACES,
         r"feature 'aigun': geometry: geometry type \"LineString\" is not one of Point", ("export",)),
    Case("territory-as-a-line", _feature(R, CEDED, lambda f: f.update(
        geometry={"type": "LineString", "coordinates": [[127, 50], [128, 51]]})), R,
         r"geometry: geometry type \"LineString\" is not one of Polygon, MultiPolygon", ("stats",)),
    Case("land-as-a-line", _feature("basemap.geojson", "land", lambda f: f.update(
        geometry={"type": "MultiLineString", "coordinates": [[[127, 50], [128, 51]]]})),
         "basemap.geojson", r"feature 'land': geometry: geometry type \"MultiLineString\" is not one "
         r"of Polygon, MultiPolygon", ("maps",)),
    Case("outside-wgs84", _feature(PLACES, "aigun", lambda f: f["geometry"].update(coordinates=[227.5, 50])),
         PLACES, r"feature 'aigun': geometry: position \[227\.5, 50\] is outside WGS84", ("maps",)),
    Case("altitude", _feature(PLACES, "aigun", lambda f: f["geometry"]["coordinates"].append(120)),
         PLACES, r"feature 'aigun': geometry: position \[.*, 120\] has 3 values", ("export",)),
    Case("unclosed-ring", _feature(R, CEDED, lambda f: f["geometry"]["coordinates"][0].pop()), R,
         r"feature 'aigun-1858/ceded': geometry: a polygon ring must end where it starts", ("stats",)),
    # feature ids
    Case("no-id", _feature(PLACES, "aigun", lambda f: f.pop("id")), PLACES,
         r"feature \d+: member 'id': missing \(expected a string", ("maps",)),
    Case("id-a-number", _feature(PLACES, "aigun", lambda f: f.update(id=12)), PLACES,
         r"feature \d+: member 'id': expected a string, unique within the layer, got 12", ("maps",)),
    Case("duplicate-id", _feature(P, "peking-1860/ussuri", lambda f: f.update(id=AMUR)), P,
         r"feature 'nerchinsk-1689/argun': member 'id': duplicate: feature 1 has the same id", ("stats",)),
    Case("property-id-differs", _props(RIVERS, "zeya", id="amur"), RIVERS,
         r"feature 'zeya': property 'id': expected \"zeya\", got \"amur\"", ("export",)),
    # index.json
    Case("no-regimes", _edit("index.json", lambda d: d.pop("regimes") and None), "index.json",
         r"^property 'regimes': missing \(expected an array of regimes\)", ALL),
    Case("no-layers", _edit("index.json", lambda d: d.pop("layers") and None), "index.json",
         r"^property 'layers': missing", ("maps",)),
    Case("regime-not-an-object", _edit("index.json", lambda d: d["regimes"].insert(1, "kyakhta")),
         "index.json", r"^regime 2: expected an object, got \"kyakhta\"", ("export",)),
    Case("layer-without-file", _edit("index.json", lambda d: d["layers"][1].pop("file") and None),
         "index.json", r"^layer 'lakes': property 'file': missing", ("stats",)),
    Case("regime-without-dates", _regime("aigun-1858", lambda r: r.pop("signed")), "index.json",
         r"regime 'aigun-1858': property 'signed': missing", ("export",)),
    Case("date-not-a-date", _regime("aigun-1858", lambda r: r["in_force"].update({"from": "May 1858"})),
         "index.json", r"regime 'aigun-1858': property 'in_force\.from': expected a date YYYY-MM-DD, "
         r"got \"May 1858\"", ("maps",)),
    Case("article-summary-null", _regime("aigun-1858", lambda r: r["articles"][0].update(summary=None)),
         "index.json", r"property 'articles\[0\]\.summary': expected a string, got null", ("maps",)),
    Case("name-missing-a-language", _regime("peking-1860", lambda r: r["name"].pop("zh")), "index.json",
         r"regime 'peking-1860': property 'name\.zh': missing", ("export",)),
    Case("unknown-superseding-regime", _regime("aigun-1858", lambda r: r.update(
        superseded_by="beijing-1861")),
         "index.json", r"property 'superseded_by': expected the id of another regime", ("stats",)),
    Case("drawn-regime-without-file", _regime("kyakhta-1727", lambda r: r.update(file=None)), "index.json",
         r"property 'regimes': no regime 'kyakhta-1727' with a file", ("maps",)),
    Case("required-layer-missing", _edit("index.json", lambda d: d.update(
        layers=[e for e in d["layers"] if e["id"] != "events"])), "index.json",
         r"property 'layers': no layer 'events'", ("maps",)),
    Case("duplicate-regime", _edit("index.json", lambda d: d["regimes"].append(d["regimes"][0])),
         "index.json", r"regime 'nerchinsk-1689': property 'id': listed twice", ("export",)),
    Case("regime-named-like-a-layer", _regime("tianjin-1858", lambda r: r.update(id="rivers")),
         "index.json", r"regime 'rivers': property 'id': the same id as layer 'rivers'", ("stats",)),
    Case("empty-regime-layer", _edit("kyakhta-1727.geojson", lambda d: d.update(features=[])),
         "kyakhta-1727.geojson", r"member 'features': expected at least 1 feature", ("maps",)),
    # ids that name files
    Case("regime-id-escapes", _edit("index.json", _escape_regime), "index.json",
         r"regime '\.\./sub/escaped': property 'id': expected an id of lowercase letters", ALL),
    Case("regime-file-escapes", _regime("peking-1860", lambda r: r.update(file="../peking-1860.geojson")),
         "index.json", r"regime 'peking-1860': property 'file': expected \"peking-1860\.geojson\" or null",
         ("export",)),
    Case("regime-file-elsewhere", _regime("peking-1860", lambda r: r.update(file="aigun-1858.geojson")),
         "index.json", r"property 'file': expected \"peking-1860\.geojson\" or null", ("maps",)),
    Case("layer-file-in-a-folder", _edit("index.json", lambda d: d["layers"][0].update(
        file="sub/rivers.geojson")), "index.json",
         r"layer 'rivers': property 'file': expected a file name <id>\.geojson", ("maps",)),
    Case("layer-file-absolute", _edit("index.json", lambda d: d["layers"][2].update(file="/etc/passwd")),
         "index.json", r"layer 'places': property 'file': expected a file name", ("stats",)),
    Case("layer-id-not-a-slug", _edit("index.json", lambda d: d["layers"][0].update(id="Rivers ")),
         "index.json", r"layer 'Rivers ': property 'id': expected an id of lowercase letters", ("export",)),
    # files that cannot be read
    Case("truncated", _text(P, lambda t: t[: len(t) // 2]), P,
         r"^line \d+, column \d+: not valid JSON \(", ALL),
    Case("missing-file", lambda folder: (folder / "lakes.geojson").unlink(), "lakes.geojson",
         r"^cannot read the file \(No such file or directory\); run 'bordermap build'", ("maps",)),
    Case("not-utf8", lambda folder: (folder / PLACES).write_bytes((folder / PLACES).read_bytes().replace(
        b'"name_en":"Aigun"', b'"name_en":"Ai\xefgun"')), PLACES,
         r"^line \d+: not valid UTF-8 \(byte 0xef\)", ("stats",)),
    Case("index-not-an-object", _edit("index.json", lambda d: d["regimes"]), "index.json",
         r"^expected an object with 'regimes' and 'layers', got \[", ("maps",)),
]


def _snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and folder (None) below ``folder``."""
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None)
            for p in sorted(folder.rglob("*"))}


def _command(command: str) -> list[str]:
    return {"maps": ["maps", "--layers", "layers", "--out", "out"],
            "export": ["export", "--layers", "layers", "--out", "out", "--format", "png",
                       "--width", "400", "--dpi", "50"],
            "stats": ["stats", "--layers", "layers"]}[command]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_broken_layer_is_one_line_and_nothing_is_written(case, fresh_layers, tmp_path):
    shutil.copytree(fresh_layers, tmp_path / "layers")
    case.breaks(tmp_path / "layers")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "index.html").write_text("earlier", encoding="utf-8")
    before = _snapshot(tmp_path)  # the output folder, the layers, and anything beside them
    for command in case.commands:
        result = run_cli(*_command(command), cwd=tmp_path)
        assert result.returncode == 2, (command, result.stderr)
        assert "Traceback" not in result.stderr
        lines = result.stderr.split("\n")
        assert len(lines) == 2 and lines[1] == "", (command, result.stderr)  # one line, then the end
        prefix = f"bordermap: error: layers/{case.file}: "
        assert lines[0].startswith(prefix), (command, lines[0])
        assert re.search(case.problem, lines[0][len(prefix):]), (command, lines[0])
        assert result.stdout == ""
        assert _snapshot(tmp_path) == before, command


def test_the_cases_break_what_they_say(fresh_layers, tmp_path):
    """Each case is found when read in-process too, with the same message: and only the
    fresh layers, unbroken, pass."""
    read_layers_raw(fresh_layers)
    for case in CASES:
        folder = tmp_path / case.name
        shutil.copytree(fresh_layers, folder)
        case.breaks(folder)
        with pytest.raises(BordermapError) as caught:
            read_layers_raw(folder)
        message = str(caught.value)
        assert message.startswith(f"{folder / case.file}: "), (case.name, message)
        assert re.search(case.problem, message[len(f"{folder / case.file}: "):]), (case.name, message)
        assert message.isprintable(), case.name  # one line: no newline or control character


def test_the_committed_layers_are_read(fresh_layers):
    _index, layers = read_layers_raw(ROOT / "layers")
    assert set(layers) == set(schema.REQUIRED_LAYERS) | set(schema.DRAWN_REGIMES)
    fresh_index, fresh = read_layers_raw(fresh_layers)
    assert fresh_index == _load(fresh_layers, "index.json")  # returned as read
    assert fresh["places"] == _load(fresh_layers, PLACES)["features"]


def test_users_own_columns_and_layers_are_allowed(fresh_layers, tmp_path):
    folder = tmp_path / "layers"
    shutil.copytree(fresh_layers, folder)
    _props(PLACES, "aigun", my_column={"any": [1, None, "x"]}, population=1200)(folder)
    _regime("aigun-1858", lambda r: r.update(my_note="checked"))(folder)
    mine = {"type": "FeatureCollection", "features": [{"type": "Feature", "id": "a", "properties": {},
                                                       "geometry": {"type": "Point", "coordinates": [1, 2]}}]}
    _save(folder, "forts.geojson", mine)
    _edit("index.json", lambda d: d["layers"].append(
        {"id": "forts", "file": "forts.geojson", "title": "my forts", "features": 1}))(folder)
    _index, layers = read_layers_raw(folder)
    assert layers["forts"] == mine["features"]
    aigun = next(f for f in layers["places"] if f["id"] == "aigun")
    assert aigun["properties"]["population"] == 1200


def test_a_superseded_regime_without_geometry_is_compared_with_nothing(fresh_layers, tmp_path):
    """The compiler lets a treaty without geometry name its successor: the layers are read,
    and the land that changed hands is still counted against the regime with geometry."""
    from bordermap import analysis

    folder = tmp_path / "layers"
    shutil.copytree(fresh_layers, folder)
    _regime("tianjin-1858", lambda r: r.update(superseded_by="peking-1860"))(folder)
    changes = analysis.regime_changes(analysis.read_layers(folder))
    peking = changes[changes["after"] == "peking-1860"]
    assert set(peking["before"]) == {"aigun-1858"}


@pytest.mark.parametrize(("file", "edit", "message"), [
    ("places.geojson", lambda d: d["features"][0]["properties"]["refs"].append("hearsay"),
     r"places\.geojson: feature 'yakutsk': property 'refs': 'hearsay' is not a work of index\.json's "
     r"bibliography"),
    ("index.json", lambda d: d["regimes"][0]["refs"].append("hearsay"),
     r"index\.json: regime 'nerchinsk-1689': property 'refs': 'hearsay' is not a work of the "
     r"bibliography"),
    ("index.json", lambda d: d.update(bibliography=[w for w in d["bibliography"] if w["key"] != "seed"]),
     r"index\.json: coverage: property 'refs': 'seed' is not a work of the bibliography"),
])
def test_every_source_a_user_sees_is_in_the_bibliography(fresh_layers, tmp_path, file, edit, message):
    """A citation that the bibliography does not resolve is refused, in one line, by every
    command that reads the layers."""
    shutil.copytree(fresh_layers, tmp_path / "layers")
    _edit(file, edit)(tmp_path / "layers")
    for command in (["stats"], ["maps", "--out", "out"]):
        result = run_cli(*command, "--layers", "layers", cwd=tmp_path)
        assert result.returncode == 2, result.stderr
        assert re.search(message, result.stderr) and result.stderr.count("\n") == 1, result.stderr


def test_stats_without_the_features_it_names(fresh_layers, tmp_path):
    """Layers that pass the reader may lack what the statistics name (a ceded territory, a
    treaty's border segments): the figures that need them are left out, nothing fails."""
    shutil.copytree(fresh_layers, tmp_path / "layers")
    _edit("timeline.geojson", lambda d: d.update(features=[
        f for f in d["features"] if f["id"] != CEDED
        and not (f["properties"]["established_by"] == "kyakhta-1727"
                 and f["properties"]["kind"] == "border")]))(tmp_path / "layers")
    result = run_cli("stats", "--layers", "layers", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    tables = json.loads(result.stdout)
    assert {r["figure"] for r in tables["cited"]} == {"peking-cession", "peking-cession-zh", "amur",
                                                       "ussuri"}
    kyakhta = [r for r in tables["treaties"] if r["established_by"] == "kyakhta-1727"]
    assert all(r["length_km"] == 0 for r in kyakhta)


def test_a_self_intersecting_territory_is_refused_by_stats(fresh_layers, tmp_path):
    """Only the statistics intersect territories: they refuse an invalid polygon in one line."""
    shutil.copytree(fresh_layers, tmp_path / "layers")
    bowtie = {"type": "Polygon", "coordinates": [[[125, 50], [130, 55], [130, 50], [125, 55], [125, 50]]]}
    _feature(R, CEDED, lambda f: f.update(geometry=bowtie))(tmp_path / "layers")
    result = run_cli("stats", "--layers", "layers", cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == "", result.stderr
    assert re.fullmatch(r"bordermap: error: layers/aigun-1858\.geojson: feature 'aigun-1858/ceded': "
                        r"geometry: not a valid polygon \(Self-intersection.*\)\n", result.stderr)


# -- the schema against the compiler ----------------------------------------------------------

def _members(data: dict[str, Any], fields: tuple[schema.Field, ...], where: str) -> None:
    """``data`` has every required field, and nothing undeclared, down through its objects."""
    declared = {f.name: f for f in fields}
    assert set(data) <= set(declared), f"{where}: written but not declared: {set(data) - set(declared)}"
    assert {f.name for f in fields if f.required} <= set(data), f"{where}: declared but not written"
    assert list(data) == [f.name for f in fields if f.name in data], f"{where}: not in declared order"
    for name, value in data.items():
        field = declared[name]
        if field.fields and isinstance(value, dict):
            _members(value, field.fields, f"{where}.{name}")
        elif field.fields and isinstance(value, list):
            for number, item in enumerate(value):
                _members(item, field.fields, f"{where}.{name}[{number}]")


def test_the_compiler_writes_exactly_the_declared_properties(fresh_layers):
    index = _load(fresh_layers, "index.json")
    _members(index, schema.INDEX, "index.json")
    files = {e["id"]: (e["file"], schema.LAYERS[e["id"]]) for e in index["layers"]}
    files |= {r["id"]: (r["file"], schema.REGIME_LAYER) for r in index["regimes"] if r["file"]}
    for key, (file, layer) in files.items():
        data = _load(fresh_layers, file)
        _members({k: v for k, v in data.items() if k != "features"},
                 tuple(f for f in schema.COLLECTION if f.name != "features"), file)
        kinds = {k.name: k for k in layer.kinds}
        used: dict[str, set[str]] = {name: set() for name in kinds}
        for feature in data["features"]:
            assert set(feature) == {f.name for f in schema.FEATURE}, file
            kind = kinds[feature["properties"]["kind"]] if len(kinds) > 1 else layer.kinds[0]
            _members(feature["properties"], kind.fields, f"{file}: {feature['id']}")
            assert feature["geometry"]["type"] in kind.geometry, (file, feature["id"])
            used[kind.name] |= set(feature["properties"])
        for name, kind in kinds.items():  # nothing declared that the compiler never writes
            if key in schema.LAYERS or any(f["properties"]["kind"] == name for f in data["features"]):
                assert used[name] == {f.name for f in kind.fields}, (file, name)
    assert set(schema.LAYERS) == set(schema.REQUIRED_LAYERS)
    assert all(schema.LAYERS[k].file == files[k][0] for k in schema.LAYERS)


def test_every_kind_of_regime_feature_is_written(fresh_layers):
    written = {f["properties"]["kind"] for rid in schema.DRAWN_REGIMES
               for f in _load(fresh_layers, f"{rid}.geojson")["features"]}
    assert written == {k.name for k in schema.REGIME_LAYER.kinds}
    basemap = {f["properties"]["kind"] for f in _load(fresh_layers, "basemap.geojson")["features"]}
    assert basemap == {k.name for k in schema.BASEMAP.kinds}


def _all_fields() -> list[tuple[str, schema.Field]]:
    out = []
    stack = [("index.json", f) for f in (*schema.INDEX, *schema.COLLECTION, *schema.FEATURE)]
    for layer in (*schema.LAYERS.values(), schema.REGIME_LAYER):
        stack += [(f"{layer.file} {kind.name}", f) for kind in layer.kinds for f in kind.fields]
    while stack:
        where, field = stack.pop()
        out.append((where, field))
        stack += [(f"{where}.{field.name}", f) for f in field.fields]
    return out


def test_the_declarations_are_well_formed():
    for where, field in _all_fields():
        assert field.type in schema.TYPES, (where, field.name)
        assert field.meaning and "\n" not in field.meaning and len(field.meaning) < 200, (where, field.name)
        assert not field.items or field.type == "array", (where, field.name)
        assert not field.fields or field.type in ("object", "array"), (where, field.name)
        assert not field.values or field.type == "string", (where, field.name)
        assert not field.pattern or re.compile(field.pattern), (where, field.name)
        assert field.refers in ("", "regime", "work"), (where, field.name)
        field.equals.format(id="x", layer="y")
    for layer in (*schema.LAYERS.values(), schema.REGIME_LAYER):
        assert layer.kinds and all(k.geometry for k in layer.kinds), layer.id
        assert len(layer.kinds) == 1 or all(k.name for k in layer.kinds), layer.id


def test_every_value_that_is_shown_has_its_words():
    """The maps and images look enumerated values up in the interface text: every value the
    schema allows has it, in every language (else a map would fail on a valid layer)."""
    from bordermap.i18n import LANGS, text

    def values(kind: schema.Kind, name: str) -> tuple[str, ...]:
        return next(f.values for f in kind.fields if f.name == name)

    shown = {"status": values(schema.TERRITORY, "status"),
             "precision": values(schema.BORDER, "precision"),
             "segment": values(schema.BORDER, "segment_kind"),
             "river": values(schema.RIVERS.kinds[0], "precision"),
             "kind": values(schema.PLACES.kinds[0], "kind")}
    for prefix, values in shown.items():
        assert values
        for value in values:
            for lang in LANGS:
                assert text(f"{prefix}.{value}", lang)


def test_the_cited_figures_name_features_of_the_layers(fresh_layers):
    from bordermap import analysis
    from bordermap.sources.treaties import REGIME_IDS

    assert set(schema.DRAWN_REGIMES) <= set(REGIME_IDS)
    assert {key for key, *_rest in analysis.CITED} == {"aigun-cession", "peking-cession",
                                                       "peking-cession-zh", "amur", "ussuri"}
    timeline = {f["id"] for f in _load(fresh_layers, "timeline.geojson")["features"]}
    assert {fid for fids in analysis.CITED_TERRITORIES.values() for fid in fids} <= timeline


# -- fuzzing: any text in the texts of the layers ----------------------------------------------

_PIECES = ("{{ 7*7 }}", "{% if x %}", "{# ", " #}", "</script><b onclick=x>", "&amp;", "$x^2$", "\\",
           "\\n", "\ud800", "\udfff", "\x00", "\n", "\r\n", "\u2028", "\x85", "\u202e", "\ufeff",
           "'", '"', "%s", "{0}", "\U0001f600")
_TEXTS = st.lists(st.one_of(st.sampled_from(_PIECES),
                            st.text(st.characters(codec=None, exclude_categories=()), max_size=6)),
                  max_size=5).map("".join)


def _free_text(fields: tuple[schema.Field, ...], data: Any, path: tuple) -> list[tuple]:
    """Paths of the free texts in ``data`` (names, notes, sources, titles, summaries)."""
    out = []
    for field in fields:
        if field.name not in data:
            continue
        value = data[field.name]
        where = (*path, field.name)
        free = not (field.values or field.pattern or field.equals or field.type == "date")
        if field.type == "string" and free and isinstance(value, str):
            out.append(where)
        elif field.type == "array" and field.items == "string" and not field.refers:
            out += [(*where, n) for n in range(len(value))]
        elif field.fields and isinstance(value, dict):
            out += _free_text(field.fields, value, where)
        elif field.fields and isinstance(value, list):
            for n, item in enumerate(value):
                out += _free_text(field.fields, item, (*where, n))
    return out


class _Copy(tuple):
    """(folder, texts of its files, free texts): shown short when a test fails."""

    def __repr__(self) -> str:
        return f"<copy of the layers in {self[0]}>"


@pytest.fixture(scope="module")
def text_targets(fresh_layers, tmp_path_factory):
    """A copy of the layers, its files' texts, and every free text in it: (file, path)."""
    folder = tmp_path_factory.mktemp("fuzz") / "layers"
    shutil.copytree(fresh_layers, folder)
    index = _load(folder, "index.json")
    targets = [("index.json", path) for path in _free_text(schema.INDEX, index, ())]
    layers = {e["id"]: (e["file"], schema.LAYERS[e["id"]]) for e in index["layers"]}
    layers |= {r["id"]: (r["file"], schema.REGIME_LAYER) for r in index["regimes"] if r["file"]}
    for file, layer in layers.values():
        for n, feature in enumerate(_load(folder, file)["features"]):
            kinds = {k.name: k for k in layer.kinds}
            kind = kinds[feature["properties"]["kind"]] if len(kinds) > 1 else layer.kinds[0]
            targets += [(file, ("features", n, "properties", *path))
                        for path in _free_text(kind.fields, feature["properties"], ())]
    texts = {p.name: p.read_text(encoding="utf-8") for p in folder.iterdir()
             if p.suffix in (".json", ".geojson")}
    assert len(targets) > 500
    return _Copy((folder, texts, targets))


def _set(data: Any, path: tuple, value: Any) -> Any:
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_any_text_in_the_texts_is_read_or_refused_in_one_line(text_targets, data):
    folder, texts, targets = text_targets
    picks = data.draw(st.lists(st.sampled_from(targets), min_size=1, max_size=3, unique=True))
    values = [data.draw(_TEXTS) for _pick in picks]
    parsed: dict[str, Any] = {}
    for (file, path), value in zip(picks, values, strict=True):
        parsed.setdefault(file, json.loads(texts[file]))
        _set(parsed[file], path, value)
    try:
        for file, content in parsed.items():
            _save(folder, file, content)
        try:
            index, layers = read_layers_raw(folder)
        except BordermapError as exc:
            message = str(exc)
            assert any(_SURROGATE.search(_joined(v)) for v in values), message  # the only unreadable text
            assert message.isprintable(), message  # one line, nothing unprintable
            assert "is a lone surrogate" in message
            assert any(message.startswith(f"{folder / file}: ") for file in parsed), message
        else:
            assert not any(_SURROGATE.search(_joined(v)) for v in values)
            for (file, path), value in zip(picks, values, strict=True):
                node = index if file == "index.json" else {"features": layers[file.removesuffix(".geojson")]}
                for step in path:
                    node = node[step]
                assert node == _joined(value)  # returned as read
            json.dumps([index, layers], ensure_ascii=False).encode("utf-8")  # can be written out
    finally:
        for file in parsed:
            (folder / file).write_text(texts[file], encoding="utf-8")


_JSON = st.recursive(st.none() | st.booleans() | st.integers(-10**6, 10**20)
                     | st.floats(allow_nan=False, allow_infinity=False) | _TEXTS,
                     lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_TEXTS, inner, max_size=3),
                     max_leaves=6)


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_any_value_in_any_property_is_read_or_refused_in_one_line(text_targets, data):
    folder, texts, _targets = text_targets
    file = data.draw(st.sampled_from(sorted(f for f in texts if f.endswith(".geojson"))))
    content = json.loads(texts[file])
    feature = data.draw(st.sampled_from(content["features"]))
    name = data.draw(st.sampled_from(sorted(feature["properties"])))
    if data.draw(st.booleans()):
        feature["properties"][name] = data.draw(_JSON)
    else:
        del feature["properties"][name]
    try:
        _save(folder, file, content)
        try:
            read_layers_raw(folder)
        except BordermapError as exc:
            message = str(exc)
            assert message.isprintable(), message
            assert message.startswith(f"{folder / file}: feature "), message
    finally:
        (folder / file).write_text(texts[file], encoding="utf-8")


def test_readme_documents_every_declared_property():
    """README's layer tables name every property the schema declares (so they cannot drift)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Layers in `layers/`"):readme.index("## Outputs")]
    layers = [*schema.LAYERS.values(), schema.REGIME_LAYER]
    names = {f.name for layer in layers for kind in layer.kinds for f in kind.fields}
    missing = sorted(n for n in names if f"`{n}`" not in section)
    assert not missing, f"README's layer schema does not name: {missing}"


def test_every_status_has_a_colour():
    from bordermap import style, terms

    assert tuple(style.STATUS_COLORS) == terms.STATUSES
