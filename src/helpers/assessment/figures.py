"""Notebook 05's figures: verdict counts and every claim's evidence over time; the counts at each date."""

from __future__ import annotations

from typing import Any

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from helpers import style
from helpers.assessment.verdicts import VERDICTS
from helpers.schema import enum

#: Marker of each ``claim_evidence.relation`` (colours: :data:`helpers.style.RELATION_COLORS`).
RELATION_MARKERS: dict[str, str] = {"supports": "o", "contradicts": "X", "context": ".", "later_development": "D"}


def verdict_figure(
    table: pd.DataFrame,
    dated: pd.DataFrame,
    interview_date: pd.Timestamp | str,
    start: str = "2008-01-01",
    end: str = "2026-01-01",
) -> Figure:
    """Verdict counts (left) and every claim's evidence over time (right).

    ``table`` is :func:`helpers.assessment.verdicts`, ``dated`` is
    :func:`helpers.assessment.dated_evidence`. Evidence dated before ``start`` is drawn at
    ``start`` as a left-pointing triangle with its year; undated evidence is not drawn.
    """
    when = pd.Timestamp(interview_date)
    lo, hi = pd.Timestamp(start), pd.Timestamp(end)
    claims = table.sort_values("claim_id").reset_index(drop=True)
    n = len(claims)
    fig = style.new_figure(figsize=(11, max(4.0, 0.32 * n + 2.2)), layout="constrained")
    grid = fig.add_gridspec(1, 2, width_ratios=[1.2, 4.2])
    _verdict_bars(fig.add_subplot(grid[0, 0]), claims)
    ax = fig.add_subplot(grid[0, 1])
    y_of = {cid: i for i, cid in enumerate(claims["claim_id"].astype(str))}
    _evidence_points(ax, dated, y_of, lo)
    ax.axvline(when, color=style.INTERVIEW_COLOR, linewidth=1.3, zorder=2)
    ax.annotate(f"interview {when:%d %b %Y}", (when, -0.9), xytext=(4, 0), textcoords="offset points",
                va="center", fontsize=9, color=style.INTERVIEW_COLOR)
    ax.set_xlim(lo, hi)
    ax.set_ylim(n - 0.4, -1.4)
    _claim_ticks(ax, claims)
    ax.grid(axis="y", color=style.FAINT_GREY, linewidth=0.6, zorder=1)
    ax.xaxis.set_major_locator(mdates.YearLocator(2))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.set_title(f"Evidence per claim over time (◄ = before {lo.year}, with its year)", loc="left")
    relations = enum("claim_evidence", "relation")
    handles = [Line2D([], [], marker=RELATION_MARKERS[r], linestyle="", color=style.RELATION_COLORS[r],
                      label=r.replace("_", " "), markersize=7 if r != "context" else 10) for r in relations]
    handles += [Patch(color=style.VERDICT_COLORS[v], label=f"verdict: {v}") for v in VERDICTS]
    fig.legend(handles=handles, loc="outside lower center", ncol=(len(handles) + 1) // 2, fontsize=9,
               handletextpad=0.3, columnspacing=1.2)
    return fig


def _verdict_bars(ax: Any, claims: pd.DataFrame) -> None:
    """Claims per verdict, as horizontal bars in verdict order, each with its count."""
    counts = claims["verdict"].astype(str).value_counts().reindex(list(VERDICTS), fill_value=0)
    ax.barh(range(len(VERDICTS)), counts.to_numpy(), color=[style.VERDICT_COLORS[v] for v in VERDICTS])
    for i, v in enumerate(counts.to_numpy()):
        ax.text(v + 0.1, i, str(int(v)), va="center", fontsize=9)
    ax.set_yticks(range(len(VERDICTS)), list(VERDICTS))
    ax.invert_yaxis()
    ax.set_xlim(0, max(int(counts.max()), 1) + 1.5)
    ax.set_xlabel("claims")
    ax.set_title("Verdicts", loc="left")


