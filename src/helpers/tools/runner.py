"""Execute the notebooks, in parallel and deterministically, and check their hygiene.

Command line::

    python -m helpers.tools.runner run [--jobs N] [--dir DIR] [--timeout S] [--profile N] [NOTEBOOK ...]
    python -m helpers.tools.runner run --as-of YYYY-MM-DD [--naming both|en|ja|ru] [--out DIR]
    python -m helpers.tools.runner check [--dir DIR] [NOTEBOOK ...]

``run`` executes every ``NN-*.ipynb`` with nbclient (kernel ``python3``, working directory = the
notebook's), in a process pool, and writes each back normalised (``hygiene.normalise``) so that
rerunning an unchanged checkout leaves ``git status`` empty. A notebook that raises, writes to
stderr or prints an absolute path is not written, and the command exits non-zero naming it.
With ``--as-of``/``--naming`` the parameters are injected after the cell tagged ``parameters``
(as papermill does) and the notebooks go to ``build/as-of-<date>-<naming>/`` with their own
``figures/``; bad parameters stop the run before any kernel. Every run is atomic per notebook:
its figures are staged and moved into place, and the notebook replaced, only when it ran clean.
``--profile N`` lists the N slowest cells; ``check`` verifies the committed files.

Kernels import the ``helpers`` of the checkout that owns the notebooks (``DIR/../src`` first on
``PYTHONPATH``): the reproducibility test and the benchmark run temporary copies this way.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if __name__ == "__main__":
    # jsonschema (imported by nbformat) loads rfc3987_syntax, which compiles an IRI grammar in
    # ~0.9 s; nbformat's schema never uses it. The command-line runner skips that import.
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[assignment]

import nbformat
from nbclient import NotebookClient
from nbformat import NotebookNode

from helpers.paths import NOTEBOOKS_DIR, ROOT
from helpers.tools.checkouts import kernel_env
from helpers.tools.hygiene import KERNELSPEC, dumps, hygiene_problems, normalise, output_problems
from helpers.tools.kernels import cell_timings, execute_cells
from helpers.validate import DataValidationError, validate_package

#: Notebooks the runner executes: two digits, a dash, anything.
NOTEBOOK_GLOB_RE = re.compile(r"^\d\d-.+\.ipynb$")
#: Per-cell timeout of the runner, seconds.
DEFAULT_TIMEOUT = 600


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


# --------------------------------------------------------------------------------------------
# execution


def execute_notebook(
    path: Path | str,
    timeout: int = DEFAULT_TIMEOUT,
    env: dict[str, str] | None = None,
    parameters: dict[str, str] | None = None,
    out: Path | str | None = None,
) -> Result:
    """Execute one notebook in a fresh ``python3`` kernel; write it (and its figures) if clean.

    ``parameters`` are injected after the cell tagged ``parameters`` as papermill does; ``out``
    is where the executed notebook goes (default: in place), its figures going to ``figures/``
    next to ``out``'s folder. Nothing is half-written: the kernel saves figures into a staging
    folder under ``build/``, and only a clean run moves them into place and replaces the
    notebook, each file by a rename.
    """
    path = Path(path).resolve()
    target = Path(out).resolve() if out is not None else path
    figures = target.parent.parent / "figures" if out is None else target.parent / "figures"
    start = time.perf_counter()
    nb = nbformat.read(path, as_version=4)
    if parameters:
        nb = _parameterize(path, parameters)
    nb.metadata["kernelspec"] = nbformat.from_dict(dict(KERNELSPEC))
    client = NotebookClient(
        nb,
        kernel_name="python3",
        timeout=timeout,
        record_timing=True,  # for --profile; normalise() drops these timestamps
        coalesce_streams=True,
        resources={"metadata": {"path": str(path.parent)}},
    )
    staging_root = path.parent.parent / "build"
    staging_root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".figures-", dir=staging_root))
    env = dict(env if env is not None else kernel_env(path.parent), KURIL_FIGURES_DIR=str(staging))
    try:
        problems = execute_cells(client, env)
        problems += output_problems(nb, forbidden=[str(path.parent.parent), str(staging)])
        if not problems:
            write_atomic(target, dumps(normalise(nb)))
            for figure in sorted(staging.iterdir()):
                figures.mkdir(parents=True, exist_ok=True)
                os.replace(figure, figures / figure.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Result(target, time.perf_counter() - start, problems, cell_timings(nb))


def _parameterize(path: Path, parameters: dict[str, str]) -> NotebookNode:
    """The notebook with ``parameters`` injected as papermill injects them (its own functions)."""
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    nb = parameterize_notebook(load_notebook_node(str(path)), parameters, kernel_name="python3", language="python")
    for cell in nb.cells:  # papermill's empty tag lists; normalise() drops its other metadata
        if not cell.metadata.get("tags"):
            cell.metadata.pop("tags", None)
    return nb


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _execute_job(args: tuple[str, int, dict[str, str], dict[str, str] | None, str | None]) -> Result:
    """Process-pool entry point (a picklable top-level function)."""
    path, timeout, env, parameters, out = args
    return execute_notebook(path, timeout, env, parameters, out)


def run(
    notebooks: Sequence[Path | str],
    jobs: int | None = None,
    timeout: int = DEFAULT_TIMEOUT,
    log: Any = None,
    parameters: dict[str, str] | None = None,
    out_dir: Path | str | None = None,
) -> list[Result]:
    """Execute ``notebooks`` (each in its own kernel), ``jobs`` at a time, and return the results.

    With ``parameters`` (``as_of``, ``naming``) and ``out_dir`` the executed notebooks go to
    ``out_dir`` and their figures to ``out_dir/figures``; the notebooks themselves are untouched.

    Larger files (usually the heavier notebooks) are started first so that the pool's cores stay
    busy until the end. Results come back in the order of ``notebooks``. Bad data raise
    :class:`~helpers.validate.DataValidationError` (see ``check_data``) before any kernel starts.
    """
    paths = [Path(p).resolve() for p in notebooks]
    check_data(paths)
    jobs = max(1, min(jobs or default_jobs(), len(paths) or 1))
    out = {p: str(Path(out_dir).resolve() / p.name) if out_dir is not None else None for p in paths}
    args = {p: (str(p), timeout, kernel_env(p.parent), parameters, out[p]) for p in paths}
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
# command line


def rerun_parameters(
    as_of: str | None, naming: str | None, out: Path | None, notebooks: Sequence[Path]
) -> tuple[dict[str, str] | None, Path | None]:
    """The checked parameters of a rerun and its folder; (None, None) for the plain main job.

    Raises ValueError with one message for a bad date, a date before the record starts, an
    unknown naming, or ``--out`` without parameters (the main job writes in place).
    """
    from helpers import page, paths

    if as_of is None and naming is None:
        if out is not None:
            raise ValueError("--out needs --as-of or --naming (the main job writes in place)")
        return None, None
    try:
        checked = page.parameters(as_of, naming if naming is not None else "both")
    except page.ParameterError as exc:
        raise ValueError(f"bad parameter: {exc}") from None
    day = checked.as_of.isoformat() if checked.as_of else None
    build = Path(notebooks[0]).resolve().parent.parent / "build" if notebooks else None
    folder = out if out is not None else paths.rerun_dir(day, checked.naming, build)
    return {"as_of": day, "naming": checked.naming}, Path(folder).resolve()


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
    p_run.add_argument("--as-of", default=None, metavar="YYYY-MM-DD",
                       help="rerun with the record as it stood on that date (into --out)")
    p_run.add_argument("--naming", default=None, help="rerun with that naming: both, en, ja, ru (into --out)")
    p_run.add_argument("--out", type=Path, default=None,
                       help="folder of a rerun with parameters (default: build/as-of-<date>-<naming>)")
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
            parameters, out_dir = rerun_parameters(args.as_of, args.naming, args.out, paths)
        except ValueError as exc:
            print(f"{exc}\nNo notebook was run.", file=sys.stderr)
            return 1
        if out_dir is not None:
            print(f"rerun with as_of={parameters['as_of'] or 'the whole record'}, naming={parameters['naming']} "
                  f"into {_display(out_dir)}/")
        try:
            results = run(paths, jobs=args.jobs, timeout=args.timeout, log=sys.stdout,
                          parameters=parameters, out_dir=out_dir)
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
