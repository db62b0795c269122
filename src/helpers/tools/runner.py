"""Execute the notebooks in place, in parallel and deterministically, and check their hygiene.

Command line::

    python -m helpers.tools.runner run [--jobs N] [--dir DIR] [--timeout S] [--profile N] [NOTEBOOK ...]
    python -m helpers.tools.runner check [--dir DIR] [NOTEBOOK ...]

``run`` executes every ``NN-*.ipynb`` of the notebooks directory with nbclient (kernel ``python3``,
working directory = the notebook's directory), independent notebooks in parallel across a process
pool, then normalises each notebook so that rerunning an unchanged checkout leaves ``git status``
empty: the standard kernelspec, no timing metadata, no widget state, deterministic cell ids,
execution counts 1..N and stable JSON. A notebook that raises, writes to stderr or prints an
absolute path is not written back, and the command exits non-zero naming the notebook and cell.

``run --profile N`` also lists the N slowest cells (where the time of the main job goes).
``check`` verifies the same properties on the committed files without executing anything
(used by ``tests/test_notebooks_hygiene.py``).

When the notebooks directory belongs to another checkout (``DIR/../src/helpers`` exists), the
kernels import *that* checkout's ``helpers`` (its ``src`` goes first on ``PYTHONPATH``), so figures
and data paths resolve inside that checkout. This is how the reproducibility test and the
benchmark run a temporary copy without touching the working tree.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

if __name__ == "__main__":
    # jsonschema (imported by nbformat) loads rfc3987_syntax, which compiles an IRI grammar in
    # ~0.9 s; nbformat's schema never uses it. The command-line runner skips that import.
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[assignment]

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbformat import NotebookNode

from helpers.paths import NOTEBOOKS_DIR, ROOT
from helpers.validate import DataValidationError, validate_package

#: The only kernelspec a committed notebook may carry (the standard ipykernel one).
KERNELSPEC: dict[str, str] = {
    "display_name": "Python 3 (ipykernel)",
    "language": "python",
    "name": "python3",
}
#: Notebooks the runner executes: two digits, a dash, anything.
NOTEBOOK_GLOB_RE = re.compile(r"^\d\d-.+\.ipynb$")
#: The naming convention the hygiene test enforces: NN-verb-object.ipynb (lowercase words).
NAME_RE = re.compile(r"^\d\d-[a-z]+(?:-[a-z0-9]+)+\.ipynb$")
#: Budget per committed notebook (GitHub renders small notebooks reliably).
MAX_BYTES = 2_000_000
#: Per-cell timeout of the runner, seconds.
DEFAULT_TIMEOUT = 600
#: Absolute paths that must never be stored in a notebook (they differ between machines).
ABS_PATH_RE = re.compile(r"(?<![\w.~-])/(?:root|tmp|work|home)(?=/|\b)")
#: Output MIME types that are binary blobs (base64); not searched for paths.
BINARY_MIME = ("image/png", "image/jpeg", "image/gif", "application/pdf")
#: Notebook-level metadata written by tools, never wanted in the committed files.
VOLATILE_NB_METADATA = ("widgets", "papermill", "vscode", "interpreter", "colab", "toc-autonumbering")
#: Cell-level metadata written by executors and UIs (timestamps, view state).
VOLATILE_CELL_METADATA = ("execution", "ExecuteTime", "papermill", "collapsed", "scrolled", "trusted")
#: Environment every notebook kernel gets (the pytest/nbval kernels get the same, see
#: ``tests/conftest_nbval.py``). The inline backend is forced because the Makefile exports
#: ``MPLBACKEND=Agg`` for the test process, and a kernel inheriting Agg would show no figures.
KERNEL_ENV: dict[str, str] = {
    "PYTHONHASHSEED": "0",
    "MPLBACKEND": "module://matplotlib_inline.backend_inline",
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    "JUPYTER_PLATFORM_DIRS": "1",
}


@dataclass
class Result:
    """Outcome of executing one notebook."""

    path: Path
    seconds: float
    problems: list[str] = field(default_factory=list)
    #: (1-based cell number, seconds) for every executed code cell, in notebook order.
    cell_seconds: list[tuple[int, float]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the notebook ran cleanly and was written back."""
        return not self.problems


