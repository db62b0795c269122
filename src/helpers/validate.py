"""Check every data table against ``data/datapackage.json``, fast and with readable problems.

Pure ``csv`` parsing (no frictionless at run time): the whole package is read and checked in a few
milliseconds. Every rule comes from the descriptor (see :mod:`helpers.schema`); this module only
knows how to apply each *kind* of rule.

Each :class:`Problem` names the file, the CSV line (header = line 1; for a record spanning several
lines, its first line), the column, the value and the rule broken::

    data/islands.csv:4: column 'lat' value '95': lat must be between -90 and 90
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from helpers import paths
from helpers.schema import DescriptorError, Field, Package, Resource, descriptor_path, load_package

MAX_LISTED = 50
_INTEGER = re.compile(r"[+-]?\d+")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Problem:
    """One broken rule: where (file, CSV line, column), what (value) and why (rule)."""

    file: str
    row: int | None
    column: str | None
    value: str | None
    rule: str

    def __str__(self) -> str:
        where = self.file if self.row is None else f"{self.file}:{self.row}"
        what = []
        if self.column is not None:
            what.append(f"column '{self.column}'")
        if self.value is not None:
            what.append(f"value '{self.value}'")
        return f"{where}: {' '.join(what)}: {self.rule}" if what else f"{where}: {self.rule}"


class DataValidationError(Exception):
    """Raised by the loaders when the data break the descriptor; ``.problems`` lists every problem."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems: list[Problem] = list(problems)
        super().__init__(_summary(self.problems))

    def __reduce__(self) -> tuple[type[DataValidationError], tuple[list[Problem]]]:
        """Pickle with the problems (so the error survives a worker process)."""
        return (DataValidationError, (self.problems,))


def _summary(problems: Sequence[Problem]) -> str:
    lines = [f"{len(problems)} problem(s) in the data tables:"]
    lines += [str(problem) for problem in problems[:MAX_LISTED]]
    if len(problems) > MAX_LISTED:
        lines.append(f"... and {len(problems) - MAX_LISTED} more (python -m helpers validate)")
    return "\n".join(lines)


@dataclass
class RawTable:
    """A parsed CSV: header, well-formed records (as strings) and the CSV line of each record."""

    resource: Resource
    file: str
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)

    def values(self, column: str) -> list[str]:
        """Every cell of ``column`` (raw strings), in row order."""
        index = self.header.index(column)
        return [row[index] for row in self.rows]

    def cells(self, column: str) -> Iterator[tuple[int, str]]:
        """(CSV line, raw value) of every non-missing cell of ``column``; nothing if the column is absent."""
        if column not in self.header:
            return
        index = self.header.index(column)
        missing = self.resource.missing_values
        for line, row in zip(self.lines, self.rows):
            if row[index] not in missing:
                yield line, row[index]


@dataclass
class Checked:
    """Result of reading and checking a data directory."""

    package: Package | None
    tables: dict[str, RawTable]
    problems: list[Problem]

    @property
    def row_count(self) -> int:
        """Number of data records over all tables."""
        return sum(len(table.rows) for table in self.tables.values())


# --- entry points -----------------------------------------------------------------------------


def validate_package(data_dir: Path | str | None = None) -> list[Problem]:
    """Every problem of the tables in ``data_dir`` (default ``data/``); empty list when all is well."""
    return check_package(data_dir).problems


def checked_tables(data_dir: Path | str | None = None) -> Checked:
    """Read and check ``data_dir``; raise :class:`DataValidationError` if anything is wrong."""
    result = check_package(data_dir)
    if result.problems:
        raise DataValidationError(result.problems)
    return result


