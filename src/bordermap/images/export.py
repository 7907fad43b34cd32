"""``bordermap export``: print-quality static maps (PNG, SVG, PDF) from ``layers/`` only.

Each map is framed on its subject (:func:`regime_extent`, :func:`change_extent`,
:func:`borders_extent`) and drawn in a Lambert conformal conic projection fitted to that
frame (:func:`projection`, metres), with a graticule labelled where its lines meet the
frame, labels placed so they do not collide, and a basemap of land, lakes and rivers
from the ``basemap`` layer. Title, legend, scale bar and credits lie outside the frame,
so they hide nothing; a change map adds a locator map beside its legend. Colours and line
styles come from :mod:`bordermap.style`, as on the interactive maps. Files are
byte-identical from run to run: creation dates and hash salts are fixed.

The maps follow the layers' time model (``valid_from``/``valid_until`` on every segment,
territory and place; the regimes' periods in ``index.json``):

- ``<regime-id>``: the regime's complete layer — the whole border in force during its
  period, its own segments emphasised and those an earlier treaty drew in the lighter
  inherited style — and the places that existed during the period (:func:`_existed`).
- ``overview``: the border in force on the last day the data cover, from the timeline;
  the lines that had ended by then faint; the territories in force then, cessions labelled.
- ``at-<YYYY-MM-DD>`` (``bordermap export --at DATE``): the same for any day covered,
  framed on the border in force that day.
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

FORMATS = ("png", "svg", "pdf")
#: Inches of a single map's figure around its frame: on each side (the parallels' labels),
#: above it (the title), under it (the meridians' labels and the scale bar), the gap above
#: the legend, and the credits at the foot.
SIDE_IN, TITLE_IN, BELOW_IN, GAP_IN, CREDITS_IN = 0.45, 0.85, 0.62, 0.1, 0.42
#: A single map's frame is at most this many times as tall as the figure is wide.
MAX_ASPECT = 1.05
#: Width (inches) of a change map's locator map, beside its legend.
LOCATOR_IN = 1.9
#: Degrees around a frame of the basemap projected for it (the rest of the world is left
#: out before projecting: a conic projection tears what lies opposite its centre).
BASEMAP_MARGIN_DEG = 25.0
#: Bounds of --width (px) and --dpi, and of the pixels of one image (width x height).
MIN_WIDTH, MAX_WIDTH, MIN_DPI, MAX_DPI = 200, 12_000, 50, 1_200
MAX_PIXELS = 100_000_000
#: The frame (lon/lat degrees) of the locator map: north-east Asia.
LOCATOR_EXTENT = (60.0, 20.0, 170.0, 70.0)
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


def projection(extent: tuple[float, float, float, float]) -> str:
    """A Lambert conformal conic projection (PROJ string, metres) fitted to ``extent``
    (west, south, east, north degrees): central meridian and latitude of origin at its
    centre, standard parallels a sixth of its height inside its south and north edges,
    all in whole degrees, so that the credits can name them."""
    west, south, east, north = extent
    lat1, lat2 = round(south + (north - south) / 6), round(north - (north - south) / 6)
    if lat1 == lat2:
        lat2 = lat1 + 1
    return (f"+proj=lcc +lat_1={lat1} +lat_2={lat2} +lat_0={round((south + north) / 2)} "
            f"+lon_0={round((west + east) / 2)} +datum=WGS84 +units=m +no_defs")


def _projection_parameters(crs: str) -> dict[str, str]:
    return dict(part.lstrip("+").split("=", 1) for part in crs.split() if "=" in part)


def _extent_of(shapes: list[Any], margin: float = 0.1, least: tuple[float, float] = (6.0, 4.0)
               ) -> tuple[float, float, float, float]:
    """The lon/lat box of ``shapes`` with ``margin`` of its size around it, and at least
    ``least`` (degrees of longitude, of latitude) wide and high."""
    import shapely

    west, south, east, north = shapely.GeometryCollection(shapes).bounds
    width = max(east - west, least[0] / (1 + 2 * margin))
    height = max(north - south, least[1] / (1 + 2 * margin))
    cx, cy = (west + east) / 2, (south + north) / 2
    width, height = width * (1 + 2 * margin), height * (1 + 2 * margin)
    return (cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2)


class _Projector:
    def __init__(self, crs: str) -> None:
        from pyproj import Transformer

        self.crs = crs
        self.transformer = Transformer.from_crs("EPSG:4326", crs, always_xy=True)

    def shape(self, geometry: dict[str, Any]) -> Any:
        import numpy as np
        import shapely

        geom = shapely.geometry.shape(geometry)
        return shapely.transform(geom, lambda xy: np.column_stack(
            self.transformer.transform(xy[:, 0], xy[:, 1])))

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        return self.transformer.transform(lon, lat)


class _Figure:
    """One map figure: axes in projected metres (:attr:`crs`, fitted to ``extent``), with
    helpers to draw and annotate.

    While drawing, it notes what the legend lists: ``treaties`` ((treaty id, own) pairs of
    the border lines drawn in a treaty's colour), ``statuses``, ``precisions``, and
    ``extra`` (legend entries of one kind of map: (handle, label)); and what labels should
    not cover: ``marks`` (points along the lines and outlines drawn, projected, with a
    weight) and ``boxes`` (labels, in display pixels). ``graticule_labels`` holds each
    graticule label with the point (data coordinates) where its line meets the frame.
    A single map's frame keeps its size in inches once set (:meth:`extent`); :meth:`finish`
    then sets the figure around it: title above, scale bar, legend, locator map and
    credits below.
    """

    def __init__(self, layers: _Layers, lang: str, width_px: int, dpi: int,
                 extent: tuple[float, float, float, float], panels: int = 1) -> None:
        import matplotlib.pyplot as plt

        self.layers, self.lang = layers, lang
        self.lonlat = extent
        self.crs = projection(extent)
        self.proj = _Projector(self.crs)
        width = width_px / dpi
        if panels > 1:
            cols, rows = 2, (panels + 1) // 2
            self.fig, axes = plt.subplots(rows, cols, figsize=(width, width * 0.62 * rows / cols + 0.9),
                                          dpi=dpi, squeeze=False)
            self.axes = list(axes.flat)
        else:
            self.fig = plt.figure(figsize=(width, width * 0.7), dpi=dpi)
            self.axes = [self.fig.add_axes((0.1, 0.1, 0.8, 0.8))]
        self.frame_in = (0.0, 0.0)
        self.statuses: list[str] = []
        self.precisions: list[str] = []
        self.treaties: list[tuple[str, bool]] = []
        self.extra: list[tuple[Any, str]] = []
        self.marks: list[tuple[Any, float]] = []
        self.boxes: list[Any] = []
        self.filled: list[Any] = []
        self.graticule_labels: list[tuple[Any, tuple[float, float]]] = []
        self.places_drawn = False
        self.area_labels: list[Any] = []
        self.treaty_lines: dict[tuple[str, bool], dict[str, float]] = {}

    def t(self, key: str) -> str:
        return text(key, self.lang)

    def _frame(self, proj: _Projector, lonlat: tuple[float, float, float, float]
               ) -> tuple[float, float, float, float]:
        """The projected box (x0, y0, x1, y1) around a lon/lat box's edges."""
        import numpy as np

        west, south, east, north = lonlat
        lons = np.linspace(west, east, 50)
        lats = np.linspace(south, north, 50)
        edge = [(x, south) for x in lons] + [(x, north) for x in lons]
        edge += [(west, y) for y in lats] + [(east, y) for y in lats]
        xs, ys = zip(*(proj.point(x, y) for x, y in edge), strict=True)
        return min(xs), min(ys), max(xs), max(ys)

    def extent(self, ax: Any) -> None:
        """Frame ``ax`` on the figure's lon/lat box; a single map's frame takes the box's
        proportions and keeps its size in inches from now on."""
        x0, y0, x1, y1 = self._frame(self.proj, self.lonlat)
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_aspect("equal")
        ax.set_xticks([])
        ax.set_yticks([])
        width = self.fig.get_figwidth()
        aspect = (y1 - y0) / (x1 - x0)
        if len(self.axes) == 1:
            map_w = width - 2 * SIDE_IN
            map_h = map_w * aspect
            if map_h > MAX_ASPECT * width:  # a tall frame: narrower, centred
                map_h = MAX_ASPECT * width
                map_w = map_h / aspect
            self.frame_in = (map_w, map_h)
            self._place(legend_h=1.5)
        elif ax is self.axes[0]:
            rows = (len(self.axes) + 1) // 2
            self.fig.set_size_inches(width, width * 0.47 * aspect * rows + 2.9)
            self.fig.subplots_adjust(left=0.05, right=0.98, bottom=0.19, top=0.9, wspace=0.12,
                                     hspace=0.38)
        self._check_size()

    def _place(self, legend_h: float) -> float:
        """Size a single map's figure for a legend ``legend_h`` inches high and put the frame
        in it (its size in inches unchanged); returns the figure's height (inches)."""
        width = self.fig.get_figwidth()
        map_w, map_h = self.frame_in
        height = TITLE_IN + map_h + BELOW_IN + GAP_IN + legend_h + CREDITS_IN
        self.fig.set_size_inches(width, height)
        bottom = height - TITLE_IN - map_h
        self.axes[0].set_position(((width - map_w) / 2 / width, bottom / height, map_w / width,
                                   map_h / height))
        return height

    def _check_size(self) -> None:
        """Refuse, before anything is drawn, an image of more than :data:`MAX_PIXELS`."""
        import matplotlib.pyplot as plt

        width, height = (self.fig.get_size_inches() * self.fig.dpi).round().astype(int)
        if width * height > MAX_PIXELS:
            plt.close(self.fig)
            raise BordermapError(f"--width {width} at --dpi {self.fig.dpi:g} makes an image of "
                                 f"{width:,} x {height:,} px, more than {MAX_PIXELS:,} pixels; "
                                 "choose a smaller --width or --dpi")

    def _world(self, proj: _Projector, lonlat: tuple[float, float, float, float]) -> list[tuple[str, Any]]:
        """The basemap's land, lakes and rivers within :data:`BASEMAP_MARGIN_DEG` of a lon/lat
        box, projected by ``proj`` (once per projection and box)."""
        import shapely

        key = f"basemap:{proj.crs}:{lonlat}"
        if key not in self.layers.projected:
            west, south, east, north = lonlat
            m = BASEMAP_MARGIN_DEG
            box = shapely.box(max(west - m, -180.0), max(south - m, -85.0), min(east + m, 180.0),
                              min(north + m, 85.0))
            out = []
            for f in self.layers.data["basemap"]:
                clipped = shapely.geometry.shape(f["geometry"]).intersection(box)
                if not clipped.is_empty:
                    out.append((f["properties"]["kind"], proj.shape(shapely.geometry.mapping(clipped))))
            self.layers.projected[key] = out
        return self.layers.projected[key]

    def basemap(self, ax: Any) -> None:
        ax.set_facecolor(style.WATER_COLOR)
        for kind, geom in self._world(self.proj, self.lonlat):
            if kind == "land":
                self._fill(ax, geom, style.LAND_COLOR, "#9e9a8f", 0.4, 1.0, z=0)
            elif kind == "lake":
                self._fill(ax, geom, style.WATER_COLOR, "#9ab8cf", 0.3, 1.0, z=1)
            else:
                self._lines(ax, geom, "#9ab8cf", 0.4, "solid", z=1)
        for f in self.layers.data["rivers"]:
            s = style.river_style(f["id"])
            self._lines(ax, self.shape(f, "rivers"), s["color"], s["weight"] * 0.45, "solid", z=4)
        for f in self.layers.data["lakes"]:
            self._fill(ax, self.shape(f, "lakes"), style.LAKE_COLOR, style.RIVER_COLOR, 0.4, 1.0, z=4)

    def shape(self, feature: dict[str, Any], layer: str = "") -> Any:
        """A feature's geometry, projected (once per projection: border and territory ids
        are the same in every layer, and so are their geometries; ``layer`` tells other
        layers' features apart)."""
        key = f"feature:{self.crs}:{layer}:{feature['id']}"
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
        dash = _print_dashes(s["dashArray"], weight)
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
        lengths = self.treaty_lines.setdefault((p["established_by"], own), {})
        lengths[p["precision"]] = lengths.get(p["precision"], 0.0) + geom.length

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
            self._mark(self.shape(feature), 1.0)  # names keep off its outline too
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

    def graticule(self, ax: Any, size: float = 6.5) -> None:
        """Meridians and parallels at a step that suits the frame. Meridians are labelled
        where they meet the frame's bottom edge, with a tick there. Parallels are labelled
        on the line itself, where it crosses the central meridian: on a conic map they
        curve, so a label at the frame's side would sit level with another latitude."""
        import numpy as np
        import shapely

        x0, x1 = ax.get_xlim()
        y0, y1 = ax.get_ylim()
        west, south, east, north = self.lonlat
        centre = float(_projection_parameters(self.crs)["lon_0"])
        lon_step = next(step for step in (1, 2, 5, 10, 20) if (east - west) / step <= 9)
        lat_step = next(step for step in (1, 2, 5, 10, 20) if (north - south) / step <= 6)
        grey = {"color": "#444444", "fontsize": size, "annotation_clip": False, "zorder": 11}
        bottom = shapely.LineString([(x0, y0), (x1, y0)])
        span_lat = np.linspace(max(south - 20, -85), min(north + 20, 85), 120)
        for lon in range(int(np.floor((west - 20) / lon_step) * lon_step), int(east + 20) + 1, lon_step):
            line = shapely.LineString([self.proj.point(lon, lat) for lat in span_lat])
            ax.plot(*line.xy, color="#777777", linewidth=0.3, zorder=3)
            for hit in shapely.get_parts(line.intersection(bottom)):
                if hit.geom_type != "Point":
                    continue
                label = ax.annotate(_degrees(lon, "E", "W", self.lang), (hit.x, y0), xytext=(0, -5),
                                    textcoords="offset points", ha="center", va="top", **grey)
                ax.annotate("", (hit.x, y0), xytext=(0, -3.5), textcoords="offset points",
                            arrowprops={"arrowstyle": "-", "color": "#444444", "linewidth": 0.6},
                            annotation_clip=False, zorder=11)
                self.graticule_labels.append((label, (hit.x, y0)))
        span_lon = np.linspace(west - 30, east + 30, 200)
        # on a light box, not a stroke: a path effect would turn the text into outlines
        halo = {"boxstyle": "square,pad=0.12", "facecolor": style.LAND_COLOR, "edgecolor": "none",
                "alpha": 0.8}
        for lat in range(int(np.floor((south - 10) / lat_step) * lat_step), int(north + 10) + 1, lat_step):
            if not -80 <= lat <= 84:
                continue
            line = shapely.LineString([self.proj.point(lon, lat) for lon in span_lon])
            ax.plot(*line.xy, color="#777777", linewidth=0.3, zorder=3)
            x, y = self.proj.point(centre, lat)
            if x0 < x < x1 and y0 + (y1 - y0) * 0.02 < y < y1 - (y1 - y0) * 0.02:
                label = ax.annotate(_degrees(lat, "N", "S", self.lang), (x, y), xytext=(2, 1.5),
                                    textcoords="offset points", ha="left", va="bottom",
                                    bbox=halo, **grey)
                self.graticule_labels.append((label, (x, y)))
                self.boxes.append(label.get_window_extent(self.fig.canvas.get_renderer()))  # names keep off
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)

    def labels(self, ax: Any, first: str, last: str, always: tuple[str, ...] = (),
               areas: tuple[tuple[Any, str], ...] = ()) -> None:
        """Labels placed where they collide with no label before them: the key places that
        stood at some time from ``first`` to ``last`` (:func:`_existed`) or are in
        ``always``; then ``areas`` ((projected territory, text): boxed, at the first of
        some points inside the territory where it collides with nothing, else at the
        first); then the key rivers."""
        import numpy as np

        renderer = self.fig.canvas.get_renderer()
        taken = self.boxes
        places = {f["id"]: f for f in self.layers.data["places"]}
        x0, x1 = ax.get_xlim()
        y0, y1 = ax.get_ylim()

        lines = [(ax.transData.transform(points), weight) for points, weight in self.marks
                 if weight >= 1.0 and len(points)]

        def crossed(box: Any) -> float:
            """How much of the border lines drawn a label at ``box`` would cover."""
            return sum(weight * float(np.count_nonzero((xy[:, 0] >= box.x0) & (xy[:, 0] <= box.x1)
                                                       & (xy[:, 1] >= box.y0) & (xy[:, 1] <= box.y1)))
                       for xy, weight in lines)

        from matplotlib.transforms import Bbox

        scale = self.fig.dpi / 72.0  # display pixels per point

        def place_label(anchors: list[tuple[float, float]], label: str, size: float, style_: str,
                        offsets: tuple, must_be_free: bool = False) -> None:
            """At the first anchor and offset where it covers no other label and no border
            line; else (unless ``must_be_free``) where it covers no other label and the least
            of the lines; else not at all. Candidate boxes are worked out from the text's
            size, not drawn."""
            anchors = [(x, y) for x, y in anchors if x0 < x < x1 and y0 < y < y1]
            if not anchors:
                return
            probe = ax.text(0, 0, label, fontsize=size, style=style_)
            extent = probe.get_window_extent(renderer)
            probe.remove()
            w, h = extent.width, extent.height
            best: tuple[float, int, int] | None = None
            for a, (x, y) in enumerate(anchors):
                px, py = ax.transData.transform((x, y))
                for number, (dx, dy, ha, va) in enumerate(offsets):
                    left = px + dx * scale - {"left": 0.0, "right": w, "center": w / 2}[ha]
                    bottom = py + dy * scale - {"bottom": 0.0, "top": h, "center": h / 2}[va]
                    box = Bbox([[left, bottom], [left + w, bottom + h]]).expanded(1.05, 1.1)
                    if any(box.overlaps(b) for b in taken):
                        continue
                    cost = crossed(box)
                    if best is None or cost < best[0]:
                        best = (cost, a, number)
                    if cost == 0:
                        break
                if best is not None and best[0] == 0:
                    break
            if best is not None and not (must_be_free and best[0] > 0):
                x, y = anchors[best[1]]
                dx, dy, ha, va = offsets[best[2]]
                leader = {"arrowstyle": "-", "color": "#555555", "linewidth": 0.5, "shrinkA": 0,
                          "shrinkB": 2} if abs(dx) + abs(dy) > 30 else None
                t = ax.annotate(label, (x, y), xytext=(dx, dy), textcoords="offset points",
                                ha=ha, va=va, fontsize=size, style=style_, zorder=10,
                                color="#1f3f66" if style_ == "italic" else "#111111", arrowprops=leader)
                taken.append(t.get_window_extent(renderer).expanded(1.05, 1.1))

        corners = ((4, 3, "left", "bottom"), (-4, 3, "right", "bottom"),
                   (4, -3, "left", "top"), (-4, -3, "right", "top"),
                   (9, 6, "left", "bottom"), (-9, 6, "right", "bottom"),
                   (9, -6, "left", "top"), (-9, -6, "right", "top"),
                   (6, 0, "left", "center"), (-6, 0, "right", "center"),
                   (0, 7, "center", "bottom"), (0, -7, "center", "top"),
                   (14, 10, "left", "bottom"), (-14, 10, "right", "bottom"),
                   (14, -10, "left", "top"), (-14, -10, "right", "top"),
                   # further out, joined to the place by a leader line
                   (24, 18, "left", "bottom"), (-24, 18, "right", "bottom"),
                   (24, -18, "left", "top"), (-24, -18, "right", "top"),
                   (30, 0, "left", "center"), (-30, 0, "right", "center"),
                   (36, 30, "left", "bottom"), (-36, 30, "right", "bottom"),
                   (36, -30, "left", "top"), (-36, -30, "right", "top"))
        shown = []
        for pid in dict.fromkeys((*always, *KEY_PLACES)):  # those asked for first
            if pid not in places:
                continue
            props = places[pid]["properties"]
            if pid not in always and not _existed(props, first, last):
                continue
            lon, lat = places[pid]["geometry"]["coordinates"]
            x, y = self.proj.point(lon, lat)
            if x0 < x < x1 and y0 < y < y1:
                ax.plot([x], [y], "o", markersize=2.5, color=style.PLACE_COLOR, zorder=10,
                        label=f"place:{pid}")
                self.places_drawn = True
                shown.append((x, y, name(props, self.lang)))
                # every marker first, so that no label covers another place's marker
                px, py = ax.transData.transform((x, y))
                half = 2.5 * scale
                taken.append(Bbox([[px - half, py - half], [px + half, py + half]]))
        for x, y, label in shown:
            place_label([(x, y)], label, 7, "normal", corners)
        for shape, label in areas:
            self._area_label(ax, shape, label)
        beside = ((0, 5, "center", "bottom"), (0, -5, "center", "top"), (7, 0, "left", "center"),
                  (-7, 0, "right", "center"), (0, 10, "center", "bottom"), (0, -10, "center", "top"),
                  (12, 0, "left", "center"), (-12, 0, "right", "center"))
        # along the river, from its middle outwards
        along = sorted((k / 20 for k in range(2, 19)), key=lambda at: (abs(at - 0.45), at))
        for f in self.layers.data["rivers"]:
            if f["id"] in KEY_RIVERS:
                line = self.shape(f, "rivers")
                points = [line.interpolate(at, normalized=True) for at in along]
                # a river the border follows has no room beside it where the lines crowd:
                # there it goes unnamed rather than over a border
                place_label([(p.x, p.y) for p in points], name(f["properties"], self.lang), 7, "italic",
                            beside, must_be_free=True)

    def _area_label(self, ax: Any, shape: Any, label: str) -> None:
        """A boxed label of a projected territory, placed where it covers nothing drawn: no
        border line, no other territory, no other label and no labelled place, and wholly
        inside the frame — inside the territory if it fits there (:func:`_label_points`),
        else at the nearest free place of the frame with a leader line. Only where no place
        is free does it go where it covers the least."""
        import numpy as np
        import shapely

        renderer = self.fig.canvas.get_renderer()
        inverse = ax.transData.inverted()
        x0, x1 = ax.get_xlim()
        y0, y1 = ax.get_ylim()
        frame = shapely.box(x0, y0, x1, y1)
        others = shapely.union_all([g for g in self.filled if g is not shape])
        anchor = shape.representative_point()
        lines = [(points, weight) for points, weight in self.marks if weight >= 1.0]
        candidates = [(p, leader) for p, leader in _label_points(shape) if not leader]
        grid = [(float(x), float(y)) for x in np.linspace(x0, x1, 18)[1:-1]
                for y in np.linspace(y0, y1, 12)[1:-1]]
        grid.sort(key=lambda p: ((p[0] - anchor.x) ** 2 + (p[1] - anchor.y) ** 2, p))
        candidates += [(p, True) for p in grid if not shape.intersects(shapely.Point(p))]
        best: tuple[float, int, Any, bool] | None = None
        for number, (point, leader) in enumerate(candidates):
            t = self._boxed(ax, label, point, (anchor.x, anchor.y) if leader else None)
            box = _patch_extent(t, renderer)
            t.remove()
            corners = inverse.transform([(box.x0, box.y0), (box.x1, box.y1)])
            area = shapely.box(*corners[0], *corners[1])
            covered = sum(weight * float(np.count_nonzero(
                (xy[:, 0] >= box.x0) & (xy[:, 0] <= box.x1) & (xy[:, 1] >= box.y0) & (xy[:, 1] <= box.y1)))
                for xy, weight in ((ax.transData.transform(points), weight) for points, weight in lines
                                   if len(points)))
            free = (frame.contains(area) and covered == 0 and not area.intersects(others)
                    and not any(box.overlaps(b) for b in self.boxes))
            if free:
                best = (0.0, number, point, leader)
                break
            cost = (self._covered(ax, box, label_weight=1000.0)
                    + 300.0 * area.intersection(others).area / area.area
                    + 1000.0 * area.difference(frame).area / area.area)
            if best is None or cost < best[0]:
                best = (cost, number, point, leader)
        assert best is not None
        t = self._boxed(ax, label, best[2], (anchor.x, anchor.y) if best[3] else None)
        self.boxes.append(_patch_extent(t, renderer))
        self.area_labels.append(t)

    @staticmethod
    def _boxed(ax: Any, label: str, point: tuple[float, float],
               anchor: tuple[float, float] | None) -> Any:
        box = {"facecolor": "white", "alpha": 0.85, "edgecolor": style.CHANGED_COLOR}
        if anchor is None:
            return ax.text(point[0], point[1], label, ha="center", va="center", fontsize=7.5,
                           zorder=12, bbox=box)
        return ax.annotate(label, anchor, xytext=point, textcoords="data", ha="center",
                           va="center", fontsize=7.5, zorder=12, bbox=box,
                           arrowprops={"arrowstyle": "-", "color": style.CHANGED_COLOR,
                                       "linewidth": 0.8, "shrinkA": 0, "shrinkB": 0})

    def _handles(self) -> tuple[list[Any], list[str]]:
        """The legend's entries, from what was drawn, each with the drawn symbol: the treaties'
        lines (own, then inherited), the entries of this kind of map, the statuses of the
        territories, the precisions of the lines drawn, the rivers and the places."""
        from matplotlib.lines import Line2D
        from matplotlib.patches import Patch

        handles: list[Any] = []
        labels: list[str] = []
        order = {rid: number for number, rid in enumerate(self.layers.regimes)}
        for rid, own in sorted(self.treaties, key=lambda item: (order.get(item[0], 99), not item[1])):
            # drawn as the most of the treaty's lines on this map are (their precision)
            lengths = self.treaty_lines[(rid, own)]
            s = style.border_style(rid, max(sorted(lengths), key=lambda k: lengths[k]), own)
            weight = s["weight"] * PRINT_WEIGHT
            handles.append(Line2D([], [], color=_printed(s, own), linewidth=weight,
                                  linestyle=_sample_dashes(s["dashArray"], weight), dash_capstyle="round"))
            label = _regime_label(self.layers, rid, self.lang)
            labels.append(label if own else f"{label} — {self.t('export.still_in_force')}")
        for handle, label in self.extra:
            handles.append(handle)
            labels.append(label)
        for status in self.statuses:
            color = style.STATUS_COLORS.get(status, "#999999")
            handles.append(Patch(facecolor=color, edgecolor=color, alpha=FILL_OWN, linewidth=0.3))
            labels.append(self.t(f"status.{status}"))
        for precision in style.PRECISION_DASH:
            if precision in self.precisions:
                s = style.border_style("modern", precision)
                weight = s["weight"] * PRINT_WEIGHT
                handles.append(Line2D([], [], color="#444444", linewidth=weight, dash_capstyle="round",
                                      linestyle=_sample_dashes(s["dashArray"], weight)))
                labels.append(self.t(f"precision.{precision}"))
        handles.append(Line2D([], [], color=style.RIVER_COLOR,
                              linewidth=style.river_style("amur")["weight"] * 0.45))
        labels.append(self.t("major_rivers"))
        if self.places_drawn:
            handles.append(Line2D([], [], marker="o", linestyle="none", color=style.PLACE_COLOR,
                                  markersize=2.5))
            labels.append(self.t("places"))
        import textwrap

        return handles, [textwrap.fill(label, 46) for label in labels]

    def finish(self, title: str, locator: bool = False) -> None:
        """Set the figure around its frame(s): the title above; under the frame the scale
        bar, the legend (in as many columns as the width takes) and, with ``locator``, a
        locator map beside it; the credits at the foot. Nothing of it lies on the map."""
        from matplotlib.legend_handler import HandlerTuple

        handles, labels = self._handles()
        # a tuple of lines is one entry, its lines overlaid: a highlighted line
        options = {"handler_map": {tuple: HandlerTuple(ndivide=1, pad=0)}, "handlelength": 3.2,
                   "frameon": False, "title": self.t("legend"), "alignment": "left"}
        renderer = self.fig.canvas.get_renderer()
        credits = (self.t("export.credits").format(version=_version()) + "\n"
                   + self.t("export.projection").format(**{
                       k: _projection_parameters(self.crs)[v] for k, v in
                       (("lon", "lon_0"), ("lat1", "lat_1"), ("lat2", "lat_2"))}))
        if len(self.axes) > 1:  # small multiples: the legend under the panels, sized to fit
            legend = self.fig.legend(handles, labels, loc="upper center", ncol=4, fontsize=7,
                                     title_fontsize=8, **options)
            legend_h = legend.get_window_extent(renderer).height / self.fig.dpi
            width, height = self.fig.get_size_inches()
            height += legend_h
            self.fig.set_size_inches(width, height)
            height += 0.35  # room for the scale bar
            self.fig.set_size_inches(width, height)
            bottom = CREDITS_IN + legend_h + 0.65  # the meridians' labels and the scale bar
            self.fig.subplots_adjust(bottom=bottom / height, top=1 - 0.75 / height)
            legend.set_bbox_to_anchor((0.5, (CREDITS_IN + legend_h) / height), transform=self.fig.transFigure)
            first = self.axes[0]
            first.apply_aspect()
            panel_w = first.get_position().width * width
            self._draw_scale_bar(first, panel_w, first.get_position().x0,
                                 (CREDITS_IN + legend_h + 0.12) / height, height)
            self.fig.text(0.5, 0.06 / height, credits, ha="center", va="bottom", fontsize=5.5,
                          color="#444444", linespacing=1.4)
            self.fig.suptitle(title, fontsize=12, y=1 - 0.12 / height, va="top")
            return
        ax = self.axes[0]
        width = self.fig.get_figwidth()
        room = width - 2 * SIDE_IN - (LOCATOR_IN + 0.2 if locator else 0.0)
        legend = None
        for ncol in (4, 3, 2, 1):
            if legend is not None:
                legend.remove()
            legend = self.fig.legend(handles, labels, loc="upper left", ncol=ncol, fontsize=6.5,
                                     title_fontsize=7.5, **options)
            if legend.get_window_extent(renderer).width / self.fig.dpi <= room:
                break
        assert legend is not None
        locator_h = 0.0
        if locator:  # as high as the locator map's frame is for its width, and its title
            x0, y0, x1, y1 = self._frame(_Projector(projection(LOCATOR_EXTENT)), LOCATOR_EXTENT)
            locator_h = LOCATOR_IN * (y1 - y0) / (x1 - x0) + 0.2
        legend_h = max(legend.get_window_extent(renderer).height / self.fig.dpi, locator_h)
        height = self._place(legend_h)
        top = (CREDITS_IN + legend_h) / height
        legend.set_bbox_to_anchor((SIDE_IN / width, top), transform=self.fig.transFigure)
        ax.set_title(title, fontsize=11, pad=8)
        self._scale_bar(ax, height)
        if locator:
            top_of_row = CREDITS_IN + legend_h
            self._locator(((width - SIDE_IN - LOCATOR_IN) / width, (top_of_row - locator_h) / height,
                           LOCATOR_IN / width, (locator_h - 0.2) / height))
        note = self.fig.text(SIDE_IN / width, 0.06 / height, credits, ha="left", va="bottom", fontsize=5.5,
                             color="#444444", linespacing=1.4)
        room = (width - 2 * SIDE_IN) * self.fig.dpi
        wide = note.get_window_extent(renderer).width
        if wide > room:  # a narrow figure: the credits smaller, never cut off at the edge
            note.set_fontsize(5.5 * room / wide)

    def _scale_bar(self, ax: Any, height: float) -> None:
        """A scale bar under the frame's lower left corner, at the map's own scale (true along
        the standard parallels)."""
        bottom = (height - TITLE_IN - self.frame_in[1] - BELOW_IN + 0.12) / height
        self._draw_scale_bar(ax, self.frame_in[0], ax.get_position().x0, bottom, height)

    def _draw_scale_bar(self, ax: Any, map_w: float, left: float, bottom: float, height: float) -> None:
        """A scale bar at the scale of ``ax`` (a frame ``map_w`` inches wide), its lower left
        corner at (``left``, ``bottom``) in figure fractions, in axes of its own."""
        x0, x1 = ax.get_xlim()
        metres_per_inch = (x1 - x0) / map_w
        km = next((k for k in (2000, 1000, 500, 250, 100, 50, 20, 10, 5, 2)
                   if k * 1000 <= metres_per_inch * map_w / 4), 1)
        bar_in = km * 1000 / metres_per_inch
        bar = self.fig.add_axes((left, bottom, bar_in / self.fig.get_figwidth(), 0.05 / height))
        bar.set_xlim(0, 4)
        bar.set_ylim(0, 1)
        bar.set_axis_off()
        for i in range(4):
            bar.fill_between([i, i + 1], 0, 1, color="#222222" if i % 2 == 0 else "#ffffff",
                             edgecolor="#222222", linewidth=0.5)
        for i, label in ((0, _number(0, self.lang)), (4, f"{_number(km, self.lang)} km")):
            bar.text(i, 1.6, label, fontsize=6.5, ha="center", va="bottom")

    def _locator(self, rect: tuple[float, float, float, float]) -> None:
        """A small map of north-east Asia (:data:`LOCATOR_EXTENT`) with this map's frame
        outlined, at ``rect`` (figure fractions)."""
        import numpy as np
        import shapely

        loc = self.fig.add_axes(rect)
        proj = _Projector(projection(LOCATOR_EXTENT))
        x0, y0, x1, y1 = self._frame(proj, LOCATOR_EXTENT)
        loc.set_xlim(x0, x1)
        loc.set_ylim(y0, y1)
        loc.set_aspect("equal", adjustable="box", anchor="NE")
        loc.set_xticks([])
        loc.set_yticks([])
        loc.set_facecolor(style.WATER_COLOR)
        for kind, geom in self._world(proj, LOCATOR_EXTENT):
            if kind == "land":
                self._fill(loc, geom, style.LAND_COLOR, "#9e9a8f", 0.2, 1.0, z=0)
        west, south, east, north = self.lonlat
        ring = ([(x, south) for x in np.linspace(west, east, 30)]
                + [(east, y) for y in np.linspace(south, north, 30)]
                + [(x, north) for x in np.linspace(east, west, 30)]
                + [(west, y) for y in np.linspace(north, south, 30)])
        outline = shapely.LineString([proj.point(x, y) for x, y in ring])
        loc.plot(*outline.xy, color=style.CHANGED_COLOR, linewidth=1.2, zorder=5)
        loc.set_title(self.t("export.where"), fontsize=6.5, pad=2)

    def _covered(self, ax: Any, box: Any, label_weight: float = 40.0) -> float:
        """How much of what is drawn a legend or a label at ``box`` (display pixels) would
        cover: the weighted points of :attr:`marks` in it, ``label_weight`` for each label
        or scale bar box it overlaps, and 1000 more for each of the scale bar."""
        import numpy as np

        cost = label_weight * sum(box.overlaps(b) for b in self.boxes)
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