# --------------------------------------------------------------------------------------------
# discovery and environment


def default_jobs() -> int:
    """Kernels run at once by default: one more than the CPU count.

    A kernel spends part of its start-up waiting on its sockets, not computing; one extra job
    keeps every core busy meanwhile (measured on 2 cores: 8.5 s with 3 jobs against 9.8 s with 2).
    """
    return (os.cpu_count() or 1) + 1


def discover(directory: Path | str = NOTEBOOKS_DIR) -> list[Path]:
    """Return the ``NN-*.ipynb`` notebooks of ``directory``, sorted by name."""
    d = Path(directory)
    if not d.is_dir():
        return []
    return sorted(p for p in d.iterdir() if p.is_file() and NOTEBOOK_GLOB_RE.match(p.name))


def checkout_src(notebook_dir: Path) -> Path | None:
    """The ``src`` directory of the checkout that owns ``notebook_dir``, if it has one."""
    src = notebook_dir.resolve().parent / "src"
    return src if (src / "helpers").is_dir() else None


def kernel_env(notebook_dir: Path | None = None, base: dict[str, str] | None = None) -> dict[str, str]:
    """Environment for a notebook kernel: ``base`` (default ``os.environ``) plus ``KERNEL_ENV``.

    With ``notebook_dir``, that checkout's ``src`` is put first on ``PYTHONPATH``.
    """
    env = dict(os.environ if base is None else base)
    env.update(KERNEL_ENV)
    src = checkout_src(notebook_dir) if notebook_dir is not None else None
    if src is not None:
        parts = [str(src)] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
        env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(parts))
    return env


# --------------------------------------------------------------------------------------------
# normalisation and checks (pure functions on NotebookNode)


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


# --------------------------------------------------------------------------------------------
# execution


def execute_notebook(path: Path | str, timeout: int = DEFAULT_TIMEOUT, env: dict[str, str] | None = None) -> Result:
    """Execute one notebook in a fresh ``python3`` kernel and write it back normalised if clean."""
    path = Path(path).resolve()
    start = time.perf_counter()
    nb = nbformat.read(path, as_version=4)
    nb.metadata["kernelspec"] = nbformat.from_dict(dict(KERNELSPEC))
    client = NotebookClient(
        nb,
        kernel_name="python3",
        timeout=timeout,
        record_timing=True,  # for --profile; normalise() drops these timestamps
        coalesce_streams=True,
        resources={"metadata": {"path": str(path.parent)}},
    )
    problems: list[str] = []
    # The kernel process's own stderr (ipykernel's start-up warnings) goes to a scratch file and
    # is shown only when the kernel fails; what the notebook writes to stderr is in its outputs.
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8", errors="replace") as kernel_log:
        try:
            client.execute(env=env if env is not None else kernel_env(path.parent), stderr=kernel_log)
        except CellExecutionError as exc:
            if not any(o.get("output_type") == "error" for c in nb.cells for o in c.get("outputs", [])):
                problems.append(f"error: {exc.ename}: {exc.evalue}")
        except (CellTimeoutError, DeadKernelError, RuntimeError, OSError) as exc:
            kernel_log.seek(0)
            tail = " | ".join(kernel_log.read().strip().splitlines()[-5:])
            problems.append(f"{type(exc).__name__}: {_first_line(exc)} (kernel stderr: {tail})")
    checkout = path.parent.parent
    problems += output_problems(nb, forbidden=[str(checkout)])
    if not problems:
        path.write_text(dumps(normalise(nb)), encoding="utf-8")
    return Result(path, time.perf_counter() - start, problems, cell_timings(nb))


