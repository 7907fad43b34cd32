"""``bordermap maps --add``: a user's GeoJSON file is untrusted input.

Every bad file gives one line on stderr (``bordermap: error: FILE: what is wrong``), exit
code 2, no traceback, and leaves the output folder as it was. Good files are drawn, every
text from them shown as written: a property-based test renders pages from random files.
"""

from __future__ import annotations

import json
import math
import os
import re
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bordermap.errors import BordermapError
from bordermap.layers.geojson import GEOMETRY_TYPES
from bordermap.maps.userlayer import MAX_ADD_BYTES, MAX_ADD_DEPTH, MAX_ADD_FEATURES, read_user_layer
from browser import Page, click_at
from conftest import run_cli

POINT = {"type": "Point", "coordinates": [112.0, 45.0]}


def _feature(geometry: object = POINT, properties: object = None) -> dict:
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def _snapshot(folder: Path) -> dict[str, bytes | None]:
    """Everything under ``folder``, hidden entries too: files with their bytes, folders None."""
    entries: dict[str, bytes | None] = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs:
            entries[os.path.relpath(os.path.join(root, name), folder)] = None
        for name in files:
            entries[os.path.relpath(os.path.join(root, name), folder)] = Path(root, name).read_bytes()
    return entries


def _limited() -> None:  # in the child: a reader that reads without end fails, it cannot eat the machine
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``run_cli``, with a short timeout and a memory limit: for files that could block or
    never end, so that a hang or an endless read fails the test."""
    return subprocess.run([sys.executable, "-m", "bordermap", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=60, preexec_fn=_limited)


def _rejected(layers: Path, tmp_path: Path, target: Path | str, problem: str, *,
              shown: str | None = None, guarded: bool = False) -> str:
    """Run ``bordermap maps --add target`` into a folder holding an earlier map; assert the
    run is a one-line error naming the file (as ``shown``) and matching ``problem``, and
    that the folder is untouched. Returns the line."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "index.html").write_text("<p>earlier map</p>", encoding="utf-8")
    before = _snapshot(out)
    args = ("maps", "--layers", str(layers), "--out", str(out), "--add", str(target))
    result = _run(*args, cwd=tmp_path) if guarded else run_cli(*args, cwd=tmp_path)
    assert result.returncode == 2, (result.returncode, result.stderr[-2000:])
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and result.stderr == lines[0] + "\n", result.stderr[-2000:]
    line = lines[0]
    assert line.startswith(f"bordermap: error: {shown or target}"), line
    assert re.search(problem, line), line
    assert len(line) < 400 + len(str(target)), line
    assert result.stdout == ""
    assert _snapshot(out) == before
    return line


def _write(tmp_path: Path, content: str | bytes | object, name: str = "mine.geojson") -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_text(json.dumps(content), encoding="utf-8")
    return path


# -- 1. nesting -----------------------------------------------------------------------------

@pytest.mark.parametrize("content", [
    "[" * 100_000,  # the parser would recurse
    '{"a":' * 100_000,
    # deeper than the limit, not deep enough to break the parser
    '{"type": "Point", "coordinates": [112, 45], "deep": %s}' % ("[" * MAX_ADD_DEPTH + "]" * MAX_ADD_DEPTH),
], ids=["arrays", "objects", "foreign-member"])
def test_deep_nesting_is_a_clean_error(fresh_layers, tmp_path, content):
    _rejected(fresh_layers, tmp_path, _write(tmp_path, content),
              rf"mine\.geojson: arrays and objects nested more than {MAX_ADD_DEPTH} deep")


def test_nested_geometry_collections_within_the_limit_are_read(tmp_path):
    geometry: dict = POINT
    for _ in range(40):
        geometry = {"type": "GeometryCollection", "geometries": [geometry, POINT]}
    collection = read_user_layer(_write(tmp_path, _feature(geometry, {"name": "a"})))
    assert collection["features"] == [_feature(
        {"type": "GeometryCollection", "geometries": [POINT] * 41}, {"name": "a"})]