def _degrees(value: int, positive: str, negative: str, lang: str) -> str:
    """A graticule line's label as ``lang`` writes it, such as ``120°E`` or ``50° K``."""
    return text(f"export.deg_{positive if value >= 0 else negative}", lang).format(v=abs(value))


def _print_dashes(dash: str | None, weight: float) -> Any:
    """A matplotlib linestyle for a Leaflet ``dashArray`` on a line ``weight`` points wide:
    dashes and gaps as many points long as they are pixels on screen, whatever the width
    (matplotlib scales a pattern by the line's width)."""
    if not dash:
        return "solid"
    return (0, tuple(float(v) / weight for v in dash.split()))


def _sample_dashes(dash: str | None, weight: float) -> Any:
    """A legend sample's dashes: the map's (:func:`_print_dashes`), begun half way into the
    first dash, so that even a short sample shows a gap between two dashes."""
    pattern = _print_dashes(dash, weight)
    if pattern == "solid":
        return pattern
    return (pattern[1][0] / 2, pattern[1])


def _version() -> str:
    from bordermap import __version__

    return __version__


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
    """A Gregorian day in both calendars, as ``lang`` writes them: ``<julian> O.S. /
    <gregorian> N.S.``."""
    from bordermap.calendars import to_julian
    from bordermap.i18n import both_calendars

    return both_calendars(to_julian(day), day, lang)


