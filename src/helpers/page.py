"""What every notebook page shares: its parameters, how tables and source lists are shown.

A notebook starts with a cell tagged ``parameters`` (papermill's convention) and one call::

    as_of = None      # a date "YYYY-MM-DD": the record as it stood then; None: the whole record
    naming = "both"   # "both", "en", "ja" or "ru"

    from helpers import page
    record = page.start(as_of, naming)      # house style, no downloads, the tables as of the date
    claims = record["claims"]

Tables are shown with :func:`table`, one set of display rules for every notebook: Markdown that
renders the same on GitHub and in JupyterLab, text left-aligned and wrapped (never cut), numbers
right-aligned, whole numbers without ``.0``, dates as ``YYYY-MM-DD``, empty cells empty, lists
joined with commas, and long tables cut to their first rows with a link to the full CSV.
:func:`source_list` turns the cited sources into a Markdown list whose titles link to the source.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from IPython.display import Markdown
from tabulate import tabulate

from helpers import asof, citations, load, names, paths, style


class ParameterError(ValueError):
    """A notebook parameter that cannot be used (one clear message, raised before any work)."""


@dataclass(frozen=True)
class Parameters:
    """Checked notebook parameters: ``as_of`` (None = the whole record) and ``naming``."""

    as_of: dt.date | None
    naming: str

    @property
    def as_of_text(self) -> str:
        """``YYYY-MM-DD``, or "the whole record" when no date is set."""
        return self.as_of.isoformat() if self.as_of else "the whole record"


def parameters(as_of: object = None, naming: object = "both") -> Parameters:
    """Check the two notebook parameters; raise :class:`ParameterError` naming the bad one."""
    try:
        day = asof.parse(as_of)
    except asof.AsOfError as error:
        raise ParameterError(str(error)) from None
    if naming not in names.CONVENTIONS:
        raise ParameterError(f"naming: {naming!r} is not one of {', '.join(names.CONVENTIONS)}")
    return Parameters(day, str(naming))


def start(as_of: object = None, naming: object = "both") -> dict[str, pd.DataFrame]:
    """Set a notebook up and return every data table as it stood on ``as_of``.

    With parameters other than the defaults (a papermill run, say), figures go to the rerun's
    own folder, ``build/as-of-<date>-<naming>/figures``, never over the committed ``figures/``
    (unless ``KURIL_FIGURES_DIR`` says where: the runner's staging folder).
    """
    checked = parameters(as_of, naming)
    style.setup_notebook()
    names.set_convention(checked.naming)
    if (checked.as_of, checked.naming) != (None, "both") and not os.environ.get("KURIL_FIGURES_DIR"):
        style.set_figures_dir(paths.rerun_dir(checked.as_of, checked.naming) / "figures")
    return asof.record(load.tables(), checked.as_of)


def long_date(date: object) -> str:
    """A date as a reader writes it in a sentence: "5 December 2018"."""
    day = pd.Timestamp(date)
    return f"{day.day} {day:%B %Y}"


def count(n: int, noun: str) -> str:
    """``n`` and ``noun``, plural unless one: "1 record", "2 records"."""
    return f"{n} {noun}" + ("" if n == 1 else "s")


def cell(value: object) -> str:
    """One value as table text: empty for missing, ``12`` not ``12.0``, dates as ``YYYY-MM-DD``."""
    if isinstance(value, (list, tuple)):
        return ", ".join(cell(item) for item in value)
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, (float, np.floating)):
        value = float(value)
        if math.isnan(value):
            return ""
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.4f}".rstrip("0")
    if isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_)):
        return f"{value:,}" if abs(value) >= 10_000 else str(value)
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).replace("|", "\\|").replace("\n", " ").strip()


def table(
    frame: pd.DataFrame,
    labels: Mapping[str, str] | None = None,
    max_rows: int | None = None,
    csv: str | None = None,
) -> Markdown:
    """``frame`` as a Markdown table under the house display rules.

    ``labels`` renames columns for the reader (short labels, units in headers). With
    ``max_rows``, only the first rows are shown and a line says how many more there are, linking
    to ``csv`` (a path relative to the notebook, e.g. ``../data/events.csv``) when given.
    """
    shown = frame.head(max_rows) if max_rows is not None else frame
    headers = [(labels or {}).get(str(c), str(c)) for c in frame.columns]
    align = [
        "right" if pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c]) else "left"
        for c in frame.columns
    ]
    rows = [[cell(v) for v in row] for row in shown.itertuples(index=False, name=None)]
    text = tabulate(rows, headers=headers, tablefmt="pipe", colalign=align, disable_numparse=True)
    hidden = len(frame) - len(shown)
    if hidden > 0:
        more = f"{hidden} more row{'s' if hidden != 1 else ''}"
        text += f"\n\n*First {len(shown)} of {len(frame)} rows; {more} in [{csv}]({csv}).*" if csv else \
            f"\n\n*First {len(shown)} of {len(frame)} rows ({more} not shown).*"
    return Markdown(text)


def source_list(sources: pd.DataFrame, *frames: pd.DataFrame | Iterable[str]) -> Markdown:
    """The sources cited by ``frames`` as a Markdown list: linked title, publisher, date, id."""
    cited = citations.cited_sources(sources, *frames)
    published = sources.set_index(sources["source_id"].astype(str))["published"]
    lines = []
    for row in cited.itertuples(index=False):
        title = cell(row.title) or "(missing source row)"
        link = f"[{title.replace('[', '(').replace(']', ')')}]({row.url})" if row.url else title
        date = cell(published.get(row.source_id))
        details = ", ".join(part for part in (cell(row.publisher), date) if part)
        lines.append(f"- {link}" + (f". {details}" if details else "") + f". `{row.source_id}`")
    return Markdown("\n".join(lines))
