"""Notebook 03's tables: what is deployed where, what its missiles reach, and the claims on it.

* :func:`missile_rings` turns deployment rows with a ``range_km`` into geodesic range rings
  (one ring per system, site and range; duplicate rows of the same battery are merged).
* :func:`straits_in_ring` / :func:`strait_reach` say which straits lie within each ring.
* :func:`largest_polygon_containing` picks Hokkaido's polygon out of the coastlines, and
  :func:`coverage_table` gives, per ring, the straits it reaches and the share of Hokkaido's land
  area inside it (computed in an equal-area projection by :mod:`helpers.geodesy`).
* :func:`deployments_by_year` counts the build-up over time (drawn by
  :func:`helpers.military.figures.buildup_chart`).
* :func:`category_summary` and :func:`records_around` count the records by category and around
  a date; :func:`evidence_counts` counts the ``claim_evidence`` rows of each military claim by
  relation (notebook 05 shows the rows themselves, dated and described).

Every date of a deployment is its first known date (:func:`helpers.evidence.first_known_date`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd
from shapely.geometry import Point, Polygon
from shapely.geometry.base import BaseGeometry

from helpers import geodesy, names
from helpers.evidence import first_known_date, military_topics
from helpers.schema import in_enum_order

#: Deployment categories whose ``range_km`` is drawn as a range ring.
MISSILE_CATEGORIES: tuple[str, ...] = ("coastal_missile", "air_defence")

def _text(value: object) -> str:
    if value is None:
        return ""
    try:
        if pd.isna(value):  # type: ignore[arg-type]
            return ""
    except (TypeError, ValueError):
        pass
    return str(value).strip()


def short_system(system: str) -> str:
    """A system's name without its parenthesised detail ("K-300P Bastion-P (P-800 ...)")."""
    return system.split(" (")[0].strip()


def missile_rings(
    deployments: pd.DataFrame,
    islands: pd.DataFrame | None = None,
    categories: Sequence[str] = MISSILE_CATEGORIES,
    n: int = 180,
) -> pd.DataFrame:
    """One geodesic range ring per distinct (system, site position, range) among ``deployments``.

    Rows with a ``range_km`` and a category in ``categories`` are kept; rows describing the same
    battery (same system, coordinates and range, e.g. its announcement and its deployment) are
    merged, with their ids joined in ``deployment_ids`` and the earliest known date in ``first``.
    ``label`` is "<system> · <island>" (island label in the current naming convention when
    ``islands`` is given), ``short`` the same with the system's name cut before its
    parenthesised detail ("K-300P Bastion-P · Iturup"). ``ring`` is a lon/lat shapely polygon from
    :func:`helpers.geodesy.range_ring`.
    """
    columns = [
        "ring_id", "label", "short", "system", "category", "island_id", "site", "lat", "lon",
        "range_km", "status", "first", "deployment_ids", "ring",
    ]
    mask = deployments["range_km"].notna() & deployments["category"].astype(str).isin(categories)
    rows = deployments[mask].copy()
    if rows.empty:
        return pd.DataFrame(columns=columns)
    island_label = {}
    if islands is not None:
        island_label = {
            str(r["island_id"]): names.label(r) for _, r in islands.iterrows()
        }
    rows["_first"] = first_known_date(rows)
    out = []
    keys = ["system", "lat", "lon", "range_km"]
    for _, group in rows.groupby(keys, sort=False, dropna=False):
        group = group.sort_values("_first", kind="stable", na_position="last")
        head = group.iloc[0]
        last = group.iloc[-1]
        island_id = str(head["island_id"])
        out.append(
            {
                "ring_id": str(head["deployment_id"]),
                "label": f"{head['system']} · {island_label.get(island_id, island_id)}",
                "short": f"{short_system(str(head['system']))} · {island_label.get(island_id, island_id)}",
                "system": str(head["system"]),
                "category": str(head["category"]),
                "island_id": island_id,
                "site": _text(head.get("site")),
                "lat": float(head["lat"]),
                "lon": float(head["lon"]),
                "range_km": float(head["range_km"]),
                "status": str(last["status"]),
                "first": head["_first"],
                "deployment_ids": ";".join(str(i) for i in group["deployment_id"]),
                "ring": geodesy.range_ring(float(head["lat"]), float(head["lon"]),
                                           float(head["range_km"]), n=n),
            }
        )
    result = pd.DataFrame(out, columns=columns)
    result["first"] = pd.to_datetime(result["first"])
    return result.sort_values(["first", "ring_id"], kind="stable").reset_index(drop=True)