def _title(layers: _Layers, rid: str, lang: str) -> str:
    from bordermap.i18n import both_calendars

    r = layers.regimes[rid]
    signed = r["signed"]
    return f"{localised(r['name'], lang)} — {both_calendars(signed['julian'], signed['gregorian'], lang)}"


def _period_line(layers: _Layers, rid: str, lang: str) -> str:
    """``Period shown: <first> – <last> N.S. (<first> – <last> O.S.)``: the days the
    regime's layer covers, both included, as ``lang`` writes them."""
    from bordermap.calendars import to_julian
    from bordermap.i18n import day

    first, last = layers.span(rid)
    return (f"{text('export.period', lang)}: {day(first, lang)} – {day(last, lang)} {text('ns', lang)} "
            f"({day(to_julian(first), lang)} – {day(to_julian(last), lang)} {text('os', lang)})")


def regime_extent(layers: _Layers, rid: str) -> tuple[float, float, float, float]:
    """The frame of regime ``rid``'s map: its whole border and its territories."""
    import shapely

    return _extent_of([shapely.geometry.shape(f["geometry"]) for f in layers.data[rid]], 0.08)


def borders_extent(layers: _Layers) -> tuple[float, float, float, float]:
    """The frame of the overview and the small multiples: every border segment of the data."""
    import shapely

    return _extent_of([shapely.geometry.shape(f["geometry"]) for f in layers.data["timeline"]
                       if f["properties"]["kind"] == "border"], 0.06)


