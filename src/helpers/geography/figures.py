"""Notebook 02's figure of island measures: Japan's and Russia's figures as paired bars."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from helpers import style
from helpers.geography.tables import MEASURE_LABELS, latest_figure, island_labels


def measures_chart(
    measures: pd.DataFrame,
    islands: pd.DataFrame,
    panels: Sequence[tuple[str, Sequence[str]]] = (
        ("Area (km²)", ("area_km2",)),
        ("Population", ("population_1945", "population")),
    ),
    convention: str | None = None,
    figsize: tuple[float, float] = (10.0, 5.2),
) -> Figure:
    """Paired horizontal bars of island measures: one bar per country, islands down the side.

    Each panel shows the measures listed for it (e.g. Japan's 1945 population figure next to the
    latest Russian count); the most recent figure per island, measure and country is drawn,
    with its value written at the bar's end. Bars use a log scale, so islets of 2 km² and
    islands of 3,000 km² are both readable. Only islands with a Japanese or Russian figure in
    one of the panels are listed.
    """
    labels = island_labels(islands, convention)
    order = list(islands["island_id"].astype(str))
    # constrained layout: the margin follows the longest island label
    fig, axes = plt.subplots(1, len(panels), figsize=figsize, sharey=True, layout="constrained")
    axes = np.atleast_1d(axes)
    used = [m for _, which in panels for m in which]
    has_figure = measures[
        measures["measure"].astype(str).isin(used)
        & measures["country"].astype(str).isin(("JP", "RU"))
    ]
    shown = [i for i in order if i in set(has_figure["island_id"].astype(str))]
    y = np.arange(len(shown))
    for ax, (title, which) in zip(axes, panels, strict=True):
        top = _measure_bars(ax, measures, which, shown, y)
        ax.set_xscale("log")
        if top > 0:
            ax.set_xlim(right=top * 6)
        ax.set_title(title, loc="left")
        if ax.get_legend_handles_labels()[0]:  # none before the record's first figure (as_of)
            ax.legend(loc="lower right", fontsize=9)
        ax.set_xlabel("log scale")
    axes[0].set_yticks(y, [labels.get(i, i) for i in shown])
    axes[0].invert_yaxis()
    return fig


def _measure_bars(ax: Any, measures: pd.DataFrame, which: Sequence[str], shown: Sequence[str],
                  y: np.ndarray) -> float:
    """One bar series per measure of ``which`` and country, each bar labelled; the largest value."""
    series = []  # (measure, country, rows)
    for measure in which:
        for country in ("JP", "RU"):
            mask = (measures["measure"].astype(str) == measure) & (measures["country"].astype(str) == country)
            if mask.any():
                series.append((measure, country, measures[mask]))
    height = 0.8 / max(1, len(series))
    top = 0.0
    for k, (measure, country, rows) in enumerate(series):
        values = []
        for island_id in shown:
            best = latest_figure(rows[rows["island_id"].astype(str) == island_id])
            values.append(np.nan if best is None else float(best["value"]))
        offset = -0.4 + height * (k + 0.5)
        vals = np.asarray(values, dtype=float)
        ok = ~np.isnan(vals)
        ax.barh(y[ok] + offset, vals[ok], height=height * 0.92, color=style.COUNTRY_COLORS[country],
                alpha=1.0 if measure == which[-1] or len(which) == 1 else 0.55,
                label=f"{country}: {MEASURE_LABELS.get(measure, measure)}")
        for yy, v in zip(y[ok] + offset, vals[ok], strict=True):
            ax.text(v * 1.08, yy, f"{v:,.0f}" if v >= 100 else f"{v:,.3g}", va="center", fontsize=9)
        if ok.any():
            top = max(top, float(np.nanmax(vals)))
    return top
