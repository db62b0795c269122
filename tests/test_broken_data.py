"""A corpus of broken data directories: each is rejected, by the CLI and by the loaders alike.

Every case copies the real ``data/`` into a temporary ``data/`` directory and applies ONE defect
from the declarative table ``DEFECTS``. Then:

* ``python -m helpers validate DIR`` (a real subprocess) exits 1 and prints a line naming the file,
  the CSV row (line number, header = 1) and the column (``FILE:ROW: column 'COL' ...``);
* ``helpers.load.table(...)`` on that directory raises ``DataValidationError`` carrying the same
  problem (same text as the CLI line) instead of returning a DataFrame, so a notebook cannot draw
  a chart from broken data.

Structural defects that have no column (a ragged row, an empty file) must name file and row.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpers import load
from helpers.paths import DATA_DIR
from helpers.validate import DataValidationError, Problem


@dataclass(frozen=True)
class Where:
    """Where the validator must point: file (relative to the directory's parent), row, column."""

    file: str
    row: int
    column: str | None
    value: str | None = None


# --------------------------------------------------------------------------------------------
# small CSV editing helpers that keep track of physical line numbers


def _records(path: Path) -> list[tuple[int, list[str]]]:
    """(first line number, record) for every record of a CSV file, header included (line 1)."""
    reader = csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline=""))
    out, start = [], 1
    for record in reader:
        out.append((start, record))
        start = reader.line_num + 1
    return out


