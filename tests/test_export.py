"""Static map export: formats and sizes, content, legends, languages, determinism."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from bordermap.errors import BordermapError
from bordermap.images.export import export_images, screenshot_maps
from bordermap.style import REGIME_COLORS
from conftest import run_cli

NAMES = ["nerchinsk-1689", "kyakhta-1727", "aigun-1858", "peking-1860", "overview",
         "small-multiples", "change-1689-1858", "change-1858-1860", "change-1689-1727"]


@pytest.fixture(scope="module")
def images(fresh_layers, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("images")
    export_images(fresh_layers, out, ("png", "svg", "pdf"), "en", 2000, 100)
    return out


@pytest.fixture(scope="module")
def images_tr(fresh_layers, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("images-tr")
    export_images(fresh_layers, out, ("svg",), "tr", 2000, 100)
    return out


def _svg_text(path: Path) -> str:
    root = ET.parse(path).getroot()  # also proves the SVG is well-formed XML
    return " ".join(t.strip() for t in root.itertext() if t.strip())


def test_every_image_in_every_format_and_size(images):
    for name in NAMES:
        for fmt in ("png", "svg", "pdf"):
            assert (images / f"{name}.{fmt}").stat().st_size > 10_000, f"{name}.{fmt}"
        assert Image.open(images / f"{name}.png").size[0] == 2000
        assert (images / f"{name}.pdf").read_bytes().startswith(b"%PDF")


def test_only_the_asked_formats(fresh_layers, tmp_path):
    result = run_cli("export", "--layers", str(fresh_layers), "--out", str(tmp_path),
                     "--format", "png", "--width", "800", "--dpi", "80")
    assert result.returncode == 0, result.stderr
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".png"] * len(NAMES)
    assert Image.open(tmp_path / "overview.png").size[0] == 800


@pytest.mark.parametrize("rid", ["nerchinsk-1689", "kyakhta-1727", "aigun-1858", "peking-1860"])
def test_images_are_maps_in_the_regime_colour(images, rid):
    pixels = np.asarray(Image.open(images / f"{rid}.png").convert("RGB")).reshape(-1, 3).astype(int)
    # a blank page has no variance and one or two colours; a map has many of both
    assert pixels.std(axis=0).min() > 8, "nearly blank"
    assert len(np.unique(pixels[::97], axis=0)) > 100, "too few colours for a map"
    target = np.array([int(REGIME_COLORS[rid][i:i + 2], 16) for i in (1, 3, 5)])
    assert (np.abs(pixels - target).sum(axis=1) < 30).sum() > 500, f"no {rid} border colour"


def test_the_legend_lists_every_status_and_precision_drawn(images, fresh_layers):
    import json

    labels = {"ceded": "Ceded to Russia", "joint": "Joint possession", "enclave": "Qing enclave",
              "qing": "Qing", "undelimited": "Undelimited"}
    precisions = {"described": "Described by the treaty", "surveyed": "Surveyed and marked",
                  "approximate": "Approximate", "undelimited": "Undelimited or disputed"}
    for rid in ["nerchinsk-1689", "kyakhta-1727", "aigun-1858", "peking-1860"]:
        features = json.loads((fresh_layers / f"{rid}.geojson").read_text())["features"]
        statuses = {f["properties"]["status"] for f in features if "status" in f["properties"]}
        drawn = {f["properties"]["precision"] for f in features if "precision" in f["properties"]}
        svg = _svg_text(images / f"{rid}.svg")
        for status in statuses:
            assert labels[status] in svg, (rid, status)
        for precision in drawn:
            assert precisions[precision] in svg, (rid, precision)
        assert "Legend" in svg and "km" in svg  # legend and scale bar


def test_titles_give_both_calendar_dates(images):
    svg = _svg_text(images / "aigun-1858.svg")
    assert "Treaty of Aigun" in svg and "1858-05-16" in svg and "1858-05-28" in svg
    assert "120°E" in svg and "50°N" in svg  # graticule labels


def test_change_maps_give_the_area(images, fresh_layers):
    import json

    ceded = next(f for f in json.loads((fresh_layers / "peking-1860.geojson").read_text())["features"]
                 if f["properties"].get("status") == "ceded")["properties"]["area_km2"]
    assert f"{ceded:,}" in _svg_text(images / "change-1858-1860.svg")
    assert "No territory changed hands" in _svg_text(images / "change-1689-1727.svg")


def test_turkish_labels(images_tr):
    svg = _svg_text(images_tr / "aigun-1858.svg")
    for word in ("Aygun Antlaşması", "Rusya'ya bırakıldı", "Ortak mülkiyet", "Habarovsk",
                 "Açıklama"):
        assert word in svg, word


def test_two_runs_give_identical_bytes(fresh_layers, tmp_path):
    for run in ("a", "b"):
        export_images(fresh_layers, tmp_path / run, ("png", "svg", "pdf"), "tr", 1200, 100)
    for path in sorted((tmp_path / "a").iterdir()):
        assert (tmp_path / "b" / path.name).read_bytes() == path.read_bytes(), path.name


def test_chinese_needs_a_cjk_font(fresh_layers, tmp_path, monkeypatch):
    monkeypatch.setattr("bordermap.images.export._FONT_DIRS", ())
    with pytest.raises(BordermapError, match="apt-get install fonts-noto-cjk"):
        export_images(fresh_layers, tmp_path, ("png",), "zh", 800, 80)


@pytest.mark.parametrize(("options", "message"), [
    (["--width", "10"], r"--width must be 200 to 12,000 px and --dpi 50 to 1,200, got --width 10"),
    (["--width", "100000"], r"--width must be 200 to 12,000 px .* got --width 100000"),
    (["--dpi", "100000"], r"--dpi 50 to 1,200, got --width 2400 --dpi 100000"),
    (["--dpi", "0"], r"got --width 2400 --dpi 0"),
    (["--width", "12000", "--dpi", "1200"], r"--width 12000 at --dpi 1200 makes an image of 12,000 x "
                                            r"[\d,]+ px, more than 100,000,000 pixels"),
    (["--width", "abc"], r"argument --width: invalid int value: 'abc'"),
    (["--format", "gif"], r"argument --format: invalid choice: 'gif'"),
])
def test_bad_options_are_one_line_errors(fresh_layers, tmp_path, options, message):
    import re

    out = tmp_path / "out"
    out.mkdir()
    (out / "overview.png").write_bytes(b"an earlier image")
    result = run_cli("export", "--layers", str(fresh_layers), "--out", str(out), *options)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("bordermap: error: ")
    assert re.search(message, result.stderr), result.stderr
    assert [p.name for p in out.iterdir()] == ["overview.png"]
    assert (out / "overview.png").read_bytes() == b"an earlier image"


def test_labels_are_plain_text_not_mathtext(fresh_layers, tmp_path):
    """A '$' or a backslash in a name is drawn as written, never parsed as mathtext."""
    import json
    import shutil

    layers = tmp_path / "layers"
    shutil.copytree(fresh_layers, layers)
    places = layers / "places.geojson"
    data = json.loads(places.read_text(encoding="utf-8"))
    label = r"$x^2$ \notacommand {{ 7*7 }}"
    next(f for f in data["features"] if f["id"] == "nerchinsk")["properties"]["name_en"] = label
    places.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = run_cli("export", "--layers", str(layers), "--out", str(tmp_path / "out"),
                     "--format", "svg", "--width", "800", "--dpi", "80")
    assert result.returncode == 0, result.stderr
    assert label in _svg_text(tmp_path / "out" / "nerchinsk-1689.svg")


def test_bad_screenshot_sizes_are_one_line_errors(tmp_path):
    result = run_cli("export", "--from-html", "--html-dir", str(tmp_path), "--out", str(tmp_path),
                     "--width", "10")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "--width and --height must be between 200 and 8000 px" in result.stderr
    assert not (tmp_path / "screenshots").exists()


def test_screenshots_of_the_offline_maps(fresh_layers, tmp_path):
    from bordermap.maps.compose import build_maps

    build_maps(fresh_layers, tmp_path / "maps", offline=True)
    # as a user runs it, in its own process (Playwright's sync API does not nest)
    # the width left to its default for screenshots (1600 px), the height chosen
    result = run_cli("export", "--from-html", "--html-dir", str(tmp_path / "maps"),
                     "--out", str(tmp_path), "--height", "800")
    assert result.returncode == 0, result.stderr
    assert "(1600x800 px)" in result.stdout
    written = sorted((tmp_path / "screenshots").glob("*.png"))
    assert len(written) == 8
    for path in written:
        image = Image.open(path)
        assert image.size == (1600, 800)
        assert np.asarray(image.convert("RGB")).reshape(-1, 3).std(axis=0).min() > 20


def test_screenshots_say_what_to_install_without_chromium(tmp_path, monkeypatch):
    monkeypatch.delenv("BORDERMAP_CHROMIUM", raising=False)
    monkeypatch.setattr("shutil.which", lambda name: None)
    with pytest.raises(BordermapError, match="apt-get install chromium"):
        screenshot_maps(tmp_path, tmp_path / "shots")


def test_an_export_that_fails_late_writes_no_image(fresh_layers, tmp_path, monkeypatch):
    """Every image is rendered before the first is written: a failure at the last figures
    leaves the images of an earlier run as they were."""
    out = tmp_path / "out"
    export_images(fresh_layers, out, ("svg",), "en", 400, 50)
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def broken(*args, **kwargs):
        raise BordermapError("change-1858-1860: a label cannot be drawn")

    monkeypatch.setattr("bordermap.images.export.change_figure", broken)
    with pytest.raises(BordermapError, match="cannot be drawn"):
        export_images(fresh_layers, out, ("svg",), "tr", 400, 50)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
