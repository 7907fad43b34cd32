"""The guided tour of the seed history (geo/story.toml), as the sources give it."""

from __future__ import annotations

import json
import re

import pytest

from bordermap.sources.gazetteer import load_sources
from bordermap.sources.story import MAX_STEPS, MAX_TEXT, MIN_STEPS
from browser import Page
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


# -- the tour's page ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tours(fresh_layers, tmp_path_factory):
    """story.html in English and Turkish, written by 'bordermap story' as a user runs it."""
    out = tmp_path_factory.mktemp("story")
    for lang in ("en", "tr"):
        result = run_cli("story", "--layers", str(fresh_layers), "--out", str(out / lang), "--lang", lang)
        assert result.returncode == 0, result.stderr
    return out


def _steps(layers) -> list[dict]:
    features = json.loads((layers / "story.geojson").read_text(encoding="utf-8"))["features"]
    return [f["properties"] for f in sorted(features, key=lambda f: f["properties"]["step"])]


def _timeline(layers) -> dict:
    return {f["id"]: f["properties"]
            for f in json.loads((layers / "timeline.geojson").read_text(encoding="utf-8"))["features"]}


@pytest.mark.parametrize("lang", ["en", "tr"])
def test_every_step_shows_its_days_border_and_its_text(browser, tours, fresh_layers, lang):
    """Offline, step by step with the Next button: the page's text is the step's, in the
    page's language, and the map draws exactly the border segments in force on its day
    (none before 1689), its treaties' lines emphasised."""
    from bordermap.layers.time import holds

    steps = _steps(fresh_layers)
    timeline = _timeline(fresh_layers)
    page = Page(browser, (tours / lang / "story.html").as_uri())
    for number, step in enumerate(steps):
        if number:
            page.page.locator(".bm-story-next").click()
        assert page.js("window.bordermap.step") == number
        panel = page.page.locator(".bm-story").inner_text()
        assert step[f"text_{lang}"] in panel and step[f"title_{lang}"] in panel, step["id"]
        shown = set(page.js("window.bordermap.shown()"))
        expected = {fid for fid, p in timeline.items() if p["kind"] == "border" and holds(p, step["day"])}
        assert {fid for fid in shown if fid in timeline and timeline[fid]["kind"] == "border"} == expected
        if step["day"] < "1689-09-06":
            assert not expected  # before Nerchinsk there is no border to draw
        widths = {d["id"]: d["weight"] for d in page.js("window.bordermap.drawn()")}
        for fid in expected:  # the step's own treaties' lines, and only those, drawn thicker
            emphasised = timeline[fid]["established_by"] in step["regimes"]
            normal = widths[fid] <= 4
            assert emphasised != normal, (step["id"], fid, widths[fid])
    assert page.page.locator(".bm-story-next").is_disabled()
    assert page.errors == []
    assert all(url.startswith("file:") or url.startswith("data:") for url in page.requests)  # offline
    page.close()


def test_a_link_opens_its_step_and_the_keys_move_on(browser, tours, fresh_layers):
    steps = _steps(fresh_layers)
    aigun = next(i for i, s in enumerate(steps) if s["id"] == "aigun")
    page = Page(browser, (tours / "en" / "story.html").as_uri() + f"#step={aigun + 1}")
    assert page.js("window.bordermap.step") == aigun
    assert "Treaty of Aigun" in page.page.locator(".bm-story h2").inner_text()
    page.page.keyboard.press("ArrowRight")
    assert page.js("window.bordermap.step") == aigun + 1
    assert page.js("location.hash") == f"#step={aigun + 2}"  # a link to where the reader is
    page.page.keyboard.press("ArrowLeft")
    page.page.keyboard.press("ArrowLeft")
    assert page.js("window.bordermap.step") == aigun - 1
    page.close()


def test_on_a_phone_the_map_and_the_panel_share_the_screen(browser, tours):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto((tours / "tr" / "story.html").as_uri())
    page.wait_for_load_state("load")
    box = page.evaluate("""() => [document.querySelector('.bm-story-map').getBoundingClientRect(),
                                  document.querySelector('.bm-story').getBoundingClientRect()]
                                 .map(r => [r.left, r.top, r.right, r.bottom])""")
    (ml, mt, mr, mb), (pl, pt, pr, pb) = box
    assert mb <= pt + 0.5 and mt == 0 and pb <= 844.5  # the map above, the panel below: no overlap
    assert mr - ml == 390 and pr - pl == 390 and mb - mt > 300 and pb - pt > 250
    button = page.locator(".bm-story-next")
    assert button.is_visible() and "Sonraki" in button.inner_text()
    page.close()


def test_the_start_page_opens_with_the_tour(browser, fresh_layers, tmp_path):
    """'bordermap maps' into a folder that holds story.html lists the tour first."""
    out = tmp_path / "maps"
    for command in (["story"], ["maps", "--offline"]):
        result = run_cli(*command, "--layers", str(fresh_layers), "--out", str(out), "--lang", "tr")
        assert result.returncode == 0, result.stderr
    page = Page(browser, (out / "start.html").as_uri())
    links = page.js("Array.from(document.querySelectorAll('nav a'))"
                    ".map(a => [a.getAttribute('href'), a.textContent])")
    assert links[0] == ["story.html", "Amur meselesi, 1632–1860: rehberli bir gezi"]
    page.close()


