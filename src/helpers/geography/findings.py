"""Notebook 02's summary of findings, written from its tables (strait widths, distances, measures)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from helpers import names
from helpers.geography.tables import MEASURE_LABELS


def _km(value: float) -> str:
    """A distance in km for prose: one decimal, thousands separator ("1,234.5 km")."""
    return f"{float(value):,.1f} km"


def _number(value: object) -> str:
    """A whole figure for prose ("3,167"); "" when missing."""
    if value is None or pd.isna(value):  # type: ignore[arg-type]
        return ""
    return f"{float(value):,.0f}"


def _straits_line(straits: pd.DataFrame, highlight: str | None) -> str | None:
    widths = straits.dropna(subset=["width_km"])
    if widths.empty:
        return None
    narrow = widths.loc[widths["width_km"].astype(float).idxmin()]
    wide = widths.loc[widths["width_km"].astype(float).idxmax()]
    line = (f"- The straits with a cited width range from {float(narrow['width_km']):g} km "
            f"({narrow['name_en']}) to {float(wide['width_km']):g} km ({wide['name_en']}) "
            f"({len(widths)} of {len(straits)} straits have a width)")
    chosen = straits[straits["strait_id"].astype(str) == (highlight or "")]
    if not chosen.empty:
        s = chosen.iloc[0]
        parts = []
        if pd.notna(s["width_km"]):
            parts.append(f"{float(s['width_km']):g} km wide")
        if pd.notna(s.get("max_depth_m")):
            parts.append(f"{_number(s['max_depth_m'])} m deep")
        if parts:
            line += f"; the {s['name_en']} is {' and '.join(parts)}"
    return line + "."


def _measure_lines(side: pd.DataFrame) -> list[str]:
    lines = []
    area = side[side["measure"] == MEASURE_LABELS["area_km2"]]
    jp = area.dropna(subset=["JP value"])
    if not jp.empty:
        line = "- Japan's figures give " + ", ".join(
            f"{r['island']} {_number(r['JP value'])} km²" for _, r in jp.iterrows())
        both = area.dropna(subset=["JP value", "RU value"])
        if both.empty:
            line += "; the table has no Russian area figure for these islands to compare."
        else:
            line += "; Russian figures: " + "; ".join(
                f"{r['island']} {_number(r['RU value'])} km² ({r['RU authority']}), "
                f"{abs(float(r['RU - JP (%)'])):.1f}% "
                f"{'smaller' if float(r['RU - JP (%)']) < 0 else 'larger'} than Japan's"
                for _, r in both.iterrows()) + "."
        lines.append(line)
    then = side[(side["measure"] == MEASURE_LABELS["population_1945"])].dropna(
        subset=["JP value"])
    now = side[(side["measure"] == MEASURE_LABELS["population"])].dropna(subset=["RU value"])
    if not then.empty:
        lines.append("- Japanese residents in 1945 (Japan's figures): " + ", ".join(
            f"{r['island']} {_number(r['JP value'])}" for _, r in then.iterrows()) + ".")
    if not now.empty:
        lines.append("- Latest Russian population counts: " + ", ".join(
            f"{r['island']} {_number(r['RU value'])}"
            + (f" ({int(r['RU year'])})" if pd.notna(r["RU year"]) else "")
            for _, r in now.iterrows()) + ".")
    return lines


def findings_markdown(
    straits: pd.DataFrame,
    places: pd.DataFrame,
    shore: pd.DataFrame,
    between: pd.DataFrame,
    side: pd.DataFrame,
    capes: Sequence[str] = ("cape_nosappu", "cape_shiretoko"),
    base: str = "rybachiy",
    highlight_strait: str | None = "catherine_strait",
    convention: str | None = None,
) -> str:
    """Notebook 02's summary of findings as a Markdown bullet list, computed from its tables.

    ``shore`` is :func:`distances_to_places` (shore basis; its columns include the labels of
    ``capes`` and ``base``), ``between`` is :func:`distances_between_units` (shore basis) and
    ``side`` is :func:`measures_side_by_side`. Reports the range of strait widths (and the
    width and depth of ``highlight_strait``), each unit's distance to the Hokkaido capes, each
    unit's nearest neighbour, the distance to the SSBN base, Japan's and Russia's areas and the
    populations. Every number comes from the arguments; a part whose data is missing is left
    out rather than guessed.
    """
    by_id = places.set_index(places["place_id"].astype(str))
    label = {pid: names.label(by_id.loc[pid], convention)
             for pid in (*capes, base) if pid in by_id.index}
    cape_cols = [label[c] for c in capes if c in label and label[c] in shore.columns]
    lines: list[str] = []
    strait_line = _straits_line(straits, highlight_strait)
    if strait_line:
        lines.append(strait_line)
    if cape_cols and not shore.empty:
        lines.append("- Nearest coast of each disputed unit to Hokkaido's capes: " + "; ".join(
            f"{unit} - " + ", ".join(f"{_km(shore.loc[unit, c])} to {c}" for c in cape_cols)
            for unit in shore.index) + ".")
    if len(between) > 1:
        parts = []
        for unit in between.index:
            others = between.loc[unit].drop(unit)
            nearest = others.astype(float).idxmin()
            parts.append(f"{unit} to {nearest} {_km(others[nearest])}")
        lines.append("- Each unit's nearest neighbour, coast to coast: " + "; ".join(parts) + ".")
    base_col = label.get(base)
    if base_col is not None and base_col in shore.columns and not shore.empty:
        col = shore[base_col].astype(float)
        lines.append(f"- The {base_col} lies between {_km(col.min())} "
                     f"({col.idxmin()}) and {_km(col.max())} ({col.idxmax()}) from the "
                     "nearest coast of the disputed units.")
    lines.extend(_measure_lines(side))
    if not lines:
        return "- No figures to summarise: the tables are empty."
    return "\n".join(lines)
