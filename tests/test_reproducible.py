"""Reruns are reproducible and offline: the runner (helpers.tools.runner) and the end-to-end proof.

The end-to-end test copies the checkout into a temporary directory, executes every notebook there
with ``python -m helpers.tools.runner run`` inside a network namespace of its own (``unshare -rn``,
so any download attempt fails), and requires every file of the copy to be byte-identical to the
working tree afterwards: notebooks, figures, everything ``git status`` would report. One execution
serves both proofs. The other tests exercise the runner on tiny generated notebooks.
"""

from __future__ import annotations

import functools
import json
import os
import platform
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import nbformat
import pytest

from helpers.tools import checkouts, hygiene, kernels, runner
from helpers.paths import NOTEBOOKS_DIR, ROOT
from small_notebooks import write_notebook

#: Kernels and whole-notebook runs: left out of the README's quick "unit tests" command.
pytestmark = pytest.mark.slow

# --------------------------------------------------------------------------------------------
# end to end: a copy of the checkout, executed offline, equals the working tree

#: Run inside the new network namespace: bring the loopback interface up (the kernels talk to
#: the runner over 127.0.0.1) and exec the real command. No other interface exists there.
_LOOPBACK_UP = """
import fcntl, os, socket, struct, sys
SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP = 0x8913, 0x8914, 0x1
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
req = struct.pack("16sH14s", b"lo", 0, b"")
flags = struct.unpack("16sH14s", fcntl.ioctl(s, SIOCGIFFLAGS, req))[1]
fcntl.ioctl(s, SIOCSIFFLAGS, struct.pack("16sH14s", b"lo", flags | IFF_UP, b""))
os.execv(sys.argv[1], sys.argv[1:])
"""

#: Succeeds only if a public address is reachable; used to prove the namespace has no network.
_PROBE = """
import socket
try:
    socket.create_connection(("151.101.0.223", 443), timeout=3).close()  # pypi.org (Fastly)
except OSError as exc:
    print("offline:", exc)
    raise SystemExit(0)
raise SystemExit("network reachable")
"""