def cell_timings(nb: NotebookNode) -> list[tuple[int, float]]:
    """(1-based cell number, seconds) of each executed code cell, from nbclient's timing metadata."""
    out = []
    for number, cell in enumerate(nb.cells, start=1):
        stamps = cell.get("metadata", {}).get("execution", {})
        begin, end = stamps.get("iopub.execute_input"), stamps.get("shell.execute_reply")
        if cell.cell_type == "code" and begin and end:
            seconds = (datetime.fromisoformat(end.replace("Z", "+00:00")) - datetime.fromisoformat(begin.replace("Z", "+00:00")))
            out.append((number, seconds.total_seconds()))
    return out


def _first_line(exc: BaseException) -> str:
    """First non-empty line of an exception's message."""
    return next((line for line in str(exc).splitlines() if line.strip()), type(exc).__name__)


def _execute_job(args: tuple[str, int, dict[str, str]]) -> Result:
    """Process-pool entry point (a picklable top-level function)."""
    path, timeout, env = args
    return execute_notebook(path, timeout, env)


def run(
    notebooks: Sequence[Path | str],
    jobs: int | None = None,
    timeout: int = DEFAULT_TIMEOUT,
    log: Any = None,
) -> list[Result]:
    """Execute ``notebooks`` (each in its own kernel), ``jobs`` at a time, and return the results.

    Larger files (usually the heavier notebooks) are started first so that the pool's cores stay
    busy until the end. Results come back in the order of ``notebooks``. Bad data raise
    :class:`~helpers.validate.DataValidationError` (see ``check_data``) before any kernel starts.
    """
    paths = [Path(p).resolve() for p in notebooks]
    check_data(paths)
    jobs = max(1, min(jobs or default_jobs(), len(paths) or 1))
    args = {p: (str(p), timeout, kernel_env(p.parent)) for p in paths}
    order = sorted(paths, key=lambda p: -p.stat().st_size)
    results: dict[Path, Result] = {}
    if jobs == 1:
        for p in order:
            results[p] = _report(_execute_job(args[p]), log)
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = {p: pool.submit(_execute_job, args[p]) for p in order}
            for p in order:
                results[p] = _report(futures[p].result(), log)
    return [results[p] for p in paths]


def check_data(notebooks: Sequence[Path]) -> None:
    """Validate, once, the ``data/`` of each checkout that ``notebooks`` belong to.

    Raises :class:`~helpers.validate.DataValidationError` (every problem: file, row, column, rule)
    so that bad data stop the run before any kernel starts, with one message instead of one error
    per notebook, and no notebook or figure is touched. Directories without a
    ``data/datapackage.json`` next to them (scratch notebooks) are not checked.
    """
    for data in dict.fromkeys(Path(p).resolve().parent.parent / "data" for p in notebooks):
        if (data / "datapackage.json").is_file():
            problems = validate_package(data)
            if problems:
                raise DataValidationError(problems)


def _report(result: Result, log: Any) -> Result:
    """Print one line per notebook (and one per problem) to ``log`` if given."""
    if log is not None:
        name = _display(result.path)
        status = "ok" if result.ok else "FAILED"
        print(f"{status:6} {result.seconds:6.1f} s  {name}", file=log, flush=True)
        for problem in result.problems:
            print(f"       {name}: {problem}", file=log, flush=True)
    return result


def _display(path: Path) -> str:
    """Path relative to the repository root when possible (messages never show /work/... paths)."""
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return f"{path.parent.name}/{path.name}"


# --------------------------------------------------------------------------------------------
# temporary checkouts (reproducibility test, benchmark)


def checkout_files(root: Path = ROOT) -> list[Path]:
    """Relative paths of the files a clean checkout of ``root`` holds.

    Uses ``git ls-files --cached --others --exclude-standard`` (tracked files plus new files not
    ignored); without git, every file outside ``.git``, ``.venv`` and caches.
    """
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            check=True,
            capture_output=True,
        ).stdout
        files = [Path(p) for p in out.decode().split("\0") if p]
    except (OSError, subprocess.CalledProcessError):
        skip = {".git", ".venv", "__pycache__", ".ipynb_checkpoints", ".pytest_cache", "build", "dist"}
        files = [
            p.relative_to(root)
            for p in root.rglob("*")
            if p.is_file() and not skip.intersection(p.relative_to(root).parts)
        ]
    return sorted(f for f in files if (root / f).is_file())


