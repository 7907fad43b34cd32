"""``bordermap export``: print-quality static maps (PNG, SVG, PDF) from ``layers/`` only.

Maps are drawn in a Lambert conformal conic projection for north-east Asia
(:data:`PROJECTION`, metres), with a graticule, a legend of what is drawn, a title with
both calendar dates, a scale bar, labels placed so they do not collide, and a basemap of
land, lakes and rivers from the ``basemap`` layer. Colours and line styles come from
:mod:`bordermap.style`, as on the interactive maps. Files are byte-identical from run
to run: creation dates and hash salts are fixed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bordermap import style
from bordermap.errors import BordermapError
from bordermap.i18n import LANGS, localised, name, text

#: Lambert conformal conic, standard parallels 40 N and 56 N, central meridian 120 E.
PROJECTION = "+proj=lcc +lat_1=40 +lat_2=56 +lat_0=48 +lon_0=120 +datum=WGS84 +units=m +no_defs"
FORMATS = ("png", "svg", "pdf")
#: Bounds of --width (px) and --dpi, and of the pixels of one image (width x height).
MIN_WIDTH, MAX_WIDTH, MIN_DPI, MAX_DPI = 200, 12_000, 50, 1_200
MAX_PIXELS = 100_000_000
#: Extent (lon/lat degrees) shared by the overview and the small multiples.
COMMON_EXTENT = (74.0, 37.0, 143.0, 59.0)
CHANGES = (("nerchinsk-1689", "aigun-1858"), ("aigun-1858", "peking-1860"),
           ("nerchinsk-1689", "kyakhta-1727"))
#: Places labelled on the static maps (when inside the extent).
KEY_PLACES = ("nerchinsk", "albazin", "aigun", "blagoveshchensk", "khabarovsk", "kyakhta",
              "irkutsk", "ninguta", "nikolaevsky-post", "abagaitu-hill", "shabin-dabaga-pass",
              "beijing", "mariinsky-post")
KEY_RIVERS = ("amur", "ussuri", "argun", "shilka", "zeya", "songacha", "uda", "tumen")
_CJK_FONT_NAMES = ("NotoSansCJK-Regular.ttc", "NotoSansCJKsc-Regular.otf",
                   "NotoSansCJK-Regular.otf")
_FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"),
              Path.home() / ".local/share/fonts")


def _find_cjk_font() -> Path | None:
    for folder in _FONT_DIRS:
        if folder.is_dir():
            for fname in _CJK_FONT_NAMES:
                found = sorted(folder.rglob(fname))
                if found:
                    return found[0]
    return None


def _setup_fonts(lang: str) -> None:
    import matplotlib
    from matplotlib import font_manager

    families = ["DejaVu Sans"]  # Latin (Turkish included) and Cyrillic; ships with matplotlib
    cjk = _find_cjk_font()
    if cjk is not None:
        font_manager.fontManager.addfont(str(cjk))
        families.append(font_manager.FontProperties(fname=str(cjk)).get_name())
    elif lang == "zh":
        raise BordermapError("no font with Chinese glyphs found: install Debian's fonts-noto-cjk "
                             "(apt-get install fonts-noto-cjk)")
    matplotlib.rcParams.update({
        "font.family": families, "svg.fonttype": "none", "svg.hashsalt": "bordermap",
        "pdf.fonttype": 42 if cjk is None else 3, "path.simplify": False,
        # every label is plain text: a '$' or a backslash in a name is drawn as written
        "text.parse_math": False, "text.usetex": False,
    })


@dataclass
class _Layers:
    index: dict[str, Any]
    data: dict[str, list[dict[str, Any]]]
    projected: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path) -> _Layers:
        from bordermap.layers.read import read_layers_raw

        index, data = read_layers_raw(folder)
        return cls(index, data)

    @property
    def regimes(self) -> dict[str, dict[str, Any]]:
        return {r["id"]: r for r in self.index["regimes"]}


class _Projector:
    def __init__(self) -> None:
        from pyproj import Transformer

        self.transformer = Transformer.from_crs("EPSG:4326", PROJECTION, always_xy=True)

    def shape(self, geometry: dict[str, Any]) -> Any:
        import numpy as np
        import shapely

        geom = shapely.geometry.shape(geometry)
        return shapely.transform(geom, lambda xy: np.column_stack(
            self.transformer.transform(xy[:, 0], xy[:, 1])))

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        return self.transformer.transform(lon, lat)


class _Figure:
    """One map figure: axes in projected metres, with helpers to draw and annotate."""

    def __init__(self, layers: _Layers, lang: str, width_px: int, dpi: int,
                 panels: int = 1) -> None:
        import matplotlib.pyplot as plt

        self.layers, self.lang, self.proj = layers, lang, _Projector()
        cols = 2 if panels > 1 else 1
        rows = (panels + 1) // 2 if panels > 1 else 1
        width = width_px / dpi
        self.fig, axes = plt.subplots(rows, cols, figsize=(width, width * 0.62 * rows / cols + 0.9),
                                      dpi=dpi, squeeze=False)
        self.axes = list(axes.flat)
        self.statuses: list[str] = []
        self.precisions: list[str] = []
        self.regimes: list[str] = []

    def t(self, key: str) -> str:
        return text(key, self.lang)

    def extent(self, ax: Any, lonlat: tuple[float, float, float, float]) -> None:
        """Frame ``ax`` on a lon/lat box; a single map's figure takes the box's proportions."""
        import numpy as np

        west, south, east, north = lonlat
        lons = np.linspace(west, east, 50)
        lats = np.linspace(south, north, 50)
        edge = [(x, south) for x in lons] + [(x, north) for x in lons]
        edge += [(west, y) for y in lats] + [(east, y) for y in lats]
        xs, ys = zip(*(self.proj.point(x, y) for x, y in edge), strict=True)
        ax.set_xlim(min(xs), max(xs))
        ax.set_ylim(min(ys), max(ys))
        ax.set_aspect("equal")
        ax.set_xticks([])
        ax.set_yticks([])
        width = self.fig.get_figwidth()
        aspect = (max(ys) - min(ys)) / (max(xs) - min(xs))
        if len(self.axes) == 1:
            self.fig.set_size_inches(width, width * 0.88 * aspect + 1.1)
            self.fig.subplots_adjust(left=0.06, right=0.97, bottom=0.05, top=0.9)
        elif ax is self.axes[0]:
            rows = (len(self.axes) + 1) // 2
            self.fig.set_size_inches(width, width * 0.47 * aspect * rows + 2.6)
            self.fig.subplots_adjust(left=0.05, right=0.98, bottom=0.16, top=0.9, wspace=0.12,
                                     hspace=0.22)
        self._check_size()

    def _check_size(self) -> None:
        """Refuse, before anything is drawn, an image of more than :data:`MAX_PIXELS`."""
        import matplotlib.pyplot as plt

        width, height = (self.fig.get_size_inches() * self.fig.dpi).round().astype(int)
        if width * height > MAX_PIXELS:
            plt.close(self.fig)
            raise BordermapError(f"--width {width} at --dpi {self.fig.dpi:g} makes an image of "
                                 f"{width:,} x {height:,} px, more than {MAX_PIXELS:,} pixels; "
                                 "choose a smaller --width or --dpi")

    def basemap(self, ax: Any) -> None:
        ax.set_facecolor(style.WATER_COLOR)
        if "basemap" not in self.layers.projected:
            self.layers.projected["basemap"] = [(f["properties"]["kind"], self.proj.shape(f["geometry"]))
                                                for f in self.layers.data["basemap"]]
        for kind, geom in self.layers.projected["basemap"]:
            if kind == "land":
                self._fill(ax, geom, style.LAND_COLOR, "#9e9a8f", 0.4, 1.0, z=0)
            elif kind == "lake":
                self._fill(ax, geom, style.WATER_COLOR, "#9ab8cf", 0.3, 1.0, z=1)
            else:
                self._lines(ax, geom, "#9ab8cf", 0.4, "solid", z=1)
        for f in self.layers.data["rivers"]:
            s = style.river_style(f["id"])
            self._lines(ax, self.proj.shape(f["geometry"]), s["color"], s["weight"] * 0.45,
                        "solid", z=4)
        for f in self.layers.data["lakes"]:
            self._fill(ax, self.proj.shape(f["geometry"]), style.LAKE_COLOR, style.RIVER_COLOR,
                       0.4, 1.0, z=4)

    def _fill(self, ax: Any, geom: Any, face: str, edge: str, lw: float, alpha: float,
              z: float, hatch: str | None = None) -> None:
        import numpy as np
        import shapely
        from matplotlib.patches import PathPatch
        from matplotlib.path import Path as MplPath

        verts, codes = [], []
        for poly in shapely.get_parts(geom):
            if poly.geom_type != "Polygon":
                continue
            for ring in (poly.exterior, *poly.interiors):
                coords = np.asarray(ring.coords)
                verts.append(coords)
                ring_codes = np.full(len(coords), MplPath.LINETO, dtype=np.uint8)
                ring_codes[0], ring_codes[-1] = MplPath.MOVETO, MplPath.CLOSEPOLY
                codes.append(ring_codes)
        if verts:  # one compound path: even-odd holes, one artist to draw
            path = MplPath(np.concatenate(verts), np.concatenate(codes))
            # add_artist, not add_patch: the view is fixed, so no data limits to update
            ax.add_artist(PathPatch(path, facecolor=face, edgecolor=edge, linewidth=lw,
                                    alpha=alpha, zorder=z, hatch=hatch))

    def _lines(self, ax: Any, geom: Any, color: str, lw: float, ls: Any, z: float,
               alpha: float = 1.0) -> None:
        import numpy as np
        import shapely
        from matplotlib.collections import LineCollection

        parts = [np.asarray(line.coords) for line in shapely.get_parts(geom)
                 if line.geom_type == "LineString"]
        if parts:
            ax.add_collection(LineCollection(parts, colors=color, linewidths=lw, linestyles=ls,
                                             zorder=z, alpha=alpha, capstyle="round"),
                              autolim=False)

    def regime(self, ax: Any, rid: str, territories: bool = True, changed: bool = False,
               faint: bool = False) -> None:
        features = self.layers.data[rid]
        if rid not in self.regimes:
            self.regimes.append(rid)
        if territories:
            for f in features:
                p = f["properties"]
                if p["kind"] != "territory":
                    continue
                if p["status"] not in self.statuses:
                    self.statuses.append(p["status"])
                color = style.STATUS_COLORS.get(p["status"], "#999999")
                hot = changed and p["status"] == "ceded"
                self._fill(ax, self.proj.shape(f["geometry"]), color,
                           style.CHANGED_COLOR if hot else color, 1.6 if hot else 0.3,
                           0.55 if hot else 0.4, z=2, hatch="///" if hot else None)
        for f in features:
            p = f["properties"]
            if p["kind"] != "border":
                continue
            if p["precision"] not in self.precisions:
                self.precisions.append(p["precision"])
            s = style.border_style(rid, p["precision"])
            weight = s["weight"] * 0.55
            self._lines(ax, self.proj.shape(f["geometry"]), "#8a8a8a" if faint else s["color"],
                        weight, style.mpl_dashes(s["dashArray"], 1.0), z=6,
                        alpha=0.7 if faint else 1.0)

    def graticule(self, ax: Any) -> None:
        import numpy as np
        import shapely

        x0, x1 = ax.get_xlim()
        y0, y1 = ax.get_ylim()
        bottom = shapely.LineString([(x0, y0), (x1, y0)])
        left = shapely.LineString([(x0, y0), (x0, y1)])
        for lon in range(40, 181, 10):
            pts = [self.proj.point(lon, lat) for lat in np.linspace(20, 75, 60)]
            line = shapely.LineString(pts)
            ax.plot(*line.xy, color="#777777", linewidth=0.3, zorder=3)
            hit = line.intersection(bottom)
            if hit.geom_type == "Point":
                ax.annotate(f"{lon}°E", (hit.x, y0), xytext=(0, -9), textcoords="offset points",
                            ha="center", va="top", fontsize=6.5, color="#444444",
                            annotation_clip=False)
        for lat in range(20, 76, 5):
            pts = [self.proj.point(lon, lat) for lon in np.linspace(40, 180, 120)]
            line = shapely.LineString(pts)
            ax.plot(*line.xy, color="#777777", linewidth=0.3, zorder=3)
            hit = line.intersection(left)
            if hit.geom_type == "Point":
                ax.annotate(f"{lat}°N", (x0, hit.y), xytext=(-4, 0), textcoords="offset points",
                            ha="right", va="center", fontsize=6.5, color="#444444",
                            annotation_clip=False)
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)

    def scale_bar(self, ax: Any) -> None:
        x0, x1 = ax.get_xlim()
        y0, y1 = ax.get_ylim()
        span = (x1 - x0) / 1000
        km = next((k for k in (2000, 1000, 500, 250, 100, 50, 20, 10, 5, 2) if k <= span / 4), 1)
        x, y = x0 + (x1 - x0) * 0.04, y0 + (y1 - y0) * 0.05
        for i in range(4):
            ax.fill_between([x + i * km * 250, x + (i + 1) * km * 250], y, y + (y1 - y0) * 0.008,
                            color="#222222" if i % 2 == 0 else "#ffffff", edgecolor="#222222",
                            linewidth=0.5, zorder=9)
        for i, label in ((0, "0"), (4, f"{km:,} km")):
            ax.text(x + i * km * 250, y + (y1 - y0) * 0.015, label, fontsize=6.5, ha="center",
                    va="bottom", zorder=9)

    def labels(self, ax: Any) -> None:
        """Key places and rivers, each placed where it collides with no label before it."""
        renderer = self.fig.canvas.get_renderer()
        taken: list[Any] = []
        places = {f["id"]: f for f in self.layers.data["places"]}
        x0, x1 = ax.get_xlim()
        y0, y1 = ax.get_ylim()

        def place_label(x: float, y: float, label: str, size: float, style_: str,
                        offsets: tuple) -> None:
            if not (x0 < x < x1 and y0 < y < y1):
                return
            for dx, dy, ha, va in offsets:
                t = ax.annotate(label, (x, y), xytext=(dx, dy), textcoords="offset points",
                                ha=ha, va=va, fontsize=size, style=style_, zorder=10,
                                color="#1f3f66" if style_ == "italic" else "#111111")
                box = t.get_window_extent(renderer).expanded(1.05, 1.1)
                if all(not box.overlaps(b) for b in taken):
                    taken.append(box)
                    return
                t.remove()

        corners = ((4, 3, "left", "bottom"), (-4, 3, "right", "bottom"),
                   (4, -3, "left", "top"), (-4, -3, "right", "top"))
        for pid in KEY_PLACES:
            if pid in places:
                lon, lat = places[pid]["geometry"]["coordinates"]
                x, y = self.proj.point(lon, lat)
                if x0 < x < x1 and y0 < y < y1:
                    ax.plot([x], [y], "o", markersize=2.5, color=style.PLACE_COLOR, zorder=10)
                place_label(x, y, name(places[pid]["properties"], self.lang), 7, "normal", corners)
        for f in self.layers.data["rivers"]:
            if f["id"] in KEY_RIVERS:
                line = self.proj.shape(f["geometry"])
                mid = line.interpolate(0.45, normalized=True)
                place_label(mid.x, mid.y, name(f["properties"], self.lang), 7, "italic",
                            ((0, 4, "center", "bottom"), (0, -4, "center", "top"),
                             (6, 0, "left", "center"), (-6, 0, "right", "center")))

    def legend(self, ax: Any, loc: str = "lower right") -> None:
        from matplotlib.lines import Line2D
        from matplotlib.patches import Patch

        handles = []
        for rid in self.regimes:
            s = style.border_style(rid, "described")
            handles.append(Line2D([], [], color=s["color"], linewidth=2,
                                  label=_regime_label(self.layers, rid, self.lang)))
        for status in self.statuses:
            color = style.STATUS_COLORS.get(status, "#999999")
            handles.append(Patch(facecolor=color, edgecolor=color, alpha=0.5,
                                 label=self.t(f"status.{status}")))
        for precision in style.PRECISION_DASH:
            if precision in self.precisions:
                s = style.border_style("modern", precision)
                handles.append(Line2D([], [], color="#444444", linewidth=1.6,
                                      linestyle=style.mpl_dashes(s["dashArray"], 1.0),
                                      label=self.t(f"precision.{precision}")))
        handles.append(Line2D([], [], color=style.RIVER_COLOR, linewidth=1.5,
                              label=self.t("major_rivers")))
        handles.append(Line2D([], [], marker="o", linestyle="none", color=style.PLACE_COLOR,
                              markersize=3, label=self.t("places")))
        if len(self.axes) > 1:  # below the panels, not over one of them
            self.fig.legend(handles=handles, loc="lower center", ncol=4, fontsize=7,
                            title=self.t("legend"), title_fontsize=8, framealpha=0.92)
            return
        ax.legend(handles=handles, loc=loc, fontsize=6.5, title=self.t("legend"),
                  title_fontsize=7.5, framealpha=0.92).set_zorder(20)

    def render(self, name: str, formats: tuple[str, ...]) -> dict[str, bytes]:
        """The figure as ``<name>.<format>`` file name -> bytes, in each of ``formats``;
        then the figure is closed."""
        import io

        import matplotlib.pyplot as plt

        out = {}
        for fmt in formats:
            metadata = {"png": {"Software": None}, "svg": {"Date": None, "Creator": None},
                        "pdf": {"CreationDate": None, "ModDate": None, "Creator": None,
                                "Producer": None}}[fmt]
            buffer = io.BytesIO()
            self.fig.savefig(buffer, format=fmt, metadata=metadata, dpi=self.fig.dpi)
            out[f"{name}.{fmt}"] = buffer.getvalue()
        plt.close(self.fig)
        return out


def _regime_label(layers: _Layers, rid: str, lang: str) -> str:
    r = layers.regimes[rid]
    return f"{localised(r['name'], lang)} ({r['signed']['gregorian'][:4]})"


def _title(layers: _Layers, rid: str, lang: str) -> str:
    r = layers.regimes[rid]
    signed = r["signed"]
    return (f"{localised(r['name'], lang)} — {signed['julian']} {text('os', lang)} / "
            f"{signed['gregorian']} {text('ns', lang)}")


def _regime_extent(layers: _Layers, rid: str) -> tuple[float, float, float, float]:
    import shapely

    shapes = [shapely.geometry.shape(f["geometry"]) for f in layers.data[rid]]
    west, south, east, north = shapely.GeometryCollection(shapes).bounds
    pad_x, pad_y = max(2.0, (east - west) * 0.12), max(1.5, (north - south) * 0.15)
    return (west - pad_x, south - pad_y, east + pad_x, north + pad_y)


def _decorate(fig: _Figure, ax: Any) -> None:
    fig.graticule(ax)
    fig.scale_bar(ax)
    fig.labels(ax)


def regime_figure(layers: _Layers, rid: str, lang: str, width: int, dpi: int) -> _Figure:
    """A static map of one regime."""
    fig = _Figure(layers, lang, width, dpi)
    ax = fig.axes[0]
    fig.extent(ax, _regime_extent(layers, rid))
    fig.basemap(ax)
    fig.regime(ax, rid)
    _decorate(fig, ax)
    fig.legend(ax)
    ax.set_title(_title(layers, rid, lang), fontsize=11)
    return fig


def overview_figure(layers: _Layers, lang: str, width: int, dpi: int) -> _Figure:
    """All four regimes' borders, and the two cessions."""
    fig = _Figure(layers, lang, width, dpi)
    ax = fig.axes[0]
    fig.extent(ax, COMMON_EXTENT)
    fig.basemap(ax)
    for rid in ("nerchinsk-1689", "kyakhta-1727", "aigun-1858", "peking-1860"):
        fig.regime(ax, rid, territories=rid in ("aigun-1858", "peking-1860"))
    _decorate(fig, ax)
    fig.legend(ax)
    ax.set_title(text("title", lang), fontsize=12)
    return fig


