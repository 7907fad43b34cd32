"""Compile the border regimes into border and territory features (WGS84 lon/lat).

Lines are the atoms. Every border segment and every edge of a territory is a *piece*:
a stretch of a river from the rivers layer, of a named line, or of the GSHHS coast,
between two places. Each piece is computed once and reused, so a border and the
territories on either side of it share their vertices exactly, and a region used by
several regimes is the same polygon in all of them.

Where pieces meet, their ends may differ slightly: rivers end where the network ends,
a confluence sits on two rivers traced separately. A gap of at most
:data:`CHAIN_GAP_KM` is allowed between consecutive segments of a border chain and
between consecutive pieces of a ring; rings close the gap with a straight connector.
Areas are computed in the Albers equal-area projection
:data:`bordermap.layers.crs.EQUAL_AREA`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from bordermap.compile.network import approx_km
from bordermap.errors import SourceError
from bordermap.layers.crs import equal_area_km2
from bordermap.layers.geojson import DECIMALS, feature
from bordermap.sources.treaties import Line, Piece, Regime, Region, Treaties

#: Largest gap (km) allowed between consecutive segments of a chain or pieces of a ring.
CHAIN_GAP_KM = 5.0
#: Overlap (km2) above which two territories of one regime are said to overlap.
OVERLAP_KM2 = 1.0


def _km(a: np.ndarray, b: np.ndarray) -> float:
    return float(approx_km(np.asarray(a), np.asarray(b)))


def _round(coords: np.ndarray) -> np.ndarray:
    return np.round(np.asarray(coords, dtype=float), DECIMALS) + 0.0


class Linework:
    """Computes pieces once, from the rivers layer, the named lines and the coast."""

    def __init__(self, treaties: Treaties, rivers: dict[str, np.ndarray],
                 borders: dict[str, np.ndarray]) -> None:
        import shapely

        self.treaties = treaties
        self.places = treaties.sources.places
        #: the rivers' English names, by id (for citations)
        self.river_names = {rid: r.name["en"] for rid, r in treaties.sources.rivers.items()}
        self.rivers = {rid: shapely.LineString(c) for rid, c in rivers.items()}
        self.borders = {bid: shapely.LineString(c) for bid, c in borders.items()}
        self._pieces: dict[tuple[str, str, str, str], np.ndarray] = {}
        self._coast: Any = None
        self._nodes = self._canonical_nodes()

    def _all_pieces(self) -> list[Piece]:
        out = [p for region in self.treaties.regions.values() for p in region.ring]
        for regime in self.treaties.regimes.values():
            out += [s.piece for s in regime.segments]
        for route in self.treaties.routes.values():
            out += list(route.legs)
        for proposal in self.treaties.proposals.values():
            out += [line.piece for line in proposal.lines]
        return out

    def _canonical_nodes(self) -> dict[str, np.ndarray]:
        """One position per place where pieces meet.

        A place where a river is cut lies on that river (the first in rivers.toml order,
        if several); else, where a modern border is cut, on that border; else it is the
        place's own position. Where two cut lines cross near the place (a tributary
        reaching its main river), the crossing is the node, so both are cut there. Lines
        through the place then end exactly on the river or the border they meet.
        """
        import shapely

        lines = {("river", k): v for k, v in self.rivers.items()}
        lines |= {("border", k): v for k, v in self.borders.items()}
        order = {key: i for i, key in enumerate(lines)}
        on_lines: dict[str, list[tuple[str, str]]] = {}
        cut = [p for p in self._all_pieces() if (p.source, p.ref) in lines]
        for piece in sorted(cut, key=lambda p: order[(p.source, p.ref)]):
            for place in (piece.start, piece.end):
                found = on_lines.setdefault(place, [])
                if (piece.source, piece.ref) not in found:
                    found.append((piece.source, piece.ref))
        nodes = {}
        for pid, place in self.places.items():
            point = shapely.Point(place.lon, place.lat)
            keys = on_lines.get(pid, [])
            if keys:
                first = lines[keys[0]]
                point = first.interpolate(first.project(point))
                crossings = [g for key in keys[1:]
                             for g in shapely.get_parts(first.intersection(lines[key]))
                             if g.geom_type == "Point"]
                near = [c for c in crossings
                        if _km(np.array(c.coords[0]), np.array(point.coords[0])) <= CHAIN_GAP_KM]
                if near:
                    point = min(near, key=lambda c: c.distance(point))
            nodes[pid] = _round(np.array(point.coords[0]))
        return nodes

    def node(self, place: str) -> np.ndarray:
        """Canonical lon/lat of a place where lines meet."""
        return self._nodes[place]

    def piece(self, piece: Piece) -> np.ndarray:
        """Coordinates of ``piece`` from its start to its end."""
        key = piece.key
        if key not in self._pieces:
            a, b = key[2], key[3]
            compute = {"river": self._river, "border": self._border, "line": self._line,
                       "coast": self._coastline}
            self._pieces[key] = _round(compute[piece.source](piece.ref, a, b))
        coords = self._pieces[key]
        return coords if piece.start == key[2] else coords[::-1]

    def _river(self, ref: str, a: str, b: str) -> np.ndarray:
        return self._cut(self.rivers[ref], f"the river '{ref}'", a, b)

    def _border(self, ref: str, a: str, b: str) -> np.ndarray:
        return self._cut(self.borders[ref], f"the modern border '{ref}'", a, b)

    def _cut(self, line: Any, name: str, a: str, b: str) -> np.ndarray:
        import shapely
        from shapely.ops import substring

        da = line.project(shapely.Point(self.node(a)))
        db = line.project(shapely.Point(self.node(b)))
        if abs(da - db) < 1e-9:
            raise ValueError(f"'{a}' and '{b}' fall on the same point of {name}")
        part = np.array(substring(line, min(da, db), max(da, db)).coords)
        return part if da < db else part[::-1]

    def _line(self, ref: str, a: str, b: str) -> np.ndarray:
        line: Line = self.treaties.lines[ref]
        points = [self.node(p) if isinstance(p, str) else np.array(p) for p in line.through]
        ids = [p if isinstance(p, str) else None for p in line.through]
        for end in (a, b):
            if end not in ids:
                raise ValueError(f"'{end}' is not one of the places the line '{ref}' runs through")
        i, j = ids.index(a), ids.index(b)
        part = np.array(points[min(i, j): max(i, j) + 1])
        return part if i < j else part[::-1]

    def island(self, point: tuple[float, float]) -> Any:
        """The GSHHS land polygon (not the mainland) that encloses ``point``, or None."""
        import shapely

        from bordermap.compile.rivers import STUDY_BBOX
        from bordermap.compile.wdb import read_polylines

        shores = [p for p in read_polylines("gshhs", "i", STUDY_BBOX) if p.level == 1]
        mainland = max(shores, key=lambda p: p.area_km2)
        for shore in shores:
            if shore is not mainland:
                polygon = shapely.Polygon(_round(np.array(shore.coords)))
                if polygon.contains(shapely.Point(point)):
                    return polygon if polygon.is_valid else shapely.make_valid(polygon)
        return None

    def _coastline(self, ref: str, a: str, b: str) -> np.ndarray:
        import shapely
        from shapely.ops import substring

        if self._coast is None:
            from bordermap.compile.rivers import STUDY_BBOX
            from bordermap.compile.wdb import read_polylines

            shores = [p for p in read_polylines("gshhs", "i", STUDY_BBOX) if p.level == 1]
            self._coast = shapely.LineString(max(shores, key=lambda p: p.area_km2).coords)
        ring = self._coast
        total = ring.length
        da = ring.project(shapely.Point(self.node(a)))
        db = ring.project(shapely.Point(self.node(b)))
        lo, hi = min(da, db), max(da, db)
        if hi - lo <= total / 2:  # the shorter way round does not pass the ring's start
            part = np.array(substring(ring, lo, hi).coords)
            return part if da <= db else part[::-1]
        tail = np.array(substring(ring, hi, total).coords)
        head = np.array(substring(ring, 0, lo).coords)
        part = np.vstack([tail, head[1:]])  # from hi round through the start to lo
        return part if da >= db else part[::-1]


def _problem(where: str, message: str) -> SourceError:
    return SourceError([f"{where}: {message}"])


def region_polygon(linework: Linework, region: Region) -> Any:
    """The polygon (shapely, lon/lat) bounded by ``region``'s ring of pieces."""
    import shapely

    from bordermap.sources.toml import display_path

    where = f"{display_path(linework.treaties.sources.root / 'regions.toml')}: region '{region.id}'"
    if region.shore is not None:
        island = linework.island(region.shore)
        if island is None:
            raise _problem(where, f"shore: no GSHHS island encloses {list(region.shore)}")
        return island
    coords: list[np.ndarray] = []
    for number, piece in enumerate(region.ring, start=1):
        try:
            part = linework.piece(piece)
        except ValueError as exc:
            raise _problem(where, f"piece {number}: {exc}") from None
        if coords:
            gap = _km(coords[-1], part[0])
            if gap > CHAIN_GAP_KM:
                raise _problem(where, f"piece {number} starts {gap:.1f} km from where piece "
                               f"{number - 1} ends (at most {CHAIN_GAP_KM:g} km): the ring does not close")
            if gap == 0:
                part = part[1:]
        coords.extend(part)
    gap = _km(coords[-1], coords[0])
    if gap > CHAIN_GAP_KM:
        raise _problem(where, f"the ring ends {gap:.1f} km from where it starts "
                       f"(at most {CHAIN_GAP_KM:g} km): it does not close")
    if gap > 0:
        coords.append(coords[0])
    polygon = shapely.Polygon(coords)
    if not polygon.is_valid:
        raise _problem(where, f"the ring is not a valid polygon ({shapely.is_valid_reason(polygon)})")
    return polygon


