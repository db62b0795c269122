"""pytest plugin for the nbval run of ``notebooks/`` (loaded with ``-p conftest_nbval``, see pyproject).

* nbval starts one kernel per notebook and the kernel inherits the pytest process's environment.
  The Makefile exports ``MPLBACKEND=Agg`` for the test process; a kernel inheriting it shows no
  figures (and warns on stderr), so every nbval cell would fail against the committed outputs.
  While nbval sets a notebook up (that is when it launches the kernel), the environment is the
  one the runner ``python -m helpers.tools.runner run`` gives its kernels (``checkouts.KERNEL_ENV``): committed
  outputs and nbval's fresh outputs come from identical kernels.
* Paths given in ``addopts`` (sanitize file, figure baselines) are made absolute from the
  repository root, so ``pytest`` works from any working directory.
"""

from __future__ import annotations

import os
from collections.abc import Generator
from pathlib import Path

import pytest

# helpers is imported lazily, inside the hook: this plugin loads before pytest-cov starts
# measuring, and a module imported that early would count all its top-level lines as missed.


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    """Resolve relative option paths against the rootdir (before nbval and pytest-mpl read them)."""
    for option in ("nbval_sanitize_with", "mpl_baseline_path"):
        value = getattr(config.option, option, None)
        if isinstance(value, str) and not value.startswith(("http:", "https:")) and not Path(value).is_absolute():
            setattr(config.option, option, str(config.rootpath / value))


def _is_nbval(item: pytest.Item) -> bool:
    """True for nbval's notebook-cell items."""
    return type(item).__module__.split(".")[0] == "nbval"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Generator[None, None, None]:
    """Give nbval's kernels the runner's kernel environment, restoring ours afterwards."""
    if not _is_nbval(item):
        yield
        return
    from helpers.tools.checkouts import KERNEL_ENV

    saved = {key: os.environ.get(key) for key in KERNEL_ENV}
    os.environ.update(KERNEL_ENV)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
