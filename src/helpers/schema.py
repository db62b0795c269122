"""The data contract, read from ``data/datapackage.json`` (the single source of truth).

Nothing here repeats a column rule: field types, enums, required flags, ranges, patterns, keys
and the two custom properties of this package all come from the Frictionless descriptor.

Custom properties (allowed by Data Package v2):

* ``x-list`` on a string field: the cell is a list, ``separator`` between items, each item must be
  found in one of ``items_in`` (``"resource.field"``; ``"resource.field(slug)"`` = that field's
  enum lowercased with spaces as underscores; ``"vocabulary"`` = the ``vocabulary`` list).
* ``x-reference`` on a field: a foreign key whose target table is named by another column,
  ``selector``; ``targets`` maps each selector value to the target resource's key field.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from helpers import paths

DESCRIPTOR_NAME = "datapackage.json"


class DescriptorError(Exception):
    """The descriptor is missing, is not JSON, or lacks what the package needs."""


@dataclass(frozen=True)
class ListSpec:
    """Item rules of a semicolon-list field (``x-list``)."""

    separator: str
    items_in: tuple[str, ...]
    vocabulary: tuple[str, ...]


@dataclass(frozen=True)
class Reference:
    """A foreign key whose target table is chosen by another column (``x-reference``)."""

    selector: str
    targets: tuple[tuple[str, str], ...]

    def target(self, table: str) -> str | None:
        """The key field of ``table`` if the selector may name it, else None."""
        return dict(self.targets).get(table)


@dataclass(frozen=True)
class Field:
    """One column of a table, as the descriptor defines it."""

    name: str
    type: str
    description: str = ""
    required: bool = False
    unique: bool = False
    enum: tuple[str, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None
    pattern: str | None = None
    true_values: tuple[str, ...] = ("true", "True", "TRUE", "1")
    false_values: tuple[str, ...] = ("false", "False", "FALSE", "0")
    list_spec: ListSpec | None = None
    reference: Reference | None = None


@dataclass(frozen=True)
class ForeignKey:
    """``fields`` of this table must match ``target_fields`` of ``resource``."""

    fields: tuple[str, ...]
    resource: str
    target_fields: tuple[str, ...]


def _named(items: tuple[Any, ...], name: str, what: str, plural: str) -> Any:
    """The item of ``items`` whose ``name`` is ``name``; ValueError listing the known names otherwise."""
    for item in items:
        if item.name == name:
            return item
    known = ", ".join(item.name for item in items)
    raise ValueError(f"unknown {what} {name!r}; known {plural}: {known}")


@dataclass(frozen=True)
class Resource:
    """One table: its file and its Table Schema."""

    name: str
    path: str
    encoding: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...]
    missing_values: tuple[str, ...]

    @property
    def field_names(self) -> tuple[str, ...]:
        """Column names in descriptor order."""
        return tuple(field.name for field in self.fields)

    def field(self, name: str) -> Field:
        """The field called ``name``; ValueError naming this table's fields otherwise."""
        return _named(self.fields, name, f"field of {self.name}", "fields")


@dataclass(frozen=True)
class Package:
    """The whole descriptor: its path and its resources, in descriptor order."""

    path: Path
    resources: tuple[Resource, ...]

    @property
    def names(self) -> tuple[str, ...]:
        """Resource names in descriptor order."""
        return tuple(resource.name for resource in self.resources)

    def resource(self, name: str) -> Resource:
        """The resource called ``name``; ValueError naming the known ones otherwise."""
        return _named(self.resources, name, "table", "tables")


def slug(value: str) -> str:
    """Group slug convention: lowercase, spaces to underscores ("Southern Kurils" -> southern_kurils)."""
    return value.lower().replace(" ", "_")


def enum(table: str, field: str, path: Path | str | None = None) -> tuple[str, ...]:
    """The allowed values of ``table.field``, in descriptor order: the package's one vocabulary.

    Every order and every palette key of the package comes from here (or is checked against it);
    ValueError if the field has no enum.
    """
    spec = load_package(path).resource(table).field(field)
    if spec.enum is None:
        raise ValueError(f"{table}.{field} has no enum in the descriptor")
    return spec.enum


