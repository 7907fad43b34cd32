"""Every map page passes axe-core: no serious or critical violation, in English and Turkish.

axe-core comes from the npm registry (``npm pack``, a pinned version checked against its
SHA-256) into ``tests/.cache`` the first time, as ``bench/run.py`` fetches its assets; it is
put into each page with Playwright and run in Debian's Chromium. A missing npm or network
fails these tests, it does not skip them.
"""

from __future__ import annotations

import pytest

from bordermap.i18n import text
from browser import Page, npm_file

AXE = "axe-core@4.14.1"
AXE_TARBALL = "axe-core-4.14.1.tgz"
AXE_SHA256 = "e6b0ce02b84d892e2e33e403485e7f3d6c29e2be6df65daf44d89ba564139745"
#: The impacts that fail a page.
FAILING = ("serious", "critical")
#: The rules of a page's basics: none of them may fail, whatever their impact.
BASICS = ("html-has-lang", "html-lang-valid", "document-title", "meta-viewport", "landmark-one-main",
          "page-has-heading-one", "region")
LANGS = {"offline": "en", "offline-tr": "tr"}


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's ``axe.min.js``, from the pinned, checked tarball."""
    return npm_file(AXE, AXE_TARBALL, AXE_SHA256, "package/axe.min.js", "the accessibility tests")


def _axe(page: Page, source: str) -> dict:
    page.page.add_script_tag(content=source)
    return page.js("() => axe.run(document, {resultTypes: ['violations']})")


def _failures(results: dict) -> list[str]:
    return [f"{v['id']} ({v['impact']}, {len(v['nodes'])}×): {v['help']}: "
            f"{[n['target'] for n in v['nodes']][:3]}"
            for v in results["violations"] if v["impact"] in FAILING or v["id"] in BASICS]


@pytest.mark.parametrize("mode", sorted(LANGS))
@pytest.mark.parametrize("viewport", [(1400, 900), (390, 844)], ids=["wide", "phone"])
def test_every_map_passes_axe(browser, maps, axe_source, mode, viewport):
    """The combined map, each regime's map and each comparison: no serious or critical
    violation (colour contrast of the controls' text included), and the page's basics."""
    paths = sorted(maps[mode].glob("*.html"))
    assert len(paths) == 9, paths  # eight maps and the start page
    failures = {}
    for path in paths:
        page = Page(browser, path.as_uri())
        if viewport != (1400, 900):  # the controls fold or open as the page loads: load it again
            page.page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
            page.page.reload(wait_until="load")
        page.page.wait_for_timeout(300)
        found = _failures(_axe(page, axe_source))
        if found or page.errors:
            failures[path.name] = found + page.errors
        page.close()
    assert not failures, failures


@pytest.mark.parametrize("mode", sorted(LANGS))
def test_a_page_is_in_the_maps_language_with_its_title(browser, maps, mode):
    lang = LANGS[mode]
    for path in sorted(maps[mode].glob("*.html")):
        page = Page(browser, path.as_uri())
        basics = page.js("""() => ({
            lang: document.documentElement.lang, title: document.title,
            h1: Array.from(document.querySelectorAll('h1')).map(h => h.textContent),
            main: document.querySelectorAll('main').length,
            outside: Array.from(document.body.children).filter(e => e.tagName !== 'MAIN'
                && e.tagName !== 'SCRIPT').length,
            viewport: Array.from(document.querySelectorAll('meta[name=viewport]')).map(m => m.content),
            zoom: Array.from(document.querySelectorAll('.leaflet-control-zoom a')).map(a => a.title),
            regions: Array.from(document.querySelectorAll('.leaflet-container'))
                .map(c => [c.getAttribute('role'), c.getAttribute('aria-label')]),
        })""")
        captions = page.page.locator(".bm-caption strong").all_inner_texts()
        assert basics["lang"] == lang, path.name
        assert basics["title"] and basics["h1"] == [basics["title"]], (path.name, basics)
        if path.name == "start.html":  # the list of maps: its title, and no map
            assert basics["title"] == text("start.title", lang) and not basics["regions"], basics
            assert basics["main"] == 1 and basics["outside"] == 0, (path.name, basics)
            continue
        if path.name.startswith("compare-"):
            before, after = (c.split(": ", 1)[1] for c in captions)
            assert basics["title"] == f"{before} → {after}", (path.name, basics["title"], captions)
        else:
            assert basics["title"] == captions[0], (path.name, basics["title"], captions)
        assert basics["main"] == 1 and basics["outside"] == 0, (path.name, basics)
        assert basics["viewport"] and all(v == "width=device-width, initial-scale=1"
                                          for v in basics["viewport"]), (path.name, basics["viewport"])
        maps_on_page = len(basics["regions"])
        assert basics["zoom"] == [text("map.zoom_in", lang), text("map.zoom_out", lang)] * maps_on_page
        assert basics["regions"] == [["region", c] for c in captions], (path.name, basics["regions"])
        assert not page.errors, page.errors
        page.close()


@pytest.mark.parametrize("viewport", [(1400, 900), (390, 844)], ids=["wide", "phone"])
@pytest.mark.parametrize("lang", ["en", "tr"])
def test_the_guided_tour_passes_axe(browser, fresh_layers, axe_source, tmp_path, lang, viewport):
    from conftest import run_cli

    result = run_cli("story", "--layers", str(fresh_layers), "--out", str(tmp_path), "--lang", lang)
    assert result.returncode == 0, result.stderr
    page = Page(browser, (tmp_path / "story.html").as_uri())
    page.page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    page.page.reload(wait_until="load")
    page.page.wait_for_timeout(300)
    assert page.js("document.documentElement.lang") == lang
    found = _failures(_axe(page, axe_source))
    assert not found and not page.errors, found + page.errors
    page.close()
