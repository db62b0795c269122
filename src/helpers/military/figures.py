"""Notebook 03's chart: deployment records by year of first known date, stacked by category."""

from __future__ import annotations

from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from helpers import page, style


def buildup_chart(
    by_year: pd.DataFrame,
    interview_date: pd.Timestamp | str,
    withdrawals: pd.Series | None = None,
    since: int | None = None,
    figsize: tuple[float, float] = (10.0, 4.2),
    title: str = "Deployment records by year of first known date, by category",
) -> Figure:
    """Stacked bars of :func:`helpers.military.deployments_by_year`, with the interview date marked.

    A year's bar spans that calendar year, so the interview line sits at its true date.
    ``withdrawals`` (:func:`helpers.military.withdrawals_by_year`) are drawn as hatched bars below zero.
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
    bottom, handles = _stacked_bars(ax, by_year, years)
    low = 0.0
    if withdrawals is not None and len(withdrawals):
        low = _withdrawal_bars(ax, withdrawals)
        handles.append(Patch(facecolor="white", edgecolor=style.DIM, hatch="////",
                             label="withdrawn (by end date)"))
    position = date.year + (date.day_of_year - 1) / (366 if date.is_leap_year else 365)
    ax.axvline(position, color="black", linestyle="--", linewidth=1)
    top = float(bottom.max()) if len(bottom) else 1.0
    ax.text(position + 0.08, top * 1.1 + 0.4, f"interview {date:%d %b %Y}", ha="left",
            va="top", fontsize=10)
    ax.set_ylim(low * 1.3 if low else 0, top * 1.15 + 0.5)
    if earlier:
        ax.text(1.02, 0.0, f"+ {page.count(earlier, 'record')} dated\nbefore {since}, not shown", ha="left",
                va="bottom", transform=ax.transAxes, fontsize=10, color=style.DIM)
    if len(years):
        ax.set_xlim(years.min() - 0.2, years.max() + 1.2)
        step = 1 if len(years) <= 14 else 2
        ticks = np.arange(years.min(), years.max() + 1, step)
        ax.set_xticks(ticks + 0.5, [f"{int(t)}" for t in ticks])
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_ylabel("deployment records")
    ax.set_title(title, loc="left")
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=10)
    fig.subplots_adjust(left=0.07, right=0.74, top=0.9, bottom=0.12)
    return fig


def _stacked_bars(ax: Any, by_year: pd.DataFrame, years: np.ndarray) -> tuple[np.ndarray, list[Patch]]:
    """One stacked bar per year, a layer per category; the bar tops and the legend patches."""
    bottom = np.zeros(len(years))
    handles = []
    for category in by_year.columns:
        values = by_year[category].to_numpy(dtype=float)
        color = style.DEPLOYMENT_COLORS[str(category)]
        ax.bar(years + 0.5, values, width=0.8, bottom=bottom, color=color,
               edgecolor="white", linewidth=0.5)
        handles.append(Patch(facecolor=color, label=str(category).replace("_", " ")))
        bottom += values
    return bottom, handles


def _withdrawal_bars(ax: Any, withdrawals: pd.Series) -> float:
    """Hatched bars below zero, one per year with withdrawals; the lowest value drawn."""
    w_values = withdrawals.to_numpy(dtype=float)
    ax.bar(np.asarray(withdrawals.index, dtype=float) + 0.5, -w_values, width=0.8, color="white",
           edgecolor=style.DIM, hatch="////", linewidth=0.6)
    ax.axhline(0, color=style.DIM, linewidth=0.6)
    return -float(w_values.max())
