"""``bordermap export``: print-quality static maps (PNG, SVG, PDF) from ``layers/`` only.

Maps are drawn in a Lambert conformal conic projection for north-east Asia
(:data:`PROJECTION`, metres), with a graticule, a legend of what is drawn, a title with
both calendar dates, a scale bar, labels placed so they do not collide, and a basemap of
land, lakes and rivers from the ``basemap`` layer. Colours and line styles come from
:mod:`bordermap.style`, as on the interactive maps. Files are byte-identical from run
to run: creation dates and hash salts are fixed.

The maps follow the layers' time model (``valid_from``/``valid_until`` on every segment,
territory and place; the regimes' periods in ``index.json``):

- ``<regime-id>``: the regime's complete layer — the whole border in force during its
  period, its own segments emphasised and those an earlier treaty drew in the lighter
  inherited style — and the places that existed during the period (:func:`_existed`).
- ``overview``: the border in force on the last day the data cover, from the timeline;
  the lines that had ended by then faint; the territories in force then, cessions labelled.
- ``small-multiples``: each regime period's complete layer, one panel each, same extent.
- ``change-<year>-<year>``: one per pair of consecutive regime periods
  (:func:`change_pairs`): the border in force on the day before the change in grey, the
  border in force from that day in colour, the lines that began or ended that day
  highlighted, and the land that changed hands hatched with its area.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bordermap import style
from bordermap.errors import BordermapError
from bordermap.i18n import LANGS, localised, name, text
from bordermap.i18n import number as _number

#: Lambert conformal conic, standard parallels 40 N and 56 N, central meridian 120 E.
PROJECTION = "+proj=lcc +lat_1=40 +lat_2=56 +lat_0=48 +lon_0=120 +datum=WGS84 +units=m +no_defs"
FORMATS = ("png", "svg", "pdf")
#: Bounds of --width (px) and --dpi, and of the pixels of one image (width x height).
MIN_WIDTH, MAX_WIDTH, MIN_DPI, MAX_DPI = 200, 12_000, 50, 1_200
MAX_PIXELS = 100_000_000
#: Extent (lon/lat degrees) shared by the overview and the small multiples.
COMMON_EXTENT = (74.0, 37.0, 143.0, 59.0)
#: Places labelled on the static maps (when inside the extent and existing at the time shown).
KEY_PLACES = ("nerchinsk", "albazin", "aigun", "blagoveshchensk", "khabarovsk", "kyakhta",
              "irkutsk", "ninguta", "nikolaevsky-post", "abagaitu-hill", "shabin-dabaga-pass",
              "beijing", "mariinsky-post")
KEY_RIVERS = ("amur", "ussuri", "argun", "shilka", "zeya", "songacha", "uda", "tumen")
#: Line weights of :func:`bordermap.style.border_style` (screen px) to print points.
PRINT_WEIGHT = 0.55
#: The border before a change, on the change maps.
BEFORE_COLOR = "#8a8a8a"
#: A line that had ended, on the overview (drawn thin, in the inherited style's width).
FAINT_COLOR = "#9c9c9c"
#: Where a single map's legend may go (in one column, then in two), in this order of
#: preference when it covers as much.
LEGEND_PLACES = ("lower right", "upper left", "upper right", "lower left", "center left",
                 "center right")
#: Spacing (projected metres) of the points along lines and outlines that the legend avoids.
_MARK_STEP = 15_000
#: Fill opacity of a territory a regime's own treaty drew, and of one an earlier treaty drew.
FILL_OWN, FILL_INHERITED = 0.42, 0.25
#: The states a territory can pass to: one that went to either changed hands.
STATES = ("qing", "russia")
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

    @property
    def periods(self) -> list[str]:
        """The ids of the regimes with a period (and a layer), in the order signed."""
        return [r["id"] for r in self.index["regimes"] if r.get("period") and r.get("file")]

    def span(self, rid: str) -> tuple[str, str]:
        """The first and the last day (Gregorian) of regime ``rid``'s period; a period open
        at its end runs to the last day the data cover."""
        from bordermap.calendars import shift
        from bordermap.layers.time import coverage

        period = self.regimes[rid]["period"]
        last = shift(period["until"], -1) if period["until"] else coverage(self.index)[1]
        return period["from"], last


def change_pairs(index: dict[str, Any]) -> list[tuple[str, str]]:
    """The consecutive regime periods of ``index.json`` (regimes with a period, in order),
    as (before, after) regime ids: one change map each."""
    from itertools import pairwise

    ids = [r["id"] for r in index["regimes"] if r.get("period") and r.get("file")]
    return list(pairwise(ids))


def change_name(layers: _Layers, before: str, after: str) -> str:
    """The file name (without format) of a change map: ``change-<year>-<year>``, the years
    the two treaties were signed (Gregorian)."""
    years = [layers.regimes[rid]["signed"]["gregorian"][:4] for rid in (before, after)]
    return f"change-{years[0]}-{years[1]}"


def _existed(props: dict[str, Any], first: str, last: str) -> bool:
    """Whether a place of ``places.geojson`` stood at some time from ``first`` to ``last``
    (Gregorian days, both included).

    A date the sources give only to the year or month is read as its last day, as
    :func:`bordermap.layers.time.query_day` reads a user's date: a place founded "1858"
    counts from 1858-12-31, so it is not drawn on a map of a period that ended in May 1858
    (it may not have stood yet), and a place abandoned "1689" counts until 1689-12-31
    (``valid_until`` is the day after), so it is still drawn on a map of a period that
    began in September 1689.
    """
    from bordermap.calendars import read_date

    start = props.get("valid_from")
    if props.get("founded") and props.get("calendar"):
        try:
            start = read_date(props["founded"], props["calendar"]).last
        except ValueError:
            pass
    end = props.get("valid_until")
    return (start is None or start <= last) and (end is None or first < end)


def _changed_hands(props: dict[str, Any]) -> bool:
    """Whether a territory passed from one holder to another state (``to_state`` is Qing or
    Russia and not ``from_state``); joint possession, a confirmed status and a second
    reading (``alternative``) are not."""
    return (props.get("to_state") in STATES and props.get("from_state") != props.get("to_state")
            and not props.get("alternative"))


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
    """One map figure: axes in projected metres, with helpers to draw and annotate.

    While drawing, it notes what the legend lists: ``treaties`` ((treaty id, own) pairs of
    the border lines drawn in a treaty's colour), ``statuses``, ``precisions``, and
    ``extra`` (legend entries of one kind of map: (handle, label)); and what the legend of
    a single map should not cover: ``marks`` (points along the lines and outlines drawn,
    projected, with a weight) and ``boxes`` (labels and the scale bar, in display pixels).
    """

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
        self.treaties: list[tuple[str, bool]] = []
        self.extra: list[tuple[Any, str]] = []
        self.marks: list[tuple[Any, float]] = []
        self.boxes: list[Any] = []
        self.filled: list[Any] = []
        self.scale_boxes: list[Any] = []

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

    def shape(self, feature: dict[str, Any]) -> Any:
        """A border or territory feature's geometry, projected (once: ids are the same in
        every layer, and so are their geometries)."""
        key = f"feature:{feature['id']}"
        if key not in self.layers.projected:
            self.layers.projected[key] = self.proj.shape(feature["geometry"])
        return self.layers.projected[key]

    def _fill(self, ax: Any, geom: Any, face: str, edge: str, lw: float, alpha: float,
              z: float, hatch: str | None = None, label: str = "") -> None:
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
                                    alpha=alpha, zorder=z, hatch=hatch, label=label))

    def _lines(self, ax: Any, geom: Any, color: str, lw: float, ls: Any, z: float,
               alpha: float = 1.0, label: str = "") -> None:
        import numpy as np
        import shapely
        from matplotlib.collections import LineCollection

        parts = [np.asarray(line.coords) for line in shapely.get_parts(geom)
                 if line.geom_type == "LineString"]
        if parts:
            ax.add_collection(LineCollection(parts, colors=color, linewidths=lw, linestyles=ls,
                                             zorder=z, alpha=alpha, capstyle="round", label=label),
                              autolim=False)

    def _mark(self, geom: Any, weight: float) -> None:
        """Note points every :data:`_MARK_STEP` along ``geom``'s lines (or outline), with
        ``weight``: what a single map's legend should not cover."""
        import shapely

        points = shapely.get_coordinates(shapely.segmentize(geom.boundary if geom.geom_type in (
            "Polygon", "MultiPolygon") else geom, _MARK_STEP))
        self.marks.append((points, weight))

    def border(self, ax: Any, feature: dict[str, Any], own: bool = True, mode: str = "colour",
               halo: bool = False) -> None:
        """A border segment in the style of the treaty that drew it (``own``: emphasised, else
        the lighter inherited style). ``mode`` ``grey``: the border before a change;
        ``faint``: a line that had ended. ``halo``: highlighted as changed. The artists are
        labelled with the feature's id."""
        p = feature["properties"]
        if p["precision"] not in self.precisions:
            self.precisions.append(p["precision"])
        s = style.border_style(p["established_by"], p["precision"], own)
        weight = s["weight"] * PRINT_WEIGHT
        geom = self.shape(feature)
        dash = style.mpl_dashes(s["dashArray"], 1.0)
        self._mark(geom, 5.0 if halo else 1.0 if mode == "faint" else 3.0)
        if halo:
            self._lines(ax, geom, style.CHANGED_COLOR, weight + 4.5, "solid", z=3.5, alpha=0.35,
                        label=f"{feature['id']} (changed)")
        if mode == "grey":
            self._lines(ax, geom, BEFORE_COLOR, weight, dash, z=4.5, label=feature["id"])
            return
        if mode == "faint":  # thin and light grey, opaque: seen over a river or a territory
            self._lines(ax, geom, FAINT_COLOR, weight, dash, z=4.6, label=feature["id"])
            return
        self._lines(ax, geom, _printed(s, own), weight, dash, z=6 if own else 5, label=feature["id"])
        if (p["established_by"], own) not in self.treaties:
            self.treaties.append((p["established_by"], own))

    def territory(self, ax: Any, feature: dict[str, Any], own: bool = True,
                  changed: bool = False) -> None:
        """A territory filled in its status colour (``own``: stronger, else lighter);
        ``changed``: land that changed hands, hatched and outlined."""
        p = feature["properties"]
        color = style.STATUS_COLORS.get(p["status"], "#999999")
        if p.get("alternative"):  # a second reading: outlined and dotted, not filled
            from matplotlib.patches import Patch

            self._fill(ax, self.shape(feature), "none", color, 1.2, 0.9, z=2, hatch="..",
                       label=feature["id"])
            entry = (f"{self.t('status.' + p['status'])} — {self.t('reading.' + p['reading'])}; "
                     f"{self.t('map.alternative')}")
            if entry not in [text for _handle, text in self.extra]:
                self.extra.append((Patch(facecolor="none", edgecolor=color, hatch="..",
                                         linewidth=1.2), entry))
            return
        if p["status"] not in self.statuses:
            self.statuses.append(p["status"])
        self._mark(self.shape(feature), 1.0 if changed else 0.3)
        self.filled.append(self.shape(feature))
        if changed:
            self._fill(ax, self.shape(feature), color, style.CHANGED_COLOR, 1.6, 0.55, z=2,
                       hatch="///", label=feature["id"])
        else:
            self._fill(ax, self.shape(feature), color, color, 0.3,
                       FILL_OWN if own else FILL_INHERITED, z=2, label=feature["id"])

    def regime(self, ax: Any, rid: str) -> None:
        """Regime ``rid``'s complete layer: every segment and territory in force during its
        period, its own emphasised, those an earlier treaty drew in the inherited style."""
        features = self.layers.data[rid]
        for f in features:
            if f["properties"]["kind"] == "territory":
                self.territory(ax, f, own=f["properties"]["own"])
        for f in features:
            if f["properties"]["kind"] == "border":
                self.border(ax, f, own=f["properties"]["own"])

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
        from matplotlib.transforms import Bbox

        boxes = [Bbox(ax.transData.transform([(x, y), (x + km * 1000, y + (y1 - y0) * 0.008)]))]
        for i, label in ((0, _number(0, self.lang)), (4, f"{_number(km, self.lang)} km")):
            t = ax.text(x + i * km * 250, y + (y1 - y0) * 0.015, label, fontsize=6.5, ha="center",
                        va="bottom", zorder=9)
            boxes.append(t.get_window_extent(self.fig.canvas.get_renderer()))
        self.boxes += boxes
        self.scale_boxes += boxes

    def labels(self, ax: Any, first: str, last: str, always: tuple[str, ...] = (),
               areas: tuple[tuple[Any, str], ...] = ()) -> None:
        """Labels placed where they collide with no label before them: the key places that
        stood at some time from ``first`` to ``last`` (:func:`_existed`) or are in
        ``always``; then ``areas`` ((projected territory, text): boxed, at the first of
        some points inside the territory where it collides with nothing, else at the
        first); then the key rivers."""
        renderer = self.fig.canvas.get_renderer()
        taken = self.boxes
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
            if pid not in places:
                continue
            props = places[pid]["properties"]
            if pid not in always and not _existed(props, first, last):
                continue
            lon, lat = places[pid]["geometry"]["coordinates"]
            x, y = self.proj.point(lon, lat)
            if x0 < x < x1 and y0 < y < y1:
                ax.plot([x], [y], "o", markersize=2.5, color=style.PLACE_COLOR, zorder=10)
            place_label(x, y, name(props, self.lang), 7, "normal", corners)
        for shape, label in areas:
            self._area_label(ax, shape, label)
        for f in self.layers.data["rivers"]:
            if f["id"] in KEY_RIVERS:
                line = self.proj.shape(f["geometry"])
                mid = line.interpolate(0.45, normalized=True)
                place_label(mid.x, mid.y, name(f["properties"], self.lang), 7, "italic",
                            ((0, 4, "center", "bottom"), (0, -4, "center", "top"),
                             (6, 0, "left", "center"), (-6, 0, "right", "center")))

    def _area_label(self, ax: Any, shape: Any, label: str) -> None:
        """A boxed label of a projected territory: inside it (:func:`_label_points`), or
        beside it with a leader line, wherever the box covers the least — other labels and
        the scale bar weigh most, then the area outside the map, other territories, the
        lines and outlines drawn, and a leader line a little, the more the longer."""
        import shapely

        renderer = self.fig.canvas.get_renderer()
        inverse = ax.transData.inverted()
        x0, x1 = ax.get_xlim()
        y0, y1 = ax.get_ylim()
        frame = shapely.box(x0, y0, x1, y1)
        others = shapely.union_all([g for g in self.filled if g is not shape])
        anchor = shape.representative_point()
        best: tuple[float, int, Any, bool] | None = None
        for number, (point, leader) in enumerate(_label_points(shape)):
            t = self._boxed(ax, label, point, (anchor.x, anchor.y) if leader else None)
            box = _patch_extent(t, renderer)
            t.remove()
            corners = inverse.transform([(box.x0, box.y0), (box.x1, box.y1)])
            area = shapely.box(*corners[0], *corners[1])
            cost = (self._covered(ax, box, label_weight=1000.0)
                    + 300.0 * area.intersection(others).area / area.area
                    + 1000.0 * area.difference(frame).area / area.area)
            if leader:  # a little, and more the longer it is (in widths of the map)
                cost += 30.0 + 100.0 * shapely.Point(point).distance(anchor) / (x1 - x0)
            if best is None or cost < best[0]:
                best = (cost, number, point, leader)
        assert best is not None
        t = self._boxed(ax, label, best[2], (anchor.x, anchor.y) if best[3] else None)
        self.boxes.append(_patch_extent(t, renderer))

    @staticmethod
    def _boxed(ax: Any, label: str, point: tuple[float, float],
               anchor: tuple[float, float] | None) -> Any:
        box = {"facecolor": "white", "alpha": 0.85, "edgecolor": style.CHANGED_COLOR}
        if anchor is None:
            return ax.text(point[0], point[1], label, ha="center", va="center", fontsize=8.5,
                           zorder=12, bbox=box)
        return ax.annotate(label, anchor, xytext=point, textcoords="data", ha="center",
                           va="center", fontsize=8.5, zorder=12, bbox=box,
                           arrowprops={"arrowstyle": "-", "color": style.CHANGED_COLOR,
                                       "linewidth": 0.8, "shrinkA": 0, "shrinkB": 0})

    def legend(self, ax: Any, loc: str = "lower right") -> None:
        from matplotlib.legend_handler import HandlerTuple
        from matplotlib.lines import Line2D
        from matplotlib.patches import Patch

        handles: list[Any] = []
        labels: list[str] = []
        order = {rid: number for number, rid in enumerate(self.layers.regimes)}
        for rid, own in sorted(self.treaties, key=lambda item: (order.get(item[0], 99), not item[1])):
            s = style.border_style(rid, "described", own)
            handles.append(Line2D([], [], color=_printed(s, own), linewidth=2.0 if own else 1.2))
            label = _regime_label(self.layers, rid, self.lang)
            labels.append(label if own else f"{label} — {self.t('export.still_in_force')}")
        for handle, label in self.extra:
            handles.append(handle)
            labels.append(label)
        for status in self.statuses:
            color = style.STATUS_COLORS.get(status, "#999999")
            handles.append(Patch(facecolor=color, edgecolor=color, alpha=0.5))
            labels.append(self.t(f"status.{status}"))
        for precision in style.PRECISION_DASH:
            if precision in self.precisions:
                s = style.border_style("modern", precision)
                handles.append(Line2D([], [], color="#444444", linewidth=1.6,
                                      linestyle=style.mpl_dashes(s["dashArray"], 1.0)))
                labels.append(self.t(f"precision.{precision}"))
        handles.append(Line2D([], [], color=style.RIVER_COLOR, linewidth=1.5))
        labels.append(self.t("major_rivers"))
        handles.append(Line2D([], [], marker="o", linestyle="none", color=style.PLACE_COLOR,
                              markersize=3))
        labels.append(self.t("places"))
        # a tuple of lines is one entry, its lines overlaid: a highlighted line
        handler_map = {tuple: HandlerTuple(ndivide=1, pad=0)}
        if len(self.axes) > 1:  # below the panels, not over one of them
            self.fig.legend(handles, labels, loc="lower center", ncol=4, fontsize=7,
                            title=self.t("legend"), title_fontsize=8, framealpha=0.92,
                            handler_map=handler_map)
            return
        renderer = self.fig.canvas.get_renderer()
        # in one column or two, where it covers the least of the map
        best: tuple[float, int, tuple[str, int]] | None = None
        number = 0
        for ncol in (1, 2):
            legend = ax.legend(handles, labels, loc=loc, ncol=ncol, fontsize=6.5,
                               title=self.t("legend"), title_fontsize=7.5, framealpha=0.92,
                               handler_map=handler_map)
            for where in (loc, *(p for p in LEGEND_PLACES if p != loc)):
                legend.set_loc(where)
                cost = self._covered(ax, legend.get_window_extent(renderer))
                if best is None or cost < best[0]:
                    best = (cost, number, (where, ncol))
                number += 1
        assert best is not None
        ax.legend(handles, labels, loc=best[2][0], ncol=best[2][1], fontsize=6.5,
                  title=self.t("legend"), title_fontsize=7.5, framealpha=0.92,
                  handler_map=handler_map).set_zorder(20)

    def _covered(self, ax: Any, box: Any, label_weight: float = 40.0) -> float:
        """How much of what is drawn a legend or a label at ``box`` (display pixels) would
        cover: the weighted points of :attr:`marks` in it, ``label_weight`` for each label
        or scale bar box it overlaps, and 1000 more for each of the scale bar."""
        import numpy as np

        cost = label_weight * sum(box.overlaps(b) for b in self.boxes)
        cost += 1000.0 * sum(box.overlaps(b) for b in self.scale_boxes)
        for points, weight in self.marks:
            if len(points):
                xy = ax.transData.transform(points)
                inside = ((xy[:, 0] >= box.x0) & (xy[:, 0] <= box.x1) & (xy[:, 1] >= box.y0)
                          & (xy[:, 1] <= box.y1))
                cost += weight * float(np.count_nonzero(inside))
        return cost

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


