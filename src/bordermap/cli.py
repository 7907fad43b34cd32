"""The ``bordermap`` command line. Heavy libraries are imported inside the commands."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import NoReturn

from bordermap import __version__
from bordermap.errors import BordermapError, SourceError, printable

#: The readers' --layers help.
LAYERS_HELP = ("folder of the compiled layers (default: layers, when it holds an index.json; else the "
               "layers installed with bordermap)")

def _cmd_validate(args: argparse.Namespace) -> int:
    from bordermap.compile.build import compile_outputs

    # compiling in memory also checks what only geometry can show: gaps, rings, overlaps
    result = compile_outputs(args.geo, Path("layers"))
    counts = ", ".join(f"{n} {name}" for name, n in result.counts.items())
    print(f"{args.geo}: no problems ({counts})")
    return 0


def _cmd_build(args: argparse.Namespace) -> int:
    from bordermap.compile.build import build

    result = build(args.geo, args.layers, check=args.check)
    counts = ", ".join(f"{n} {name}" for name, n in result.counts.items())
    if args.check:
        if result.changed:
            for name in result.changed:
                print(f"bordermap: {args.layers / name} differs from a fresh build of {args.geo}",
                      file=sys.stderr)
            print("bordermap: layers are out of date: run 'bordermap build'", file=sys.stderr)
            return 1
        print(f"{args.layers}: up to date ({counts})")
        return 0
    print(f"{args.layers}: {len(result.changed)} of {len(result.outputs)} files updated ({counts})")
    return 0


def _cmd_maps(args: argparse.Namespace) -> int:
    from bordermap.maps.compose import build_maps

    written = build_maps(args.layers, args.out, lang=args.lang, offline=args.offline,
                         add=tuple(args.add), images=args.images, notebooks=args.notebooks)
    mode = "offline, self-contained" if args.offline else "online"
    maps = [p for p in written if p.name != "start.html"]
    print(f"{args.out}: {len(maps)} maps and a start page written ({mode}, {args.lang}); "
          f"open {args.out / 'start.html'}")
    return 0


#: Default widths in pixels: static images, and screenshots of the interactive maps.
IMAGE_WIDTH, SCREENSHOT_WIDTH = 2400, 1600


def _cmd_export(args: argparse.Namespace) -> int:
    from bordermap.images.export import export_images, screenshot_maps

    if args.from_html:
        width = SCREENSHOT_WIDTH if args.width is None else args.width
        written = screenshot_maps(args.html_dir, args.out / "screenshots", width, args.height)
        print(f"{args.out / 'screenshots'}: {len(written)} screenshots of {args.html_dir} "
              f"({width}x{args.height} px)")
        return 0
    width = IMAGE_WIDTH if args.width is None else args.width
    written = export_images(args.layers, args.out, tuple(dict.fromkeys(args.format)), args.lang,
                            width, args.dpi, at=args.at, calendar=args.calendar)
    count = f"{len(written)} image{'' if len(written) == 1 else 's'}"
    print(f"{args.out}: {count} written ({', '.join(dict.fromkeys(args.format))}, "
          f"{width} px wide, {args.lang})")
    return 0


def _cmd_story(args: argparse.Namespace) -> int:
    from bordermap.layers.fileset import write_set

    if args.format == "pdf":
        from bordermap.images.handout import story_handout

        write_set(args.out, {"story.pdf": story_handout(args.layers, args.lang)})
        print(f"{args.out / 'story.pdf'}: the guided tour written as a printable handout (A4, {args.lang})")
        return 0
    from bordermap.maps.compose import MapData, stable_ids
    from bordermap.maps.story import story_map

    with stable_ids():
        page = story_map(MapData.load(args.layers, args.lang))
    write_set(args.out, {"story.html": page.encode("utf-8")})
    print(f"{args.out / 'story.html'}: the guided tour written (offline, self-contained, {args.lang})")
    return 0


def _cmd_stats(args: argparse.Namespace) -> int:
    from bordermap.analysis import all_tables, read_layers
    from bordermap.analysis.stats import render

    layers = read_layers(args.layers)
    sys.stdout.write(render(all_tables(layers), args.format))
    return 0


def _cmd_at(args: argparse.Namespace) -> int:
    from bordermap.analysis import in_force
    from bordermap.analysis.stats import at_geojson, at_table

    found = in_force(args.date, args.layers, args.calendar)
    text = at_geojson(found) if args.format == "geojson" else at_table(found)
    out = getattr(sys.stdout, "buffer", None)
    if out is None:  # a stream without bytes (a test's capture): text as it is
        sys.stdout.write(text)
    else:  # UTF-8 whatever the terminal's encoding, as GeoJSON must be
        sys.stdout.flush()
        out.write(text.encode("utf-8"))
        out.flush()
    return 0


class _Parser(argparse.ArgumentParser):
    """argparse, with a bad option or value reported in one line, as every other error."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"bordermap: error: {self.prog}: {message} (see '{self.prog} --help')\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="bordermap",
        description="Compile the Russia-Qing border treaties (1689-1860) and the rivers that "
                    "became the border into GeoJSON layers.",
    )
    parser.add_argument("--version", action="version", version=f"bordermap {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def geo_option(p: argparse.ArgumentParser) -> None:
        p.add_argument("--geo", type=Path, default=Path("geo"),
                       help="folder of the source files (default: geo)")

    p = sub.add_parser("validate", help="check the sources in geo/ and report every problem; "
                                        "writes nothing")
    geo_option(p)
    p.set_defaults(run=_cmd_validate)

    p = sub.add_parser("build", help="validate geo/ and compile it into layers/")
    geo_option(p)
    p.add_argument("--layers", type=Path, default=Path("layers"),
                   help="folder the GeoJSON layers are written to (default: layers)")
    p.add_argument("--check", action="store_true",
                   help="write nothing; exit 1 if the layers differ from a fresh build")
    p.set_defaults(run=_cmd_build)

    p = sub.add_parser("maps", help="write interactive maps (HTML) from layers/")
    p.add_argument("--layers", type=Path, default=None,
                   help=LAYERS_HELP)
    p.add_argument("--out", type=Path, default=Path("out/maps"),
                   help="folder the maps are written to (default: out/maps)")
    p.add_argument("--lang", choices=("en", "tr", "ru", "zh"), default="en",
                   help="language of every label, legend and popup (default: en)")
    p.add_argument("--offline", action="store_true",
                   help="single self-contained files: Leaflet inlined, a vector basemap from the "
                        "project's own data instead of tiles, no network request")
    p.add_argument("--add", type=Path, action="append", default=[], metavar="FILE",
                   help="put your own GeoJSON (WGS84) on the combined and regime maps; "
                        "checked first; may be given several times")
    p.add_argument("--images", type=Path, default=None, metavar="DIR",
                   help="also list on the start page the static images (PNG, SVG, PDF) in DIR, "
                        "as 'bordermap export' writes them, if DIR exists")
    p.add_argument("--notebooks", type=Path, default=None, metavar="DIR",
                   help="also list on the start page the notebooks in DIR (.html, .ipynb), if "
                        "DIR exists")
    p.set_defaults(run=_cmd_maps)

    p = sub.add_parser("story", help="write the guided tour of the seed history (story.html, offline, "
                                      "or story.pdf, a printable handout) from layers/")
    p.add_argument("--layers", type=Path, default=None,
                   help=LAYERS_HELP)
    p.add_argument("--out", type=Path, default=Path("out/maps"),
                   help="folder story.html is written to (default: out/maps); 'bordermap maps' run "
                        "after it into the same folder lists it on the start page")
    p.add_argument("--lang", choices=("en", "tr", "ru", "zh"), default="en",
                   help="language of the tour's titles and interface; its texts are in English, or in "
                        "Turkish for tr (default: en)")
    p.add_argument("--format", choices=("html", "pdf"), default="html",
                   help="html: story.html, the interactive tour (default); pdf: story.pdf, a printable "
                        "A4 handout, one step a page with its static map and text")
    p.set_defaults(run=_cmd_story)

    p = sub.add_parser("export", help="write static maps (PNG, SVG, PDF) from layers/, or "
                                      "screenshots of the offline maps")
    p.add_argument("--layers", type=Path, default=None,
                   help=LAYERS_HELP)
    p.add_argument("--out", type=Path, default=Path("out/images"),
                   help="folder the images are written to (default: out/images)")
    p.add_argument("--format", nargs="+", choices=("png", "svg", "pdf"),
                   default=["png", "svg", "pdf"], help="one or several formats (default: all three)")
    p.add_argument("--lang", choices=("en", "tr", "ru", "zh"), default="en",
                   help="language of titles, labels and legends (default: en)")
    p.add_argument("--width", type=int, default=None,
                   help=f"image width in pixels (default: {IMAGE_WIDTH}; with --from-html: "
                        f"{SCREENSHOT_WIDTH})")
    p.add_argument("--at", metavar="DATE", default=None,
                   help="only the map of the border in force on DATE (YYYY, YYYY-MM or YYYY-MM-DD; a "
                        "year or a month means its last day), written as at-<YYYY-MM-DD>.<format>")
    p.add_argument("--calendar", choices=("gregorian", "julian"), default="gregorian",
                   help="the calendar of --at's DATE (default: gregorian)")
    p.add_argument("--dpi", type=int, default=200,
                   help="resolution of PNG files and the scale of text (default: 200)")
    p.add_argument("--from-html", action="store_true",
                   help="instead, screenshot the offline interactive maps in headless Chromium")
    p.add_argument("--html-dir", type=Path, default=Path("out/maps/offline"),
                   help="maps to screenshot with --from-html (default: out/maps/offline)")
    p.add_argument("--height", type=int, default=1000,
                   help="screenshot height in pixels with --from-html (default: 1000)")
    p.set_defaults(run=_cmd_export)

    p = sub.add_parser("stats", help="the border and the territories in force on each change "
                                     "day: areas, lengths, who held what, what changed hands, "
                                     "and the figures historians cite")
    p.add_argument("--layers", type=Path, default=None,
                   help=LAYERS_HELP)
    p.add_argument("--format", choices=("table", "csv", "json"), default="table",
                   help="a readable table (default), or CSV or JSON for machines")
    p.set_defaults(run=_cmd_stats)

    p = sub.add_parser("at", help="what was in force on a day: the border segments, the "
                                  "territories and the places, as GeoJSON or a table")
    p.add_argument("date", metavar="DATE",
                   help="YYYY, YYYY-MM or YYYY-MM-DD; a year or a month means its last day")
    p.add_argument("--calendar", choices=("gregorian", "julian"), default="gregorian",
                   help="the calendar DATE is written in: gregorian (New Style, default) or "
                        "julian (Old Style, Russia's)")
    p.add_argument("--format", choices=("geojson", "table"), default="geojson",
                   help="one GeoJSON FeatureCollection (default), or a readable table")
    p.add_argument("--layers", type=Path, default=None, metavar="DIR",
                   help=LAYERS_HELP)
    p.set_defaults(run=_cmd_at)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    args = _parser().parse_args(argv)
    if getattr(args, "layers", Path()) is None:  # a reader with no folder named
        from bordermap.layers.installed import default_folder

        args.layers = default_folder()
    try:
        return args.run(args)
    except SourceError as exc:
        for problem in exc.problems:
            print(f"bordermap: error: {printable(problem)}", file=sys.stderr)
        if len(exc.problems) > 1:
            print(f"bordermap: {len(exc.problems)} problems; nothing was written", file=sys.stderr)
        return 2
    except BordermapError as exc:
        print(f"bordermap: error: {printable(str(exc))}", file=sys.stderr)
        return 2
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"bordermap: error: {printable(f'{where}{exc.strerror or exc}')}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("bordermap: interrupted; nothing half-written", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug, not bad input: still one line, and the way to the details
        if os.environ.get("BORDERMAP_DEBUG"):
            raise
        what = printable(str(exc).strip().splitlines()[0]) if str(exc).strip() else ""
        print(f"bordermap: internal error: {type(exc).__name__}{': ' if what else ''}{what[:200]} "
              "(a bug: please report it; BORDERMAP_DEBUG=1 shows the traceback)", file=sys.stderr)
        return 70
