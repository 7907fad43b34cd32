"""``bordermap story --format pdf``: the guided tour as a printable handout, from ``layers/``.

An A4 PDF: a cover listing the steps, then one page a step — the step's title, its date
in both calendars, a static map of that day (:func:`~bordermap.images.export.border_on_figure`:
the border in force, the territories, the places that stood, and the routes and proposed
lines the step tells of) framed on the step's view, its text and its sources. Texts are the
tour's English, or Turkish for ``tr``. The file is byte-identical from run to run.
"""

from __future__ import annotations

import io
import textwrap
from pathlib import Path
from typing import Any

from bordermap.i18n import both_calendars, text

#: A4 portrait, inches; the margins; the map's width on the page (inches) and its resolution.
PAGE_IN = (8.27, 11.69)
MARGIN_IN = 0.7
MAP_DPI = 170
#: Characters a line of the step's text holds at its size on the page.
TEXT_WRAP = 88
#: Half the width of a step's map, in web-map pixels at the step's zoom: the static map
#: shows about what a 900-pixel-wide screen shows.
_HALF_VIEW_PX = 450


def step_extent(lon: float, lat: float, zoom: int) -> tuple[float, float, float, float]:
    """The lon/lat box (west, south, east, north, degrees) a step's view (centre, web-map
    zoom) shows on a screen about 900 pixels wide and 640 high."""
    import math

    half_lon = _HALF_VIEW_PX / (256 * 2 ** zoom) * 360
    half_lat = half_lon * 0.72 * math.cos(math.radians(lat))
    return (lon - half_lon, max(lat - half_lat, -80.0), lon + half_lon, min(lat + half_lat, 80.0))


def _steps(layers: Any, lang: str) -> list[dict[str, Any]]:
    out = []
    for f in sorted(layers.data.get("story", []), key=lambda f: f["properties"]["step"]):
        p = f["properties"]
        julian = p["date_julian"] if len(p["date_julian"]) == 10 else ""
        gregorian = p["date_gregorian"] if len(p["date_gregorian"]) == 10 else p["date"]
        lon, lat = f["geometry"]["coordinates"]
        out.append({**p, "lon": lon, "lat": lat, "title": p.get(f"title_{lang}") or p["title_en"],
                    "text": p["text_tr"] if lang == "tr" else p["text_en"],
                    "when": both_calendars(julian, gregorian, lang)})
    return out


def _map_png(layers: Any, step: dict[str, Any], lang: str) -> bytes:
    """The step's map as PNG bytes, 6.9 inches wide at :data:`MAP_DPI`."""
    from bordermap.images.export import border_on_figure

    routes = tuple(f for f in layers.data.get("routes", []) if f["properties"]["route"] in step["routes"])
    proposals = tuple(f for f in layers.data.get("proposals", [])
                      if f["properties"]["proposal"] in step["proposals"])
    width = round((PAGE_IN[0] - 2 * MARGIN_IN) * MAP_DPI)
    first = layers.index["coverage"]["from"]
    title = text("story.no_border" if step["day"] < first else "export.border_on", lang)
    fig = border_on_figure(layers, step["day"], lang, width, MAP_DPI,
                           step_extent(step["lon"], step["lat"], step["zoom"]),
                           title=title.format(date=step["when"]), routes=routes, proposals=proposals,
                           places=tuple(step["places"]))
    return fig.render("map", ("png",))["map.png"]


def _page(title_lines: list[tuple[str, float, str]]) -> Any:
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=PAGE_IN, dpi=100)
    width, height = PAGE_IN
    y = height - MARGIN_IN
    for line, size, weight in title_lines:
        fig.text(MARGIN_IN / width, y / height, line, fontsize=size, fontweight=weight, va="top",
                 ha="left")
        y -= size / 72 * 1.55
    return fig, y


def _footer(fig: Any, left: str, right: str) -> None:
    width, height = PAGE_IN
    for x, words, ha in ((MARGIN_IN, left, "left"), (width - MARGIN_IN, right, "right")):
        fig.text(x / width, 0.45 / height, words, fontsize=7.5, color="#555555", ha=ha, va="bottom")


def story_handout(layers_dir: Path, lang: str = "en") -> bytes:
    """The handout PDF of the tour in ``layers_dir``'s ``story`` layer, in ``lang``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.image as mpimg
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    from bordermap.errors import BordermapError
    from bordermap.images.export import _Layers, _setup_fonts, _version

    _setup_fonts(lang)
    if lang != "zh":  # text stays text, searchable and copyable: embedded as TrueType (DejaVu
        # Sans); Chinese needs Noto Sans CJK, whose collection embeds only as Type 3 glyphs
        matplotlib.rcParams["pdf.fonttype"] = 42
    layers = _Layers.load(layers_dir)
    steps = _steps(layers, lang)
    if not steps:
        raise BordermapError(f"{layers_dir / 'story.geojson'}: the tour has no steps")
    width, height = PAGE_IN
    total = len(steps)
    buffer = io.BytesIO()
    metadata = {"Title": text("story.title", lang), "CreationDate": None, "ModDate": None,
                "Creator": None, "Producer": None}
    with PdfPages(buffer, metadata=metadata) as pdf:
        fig, y = _page([(text("story.title", lang), 17, "bold")])
        y -= 0.15
        intro = textwrap.fill(text("story.what", lang), TEXT_WRAP)
        fig.text(MARGIN_IN / width, y / height, intro, fontsize=10, va="top", ha="left", linespacing=1.45)
        y -= (intro.count("\n") + 1) * 10 / 72 * 1.45 + 0.35
        for step in steps:  # the contents: a step's title, and its date under it
            fig.text(MARGIN_IN / width, y / height, f"{step['step']:>2}.  {step['title']}", fontsize=9.5,
                     va="top", ha="left")
            fig.text((MARGIN_IN + 0.32) / width, (y - 0.17) / height, step["when"], fontsize=7.5,
                     color="#555555", va="top", ha="left")
            y -= 0.44
        _footer(fig, f"bordermap {_version()}", "")
        pdf.savefig(fig)
        plt.close(fig)
        for step in steps:
            count = text("story.count", lang).format(n=step["step"], total=total)
            fig, y = _page([(f"{text('story.tour', lang)} · {count}", 8.5, "normal"),
                            (step["title"], 16, "bold")])
            image = mpimg.imread(io.BytesIO(_map_png(layers, step, lang)), format="png")[..., :3]
            img_h, img_w = image.shape[:2]
            map_w = width - 2 * MARGIN_IN
            map_h = min(map_w * img_h / img_w, y - 3.3)  # leave room for the text below
            map_w = map_h * img_w / img_h
            top = y - 0.1
            ax = fig.add_axes(((width - map_w) / 2 / width, (top - map_h) / height, map_w / width,
                               map_h / height))
            ax.imshow(image, interpolation="none")
            ax.set_axis_off()
            y = top - map_h - 0.25
            body = textwrap.fill(step["text"], TEXT_WRAP)
            fig.text(MARGIN_IN / width, y / height, body, fontsize=10.5, va="top", ha="left",
                     linespacing=1.5)
            y -= (body.count("\n") + 1) * 10.5 / 72 * 1.5 + 0.2
            sources = textwrap.fill(f"{text('story.sources', lang)}: {step['source']}", TEXT_WRAP + 14)
            fig.text(MARGIN_IN / width, y / height, sources, fontsize=8, color="#444444", va="top",
                     ha="left", linespacing=1.4)
            _footer(fig, f"bordermap {_version()}", count)
            pdf.savefig(fig)
            plt.close(fig)
    return buffer.getvalue()