def _write(path: Path, records: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(records)


def set_cell(table: str, record: int, column: str, value: str) -> Callable[[Path], Where]:
    """Defect: data record number ``record`` (1 = first after the header) gets ``value`` in ``column``."""

    def apply(directory: Path) -> Where:
        path = directory / f"{table}.csv"
        recs = _records(path)
        header = recs[0][1]
        line, row = recs[record]
        row[header.index(column)] = value
        _write(path, [r for _, r in recs])
        return Where(f"data/{table}.csv", _records(path)[record][0], column, value)

    return apply


def duplicate_key(table: str, column: str) -> Callable[[Path], Where]:
    """Defect: the second record repeats the first record's primary key."""

    def apply(directory: Path) -> Where:
        first = _records(directory / f"{table}.csv")[1][1][_records(directory / f"{table}.csv")[0][1].index(column)]
        return set_cell(table, 2, column, first)(directory)

    return apply


def drop_column(table: str, column: str) -> Callable[[Path], Where]:
    """Defect: a required column is missing from the header (and from every row)."""

    def apply(directory: Path) -> Where:
        path = directory / f"{table}.csv"
        recs = [r for _, r in _records(path)]
        index = recs[0].index(column)
        _write(path, [r[:index] + r[index + 1 :] for r in recs])
        return Where(f"data/{table}.csv", 1, column)

    return apply


def ragged_row(table: str) -> Callable[[Path], Where]:
    """Defect: a row with fewer cells than the header, appended at the end."""

    def apply(directory: Path) -> Where:
        path = directory / f"{table}.csv"
        recs = _records(path)
        last_line = path.read_text(encoding="utf-8").count("\n")
        with path.open("a", encoding="utf-8", newline="") as handle:
            handle.write(",".join(recs[1][1][:3]) + "\n")
        return Where(f"data/{table}.csv", last_line + 1, None)

    return apply


def non_utf8(table: str, record: int, column: str) -> Callable[[Path], Where]:
    """Defect: one cell re-encoded as windows-1251 (Cyrillic), the rest of the file UTF-8."""

    def apply(directory: Path) -> Where:
        path = directory / f"{table}.csv"
        recs = _records(path)
        cell = recs[record][1][recs[0][1].index(column)]
        assert cell and not cell.isascii(), "pick a non-ASCII cell"
        data = path.read_bytes()
        bad = cell.encode("cp1251")
        assert data.count(cell.encode()) >= 1
        path.write_bytes(data.replace(cell.encode(), bad, 1))
        return Where(f"data/{table}.csv", recs[record][0], column)

    return apply


def empty_file(table: str) -> Callable[[Path], Where]:
    """Defect: a zero-byte CSV (not even a header)."""

    def apply(directory: Path) -> Where:
        (directory / f"{table}.csv").write_bytes(b"")
        return Where(f"data/{table}.csv", 1, None)

    return apply


#: name -> (defect, table the loader is asked for). One defect per directory.
DEFECTS: dict[str, tuple[Callable[[Path], Where], str]] = {
    "wrong type": (set_cell("islands", 1, "lat", "north"), "islands"),
    "out-of-range coordinate": (set_cell("islands", 2, "lat", "95"), "islands"),
    "unknown foreign key": (set_cell("deployments", 1, "island_id", "atlantis"), "deployments"),
    "duplicate key": (duplicate_key("islands", "island_id"), "islands"),
    "malformed date": (set_cell("events", 3, "date", "1945-02-30"), "events"),
    "missing required column": (drop_column("places", "lat"), "places"),
    "ragged row": (ragged_row("places"), "places"),
    "non-UTF-8 file": (non_utf8("islands", 1, "name_ru"), "islands"),
    "empty file": (empty_file("sovereignty"), "sovereignty"),
}


@pytest.fixture
def broken(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, Where, str]:
    """A copy of data/ (without the coastlines) with the defect ``request.param`` applied."""
    defect, table = DEFECTS[request.param]
    directory = tmp_path / "data"
    shutil.copytree(DATA_DIR, directory, ignore=shutil.ignore_patterns("geo", "*.md"))
    return directory, defect(directory), table


def _locates(text: str, where: Where) -> bool:
    """True if a problem line ``text`` names the file, row and (when there is one) the column."""
    head = f"{where.file}:{where.row}: "
    if not text.startswith(head):
        return False
    if where.column is not None and f"column '{where.column}'" not in text:
        return False
    return where.value is None or f"value '{where.value}'" in text


def _matches(problem: Problem, where: Where) -> bool:
    """True if ``problem`` points at ``where``."""
    return (
        problem.file == where.file
        and problem.row == where.row
        and (where.column is None or problem.column == where.column)
        and _locates(str(problem), where)
    )


def test_the_real_data_are_valid() -> None:
    """The unbroken copy passes, so every failure below comes from its one defect."""
    proc = subprocess.run([sys.executable, "-m", "helpers", "validate", str(DATA_DIR)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("broken", list(DEFECTS), indirect=True)
def test_validator_and_loader_reject_the_defect(broken: tuple[Path, Where, str]) -> None:
    """CLI: exit 1 and a line naming file, row, column. Loader: the same problem raised."""
    directory, where, table = broken
    proc = subprocess.run(
        [sys.executable, "-m", "helpers", "validate", str(directory)], capture_output=True, text=True, timeout=120
    )
    lines = proc.stdout.splitlines()
    assert proc.returncode == 1, f"exit {proc.returncode}:\n{proc.stdout}{proc.stderr}"
    hits = [line for line in lines if _locates(line, where)]
    assert hits, f"no line names {where}:\n{proc.stdout}"

    load.clear_cache()
    with pytest.raises(DataValidationError) as info:
        load.table(table, data_dir=directory)
    same = [p for p in info.value.problems if _matches(p, where)]
    assert same, f"loader problems do not name {where}: {[str(p) for p in info.value.problems]}"
    assert {str(p) for p in same} <= set(lines), "loader and CLI must report the same problem text"
    # Any other table of that directory is refused too: the package is validated as a whole.
    with pytest.raises(DataValidationError):
        load.table("sources", data_dir=directory)


def test_notebook_run_stops_on_bad_data_with_one_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`python -m helpers.tools.runner run` on a checkout with one broken cell: one validation message
    (file, row, column, rule) before any kernel starts, exit 1, no notebook or figure touched."""
    from helpers.tools import checkouts, runner

    checkout = checkouts.copy_checkout(tmp_path / "checkout")  # its kernels would import its own helpers
    where = set_cell("islands", 2, "lat", "95")(checkout / "data")
    before = {part: checkouts.digest_tree(checkout / part) for part in ("notebooks", "figures")}

    status = runner.main(["run", "--dir", str(checkout / "notebooks")])  # `make notebooks` on the copy
    captured = capsys.readouterr()
    output = captured.out + captured.err
    assert status == 1, f"exit {status}:\n{output}"
    problem_lines = [line for line in output.splitlines() if line.startswith("data/")]
    assert len(problem_lines) == 1 and _locates(problem_lines[0], where), output
    assert "between -90 and 90" in problem_lines[0], "the rule is named"
    assert output.count("problem(s) in the data tables") == 1, output
    assert "absolute path" not in output and ".ipynb" not in output, "no notebook was executed"
    for part, digests in before.items():
        assert checkouts.tree_differences(digests, checkout / part) == [], f"{part}/ was touched"
