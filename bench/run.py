"""bordermap's benchmark: `make bench` (never part of the tests).

Measures, on this machine:
1. the main job end to end and each stage — build, maps (online, offline, Turkish),
   export, each the command `make` runs, in its own process — as wall-clock seconds, the
   median of several runs;
2. the combined offline map's size and its time to render in headless Chromium
   (navigation start until the load event and two animation frames, when every layer
   has been drawn), side by side in the same run with the baseline a user would write by
   hand: geopandas' ``explore()`` of the same layers, saved to HTML, its CDN assets
   (Leaflet, jQuery, Bootstrap, the awesome-markers plugin, Font Awesome) served from
   local copies of the same packages;
3. for scale, the same render time of an offline page with Leaflet and an empty map only
   (bordermap's map options, no layer, no control): what any page with Leaflet inlined
   takes before it draws anything.

Render times are medians of RENDERS page loads, the pages taking turns, so that a change
in the machine's load falls on all of them alike.

The CDN packages come from the npm registry once (``npm pack``) into ``bench/.cache``.
Prints a Markdown table; the numbers in README come from it.
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "bench" / ".cache"
RUNS = 3
RENDERS = 9
NPM = {"jquery": "jquery@3.7.1", "bootstrap": "bootstrap@5.2.2",
       "awesome": "drmonty-leaflet-awesome-markers@2.0.2",
       "fontawesome": "@fortawesome/fontawesome-free@6.2.0"}


def cli(*args: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "bordermap", *args], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def stages(work: Path) -> dict[str, float]:
    """The main job's commands, as `make` runs them (the images and the tours first, so that
    the maps' start pages list them), into ``work``: each one timed (the three tours as one),
    and the whole run end to end, from the first command's start to the last one's end;
    then, apart, the printed handout (`make handout`), one language."""
    layers = work / "layers"
    start = time.perf_counter()
    images = str(work / "images")
    out = {
        "build": cli("build", "--layers", str(layers)),
        "export (27 files)": cli("export", "--layers", str(layers), "--out", images),
        "story (3 tours)": sum(cli("story", "--layers", str(layers), *lang, "--out", str(work / "maps" / sub))
                               for sub, lang in (("", ()), ("offline", ()), ("tr", ("--lang", "tr")))),
        "maps (online)": cli("maps", "--layers", str(layers), "--out", str(work / "maps"),
                             "--images", images),
        "maps (offline)": cli("maps", "--layers", str(layers), "--offline",
                              "--out", str(work / "maps" / "offline"), "--images", images),
        "maps (offline, tr)": cli("maps", "--layers", str(layers), "--offline", "--lang", "tr",
                                  "--out", str(work / "maps" / "tr"), "--images", images),
    }
    out["main job, end to end"] = time.perf_counter() - start
    # not part of the main job: `make handout`, one language
    out["story --format pdf (handout, not in the main job)"] = cli(
        "story", "--layers", str(layers), "--format", "pdf", "--out", str(work / "handout"))
    return out


def baseline(layers: Path, target: Path) -> None:
    """What a user would write by hand: explore() each layer onto one folium map."""
    import folium
    import geopandas as gpd

    m = None
    for name in ("nerchinsk-1689", "kyakhta-1727", "aigun-1858", "peking-1860", "rivers", "lakes",
                 "places", "events", "modern"):
        gdf = gpd.read_file(layers / f"{name}.geojson")
        kwargs = {"name": name, "tooltip": True, "popup": True}
        m = gdf.explore(m=m, tiles=None, **kwargs) if m is not None else gdf.explore(tiles=None, **kwargs)
    folium.LayerControl().add_to(m)
    m.save(str(target))


def empty_map(target: Path) -> None:
    """An offline page with Leaflet inlined and an empty map with bordermap's options."""
    from bordermap import style
    from bordermap.maps.compose import COMBINED_BOUNDS, blank_map, stable_ids
    from bordermap.maps.elements import OfflineAssets

    with stable_ids():
        figure = blank_map(COMBINED_BOUNDS).get_root()
        OfflineAssets(style.WATER_COLOR).add_to(figure)
        target.write_text(figure.render(), encoding="utf-8")


