"""One table as the validator reads it, and the rules of one cell: RawTable, Problem, cell_rule.

Shared by :mod:`helpers.validate` (the checks within a table) and :mod:`helpers.references` (the
checks between tables); :mod:`helpers.validate` re-exports all three names.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from helpers.schema import Field, Resource

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
