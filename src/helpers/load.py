"""Cached loaders: the data tables as tidy pandas DataFrames, with dtypes from the descriptor.

    from helpers import load
    islands = load.table("islands")        # validated, typed, cached
    everything = load.tables()             # dict name -> DataFrame

Dtypes follow ``data/datapackage.json``: date -> ``datetime64[ns]`` (NaT when empty), integer ->
``Int64``, number -> ``float64``, boolean -> ``boolean``, string with an enum -> ordered
``Categorical`` in enum order, ``x-list`` fields -> a python list per cell (``[]`` when empty),
other strings -> pandas' ``str`` dtype (NaN when empty). Columns keep the CSV's order; extra columns
that the descriptor does not define are kept as strings.

The whole package is validated before anything is returned: any problem raises
:class:`helpers.validate.DataValidationError` (the same problems ``python -m helpers validate``
prints), so a notebook never draws a chart from broken data. Results are cached per data
directory and file state (path, size, mtime), so a second call costs a few ``stat`` calls and
returns the *same* DataFrame objects: treat them as read-only (``.copy()`` before mutating).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

import pandas as pd

from helpers import paths
from helpers.schema import DescriptorError, Field, Resource, descriptor_path, load_package
from helpers.validate import RawTable, checked_tables

Fingerprint = tuple[str, tuple[tuple[str, int, int], ...]]


def table(name: str, data_dir: Path | str | None = None) -> pd.DataFrame:
    """The table ``name`` of ``data_dir`` (default ``data/``) as a typed DataFrame (cached)."""
    frames = _frames(_fingerprint(data_dir))
    if name not in frames:
        raise ValueError(f"unknown table {name!r}; known tables: {', '.join(frames)}")
    return frames[name]


def tables(data_dir: Path | str | None = None) -> dict[str, pd.DataFrame]:
    """Every table of ``data_dir`` (default ``data/``), in descriptor order (cached)."""
    return dict(_frames(_fingerprint(data_dir)))


def clear_cache() -> None:
    """Forget every loaded table (the next call re-reads and re-validates)."""
    _frames.cache_clear()


def _fingerprint(data_dir: Path | str | None) -> Fingerprint:
    """Cache key: the resolved directory plus (path, size, mtime) of the descriptor and every CSV."""
    directory = Path(data_dir if data_dir is not None else paths.DATA_DIR).resolve()
    files = [descriptor_path(directory)]
    try:
        files += [directory / resource.path for resource in load_package(files[0]).resources]
    except DescriptorError:  # reported by validation; the key just has to differ
        return str(directory), ((str(files[0]), -1, -1),)
    return str(directory), tuple(_stat(path) for path in files)


def _stat(path: Path) -> tuple[str, int, int]:
    try:
        status = path.stat()
    except OSError:
        return str(path), -1, -1
    return str(path), status.st_size, status.st_mtime_ns


@functools.lru_cache(maxsize=16)
def _frames(fingerprint: Fingerprint) -> Mapping[str, pd.DataFrame]:
    """Validate the directory of ``fingerprint`` and convert every table (raises on any problem)."""
    checked = checked_tables(fingerprint[0])
    return MappingProxyType({name: _frame(raw) for name, raw in checked.tables.items()})


def _frame(raw: RawTable) -> pd.DataFrame:
    """Typed DataFrame of one parsed, valid table."""
    columns = {
        name: _column(raw.resource, name, [row[index] for row in raw.rows])
        for index, name in enumerate(raw.header)
    }
    return pd.DataFrame(columns, index=pd.RangeIndex(len(raw.rows)))


def _column(resource: Resource, name: str, values: list[str]) -> pd.Series:
    """Convert one column of raw strings according to its field (extra columns stay strings)."""
    missing = set(resource.missing_values)
    cells = [None if value in missing else value for value in values]
    spec = resource.field(name) if name in resource.field_names else Field(name=name, type="string")
    return _convert(spec, cells)


def _convert(spec: Field, cells: list[str | None]) -> pd.Series:
    if spec.list_spec is not None:
        separator = spec.list_spec.separator
        return pd.Series([cell.split(separator) if cell else [] for cell in cells], dtype=object)
    if spec.enum is not None:
        return pd.Series(pd.Categorical(cells, categories=list(spec.enum), ordered=True))
    if spec.type == "date":
        return pd.Series(pd.to_datetime(cells, format="%Y-%m-%d"), dtype="datetime64[ns]")
    if spec.type == "integer":
        return pd.Series([None if cell is None else int(cell) for cell in cells], dtype="Int64")
    if spec.type == "number":
        return pd.Series([None if cell is None else float(cell) for cell in cells], dtype="float64")
    if spec.type == "boolean":
        flags = [None if cell is None else cell in spec.true_values for cell in cells]
        return pd.Series(flags, dtype="boolean")
    return pd.Series(cells, dtype="str")
