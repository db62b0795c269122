"""Notebook 04's timeline figure: events 1855-2025 by category, phases and the interview date.

Every text a reader must read is at least :data:`READABLE_PT` points: the figure is 11 in wide
at 100 dpi and is shown about 930 px wide (JupyterLab, GitHub), so 11 pt in the figure is about
9.3 pt on screen.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.figure import Figure

from helpers import style
from helpers.schema import in_enum_order
from helpers.timeline.tables import TIMELINE_END, Phase

#: Smallest font size (points) of the text a reader must read: footnotes, numbers, labels.
READABLE_PT = 11.0


def _draw_phases(ax, phases: Sequence[Phase], lo: pd.Timestamp, hi: pd.Timestamp, y_top: float) -> None:
    shades = style.PHASE_SHADES
    for k, phase in enumerate(phases):
        start, end = max(phase.start, lo), min(phase.end, hi)
        if start >= end:
            continue
        ax.axvspan(start, end, color=shades[k % 2], zorder=0, linewidth=0)
        if (end - start) / (hi - lo) < 0.07:  # too narrow a band for a legible label
            continue
        ax.text(start + (end - start) / 2, y_top, "\n".join(textwrap.wrap(phase.label, 12)),
                ha="center", va="bottom", fontsize=READABLE_PT, color=style.CHARCOAL)


def _place_numbers(xs_in: Sequence[float], min_gap: float = 0.25, levels: int = 3) -> list[int]:
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
            ax.annotate(str(number_of[rec["event_id"]]), (rec["date"], y), xytext=(0, 7 + 12 * level),
                        textcoords="offset points", ha="center", va="bottom", fontsize=READABLE_PT,
                        fontweight="bold", zorder=5)


def _draw_key(key, highlighted: pd.DataFrame) -> None:
    """The list of numbered events (date, title, paragraph) under the panels, one a line."""
    key.axis("off")
    key.set_xlim(0, 1)
    key.set_ylim(len(highlighted) + 0.2, -1.2)
    key.text(0, -1.1, "Numbered: the events the interview refers to (its paragraph in brackets)",
             fontsize=READABLE_PT, fontweight="bold", va="top")
    for k, rec in enumerate(highlighted.to_dict("records")):
        para = rec.get("interview_paragraph")
        para_txt = f" (¶{int(para)})" if para is not None and not pd.isna(para) else ""
        title = textwrap.shorten(str(rec["title"]), 100, placeholder="...")
        key.text(0, k + 0.1, f"{k + 1}   {rec['date']:%Y-%m-%d}   {title}{para_txt}",
                 fontsize=READABLE_PT, va="top")


def _bounds(start: str, split: str, end: str) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    """The panels' spans: ``start``-``split`` and ``split``-``end``, or one when ``end`` <= ``split``."""
    lo, mid, hi = pd.Timestamp(start), pd.Timestamp(split), pd.Timestamp(end)
    return [(lo, mid), (mid, hi)] if hi > mid else [(lo, hi)]


def _draw_panel(ax, part: pd.DataFrame, cats: Sequence[str], phases: Sequence[Phase],
                span: tuple[pd.Timestamp, pd.Timestamp], number_of: dict[str, int],
                when: pd.Timestamp, wide: bool) -> None:
    """One panel: phase bands, the events by category row, the numbered ones, the interview."""
    lo, hi = span
    y_of = {c: i for i, c in enumerate(reversed(cats))}
    _draw_phases(ax, phases, lo, hi, len(cats) - 0.2)
    for cat in cats:
        sub = part[(part["category"] == cat) & ~part["in_interview"]]
        ax.scatter(sub["date"], [y_of[cat]] * len(sub), s=26, color=style.EVENT_COLORS[cat],
                   alpha=0.85, edgecolor="white", linewidth=0.4, zorder=3)
    _draw_numbered(ax, part[part["in_interview"]], cats, y_of, number_of, (lo, hi))
    if lo <= when < hi:
        ax.axvline(when, color=style.INTERVIEW_COLOR, linewidth=1.3, zorder=2)
        ax.annotate(f"interview\n{when:%d %b %Y}", (when, -0.6), xytext=(-4, 0), textcoords="offset points",
                    ha="right", va="bottom", fontsize=READABLE_PT, color=style.INTERVIEW_COLOR)
    ax.set_xlim(lo, hi)
    ax.set_ylim(-0.7, len(cats) + 1.3)
    ax.set_yticks(range(len(cats)), [c.replace("_", " ") for c in reversed(cats)], fontsize=READABLE_PT)
    years = (hi - lo).days / 365.25
    ax.xaxis.set_major_locator(mdates.YearLocator(20 if wide and years > 60 else 5))
    ax.xaxis.set_minor_locator(mdates.YearLocator(5 if wide and years > 60 else 1))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.tick_params(axis="x", labelsize=READABLE_PT)
    ax.grid(axis="y", color=style.PALE_GREY, linewidth=0.5, zorder=1)
    last = hi - pd.Timedelta(days=1)
    ax.set_title(f"{max(lo.year, 1855)}-{last.year}", loc="left", fontsize=READABLE_PT + 1)


def timeline_figure(
    events: pd.DataFrame,
    phases: Sequence[Phase],
    interview_date: pd.Timestamp | str,
    split: str = "1990-01-01",
    start: str = "1853-01-01",
    end: str | pd.Timestamp = TIMELINE_END,
) -> Figure:
    """Events 1855-2025 by category, with phases, interview-referenced events and the interview date.

    Two panels share the category rows: ``start``-``split`` and ``split``-``end`` (the recent
    decades are crowded); one panel when ``end`` is on or before ``split`` (an early as-of date).
    Events the interview refers to (``in_interview``) are drawn larger with a black edge and a
    number; the numbers are listed with date and title under the panels, one a line.
    """
    when = pd.Timestamp(interview_date)
    cats = in_enum_order(events["category"], "events", "category")
    ev = events.copy()
    ev["date"] = pd.to_datetime(ev["date"])
    ev["in_interview"] = ev["in_interview"].fillna(False).astype(bool)
    ev["category"] = ev["category"].astype(str)
    ev = ev.sort_values(["date", "event_id"]).reset_index(drop=True)
    highlighted = ev[ev["in_interview"]].reset_index(drop=True)
    bounds = _bounds(start, split, end)
    key_height = 0.24 * (len(highlighted) + 1.5) if len(highlighted) else 0.0
    panel_height = 0.42 * len(cats) + 1.2
    fig = style.new_figure(figsize=(11, panel_height * len(bounds) + key_height + 0.8), layout="constrained")
    ratios = [panel_height] * len(bounds) + ([key_height] if key_height else [])
    grid = fig.add_gridspec(len(ratios), 1, height_ratios=ratios)
    number_of = {eid: k + 1 for k, eid in enumerate(highlighted["event_id"])}
    for panel, (lo, hi) in enumerate(bounds):
        part = ev[(ev["date"] >= lo) & (ev["date"] < hi)]
        _draw_panel(fig.add_subplot(grid[panel, 0]), part, cats, phases, (lo, hi), number_of, when,
                    wide=panel == 0)
    if key_height:
        _draw_key(fig.add_subplot(grid[len(bounds), 0]), highlighted)
    span = f"{ev['date'].min():%Y}-{ev['date'].max():%Y}" if len(ev) else "1855"
    fig.suptitle(f"The Kuril dispute {span}: events by category and historical phase", x=0.01,
                 ha="left", fontsize=READABLE_PT + 3, fontweight="bold")
    return fig