def small_multiples_figure(layers: _Layers, lang: str, width: int, dpi: int) -> _Figure:
    """The four regimes side by side, same extent and scale."""
    fig = _Figure(layers, lang, width, dpi, panels=4)
    for ax, rid in zip(fig.axes, ("nerchinsk-1689", "kyakhta-1727", "aigun-1858", "peking-1860"),
                       strict=True):
        fig.extent(ax, COMMON_EXTENT)
        fig.basemap(ax)
        fig.regime(ax, rid)
        fig.graticule(ax)
        fig.scale_bar(ax)
        ax.set_title(_title(layers, rid, lang), fontsize=8)
    fig.legend(fig.axes[-1])
    fig.fig.suptitle(text("title", lang), fontsize=12)
    return fig


def change_figure(layers: _Layers, before: str, after: str, lang: str, width: int,
                  dpi: int) -> _Figure:
    """What one treaty moved: the line before (grey) and after, the land that changed hands."""
    fig = _Figure(layers, lang, width, dpi)
    ax = fig.axes[0]
    west1, south1, east1, north1 = _regime_extent(layers, before)
    west2, south2, east2, north2 = _regime_extent(layers, after)
    fig.extent(ax, (min(west1, west2), min(south1, south2), max(east1, east2), max(north1, north2)))
    fig.basemap(ax)
    fig.regime(ax, before, territories=False, faint=True)
    fig.regime(ax, after, changed=True)
    changed = [f for f in layers.data[after] if f["properties"].get("status") == "ceded"]
    for f in changed:
        shape = fig.proj.shape(f["geometry"])
        c = shape.representative_point()
        ax.text(c.x, c.y, f"{name(f['properties'], lang)}\n{f['properties']['area_km2']:,} km²",
                ha="center", va="center", fontsize=9, zorder=12,
                bbox={"facecolor": "white", "alpha": 0.8, "edgecolor": style.CHANGED_COLOR})
    area = sum(f["properties"]["area_km2"] for f in changed)
    _decorate(fig, ax)
    fig.legend(ax)
    subtitle = f"{text('changed', lang)}: {area:,} km²" if changed else text("no_change", lang)
    ax.set_title(f"{_regime_label(layers, before, lang)} → {_regime_label(layers, after, lang)}\n"
                 f"{subtitle}", fontsize=11)
    return fig