def _polygon_coords(geometry: Any) -> dict[str, Any]:
    """RFC 7946 Polygon or MultiPolygon coordinates, shells counter-clockwise."""
    from shapely.geometry import mapping
    from shapely.geometry.polygon import orient

    if geometry.geom_type == "Polygon":
        return dict(mapping(orient(geometry, sign=1.0)))
    parts = [orient(p, sign=1.0) for p in geometry.geoms]
    import shapely

    return dict(mapping(shapely.MultiPolygon(parts)))


def _as_lists(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return [_as_lists(v) for v in value]
    return float(value)


def compile_regime(linework: Linework, regime: Regime,
                   polygons: dict[str, Any]) -> list[dict[str, Any]]:
    """The border segments and territories ``regime`` itself drew, as features without their
    lifespans (:mod:`bordermap.compile.timeline` adds them); ``polygons`` caches region
    polygons."""
    from pyproj import Geod

    from bordermap.compile.features import cited

    geod = Geod(ellps="WGS84")
    where = regime.file
    works = linework.treaties.sources.works
    features: list[dict[str, Any]] = []
    ends: dict[str, tuple[str, np.ndarray]] = {}
    for segment in regime.segments:
        try:
            coords = linework.piece(segment.piece)
        except ValueError as exc:
            raise _problem(f"{where}: segment '{segment.id}'", str(exc)) from None
        if segment.chain in ends:
            previous, end = ends[segment.chain]
            gap = _km(end, coords[0])
            if gap > CHAIN_GAP_KM:
                raise _problem(f"{where}: segment '{segment.id}'",
                               f"starts {gap:.1f} km from where segment '{previous}' ends "
                               f"(at most {CHAIN_GAP_KM:g} km): the border chain has a gap")
        ends[segment.chain] = (segment.id, coords[-1])
        piece = segment.piece
        props = {
            "kind": "border", "id": f"{regime.id}/{segment.id}", "established_by": regime.id,
            "segment": segment.id, "chain": segment.chain, "segment_kind": segment.kind,
            "river": piece.ref if piece.source == "river" else None,
            "line": piece.ref if piece.source == "line" else None,
            "from": piece.start, "to": piece.end, "bank": segment.bank,
            "article": segment.article, "precision": segment.precision,
            "length_km": round(geod.line_length(coords[:, 0], coords[:, 1]) / 1000, 1),
            "note": segment.note, "note_tr": segment.note_tr, **cited(works, regime.sources),
        }
        features.append(feature(props["id"], props,
                                {"type": "LineString", "coordinates": coords.tolist()}))

    shapes: dict[str, Any] = {}
    alternatives = {t.id for t in regime.territories if t.alternative}
    for territory in regime.territories:
        for rid in (territory.region, *territory.minus):
            if rid not in polygons:
                polygons[rid] = region_polygon(linework, linework.treaties.regions[rid])
        shape = polygons[territory.region]
        for rid in territory.minus:
            shape = shape.difference(polygons[rid])
        for other, other_shape in shapes.items():
            if territory.alternative or other in alternatives:
                continue  # a second reading overlays the main one by design
            overlap = equal_area_km2(shape.intersection(other_shape))
            if overlap > OVERLAP_KM2:
                raise _problem(f"{where}: territory '{territory.id}'",
                               f"overlaps territory '{other}' by {overlap:.0f} km²")
        shapes[territory.id] = shape
        region = linework.treaties.regions[territory.region]
        props = {
            "kind": "territory", "id": f"{regime.id}/{territory.id}", "established_by": regime.id,
            "territory": territory.id, "region": territory.region,
            **{f"name_{lang}": text for lang, text in region.name.items()},
            "status": territory.status, "from_state": territory.from_state,
            "to_state": territory.to_state, "article": territory.article,
            "reading": territory.reading, "alternative": territory.alternative,
            "area_km2": round(equal_area_km2(shape)),
            "note": territory.note, "note_tr": territory.note_tr, **cited(works, regime.sources),
        }
        geometry = _polygon_coords(shape)
        geometry["coordinates"] = _as_lists(geometry["coordinates"])
        features.append(feature(props["id"], props, geometry))
    return features


def regime_metadata(regime: Regime, span: Any, period: Any, file: str | None,
                    counts: dict[str, int], works: dict[str, Any]) -> dict[str, Any]:
    """The regime's entry in ``index.json``: ``span`` is when the treaty is in force
    (:func:`bordermap.compile.timeline.regime_span`), ``period`` what its layer shows."""
    from bordermap.calendars import to_julian

    signed = regime.signed
    return {
        "id": regime.id, "name": regime.name,
        "signed": {"as_written": signed.as_written, "calendar": signed.calendar,
                   "julian": signed.julian, "gregorian": signed.gregorian, "place": regime.place},
        "parties": list(regime.parties), "signatories": list(regime.signatories),
        "in_force": {"from": span.start, "until": span.end, "from_julian": to_julian(span.start),
                     "until_julian": to_julian(span.end) if span.end else None},
        "superseded_by": regime.superseded_by,
        "period": ({"from": period.start, "until": period.end} if period else None),
        "articles": [{"number": a.number, "summary": a.summary, "summary_tr": a.summary_tr}
                     for a in regime.articles],
        "confirms": [{"feature": c.feature, "article": c.article, "note": c.note,
                      "note_tr": c.note_tr} for c in regime.confirms],
        "sources": [c.text(works) for c in regime.sources],
        "refs": list(dict.fromkeys(c.key for c in regime.sources)), "file": file, **counts,
    }