def copy_checkout(dest: Path, root: Path = ROOT) -> Path:
    """Copy the checkout's files (see ``checkout_files``) into ``dest`` and return ``dest``."""
    dest = Path(dest)
    for rel in checkout_files(root):
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / rel, target)
    return dest


_IGNORED_PARTS = {"__pycache__", ".ipynb_checkpoints", ".pytest_cache"}


def digest_tree(root: Path) -> dict[Path, str]:
    """SHA-256 of every file under ``root`` (relative paths; caches and ``.pyc`` ignored)."""
    digests: dict[Path, str] = {}
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root)
        if p.is_file() and not _IGNORED_PARTS.intersection(rel.parts) and rel.suffix != ".pyc":
            digests[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
    return digests


def tree_differences(before: dict[Path, str], root: Path) -> list[str]:
    """What ``git status`` would report for ``root`` against the state ``before`` (``digest_tree``):
    changed, new and deleted files."""
    after = digest_tree(root)
    diffs = [f"changed {rel}" for rel in sorted(before.keys() & after.keys()) if before[rel] != after[rel]]
    diffs += [f"new file {rel}" for rel in sorted(after.keys() - before.keys())]
    diffs += [f"deleted {rel}" for rel in sorted(before.keys() - after.keys())]
    return diffs


# --------------------------------------------------------------------------------------------
# command line


def _select(directory: Path, names: Sequence[str]) -> list[Path]:
    """The notebooks named on the command line (paths or bare names), or all of ``directory``."""
    if not names:
        return discover(directory)
    chosen = []
    for name in names:
        p = Path(name)
        chosen.append(p if p.exists() else directory / p.name)
    missing = [str(p) for p in chosen if not p.is_file()]
    if missing:
        raise SystemExit(f"no such notebook: {', '.join(missing)}")
    return chosen


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m helpers.tools.runner``."""
    parser = argparse.ArgumentParser(prog="python -m helpers.tools.runner", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p_run = sub.add_parser("run", help="execute notebooks in place, in parallel, deterministically")
    p_run.add_argument("--jobs", "-j", type=int, default=None, help="parallel kernels (default: CPU count + 1)")
    p_run.add_argument("--timeout", type=int, default=DEFAULT_TIMEOUT, help="seconds per cell")
    p_run.add_argument("--profile", type=int, default=0, metavar="N", help="also list the N slowest cells")
    p_check = sub.add_parser("check", help="check the hygiene of committed notebooks")
    for p in (p_run, p_check):
        p.add_argument("--dir", type=Path, default=NOTEBOOKS_DIR, help="notebooks directory")
        p.add_argument("notebooks", nargs="*", help="notebooks to process (default: all NN-*.ipynb)")
    args = parser.parse_args(argv)
    paths = _select(args.dir, args.notebooks)
    if not paths:
        print(f"no NN-*.ipynb notebooks in {args.dir}", file=sys.stderr)
        return 1
    if args.command == "run":
        start = time.perf_counter()
        try:
            results = run(paths, jobs=args.jobs, timeout=args.timeout, log=sys.stdout)
        except DataValidationError as exc:
            print(f"{exc}\nNo notebook was run: fix the data first (`make validate` checks them).", file=sys.stderr)
            return 1
        if args.profile:
            cells = sorted(((sec, r.path.name, n) for r in results for n, sec in r.cell_seconds), reverse=True)
            for sec, name, number in cells[: args.profile]:
                print(f"  {sec:6.2f} s  {name} cell {number}")
        failed = [r for r in results if not r.ok]
        print(f"{len(results) - len(failed)}/{len(results)} notebooks ok in {time.perf_counter() - start:.1f} s")
        return 1 if failed else 0
    bad = 0
    for path in paths:
        problems = hygiene_problems(path, forbidden=[str(ROOT)])
        for problem in problems:
            print(f"{_display(path)}: {problem}")
        bad += bool(problems)
    print(f"{len(paths) - bad}/{len(paths)} notebooks clean")
    return 1 if bad else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
