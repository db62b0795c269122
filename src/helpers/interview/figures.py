"""Notebook 01's figure: the claims by topic and subject, with the number of claims per topic."""

from __future__ import annotations

import re
import textwrap

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from helpers import style
from helpers.interview.tables import subject_labels, topic_counts, topic_subject_matrix


def _tick_label(label: str, kind: str) -> str:
    """A subject's label short enough for a tick: a strait's alternative names in brackets go."""
    if kind == "strait":
        label = re.sub(r"\s*\([^)]*\)", "", label)
    return textwrap.shorten(label, 36, placeholder="...")


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
    fig = style.new_figure(figsize=(11, max(4.5, 0.36 * n_rows + 3.6)), layout="constrained")
    grid = fig.add_gridspec(1, 2, width_ratios=[max(n_cols, 1), 3.2])
    ax = fig.add_subplot(grid[0, 0])
    bar = fig.add_subplot(grid[0, 1], sharey=ax)
    values = matrix.to_numpy()
    ax.imshow(np.ma.masked_equal(values, 0), cmap="Blues", vmin=0, vmax=max(values.max(), 1) + 0.5,
              aspect="auto")
    for (i, j), v in np.ndenumerate(values):
        if v:
            dark = v > 0.6 * values.max()  # white on the darkest blues
            ax.text(j, i, str(v), ha="center", va="center", fontsize=9.5,
                    color="white" if dark else "black")
    ax.set_xticks(range(n_cols), [_tick_label(labels.loc[s, "label"], labels.loc[s, "kind"])
                                  for s in matrix.columns], rotation=60,
                  ha="right", rotation_mode="anchor", fontsize=10)
    ax.set_yticks(range(n_rows), [t.replace("_", " ") for t in matrix.index], fontsize=10)
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
        bar.text(v + 0.05, i, str(int(v)), va="center", fontsize=9.5)
    bar.set_xlim(0, counts.max() + 1)
    bar.set_xlabel("claims")
    bar.tick_params(axis="y", left=False, labelleft=False)
    bar.set_title("Per topic", loc="left")
    return fig
