"""Timing figures of the main job, from one run: ``python -m helpers.tools.bench`` (``make bench``).

Everything runs in a temporary copy of the checkout, so the working tree is not touched. Printed,
one figure a line as ``name: value`` (seconds unless the name says otherwise)::

    notebooks: 5                  number of notebooks
    jobs: 2                       parallel kernels of the main job (CPU count)
    floor: 14.80                  sum over notebooks, one after another, of one kernel start plus
                                  that notebook's imports (what no runner can avoid)
    main: 16.20                   wall time of `python -m helpers.tools.runner run` (parallel)
    conventional: 31.90           wall time of `jupyter nbconvert --to notebook --execute` on each
                                  notebook in turn
    as-of: 16.90                  wall time of the rerun `runner run --as-of <interview date>
                                  --naming ja` into build/ (parameters injected as papermill does)
    ratio main/floor: 1.09        target <= 1.3
    ratio main/conventional: 0.51 target <= 0.7 on 2 cores
    ratio as-of/main: 1.04        target <= 1.2
    tables: 0.120                 load and validate every data table (fresh process, after imports)

The benchmark prints and never asserts; ``parse`` reads its output back for scripts.
"""

from __future__ import annotations

import argparse
import ast
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import nbformat

from helpers import load
from helpers.tools import checkouts, runner
from helpers.paths import ROOT

#: Output order and number formats.
FORMATS: dict[str, str] = {
    "notebooks": "{:d}",
    "jobs": "{:d}",
    "floor": "{:.2f}",
    "main": "{:.2f}",
    "conventional": "{:.2f}",
    "as-of": "{:.2f}",
    "ratio main/floor": "{:.2f}",
    "ratio main/conventional": "{:.2f}",
    "ratio as-of/main": "{:.2f}",
    "tables": "{:.3f}",
}

_TABLES_SNIPPET = """
import time
from helpers import load
start = time.perf_counter()
frames = load.tables()  # reads every CSV, validates the whole package, converts dtypes
print(time.perf_counter() - start, len(frames))
"""


def imports_of(source: str) -> list[str]:
    """The top-level ``import``/``from ... import`` statements of a code cell, in order.

    IPython syntax (magics, ``!cmd``) is translated first; a cell that still does not parse
    contributes nothing.
    """
    from IPython.core.inputtransformer2 import TransformerManager

    try:
        tree = ast.parse(TransformerManager().transform_cell(source))
    except SyntaxError:
        return []
    return [ast.unparse(node) for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))]


def notebook_imports(path: Path) -> list[str]:
    """Every top-level import statement of a notebook's code cells, first occurrence kept."""
    nb = nbformat.read(path, as_version=4)
    found: list[str] = []
    for cell in nb.cells:
        if cell.cell_type == "code":
            found += imports_of(cell.source)
    return list(dict.fromkeys(found))


def format_report(figures: dict[str, float | int]) -> str:
    """``name: value`` lines in ``FORMATS`` order (unknown names last, as given)."""
    names = [n for n in FORMATS if n in figures] + [n for n in figures if n not in FORMATS]
    lines = []
    for name in names:
        value = figures[name]
        fmt = FORMATS.get(name, "{}")
        lines.append(f"{name}: {fmt.format(int(value)) if fmt == '{:d}' else fmt.format(value)}")
    return "\n".join(lines) + "\n"


def parse(text: str) -> dict[str, float]:
    """Read a report back: ``{"ratio main/floor": 1.09, ...}`` (lines without ``: `` are skipped)."""
    out: dict[str, float] = {}
    for line in text.splitlines():
        name, sep, value = line.rpartition(": ")
        if sep and name.strip():
            try:
                out[name.strip()] = float(value)
            except ValueError:
                continue
    return out


