"""The analysis API on shapes with known answers, on the real layers, and `bordermap stats`."""

from __future__ import annotations

import csv
import io
import json
import math

import pytest
import shapely

from bordermap import analysis
from conftest import run_cli

A, F = 6_378_137.0, 1 / 298.257223563  # WGS84


def _zone_km2(lat: float) -> float:
    """Area of the WGS84 ellipsoid between the equator and ``lat``, per degree of longitude."""
    e = math.sqrt(F * (2 - F))
    b = A * (1 - F)
    s = math.sin(math.radians(lat))
    q = s / (1 - e * e * s * s) + math.log((1 + e * s) / (1 - e * s)) / (2 * e)
    return math.pi * b * b * q / 360 / 1e6


def _cell(west: float, south: float, east: float, north: float):
    # edges along parallels and meridians: densified so they follow the graticule
    return shapely.segmentize(shapely.box(west, south, east, north), 0.01)


def test_area_of_a_one_degree_cell_at_50_north():
    expected = _zone_km2(51) - _zone_km2(50)  # 7,892.2 km²
    assert round(expected, 1) == 7892.2
    assert analysis.area_km2(_cell(120, 50, 121, 51)) == pytest.approx(expected, rel=1e-4)


def test_length_of_a_degree_along_the_equator():
    line = shapely.LineString([(10, 0), (11, 0)])
    assert analysis.geodesic_length_km(line) == pytest.approx(A * math.pi / 180 / 1000, abs=1e-3)


def test_length_of_a_meridian_degree():
    # a degree of latitude at 0-1 N on WGS84 is 110.574 km
    assert analysis.geodesic_length_km(shapely.LineString([(0, 0), (0, 1)])) == pytest.approx(
        110.574, abs=0.001)


def test_known_overlap_of_two_territories():
    a, b = _cell(0, 0, 2, 1), _cell(1, 0, 3, 1)
    expected = _zone_km2(1) - _zone_km2(0)  # one cell of 1 degree by 1 degree
    assert analysis.overlap_km2(a, b) == pytest.approx(expected, rel=1e-4)
    assert analysis.overlap_km2(a, _cell(5, 5, 6, 6)) == 0


@pytest.fixture(scope="module")
def layers(fresh_layers):
    return analysis.read_layers(fresh_layers)


def test_territory_areas_match_the_layers_to_the_km2(layers):
    table = analysis.territory_areas(layers)
    assert len(table) == 7
    for _, row in table.iterrows():
        frame = layers.frames[row["regime"]]
        assert row["area_km2"] == frame.loc[f"{row['regime']}/{row['territory']}", "area_km2"]
    # stable: computing again gives the same figures
    assert analysis.territory_areas(layers).equals(table)


def test_border_summary_shares_add_up(layers):
    summary = analysis.border_summary(layers)
    for _, row in summary.iterrows():
        assert row["river_pct"] + row["ridge_pct"] + row["line_pct"] == pytest.approx(100, abs=0.2)
    aigun = summary.set_index("regime").loc["aigun-1858"]
    assert aigun["river_pct"] == 100.0  # Aigun's border is the Amur and the Ussuri


def test_changes_account_for_every_cession(layers):
    changes = analysis.regime_changes(layers)
    areas = analysis.territory_areas(layers).set_index(["regime", "territory"])["area_km2"]
    to_russia = changes[changes["gained_by"] == "russia"].groupby("after")["area_km2"].sum()
    assert to_russia["aigun-1858"] == pytest.approx(areas[("aigun-1858", "ceded")], abs=1)
    assert to_russia["peking-1860"] == pytest.approx(areas[("peking-1860", "ceded")], abs=2)
    joint = changes[(changes["after"] == "peking-1860") & (changes["lost_by"] == "joint")]
    assert joint["area_km2"].sum() == pytest.approx(areas[("aigun-1858", "joint")], abs=1)


def test_cited_figures_with_reasons(layers):
    cited = analysis.cited_comparison(layers).set_index("figure")
    assert set(cited.index) == {"aigun-cession", "peking-cession", "amur", "ussuri"}
    assert cited.loc["aigun-cession", "computed"] > 600_000
    assert (cited["reason"].str.len() > 40).all()
    assert cited.loc["amur", "computed"] < cited.loc["amur", "cited"]  # generalised line


def test_stats_formats_agree(fresh_layers, layers):
    ceded = int(analysis.territory_areas(layers).set_index(["regime", "territory"])
                .loc[("aigun-1858", "ceded"), "area_km2"])
    table = run_cli("stats", "--layers", str(fresh_layers))
    assert table.returncode == 0, table.stderr
    assert f"{ceded:,}" in table.stdout and "Territories" in table.stdout
    data = json.loads(run_cli("stats", "--layers", str(fresh_layers), "--format", "json").stdout)
    assert set(data) == {"territories", "borders", "changes", "rivers", "cited"}
    assert any(r["area_km2"] == ceded for r in data["territories"])
    rows = list(csv.DictReader(io.StringIO(
        run_cli("stats", "--layers", str(fresh_layers), "--format", "csv").stdout)))
    assert {"table", "row", "column", "value"} == set(rows[0])
    assert any(r["column"] == "area_km2" and r["value"] == str(ceded) for r in rows)


def test_stats_without_layers_is_a_one_line_error(tmp_path):
    result = run_cli("stats", "--layers", str(tmp_path))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "run 'bordermap build'" in result.stderr
