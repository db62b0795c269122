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
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from helpers import paths
from helpers.cells import Problem, RawTable, cell_rule
from helpers.references import check_references
from helpers.schema import DescriptorError, Field, Package, Resource, descriptor_path, load_package

MAX_LISTED = 50
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