def test_the_tours_texts_reach_the_page_as_text(browser, fresh_layers, tmp_path):
    """Template syntax, HTML and a closing script tag in a step's title, text and source are
    shown as written: nothing evaluated, no markup, no dialog, nothing made on disk."""
    import shutil

    from test_page_safety import HOSTILE, MKDIR

    layers = tmp_path / "layers"
    shutil.copytree(fresh_layers, layers)
    data = json.loads((layers / "story.geojson").read_text(encoding="utf-8"))
    first = data["features"][0]["properties"]
    first["title_en"], first["text_en"], first["source"] = MKDIR, HOSTILE, HOSTILE
    (layers / "story.geojson").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = run_cli("story", "--layers", str(layers), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    page = Page(browser, (tmp_path / "out" / "story.html").as_uri())
    assert page.page.locator(".bm-story h2").inner_text() == MKDIR
    assert page.page.locator(".bm-story-text").inner_text() == HOSTILE
    assert HOSTILE in page.page.locator(".bm-story-source").inner_text()
    assert page.js("document.querySelectorAll('.bm-story b, .bm-story script').length") == 0
    assert page.dialogs == [] and page.errors == []
    assert not (tmp_path / "pwned").exists() and not (tmp_path / "pwned2").exists()
    page.close()


# -- the printed handout -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def handouts(fresh_layers, tmp_path_factory):
    """story.pdf in English and Turkish, written by 'bordermap story --format pdf'."""
    out = tmp_path_factory.mktemp("handout")
    for lang in ("en", "tr"):
        result = run_cli("story", "--format", "pdf", "--layers", str(fresh_layers), "--out",
                         str(out / lang), "--lang", lang)
        assert result.returncode == 0, result.stderr
        assert "story.pdf" in result.stdout
    return out


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("lang", ["en", "tr"])
def test_the_handout_has_a_page_a_step_with_its_map_and_text(handouts, fresh_layers, lang):
    """A4 pages: a cover listing every step, then each step's title, date, text and sources,
    in the handout's language, above its map (an image)."""
    from pypdf import PdfReader

    steps = _steps(fresh_layers)
    reader = PdfReader(handouts / lang / "story.pdf")
    assert len(reader.pages) == len(steps) + 1
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width - 595.4) < 1 and abs(height - 841.7) < 1  # A4, points
    cover = _words(reader.pages[0].extract_text())
    for step in steps:
        assert _words(step[f"title_{lang}"]) in cover, step["id"]
    for step, page in zip(steps, reader.pages[1:], strict=True):
        words = _words(page.extract_text())
        assert _words(step[f"title_{lang}"]) in words, step["id"]
        text = _words(step[f"text_{lang}"])
        assert text[:60] in words and text[-40:] in words, step["id"]  # the whole text, wrapped
        assert page.images, f"{step['id']}: no map"
    if lang == "tr":
        assert "Adım 15 / 18" in _words(reader.pages[15].extract_text())


def test_the_handout_is_the_same_bytes_every_run(handouts, fresh_layers, tmp_path):
    result = run_cli("story", "--format", "pdf", "--layers", str(fresh_layers), "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "story.pdf").read_bytes() == (handouts / "en" / "story.pdf").read_bytes()


def test_the_handouts_maps_draw_the_steps_routes_and_claims(fresh_layers):
    """The static map of a step draws the routes and proposed lines it tells of, and the
    places it names; a step before 1689 says there was no border yet."""
    from bordermap.images.export import _Layers
    from bordermap.images.handout import _steps as handout_steps
    from bordermap.images.handout import step_extent

    layers = _Layers.load(fresh_layers)
    steps = {s["id"]: s for s in handout_steps(layers, "en")}
    from bordermap.images.export import border_on_figure

    for sid in ("crimean-war", "aigun"):
        step = steps[sid]
        routes = tuple(f for f in layers.data["routes"] if f["properties"]["route"] in step["routes"])
        proposals = tuple(f for f in layers.data["proposals"]
                          if f["properties"]["proposal"] in step["proposals"])
        fig = border_on_figure(layers, step["day"], "en", 1200, 100,
                               step_extent(step["lon"], step["lat"], step["zoom"]), routes=routes,
                               proposals=proposals, places=tuple(step["places"]))
        drawn = {a.get_label() for a in fig.axes[0].get_children()}
        assert {f["id"] for f in routes + proposals} <= drawn and routes + proposals, sid
        assert {f"place:{p}" for p in step["places"]} <= drawn, sid
        fig.render("x", ("png",))


def test_a_handout_without_layers_is_one_line(tmp_path):
    result = run_cli("story", "--format", "pdf", "--layers", str(tmp_path / "none"), "--out", str(tmp_path))
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "story.pdf").exists()


def test_the_handout_prints_hostile_text_as_written(fresh_layers, tmp_path):
    """A step's text with template, markup and TeX characters is printed as it is written."""
    import shutil

    from pypdf import PdfReader

    layers = tmp_path / "layers"
    shutil.copytree(fresh_layers, layers)
    path = layers / "story.geojson"
    data = json.loads(path.read_text(encoding="utf-8"))
    hostile = "Say {{ 7*7 }} {# and <script>alert(1)</script> for $x^2$ and 50 % \\alpha."
    data["features"][0]["properties"]["text_en"] = hostile
    path.write_text("\n".join(['{"type":"FeatureCollection","name":"story","features":[',
                               ",\n".join(json.dumps(f, ensure_ascii=False) for f in data["features"]),
                               "]}", ""]), encoding="utf-8")
    result = run_cli("story", "--format", "pdf", "--layers", str(layers), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    page = _words(PdfReader(tmp_path / "out" / "story.pdf").pages[1].extract_text())
    assert _words(hostile) in page
