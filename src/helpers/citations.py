"""The sources behind what a notebook shows: every cited ``source_id`` resolved to its row.

Each notebook ends with ``citations.cited_sources(sources, frame, ...)``, so a reader follows any
figure to its source in one step.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd


def cited_sources(sources: pd.DataFrame, *frames: pd.DataFrame | Iterable[str]) -> pd.DataFrame:
    """The rows of the sources table cited by ``frames`` (source_id, title, publisher, url).

    Each argument is a DataFrame, whose columns ending in ``source_id`` (``source_id``,
    ``original_source_id``) or ``source`` (``JP source`` of a side-by-side table) are read, or an
    iterable of source ids. Sorted by source_id;
    an unknown id is kept with an empty title so that a missing source shows rather than
    silently dropping out.
    """
    ids: set[str] = set()
    for frame in frames:
        if isinstance(frame, pd.DataFrame):
            for column in [c for c in frame.columns if str(c).endswith(("source_id", "source"))]:
                ids.update(str(v) for v in frame[column].dropna())
        else:
            ids.update(str(v) for v in frame)
    ids.discard("")
    table = sources.set_index(sources["source_id"].astype(str))
    rows = []
    for sid in sorted(ids):
        if sid in table.index:
            src = table.loc[sid]
            rows.append((sid, str(src["title"]), str(src["publisher"]), str(src["url"])))
        else:
            rows.append((sid, "", "", ""))
    return pd.DataFrame(rows, columns=["source_id", "title", "publisher", "url"])