# -- 2. lone surrogates ---------------------------------------------------------------------

@pytest.mark.parametrize(("content", "problem"), [
    ('{"type": "Feature", "properties": {"\\ud800name": 1}, "geometry": %s}',
     r'properties\.\\ud800name: "\\ud800name" has a lone surrogate \(\\ud800\)'),
    ('{"type": "Feature", "properties": {"name": "Fort \\udfff"}, "geometry": %s}',
     r'properties\.name: "Fort \\udfff" has a lone surrogate \(\\udfff\)'),
    ('{"type": "Feature", "properties": {"name": "\\ud83d\\ud83d\\ude00"}, "geometry": %s}',
     r"has a lone surrogate \(\\ud83d\)"),  # a high surrogate, then a valid pair
], ids=["key", "value", "unpaired-high"])
def test_a_lone_surrogate_is_a_clean_error(fresh_layers, tmp_path, content, problem):
    _rejected(fresh_layers, tmp_path, _write(tmp_path, content % json.dumps(POINT)), problem)


def test_a_byte_order_mark_and_surrogate_pairs_are_accepted(fresh_layers, tmp_path):
    """A leading UTF-8 BOM is ignored (RFC 8259 allows it); escaped pairs are one character."""
    text = json.dumps(_feature(properties={"name": "Fort \U0001f600 Albazin"}))  # \ud83d\ude00
    assert "\\ud83d\\ude00" in text
    mine = _write(tmp_path, b"\xef\xbb\xbf" + text.encode("utf-8"))
    result = run_cli("maps", "--layers", str(fresh_layers), "--out", str(tmp_path / "m"),
                     "--add", str(mine), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Fort \U0001f600 Albazin" in (tmp_path / "m" / "index.html").read_text(encoding="utf-8")


# -- 3. files that are not regular files ----------------------------------------------------

@pytest.mark.parametrize(("target", "problem"), [
    ("/dev/zero", r"a character device, not a regular file"),
    ("zero-link.geojson", r"a character device, not a regular file"),  # a link is followed
    ("folder.geojson", r"a directory, not a regular file"),
])
def test_a_file_that_is_not_a_regular_file_is_refused(fresh_layers, tmp_path, target, problem):
    (tmp_path / "zero-link.geojson").symlink_to("/dev/zero")
    (tmp_path / "folder.geojson").mkdir()
    path = target if target.startswith("/") else tmp_path / target
    _rejected(fresh_layers, tmp_path, path, problem, guarded=True)


def test_a_named_pipe_is_refused_without_blocking(fresh_layers, tmp_path):
    fifo = tmp_path / "pipe.geojson"
    os.mkfifo(fifo)  # no writer: opening it to read would wait for one for ever
    _rejected(fresh_layers, tmp_path, fifo, r"pipe\.geojson: a named pipe \(FIFO\), not a regular file",
              guarded=True)


# -- 4. geometries: RFC 7946, strictly ------------------------------------------------------

@pytest.mark.parametrize(("geometry", "problem"), [
    ({"type": "LineString", "coordinates": [[112.0, 45.0]]},
     r"feature 1: a LineString needs at least 2 positions, has 1"),
    ({"type": "Point", "coordinates": []}, r"feature 1: expected a position \[longitude, latitude\]"),
    ({"type": "GeometryCollection", "geometries": [POINT, {"type": "Point", "coordinates": [112, 95]}]},
     r"feature 1: position \[112, 95\] is outside WGS84"),
    ({"type": "GeometryCollection", "geometries": [{"type": "GeometryCollection", "geometries": [
        {"type": "MultiPoint", "coordinates": [[112, 45], [181, 45]]}]}]},
     r"feature 1: position \[181, 45\] is outside WGS84"),
    ({"type": "Polygon", "coordinates": [[[110, 40], [112, 40], [112, 42], [110, 42]]]},
     r"feature 1: a polygon ring must end where it starts \(it is not closed\)"),
], ids=["one-position-line", "empty-point", "collection-range", "nested-collection-range", "open-ring"])
def test_a_bad_geometry_is_a_clean_error(fresh_layers, tmp_path, geometry, problem):
    _rejected(fresh_layers, tmp_path, _write(tmp_path, _feature(geometry)), rf"mine\.geojson: {problem}")


def test_geometries_are_returned_plain(tmp_path):
    """Only type and coordinates reach a page: foreign members and altitudes are dropped,
    nested GeometryCollections flattened."""
    geometry = {"type": "GeometryCollection", "onclick": "alert(1)", "geometries": [
        {"type": "Point", "coordinates": [112, 45, 300], "style": "<b>"},
        {"type": "GeometryCollection", "geometries": [
            {"type": "LineString", "coordinates": [[1, 2], [3, 4]]}]}]}
    mine = _write(tmp_path, {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": "x", "properties": None, "geometry": geometry, "extra": 1},
        _feature({"type": "MultiPoint", "coordinates": [[5, 6], [7, 8]]}, {"name": "b"}),
        _feature({"type": "MultiLineString", "coordinates": [[[1, 2], [3, 4]]], "crs": 1})]})
    assert read_user_layer(mine) == {"type": "FeatureCollection", "features": [
        _feature({"type": "GeometryCollection", "geometries": [
            {"type": "Point", "coordinates": [112.0, 45.0]},
            {"type": "LineString", "coordinates": [[1.0, 2.0], [3.0, 4.0]]}]}, {}),
        _feature({"type": "MultiPoint", "coordinates": [[5.0, 6.0], [7.0, 8.0]]}, {"name": "b"}),
        _feature({"type": "MultiLineString", "coordinates": [[[1.0, 2.0], [3.0, 4.0]]]}, {})]}