def _printed(line_style: dict[str, Any], own: bool) -> str:
    """The colour of a border line, opaque: a treaty's own line in the treaty's colour; a
    line an earlier treaty drew in that colour at the inherited style's opacity over the
    land, so that it looks as the style does on land and keeps its colour over a river or
    another line instead of mixing with it."""
    from matplotlib.colors import to_hex, to_rgb

    if own:
        return to_hex(line_style["color"])
    alpha = line_style["opacity"]
    return to_hex([alpha * c + (1.0 - alpha) * g for c, g in zip(
        to_rgb(line_style["color"]), to_rgb(style.LAND_COLOR), strict=True)])


def _patch_extent(t: Any, renderer: Any) -> Any:
    """The display extent of a boxed text's box (its text's extent leaves out the box's
    padding, and an annotation's takes in its leader line)."""
    if hasattr(t, "update_positions"):  # an annotation: where its text goes
        t.update_positions(renderer)
    t.update_bbox_position_size(renderer)
    return t.get_bbox_patch().get_window_extent(renderer)


def _label_points(shape: Any, count: int = 7) -> list[tuple[tuple[float, float], bool]]:
    """Where a label of a projected territory may go, as (point, needs a leader line): its
    representative point, the points of a ``count`` x ``count`` grid over it that fall
    inside, nearest first, then those of a grid twice as wide and high that fall outside
    it, nearest first."""
    import numpy as np
    import shapely

    first = shape.representative_point()
    west, south, east, north = shape.bounds
    width, height = east - west, north - south

    def grid(scale: float) -> list[tuple[float, float]]:
        xs = np.linspace(west - width * (scale - 1) / 2, east + width * (scale - 1) / 2, count + 2)
        ys = np.linspace(south - height * (scale - 1) / 2, north + height * (scale - 1) / 2, count + 2)
        points = [(float(x), float(y)) for x in xs[1:-1] for y in ys[1:-1]]
        return sorted(points, key=lambda p: ((p[0] - first.x) ** 2 + (p[1] - first.y) ** 2, p))

    inside = [(p, False) for p in grid(1.0) if shape.contains(shapely.Point(p))]
    outside = [(p, True) for p in grid(2.0) if not shape.intersects(shapely.Point(p))]
    return [((first.x, first.y), False), *inside, *outside]


