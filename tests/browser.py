"""Driving Debian's Chromium with Playwright in the tests: pages with every console error,
request and dialog recorded, and clicks and hovers at a longitude and latitude.

The browser is the system one (``/usr/bin/chromium``, or ``$BORDERMAP_CHROMIUM``);
Playwright's own browser download is never used. A missing browser fails the tests that
need it, it does not skip them: ``make test`` installs it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]


def chromium() -> str:
    path = os.environ.get("BORDERMAP_CHROMIUM") or shutil.which("chromium")
    if not path:
        pytest.fail("Debian's chromium is needed for the map tests: apt-get install chromium")
    return path


class Page:
    """A page with every console message, page error, request and dialog recorded."""

    def __init__(self, browser, url: str, route_network: bool = False) -> None:
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        if route_network:
            self.page.route(lambda url: url.startswith("http"), answer_locally)
        self.page.goto(url)
        self.page.wait_for_load_state("load")

    def js(self, code: str, arg=None):
        return self.page.evaluate(code, arg)

    def close(self) -> None:
        self.page.close()


def answer_locally(route) -> None:
    """Online maps in a sandbox: CDN and tile requests answered from local files."""
    from bordermap.maps.elements import leaflet_assets

    url = route.request.url
    script, css = leaflet_assets()
    if url.endswith("leaflet.js"):
        route.fulfill(body=script, content_type="application/javascript")
    elif url.endswith("leaflet.css"):
        route.fulfill(body=css, content_type="text/css")
    elif url.endswith(".js"):
        route.fulfill(body="", content_type="application/javascript")
    elif url.endswith(".css"):
        route.fulfill(body="", content_type="text/css")
    else:  # a tile: one transparent pixel
        pixel = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                              "1f15c4890000000d49444154789c6360000002000100e221bc330000"
                              "000049454e44ae426082")
        route.fulfill(body=pixel, content_type="image/png")


def screen_point(page: Page, lon: float, lat: float) -> list[float]:
    """Where (lon, lat) is on the page, in CSS pixels."""
    return page.js("([lat, lon]) => { const p = window.bordermap.map.latLngToContainerPoint([lat, lon]);"
                   " const r = window.bordermap.map.getContainer().getBoundingClientRect();"
                   " return [p.x + r.left, p.y + r.top]; }", [lat, lon])


def click_at(page: Page, lon: float, lat: float) -> str:
    point = screen_point(page, lon, lat)
    page.page.mouse.click(point[0], point[1])
    page.page.wait_for_selector(".leaflet-popup-content", timeout=3000)
    text = page.page.locator(".leaflet-popup-content").inner_text()
    page.js("void window.bordermap.map.closePopup()")
    page.page.wait_for_selector(".leaflet-popup-content", state="detached", timeout=3000)
    return text


def hover_at(page: Page, lon: float, lat: float) -> str:
    point = screen_point(page, lon, lat)
    page.page.mouse.move(point[0] - 20, point[1] - 20)
    page.page.mouse.move(point[0], point[1], steps=4)
    page.page.wait_for_selector(".leaflet-tooltip", timeout=3000)
    return page.page.locator(".leaflet-tooltip").inner_text()


#: Where test assets from the npm registry are kept (git-ignored).
NPM_CACHE = Path(__file__).resolve().parent / ".cache"


def npm_file(spec: str, tarball: str, sha256: str, member: str, needed_by: str) -> str:
    """The text of ``member`` of the npm package ``spec`` (``name@version``), from its
    tarball in :data:`NPM_CACHE`, fetched with ``npm pack`` the first time and checked
    against ``sha256``. Each pytest worker may fetch it: the tarball is packed in a folder
    of its own and moved into place. A missing npm or registry fails the test, naming
    ``needed_by``."""
    import hashlib
    import subprocess
    import tarfile
    import tempfile

    target = NPM_CACHE / tarball
    if not target.exists():
        npm = shutil.which("npm")
        if not npm:
            pytest.fail(f"npm is needed to fetch {spec} for {needed_by}: apt-get install npm")
        NPM_CACHE.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=NPM_CACHE) as folder:
            try:
                result = subprocess.run([npm, "pack", "--silent", spec], cwd=folder, capture_output=True,
                                        text=True, timeout=180)
            except subprocess.TimeoutExpired:
                pytest.fail(f"'npm pack {spec}' took over 3 minutes: is the npm registry reachable?")
            packed = Path(folder) / tarball
            if result.returncode != 0 or not packed.exists():
                said = result.stderr.strip() or result.stdout.strip() or f"exit status {result.returncode}"
                pytest.fail(f"could not fetch {spec} with 'npm pack' (is the npm registry reachable?): "
                            f"{said}")
            os.replace(packed, target)
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    if digest != sha256:
        target.unlink()
        pytest.fail(f"{target.name}: SHA-256 {digest}, expected {sha256}; removed, run again")
    with tarfile.open(target) as tar:
        return tar.extractfile(member).read().decode("utf-8")
