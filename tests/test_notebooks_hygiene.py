"""The committed notebooks are clean: what GitHub shows and what nbval compares can be trusted.

Per notebook (``helpers.tools.hygiene.hygiene_problems``): valid nbformat; kernelspec exactly the
standard ``python3``; code-cell execution counts 1..N (a fresh Restart & Run All, which nbval
needs: it does not compare unrun cells); no error and no stderr output; under 2 MB; no absolute
path (/root, /tmp, /work, /home or this checkout) in sources or text outputs; no execution
timestamps or widget state; canonical JSON as the runner writes it. ``language_info`` with this
environment's Python version (what JupyterLab writes on saving). Plus the set: five notebooks,
each named ``NN-verb-object.ipynb``, numbered 01..05.
"""

from __future__ import annotations

import json
import platform
from pathlib import Path

import pytest

from helpers.tools.hygiene import NAME_RE, hygiene_problems
from helpers.tools.runner import discover
from helpers.paths import NOTEBOOKS_DIR, ROOT

EXPECTED_COUNT = 5
NOTEBOOKS = discover(NOTEBOOKS_DIR)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_is_clean(path: Path) -> None:
    """No hygiene problem (run `make notebooks` to fix most of them)."""
    problems = hygiene_problems(path, forbidden=[str(ROOT)])
    assert not problems, f"{path.name}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_language_info_is_what_jupyterlab_writes(path: Path) -> None:
    """metadata.language_info carries the kernel's Python version, as JupyterLab writes it on its
    first save: with this environment, opening a notebook in Lab changes nothing (the browser test
    proves it in Lab itself)."""
    info = json.loads(path.read_text(encoding="utf-8"))["metadata"].get("language_info", {})
    assert info.get("name") == "python"
    assert info.get("version") == platform.python_version(), (
        f"{path.name}: language_info.version {info.get('version')!r}, this environment's kernel reports "
        f"{platform.python_version()!r}: run `make notebooks`"
    )


def test_every_notebook_follows_the_naming_convention() -> None:
    """Every .ipynb in notebooks/ is NN-verb-object.ipynb (and so is picked up by the runner)."""
    names = sorted(p.name for p in NOTEBOOKS_DIR.glob("*.ipynb")) if NOTEBOOKS_DIR.is_dir() else []
    bad = [n for n in names if not NAME_RE.match(n)]
    assert not bad, f"not NN-verb-object.ipynb: {bad}"


def test_five_notebooks_numbered_in_order() -> None:
    """Exactly five notebooks, numbered 01..05."""
    assert len(NOTEBOOKS) == EXPECTED_COUNT, [p.name for p in NOTEBOOKS]
    assert [p.name[:2] for p in NOTEBOOKS] == [f"{i:02d}" for i in range(1, EXPECTED_COUNT + 1)]


@pytest.mark.parametrize(
    ("name", "ok"),
    [
        ("01-explore-claims.ipynb", True),
        ("02-map-region.ipynb", True),
        ("05-assess-interview-claims.ipynb", True),
        ("1-explore-claims.ipynb", False),
        ("01-claims.ipynb", False),
        ("01-Explore-Claims.ipynb", False),
        ("01_explore_claims.ipynb", False),
    ],
)
def test_naming_rule(name: str, ok: bool) -> None:
    """The convention itself: two digits, then at least two lowercase dash-separated words."""
    assert bool(NAME_RE.match(name)) is ok