def change_extent(layers: _Layers, before: str, after: str) -> tuple[float, float, float, float]:
    """The frame of the change from ``before`` to ``after``: the segments that began or
    ended that day and the land that changed hands (what the change map highlights)."""
    import shapely

    from bordermap.calendars import shift
    from bordermap.layers.time import holds

    day = layers.span(after)[0]
    eve = shift(day, -1)
    old = {f["id"]: f for f in layers.data[before] if holds(f["properties"], eve)}
    new = {f["id"]: f for f in layers.data[after] if holds(f["properties"], day)}
    shapes = [shapely.geometry.shape(f["geometry"]) for fid, f in old.items()
              if fid not in new and f["properties"]["kind"] == "border"]
    shapes += [shapely.geometry.shape(f["geometry"]) for fid, f in new.items() if fid not in old
               and (f["properties"]["kind"] == "border" or _changed_hands(f["properties"]))]
    if not shapes:
        return regime_extent(layers, after)
    return _extent_of(shapes, 0.18, least=(10.0, 6.0))


def _decorate(fig: _Figure, ax: Any, first: str, last: str, always: tuple[str, ...] = (),
              areas: tuple[tuple[Any, str], ...] = ()) -> None:
    fig.graticule(ax)
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
    fig = _Figure(layers, lang, width, dpi, regime_extent(layers, rid))
    ax = fig.axes[0]
    fig.extent(ax)
    fig.basemap(ax)
    fig.regime(ax, rid)
    _decorate(fig, ax, *layers.span(rid))
    fig.finish(f"{_title(layers, rid, lang)}\n{_period_line(layers, rid, lang)}")
    return fig