def _regime_label(layers: _Layers, rid: str, lang: str) -> str:
    r = layers.regimes[rid]
    return f"{localised(r['name'], lang)} ({r['signed']['gregorian'][:4]})"


def _both_calendars(day: str, lang: str) -> str:
    """A Gregorian day in both calendars: ``<julian> O.S. / <gregorian> N.S.``."""
    from bordermap.calendars import to_julian

    return f"{to_julian(day)} {text('os', lang)} / {day} {text('ns', lang)}"


def _title(layers: _Layers, rid: str, lang: str) -> str:
    r = layers.regimes[rid]
    signed = r["signed"]
    return (f"{localised(r['name'], lang)} — {signed['julian']} {text('os', lang)} / "
            f"{signed['gregorian']} {text('ns', lang)}")


def _period_line(layers: _Layers, rid: str, lang: str) -> str:
    """``Period shown: <first> – <last> N.S. (<first> – <last> O.S.)``: the days the
    regime's layer covers, both included."""
    from bordermap.calendars import to_julian

    first, last = layers.span(rid)
    return (f"{text('export.period', lang)}: {first} – {last} {text('ns', lang)} "
            f"({to_julian(first)} – {to_julian(last)} {text('os', lang)})")


def _regime_extent(layers: _Layers, rid: str) -> tuple[float, float, float, float]:
    import shapely

    shapes = [shapely.geometry.shape(f["geometry"]) for f in layers.data[rid]]
    west, south, east, north = shapely.GeometryCollection(shapes).bounds
    pad_x, pad_y = max(2.0, (east - west) * 0.12), max(1.5, (north - south) * 0.15)
    return (west - pad_x, south - pad_y, east + pad_x, north + pad_y)