def check_package(data_dir: Path | str | None = None) -> Checked:
    """Read every resource of the descriptor and apply every rule; never raises for bad data."""
    directory = Path(data_dir) if data_dir is not None else paths.DATA_DIR
    label = directory.name or str(directory)
    if not directory.is_dir():
        return Checked(None, {}, [Problem(str(directory), None, None, None, "data directory does not exist")])
    try:
        package = load_package(descriptor_path(directory))
    except DescriptorError as error:
        return Checked(None, {}, [Problem(f"{label}/datapackage.json", None, None, None, str(error))])
    tables: dict[str, RawTable] = {}
    problems: list[Problem] = []
    for resource in package.resources:
        table, found = read_table(resource, directory, label)
        problems += found
        if table is not None:
            tables[resource.name] = table
            problems += check_table(table)
    from helpers.references import check_references  # it builds on this module's Problem

    problems += check_references(package, tables)
    return Checked(package, tables, _in_file_order(problems, package, label))


def _in_file_order(problems: list[Problem], package: Package, label: str) -> list[Problem]:
    """Problems grouped by file (descriptor order), then by CSV line; stable within a line."""
    order = {f"{label}/{resource.path}": index for index, resource in enumerate(package.resources)}
    return sorted(problems, key=lambda problem: (order.get(problem.file, -1), problem.row or 0))


# --- reading ----------------------------------------------------------------------------------


def read_table(resource: Resource, directory: Path, label: str) -> tuple[RawTable | None, list[Problem]]:
    """Parse one CSV; report a missing, unreadable, empty or non-UTF-8 file and ragged or blank rows."""
    file = f"{label}/{resource.path}"
    try:
        data = (directory / resource.path).read_bytes()
    except FileNotFoundError:
        return None, [Problem(file, None, None, None, "file is missing")]
    except OSError as error:
        return None, [Problem(file, None, None, None, f"file cannot be read ({error.strerror})")]
    try:
        text = data.decode(resource.encoding).removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        return None, [_decode_problem(file, data, error, resource.encoding)]
    if not text.strip():
        return None, [Problem(file, 1, None, None, "file is empty (no header row)")]
    return _parse(resource, file, text)


def _decode_problem(file: str, data: bytes, error: UnicodeDecodeError, encoding: str) -> Problem:
    line = data.count(b"\n", 0, error.start) + 1
    bad = data[error.start : error.end]
    shown = "".join(f"\\x{byte:02x}" for byte in bad)
    column = _column_of_bad_byte(data.decode(encoding, errors="replace"), line)
    rule = f"file is not valid {encoding.upper()} (byte offset {error.start})"
    return Problem(file, line, column, shown, rule)


def _column_of_bad_byte(text: str, line: int) -> str | None:
    """Best effort: the header name of the first cell on ``line`` holding a replacement character."""
    lines = text.split("\n")
    if line == 1:
        return None
    header = next(csv.reader([lines[0]]))
    cells = next(csv.reader([lines[line - 1]]), [])
    for name, cell in zip(header, cells):
        if "\ufffd" in cell:
            return name
    return None


