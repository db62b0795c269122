"""Notebook 02's tables: where the islands are - measures, straits and distances.

* :func:`measure_comparison` sets the current Japanese and Russian figure of an island measure
  (area, population, ...) side by side, one row per island, each with its year and source id
  (:func:`latest_figure` picks the current figure);
* :func:`straits_table` lists the straits with their shores, width, depth and how many of their
  shores are disputed islands;
* :func:`disputed_units` groups the disputed islands into the four units of the dispute
  (Iturup, Kunashir, Shikotan and the Habomai islets), :func:`distances_to_places` and
  :func:`distances_between_units` measure geodesic distances from and between them, and
  :func:`distance_summary` gathers the distances that matter into one table.

Every function takes DataFrames from :func:`helpers.load.table` (and shapely geometries from
:mod:`helpers.geodata`) as arguments; nothing here reads files.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from shapely.geometry import MultiPoint, Point
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points, unary_union

from helpers import geodesy, names, schema

#: The four units of the dispute, in the order Japan lists them (north to south).
DISPUTED_GROUPS: tuple[str, ...] = ("Iturup", "Kunashir", "Shikotan", "Habomai")

#: Display names of the island measures.
MEASURE_LABELS: dict[str, str] = {
    "area_km2": "area (km²)",
    "area_incl_islets_km2": "area incl. islets (km²)",
    "population": "population",
    "population_1945": "population 1945",
    "highest_point_m": "highest point (m)",
    "length_km": "length (km)",
    "width_km": "width (km)",
}


# --------------------------------------------------------------------------------------------
# measures


def latest_figure(rows: pd.DataFrame) -> pd.Series | None:
    """The current figure among ``rows`` (one island, measure and side); None if empty.

    The descriptor's rule for ``island_measures.basis``: rows whose basis is ``historical`` count
    only when nothing else is there (a 1945 population, say); of the rest, the latest ``year``
    wins (rows without a year count as oldest), and on the same year the basis that comes first
    in the descriptor (a survey before a census, an estimate, a reference work).
    """
    if rows.empty:
        return None
    basis = rows["basis"].astype(str) if "basis" in rows.columns else pd.Series("", index=rows.index)
    current = rows[basis != "historical"]
    if not current.empty:
        rows, basis = current, basis[current.index]
    rank = {b: i for i, b in enumerate(schema.enum("island_measures", "basis"))}
    order = pd.DataFrame({
        "year": pd.to_numeric(rows["year"], errors="coerce").fillna(-1),
        "basis": -basis.map(rank).fillna(len(rank)),
    }, index=rows.index)
    return rows.loc[order.sort_values(["year", "basis"], kind="stable", ascending=False).index[0]]


def disputed_islands(islands: pd.DataFrame) -> pd.DataFrame:
    """The rows of the islands table whose ``disputed`` flag is set (table order kept)."""
    return islands[islands["disputed"].astype(bool)].reset_index(drop=True)


def straits_table(
    straits: pd.DataFrame,
    islands: pd.DataFrame | None = None,
    places: pd.DataFrame | None = None,
    convention: str | None = None,
) -> pd.DataFrame:
    """The straits north to south: label, shores, width, maximum depth, disputed shores, source.

    ``shore_ids`` lists the ids of the strait's shores, ``between`` the same shores as labels in
    the naming convention where ``islands`` / ``places`` name them. ``disputed shores`` counts the disputed units on its
    shores (needs ``islands``; 0 without it): 2 for a strait between two disputed islands, 1 for
    one between a disputed island and other land; islets of one group (the Habomai islets on
    one side of a strait) count once.
    """
    labels: dict[str, str] = {}
    for table, key in ((places, "place_id"), (islands, "island_id")):
        if table is not None:
            labels.update({str(r[key]): names.label(r, convention) for _, r in table.iterrows()})
    unit_of: dict[str, str] = {} if islands is None else dict(zip(
        disputed_islands(islands)["island_id"].astype(str),
        disputed_islands(islands)["group"].astype(str), strict=True))
    rows = []
    for _, strait in straits.iterrows():
        shores = [str(s) for s in strait["between"]]
        rows.append({
            "strait_id": str(strait["strait_id"]),
            "strait": names.label(strait, convention),
            "shore_ids": shores,
            "between": [labels.get(s, s) for s in shores],
            "width (km)": strait["width_km"],
            "max depth (m)": strait["max_depth_m"],
            "disputed shores": len({unit_of[s] for s in shores if s in unit_of}),
            "lat": strait["lat"],
            "source_id": str(strait["source_id"]),
        })
    return pd.DataFrame(rows).sort_values("lat", ascending=False, kind="stable").reset_index(
        drop=True)


def island_labels(islands: pd.DataFrame, convention: str | None = None) -> dict[str, str]:
    """Map island_id to its display label in the naming convention (default: the current one)."""
    return {row["island_id"]: names.label(row, convention) for _, row in islands.iterrows()}


def measure_comparison(
    measures: pd.DataFrame,
    islands: pd.DataFrame,
    jp_measure: str = "area_km2",
    ru_measure: str | None = None,
    convention: str | None = None,
) -> pd.DataFrame:
    """One row per island: Japan's figure of ``jp_measure`` next to Russia's of ``ru_measure``.

    ``ru_measure`` defaults to ``jp_measure``. Each side shows its current figure
    (:func:`latest_figure`) with its year and source id; ``RU - JP (%)`` is the Russian figure's
    difference from the Japanese one when both sides measure the same thing. Islands follow the
    order of ``islands``; an island with no figure on either side is left out.
    """
    ru_measure = ru_measure or jp_measure
    labels = island_labels(islands, convention)
    rows = []
    for island_id in islands["island_id"].astype(str):
        record: dict[str, object] = {"island": labels[island_id]}
        for country, measure in (("JP", jp_measure), ("RU", ru_measure)):
            part = measures[(measures["island_id"].astype(str) == island_id)
                            & (measures["measure"].astype(str) == measure)
                            & (measures["country"].astype(str) == country)]
            best = latest_figure(part)
            record[f"{country} value"] = np.nan if best is None else float(best["value"])
            record[f"{country} year"] = pd.NA if best is None else best["year"]
            record[f"{country} source_id"] = None if best is None else str(best["source_id"])
        rows.append(record)
    columns = ["island", "JP value", "JP year", "JP source_id", "RU value", "RU year", "RU source_id"]
    out = pd.DataFrame(rows, columns=columns).dropna(subset=["JP value", "RU value"], how="all")
    out = out.reset_index(drop=True)
    for country in ("JP", "RU"):
        out[f"{country} year"] = pd.to_numeric(out[f"{country} year"]).astype("Int64")
    difference = (out["RU value"] - out["JP value"]) / out["JP value"] * 100.0
    out["RU - JP (%)"] = difference.round(1) if jp_measure == ru_measure else np.nan
    return out


# --------------------------------------------------------------------------------------------
# distances


def disputed_units(
    islands: pd.DataFrame,
    polygons: Mapping[str, BaseGeometry],
    groups: Sequence[str] = DISPUTED_GROUPS,
    convention: str | None = None,
) -> pd.DataFrame:
    """The disputed units (one row per group) with their land geometry and centre point.

    ``geometry`` is the union of the group's island polygons; an island without a polygon
    (a rock too small for the coastline data, e.g. Signalny/Kaigara) joins as its point.
    ``lat``/``lon`` are the island table's point for single-island units and the centroid of
    the polygons (equal-area projection) for the Habomai group.
    """
    rows = []
    for group in groups:
        members = islands[islands["group"].astype(str) == group]
        if members.empty:
            continue
        parts: list[BaseGeometry] = []
        for _, row in members.iterrows():
            geom = polygons.get(str(row["island_id"]))
            parts.append(geom if geom is not None else Point(row["lon"], row["lat"]))
        geometry = unary_union(parts)
        main = members[members["island_id"].astype(str) == group.lower()]
        if not main.empty:
            lat, lon = float(main.iloc[0]["lat"]), float(main.iloc[0]["lon"])
        else:
            lat, lon = _centroid(geometry)
        rows.append(
            {
                "unit": group.lower(),
                "label": names.group_label(group, islands, convention),
                "islands": [str(i) for i in members["island_id"]],
                "lat": lat,
                "lon": lon,
                "geometry": geometry,
            }
        )
    return pd.DataFrame(rows, columns=["unit", "label", "islands", "lat", "lon", "geometry"])


def _centroid(geometry: BaseGeometry) -> tuple[float, float]:
    """(lat, lon) of the area centroid of a lon/lat geometry, computed in LAEA."""
    c = geometry.centroid
    proj = geodesy.equal_area((c.y, c.x))
    centre = geodesy.to_plane(geometry, proj).centroid
    lon, lat = geodesy.from_plane(centre.x, centre.y, proj)
    return lat, lon


def shore_distance_km(a: BaseGeometry, b: BaseGeometry) -> float:
    """Shortest geodesic distance (km) between two lon/lat geometries; 0 if they touch.

    The nearest pair of points is found in a Lambert equal-area projection centred between the
    two; their distance is then measured on the ellipsoid with :func:`helpers.geodesy.distance_km`.
    """
    mid = MultiPoint([a.centroid, b.centroid]).centroid
    proj = geodesy.equal_area((mid.y, mid.x))
    pa, pb = geodesy.to_plane(a, proj), geodesy.to_plane(b, proj)
    if pa.intersects(pb):
        return 0.0
    na, nb = nearest_points(pa, pb)
    lon1, lat1 = geodesy.from_plane(na.x, na.y, proj)
    lon2, lat2 = geodesy.from_plane(nb.x, nb.y, proj)
    return geodesy.distance_km(lat1, lon1, lat2, lon2)


def distances_to_places(
    units: pd.DataFrame,
    places: pd.DataFrame,
    targets: Sequence[str] = ("cape_nosappu", "cape_shiretoko", "rybachiy"),
    basis: str = "shore",
    convention: str | None = None,
) -> pd.DataFrame:
    """Geodesic distance (km) from each disputed unit to each target place.

    ``basis="shore"`` measures from the unit's nearest coast (or rock) to the place,
    ``basis="centre"`` from the unit's centre point. Rows are the units (labels), columns the
    places (labels), values rounded to 0.1 km.
    """
    if basis not in ("shore", "centre"):
        raise ValueError("basis must be 'shore' or 'centre'")
    by_id = places.set_index(places["place_id"].astype(str))
    missing = [t for t in targets if t not in by_id.index]
    if missing:
        raise KeyError(f"places not in the places table: {', '.join(missing)}")
    data: dict[str, list[float]] = {}
    for target in targets:
        place = by_id.loc[target]
        column = []
        for _, unit in units.iterrows():
            if basis == "shore":
                km = geodesy.distance_to_geometry_km(place["lat"], place["lon"], unit["geometry"])
            else:
                km = geodesy.distance_km(unit["lat"], unit["lon"], place["lat"], place["lon"])
            column.append(round(km, 1))
        data[names.label(place, convention)] = column
    return pd.DataFrame(data, index=pd.Index(list(units["label"]), name="from"))


def distances_between_units(units: pd.DataFrame, basis: str = "shore") -> pd.DataFrame:
    """Square table of geodesic distances (km, 0.1) between the disputed units.

    ``basis="shore"``: closest coast to closest coast (0 on the diagonal);
    ``basis="centre"``: centre point to centre point (:func:`helpers.geodesy.distance_matrix`).
    """
    if basis not in ("shore", "centre"):
        raise ValueError("basis must be 'shore' or 'centre'")
    labels = list(units["label"])
    if basis == "centre":
        matrix = geodesy.distance_matrix(
            pd.DataFrame({"id": labels, "lat": units["lat"], "lon": units["lon"]})
        )
        out = matrix.round(1)
    else:
        n = len(units)
        values = np.zeros((n, n))
        geoms = list(units["geometry"])
        for i in range(n):
            for j in range(i + 1, n):
                values[i, j] = values[j, i] = round(shore_distance_km(geoms[i], geoms[j]), 1)
        out = pd.DataFrame(values, index=labels, columns=labels)
    out.index.name = "from"
    out.columns.name = "to"
    return out


def land_near(coastlines: Sequence[BaseGeometry], lat: float, lon: float) -> BaseGeometry:
    """The land polygon of ``coastlines`` that holds the point (``lat``, ``lon``), else the nearest."""
    point = Point(lon, lat)
    return min(coastlines, key=point.distance)


def distance_summary(
    units: pd.DataFrame,
    places: pd.DataFrame,
    coastlines: Sequence[BaseGeometry],
    landmass_at: str = "cape_nosappu",
    base: str = "rybachiy",
) -> pd.DataFrame:
    """The distances that matter, one row per disputed unit (km, geodesic, 0.1 km).

    * ``to land (km)``: nearest coast of the unit to the nearest coast of the land polygon of
      ``coastlines`` at the place ``landmass_at`` (Hokkaido, found at Cape Nosappu);
    * ``nearest neighbour`` and ``gap (km)``: the closest other unit, coast to coast
      (:func:`distances_between_units`);
    * ``to base (km)``: nearest coast of the unit to the place ``base`` (the SSBN base).
    """
    by_id = places.set_index(places["place_id"].astype(str))
    missing = [p for p in (landmass_at, base) if p not in by_id.index]
    if missing:
        raise KeyError(f"places not in the places table: {', '.join(missing)}")
    anchor = by_id.loc[landmass_at]
    land = land_near(coastlines, float(anchor["lat"]), float(anchor["lon"]))
    between = distances_between_units(units)
    to_base = distances_to_places(units, places, (base,)).iloc[:, 0]
    rows = []
    for _, unit in units.iterrows():
        others = between.loc[unit["label"]].drop(unit["label"]).astype(float)
        nearest = others.idxmin() if not others.empty else None
        rows.append({
            "unit": unit["unit"],
            "island": unit["label"],
            "to land (km)": round(shore_distance_km(unit["geometry"], land), 1),
            "nearest neighbour": nearest,
            "gap (km)": np.nan if nearest is None else float(others[nearest]),
            "to base (km)": float(to_base[unit["label"]]),
        })
    return pd.DataFrame(rows, columns=["unit", "island", "to land (km)", "nearest neighbour",
                                       "gap (km)", "to base (km)"])
