"""The island layer of the coastline build: each point of ``data/islands.csv`` matched to a polygon.

Used only by :mod:`helpers.tools.coastlines`. A point inside a polygon matches it; a point outside
every polygon matches the nearest one within the given limits, unless that polygon already
holds another island's point.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import shapely

from helpers import geodesy
from helpers.tools.gshhg import GshhgPolygon


@dataclass(frozen=True)
class IslandPoint:
    """An island's reference point from ``data/islands.csv``."""

    island_id: str
    lat: float
    lon: float


def read_island_points(path: Path) -> list[IslandPoint]:
    """Read ``island_id``, ``lat``, ``lon`` from an islands CSV, sorted by id.

    Rows with an empty coordinate are skipped (they cannot be matched).
    """
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    points = [
        IslandPoint(r["island_id"].strip(), float(r["lat"]), float(r["lon"]))
        for r in rows
        if (r.get("lat") or "").strip() and (r.get("lon") or "").strip()
    ]
    return sorted(points, key=lambda p: p.island_id)


@dataclass
class IslandMatch:
    """How one island point relates to the GSHHG polygons."""

    island_id: str
    lat: float
    lon: float
    polygon: GshhgPolygon | None
    method: str  # "inside", "nearest" or "" when unresolved
    distance_km: float | None
    reason: str = ""


def match_islands(
    points: Sequence[IslandPoint],
    candidates: Sequence[GshhgPolygon],
    max_match_km: float,
    max_match_radii: float = 3.0,
) -> list[IslandMatch]:
    """Match each island point to the GSHHG polygon containing it, or the nearest one.

    A point outside every polygon is matched to the nearest polygon if it lies within
    ``max_match_km`` (geodesic) and within ``max_match_radii`` times the polygon's equivalent
    radius ``sqrt(area / pi)`` (so a tiny rock a kilometre away is not taken for the island), unless
    that polygon already holds another island's point. Points that share a polygon, or have none
    near enough, are left unresolved with a reason.
    """
    geoms = [c.geometry for c in candidates]
    tree = shapely.STRtree(geoms)
    matches: list[IslandMatch] = []
    for pt in points:
        point = shapely.Point(pt.lon, pt.lat)
        inside = [int(i) for i in tree.query(point, predicate="intersects")]
        if inside:
            best = min(inside, key=lambda i: geoms[i].area)
            matches.append(IslandMatch(pt.island_id, pt.lat, pt.lon, candidates[best], "inside", 0.0))
            continue
        # 0.1 degree covers max_match_km several times over at these latitudes
        near = [int(i) for i in tree.query(point.buffer(0.1), predicate="intersects")]
        dists = sorted(
            (geodesy.distance_to_geometry_km(pt.lat, pt.lon, geoms[i]), i) for i in near
        )
        if not dists:
            matches.append(
                IslandMatch(
                    pt.island_id, pt.lat, pt.lon, None, "", None,
                    "no GSHHG polygon within 0.1 degree of the point",
                )
            )
            continue
        d, i = dists[0]
        radius = math.sqrt(candidates[i].area_km2 / math.pi)
        if d <= max_match_km and d <= max_match_radii * radius:
            matches.append(IslandMatch(pt.island_id, pt.lat, pt.lon, candidates[i], "nearest", d))
            continue
        if d > max_match_km:
            why = f"more than {max_match_km:g} km"
        else:
            why = (
                f"more than {max_match_radii:g} times its equivalent radius ({radius:.2f} km), "
                "so probably another rock"
            )
        matches.append(
            IslandMatch(
                pt.island_id, pt.lat, pt.lon, None, "", d,
                f"no GSHHG polygon contains the point; the nearest (GSHHG id "
                f"{candidates[i].gshhg_id}, {candidates[i].area_km2:.3f} km2) is {d:.2f} km away, "
                f"{why}",
            )
        )
    _one_island_per_polygon(matches)
    return matches


def _one_island_per_polygon(matches: list[IslandMatch]) -> None:
    """A polygon holds at most one island: the containing match wins, shared containment is
    ambiguous; the losers are left unresolved with the reason (in place)."""
    by_polygon: dict[str, list[IslandMatch]] = {}
    for m in matches:
        if m.polygon is not None:
            by_polygon.setdefault(m.polygon.gshhg_id, []).append(m)
    for gid, group in by_polygon.items():
        if len(group) < 2:
            continue
        inside = [m for m in group if m.method == "inside"]
        keep = inside[0] if len(inside) == 1 else None
        for m in group:
            if m is keep:
                continue
            others = ", ".join(o.island_id for o in group if o is not m)
            m.reason = (
                f"its point {'falls in' if m.method == 'inside' else 'is nearest to'} GSHHG "
                f"polygon {gid}, which also holds {others}; the coastline data does not "
                "separate them"
            )
            m.polygon, m.method = None, ""
