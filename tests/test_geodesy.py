"""Geodesy helpers checked against values known independently of pyproj."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from shapely.geometry import LineString, MultiPolygon, Point, Polygon, box

from helpers import geodesy

# WGS84 reference values (NIMA TR8350.2 / Karney): one degree of latitude centred on 45 N is
# 111.132 km, one degree of longitude on the equator is a * pi / 180 = 111.319 km, and the
# quarter meridian (equator to pole) is 10,001.966 km.
DEG_LAT_45_KM = 111.132
DEG_LON_EQUATOR_KM = 6378.137 * math.pi / 180.0
QUARTER_MERIDIAN_KM = 10001.966


def test_one_degree_of_latitude_at_45n() -> None:
    assert geodesy.distance_km(44.5, 147.0, 45.5, 147.0) == pytest.approx(DEG_LAT_45_KM, abs=0.005)


def test_one_degree_of_longitude_on_the_equator() -> None:
    assert geodesy.distance_km(0.0, 10.0, 0.0, 11.0) == pytest.approx(DEG_LON_EQUATOR_KM, abs=0.001)


def test_quarter_meridian() -> None:
    assert geodesy.distance_km(0.0, 0.0, 90.0, 0.0) == pytest.approx(QUARTER_MERIDIAN_KM, abs=0.001)


def test_distance_is_symmetric_and_zero_for_same_point() -> None:
    a = geodesy.distance_km(43.5, 146.13, 45.03, 147.62)
    b = geodesy.distance_km(45.03, 147.62, 43.5, 146.13)
    assert a == pytest.approx(b, abs=1e-7)
    assert geodesy.distance_km(43.5, 146.13, 43.5, 146.13) == 0.0


@pytest.fixture
def points() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": ["a", "b", "c", "d"],
            "lat": [43.5, 44.12, 45.03, 50.33],
            "lon": [146.13, 145.85, 147.62, 155.75],
        }
    )


def test_distance_matrix_is_square_symmetric_with_zero_diagonal(points: pd.DataFrame) -> None:
    m = geodesy.distance_matrix(points)
    assert list(m.index) == list(m.columns) == ["a", "b", "c", "d"]
    assert (m.to_numpy().diagonal() == 0).all()
    assert (m.to_numpy() == m.to_numpy().T).all()
    assert m.loc["a", "c"] == pytest.approx(geodesy.distance_km(43.5, 146.13, 45.03, 147.62))
    off_diagonal = m.to_numpy()[~pd.DataFrame(m).eq(0).to_numpy()]
    assert len(off_diagonal) == 12 and (off_diagonal > 0).all()


def test_distance_matrix_column_names_and_single_point(points: pd.DataFrame) -> None:
    renamed = points.rename(columns={"id": "island_id", "lat": "y", "lon": "x"})
    m = geodesy.distance_matrix(renamed, id_col="island_id", lat_col="y", lon_col="x")
    assert m.index.name == "island_id"
    one = geodesy.distance_matrix(points.head(1))
    assert one.shape == (1, 1) and one.iloc[0, 0] == 0.0


def test_distance_matrix_rejects_duplicate_ids(points: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="duplicate"):
        geodesy.distance_matrix(pd.concat([points, points.head(1)]))


@pytest.mark.parametrize("radius_km", [100.0, 300.0, 500.0])
def test_range_ring_vertices_lie_on_the_circle(radius_km: float) -> None:
    ring = geodesy.range_ring(45.0, 147.0, radius_km, n=90)
    coords = list(ring.exterior.coords)[:-1]
    assert len(coords) == 90
    for lon, lat in coords:
        assert geodesy.distance_km(45.0, 147.0, lat, lon) == pytest.approx(radius_km, rel=1e-9)
    assert ring.is_valid and ring.exterior.is_ccw
    assert ring.contains(Point(147.0, 45.0))


def test_range_ring_area_is_pi_r_squared() -> None:
    ring = geodesy.range_ring(45.0, 147.0, 100.0)
    assert geodesy.area_km2(ring) == pytest.approx(math.pi * 100.0**2, rel=0.005)


def test_big_range_ring_area_matches_spherical_cap() -> None:
    # a geodesic circle of radius r on a sphere of radius R has area 2 pi R^2 (1 - cos(r / R))
    r, big_r = 500.0, 6371.0
    cap = 2 * math.pi * big_r**2 * (1 - math.cos(r / big_r))
    ring = geodesy.range_ring(48.0, 153.0, r)
    assert geodesy.area_km2(ring) == pytest.approx(cap, rel=0.005)


def test_range_ring_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="positive"):
        geodesy.range_ring(45.0, 147.0, 0.0)
    with pytest.raises(ValueError, match="at least"):
        geodesy.range_ring(45.0, 147.0, 10.0, n=4)
    with pytest.raises(ValueError, match="pole"):
        geodesy.range_ring(89.0, 147.0, 500.0)
    with pytest.raises(ValueError, match="antimeridian"):
        geodesy.range_ring(50.0, 179.5, 200.0)


def test_range_ring_keeps_longitudes_continuous_near_the_antimeridian() -> None:
    ring = geodesy.range_ring(50.0, 175.0, 200.0)
    assert ring.bounds[2] < 180.0 and ring.is_valid


def test_area_of_a_one_degree_cell_on_the_equator() -> None:
    # 1 x 1 degree at the equator: about 111.32 km x 110.57 km = 12,308 km2
    assert geodesy.area_km2(box(10.0, 0.0, 11.0, 1.0)) == pytest.approx(12308.0, rel=0.001)


def test_area_subtracts_holes_and_sums_parts() -> None:
    outer = box(146.0, 44.0, 148.0, 46.0)
    hole = box(146.5, 44.5, 147.5, 45.5)
    donut = Polygon(outer.exterior.coords, [hole.exterior.coords])
    expected = geodesy.area_km2(outer) - geodesy.area_km2(hole)
    assert geodesy.area_km2(donut) == pytest.approx(expected, rel=1e-9)
    multi = MultiPolygon([outer, box(150.0, 44.0, 151.0, 45.0)])
    assert geodesy.area_km2(multi) == pytest.approx(
        geodesy.area_km2(outer) + geodesy.area_km2(box(150.0, 44.0, 151.0, 45.0))
    )
    # clockwise input gives the same (positive) area
    cw = Polygon(list(outer.exterior.coords)[::-1])
    assert geodesy.area_km2(cw) == pytest.approx(geodesy.area_km2(outer))


def test_area_of_non_areal_geometries_is_zero() -> None:
    assert geodesy.area_km2(Point(147.0, 45.0)) == 0.0
    assert geodesy.area_km2(LineString([(146, 44), (147, 45)])) == 0.0
    assert geodesy.area_km2(Polygon()) == 0.0


def test_covered_fraction_full_and_disjoint() -> None:
    ring = geodesy.range_ring(45.0, 147.0, 300.0)
    assert geodesy.covered_fraction(ring, box(146.5, 44.5, 147.5, 45.5)) == pytest.approx(1.0)
    assert geodesy.covered_fraction(ring, box(160.0, 44.0, 161.0, 45.0)) == 0.0


def test_covered_fraction_half_plane_cases() -> None:
    target = box(146.0, 44.0, 148.0, 46.0)  # symmetric about the projection's central meridian
    west = box(140.0, 40.0, 147.0, 50.0)
    assert geodesy.covered_fraction(west, target) == pytest.approx(0.5, abs=1e-3)
    # a ring centred on the middle of the target's east edge covers it partly, symmetrically
    small = box(146.9, 44.9, 147.1, 45.1)
    big_ring = geodesy.range_ring(45.0, 147.1, 200.0)
    assert geodesy.covered_fraction(big_ring, small) == pytest.approx(1.0)
    tiny_ring = geodesy.range_ring(45.0, 147.1, 1.0)
    frac = geodesy.covered_fraction(tiny_ring, small)
    # about half of a 1 km circle lies inside: pi * 1^2 / 2 over the target area
    assert frac == pytest.approx((math.pi / 2) / geodesy.area_km2(small), rel=0.02)


def test_covered_area_matches_fraction_times_area() -> None:
    ring = geodesy.range_ring(44.0, 146.0, 150.0)
    target = box(145.0, 43.0, 149.0, 46.0)
    frac = geodesy.covered_fraction(ring, target)
    assert 0.0 < frac < 1.0
    assert geodesy.covered_area_km2(ring, target) == pytest.approx(
        frac * geodesy.area_km2(target), rel=0.002
    )
    inner = geodesy.range_ring(45.0, 147.0, 300.0)
    assert geodesy.covered_area_km2(inner, box(146.5, 44.5, 147.5, 45.5)) == pytest.approx(
        geodesy.area_km2(box(146.5, 44.5, 147.5, 45.5)), rel=0.002
    )


def test_covered_fraction_needs_an_areal_target() -> None:
    with pytest.raises(ValueError, match="no area"):
        geodesy.covered_fraction(geodesy.range_ring(45.0, 147.0, 10.0), Point(147.0, 45.0))


def test_distance_to_geometry() -> None:
    target = box(146.0, 45.5, 148.0, 46.0)
    assert geodesy.distance_to_geometry_km(45.7, 147.0, target) == 0.0
    d = geodesy.distance_to_geometry_km(44.5, 147.0, target)
    assert d == pytest.approx(DEG_LAT_45_KM, abs=0.05)
    lat, lon, km = geodesy.nearest_point(44.5, 147.0, target)
    assert lat == pytest.approx(45.5, abs=1e-6) and lon == pytest.approx(147.0, abs=1e-6)
    assert km == pytest.approx(d)
    with pytest.raises(ValueError, match="empty"):
        geodesy.nearest_point(45.0, 147.0, Polygon())


def test_project_and_unproject_round_trip_in_equal_area():
    proj = geodesy.equal_area((45.0, 147.0))
    centre = geodesy.to_plane(Point(147.0, 45.0), proj)
    assert (round(centre.x, 3), round(centre.y, 3)) == (0.0, 0.0)
    moved = geodesy.to_plane(Point(148.0, 44.5), proj)
    lon, lat = geodesy.from_plane(moved.x, moved.y, proj)
    assert (lon, lat) == pytest.approx((148.0, 44.5), abs=1e-7)
