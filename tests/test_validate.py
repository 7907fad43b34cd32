"""Bad sources: each gives one clear line per problem, exit 2, no traceback, layers untouched."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, run_cli


def _replace(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


@pytest.fixture()
def layers_copy(tmp_path: Path) -> Path:
    target = tmp_path / "layers"
    shutil.copytree(ROOT / "layers", target)
    return target


BREAKAGES = {
    # name: (file, old, new, expected message pattern)
    "unknown place id in a river": (
        "rivers.toml", '"zeya-mouth", "ussuri-mouth"', '"zeya-mouthh", "ussuri-mouth"',
        r"rivers\.toml:\d+: river 'amur': waypoints: unknown place id 'zeya-mouthh'"),
    "unknown place id in an event": (
        "events.toml", 'place = "aigun"', 'place = "aigunn"',
        r"events\.toml:\d+: event '[a-z0-9-]+': place: unknown place id 'aigunn'"),
    "longitude out of range": (
        "places.toml", "lon = ", "lon = 1000",
        r"places\.toml:\d+: place '[a-z0-9-]+': lon: expected a number between -180 and 180"),
    "wrong type": (
        "places.toml", "accuracy_km = 1 }", 'accuracy_km = "1" }',
        r"places\.toml:\d+: place '[a-z0-9-]+': position\.accuracy_km: expected how far \(km\) the real "
        r"site may lie from the drawn point, above 0 and at most 500, got '1'"),
    "unknown work": (
        "events.toml", 'sources = ["seed"]', 'sources = ["seed", "memory: a friend"]',
        r"events\.toml:\d+: event '[a-z0-9-]+': sources: 'memory' is not a work of bibliography\.toml"),
    "wrong bank": (
        "places.toml", 'side = "left"', 'side = "north"',
        r"places\.toml:\d+: place '[a-z0-9-]+': bank: expected \{ river = <a river id of rivers\.toml>, "
        r"side = \"left\" or \"right\" \(looking downstream\) \}"),
    "missing field": (
        "rivers.toml", 'geometry = "network"\n', "",
        r"rivers\.toml:\d+: river 'amur': geometry: missing \(expected one of network, waypoints\)"),
    "missing language": (
        "lakes.toml", ', tr = "Hanka Gölü"', "",
        r"lakes\.toml:\d+: lake 'khanka': name\.tr: missing or empty"),
    "malformed TOML": (
        "events.toml", "[[event]]", "[[event]",
        r"events\.toml:\d+: invalid TOML: "),
    "duplicate id": (
        "rivers.toml", 'id = "ussuri"', 'id = "amur"',
        r"rivers\.toml:\d+: river 'amur': id: duplicate id 'amur'"),
    "impossible date": (
        "events.toml", 'date = "1858-05-16"', 'date = "1858-02-30"',
        r"events\.toml:\d+: event '[a-z0-9-]+': date: day 30 is not 1\.\.28"),
    "unknown key": (
        "lakes.toml", "inside = ", "insde = ",
        r"lakes\.toml:\d+: lake 'khanka': insde: unknown key"),
    "unknown place in a border segment": (
        "regimes/peking-1860.toml", 'from = "songacha-mouth", to = "songacha-source"',
        'from = "songacha-mout", to = "songacha-source"',
        r"peking-1860\.toml:\d+: segment 'songacha': piece\.from: unknown place id 'songacha-mout'"),
    "unknown river in a border segment": (
        "regimes/aigun-1858.toml", '{ river = "ussuri", from', '{ river = "usuri", from',
        r"aigun-1858\.toml:\d+: segment 'ussuri': piece: unknown river 'usuri'"),
    "border chain with a gap": (
        "regimes/peking-1860.toml", '[[segment]]\nid = "songacha"',
        '[[segment]]\nid = "songacha"\nchain = "elsewhere"',
        r"peking-1860\.toml: segment 'khanka': starts \d+\.\d km from where segment 'ussuri' ends "
        r"\(at most 5 km\): the border chain has a gap"),
    "territory ring that does not close": (
        "regions.toml", '{ river = "tumen", from = "tumen-20-li", to = "tumen-mouth" }',
        '{ river = "tumen", from = "tumen-20-li", to = "tumen-source" }',
        r"regions\.toml:\d+: region 'ussuri-region': ring: piece 5 ends at 'tumen-source' but piece 6 "
        r"starts at 'tumen-mouth': the ring does not close"),
    "overlapping territories": (
        "regimes/aigun-1858.toml", '[[territory]]\nid = "joint"',
        '[[territory]]\nid = "joint-again"\nregion = "ussuri-region"\nstatus = "joint"\nfrom_state = "qing"\n'
        'to_state = "joint"\narticle = "1"\nnote = "twice"\nnote_tr = "iki kez"\n\n'
        '[[territory]]\nid = "joint"',
        r"aigun-1858\.toml: territory 'joint': overlaps territory 'joint-again' by \d+ km²"),
    "unknown precision": (
        "regimes/nerchinsk-1689.toml", 'precision = "described"', 'precision = "exact"',
        r"nerchinsk-1689\.toml:\d+: segment 'argun': precision: expected one of described, surveyed, "
        r"approximate, undelimited, got 'exact'"),
    "unknown region": (
        "regimes/kyakhta-1727.toml", 'region = "uriankhai"', 'region = "tannu"',
        r"kyakhta-1727\.toml:\d+: territory 'uriankhai': region: unknown region 'tannu'"),
    "unknown event in a story step": (
        "story.toml", 'events = ["khabarovka-founded", "tianjin-treaty"]', 'events = ["tianjin-treety"]',
        r"story\.toml:\d+: step 'tianjin': events: unknown id 'tianjin-treety' \(not in events\.toml\)"),
    "story step told before its event": (
        "story.toml", 'events = ["yakutsk-founded"]', 'events = ["yakutsk-founded", "peking-treaty"]',
        r"story\.toml:\d+: step 'yakutsk': events: peking-treaty \(1860-11-02\) is later than the "
        r"step's date 1632"),
    "story going back in time": (
        "story.toml", 'id = "tianjin"\ndate = "1858-06-13"', 'id = "tianjin"\ndate = "1858-05-01"',
        r"story\.toml:\d+: step 'tianjin': date: 1858-05-01 comes before the step before it \('aigun'\)"),
    "story step without its Turkish text": (
        "story.toml", ', tr = "Yakutsk: doğuya giden yol açılıyor"', "",
        r"story\.toml:\d+: step 'yakutsk': title\.tr: missing or empty"),
    "story view out of the maps' zooms": (
        "story.toml", "lon = 124.1, lat = 53.4, zoom = 6 }", "lon = 124.1, lat = 53.4, zoom = 14 }",
        r"story\.toml:\d+: step 'albazin': view\.zoom: expected a whole zoom level from 3 to 10, got 14"),
    "story step citing an unknown work": (
        "story.toml", 'sources = ["seed", "bassin-1999"]', 'sources = ["seed", "hearsay"]',
        r"story\.toml:\d+: step 'muravyov': sources: 'hearsay' is not a work of bibliography\.toml"),
    "bad signing date": (
        "regimes/aigun-1858.toml", 'signed = "1858-05-16"', 'signed = "1858-5-16"',
        r"aigun-1858\.toml:\d+: regime 'aigun-1858': signed: expected a date as YYYY, YYYY-MM or YYYY-MM-DD"),
}


def _check_failure(result, pattern: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("bordermap: error: ")]
    assert lines, result.stderr
    assert any(re.search(pattern, line) for line in lines), result.stderr


@pytest.mark.parametrize("name", sorted(BREAKAGES))
def test_bad_source_is_reported(name, geo_copy, layers_copy):
    file, old, new, pattern = BREAKAGES[name]
    _replace(geo_copy / file, old, new)
    before = _snapshot(layers_copy)
    for command in (["validate"], ["build", "--layers", str(layers_copy)]):
        result = run_cli(*command, "--geo", str(geo_copy))
        _check_failure(result, pattern)
    assert _snapshot(layers_copy) == before


def test_invalid_utf8(geo_copy, layers_copy):
    path = geo_copy / "places.toml"
    path.write_bytes(path.read_bytes().replace(b"Albazin", b"Alb\xffzin", 1))
    result = run_cli("build", "--geo", str(geo_copy), "--layers", str(layers_copy))
    _check_failure(result, r"places\.toml:\d+: not valid UTF-8 \(byte 0xff\)")


def test_invalid_territory_geometry(geo_copy, layers_copy):
    # the enclave's landward corner moved across the Amur: its ring crosses the river
    path = geo_copy / "places.toml"
    text = path.read_text(encoding="utf-8")
    block = text[text.index('id = "sixty-four-east"'):]
    moved = re.sub(r"lon = [0-9.]+", "lon = 127.0000", block, count=1)
    path.write_text(text.replace(block, moved), encoding="utf-8")
    before = _snapshot(layers_copy)
    result = run_cli("build", "--geo", str(geo_copy), "--layers", str(layers_copy))
    _check_failure(result, r"regions\.toml: region 'sixty-four-villages': the ring is not a valid "
                           r"polygon \(Self-intersection")
    assert _snapshot(layers_copy) == before


def test_missing_regime_file(geo_copy, layers_copy):
    (geo_copy / "regimes" / "kyakhta-1727.toml").unlink()
    before = _snapshot(layers_copy)
    result = run_cli("build", "--geo", str(geo_copy), "--layers", str(layers_copy))
    _check_failure(result, r"regimes/kyakhta-1727\.toml: file is missing")
    assert _snapshot(layers_copy) == before


def test_missing_file(geo_copy, layers_copy):
    (geo_copy / "lakes.toml").unlink()
    before = _snapshot(layers_copy)
    result = run_cli("build", "--geo", str(geo_copy), "--layers", str(layers_copy))
    _check_failure(result, r"lakes\.toml: file is missing")
    assert _snapshot(layers_copy) == before


def test_every_problem_is_reported_at_once(geo_copy):
    _replace(geo_copy / "lakes.toml", "inside = [132.4, 45.0]", "inside = [132.4]")
    _replace(geo_copy / "rivers.toml", 'id = "ussuri"', 'id = "Ussuri River"')
    result = run_cli("validate", "--geo", str(geo_copy))
    assert result.returncode == 2
    assert "lakes.toml" in result.stderr and "rivers.toml" in result.stderr
    assert "problems; nothing was written" in result.stderr


def test_waypoint_far_from_any_river(geo_copy, layers_copy):
    # a mouth moved into the middle of the Gobi is no longer on a mapped watercourse
    text = (geo_copy / "places.toml").read_text(encoding="utf-8")
    block = text[text.index('id = "uda-mouth"'):]
    lon_line = re.search(r"lon = [-0-9.]+", block).group(0)
    lat_line = re.search(r"lat = [-0-9.]+", block).group(0)
    block2 = block.replace(lon_line, "lon = 105.0", 1).replace(lat_line, "lat = 43.0", 1)
    (geo_copy / "places.toml").write_text(text.replace(block, block2), encoding="utf-8")
    before = _snapshot(layers_copy)
    result = run_cli("build", "--geo", str(geo_copy), "--layers", str(layers_copy))
    _check_failure(result, r"rivers\.toml: river 'uda': waypoint 'uda-mouth' lies \d+ km from "
                           r"the nearest mapped watercourse")
    assert _snapshot(layers_copy) == before


def test_valid_sources_pass():
    result = run_cli("validate", "--geo", str(ROOT / "geo"))
    assert result.returncode == 0, result.stderr
    assert "no problems" in result.stdout