def export_images(layers_dir: Path, out: Path, formats: tuple[str, ...] = FORMATS,
                  lang: str = "en", width: int = 2400, dpi: int = 200) -> list[Path]:
    """Write every static map into ``out`` in each of ``formats``; returns the paths.

    Every image is rendered before the first file is written, and the images are written
    as one set (:func:`bordermap.layers.fileset.write_set`).
    """
    import matplotlib

    from bordermap.layers.fileset import write_set

    matplotlib.use("Agg")
    if lang not in LANGS:
        raise BordermapError(f"--lang must be one of {', '.join(LANGS)}, got {lang!r}")
    for fmt in formats:
        if fmt not in FORMATS:
            raise BordermapError(f"--format must be among {', '.join(FORMATS)}, got {fmt!r}")
    if not (MIN_WIDTH <= width <= MAX_WIDTH and MIN_DPI <= dpi <= MAX_DPI):
        raise BordermapError(f"--width must be {MIN_WIDTH} to {MAX_WIDTH:,} px and --dpi {MIN_DPI} "
                             f"to {MAX_DPI:,}, got --width {width} --dpi {dpi}")
    _setup_fonts(lang)
    layers = _Layers.load(layers_dir)
    files: dict[str, bytes] = {}
    regimes = [r["id"] for r in layers.index["regimes"] if r["file"]]
    for rid in regimes:
        files |= regime_figure(layers, rid, lang, width, dpi).render(rid, formats)
    files |= overview_figure(layers, lang, width, dpi).render("overview", formats)
    files |= small_multiples_figure(layers, lang, width, dpi).render("small-multiples", formats)
    for before, after in CHANGES:
        files |= change_figure(layers, before, after, lang, width, dpi).render(
            f"change-{before[-4:]}-{after[-4:]}", formats)
    write_set(out, files)
    return [out / name for name in files]


