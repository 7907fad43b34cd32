"""The guided tour of the seed history (geo/story.toml), as the sources give it."""

from __future__ import annotations

import re

from bordermap.sources.gazetteer import load_sources
from bordermap.sources.story import MAX_STEPS, MAX_TEXT, MIN_STEPS
from conftest import GEO, run_cli


def test_the_tour_runs_from_yakutsk_to_peking():
    """15 to 25 steps, forward in time, from the founding of Yakutsk (1632) to the
    Convention of Peking; every treaty of the border is told at a step and its lines shown."""
    sources = load_sources(GEO)
    steps = sources.story
    assert MIN_STEPS <= len(steps) <= MAX_STEPS
    firsts = [s.date.first for s in steps]
    assert firsts == sorted(firsts)
    assert steps[0].date.first[:4] == "1632" and "yakutsk-founded" in steps[0].events
    assert steps[-1].date.gregorian == "1860-11-14" and "peking-treaty" in steps[-1].events
    regimes = {path.stem for path in (GEO / "regimes").glob("*.toml")}
    assert {r for s in steps for r in s.regimes} == regimes  # each treaty has its step
    for step in steps:
        for eid in step.events:  # an event told at a step had happened by its date
            assert sources.events[eid].date.first <= step.date.last, (step.id, eid)


def test_every_step_speaks_english_and_turkish_and_cites_its_sources():
    for step in load_sources(GEO).story:
        assert step.title["en"] and step.title["tr"] and step.text["en"] and step.text["tr"], step.id
        assert len(step.text["en"]) <= MAX_TEXT and len(step.text["tr"]) <= MAX_TEXT, step.id
        # Turkish, not English copied: Turkish letters, and not the English words
        assert re.search(r"[çğışöüÇĞİŞÖÜ]", step.text["tr"]), step.id
        assert step.text["tr"] != step.text["en"], step.id
        assert step.sources and any(c.key == "seed" for c in step.sources), step.id
        assert 3 <= step.view.zoom <= 10, step.id


def test_validate_reads_the_tour(tmp_path):
    """A tour outside 15-25 steps is refused in one line, as any source problem."""
    import shutil

    geo = tmp_path / "geo"
    shutil.copytree(GEO, geo)
    text = (geo / "story.toml").read_text(encoding="utf-8")
    first = text.index("\n[[step]]")  # the tour's first step only
    second = text.index("\n[[step]]", first + 1)
    (geo / "story.toml").write_text(text[:second + 1], encoding="utf-8")
    result = run_cli("validate", "--geo", str(geo))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert re.search(r"story\.toml:1: 1 steps; a tour has 15 to 25", result.stderr), result.stderr