def offline_prefix() -> tuple[list[str], str]:
    """Command prefix that runs a command without network, and a note on how (or why not)."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return [], "unshare not installed"
    base = [unshare, "-rn", sys.executable, "-c", _LOOPBACK_UP]
    try:
        probe = subprocess.run(base + [sys.executable, "-c", _PROBE], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return [], f"unshare -rn failed: {exc}"
    if probe.returncode != 0:
        return [], f"unshare -rn not permitted here: {(probe.stderr or probe.stdout).strip()[-200:]}"
    return base, probe.stdout.strip()


@pytest.mark.skipif(not runner.discover(NOTEBOOKS_DIR), reason="no notebooks/NN-*.ipynb yet")
def test_offline_rerun_of_a_copy_is_byte_identical(tmp_path: Path) -> None:
    """`make notebooks` on a clean copy, with no network, changes no file at all."""
    copy = checkouts.copy_checkout(tmp_path / "checkout", ROOT)
    before = checkouts.digest_tree(copy)  # the checkout as copied (others may be editing ROOT)
    prefix, how = offline_prefix()
    if not prefix:
        warnings.warn(f"notebooks ran WITH network (offline proof not possible: {how})", stacklevel=1)
    env = checkouts.kernel_env(copy / "notebooks")  # the copy's src first: figures land in the copy
    env.pop("COVERAGE_PROCESS_START", None)
    cmd = [sys.executable, "-m", "helpers.tools.runner", "run", "--dir", str(copy / "notebooks")]
    proc = subprocess.run(prefix + cmd, cwd=copy, env=env, capture_output=True, text=True, timeout=1800)
    print(f"offline: {how}\n{proc.stdout}")
    assert proc.returncode == 0, f"runner failed ({how}):\n{proc.stdout}\n{proc.stderr[-3000:]}"
    differences = checkouts.tree_differences(before, copy)
    assert not differences, "rerun changed the checkout:\n" + "\n".join(differences)


def test_offline_prefix_cuts_the_network() -> None:
    """Where unshare works, the prefix really leaves no route out (and loopback works)."""
    prefix, how = offline_prefix()
    if not prefix:
        pytest.skip(how)
    code = "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(); print('lo ok')"
    out = subprocess.run(prefix + [sys.executable, "-c", code + "\n" + _PROBE], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "lo ok" in out.stdout and "offline:" in out.stdout


# --------------------------------------------------------------------------------------------
# the runner on tiny generated notebooks

#: Notebooks with messy metadata by default, for the runner to clean.
_write = functools.partial(write_notebook, messy=True)


@pytest.fixture(scope="module")
def clean_pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], list[runner.Result]]:
    """Two clean notebooks executed by the process pool (jobs=2)."""
    d = tmp_path_factory.mktemp("nb") / "notebooks"
    paths = [
        _write(d, "01-show-table.ipynb", "import pandas as pd", "", "pd.DataFrame({'a': [1, 2]})",
               "print(sorted({'b', 'a'}))", markdown="# A table"),
        _write(d, "02-draw-chart.ipynb", "import matplotlib.pyplot as plt",
               "fig, ax = plt.subplots(figsize=(3, 2))\n_ = ax.plot([1, 3, 2])\nplt.show()"),
    ]
    return paths, runner.run(paths, jobs=2)


def test_runner_writes_normalised_notebooks(clean_pair: tuple[list[Path], list[runner.Result]]) -> None:
    """Kernelspec, ids, counts, metadata and JSON form are normalised; no hygiene problem left."""
    paths, results = clean_pair
    assert [r.ok for r in results] == [True, True], [r.problems for r in results]
    for path in paths:
        assert hygiene.hygiene_problems(path) == []
        nb = json.loads(path.read_text(encoding="utf-8"))
        assert nb["metadata"]["kernelspec"] == hygiene.KERNELSPEC
        assert "widgets" not in nb["metadata"]
        # language_info as the kernel reports it, Python version included (what JupyterLab saves)
        assert nb["metadata"]["language_info"]["version"] == platform.python_version()
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        assert [c["execution_count"] for c in code] == list(range(1, len(code) + 1))
        assert all("execution" not in c["metadata"] for c in nb["cells"])
        assert [c["id"] for c in nb["cells"]] == [f"cell-{i:02d}" for i in range(1, len(nb["cells"]) + 1)]
    table = json.loads(paths[0].read_text(encoding="utf-8"))["cells"]
    assert len(table) == 4, "the empty code cell is dropped"
    assert table[2]["outputs"][0]["execution_count"] == 2 and "text/html" in table[2]["outputs"][0]["data"]
    chart = json.loads(paths[1].read_text(encoding="utf-8"))["cells"][1]["outputs"]
    assert any("image/png" in o.get("data", {}) for o in chart), "inline backend forced for kernels"


def test_runner_is_deterministic(clean_pair: tuple[list[Path], list[runner.Result]]) -> None:
    """A second run (serial this time) reproduces the same bytes."""
    paths, _ = clean_pair
    before = [p.read_bytes() for p in paths]
    assert all(r.ok for r in runner.run(paths, jobs=1))
    assert [p.read_bytes() for p in paths] == before


def test_runner_fails_on_error_stderr_and_paths(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Errors, stderr and absolute paths fail the run, name notebook and cell, keep the file."""
    d = tmp_path / "notebooks"
    bad_error = _write(d, "01-raise-error.ipynb", "x = 1", "1 / 0", "print('never')")
    bad_stderr = _write(d, "02-warn-user.ipynb", "import warnings\nwarnings.warn('careful')")
    bad_path = _write(d, "03-print-path.ipynb", "import os\nprint(os.getcwd())")
    originals = {p: p.read_bytes() for p in (bad_error, bad_stderr, bad_path)}
    code = runner.main(["run", "--jobs", "1", "--dir", str(d)])
    out = capsys.readouterr().out
    assert code == 1
    assert "0/3 notebooks ok" in out
    assert "01-raise-error.ipynb: cell 2 ('1 / 0'): error ZeroDivisionError" in out
    assert "02-warn-user.ipynb: cell 1 ('import warnings'): stderr output" in out
    assert "03-print-path.ipynb: cell 1 ('import os'): absolute path in output" in out
    assert all(p.read_bytes() == b for p, b in originals.items()), "failed notebooks are not rewritten"


def test_runner_reports_dead_kernel(tmp_path: Path) -> None:
    """A kernel that dies is reported with its own stderr, not a hang."""
    path = _write(tmp_path / "notebooks", "01-kill-kernel.ipynb", "import os\nos._exit(3)")
    (result,) = runner.run([path], jobs=1, timeout=60)
    assert not result.ok and "DeadKernelError" in result.problems[0]


class _FlakyClient:
    """Stands in for nbclient's client: its first kernels die at start-up with ``log`` on stderr."""

    def __init__(self, failures: int, log: str) -> None:
        self.nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1")])
        self.failures, self.log, self.starts = failures, log, 0

    def execute(self, env: dict[str, str], stderr) -> None:
        self.starts += 1
        if self.starts <= self.failures:
            stderr.write(self.log)
            raise RuntimeError("Kernel died before replying to kernel_info")
        self.nb.cells[0].execution_count = 1


