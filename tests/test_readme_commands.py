"""Every command the README gives works as written, from the repository root.

The commands are read from README.md itself: every line of its ``sh`` code blocks (without the
trailing ``# comment``) and every inline code span that starts with ``make``, ``.venv/bin/python``,
``python -m`` or ``conda``. Each one is run from the repository root and must exit 0:

* quick ones in full: ``make validate``, ``python -m helpers validate ...``, pytest on explicit
  test files that are neither slow nor browser tests;
* ``make lab LAB_ARGS="--no-browser ..."`` is started for real and stopped once it serves;
* the rest as a dry run that still parses everything: ``make -n TARGET`` (the recipe make would
  run), pytest with ``--collect-only`` (options, markers, paths, plugins), ``--help`` for the
  package's other commands;
* ``papermill NB ...`` as ``papermill --help-notebook NB`` (the parameters papermill finds);
* ``conda`` lines only where conda is installed (``conda --version``); ``python`` in the conda
  route stands for the environment's interpreter, i.e. the one running this test.

A command no rule covers fails the test, so that a new README command gets a rule here. The
coverage gate belongs to ``make test`` only: one test file run alone, without ``--no-cov``,
passes too.
"""

from __future__ import annotations

import os
import functools
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from helpers.paths import ROOT

pytestmark = pytest.mark.slow

README = ROOT / "README.md"
VENV_PYTHON = ".venv/bin/python"
#: Inline code spans that are commands.
COMMAND_RE = re.compile(r"^(?:make\s|\.venv/bin/python\s|python -m\s|conda\s)")
#: make targets quick enough to run in full inside the test suite.
QUICK_TARGETS = {"validate"}
#: Test files too slow (or too recursive) to run in full here: collected only.
SLOW_FILES = {"tests/test_browser.py", "tests/test_reproducible.py", "tests/test_readme_commands.py"}
TIMEOUT = 600


def readme_commands(text: str) -> list[str]:
    """The README's commands, in order, each once."""
    found: list[str] = []
    block: str | None = None
    for line in text.splitlines():
        fence = re.match(r"^```(\w*)", line)
        if fence:
            block = None if block is not None else fence.group(1)
            continue
        if block == "sh":
            command = re.sub(r"\s+#.*$", "", line).strip()
            if command:
                found.append(command)
        elif block is None:
            found += [span for span in re.findall(r"`([^`\n]+)`", line) if COMMAND_RE.match(span)]
    return list(dict.fromkeys(found))


COMMANDS = readme_commands(README.read_text(encoding="utf-8"))


def checks_table(text: str) -> dict[str, str]:
    """Check name -> its command cell, from the table under "## Checks"."""
    section = text.split("## Checks", 1)[1].split("\n#", 1)[0]
    rows = [line.split("|")[1:-1] for line in section.splitlines() if line.startswith("|")]
    return {cells[0].strip(): cells[1].strip() for cells in rows[2:]}


def plan(command: str) -> tuple[str, list[str]]:
    """How the test runs ``command``: (mode, argv). Modes: run, dry, start, skip."""
    argv = shlex.split(command)
    if argv[0] == "conda":
        return ("run", ["conda", "--version"]) if shutil.which("conda") else ("skip", [])
    if argv[0] == "make":
        targets = [a for a in argv[1:] if "=" not in a and not a.startswith("-")]
        if targets == ["lab"] and "--no-browser" in command:
            return "start", argv
        if targets and set(targets) <= QUICK_TARGETS:
            return "run", argv
        return "dry", ["make", "-n", *argv[1:]]
    if Path(argv[0]).name == "papermill":
        # the full run is tests/test_rerun.py's; here: the notebook's parameters as papermill reads them
        return "dry", [argv[0], "--help-notebook", argv[1]]
    if argv[0] == "python":
        argv[0] = sys.executable
    elif argv[0] == VENV_PYTHON and not (ROOT / VENV_PYTHON).exists():
        pytest.skip(f"{VENV_PYTHON} does not exist (the conda route): `make venv` creates it")
    elif argv[0] == VENV_PYTHON and (ROOT / VENV_PYTHON).absolute() == Path(sys.executable).absolute():
        argv[0] = sys.executable  # the same interpreter: lets identical commands run once
    if argv[1:3] == ["-m", "pytest"]:
        paths = [a for a in argv[3:] if not a.startswith("-") and (ROOT / a).exists()]
        files = [p for p in paths if p.endswith(".py")]
        if files and files == paths and not SLOW_FILES.intersection(files):
            return "run", argv
        return "dry", [*argv, "--collect-only", "-q"]
    if argv[1:3] == ["-m", "helpers"] and argv[3:4] == ["validate"]:
        return "run", argv
    if argv[1] == "-m" and argv[2].startswith("helpers"):
        return "dry", [*argv, "--help"]
    raise AssertionError(f"no rule for the README command {command!r}: add one to plan()")


def _run(argv: list[str]) -> subprocess.CompletedProcess[str]:
    return _run_once(tuple(argv))


@functools.lru_cache(maxsize=None)
def _run_once(argv: tuple[str, ...]) -> subprocess.CompletedProcess[str]:
    """Run ``argv`` from the repository root (each distinct command once per session)."""
    return subprocess.run(list(argv), cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT)