def screenshot_maps(html_dir: Path, out: Path, width: int = 1600, height: int = 1000) -> list[Path]:
    """PNG screenshots (``width`` × ``height`` pixels) of the offline interactive maps in
    ``html_dir``, by headless Chromium. Every screenshot is taken before the first file is
    written, and they are written as one set (:func:`bordermap.layers.fileset.write_set`)."""
    import os
    import shutil

    if not (200 <= width <= 8000 and 200 <= height <= 8000):
        raise BordermapError("--width and --height must be between 200 and 8000 px with --from-html")
    browser_path = os.environ.get("BORDERMAP_CHROMIUM") or shutil.which("chromium")
    if not browser_path:
        raise BordermapError("no Chromium found for --from-html: install Debian's chromium "
                             "(apt-get install chromium), or set BORDERMAP_CHROMIUM")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise BordermapError("--from-html needs Playwright for Python: pip install "
                             "'bordermap[screenshots]'") from None
    from bordermap.layers.fileset import NAME, write_set

    pages = sorted(html_dir.glob("*.html"))
    if not pages:
        raise BordermapError(f"{html_dir}: no maps to screenshot; run 'bordermap maps --offline "
                             f"--out {html_dir}' first")
    for html in pages:
        if not NAME.match(html.stem):
            raise BordermapError(f"{html}: a screenshot cannot be named after this file (use "
                                 "letters, digits, '.', '_' and '-')")
    from playwright.sync_api import Error as PlaywrightError

    shots: dict[str, bytes] = {}
    html = html_dir
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=browser_path, args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-sync"])
            page = browser.new_page(viewport={"width": width, "height": height})
            for html in pages:
                page.goto(html.resolve().as_uri())
                page.wait_for_load_state("load")
                page.wait_for_timeout(400)
                shots[f"{html.stem}.png"] = page.screenshot(full_page=False)
            browser.close()
    except PlaywrightError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise BordermapError(f"{html}: Chromium failed ({first})") from None
    write_set(out, shots)
    return [out / name for name in shots]