def _evidence_points(ax: Any, dated: pd.DataFrame, y_of: dict[str, int], lo: pd.Timestamp) -> None:
    """One marker per dated evidence row on its claim's line; rows before ``lo`` as ◄ at ``lo``."""
    for rel in enum("claim_evidence", "relation"):
        sub = dated[(dated["relation"] == rel) & dated["evidence_date"].notna() & dated["claim_id"].isin(y_of)]
        inside = sub[sub["evidence_date"] >= lo]
        ax.scatter(inside["evidence_date"], inside["claim_id"].map(y_of), marker=RELATION_MARKERS[rel],
                   s=40 if rel != "context" else 60, color=style.RELATION_COLORS[rel], zorder=3, linewidth=0.3,
                   edgecolor="white")
        early = sub[sub["evidence_date"] < lo]
        ax.scatter([lo] * len(early), early["claim_id"].map(y_of), marker="<", s=40,
                   color=style.RELATION_COLORS[rel], zorder=3, clip_on=False)
    early_all = dated[dated["evidence_date"].notna() & (dated["evidence_date"] < lo) & dated["claim_id"].isin(y_of)]
    for claim_id, part in early_all.groupby("claim_id"):
        years = ", ".join(sorted({f"{d:%Y}" for d in part["evidence_date"]}))
        ax.annotate(years, (lo, y_of[str(claim_id)]), xytext=(6, 0), textcoords="offset points",
                    va="center", fontsize=9, color=style.DIM)


def _claim_ticks(ax: Any, claims: pd.DataFrame) -> None:
    """Claim labels on the left and verdicts on the right, both in the verdict's colour."""
    n = len(claims)
    verdicts = claims["verdict"].astype(str)
    ylabels = [f"{rec['claim_id']} ¶{rec['paragraph']} {str(rec['topic']).replace('_', ' ')}"
               for rec in claims.to_dict("records")]
    ax.set_yticks(range(n), ylabels, fontsize=9)
    for tick, verdict in zip(ax.get_yticklabels(), verdicts, strict=True):
        tick.set_color(style.VERDICT_COLORS[verdict])
    sec = ax.secondary_yaxis("right")
    sec.set_yticks(range(n), verdicts.tolist(), fontsize=9)
    for tick, verdict in zip(sec.get_yticklabels(), verdicts, strict=True):
        tick.set_color(style.VERDICT_COLORS[verdict])
    sec.tick_params(length=0)


def verdicts_over_time_figure(counts: pd.DataFrame) -> Figure:
    """Claims per verdict at each date of ``counts`` (:func:`helpers.assessment.counts_over_time`):
    one stacked bar per date, each segment labelled with its count.

    Bars are labelled by date (the interview's and the last date in full, year ends by year).
    """
    fig = style.new_figure(figsize=(11, 4.6), layout="constrained")
    ax = fig.add_subplot()
    x = range(len(counts))
    bottom = pd.Series(0, index=counts.index, dtype=float)
    for verdict in VERDICTS:
        values = counts[verdict].astype(float)
        ax.bar(x, values, bottom=bottom, width=0.7, color=style.VERDICT_COLORS[verdict], label=verdict,
               edgecolor="white", linewidth=0.8)
        for i, (v, b) in enumerate(zip(values, bottom, strict=True)):
            if v > 0:
                ax.text(i, b + v / 2, f"{int(v)}", ha="center", va="center", fontsize=10,
                        color="white" if verdict != "open" else "black")
        bottom = bottom + values
    ax.set_xticks(list(x), [_point_label(rec) for rec in counts.to_dict("records")], fontsize=9)
    ax.set_ylabel("claims")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylim(0, float(bottom.max()) * 1.02 if len(counts) else 1)
    ax.set_title("Verdicts on the interview's claims as the record stood at each date", loc="left")
    fig.legend(*ax.get_legend_handles_labels(), loc="outside right upper", fontsize=10, reverse=True)
    return fig


def _point_label(rec: dict) -> str:
    """x label of one checkpoint: "interview\n2018-12-05", "end 2019", "record\n2025-12-01"."""
    date = pd.Timestamp(rec["date"])
    if rec["point"] == "year end":
        return f"end\n{date.year}"
    return f"{'interview' if rec['point'] == 'interview' else 'as of'}\n{date:%Y-%m-%d}"