def deployments_table(deployments: pd.DataFrame, islands: pd.DataFrame | None = None
                      ) -> pd.DataFrame:
    """Every deployment row in date order: island, site, system, category, dates, range, status.

    ``first`` is the first known date (start_date, else announced); undated rows come last.
    """
    island_label = {}
    if islands is not None:
        island_label = {str(r["island_id"]): names.label(r) for _, r in islands.iterrows()}
    first = first_known_date(deployments)
    rows = []
    for index, row in deployments.iterrows():
        rows.append({
            "deployment_id": str(row["deployment_id"]),
            "island": island_label.get(str(row["island_id"]), str(row["island_id"])),
            "site": _text(row.get("site")),
            "system": str(row["system"]),
            "category": str(row["category"]),
            "first": first[index],
            "end": row.get("end_date"),
            "range_km": row.get("range_km"),
            "status": str(row["status"]),
            "source_id": str(row["source_id"]),
        })
    out = pd.DataFrame(rows)
    out["first"] = pd.to_datetime(out["first"])
    out["end"] = pd.to_datetime(out["end"])
    return out.sort_values(["first", "deployment_id"], kind="stable", na_position="last"
                           ).reset_index(drop=True)


def straits_in_ring(lat: float, lon: float, range_km: float, straits: pd.DataFrame) -> list[str]:
    """Ids of the straits whose point lies within ``range_km`` (geodesic) of (lat, lon)."""
    inside = []
    for _, strait in straits.iterrows():
        if geodesy.distance_km(lat, lon, float(strait["lat"]), float(strait["lon"])) <= range_km:
            inside.append(str(strait["strait_id"]))
    return inside


def strait_reach(rings: pd.DataFrame, straits: pd.DataFrame) -> pd.DataFrame:
    """Per strait: which rings reach it and how far the nearest battery is (geodesic km).

    One row per strait, in the straits table's order: ``strait`` (its label in the current
    naming convention), ``rings`` (how many rings hold the strait's point), ``nearest_km`` (the
    distance to the nearest battery whose ring holds it, 0 decimals; empty when none does) and
    ``reached_by`` (those rings' ``short`` labels with their distance, nearest first, ";"-joined).
    """
    rows = []
    for _, strait in straits.iterrows():
        inside = []
        for _, ring in rings.iterrows():
            km = geodesy.distance_km(ring["lat"], ring["lon"], strait["lat"], strait["lon"])
            if km <= ring["range_km"]:
                inside.append((round(km), str(ring["short"])))
        inside.sort()
        rows.append({"strait": names.label(strait), "rings": len(inside),
                     "nearest_km": inside[0][0] if inside else None,
                     "reached_by": "; ".join(f"{label} ({km} km)" for km, label in inside)})
    out = pd.DataFrame(rows, columns=["strait", "rings", "nearest_km", "reached_by"])
    out["nearest_km"] = pd.array(out["nearest_km"], dtype="Int64")
    return out


def largest_polygon_containing(
    coastlines: Iterable[BaseGeometry], lat: float, lon: float
) -> Polygon:
    """The largest land polygon (geodesic area) that contains the point (lat, lon).

    Used for Hokkaido: the regional coastlines and the ``hokkaido`` label point of the places
    table. Raises ``ValueError`` if no polygon contains the point.
    """
    point = Point(lon, lat)
    candidates = [p for geom in coastlines for p in geodesy.polygons(geom) if p.contains(point)]
    if not candidates:
        raise ValueError(f"no coastline polygon contains {lat:.4f} N {lon:.4f} E")
    return max(candidates, key=geodesy.area_km2)


