"""A checkout's kernels, temporary copies of a checkout, and tree digests.

``kernel_env`` is the environment every notebook kernel gets (the runner's and nbval's), with the
checkout's own ``src`` first. A copy holds what a clean clone holds (tracked files plus new files
that are not ignored); the digests tell what ``git status`` would report for it after a run.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

from helpers.paths import ROOT

#: Environment every notebook kernel gets (the pytest/nbval kernels get the same, see
#: ``tests/conftest_nbval.py``). The inline backend is forced because the Makefile exports
#: ``MPLBACKEND=Agg`` for the test process, and a kernel inheriting Agg would show no figures.
KERNEL_ENV: dict[str, str] = {
    "PYTHONHASHSEED": "0",
    "MPLBACKEND": "module://matplotlib_inline.backend_inline",
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    "JUPYTER_PLATFORM_DIRS": "1",
}


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