def _decorate(fig: _Figure, ax: Any, first: str, last: str, always: tuple[str, ...] = (),
              areas: tuple[tuple[Any, str], ...] = ()) -> None:
    fig.graticule(ax)
    fig.scale_bar(ax)
    fig.labels(ax, first, last, always, areas)


def _area_label(props: dict[str, Any], lang: str, year: str = "") -> str:
    """A territory's name and area (a second reading says whose reading it is)."""
    area = f"{_number(props['area_km2'], lang)} km²"
    title = name(props, lang)
    if props.get("alternative"):
        title += f" ({text('reading.' + props['reading'], lang)})"
    return f"{title}\n{year + ' · ' if year else ''}{area}"


def regime_figure(layers: _Layers, rid: str, lang: str, width: int, dpi: int) -> _Figure:
    """A static map of one regime: its complete layer, and the places of its period."""
    fig = _Figure(layers, lang, width, dpi)
    ax = fig.axes[0]
    fig.extent(ax, _regime_extent(layers, rid))
    fig.basemap(ax)
    fig.regime(ax, rid)
    _decorate(fig, ax, *layers.span(rid))
    fig.legend(ax)
    ax.set_title(f"{_title(layers, rid, lang)}\n{_period_line(layers, rid, lang)}", fontsize=11)
    return fig


