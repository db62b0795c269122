"""Notebook 01's figures: claims by topic and subject, and the island-by-island view."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from helpers import style
from helpers.interview.tables import (
    HANDOVER_LEVELS,
    MILITARY_LEVELS,
    island_view,
    subject_labels,
    topic_counts,
    topic_subject_matrix,
)


def claims_topic_subject_figure(
    claims: pd.DataFrame,
    islands: pd.DataFrame,
    straits: pd.DataFrame | None = None,
    places: pd.DataFrame | None = None,
) -> Figure:
    """Heat map of claims by topic and subject, with the number of claims per topic alongside."""
    matrix = topic_subject_matrix(claims, islands, straits, places)
    labels = subject_labels(list(matrix.columns), islands, straits, places).set_index("subject")
    counts = topic_counts(claims).reindex(matrix.index)
    n_rows, n_cols = matrix.shape
    fig = style.new_figure(figsize=(11, max(4.5, 0.32 * n_rows + 3.2)), layout="constrained")
    grid = fig.add_gridspec(1, 2, width_ratios=[max(n_cols, 1), 3.2])
    ax = fig.add_subplot(grid[0, 0])
    bar = fig.add_subplot(grid[0, 1], sharey=ax)
    values = matrix.to_numpy()
    ax.imshow(np.ma.masked_equal(values, 0), cmap="Blues", vmin=0, vmax=max(values.max(), 1) + 0.5,
              aspect="auto")
    for (i, j), v in np.ndenumerate(values):
        if v:
            ax.text(j, i, str(v), ha="center", va="center", fontsize=8)
    ax.set_xticks(range(n_cols), [textwrap.shorten(labels.loc[s, "label"], 30, placeholder="...")
                                  for s in matrix.columns], rotation=60,
                  ha="right", rotation_mode="anchor", fontsize=8)
    ax.set_yticks(range(n_rows), [t.replace("_", " ") for t in matrix.index])
    ax.set_xticks(np.arange(n_cols + 1) - 0.5, minor=True)
    ax.set_yticks(np.arange(n_rows + 1) - 0.5, minor=True)
    ax.grid(which="minor", color="white", linewidth=1.5)
    ax.tick_params(which="minor", length=0)
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)
    kinds = labels.loc[list(matrix.columns), "kind"].tolist()
    for j in range(1, n_cols):
        if kinds[j] != kinds[j - 1]:
            ax.axvline(j - 0.5, color=style.MUTED, linewidth=0.8)
    ax.set_title("Claims by topic and subject (cell = number of claims)", loc="left")
    bar.barh(range(n_rows), counts.to_numpy(), color=style.BLUE)
    for i, v in enumerate(counts.to_numpy()):
        bar.text(v + 0.05, i, str(int(v)), va="center", fontsize=8)
    bar.set_xlim(0, counts.max() + 1)
    bar.set_xlabel("claims")
    bar.tick_params(axis="y", left=False, labelleft=False)
    bar.set_title("Per topic", loc="left")
    return fig


def island_view_figure(claims: pd.DataFrame, islands: pd.DataFrame, units: Sequence[str] | None = None) -> Figure:
    """Military value (x) against handover prospects (y) per island, as the expert describes it.

    Each island sits in the cell of its two levels (see :func:`island_view`); islands sharing a
    cell are stacked, and each shows the claim ids the placement rests on.
    """
    view = island_view(claims, islands, units)
    fig = style.new_figure(figsize=(9, 5.6), layout="constrained")
    ax = fig.add_subplot()
    ax.set_xlim(-0.5, len(MILITARY_LEVELS) - 0.5)
    ax.set_ylim(-0.5, len(HANDOVER_LEVELS) - 0.5)
    for k in range(1, len(MILITARY_LEVELS)):
        ax.axvline(k - 0.5, color=style.LIGHT_GREY, linewidth=0.8)
    for k in range(1, len(HANDOVER_LEVELS)):
        ax.axhline(k - 0.5, color=style.LIGHT_GREY, linewidth=0.8)
    ax.set_xticks(range(len(MILITARY_LEVELS)), [f"{lvl}" for lvl in MILITARY_LEVELS])
    ax.set_yticks(range(len(HANDOVER_LEVELS)), [lvl.replace(" ", "\n") for lvl in HANDOVER_LEVELS])
    ax.set_xlabel("Military value to Russia (claims on deployments, submarine route, bases vs border guards only)")
    ax.set_ylabel("Prospects of a handover to Japan")
    ax.tick_params(length=0)
    cells: dict[tuple[int, int], list[dict[str, object]]] = {}
    for rec in view.to_dict("records"):
        key = (MILITARY_LEVELS.index(str(rec["military"])), HANDOVER_LEVELS.index(str(rec["handover"])))
        cells.setdefault(key, []).append(rec)
    for (x, y), recs in cells.items():
        n = len(recs)
        for k, rec in enumerate(recs):
            yy = y + (0.3 - 0.6 * k / max(n - 1, 1)) * (1 if n > 1 else 0)
            ax.plot(x - 0.36, yy, marker="o", markersize=9, color=style.DARK_RED if rec["military"] == "high" else style.NAVY)
            detail = f"military: {rec['military_claims'] or '-'}   handover: {rec['handover_claims'] or '-'}"
            ax.text(x - 0.3, yy + 0.035, str(rec["label"]), fontsize=9, fontweight="bold", va="bottom")
            ax.text(x - 0.3, yy - 0.035, detail, fontsize=7.5, va="top", color=style.DIM)
    ax.set_title("The expert's island-by-island view, derived from the claims' topics", loc="left")
    for side in ("top", "right"):
        ax.spines[side].set_visible(True)
    return fig

