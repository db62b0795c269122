"""Notebook 04's timeline figure: events 1855-2025 by category, phases and the interview date."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from helpers import style
from helpers.schema import in_enum_order
from helpers.timeline.tables import PHASES, Phase


def _draw_phases(ax, phases: Sequence[Phase], lo: pd.Timestamp, hi: pd.Timestamp, y_top: float) -> None:
    shades = style.PHASE_SHADES
    for k, phase in enumerate(phases):
        start, end = max(phase.start, lo), min(phase.end, hi)
        if start >= end:
            continue
        ax.axvspan(start, end, color=shades[k % 2], zorder=0, linewidth=0)
        ax.text(start + (end - start) / 2, y_top, "\n".join(textwrap.wrap(phase.label, 14)),
                ha="center", va="bottom", fontsize=7.5, color=style.CHARCOAL)


def _place_numbers(xs_in: Sequence[float], min_gap: float = 0.2, levels: int = 3) -> list[int]:
    """Greedy stacking level for labels at horizontal positions ``xs_in`` (inches)."""
    placed: list[tuple[float, int]] = []
    out = []
    for x in xs_in:
        level = 0
        while any(abs(x - px) < min_gap and pl == level for px, pl in placed) and level < levels - 1:
            level += 1
        placed.append((x, level))
        out.append(level)
    return out


def _draw_numbered(ax, hi_part: pd.DataFrame, cats: Sequence[str], y_of: dict[str, int],
                   number_of: dict[str, int], span: tuple[pd.Timestamp, pd.Timestamp]) -> None:
    """The events the interview refers to: larger dots with a black edge and their number."""
    lo, hi = span
    width_in = 9.3
    span_days = (hi - lo).days
    for cat in cats:
        sub = hi_part[hi_part["category"] == cat]
        if sub.empty:
            continue
        xs_in = [(d - lo).days / span_days * width_in for d in sub["date"]]
        levels = _place_numbers(xs_in)
        for (rec, level) in zip(sub.to_dict("records"), levels, strict=True):
            y = y_of[cat]
            ax.scatter([rec["date"]], [y], s=70, color=style.EVENT_COLORS[cat],
                       edgecolor="black", linewidth=1.2, zorder=4)
            ax.annotate(str(number_of[rec["event_id"]]), (rec["date"], y), xytext=(0, 7 + 9 * level),
                        textcoords="offset points", ha="center", va="bottom", fontsize=7.5,
                        fontweight="bold", zorder=5)


def _draw_key(key, highlighted: pd.DataFrame, key_rows: int) -> None:
    """The list of numbered events (date, title, paragraph) under the panels."""
    key.axis("off")
    key.set_xlim(0, 2)
    key.set_ylim(key_rows + 0.2, -0.9)
    key.text(0, -0.8, "Numbered: events the interview refers to (paragraph in brackets)", fontsize=8.5,
             fontweight="bold", va="top")
    for k, rec in enumerate(highlighted.to_dict("records")):
        col, row = divmod(k, key_rows)
        para = rec.get("interview_paragraph")
        para_txt = f" (¶{int(para)})" if para is not None and not pd.isna(para) else ""
        title = textwrap.shorten(str(rec["title"]), 60, placeholder="...")
        key.text(col, row + 0.25, f"{k + 1}  {rec['date']:%Y-%m-%d}  {title}{para_txt}", fontsize=7.5, va="top")


def timeline_figure(
    events: pd.DataFrame,
    interview_date: pd.Timestamp | str,
    phases: Sequence[Phase] = PHASES,
    split: str = "1990-01-01",
    start: str = "1853-01-01",
    end: str = "2026-01-01",
) -> Figure:
    """Events 1855-2025 by category, with phases, interview-referenced events and the interview date.

    Two panels share the category rows: ``start``-``split`` and ``split``-``end`` (the recent
    decades are crowded). Events the interview refers to (``in_interview``) are drawn larger with
    a black edge and a number; the numbers are listed with date and title under the panels.
    """
    when = pd.Timestamp(interview_date)
    cats = in_enum_order(events["category"], "events", "category")
    ev = events.copy()
    ev["date"] = pd.to_datetime(ev["date"])
    ev["in_interview"] = ev["in_interview"].fillna(False).astype(bool)
    ev["category"] = ev["category"].astype(str)
    ev = ev.sort_values(["date", "event_id"]).reset_index(drop=True)
    highlighted = ev[ev["in_interview"]].reset_index(drop=True)
    n_key = len(highlighted)
    key_rows = (n_key + 1) // 2
    height = 0.42 * len(cats) * 2 + 2.0 + 0.2 * key_rows
    fig = style.new_figure(figsize=(11, height), layout="constrained")
    grid = fig.add_gridspec(3, 1, height_ratios=[len(cats) + 1.6, len(cats) + 1.6, 0.55 * key_rows + 0.6])
    bounds = [(pd.Timestamp(start), pd.Timestamp(split)), (pd.Timestamp(split), pd.Timestamp(end))]
    y_of = {c: i for i, c in enumerate(reversed(cats))}
    number_of = {eid: k + 1 for k, eid in enumerate(highlighted["event_id"])}
    for panel, (lo, hi) in enumerate(bounds):
        ax = fig.add_subplot(grid[panel, 0])
        part = ev[(ev["date"] >= lo) & (ev["date"] < hi)]
        _draw_phases(ax, phases, lo, hi, len(cats) - 0.2)
        for cat in cats:
            sub = part[(part["category"] == cat) & ~part["in_interview"]]
            ax.scatter(sub["date"], [y_of[cat]] * len(sub), s=22, color=style.EVENT_COLORS[cat],
                       alpha=0.85, edgecolor="white", linewidth=0.4, zorder=3)
        _draw_numbered(ax, part[part["in_interview"]], cats, y_of, number_of, (lo, hi))
        if lo <= when < hi:
            ax.axvline(when, color=style.INTERVIEW_COLOR, linewidth=1.3, zorder=2)
            ax.annotate(f"interview\n{when:%d %b %Y}", (when, -0.6), xytext=(-4, 0), textcoords="offset points",
                        ha="right", va="bottom", fontsize=7.5, color=style.INTERVIEW_COLOR)
        ax.set_xlim(lo, hi)
        ax.set_ylim(-0.7, len(cats) + 1.1)
        ax.set_yticks(range(len(cats)), [c.replace("_", " ") for c in reversed(cats)])
        ax.xaxis.set_major_locator(mdates.YearLocator(20 if panel == 0 else 5))
        ax.xaxis.set_minor_locator(mdates.YearLocator(5 if panel == 0 else 1))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
        ax.grid(axis="y", color=style.PALE_GREY, linewidth=0.5, zorder=1)
        ax.set_title(f"{lo.year}-{hi.year - 1}" if panel else f"{max(lo.year, 1855)}-{hi.year - 1}",
                     loc="left", fontsize=10)
        if panel == 0:
            fig.suptitle("The Kuril dispute 1855-2025: events by category and historical phase", x=0.01,
                         ha="left", fontsize=12, fontweight="bold")
    _draw_key(fig.add_subplot(grid[2, 0]), highlighted, key_rows)
    handles = [Line2D([], [], marker="o", linestyle="", color=style.EVENT_COLORS[c], label=c.replace("_", " "))
               for c in cats]
    handles.append(Line2D([], [], color=style.INTERVIEW_COLOR, label="interview date"))
    fig.legend(handles=handles, loc="outside lower center", ncol=min(len(handles), 11), fontsize=7.5,
               handletextpad=0.2, columnspacing=0.9)
    return fig