def overview_figure(layers: _Layers, lang: str, width: int, dpi: int) -> _Figure:
    """The border in force on the last day the data cover (:func:`border_on_figure`),
    framed on every border of the data."""
    from bordermap.layers.time import coverage

    return border_on_figure(layers, coverage(layers.index)[1], lang, width, dpi, borders_extent(layers))


def border_on_figure(layers: _Layers, day: str, lang: str, width: int, dpi: int,
                     extent: tuple[float, float, float, float] | None = None,
                     title: str | None = None, routes: tuple[dict[str, Any], ...] = (),
                     proposals: tuple[dict[str, Any], ...] = (), places: tuple[str, ...] = ()) -> _Figure:
    """The border in force on ``day`` (Gregorian ``YYYY-MM-DD``), from the timeline: its
    segments in the colours of the treaties that drew them, the lines that had ended by
    then faint, the territories in force, cessions labelled with their areas, and the
    places that stood that day. Framed on ``extent`` (lon/lat degrees; None: the border in
    force that day); titled ``title`` (None: "Border on <day>"). ``routes`` and
    ``proposals`` (features of those layers) are drawn too, as the interactive maps draw
    them: a route as a thin dark line, a proposal as a broad translucent band; ``places``
    (ids) are named whatever their rank."""
    import shapely
    from matplotlib.lines import Line2D

    from bordermap.layers.time import holds

    timeline = layers.data["timeline"]
    if extent is None:
        extent = _extent_of([shapely.geometry.shape(f["geometry"]) for f in timeline
                             if f["properties"]["kind"] == "border" and holds(f["properties"], day)], 0.08)
    fig = _Figure(layers, lang, width, dpi, extent)
    ax = fig.axes[0]
    fig.extent(ax)
    fig.basemap(ax)
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
    _journeys(fig, ax, routes, proposals)
    _decorate(fig, ax, day, day, always=places, areas=tuple(areas))
    fig.finish(title or text("export.border_on", lang).format(date=_both_calendars(day, lang)))
    return fig