def npm_assets() -> dict[str, bytes]:
    """CDN file name -> bytes, from the same packages on the npm registry (cached)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    tarballs = {}
    for key, spec in NPM.items():
        found = sorted(CACHE.glob(f"*{spec.split('@')[-2].split('/')[-1]}-{spec.split('@')[-1]}.tgz"))
        if not found:
            subprocess.run(["npm", "pack", "--silent", spec], cwd=CACHE, check=True,
                           stdout=subprocess.DEVNULL)
            found = sorted(CACHE.glob(f"*{spec.split('@')[-2].split('/')[-1]}-{spec.split('@')[-1]}.tgz"))
        tarballs[key] = found[0]
    files: dict[str, bytes] = {}
    for tgz in tarballs.values():
        with tarfile.open(tgz) as tar:
            for member in tar.getmembers():
                if member.isfile():
                    files[member.name.removeprefix("package/")] = tar.extractfile(member).read()
    from bordermap.maps.elements import _leaflet_dir

    leaflet = _leaflet_dir()
    files["leaflet.js"] = (leaflet / "leaflet.js").read_bytes()
    files["leaflet.css"] = (leaflet / "leaflet.css").read_bytes()
    return files


def serve(files: dict[str, bytes]):
    def handler(route) -> None:
        url = route.request.url.split("?")[0]
        tail = url.rsplit("/", 1)[-1]
        candidates = [k for k in files if k.endswith("/" + tail) or k == tail]
        # prefer the dist/ build when a package has several files of that name
        candidates.sort(key=lambda k: ("dist" not in k, len(k)))
        kind = "text/css" if tail.endswith(".css") else "application/javascript"
        if candidates:
            body = files[candidates[0]]
            if tail.endswith((".woff2", ".woff", ".ttf")):
                kind = "font/" + tail.rsplit(".", 1)[-1]
            route.fulfill(body=body, content_type=kind)
        else:  # bootstrap-glyphicons.css (Bootstrap 3) has no npm build here: empty
            route.fulfill(body=b"", content_type=kind)
    return handler


def render_ms(browser, html: Path, files: dict[str, bytes] | None) -> tuple[float, int]:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    if files is not None:
        page.route(lambda url: url.startswith("http"), serve(files))
    page.goto(html.as_uri(), wait_until="load")
    ms = page.evaluate("""() => new Promise(done => requestAnimationFrame(() =>
        requestAnimationFrame(() => done(performance.now()))))""")
    drawn = page.evaluate(
        "document.querySelectorAll('.leaflet-overlay-pane path, .leaflet-overlay-pane canvas').length")
    page.close()
    return ms, drawn


def slider_step_ms(browser, html: Path) -> float:
    """The median time (ms) of one step of the combined map's date slider, over every stop
    and back: the features added and removed, and the canvas redrawn, as one frame would."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(html.as_uri(), wait_until="load")
    steps = page.evaluate("""() => {
      const b = window.bordermap, m = b.map, times = [];
      const renderer = m.options.renderer || m._renderer;
      const order = b.stops.map((_, i) => i).concat(b.stops.map((_, i) => b.stops.length - 1 - i));
      for (const i of order) {
        const t = performance.now();
        b.setStop(i);
        if (renderer && renderer._redraw) { renderer._redraw(); }  // the frame's drawing, now
        times.push(performance.now() - t);
      }
      return times; }""")
    page.close()
    return statistics.median(steps)


def main() -> None:
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="bordermap-bench-"))
    runs = [stages(work / f"run{i}") for i in range(RUNS)]
    timing = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    ours = work / "run0" / "maps" / "offline" / "index.html"
    base = work / "baseline.html"
    empty = work / "empty-map.html"
    baseline(ROOT / "layers", base)
    empty_map(empty)
    files = npm_assets()
    browser_path = shutil.which("chromium")
    pages = {"ours": (ours, None), "baseline": (base, files), "empty": (empty, None)}
    renders: dict[str, list[tuple[float, int]]] = {key: [] for key in pages}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=browser_path, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run", "--disable-sync"])
        for page, assets in pages.values():  # warm up: each page once, not counted
            render_ms(browser, page, assets)
        for _ in range(RENDERS):
            for key, (page, assets) in pages.items():
                renders[key].append(render_ms(browser, page, assets))
        step = statistics.median(slider_step_ms(browser, ours) for _ in range(3))
        browser.close()
    ours_ms, base_ms, empty_ms = renders["ours"], renders["baseline"], renders["empty"]
    result = {
        "timing_s": {k: round(v, 2) for k, v in timing.items()},
        "combined_offline_map_bytes": ours.stat().st_size,
        "baseline_html_bytes_without_leaflet": base.stat().st_size,
        "render_ms": {"bordermap offline": round(statistics.median(m for m, _ in ours_ms)),
                      "baseline explore()": round(statistics.median(m for m, _ in base_ms)),
                      "empty offline Leaflet map": round(statistics.median(m for m, _ in empty_ms))},
        "paths_drawn": {"bordermap offline": ours_ms[0][1], "baseline explore()": base_ms[0][1]},
        "slider_step_ms": round(step, 1),
    }
    empty_median = result["render_ms"]["empty offline Leaflet map"]
    added = {"bordermap offline": result["render_ms"]["bordermap offline"] - empty_median,
             "baseline explore()": result["render_ms"]["baseline explore()"] - empty_median}
    result["added_over_empty_ms"] = added
    print("| measure | bordermap | baseline (explore) | target |")
    print("| --- | ---: | ---: | --- |")
    for stage, seconds in result["timing_s"].items():
        target = "< 20 s" if stage.startswith("main job") else ""
        print(f"| {stage} (s, median of {RUNS}) | {seconds} | | {target} |")
    print(f"| combined map size (bytes) | {result['combined_offline_map_bytes']:,} (offline, Leaflet "
          f"included) | {result['baseline_html_bytes_without_leaflet']:,} (Leaflet not included) "
          "| smaller than the baseline |")
    print(f"| render time (ms, median of {RENDERS}) | {result['render_ms']['bordermap offline']} | "
          f"{result['render_ms']['baseline explore()']} | at most half the baseline's |")
    print(f"| render time of an empty offline Leaflet map (ms) | "
          f"{result['render_ms']['empty offline Leaflet map']} | | for scale |")
    print(f"| time added over the empty map (ms) | {added['bordermap offline']} | "
          f"{added['baseline explore()']} | at most half the baseline's |")
    print(f"| one step of the date slider (ms, median) | {result['slider_step_ms']} | | < 16 ms |")
    print(f"| SVG paths or canvases drawn | {result['paths_drawn']['bordermap offline']} | "
          f"{result['paths_drawn']['baseline explore()']} | |")
    print()
    print(json.dumps(result, indent=2))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
