"""Geodesy on the WGS84 ellipsoid: distances, range rings, areas and coverage.

Everything here is delegated to :class:`pyproj.Geod` (Karney's geodesic algorithms) and to PROJ
projections; no formula is written by hand. Geometries are shapely objects in longitude/latitude
degrees (x = lon, y = lat), the same convention as GeoJSON and :mod:`helpers.geodata`.

Functions take latitude before longitude (``lat, lon``), like the ``islands`` table; shapely
geometries they return are ``(lon, lat)``.

Range rings are meant for this region (the Sea of Okhotsk and the north-west Pacific): a ring must
not cross the antimeridian or contain a pole, and both are checked.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
import shapely
from pyproj import Geod, Transformer
from shapely.geometry import Point, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient
from shapely.ops import nearest_points

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas as pd

#: The WGS84 ellipsoid used for every geodesic computation.
GEOD: Geod = Geod(ellps="WGS84")

#: Centre (lat, lon) of the Lambert azimuthal equal-area projection used for coverage fractions.
LAEA_CENTRE: tuple[float, float] = (45.0, 147.0)

#: Longest segment (degrees) kept before projecting, so that straight lines stay faithful.
_SEGMENT_DEG = 0.05


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the geodesic distance in km between two points on the WGS84 ellipsoid."""
    _, _, metres = GEOD.inv(lon1, lat1, lon2, lat2)
    return float(metres) / 1000.0


def distance_matrix(
    points: pd.DataFrame, id_col: str = "id", lat_col: str = "lat", lon_col: str = "lon"
) -> pd.DataFrame:
    """Return the square matrix of geodesic distances (km) between every pair of points.

    ``points`` has one row per point with an id column and lat/lon columns (names configurable,
    e.g. ``id_col="island_id"``). The result is indexed and columned by the ids, in input order;
    it is symmetric with a zero diagonal.
    """
    import pandas as pd

    ids = list(points[id_col])
    if len(set(ids)) != len(ids):
        raise ValueError(f"duplicate ids in column {id_col!r}")
    lat = points[lat_col].to_numpy(dtype=float)
    lon = points[lon_col].to_numpy(dtype=float)
    n = len(ids)
    i, j = np.triu_indices(n, k=1)
    out = np.zeros((n, n), dtype=float)
    if len(i):
        _, _, metres = GEOD.inv(lon[i], lat[i], lon[j], lat[j])
        out[i, j] = np.asarray(metres) / 1000.0
        out[j, i] = out[i, j]
    return pd.DataFrame(out, index=pd.Index(ids, name=id_col), columns=pd.Index(ids, name=id_col))


def range_ring(lat: float, lon: float, radius_km: float, n: int = 180) -> Polygon:
    """Return the geodesic circle of ``radius_km`` around (lat, lon) as a lon/lat polygon.

    The ring has ``n`` vertices at equal azimuth steps, each exactly ``radius_km`` from the centre
    along a geodesic (``Geod.fwd``). The exterior is counter-clockwise. Longitudes are kept
    continuous with the centre; a ring that would cross the antimeridian or contain a pole raises
    ``ValueError``.
    """
    if radius_km <= 0:
        raise ValueError("radius_km must be positive")
    if n < 8:
        raise ValueError("n must be at least 8")
    to_pole_km = min(distance_km(lat, lon, 90.0, lon), distance_km(lat, lon, -90.0, lon))
    if radius_km >= to_pole_km:
        raise ValueError("the ring would contain a pole")
    azimuths = np.linspace(0.0, 360.0, n, endpoint=False)
    lons, lats, _ = GEOD.fwd(
        np.full(n, float(lon)), np.full(n, float(lat)), azimuths, np.full(n, radius_km * 1000.0)
    )
    lons = np.asarray(lons, dtype=float)
    # keep longitudes continuous with the centre (Geod.fwd wraps them into -180..180)
    lons = lon + (lons - lon + 180.0) % 360.0 - 180.0
    if lons.min() < -180.0 or lons.max() > 180.0:
        raise ValueError("the ring would cross the antimeridian")
    return orient(Polygon(np.column_stack([lons, np.asarray(lats, dtype=float)])), sign=1.0)


def area_km2(geom: BaseGeometry) -> float:
    """Return the geodesic area (km2) of a lon/lat (multi)polygon on the WGS84 ellipsoid.

    Rings are oriented first (exterior counter-clockwise, holes clockwise) so that holes are
    subtracted; the absolute value is returned. Non-areal geometries have area 0.
    """
    total = 0.0
    for poly in polygons(geom):
        area, _ = GEOD.geometry_area_perimeter(orient(poly, sign=1.0))
        total += abs(area)
    return total / 1e6