def test_runner_starts_a_kernel_once_more_after_a_port_race() -> None:
    """A kernel that lost its port to another process is started again; a second loss is reported."""
    race = "zmq.error.ZMQError: Address already in use (addr='tcp://127.0.0.1:43127')"
    once = _FlakyClient(failures=1, log=race)
    assert kernels.execute_cells(once, {}) == [] and once.starts == 2
    twice = _FlakyClient(failures=2, log=race)
    (problem,) = kernels.execute_cells(twice, {})
    assert twice.starts == 2 and problem.startswith("RuntimeError: Kernel died") and "Address already in use" in problem
    other = _FlakyClient(failures=1, log="ModuleNotFoundError: No module named 'ipykernel'")
    assert kernels.execute_cells(other, {}) != [] and other.starts == 1


def test_check_command_flags_dirty_notebooks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`check` reports kernelspec, widgets, timestamps, counts, outputs and form, exit 1."""
    d = tmp_path / "notebooks"
    path = _write(d, "01-show-mess.ipynb", "print(1)", "open('/tmp/x')")
    nb = nbformat.read(path, as_version=4)
    nb.cells[0].outputs = [nbformat.v4.new_output("stream", name="stderr", text="oops\n")]
    nb.cells[0].execution_count = 3
    nb.cells[1].outputs = [nbformat.v4.new_output("error", ename="KeyError", evalue="'a'", traceback=[])]
    nbformat.write(nb, path)
    with path.open("a") as fh:  # not canonical any more
        fh.write("\n\n")
    assert runner.main(["check", "--dir", str(d)]) == 1
    out = capsys.readouterr().out
    for expected in ("kernelspec", "metadata.widgets", "volatile cell metadata ['execution']",
                     "execution count 3, expected 1", "stderr output", "error KeyError",
                     "absolute path in source", "canonical JSON", "0/1 notebooks clean"):
        assert expected in out, expected


def test_size_budget(tmp_path: Path) -> None:
    """A notebook over the size budget is reported."""
    path = _write(tmp_path, "01-make-big.ipynb", "x = 1")
    nb = nbformat.read(path, as_version=4)
    nb.cells[0].outputs = [nbformat.v4.new_output("stream", name="stdout", text="x" * hygiene.MAX_BYTES)]
    nbformat.write(nb, path)
    assert any(p.startswith("size ") for p in hygiene.hygiene_problems(path))


def test_command_line_selection(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Named notebooks, missing ones, and an empty directory."""
    d = tmp_path / "notebooks"
    d.mkdir()
    assert runner.main(["check", "--dir", str(d)]) == 1
    assert "no NN-*.ipynb notebooks" in capsys.readouterr().err
    with pytest.raises(SystemExit, match="no such notebook"):
        runner.main(["check", "--dir", str(d), "09-missing.ipynb"])
    path = _write(d, "01-do-nothing.ipynb", "x = 1")
    (d / "notes.ipynb").write_text("{}")
    assert runner.discover(d) == [path]
    assert runner.main(["run", "--dir", str(d), "--profile", "3", "01-do-nothing.ipynb"]) == 0
    out = capsys.readouterr().out
    assert "1/1 notebooks ok" in out and " s  01-do-nothing.ipynb cell 1" in out
    assert runner.main(["check", str(path)]) == 0
    assert "1/1 notebooks clean" in capsys.readouterr().out


def test_kernel_env_prefers_the_checkouts_src(tmp_path: Path) -> None:
    """A copy's notebooks import the copy's helpers; the inline backend is forced."""
    (tmp_path / "src" / "helpers").mkdir(parents=True)
    (tmp_path / "notebooks").mkdir()
    env = checkouts.kernel_env(tmp_path / "notebooks", base={"MPLBACKEND": "Agg", "PYTHONPATH": "/x"})
    assert env["PYTHONPATH"].split(os.pathsep) == [str((tmp_path / "src").resolve()), "/x"]
    assert env["MPLBACKEND"] == checkouts.KERNEL_ENV["MPLBACKEND"] and env["PYTHONHASHSEED"] == "0"
    assert "PYTHONPATH" not in checkouts.kernel_env(tmp_path / "other" / "notebooks", base={})