def ratios(figures: dict[str, float | int]) -> dict[str, float]:
    """The ratios of the main job (to ``floor`` and ``conventional``) and of the as-of rerun to it."""
    out: dict[str, float] = {}
    if figures.get("as-of") and figures.get("main"):
        out["ratio as-of/main"] = figures["as-of"] / figures["main"]
    if figures.get("floor"):
        out["ratio main/floor"] = figures["main"] / figures["floor"]
    if figures.get("conventional"):
        out["ratio main/conventional"] = figures["main"] / figures["conventional"]
    return out


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def measure_floor(paths: Sequence[Path], timeout: int = runner.DEFAULT_TIMEOUT) -> float:
    """Seconds, serially: for each notebook a fresh kernel that runs only that notebook's imports.

    Uses the runner's own execution path on a one-cell notebook, so the floor includes exactly the
    per-notebook overhead the main job pays (client set-up, kernel start and shutdown, imports).
    """
    total = 0.0
    with tempfile.TemporaryDirectory(prefix="kuril-floor-") as tmp:
        for path in paths:
            probe = Path(tmp) / path.name
            cell = nbformat.v4.new_code_cell("\n".join(notebook_imports(path)) or "pass")
            nbformat.write(nbformat.v4.new_notebook(cells=[cell]), probe)
            env = checkouts.kernel_env(path.parent)
            start = time.perf_counter()
            result = runner.execute_notebook(probe, timeout, env)
            total += time.perf_counter() - start
            if not result.ok:
                raise RuntimeError(f"imports of {path.name} fail: {result.problems}")
    return total


def _run(cmd: list[str], cwd: Path, env: dict[str, str]) -> str:
    """Run ``cmd``; return its stdout, or raise with its output when it fails."""
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:4])} ... failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    return proc.stdout


def measure(checkout: Path, jobs: int | None = None) -> dict[str, float | int]:
    """All figures for the notebooks of ``checkout`` (a copy: it is executed in place)."""
    nb_dir = checkout / "notebooks"
    paths = runner.discover(nb_dir)
    if not paths:
        raise RuntimeError(f"no notebooks in {nb_dir}")
    env = checkouts.kernel_env(nb_dir)
    jobs = max(1, min(jobs or runner.default_jobs(), len(paths)))
    figures: dict[str, float | int] = {"notebooks": len(paths), "jobs": jobs}
    figures["floor"] = measure_floor(paths)
    out_dir = checkout / ".bench-nbconvert"
    nbconvert = [sys.executable, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute"]
    figures["conventional"] = _timed(
        lambda: [_run([*nbconvert, str(p), "--output-dir", str(out_dir)], nb_dir, env) for p in paths]
    )
    main = [sys.executable, "-m", "helpers.tools.runner", "run", "--jobs", str(jobs), "--dir", str(nb_dir)]
    figures["main"] = _timed(lambda: _run(main, checkout, env))
    # the rerun measured: as of the interview's date, Japanese names (kanji in every figure)
    interview = load.table("interviews", data_dir=checkout / "data")["interview_date"].min()
    as_of = [*main, "--as-of", f"{interview:%Y-%m-%d}", "--naming", "ja"]
    figures["as-of"] = _timed(lambda: _run(as_of, checkout, env))
    figures.update(ratios(figures))
    figures["tables"] = float(_run([sys.executable, "-c", _TABLES_SNIPPET], checkout, env).split()[0])
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m helpers.tools.bench``: copy the checkout, measure, print."""
    parser = argparse.ArgumentParser(prog="python -m helpers.tools.bench", description=__doc__.split("\n")[0])
    parser.add_argument("--jobs", "-j", type=int, default=None, help="parallel kernels (default: CPU count)")
    parser.add_argument("--root", type=Path, default=ROOT, help="checkout to measure (default: this one)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kuril-bench-") as tmp:
        checkout = checkouts.copy_checkout(Path(tmp) / "checkout", args.root)
        figures = measure(checkout, args.jobs)
    sys.stdout.write(format_report(figures))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