@lru_cache(maxsize=64)
def _transformer(proj: str, inverse: bool = False) -> Transformer:
    if inverse:
        return Transformer.from_crs(proj, "EPSG:4326", always_xy=True)
    return Transformer.from_crs("EPSG:4326", proj, always_xy=True)


def equal_area(centre: tuple[float, float]) -> str:
    """PROJ string of a Lambert azimuthal equal-area projection centred on ``centre`` (lat, lon)."""
    lat0, lon0 = centre
    return f"+proj=laea +lat_0={lat0} +lon_0={lon0} +ellps=WGS84 +units=m +no_defs"


def from_plane(x: float, y: float, proj: str) -> tuple[float, float]:
    """The (lon, lat) of a point given in the coordinates of the PROJ string ``proj``."""
    lon, lat = _transformer(proj, inverse=True).transform(x, y)
    return float(lon), float(lat)


def to_plane(geom: BaseGeometry, proj: str) -> BaseGeometry:
    """A lon/lat geometry (densified first) in the plane of the PROJ string ``proj``.

    (Drawing on a cartopy map uses :func:`helpers.cartography.project` instead.)
    """
    transformer = _transformer(proj)
    dense = shapely.segmentize(geom, _SEGMENT_DEG)

    def _fwd(coords: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(dense, _fwd)


def covered_area_km2(
    ring: BaseGeometry, target: BaseGeometry, centre: tuple[float, float] = LAEA_CENTRE
) -> float:
    """Return the area (km2) of ``target`` that lies inside ``ring``.

    Both geometries are densified and projected to a Lambert azimuthal equal-area projection
    centred on ``centre`` (lat, lon; default 45 N 147 E), where planar areas are true areas.
    """
    proj = equal_area(centre)
    inter = to_plane(ring, proj).intersection(to_plane(target, proj))
    return float(inter.area) / 1e6


def covered_fraction(
    ring: BaseGeometry, target: BaseGeometry, centre: tuple[float, float] = LAEA_CENTRE
) -> float:
    """Return the fraction (0..1) of ``target``'s area that lies inside ``ring``.

    Computed in the equal-area projection of :func:`covered_area_km2`. A target without area
    raises ``ValueError``.
    """
    proj = equal_area(centre)
    target_p = to_plane(target, proj)
    if target_p.area <= 0:
        raise ValueError("target has no area")
    inter = to_plane(ring, proj).intersection(target_p)
    return float(min(1.0, max(0.0, inter.area / target_p.area)))


def _aeqd(lat: float, lon: float) -> str:
    return f"+proj=aeqd +lat_0={lat} +lon_0={lon} +ellps=WGS84 +units=m +no_defs"


def nearest_point(lat: float, lon: float, geom: BaseGeometry) -> tuple[float, float, float]:
    """Return ``(lat, lon, km)``: the point of ``geom`` nearest to (lat, lon) and its distance.

    The search runs in an azimuthal equidistant projection centred on the query point, in which
    the distance from the centre to any point is its geodesic distance; the geometry is densified
    first. A point inside a polygon is its own nearest point (distance 0).
    """
    proj = _aeqd(lat, lon)
    projected = to_plane(geom, proj)
    origin = Point(0.0, 0.0)
    if projected.is_empty:
        raise ValueError("geometry is empty")
    _, near = nearest_points(origin, projected)
    if near.x == 0.0 and near.y == 0.0:
        return float(lat), float(lon), 0.0
    near_lon, near_lat = from_plane(near.x, near.y, proj)
    return float(near_lat), float(near_lon), distance_km(lat, lon, near_lat, near_lon)


def distance_to_geometry_km(lat: float, lon: float, geom: BaseGeometry) -> float:
    """Return the geodesic distance (km) from (lat, lon) to the nearest point of ``geom``.

    0 when the point lies inside a polygon. Example: the distance from an island's point to
    Hokkaido's coast. See :func:`nearest_point`.
    """
    return nearest_point(lat, lon, geom)[2]


def polygons(geom: BaseGeometry) -> list[Polygon]:
    """The polygons of a (multi)polygon or collection; empty for other geometries."""
    if isinstance(geom, Polygon):
        return [] if geom.is_empty else [geom]
    if hasattr(geom, "geoms"):
        out: list[Polygon] = []
        for part in geom.geoms:
            out.extend(polygons(part))
        return out
    return []