def _journeys(fig: _Figure, ax: Any, routes: tuple[dict[str, Any], ...],
              proposals: tuple[dict[str, Any], ...]) -> None:
    """Draw ``routes`` and ``proposals`` on ``ax`` and list each kind drawn in the legend."""
    from matplotlib.lines import Line2D

    legend: dict[str, Any] = {}
    for f in proposals:  # under the borders, like the maps' bands
        p = f["properties"]
        s = style.claim_style(p["by"], p["precision"])
        weight = s["weight"] * PRINT_WEIGHT
        fig._lines(ax, fig.shape(f, "proposals"), s["color"], weight, _print_dashes(s["dashArray"], weight),
                   z=4.2, alpha=s["opacity"], label=f["id"])
        fig._mark(fig.shape(f, "proposals"), 2.0)
        label = f"{text('claims', fig.lang)} ({text('claim.' + p['by'], fig.lang)})"
        legend[label] = Line2D([], [], color=s["color"], linewidth=weight, alpha=s["opacity"])
    for f in routes:
        p = f["properties"]
        s = style.route_style(p["precision"])
        weight = s["weight"] * PRINT_WEIGHT * 1.4
        fig._lines(ax, fig.shape(f, "routes"), s["color"], weight, _print_dashes(s["dashArray"], weight),
                   z=5.5, label=f["id"])
        fig._mark(fig.shape(f, "routes"), 2.0)
        legend[text("routes", fig.lang)] = Line2D([], [], color=s["color"], linewidth=weight)
    fig.extra += [(handle, label) for label, handle in legend.items()]