@pytest.mark.parametrize(("crs", "accepted"), [
    ({"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}, True),
    ({"type": "name", "properties": {"name": "EPSG:4326"}}, True),
    ({"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}}, False),
    ({"type": "link", "properties": {"href": "http://example.com/crs"}}, False),
    ("EPSG:4326", False),
])
def test_a_crs_other_than_wgs84_is_refused(tmp_path, crs, accepted):
    """A pre-RFC 7946 file in another coordinate system may have numbers in range and still
    be drawn in the wrong place: it is refused, with what to do."""
    mine = _write(tmp_path, {"type": "FeatureCollection", "crs": crs, "features": [_feature()]})
    if accepted:
        assert len(read_user_layer(mine)["features"]) == 1
    else:
        with pytest.raises(BordermapError, match=r"mine\.geojson: its 'crs' is .*, not WGS84 "
                                                 r"longitude/latitude; reproject it first"):
            read_user_layer(mine)


# -- 5. strict JSON -------------------------------------------------------------------------

@pytest.mark.parametrize(("content", "problem"), [
    ('{"type": "Point", "coordinates": [NaN, 45]}', r"not valid JSON \(NaN is not a JSON number\)"),
    ('{"type": "Point", "coordinates": [112, Infinity]}', r"not valid JSON \(Infinity is not"),
    ('{"type": "Point", "coordinates": [-Infinity, 45]}', r"not valid JSON \(-Infinity is not"),
    ('{"type": "Point", "coordinates": [1e400, 45]}', r"the number 1e400 is out of range"),
    ('{"type": "Point", "coordinates": [1%s, 45]}' % ("0" * 5000),
     r"the number 1000000000\S*\.\.\. \(5,001 digits\) is out of range"),
    ('{"type": "Point", "coordinates": [1%s, 45]}' % ("0" * 400),
     r"the number 1\d+\.\.\. \(401 digits\) is out of range"),
    ('{"type": "Feature", "properties": {"n": 1%s}, "geometry": null}' % ("0" * 4400),
     r"the number 1\d+\.\.\. \(4,401 digits\) is out of range"),
], ids=["nan", "infinity", "-infinity", "float-overflow", "long-int", "int-overflow", "int-in-properties"])
def test_numbers_json_does_not_have_are_a_clean_error(fresh_layers, tmp_path, content, problem):
    _rejected(fresh_layers, tmp_path, _write(tmp_path, content), rf"mine\.geojson: {problem}")


@pytest.mark.parametrize(("content", "problem"), [
    (b'{"type": "Feature",\n"properties": {"name": "Albazin \xe0 la"}, "geometry": null}',
     r"mine\.geojson:2: not valid UTF-8 \(byte 0xe0 at offset 52\)"),
    (b'{"type": "Point", "coordinates": [112, 45], "x": "\xed\xa0\x80"}',  # an encoded surrogate
     r"mine\.geojson:1: not valid UTF-8"),
    ('{"type": "Point", "coordinates": [112, 45]}'.encode("utf-16"),
     r"mine\.geojson:1: not valid UTF-8 \(byte 0xff at offset 0\); it looks like UTF-16"),
    (b'{"type": "Point",\n  "coordinates": [112, 45],\n}', r"mine\.geojson:3: not valid JSON \(Expecting"),
    (b" \n\t", r"mine\.geojson: the file is empty"),
], ids=["latin-1", "encoded-surrogate", "utf-16", "syntax", "empty"])
def test_bad_text_is_a_clean_error(fresh_layers, tmp_path, content, problem):
    _rejected(fresh_layers, tmp_path, _write(tmp_path, content), problem)


# -- 6. what is kept: the GeoJSON accepted, the limits --------------------------------------

@pytest.mark.parametrize(("content", "problem"), [
    ("{not json", r"mine\.geojson:1: not valid JSON"),
    (_feature({"type": "Point", "coordinates": [200, 50]}),
     r"feature 1: position \[200, 50\] is outside WGS84"),
    ({"type": "FeatureCollection", "features": []}, r"mine\.geojson: no features"),
    ({"type": "FeatureCollection", "features": {"a": 1}},
     r"mine\.geojson: a FeatureCollection needs a 'features' array"),
    ({"type": "Topology", "objects": {}}, r'unknown GeoJSON type "Topology"'),
    (_feature({"type": "Polygon", "coordinates": [[1, 2]]}),
     r"feature 1: a polygon ring needs at least 4 positions, has 2"),
    ([1, 2, 3], r"mine\.geojson: not GeoJSON"),
    ({"type": "FeatureCollection", "features": [_feature(), POINT]},
     r'feature 2: not a GeoJSON Feature \(got "Point"\)'),
    (_feature(None), r"feature 1: no geometry"),
    (_feature(properties=["a"]), r'feature 1: properties must be an object or null, got \["a"\]'),
], ids=["syntax", "range", "no-features", "features-object", "topology", "ring", "array",
        "not-a-feature", "null-geometry", "properties-array"])
def test_a_bad_users_layer_is_rejected(fresh_layers, tmp_path, content, problem):
    _rejected(fresh_layers, tmp_path, _write(tmp_path, content), problem)


def test_a_users_layer_over_the_size_limit_is_rejected(fresh_layers, tmp_path):
    mine = _write(tmp_path, b" " * (MAX_ADD_BYTES + 1), "big.geojson")
    _rejected(fresh_layers, tmp_path, mine,
              rf"big\.geojson: {MAX_ADD_BYTES + 1:,} bytes is more than the {MAX_ADD_BYTES:,} a layer")


@pytest.mark.parametrize(("content", "problem"), [
    ({"type": "FeatureCollection", "features": [_feature()] * (MAX_ADD_FEATURES + 1)},
     rf"mine\.geojson: {MAX_ADD_FEATURES + 1:,} features is more than {MAX_ADD_FEATURES:,}"),
], ids=["features"])
def test_a_users_layer_over_the_feature_limit_is_rejected(fresh_layers, tmp_path, content, problem):
    _rejected(fresh_layers, tmp_path, _write(tmp_path, content), problem)


@pytest.mark.parametrize("content", [
    {"type": "FeatureCollection", "features": [_feature(properties={"name": "a"})]},
    _feature(properties={"name": "a"}),
    POINT,
], ids=["collection", "feature", "geometry"])
def test_collections_features_and_geometries_are_read(tmp_path, content):
    collection = read_user_layer(_write(tmp_path, content))
    properties = {} if content is POINT else {"name": "a"}
    assert collection == {"type": "FeatureCollection", "features": [_feature(POINT, properties)]}


# -- 7. names and paths ---------------------------------------------------------------------

def test_a_missing_file_is_a_clean_error(fresh_layers, tmp_path):
    _rejected(fresh_layers, tmp_path, tmp_path / "nothing.geojson",
              r"nothing\.geojson: cannot open the file \(No such file or directory\)")


def test_a_file_name_with_line_breaks_gives_one_line(fresh_layers, tmp_path):
    name = "two\nlines\x1b[31m\u2028.geojson"
    mine = _write(tmp_path, "[1]", name)
    _rejected(fresh_layers, tmp_path, mine, r"not GeoJSON",
              shown=f"{tmp_path}/two\\nlines\\x1b[31m\\u2028.geojson")


def test_a_file_name_that_is_not_utf8_is_a_clean_error(fresh_layers, tmp_path):
    """The name of the file names the layer on the maps, which are UTF-8."""
    mine = tmp_path / os.fsdecode(b"fort-\xff.geojson")
    mine.write_text(json.dumps(POINT), encoding="utf-8")
    _rejected(fresh_layers, tmp_path, mine, r"the file's name is not valid UTF-8",
              shown=f"{tmp_path}/fort-\\udcff.geojson")


# -- random files ---------------------------------------------------------------------------

def _mostly(usual: st.SearchStrategy, rare: st.SearchStrategy, odds: int) -> st.SearchStrategy:
    """``usual``, but about one time in ``odds + 1`` ``rare`` (a middle value is drawn less
    often than the ends of a range, which hypothesis favours)."""
    return st.sampled_from(range(odds + 1)).flatmap(lambda i: rare if i == odds // 2 else usual)


_SNIPPETS = ["{{ 7*7 }}", "{% if 1 %}x{% endif %}", "{# note #}", "{{", "}}", "{%", "%}", "{#", "#}",
             "<script>alert(1)</script>", "</script><!--", "<img src=x onerror=alert(1)>", "&amp;",
             "'", '"', "\\", "\n", "\r\n", "\t", "\x00", "\x1b[31m", "\x85", "\u2028", "\u2029",
             "\ufeff", "\U0001f600", "name", "</", "${x}", "`", "None", "True", "[]", "{}"]
_CLEAN = st.lists(st.sampled_from(_SNIPPETS) | st.text(max_size=6), max_size=4).map("".join)
_SURROGATE = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
#: Text: Jinja syntax, HTML, quotes, control characters, line breaks; rarely a lone surrogate.
_TEXT = _mostly(_CLEAN, st.tuples(_CLEAN, _SURROGATE, _CLEAN).map("".join), odds=300)
_FINITE = st.floats(allow_nan=False, allow_infinity=False)
_NUMBER = _mostly(st.integers(-(10**6), 10**6) | _FINITE | st.integers(-(2**70), 2**70),
                  st.sampled_from([math.nan, math.inf, -math.inf]) | st.integers(-(10**400), 10**400),
                  odds=300)
_VALUE = st.recursive(st.none() | st.booleans() | _NUMBER | _TEXT,
                      lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_TEXT, inner, max_size=3),
                      max_leaves=8)
# geometries: valid ones, and broken ones of every kind
_LON, _LAT = st.floats(-180, 180), st.floats(-90, 90)
_GOOD = st.tuples(_LON, _LAT).map(list) | st.tuples(_LON, _LAT, _FINITE).map(list)
_GOOD_LINE = st.lists(_GOOD, min_size=2, max_size=4)
_GOOD_RING = st.lists(_GOOD, min_size=3, max_size=4).map(lambda ps: [*ps, ps[0]])
_VALID_COORDINATES = {
    "Point": _GOOD, "MultiPoint": st.lists(_GOOD, min_size=1, max_size=3), "LineString": _GOOD_LINE,
    "MultiLineString": st.lists(_GOOD_LINE, min_size=1, max_size=2),
    "Polygon": st.lists(_GOOD_RING, min_size=1, max_size=2),
    "MultiPolygon": st.lists(st.lists(_GOOD_RING, min_size=1, max_size=2), min_size=1, max_size=2)}
_ANY_COORDINATES = st.recursive(_GOOD | st.lists(_NUMBER, max_size=4) | _VALUE,
                                lambda inner: st.lists(inner, max_size=4), max_leaves=8)
_FOREIGN = st.dictionaries(_TEXT, _VALUE, max_size=2)


def _simple(coordinates: dict[str, st.SearchStrategy]) -> st.SearchStrategy:
    return st.one_of(*(st.builds(lambda kind, c, extra: {**extra, "type": kind, "coordinates": c},
                                 st.just(kind), strategy, _FOREIGN)
                       for kind, strategy in coordinates.items()))


def _collections(members: st.SearchStrategy, least: int) -> st.SearchStrategy:
    return st.recursive(members, lambda inner: st.builds(
        lambda gs, extra: {**extra, "type": "GeometryCollection", "geometries": gs},
        st.lists(inner, min_size=least, max_size=3), _FOREIGN), max_leaves=5)


_VALID_GEOMETRY = _collections(_simple(_VALID_COORDINATES), 1)
_BROKEN_GEOMETRY = _collections(st.one_of(
    _simple(dict.fromkeys(_VALID_COORDINATES, _ANY_COORDINATES)), _simple(_VALID_COORDINATES),
    st.fixed_dictionaries({"type": st.sampled_from([*GEOMETRY_TYPES, "Circle", None]) | _TEXT},
                          optional={"coordinates": _VALUE, "geometries": _VALUE}),
    _VALUE), 0)
_GEOMETRY = _mostly(_VALID_GEOMETRY, _BROKEN_GEOMETRY, odds=6)
_PROPERTIES = _mostly(_mostly(st.dictionaries(_TEXT, _VALUE, min_size=1, max_size=25)
                              | st.dictionaries(st.just("name"), _VALUE, min_size=1), st.none(), odds=5),
                      _VALUE, odds=20)
_FEATURE = _mostly(st.builds(_feature, _GEOMETRY, _PROPERTIES),
                   st.fixed_dictionaries({"type": st.just("Feature") | _TEXT},
                                         optional={"properties": _PROPERTIES, "geometry": _GEOMETRY,
                                                   "id": _VALUE}) | _VALUE, odds=20)
_COLLECTION = st.builds(lambda fs: {"type": "FeatureCollection", "features": fs},
                        st.lists(_FEATURE, min_size=1, max_size=4))
_DOCUMENT = _mostly(_mostly(_COLLECTION | _FEATURE, _GEOMETRY, odds=4),
                    st.fixed_dictionaries({"type": st.just("FeatureCollection") | _TEXT},
                                          optional={"features": _VALUE}) | _VALUE, odds=6)
#: How a document's text may be spoiled: bytes spliced in somewhere (or nothing: cut short).
_SPOIL = _mostly(st.none(), st.tuples(st.integers(0, 10**6), st.sampled_from(
    [b"", b"\xff", b"\xed\xa0\x80", b"\xef\xbb\xbf", b"[" * 2000, b"NaN", b"\x00", b"\xc3"])), odds=6)


def _strings(page: str) -> list[str]:
    """The string table of a page with one map (``var map_kit_... = [...];``)."""
    tables = re.findall(r"^var map_kit_\w+ = (.*);$", page, flags=re.MULTILINE)
    assert len(tables) == 1, tables
    assert "<" not in tables[0], "text from data could end the script"
    return json.loads(tables[0])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(document=_DOCUMENT, spoil=_SPOIL)
def test_any_file_is_read_or_refused_in_one_line_and_text_is_shown_as_written(tmp_path, document, spoil):
    from bordermap.maps.compose import _user_layer, blank_map, stable_ids
    from bordermap.maps.elements import MapKit

    data = json.dumps(document).encode("ascii")  # lone surrogates as \u escapes, NaN as NaN
    if spoil is not None:
        at, insert = spoil
        at = at % (len(data) + 1)
        data = data[:at] + insert + (data[at:] if insert else b"")
    path = tmp_path / "random.geojson"
    path.write_bytes(data)
    try:
        collection = read_user_layer(path)
    except BordermapError as exc:
        message = str(exc)
        assert message.startswith(f"{path}:"), message
        assert message.isprintable() and len(message.splitlines()) == 1, message
        assert len(message) < len(str(path)) + 300, message
        return
    assert collection["type"] == "FeatureCollection" and collection["features"]
    with stable_ids():
        m = blank_map([[40, 110], [50, 130]])
        kit = MapKit()
        m.add_child(kit)
        _user_layer(kit, path, collection).add_to(m)
        page = m.get_root().render()
    page.encode("utf-8")  # no lone surrogate reached the page
    strings = set(_strings(page))
    for feature in collection["features"]:
        assert set(feature) == {"type", "properties", "geometry"}
        assert feature["geometry"]["type"] in GEOMETRY_TYPES
        properties = feature["properties"]
        assert str(properties.get("name") or path.stem) in strings
        for key, value in list(properties.items())[:20]:
            shown = (json.dumps(value, ensure_ascii=False) if isinstance(value, (dict, list))
                     else str(value))
            if shown:  # a row with an empty value is left out of the popup
                assert key in strings and shown in strings, (key, shown)


# -- in the browser -------------------------------------------------------------------------

def test_points_in_collections_open_their_popups(browser, fresh_layers, tmp_path):
    """A point inside nested GeometryCollections, and each point of a MultiPoint, opens the
    feature's popup; the file's name (the layer's name, and the title of a feature without
    one) is shown as text; shapes the map's precision collapses break nothing."""
    nested = {"type": "GeometryCollection", "geometries": [
        {"type": "GeometryCollection", "geometries": [{"type": "Point", "coordinates": [112.0, 45.0]}]}]}
    tiny = [[[120.0, 50.0], [120.0001, 50.0], [120.0001, 50.0001], [120.0, 50.0]]]
    name = "forts {{ 7*7 }} <img src=x onerror=alert(1)>"
    mine = _write(tmp_path, {"type": "FeatureCollection", "features": [
        _feature(nested, {"name": "Nested fort", "garrison": "{{ 7*7 }} <b>men</b>"}),
        _feature({"type": "MultiPoint", "coordinates": [[117.0, 44.0], [118.0, 44.0]]}, {"kind": "post"}),
        _feature({"type": "LineString", "coordinates": [[125.0, 48.0], [125.0, 48.0]]}),
        _feature({"type": "Polygon", "coordinates": tiny})]}, f"{name}.geojson")
    result = run_cli("maps", "--layers", str(fresh_layers), "--out", str(tmp_path / "m"),
                     "--offline", "--add", str(mine), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    page = Page(browser, (tmp_path / "m" / "index.html").as_uri())
    shown = click_at(page, 112.0, 45.0)
    assert "Nested fort" in shown and "{{ 7*7 }} <b>men</b>" in shown, shown
    shown = click_at(page, 118.0, 44.0)  # the second point of a MultiPoint
    assert name in shown and "post" in shown, shown
    labels = page.page.locator(".leaflet-control-layers-overlays").inner_text()
    assert name in labels, labels
    page.page.wait_for_timeout(200)
    assert page.dialogs == [] and not page.errors, page.errors
    assert page.js("document.querySelectorAll('img[src=\"x\"]').length") == 0
    page.close()