def hokkaido_polygon(coastlines: Iterable[BaseGeometry], places: pd.DataFrame,
                     place_id: str = "hokkaido") -> Polygon:
    """Hokkaido's land polygon: the largest coastline polygon containing its places point."""
    row = places[places["place_id"].astype(str) == place_id]
    if row.empty:
        raise KeyError(f"place {place_id!r} not in the places table")
    return largest_polygon_containing(coastlines, float(row.iloc[0]["lat"]),
                                      float(row.iloc[0]["lon"]))


def coverage_table(
    rings: pd.DataFrame, straits: pd.DataFrame, land: BaseGeometry, land_name: str = "Hokkaido"
) -> pd.DataFrame:
    """Per ring: range, the straits inside it and the share (%) of ``land`` it covers.

    The share is :func:`helpers.geodesy.covered_fraction` (Lambert azimuthal equal-area
    projection) times 100, rounded to 0.1; the covered area is in km² (rounded to 10 km²).
    """
    strait_label = {str(s["strait_id"]): names.label(s) for _, s in straits.iterrows()}
    rows = []
    for _, ring in rings.iterrows():
        inside = straits_in_ring(ring["lat"], ring["lon"], ring["range_km"], straits)
        share = geodesy.covered_fraction(ring["ring"], land)
        area = geodesy.covered_area_km2(ring["ring"], land)
        rows.append(
            {
                "ring": ring["short"] if "short" in ring else ring["label"],
                "status": ring["status"],
                "first": ring["first"],
                "range_km": ring["range_km"],
                "straits inside": "; ".join(strait_label[s] for s in inside),
                "n straits": len(inside),
                f"{land_name} covered (%)": round(share * 100.0, 1),
                f"{land_name} covered (km²)": int(round(area / 10.0) * 10),
                "deployment_ids": ring["deployment_ids"],
            }
        )
    columns = ["ring", "status", "first", "range_km", "straits inside", "n straits",
               f"{land_name} covered (%)", f"{land_name} covered (km²)", "deployment_ids"]
    out = pd.DataFrame(rows, columns=columns)
    out["n straits"] = out["n straits"].astype("Int64")
    return out


def deployments_by_year(
    deployments: pd.DataFrame, statuses: Sequence[str] | None = None, fill_years: bool = True
) -> pd.DataFrame:
    """Count deployment rows by the year of their first known date and by category.

    The date is ``start_date``, else ``announced``; rows with neither are left out (their count
    is in ``attrs["undated"]``). ``statuses`` keeps only those statuses. With ``fill_years``
    every year between the first and the last is present (zeros included), otherwise only
    years with records; columns follow the category enum order and include only categories
    that occur.
    """
    rows = deployments
    if statuses is not None:
        rows = rows[rows["status"].astype(str).isin(statuses)]
    first = first_known_date(rows)
    dated = first.notna()
    undated = int((~dated).sum())
    if not dated.any():
        out = pd.DataFrame(dtype="Int64")
        out.attrs["undated"] = undated
        return out
    frame = pd.DataFrame({"year": first[dated].dt.year.astype("int64").to_numpy(),
                          "category": rows.loc[dated, "category"].astype(str).to_numpy()})
    table = pd.crosstab(frame["year"], frame["category"])
    cats = in_enum_order(table.columns, "deployments", "category")
    span = range(int(table.index.min()), int(table.index.max()) + 1) if fill_years else table.index
    table = table.reindex(index=span, columns=cats, fill_value=0).astype("Int64")
    table.index.name = "year"
    table.columns.name = "category"
    table.attrs["undated"] = undated
    return table


