"""Computations and one chart for notebook 03 (military deployments).

* :func:`missile_rings` turns deployment rows with a ``range_km`` into geodesic range rings
  (one ring per system, site and range; duplicate rows of the same battery are merged).
* :func:`straits_in_ring` / :func:`strait_matrix` say which straits lie within each ring.
* :func:`largest_polygon_containing` picks Hokkaido's polygon out of the coastlines, and
  :func:`coverage_table` gives, per ring, the straits it reaches and the share of Hokkaido's land
  area inside it (computed in an equal-area projection by :mod:`helpers.geodesy`).
* :func:`deployments_by_year` and :func:`buildup_chart` show the build-up over time.
* :func:`military_claims` sets the interview's military claims against the ``claim_evidence``
  rows that bear on them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from shapely.geometry import Point, Polygon
from shapely.geometry.base import BaseGeometry

from helpers import geodesy, names, style

#: Deployment categories whose ``range_km`` is drawn as a range ring.
MISSILE_CATEGORIES: tuple[str, ...] = ("coastal_missile", "air_defence")

#: Order of the deployment categories (the ``deployments.category`` enum).
CATEGORY_ORDER: tuple[str, ...] = (
    "coastal_missile",
    "air_defence",
    "aircraft",
    "garrison",
    "border_guard",
    "base",
    "exercise",
    "observation",
)

#: Claim topics of the interview that are about the military.
MILITARY_TOPICS: tuple[str, ...] = ("weapons_deployment", "transit_route", "base_plans", "garrison")


def _text(value: object) -> str:
    if value is None:
        return ""
    try:
        if pd.isna(value):  # type: ignore[arg-type]
            return ""
    except (TypeError, ValueError):
        pass
    return str(value).strip()


def _first_date(row: pd.Series) -> pd.Timestamp | None:
    """The deployment's first known date: start_date, else announced."""
    for col in ("start_date", "announced"):
        value = row.get(col)
        if value is not None and not pd.isna(value):
            return pd.Timestamp(value)
    return None


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
    rows["_first"] = [_first_date(r) for _, r in rows.iterrows()]
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
    rows = []
    for _, row in deployments.iterrows():
        rows.append({
            "deployment_id": str(row["deployment_id"]),
            "island": island_label.get(str(row["island_id"]), str(row["island_id"])),
            "site": _text(row.get("site")),
            "system": str(row["system"]),
            "category": str(row["category"]),
            "first": _first_date(row),
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


def _polygons(geoms: Iterable[BaseGeometry]) -> list[Polygon]:
    out: list[Polygon] = []
    for geom in geoms:
        if isinstance(geom, Polygon):
            out.append(geom)
        elif hasattr(geom, "geoms"):
            out.extend(_polygons(geom.geoms))
    return out


def largest_polygon_containing(
    coastlines: Iterable[BaseGeometry], lat: float, lon: float
) -> Polygon:
    """The largest land polygon (geodesic area) that contains the point (lat, lon).

    Used for Hokkaido: the regional coastlines and the ``hokkaido`` label point of the places
    table. Raises ``ValueError`` if no polygon contains the point.
    """
    point = Point(lon, lat)
    candidates = [p for p in _polygons(coastlines) if p.contains(point)]
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
    years = [(_first_date(r), str(r["category"])) for _, r in rows.iterrows()]
    dated = [(d.year, c) for d, c in years if d is not None]
    undated = len(years) - len(dated)
    if not dated:
        out = pd.DataFrame(dtype="Int64")
        out.attrs["undated"] = undated
        return out
    frame = pd.DataFrame(dated, columns=["year", "category"])
    table = pd.crosstab(frame["year"], frame["category"])
    cats = [c for c in CATEGORY_ORDER if c in table.columns]
    cats += sorted(c for c in table.columns if c not in CATEGORY_ORDER)
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


def buildup_chart(
    by_year: pd.DataFrame,
    interview_date: pd.Timestamp | str,
    withdrawals: pd.Series | None = None,
    since: int | None = None,
    figsize: tuple[float, float] = (10.0, 4.2),
    title: str = "Deployment records by year of first known date, by category",
) -> Figure:
    """Stacked bars of :func:`deployments_by_year`, with the interview date marked.

    A year's bar spans that calendar year, so the interview line sits at its true date.
    ``withdrawals`` (:func:`withdrawals_by_year`) are drawn as hatched bars below zero.
    ``since`` starts the axis at that year; the records of earlier years are counted in a
    note in the corner.
    """
    date = pd.Timestamp(interview_date)
    earlier = 0
    if since is not None:
        earlier = int(by_year[by_year.index < since].to_numpy(dtype=float).sum())
        by_year = by_year[by_year.index >= since]
        if withdrawals is not None:
            withdrawals = withdrawals[withdrawals.index >= since]
    fig, ax = plt.subplots(figsize=figsize)
    years = np.asarray(by_year.index, dtype=float)
    bottom = np.zeros(len(years))
    handles = []
    for category in by_year.columns:
        values = by_year[category].to_numpy(dtype=float)
        color = style.CATEGORY_COLORS.get(str(category), "#666666")
        ax.bar(years + 0.5, values, width=0.8, bottom=bottom, color=color,
               edgecolor="white", linewidth=0.5)
        handles.append(Patch(facecolor=color, label=str(category).replace("_", " ")))
        bottom += values
    low = 0.0
    if withdrawals is not None and len(withdrawals):
        w_years = np.asarray(withdrawals.index, dtype=float)
        w_values = withdrawals.to_numpy(dtype=float)
        ax.bar(w_years + 0.5, -w_values, width=0.8, color="white", edgecolor="#444444",
               hatch="////", linewidth=0.6)
        handles.append(Patch(facecolor="white", edgecolor="#444444", hatch="////",
                             label="withdrawn (by end date)"))
        low = -float(w_values.max())
        ax.axhline(0, color="#444444", linewidth=0.6)
    position = date.year + (date.day_of_year - 1) / (366 if date.is_leap_year else 365)
    ax.axvline(position, color="black", linestyle="--", linewidth=1)
    top = float(bottom.max()) if len(bottom) else 1.0
    ax.text(position + 0.08, top * 1.1 + 0.4, f"interview {date:%d %b %Y}", ha="left",
            va="top", fontsize=8)
    ax.set_ylim(low * 1.3 if low else 0, top * 1.15 + 0.5)
    if earlier:
        ax.text(0.99, 0.97, f"+ {earlier} record(s) dated before {since}", ha="right",
                va="top", transform=ax.transAxes, fontsize=8, color="#444444")
    if len(years):
        ax.set_xlim(years.min() - 0.2, years.max() + 1.2)
        step = 1 if len(years) <= 14 else 2
        ticks = np.arange(years.min(), years.max() + 1, step)
        ax.set_xticks(ticks + 0.5, [f"{int(t)}" for t in ticks])
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_ylabel("deployment records")
    ax.set_title(title, loc="left")
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    fig.subplots_adjust(left=0.07, right=0.8, top=0.9, bottom=0.12)
    return fig


def _evidence_details(
    evidence: str, table: str, events: pd.DataFrame, deployments: pd.DataFrame
) -> tuple[pd.Timestamp | None, str]:
    """(date, description) of one evidence row."""
    if table == "events":
        match = events[events["event_id"].astype(str) == evidence]
        if match.empty:
            return None, "(event not found)"
        row = match.iloc[0]
        date = row["date"]
        return (None if pd.isna(date) else pd.Timestamp(date)), _text(row["title"])
    match = deployments[deployments["deployment_id"].astype(str) == evidence]
    if match.empty:
        return None, "(deployment not found)"
    row = match.iloc[0]
    where = _text(row.get("site")) or str(row["island_id"])
    text = f"{row['system']} ({where}; {row['status']})"
    return _first_date(row), text


def military_claims(
    claims: pd.DataFrame,
    claim_evidence: pd.DataFrame,
    events: pd.DataFrame,
    deployments: pd.DataFrame,
    topics: Sequence[str] = MILITARY_TOPICS,
) -> pd.DataFrame:
    """The interview's claims on ``topics`` with every claim_evidence row that bears on them.

    One row per (claim, evidence) pair, sorted by claim and evidence date; a claim without
    evidence appears once with empty evidence columns. The evidence's date and description
    come from the events or deployments table named in ``evidence_table``; ``source_id`` is
    the claim_evidence row's source.
    """
    chosen = claims[claims["topic"].astype(str).isin(topics)]
    rows = []
    for _, claim in chosen.sort_values("claim_id", kind="stable").iterrows():
        base = {
            "claim": str(claim["claim_id"]),
            "para": claim["paragraph"],
            "topic": str(claim["topic"]),
            "claim (paraphrase)": _text(claim["summary"]),
        }
        links = claim_evidence[claim_evidence["claim_id"].astype(str) == base["claim"]]
        if links.empty:
            rows.append({**base, "evidence": "", "date": pd.NaT, "what": "", "relation": "",
                         "note": "", "source_id": ""})
            continue
        found = []
        for _, link in links.iterrows():
            date, what = _evidence_details(
                str(link["evidence"]), str(link["evidence_table"]), events, deployments
            )
            found.append(
                {
                    **base,
                    "evidence": str(link["evidence"]),
                    "date": pd.NaT if date is None else date,
                    "what": what,
                    "relation": str(link["relation"]),
                    "note": _text(link["note"]),
                    "source_id": _text(link.get("source_id")),
                }
            )
        found.sort(key=lambda r: (pd.Timestamp.max if pd.isna(r["date"]) else r["date"]))
        rows.extend(found)
    out = pd.DataFrame(
        rows, columns=["claim", "para", "topic", "claim (paraphrase)", "evidence", "date",
                       "what", "relation", "note", "source_id"],
    )
    out["date"] = pd.to_datetime(out["date"])
    if "para" in out:
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
