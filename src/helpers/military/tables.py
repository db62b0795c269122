"""Notebook 03's tables: what is deployed where, what its missiles reach, and the claims on it.

* :func:`missile_rings` turns deployment rows with a ``range_km`` into geodesic range rings
  (one ring per system, site and range; duplicate rows of the same battery are merged).
* :func:`straits_in_ring` / :func:`strait_matrix` say which straits lie within each ring.
* :func:`largest_polygon_containing` picks Hokkaido's polygon out of the coastlines, and
  :func:`coverage_table` gives, per ring, the straits it reaches and the share of Hokkaido's land
  area inside it (computed in an equal-area projection by :mod:`helpers.geodesy`).
* :func:`deployments_by_year` counts the build-up over time (drawn by
  :func:`helpers.military.figures.buildup_chart`).
* :func:`military_claims` sets the interview's military claims against the ``claim_evidence``
  rows that bear on them, dated and described by :func:`helpers.evidence.dated_evidence` (the
  same rows as notebook 05).

Every date of a deployment is its first known date (:func:`helpers.evidence.first_known_date`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd
from shapely.geometry import Point, Polygon
from shapely.geometry.base import BaseGeometry

from helpers import geodesy, names
from helpers.evidence import first_known_date, linked_evidence, military_topics
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
    ``islands`` is given). ``ring`` is a lon/lat shapely polygon from
    :func:`helpers.geodesy.range_ring`.
    """
    columns = [
        "ring_id", "label", "system", "category", "island_id", "site", "lat", "lon",
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


def strait_matrix(rings: pd.DataFrame, straits: pd.DataFrame) -> pd.DataFrame:
    """Distance (km, 0 decimals) from each ring's centre to each strait, blank outside the ring.

    Rows are ring labels, columns strait labels (current naming convention); a number means the
    strait point lies inside that ring, at that distance from the launcher site.
    """
    data = {}
    for _, strait in straits.iterrows():
        column = []
        for _, ring in rings.iterrows():
            km = geodesy.distance_km(ring["lat"], ring["lon"], strait["lat"], strait["lon"])
            column.append(round(km) if km <= ring["range_km"] else pd.NA)
        data[names.label(strait)] = pd.array(column, dtype="Int64")
    return pd.DataFrame(data, index=pd.Index(list(rings["label"]), name="ring"))


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
                "ring": ring["label"],
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
    out = pd.DataFrame(rows)
    if not out.empty:
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


def military_claims(
    claims: pd.DataFrame,
    claim_evidence: pd.DataFrame,
    events: pd.DataFrame,
    deployments: pd.DataFrame,
    topics: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The interview's claims on ``topics`` (default: the military topics) with their evidence.

    One row per (claim, evidence) pair, dated and described as in notebook 05
    (:func:`helpers.evidence.linked_evidence`: sorted by claim, date and evidence id); a claim
    without evidence appears once with empty evidence columns. ``source_id`` is the claim_evidence row's source.
    """
    chosen = claims[claims["topic"].astype(str).isin(topics or military_topics())]
    dated = linked_evidence(claim_evidence, events, deployments)
    rows = []
    for _, claim in chosen.sort_values("claim_id", kind="stable").iterrows():
        base = {
            "claim": str(claim["claim_id"]),
            "para": claim["paragraph"],
            "topic": str(claim["topic"]),
            "claim (paraphrase)": _text(claim["summary"]),
        }
        links = dated[dated["claim_id"] == base["claim"]]
        if links.empty:
            rows.append({**base, "evidence": "", "date": pd.NaT, "what": "", "relation": "",
                         "note": "", "source_id": ""})
        for _, link in links.iterrows():
            rows.append({**base, "evidence": link["evidence"], "date": link["evidence_date"],
                         "what": _text(link["evidence_title"]), "relation": link["relation"],
                         "note": _text(link["note"]), "source_id": _text(link.get("source_id"))})
    out = pd.DataFrame(
        rows, columns=["claim", "para", "topic", "claim (paraphrase)", "evidence", "date",
                       "what", "relation", "note", "source_id"],
    )
    out["date"] = pd.to_datetime(out["date"])
    out["para"] = out["para"].astype("Int64")
    return out.reset_index(drop=True)


def unringed_systems(deployments: pd.DataFrame) -> list[str]:
    """Systems of :data:`MISSILE_CATEGORIES` with no cited ``range_km`` (so no range ring).

    A system is listed only if none of its rows has a range; order of first appearance.
    """
    rows = deployments[deployments["category"].astype(str).isin(MISSILE_CATEGORIES)]
    ranged = set(rows.loc[rows["range_km"].notna(), "system"].astype(str))
    return [s for s in dict.fromkeys(rows["system"].astype(str)) if s not in ranged]


def findings_markdown(
    deployments: pd.DataFrame,
    by_year: pd.DataFrame,
    interview_date: pd.Timestamp | str,
    coverage: pd.DataFrame,
    claims_table: pd.DataFrame,
    land_name: str = "Hokkaido",
) -> str:
    """Notebook 03's summary of findings as a Markdown bullet list, computed from its frames.

    ``by_year`` is :func:`deployments_by_year` (its ``attrs["undated"]`` counts the undated
    rows), ``coverage`` is :func:`coverage_table` and ``claims_table`` is
    :func:`military_claims`. Reports the records before, in and after the interview year, one
    line per range ring (range, first date relative to the interview, straits reached, share
    and area of ``land_name`` covered), the missile systems without a cited range, and how the
    military claims are linked to the evidence. Every number comes from the arguments.
    """
    date = pd.Timestamp(interview_date)
    counts = by_year.sum(axis=1) if not by_year.empty else pd.Series(dtype="Int64")
    upto = int(counts[counts.index <= date.year].sum())
    after = int(counts[counts.index > date.year].sum())
    undated = int(by_year.attrs.get("undated", 0))
    lines = [
        f"- The table holds {len(deployments)} deployment records: {upto} dated in or before "
        f"the interview year ({date.year}), {after} after it and {undated} without a date."
    ]
    share_col, area_col = f"{land_name} covered (%)", f"{land_name} covered (km²)"
    for _, ring in coverage.iterrows():
        first = ring["first"]
        when = ""
        if pd.notna(first):
            first = pd.Timestamp(first)
            rel = "before" if first < date else "after"
            when = f"; first recorded {first.year}, {rel} the interview"
        straits = str(ring["straits inside"]) or "none"
        lines.append(
            f"- {ring['ring']} ({float(ring['range_km']):,.0f} km{when}) reaches "
            f"{int(ring['n straits'])} strait(s) ({straits}) and covers "
            f"{float(ring[share_col]):.1f}% of {land_name}'s land ({int(ring[area_col]):,} km²)."
        )
    if coverage.empty:
        lines.append("- No deployment has a cited range, so no range ring is drawn.")
    missing = unringed_systems(deployments)
    if missing:
        lines.append("- Missile and air-defence systems without a cited range (no ring): "
                     + ", ".join(missing) + ".")
    linked = claims_table[claims_table["evidence"].astype(str) != ""]
    relations = linked["relation"].astype(str).value_counts()
    lines.append(
        f"- The claims table links {claims_table['claim'].nunique()} military claims to "
        f"{len(linked)} evidence rows"
        + (": " + ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in relations.items())
           if len(relations) else "")
        + "."
    )
    return "\n".join(lines)
