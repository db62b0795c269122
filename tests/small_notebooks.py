"""Small generated notebooks for the runner's tests (tests/test_reproducible.py, tests/test_rerun.py)."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from helpers.tools import hygiene


def write_notebook(directory: Path, name: str, *cells: str, markdown: str | None = None,
                   messy: bool = False, tagged: int | None = None) -> Path:
    """Write a notebook of code ``cells`` (plus an optional markdown cell first) and return its path.

    ``messy`` adds the metadata the runner must clean (a foreign kernelspec, widget state, a timing
    record); ``tagged`` is the index of the code cell that carries the tag ``parameters``.
    """
    code = [new_code_cell(c) for c in cells]
    if tagged is not None:
        code[tagged].metadata["tags"] = ["parameters"]
    nb = new_notebook(cells=([new_markdown_cell(markdown)] if markdown else []) + code)
    nb.metadata["kernelspec"] = dict(hygiene.KERNELSPEC)
    if messy:
        nb.metadata["kernelspec"] = {"name": "venv-kuril", "display_name": "my env", "language": "python"}
        nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"version_major": 2}}
        nb.cells[-1].metadata["execution"] = {"iopub.execute_input": "2026-11-26T10:00:00.000Z"}
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    nbformat.write(nb, path)
    return path