def _parse(resource: Resource, file: str, text: str) -> tuple[RawTable | None, list[Problem]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    table = RawTable(resource, file, header)
    problems = _header_problems(table)
    start = reader.line_num + 1
    try:
        for record in reader:
            line, start = start, reader.line_num + 1
            problem = _shape_problem(file, line, record, len(header))
            if problem is not None:
                problems.append(problem)
                continue
            table.rows.append(record)
            table.lines.append(line)
    except csv.Error as error:
        problems.append(Problem(file, start, None, None, f"CSV cannot be parsed ({error})"))
    return table, problems


def _shape_problem(file: str, line: int, record: list[str], width: int) -> Problem | None:
    if not record:
        return Problem(file, line, None, None, "row is blank")
    if len(record) != width:
        return Problem(file, line, None, None, f"row has {len(record)} cells but the header has {width}")
    return None


def _header_problems(table: RawTable) -> list[Problem]:
    problems = []
    seen: set[str] = set()
    for name in table.header:
        if name in seen:
            problems.append(Problem(table.file, 1, name, None, "column name appears twice in the header"))
        seen.add(name)
    for name in table.resource.field_names:
        if name not in seen:
            problems.append(Problem(table.file, 1, name, None, "required column is missing"))
    return problems


# --- cell rules -------------------------------------------------------------------------------


def check_table(table: RawTable) -> list[Problem]:
    """Cell rules (required, type, enum, range, pattern) and uniqueness of one table."""
    problems: list[Problem] = []
    for spec in table.resource.fields:
        for line, value, rule in _cell_problems(table, spec):
            problems.append(Problem(table.file, line, spec.name, value, rule))
    problems += _key_problems(table)
    return problems


def _cell_problems(table: RawTable, spec: Field) -> Iterator[tuple[int, str, str]]:
    if spec.name not in table.header:
        return
    index = table.header.index(spec.name)
    missing = table.resource.missing_values
    for line, row in zip(table.lines, table.rows):
        value = row[index]
        if value in missing:
            if spec.required:
                yield line, value, "required value is empty"
            continue
        rule = cell_rule(spec, value)
        if rule is not None:
            yield line, value, rule


def cell_rule(spec: Field, value: str) -> str | None:
    """The rule a non-missing ``value`` breaks (type, enum, range, pattern), or None if it is valid."""
    number, rule = _typed(spec, value)
    if rule is not None:
        return rule
    if spec.enum is not None and value not in spec.enum:
        return f"{spec.name} must be one of: {', '.join(spec.enum)}"
    if number is not None:
        rule = _range_rule(spec, number)
        if rule is not None:
            return rule
    if spec.pattern is not None and _compiled(spec.pattern).fullmatch(value) is None:
        return f"{spec.name} does not match the pattern {spec.pattern}"
    return None


def _typed(spec: Field, value: str) -> tuple[float | None, str | None]:
    """(numeric value or None, type rule broken or None)."""
    if spec.type == "integer":
        return (int(value), None) if _INTEGER.fullmatch(value) else (None, "value is not an integer")
    if spec.type == "number":
        return (float(value), None) if _NUMBER.fullmatch(value) else (None, "value is not a number")
    if spec.type == "date":
        return None, None if _parses_as_date(value) else "date does not parse as YYYY-MM-DD"
    if spec.type == "boolean" and value not in spec.true_values + spec.false_values:
        allowed = ", ".join(spec.true_values + spec.false_values)
        return None, f"value is not a boolean (one of {allowed})"
    return None, None


def _parses_as_date(value: str) -> bool:
    if _DATE.fullmatch(value) is None:
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _range_rule(spec: Field, number: float) -> str | None:
    low, high = spec.minimum, spec.maximum
    if (low is None or number >= low) and (high is None or number <= high):
        return None
    if low is not None and high is not None:
        return f"{spec.name} must be between {_fmt(low)} and {_fmt(high)}"
    if low is not None:
        return f"{spec.name} must be at least {_fmt(low)}"
    return f"{spec.name} must be at most {_fmt(high)}"


def _fmt(number: float | None) -> str:
    return f"{number:g}"


@functools.lru_cache(maxsize=64)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _key_problems(table: RawTable) -> list[Problem]:
    """Duplicate primary keys, then duplicates in other ``unique`` columns."""
    problems = []
    key = table.resource.primary_key
    if key and all(name in table.header for name in key):
        problems += _duplicates(table, key, "duplicate primary key")
    for spec in table.resource.fields:
        if spec.unique and (spec.name,) != key and spec.name in table.header:
            problems += _duplicates(table, (spec.name,), "duplicate value in a unique column")
    return problems


def _duplicates(table: RawTable, columns: tuple[str, ...], rule: str) -> list[Problem]:
    indexes = [table.header.index(name) for name in columns]
    first_line: dict[tuple[str, ...], int] = {}
    problems = []
    for line, row in zip(table.lines, table.rows):
        values = tuple(row[index] for index in indexes)
        if all(value in table.resource.missing_values for value in values):
            continue
        if values in first_line:
            problems.append(Problem(table.file, line, "+".join(columns), ";".join(values),
                                    f"{rule} (first on line {first_line[values]})"))
        else:
            first_line[values] = line
    return problems