def test_copy_checkout_and_tree_differences(tmp_path: Path) -> None:
    """Copies exactly the checkout's files and reports new, changed and deleted files."""
    src = tmp_path / "src_tree"
    for rel, text in {"a.txt": "a", "sub/b.txt": "b", ".venv/x": "v", "sub/__pycache__/c.pyc": "c"}.items():
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_text(text)
    files = checkouts.checkout_files(src)  # not a git repository: the walking fallback
    assert files == [Path("a.txt"), Path("sub/b.txt")]
    dst = checkouts.copy_checkout(tmp_path / "dst", src)
    before = checkouts.digest_tree(dst)
    assert sorted(before) == files and checkouts.tree_differences(before, dst) == []
    (dst / "a.txt").write_text("A")
    (dst / "sub" / "b.txt").unlink()
    (dst / "new.txt").write_text("n")
    (dst / "sub" / "__pycache__").mkdir()
    (dst / "sub" / "__pycache__" / "c.pyc").write_text("ignored")
    assert checkouts.tree_differences(before, dst) == ["changed a.txt", "new file new.txt", "deleted sub/b.txt"]


def test_checkout_files_uses_git(tmp_path: Path) -> None:
    """In a git repository, ignored files are left out and untracked ones included."""
    if shutil.which("git") is None:
        pytest.skip("git not installed")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".gitignore").write_text("*.log\n")
    (tmp_path / "keep.txt").write_text("k")
    (tmp_path / "drop.log").write_text("d")
    assert checkouts.checkout_files(tmp_path) == [Path(".gitignore"), Path("keep.txt")]


# --------------------------------------------------------------------------------------------
# helpers.tools.bench: the pure parts, and one end-to-end run on a one-notebook checkout

from helpers.tools import bench  # noqa: E402


def test_bench_report_round_trip() -> None:
    """`name: value` lines in a fixed order, readable back by `parse`."""
    figures = {"main": 10.0, "floor": 8.0, "conventional": 20.0, "as-of": 11.0, "notebooks": 5, "jobs": 2,
               "tables": 0.1234}
    figures.update(bench.ratios(figures))
    text = bench.format_report(figures | {"extra": 1})
    assert text.splitlines() == [
        "notebooks: 5", "jobs: 2", "floor: 8.00", "main: 10.00", "conventional: 20.00", "as-of: 11.00",
        "ratio main/floor: 1.25", "ratio main/conventional: 0.50", "ratio as-of/main: 1.10", "tables: 0.123",
        "extra: 1",
    ]  # fmt: skip
    parsed = bench.parse("header without value\n" + text + "name: not-a-number\n")
    assert parsed["ratio main/conventional"] == 0.5 and parsed["notebooks"] == 5 and "name" not in parsed
    assert bench.ratios({"main": 1.0}) == {}


def test_bench_finds_the_notebooks_imports(tmp_path: Path) -> None:
    """Top-level imports only, magics tolerated, duplicates dropped, broken cells ignored."""
    assert bench.imports_of("%matplotlib inline\nimport pandas as pd\nfrom helpers import load\nx = 1") == [
        "import pandas as pd",
        "from helpers import load",
    ]
    assert bench.imports_of("def f(:\n  import os") == []
    path = _write(tmp_path, "01-use-imports.ipynb", "import os\nimport sys", "import os\nprint(1)", markdown="# m")
    assert bench.notebook_imports(path) == ["import os", "import sys"]


def test_bench_runs_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`python -m helpers.tools.bench` on a checkout with one tiny notebook prints every figure."""
    root = tmp_path / "checkout"
    shutil.copytree(ROOT / "src", root / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    shutil.copytree(ROOT / "data", root / "data", ignore=shutil.ignore_patterns("geo"))
    _write(root / "notebooks", "01-add-numbers.ipynb", "import math", "math.sqrt(4)", messy=False)
    assert bench.main(["--root", str(root), "--jobs", "1"]) == 0
    figures = bench.parse(capsys.readouterr().out)
    assert set(figures) == set(bench.FORMATS)
    assert figures["notebooks"] == 1 and figures["floor"] > 0 and figures["tables"] > 0
    with pytest.raises(RuntimeError, match="no notebooks"):
        bench.measure(tmp_path / "empty")
    with pytest.raises(RuntimeError, match="imports of 01-fail-import.ipynb fail"):
        bench.measure_floor([_write(tmp_path / "nb", "01-fail-import.ipynb", "import no_such_module_here")])


def test_default_jobs_is_one_more_than_the_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner.os, "cpu_count", lambda: 2)
    assert runner.default_jobs() == 3
    monkeypatch.setattr(runner.os, "cpu_count", lambda: None)
    assert runner.default_jobs() == 2