def overview_figure(layers: _Layers, lang: str, width: int, dpi: int) -> _Figure:
    """The border in force on the last day the data cover (from the timeline), the lines
    that had ended by then faint, and the territories in force then, cessions labelled."""
    from matplotlib.lines import Line2D

    from bordermap.layers.time import coverage, holds

    fig = _Figure(layers, lang, width, dpi)
    ax = fig.axes[0]
    fig.extent(ax, COMMON_EXTENT)
    fig.basemap(ax)
    day = coverage(layers.index)[1]
    timeline = layers.data["timeline"]
    areas = []
    for f in timeline:
        p = f["properties"]
        if p["kind"] == "territory" and holds(p, day):
            fig.territory(ax, f)
            if p["status"] == "ceded":
                year = layers.regimes[p["established_by"]]["signed"]["gregorian"][:4]
                areas.append((fig.shape(f), _area_label(p, lang, year)))
    ended = False
    for f in timeline:
        p = f["properties"]
        if p["kind"] != "border":
            continue
        if holds(p, day):
            fig.border(ax, f)
        elif p["valid_from"] <= day:
            fig.border(ax, f, own=False, mode="faint")
            ended = True
    if ended:
        fig.extra.append((Line2D([], [], color=FAINT_COLOR, linewidth=1.2),
                          text("export.ended_by_then", lang)))
    _decorate(fig, ax, day, day, areas=tuple(areas))
    fig.legend(ax)
    ax.set_title(text("export.border_on", lang).format(date=_both_calendars(day, lang)),
                 fontsize=12)
    return fig