def test_the_readme_gives_commands() -> None:
    """The extraction finds the set-up commands, the checks table and make lab's example."""
    assert {"make notebooks", "make test", "make validate", "make lab"} <= set(COMMANDS), COMMANDS
    assert any(c.startswith("make lab LAB_ARGS=") for c in COMMANDS), COMMANDS
    assert sum(c.startswith(f"{VENV_PYTHON} -m pytest") for c in COMMANDS) >= 5, COMMANDS


@pytest.mark.parametrize("command", COMMANDS)
def test_readme_command_works_as_written(command: str) -> None:
    """Run (or dry-run) one README command from the repository root: exit 0."""
    mode, argv = plan(command)
    if mode == "skip":
        pytest.skip(f"{command}: conda is not installed here")
    if mode == "start":
        _start_and_stop(argv)
        return
    proc = _run(argv)
    assert proc.returncode == 0, f"{shlex.join(argv)} exited {proc.returncode}:\n{proc.stdout[-3000:]}{proc.stderr[-3000:]}"
    if mode == "dry" and argv[1:3] == ["-m", "pytest"]:
        assert re.search(r"\d+ tests? collected|^\S+::", proc.stdout, re.M), proc.stdout[-2000:]
    if "--help-notebook" in argv:
        assert re.search(r"^\s+as_of\b", proc.stdout, re.M) and re.search(r"^\s+naming\b", proc.stdout, re.M), proc.stdout


def _start_and_stop(argv: list[str]) -> None:
    """Start a server command (``make lab ...``), wait until it prints its URL and answers there,
    then stop the process group this test started."""
    env = dict(os.environ)
    scratch = Path(os.environ.get("TMPDIR", "/tmp"))
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_RUNTIME_DIR"):
        env[name] = str(scratch / f"readme-lab-{os.getpid()}-{name.lower()}")
    proc = subprocess.Popen(
        argv, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
    )
    lines: list[str] = []
    try:
        deadline = time.monotonic() + 300
        url = None
        assert proc.stdout is not None
        while url is None and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break  # the process ended
            lines.append(line)
            match = re.search(r"(http://127\.0\.0\.1:\d+/\S*)", line)
            url = match.group(1) if match else None
        assert url, f"{shlex.join(argv)} printed no URL (exit {proc.poll()}):\n{''.join(lines)[-3000:]}"
        assert "/lab/tree/notebooks" in url, f"Lab does not open at notebooks/: {url}"
        # The URL is printed a moment before the server accepts connections.
        for attempt in range(100):
            try:
                with urllib.request.urlopen(url, timeout=30) as response:
                    assert response.status == 200
                break
            except urllib.error.URLError as exc:
                if attempt == 99 or not isinstance(exc.reason, ConnectionRefusedError):
                    raise AssertionError(f"{url}: {exc}\n{''.join(lines)[-3000:]}") from exc
                time.sleep(0.3)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:  # pragma: no cover
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_RUNTIME_DIR"):
            shutil.rmtree(env[name], ignore_errors=True)


def test_checks_table_gives_a_command_in_every_row() -> None:
    """Each row of the checks table names a command (not a file), with --no-cov unless it is
    `make test` or another make target."""
    table = checks_table(README.read_text(encoding="utf-8"))
    assert len(table) >= 8, table
    for check, cell in table.items():
        spans = re.findall(r"`([^`]+)`", cell)
        assert spans and all(COMMAND_RE.match(s) for s in spans), f"{check}: {cell!r} is not a command"
        for span in spans:
            assert span.startswith("make") or "--no-cov" in span, f"{check}: {span!r} needs --no-cov"


def test_unit_tests_row_leaves_out_browser_and_slow_tests() -> None:
    """The "unit tests" command collects no test of the browser, reproducibility and README-command
    files, and the other test files."""
    command = re.findall(r"`([^`]+)`", checks_table(README.read_text(encoding="utf-8"))["unit tests"])[0]
    mode, argv = plan(command)
    assert mode == "dry" and argv[-2:] == ["--collect-only", "-q"]
    proc = _run(argv)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    files = {line.split("::")[0] for line in proc.stdout.splitlines() if "::" in line}
    assert not files & SLOW_FILES, files & SLOW_FILES
    assert {"tests/test_validate.py", "tests/test_load.py", "tests/test_notebooks_hygiene.py"} <= files, files


def test_the_coverage_gate_belongs_to_make_test_only() -> None:
    """One test file, run alone without --no-cov, passes (its coverage is low); `make test`
    carries the gate."""
    proc = _run([sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "tests/test_names.py"])
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "TOTAL" in proc.stdout, "coverage is still measured and reported"
    recipe = _run(["make", "-n", "-o", ".venv/.installed-stamp", "test"]).stdout
    assert "--cov-fail-under=90" in recipe, recipe


def test_make_lab_keeps_allow_root_with_extra_options() -> None:
    """`make lab LAB_ARGS=...`: the extra options are added to the repository-root options, and
    --allow-root stays when run as root."""
    recipe = _run(["make", "-s", "-n", "-o", ".venv/.installed-stamp", "lab", "LAB_ARGS=--no-browser --port 8899"])
    assert recipe.returncode == 0, recipe.stderr
    argv = shlex.split(recipe.stdout.strip().splitlines()[-1])
    assert argv[1] == "lab" and argv[-3:] == ["--no-browser", "--port", "8899"], argv
    assert "--ServerApp.root_dir=." in argv and "--LabApp.default_url=/lab/tree/notebooks" in argv, argv
    assert ("--allow-root" in argv) == (os.geteuid() == 0), argv