def withdrawals_by_year(deployments: pd.DataFrame) -> pd.Series:
    """Count rows with status ``withdrawn`` and an ``end_date`` by the year of that end date."""
    rows = deployments[
        (deployments["status"].astype(str) == "withdrawn") & deployments["end_date"].notna()
    ]
    years = pd.to_datetime(rows["end_date"]).dt.year.astype(int)
    out = years.value_counts().sort_index().astype("Int64")
    out.index.name = "year"
    out.name = "withdrawn"
    return out


def unringed_systems(deployments: pd.DataFrame) -> list[str]:
    """Systems of :data:`MISSILE_CATEGORIES` with no cited ``range_km`` (so no range ring).

    A system is listed only if none of its rows has a range; order of first appearance.
    """
    rows = deployments[deployments["category"].astype(str).isin(MISSILE_CATEGORIES)]
    ranged = set(rows.loc[rows["range_km"].notna(), "system"].astype(str))
    return [s for s in dict.fromkeys(rows["system"].astype(str)) if s not in ranged]


def category_summary(deployments: pd.DataFrame) -> pd.DataFrame:
    """One row per deployment category (enum order): how many records, how many in place.

    ``records`` counts every row; ``in_place`` the rows with status ``deployed``; ``withdrawn``
    those withdrawn; ``first`` and ``latest`` the years of the earliest and latest first known
    date (:func:`helpers.evidence.first_known_date`; empty when no row of the category is dated).
    """
    columns = ["category", "records", "in_place", "withdrawn", "first", "latest"]
    frame = pd.DataFrame({"category": deployments["category"].astype(str),
                          "status": deployments["status"].astype(str),
                          "year": first_known_date(deployments).dt.year})
    rows = []
    for category in in_enum_order(frame["category"], "deployments", "category"):
        part = frame[frame["category"] == category]
        rows.append({"category": category, "records": len(part),
                     "in_place": int((part["status"] == "deployed").sum()),
                     "withdrawn": int((part["status"] == "withdrawn").sum()),
                     "first": part["year"].min(), "latest": part["year"].max()})
    out = pd.DataFrame(rows, columns=columns)
    for column in ("first", "latest"):
        out[column] = pd.array(out[column], dtype="Int64")
    return out


def records_around(deployments: pd.DataFrame, date: pd.Timestamp | str) -> dict[str, int]:
    """How many deployment rows have a first known date on or before ``date``, after it, or none."""
    first = first_known_date(deployments)
    when = pd.Timestamp(date)
    return {"records": len(deployments), "by_date": int((first <= when).sum()),
            "after": int((first > when).sum()), "undated": int(first.isna().sum())}


def evidence_counts(
    claims: pd.DataFrame, claim_evidence: pd.DataFrame, topics: Sequence[str] | None = None
) -> pd.DataFrame:
    """Per military claim (``topics``, default the military topics): evidence rows by relation.

    One row per claim in id order: ``claim``, ``paragraph``, ``topic``, then one count column per
    relation of the ``claim_evidence.relation`` enum that occurs among these claims, and
    ``total``. A claim without evidence has zeros. The evidence itself is notebook 05's to show.
    """
    chosen = claims[claims["topic"].astype(str).isin(topics or military_topics())]
    chosen = chosen.sort_values("claim_id", kind="stable")
    ids = chosen["claim_id"].astype(str)
    links = claim_evidence[claim_evidence["claim_id"].astype(str).isin(set(ids))]
    relations = in_enum_order(links["relation"].astype(str), "claim_evidence", "relation")
    table = pd.crosstab(links["claim_id"].astype(str), links["relation"].astype(str))
    table = table.reindex(index=list(ids), columns=relations, fill_value=0)
    out = pd.DataFrame({"claim": list(ids), "paragraph": pd.array(chosen["paragraph"], dtype="Int64"),
                        "topic": chosen["topic"].astype(str).to_numpy()})
    for relation in relations:
        out[relation] = table[relation].to_numpy().astype("int64")
    out["total"] = out[relations].sum(axis=1).astype("int64") if relations else 0
    return out