def small_multiples_figure(layers: _Layers, lang: str, width: int, dpi: int) -> _Figure:
    """Each regime period's complete layer side by side, same extent and scale."""
    periods = layers.periods
    fig = _Figure(layers, lang, width, dpi, panels=len(periods))
    for ax, rid in zip(fig.axes, periods, strict=False):
        fig.extent(ax, COMMON_EXTENT)
        fig.basemap(ax)
        fig.regime(ax, rid)
        fig.graticule(ax)
        fig.scale_bar(ax)
        ax.set_title(f"{_title(layers, rid, lang)}\n{_period_line(layers, rid, lang)}", fontsize=7.5)
    for ax in fig.axes[len(periods):]:
        ax.set_axis_off()
    fig.legend(fig.axes[-1])
    fig.fig.suptitle(text("title", lang), fontsize=12)
    return fig


def change_figure(layers: _Layers, before: str, after: str, lang: str, width: int,
                  dpi: int) -> _Figure:
    """What changed between two consecutive regime periods, on the day the second began:
    the border in force the day before (grey) and from that day (in colour), the lines that
    began or ended that day highlighted, the land that changed hands hatched with its area.
    ``before`` and ``after`` are consecutive regime periods (:func:`change_pairs`).
    """
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    from bordermap.calendars import shift
    from bordermap.layers.time import holds

    pairs = change_pairs(layers.index)
    if (before, after) not in pairs:
        raise BordermapError(f"a change map compares consecutive regime periods ("
                             f"{', '.join(f'{a} -> {b}' for a, b in pairs)}), not {before} -> {after}")
    fig = _Figure(layers, lang, width, dpi)
    ax = fig.axes[0]
    west1, south1, east1, north1 = _regime_extent(layers, before)
    west2, south2, east2, north2 = _regime_extent(layers, after)
    fig.extent(ax, (min(west1, west2), min(south1, south2), max(east1, east2), max(north1, north2)))
    fig.basemap(ax)
    day = layers.span(after)[0]
    eve = shift(day, -1)
    old = [f for f in layers.data[before] if holds(f["properties"], eve)]
    new = [f for f in layers.data[after] if holds(f["properties"], day)]
    old_ids, new_ids = {f["id"] for f in old}, {f["id"] for f in new}
    changed = []
    for f in new:
        p = f["properties"]
        if p["kind"] != "territory":
            continue
        hands = f["id"] not in old_ids and _changed_hands(p)
        fig.territory(ax, f, own=f["id"] not in old_ids, changed=hands)
        if hands:
            changed.append(f)
    for f in old:
        if f["properties"]["kind"] == "border":
            fig.border(ax, f, mode="grey", halo=f["id"] not in new_ids)
    for f in new:
        if f["properties"]["kind"] == "border":
            began = f["id"] not in old_ids
            fig.border(ax, f, own=began, halo=began)
    grey = Line2D([], [], color=BEFORE_COLOR, linewidth=2.0)
    fig.extra.append((grey, text("export.before_line", lang)))
    if old_ids - new_ids:
        fig.extra.append(((_halo_sample(), Line2D([], [], color=BEFORE_COLOR, linewidth=2.0)),
                          text("export.ended_line", lang)))
    if new_ids - old_ids:
        color = style.REGIME_COLORS.get(after, "#000000")
        fig.extra.append(((_halo_sample(), Line2D([], [], color=color, linewidth=2.0)),
                          text("export.new_line", lang)))
    if changed:
        fig.extra.append((Patch(facecolor="white", edgecolor=style.CHANGED_COLOR, hatch="///",
                                linewidth=1.2), text("changed", lang)))
    areas = tuple((fig.shape(f), _area_label(f["properties"], lang)) for f in changed)
    always = (layers.regimes[after]["signed"]["place"],)  # it stood the day it was signed there
    _decorate(fig, ax, day, day, always, areas)
    fig.legend(ax)
    subtitle = _changed_line(changed, lang) if changed else text("no_change", lang)
    ax.set_title(f"{_regime_label(layers, before, lang)} → {_regime_label(layers, after, lang)}: "
                 f"{_both_calendars(day, lang)}\n{subtitle}", fontsize=11)
    return fig