def in_enum_order(values: Iterable[object], table: str, field: str) -> list[str]:
    """The distinct ``values`` in the enum order of ``table.field`` (ValueError on a stranger)."""
    present = {str(v) for v in values}
    allowed = enum(table, field)
    strangers = sorted(present - set(allowed))
    if strangers:
        raise ValueError(f"{table}.{field}: not in the descriptor's enum: {', '.join(strangers)}")
    return [v for v in allowed if v in present]


def descriptor_path(data_dir: Path | str | None = None) -> Path:
    """The descriptor for ``data_dir``: its own ``datapackage.json`` if it has one, else the package's."""
    if data_dir is not None:
        own = Path(data_dir) / DESCRIPTOR_NAME
        if own.is_file():
            return own
    return paths.DESCRIPTOR


def load_package(path: Path | str | None = None) -> Package:
    """Read and parse the descriptor at ``path`` (default: the package's); cached by path and mtime."""
    resolved = Path(path or paths.DESCRIPTOR).resolve()
    try:
        stamp = resolved.stat().st_mtime_ns
    except OSError as error:
        raise DescriptorError(f"{resolved}: cannot read descriptor ({error.strerror})") from None
    return _load_package(resolved, stamp)


@functools.lru_cache(maxsize=8)
def _load_package(path: Path, _stamp: int) -> Package:
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
        resources = tuple(_resource(item) for item in descriptor["resources"])
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as error:
        raise DescriptorError(f"{path}: not a usable data package descriptor ({error})") from None
    return Package(path=path, resources=resources)


def _as_tuple(value: str | list[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def _resource(descriptor: dict) -> Resource:
    schema = descriptor["schema"]
    return Resource(
        name=descriptor["name"],
        path=descriptor["path"],
        encoding=descriptor.get("encoding", "utf-8"),
        fields=tuple(_field(item) for item in schema["fields"]),
        primary_key=_as_tuple(schema.get("primaryKey")),
        foreign_keys=tuple(_foreign_key(item) for item in schema.get("foreignKeys", [])),
        missing_values=tuple(schema.get("missingValues", [""])),
    )


def _field(descriptor: dict) -> Field:
    constraints = descriptor.get("constraints", {})
    enum = constraints.get("enum")
    extras: dict = {}
    if "trueValues" in descriptor:
        extras["true_values"] = tuple(descriptor["trueValues"])
    if "falseValues" in descriptor:
        extras["false_values"] = tuple(descriptor["falseValues"])
    return Field(
        name=descriptor["name"],
        type=descriptor.get("type", "string"),
        description=descriptor.get("description", ""),
        required=bool(constraints.get("required", False)),
        unique=bool(constraints.get("unique", False)),
        enum=tuple(enum) if enum is not None else None,
        minimum=constraints.get("minimum"),
        maximum=constraints.get("maximum"),
        pattern=constraints.get("pattern"),
        list_spec=_list_spec(descriptor.get("x-list")),
        reference=_reference(descriptor.get("x-reference")),
        **extras,
    )


def _list_spec(descriptor: dict | None) -> ListSpec | None:
    if descriptor is None:
        return None
    return ListSpec(
        separator=descriptor.get("separator", ";"),
        items_in=tuple(descriptor.get("items_in", [])),
        vocabulary=tuple(descriptor.get("vocabulary", [])),
    )


def _reference(descriptor: dict | None) -> Reference | None:
    if descriptor is None:
        return None
    return Reference(selector=descriptor["selector"], targets=tuple(descriptor["targets"].items()))


def _foreign_key(descriptor: dict) -> ForeignKey:
    reference = descriptor["reference"]
    return ForeignKey(
        fields=_as_tuple(descriptor["fields"]),
        resource=reference["resource"],
        target_fields=_as_tuple(reference["fields"]),
    )
