"""Checks between tables: foreign keys, list items (``x-list``) and table-selected references.

Part of the validator (:mod:`helpers.validate` runs :func:`check_references` after the cell
rules); each problem names the file, line, column and the rule, like every other check.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from helpers.schema import Field, Package, slug
from helpers.cells import Problem, RawTable, cell_rule


class _Index:
    """Lazy sets of the values of ``resource.field`` over the tables that were read."""

    def __init__(self, package: Package, tables: dict[str, RawTable]) -> None:
        self._package = package
        self._tables = tables
        self._cache: dict[str, frozenset[str] | None] = {}

    def values(self, target: str) -> frozenset[str] | None:
        """Allowed values for ``target`` ("resource.field", "resource.field(slug)", "vocabulary")."""
        if target not in self._cache:
            self._cache[target] = self._build(target)
        return self._cache[target]

    def file_name(self, resource_name: str) -> str:
        """File name of a resource, e.g. islands.csv."""
        return Path(self._package.resource(resource_name).path).name

    def _build(self, target: str) -> frozenset[str] | None:
        resource_name, _, field_name = target.partition(".")
        if field_name.endswith("(slug)"):
            spec = self._package.resource(resource_name).field(field_name.removesuffix("(slug)"))
            return frozenset(slug(value) for value in spec.enum or ())
        table = self._tables.get(resource_name)
        if table is None or field_name not in table.header:
            return None  # already reported as a missing file or column
        return frozenset(table.values(field_name))


def check_references(package: Package, tables: dict[str, RawTable]) -> list[Problem]:
    """Foreign keys, list items (``x-list``) and table-selected references (``x-reference``)."""
    index = _Index(package, tables)
    problems: list[Problem] = []
    for table in tables.values():
        problems += _foreign_key_problems(table, index)
        for spec in table.resource.fields:
            if spec.list_spec is not None:
                problems += _list_problems(table, spec, index)
            if spec.reference is not None:
                problems += _selected_reference_problems(table, spec, index)
    return problems


def _valid_cells(table: RawTable, spec: Field) -> Iterator[tuple[int, str]]:
    """Non-missing cells that pass their own cell rules (so each bad cell is reported once)."""
    for line, value in table.cells(spec.name):
        if cell_rule(spec, value) is None:
            yield line, value


def _foreign_key_problems(table: RawTable, index: _Index) -> list[Problem]:
    problems = []
    for key in table.resource.foreign_keys:
        for column, target_field in zip(key.fields, key.target_fields):
            allowed = index.values(f"{key.resource}.{target_field}")
            if allowed is None:
                continue
            target_file = index.file_name(key.resource)
            for line, value in _valid_cells(table, table.resource.field(column)):
                if value not in allowed:
                    problems.append(Problem(table.file, line, column, value,
                                            _missing_rule(column, value, target_file, target_field)))
    return problems


def _missing_rule(column: str, value: str, target_file: str, target_field: str) -> str:
    where = target_file if target_field == column else f"{target_file} ({target_field})"
    return f"{column} '{value}' is not in {where}"


def _list_problems(table: RawTable, spec: Field, index: _Index) -> list[Problem]:
    assert spec.list_spec is not None
    targets = spec.list_spec.items_in
    allowed_sets = [_list_target(index, spec, target) for target in targets]
    if any(allowed is None for allowed in allowed_sets):
        return []
    allowed = frozenset().union(*allowed_sets)
    problems = []
    for line, value in _valid_cells(table, spec):
        for item in value.split(spec.list_spec.separator):
            if item not in allowed:
                rule = f"{spec.name} item '{item}' is not in {', '.join(targets)}"
                problems.append(Problem(table.file, line, spec.name, value, rule))
    return problems


def _list_target(index: _Index, spec: Field, target: str) -> frozenset[str] | None:
    if target == "vocabulary":
        assert spec.list_spec is not None
        return frozenset(spec.list_spec.vocabulary)
    return index.values(target)


def _selected_reference_problems(table: RawTable, spec: Field, index: _Index) -> list[Problem]:
    assert spec.reference is not None
    selector = spec.reference.selector
    if selector not in table.header or spec.name not in table.header:
        return []
    column, chooser = table.header.index(spec.name), table.header.index(selector)
    problems = []
    for line, row in zip(table.lines, table.rows):
        target_field = spec.reference.target(row[chooser])
        if target_field is None or cell_rule(spec, row[column]) is not None:
            continue  # bad selector or bad cell: reported by the cell rules
        allowed = index.values(f"{row[chooser]}.{target_field}")
        if allowed is not None and row[column] not in allowed:
            target_file = index.file_name(row[chooser])
            problems.append(Problem(table.file, line, spec.name, row[column],
                                    _missing_rule(spec.name, row[column], target_file, target_field)))
    return problems
