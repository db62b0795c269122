"""What a committed notebook must be: normalised outputs, no machine paths, canonical JSON.

Pure functions on notebooks (no kernel): ``normalise`` makes an executed notebook deterministic,
``output_problems`` finds what must not be stored (errors, stderr, absolute paths), and
``hygiene_problems`` checks a committed file (``python -m helpers.tools.runner check``,
``tests/test_notebooks_hygiene.py``).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

import nbformat
from nbformat import NotebookNode

#: The only kernelspec a committed notebook may carry (the standard ipykernel one).
KERNELSPEC: dict[str, str] = {
    "display_name": "Python 3 (ipykernel)",
    "language": "python",
    "name": "python3",
}
#: The naming convention the hygiene test enforces: NN-verb-object.ipynb (lowercase words).
NAME_RE = re.compile(r"^\d\d-[a-z]+(?:-[a-z0-9]+)+\.ipynb$")
#: Budget per committed notebook (GitHub renders small notebooks reliably).
MAX_BYTES = 2_000_000
#: Absolute paths that must never be stored in a notebook (they differ between machines).
ABS_PATH_RE = re.compile(r"(?<![\w.~-])/(?:root|tmp|work|home)(?=/|\b)")
#: Output MIME types that are binary blobs (base64); not searched for paths.
BINARY_MIME = ("image/png", "image/jpeg", "image/gif", "application/pdf")
#: Notebook-level metadata written by tools, never wanted in the committed files.
VOLATILE_NB_METADATA = ("widgets", "papermill", "vscode", "interpreter", "colab", "toc-autonumbering")
#: Cell-level metadata written by executors and UIs (timestamps, view state).
VOLATILE_CELL_METADATA = ("execution", "ExecuteTime", "papermill", "collapsed", "scrolled", "trusted")




def _cell_label(nb: NotebookNode, index: int) -> str:
    """Human label of cell ``index`` (0-based) for messages: 1-based number and first line."""
    cell = nb.cells[index]
    first = next((line for line in cell.source.splitlines() if line.strip()), "").strip()
    return f"cell {index + 1} ({first[:60]!r})"


def _text_of(output: NotebookNode) -> Iterable[str]:
    """Every text payload of an output (not binary images)."""
    if output.get("output_type") == "stream":
        yield output.get("text", "")
    elif output.get("output_type") == "error":
        yield output.get("ename", "")
        yield output.get("evalue", "")
        yield from output.get("traceback", [])
    for mime, value in output.get("data", {}).items():
        if mime in BINARY_MIME:
            continue
        yield value if isinstance(value, str) else "".join(value) if isinstance(value, list) else str(value)


def output_problems(nb: NotebookNode, forbidden: Sequence[str] = ()) -> list[str]:
    """Error outputs, stderr output and absolute paths in the outputs of ``nb``.

    ``forbidden`` adds literal strings (e.g. the checkout root) that must not occur.
    """
    problems: list[str] = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            kind = out.get("output_type")
            if kind == "error":
                problems.append(f"{_cell_label(nb, i)}: error {out.get('ename')}: {out.get('evalue')}")
            elif kind == "stream" and out.get("name") == "stderr":
                text = out.get("text", "").strip().splitlines()
                problems.append(f"{_cell_label(nb, i)}: stderr output: {text[0] if text else ''!r}")
            for text in _text_of(out):
                hit = ABS_PATH_RE.search(text) or next(
                    (re.search(re.escape(f), text) for f in forbidden if f and f in text), None
                )
                if hit:
                    start = max(0, hit.start() - 20)
                    problems.append(
                        f"{_cell_label(nb, i)}: absolute path in output: {text[start:hit.end() + 40]!r}"
                    )
                    break
    return problems


def normalise(nb: NotebookNode) -> NotebookNode:
    """Return a deterministic copy of an executed notebook.

    Standard kernelspec; ``language_info`` exactly as the kernel reports it (with the Python
    version: JupyterLab writes the same on its first save, so opening a notebook there changes
    nothing); no widget or tool metadata; no timing metadata in cells; cell ids ``cell-01``..;
    empty code cells dropped; execution counts renumbered 1..N (also in ``execute_result`` outputs).
    """
    nb = copy.deepcopy(nb)
    meta = nb.metadata
    for key in VOLATILE_NB_METADATA:
        meta.pop(key, None)
    meta["kernelspec"] = nbformat.from_dict(dict(KERNELSPEC))
    cells = [c for c in nb.cells if not (c.cell_type == "code" and not c.source.strip())]
    count = 0
    for index, cell in enumerate(cells, start=1):
        cell["id"] = f"cell-{index:02d}"
        for key in VOLATILE_CELL_METADATA:
            cell.metadata.pop(key, None)
        if cell.cell_type == "code":
            count += 1
            cell.execution_count = count
            for out in cell.outputs:
                if out.get("output_type") == "execute_result":
                    out["execution_count"] = count
        else:
            cell.pop("outputs", None)
            cell.pop("execution_count", None)
    nb.cells = cells
    nb.nbformat, nb.nbformat_minor = 4, max(5, int(nb.get("nbformat_minor", 5)))
    return nb


def dumps(nb: NotebookNode) -> str:
    """Stable JSON text of a notebook (what ``nbformat.write`` produces, newline-terminated)."""
    text = nbformat.writes(nb, version=4)
    return text if text.endswith("\n") else text + "\n"


def hygiene_problems(path: Path | str, forbidden: Sequence[str] = ()) -> list[str]:
    """Everything wrong with a committed notebook file (empty list = clean)."""
    path = Path(path)
    problems: list[str] = []
    size = path.stat().st_size
    if size >= MAX_BYTES:
        problems.append(f"size {size} bytes >= {MAX_BYTES}")
    raw = path.read_text(encoding="utf-8")
    nb = nbformat.reads(raw, as_version=4)
    try:
        nbformat.validate(nb)
    except nbformat.ValidationError as exc:
        problems.append(f"invalid nbformat: {exc.message}")
    spec = dict(nb.metadata.get("kernelspec", {}))
    if spec != KERNELSPEC:
        problems.append(f"kernelspec {spec} != {KERNELSPEC}")
    if "widgets" in nb.metadata:
        problems.append("metadata.widgets present (widget state breaks GitHub rendering)")
    expected = 0
    for i, cell in enumerate(nb.cells):
        stale = [k for k in VOLATILE_CELL_METADATA if k in cell.metadata]
        if stale:
            problems.append(f"{_cell_label(nb, i)}: volatile cell metadata {stale}")
        if cell.cell_type != "code":
            continue
        expected += 1
        if cell.execution_count != expected:
            problems.append(
                f"{_cell_label(nb, i)}: execution count {cell.execution_count}, expected {expected}"
                " (run the notebooks with `make notebooks`)"
            )
    problems += output_problems(nb, forbidden)
    for i, cell in enumerate(nb.cells):
        hit = ABS_PATH_RE.search(cell.source)
        if hit:
            problems.append(f"{_cell_label(nb, i)}: absolute path in source near {cell.source[hit.start():hit.end() + 30]!r}")
    if dumps(nb) != raw:
        problems.append("not in canonical JSON form (nbformat.write, indent 1); run `make notebooks`")
    return problems