def _changed_line(changed: list[dict[str, Any]], lang: str) -> str:
    """``Changed hands: <total> km² — <from> → <to> <area> km²; ...``: the land that changed
    hands, in all and by (from_state, to_state) as the treaties give them, in the order met;
    with one pair, only its two states."""
    total = sum(f["properties"]["area_km2"] for f in changed)
    pairs: dict[tuple[str, str], int] = {}
    for f in changed:
        key = (f["properties"]["from_state"], f["properties"]["to_state"])
        pairs[key] = pairs.get(key, 0) + f["properties"]["area_km2"]

    def state(value: str) -> str:
        try:
            return text(f"status.{value}", lang)
        except KeyError:
            return value

    parts = [f"{state(a)} → {state(b)}" + (f" {_number(area, lang)} km²" if len(pairs) > 1 else "")
             for (a, b), area in pairs.items()]
    return f"{text('changed', lang)}: {_number(total, lang)} km² — {'; '.join(parts)}"


def _halo_sample() -> Any:
    from matplotlib.lines import Line2D

    return Line2D([], [], color=style.CHANGED_COLOR, linewidth=6.0, alpha=0.35,
                  solid_capstyle="butt")


def export_images(layers_dir: Path, out: Path, formats: tuple[str, ...] = FORMATS,
                  lang: str = "en", width: int = 2400, dpi: int = 200) -> list[Path]:
    """Write every static map into ``out`` in each of ``formats``; returns the paths.

    Every image is rendered before the first file is written, and the images are written
    as one set (:func:`bordermap.layers.fileset.write_set`); change maps of an earlier run
    whose pair of regimes is no longer consecutive (``change-YYYY-YYYY.<format>``) are
    removed with it.
    """
    import re

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
    for rid in layers.periods:
        files |= regime_figure(layers, rid, lang, width, dpi).render(rid, formats)
    files |= overview_figure(layers, lang, width, dpi).render("overview", formats)
    files |= small_multiples_figure(layers, lang, width, dpi).render("small-multiples", formats)
    changes = [change_name(layers, before, after) for before, after in change_pairs(layers.index)]
    for (before, after), stem in zip(change_pairs(layers.index), changes, strict=True):
        files |= change_figure(layers, before, after, lang, width, dpi).render(stem, formats)
    stale = re.compile(r"^change-[0-9]{4}-[0-9]{4}\.(png|svg|pdf)$")
    remove = tuple(sorted(p.name for p in Path(out).glob("change-*") if stale.match(p.name)
                          and p.name.rsplit(".", 1)[0] not in changes)) if Path(out).is_dir() else ()
    write_set(out, files, remove)
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

    pages = sorted(p for p in html_dir.glob("*.html") if p.name != "start.html")  # maps only
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