def small_multiples_figure(layers: _Layers, lang: str, width: int, dpi: int) -> _Figure:
    """Each regime period's complete layer side by side, same extent and scale."""
    import textwrap

    periods = layers.periods
    fig = _Figure(layers, lang, width, dpi, borders_extent(layers), panels=len(periods))
    for ax, rid in zip(fig.axes, periods, strict=False):
        fig.extent(ax)
        fig.basemap(ax)
        fig.regime(ax, rid)
        fig.graticule(ax, size=5.5)
        heading = f"{_title(layers, rid, lang)}\n{_period_line(layers, rid, lang)}"
        chars = int(fig.fig.get_figwidth() * 0.42 * 72 / (6.5 * 0.62))  # a panel's width, in letters
        ax.set_title("\n".join(textwrap.fill(line, chars) for line in heading.splitlines()), fontsize=6.5)
    for ax in fig.axes[len(periods):]:
        ax.set_axis_off()
    fig.finish(text("title", lang))
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
    fig = _Figure(layers, lang, width, dpi, change_extent(layers, before, after))
    ax = fig.axes[0]
    fig.extent(ax)
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
    subtitle = _changed_line(changed, lang) if changed else text("no_change", lang)
    fig.finish(f"{_regime_label(layers, before, lang)} → {_regime_label(layers, after, lang)}: "
               f"{_both_calendars(day, lang)}\n{subtitle}", locator=True)
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
                  lang: str = "en", width: int = 2400, dpi: int = 200, at: str | None = None,
                  calendar: str = "gregorian") -> list[Path]:
    """Write every static map into ``out`` in each of ``formats``; returns the paths. With
    ``at`` (a date ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` in ``calendar``; a year or a
    month means its last day), only the map of the border in force that day,
    ``at-<YYYY-MM-DD>.<format>`` (Gregorian), framed on that border.

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
    if at is not None:
        from bordermap.layers.time import check_in_coverage, query_day

        day = query_day(at, calendar)
        check_in_coverage(layers.index, day)
        files = border_on_figure(layers, day, lang, width, dpi).render(f"at-{day}", formats)
        write_set(out, files)
        return [out / name for name in files]
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
