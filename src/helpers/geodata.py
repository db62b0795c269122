"""Readers of the shipped coastlines in ``data/geo/`` (json and shapely only, never the network).

    from helpers import geodata
    geodata.coastlines("regional")   # Sea of Okhotsk land polygons, GSHHG high resolution
    geodata.coastlines("full")       # Northern Territories clip, GSHHG full resolution
    geodata.island_polygons()        # island_id -> polygon (GSHHG full resolution)
    geodata.unresolved_islands()     # island_id -> why the coastline data has no polygon for it

The files are built by :mod:`helpers.tools.coastlines` (``make geodata``) from GSHHG 2.3.7.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from helpers.paths import GEO_DIR

#: The file of each coastline layer in ``data/geo/``.
LAYER_FILES: dict[str, str] = {
    "regional": "regional.geojson",
    "full": "northern_territories.geojson",
}
#: The island layer (polygons carrying the ``island_id`` of the islands table).
ISLANDS_FILE = "islands.geojson"




@lru_cache(maxsize=16)
def _read_collection(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


@lru_cache(maxsize=16)
def _geometries(path: Path) -> tuple[BaseGeometry, ...]:
    return tuple(shape(f["geometry"]) for f in _read_collection(path)["features"])


def coastlines(layer: str = "regional", geo_dir: Path | None = None) -> list[BaseGeometry]:
    """Return the land polygons of a shipped layer, lon/lat (cached).

    ``layer`` is ``"regional"`` (Sea of Okhotsk, GSHHG high resolution, simplified) or ``"full"``
    (Northern Territories, GSHHG full resolution, every Habomai islet). Draw them with
    ``ax.add_geometries(geoms, crs=ccrs.PlateCarree(), ...)``.
    """
    if layer not in LAYER_FILES:
        raise ValueError(f"unknown layer {layer!r}; expected one of {sorted(LAYER_FILES)}")
    return list(_geometries((geo_dir or GEO_DIR) / LAYER_FILES[layer]))


def island_features(geo_dir: Path | None = None) -> list[dict[str, Any]]:
    """Return the island layer's features (GeoJSON dicts with ``island_id`` properties)."""
    return list(_read_collection((geo_dir or GEO_DIR) / ISLANDS_FILE)["features"])


def island_polygons(geo_dir: Path | None = None) -> dict[str, BaseGeometry]:
    """Return ``island_id -> shapely polygon`` (GSHHG full resolution, lon/lat; cached)."""
    path = (geo_dir or GEO_DIR) / ISLANDS_FILE
    feats = _read_collection(path)["features"]
    return {f["properties"]["island_id"]: g for f, g in zip(feats, _geometries(path), strict=True)}


def unresolved_islands(geo_dir: Path | None = None) -> dict[str, str]:
    """Return ``island_id -> reason`` for the islands the coastline data does not resolve."""
    data = _read_collection((geo_dir or GEO_DIR) / ISLANDS_FILE)
    return {u["island_id"]: u["reason"] for u in data.get("unresolved", [])}
