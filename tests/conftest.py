"""Shared fixtures: a writable copy of the small valid data directory ``tests/data_fixtures/``.

``corpus`` is the one fixture factory for test data: a test writes the rows it needs
(:meth:`Corpus.put`) or takes a fixture set's tables (:meth:`Corpus.use`: the CSV files of a
subfolder of ``tests/data_fixtures/``, such as ``maps/``) and reads them back through the real
loaders (:meth:`Corpus.load`), so
every frame a test hands to the helpers has the dtypes the notebooks see (list cells are lists,
enums are ordered categoricals, dates are datetimes).
"""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from helpers import load, paths, timeline

FIXTURES = Path(__file__).parent / "data_fixtures"


class Corpus:
    """A copy of the fixture tables plus the real descriptor, with helpers to plant one defect."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def file(self, table: str) -> Path:
        """Path of ``<table>.csv`` in the copy."""
        return self.path / f"{table}.csv"

    def rows(self, table: str) -> list[list[str]]:
        """All CSV records, header first."""
        return list(csv.reader(io.StringIO(self.file(table).read_text(encoding="utf-8"), newline="")))

    def write_rows(self, table: str, rows: list[list[str]]) -> None:
        """Rewrite ``table`` from records."""
        with self.file(table).open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerows(rows)

    def set_cell(self, table: str, line: int, column: str, value: str) -> None:
        """Set the cell of ``column`` on CSV line ``line`` (header = line 1; fixtures are one line a row)."""
        rows = self.rows(table)
        rows[line - 1][rows[0].index(column)] = value
        self.write_rows(table, rows)

    def drop_column(self, table: str, column: str) -> None:
        """Remove ``column`` from ``table``."""
        rows = self.rows(table)
        index = rows[0].index(column)
        self.write_rows(table, [row[:index] + row[index + 1 :] for row in rows])

    def put(self, table: str, rows: list[dict[str, object]], keep: bool = False) -> None:
        """Write ``rows`` (column -> value; columns left out are empty) as the rows of ``table``,
        after the fixture's own rows when ``keep``. Lists are joined with ``;``, booleans written
        ``true``/``false``, ``None`` left empty."""
        records = self.rows(table)
        header = records[0]
        unknown = sorted({column for row in rows for column in row} - set(header))
        if unknown:
            raise KeyError(f"{table}.csv has no column(s) {unknown}")
        body = records[1:] if keep else []
        body += [[_cell(row.get(column)) for column in header] for row in rows]
        self.write_rows(table, [header, *body])

    def use(self, fixture_set: str) -> None:
        """Replace the tables that ``tests/data_fixtures/<fixture_set>/`` holds (one CSV a table)."""
        for source in sorted((FIXTURES / fixture_set).glob("*.csv")):
            shutil.copy(source, self.file(source.stem))

    def load(self, table: str) -> pd.DataFrame:
        """``table`` as :func:`helpers.load.table` returns it (validated, typed)."""
        return load.table(table, self.path)

    def append_text(self, table: str, text: str) -> None:
        """Append raw text to ``table``."""
        with self.file(table).open("a", encoding="utf-8", newline="") as handle:
            handle.write(text)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ";".join(str(v) for v in value)
    return str(value)


def _fixture_sets(folder: str, entries: list[str]) -> list[str]:
    """The subfolders of ``folder`` (fixture sets, taken by :meth:`Corpus.use`, not copied)."""
    return [entry for entry in entries if (Path(folder) / entry).is_dir()]


@pytest.fixture
def corpus(tmp_path: Path) -> Corpus:
    """A fresh valid data directory named ``data`` (so problems read ``data/<table>.csv``)."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURES, target, ignore=_fixture_sets)
    shutil.copy(paths.DESCRIPTOR, target / "datapackage.json")
    return Corpus(target)


@pytest.fixture(autouse=True)
def _fresh_loader_cache() -> Iterator[None]:
    """Every test starts and ends with an empty loader cache."""
    load.clear_cache()
    yield
    load.clear_cache()


@pytest.fixture
def house_style() -> Iterator[None]:
    """Figure tests start from matplotlib's defaults plus the package style, both names shown."""
    import matplotlib
    import matplotlib.pyplot as plt

    from helpers import names, style

    matplotlib.rcdefaults()
    style.apply_style()
    names.set_convention("both")
    yield
    names.set_convention("both")
    plt.close("all")


@pytest.fixture(scope="session")
def phases() -> tuple[timeline.Phase, ...]:
    """The package's phases, dated by the package's events (the fixture events open few of them)."""
    return timeline.dated_phases(load.table("phases"), load.table("events"))
