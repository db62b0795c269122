"""Where the package's files live, resolved from this file rather than the working directory.

Notebooks run with ``notebooks/`` as their working directory (JupyterLab and nbval both do this),
so every path is anchored on the repository root instead.
"""

import os
from pathlib import Path

#: The repository root. ``KURIL_ROOT`` points the package at another checkout (the
#: reproducibility test executes a temporary copy of the notebooks and data this way).
ROOT: Path = Path(os.environ.get("KURIL_ROOT") or Path(__file__).resolve().parents[2]).resolve()
DATA_DIR: Path = ROOT / "data"
GEO_DIR: Path = DATA_DIR / "geo"
#: Where ``style.publish`` writes figures. ``KURIL_FIGURES_DIR`` redirects them: the runner points
#: each kernel at a staging folder, so figures reach ``figures/`` (or an as-of run's folder) only
#: when their notebook succeeded.
FIGURES_DIR: Path = Path(os.environ.get("KURIL_FIGURES_DIR") or ROOT / "figures").resolve()
NOTEBOOKS_DIR: Path = ROOT / "notebooks"
DESCRIPTOR: Path = DATA_DIR / "datapackage.json"
#: Where reruns with parameters go (git-ignored): ``build/as-of-<date>-<naming>/``.
BUILD_DIR: Path = ROOT / "build"


def rerun_dir(as_of: object, naming: str, build: Path | None = None) -> Path:
    """The folder of a rerun with parameters: ``build/as-of-<YYYY-MM-DD or latest>-<naming>``."""
    day = str(as_of) if as_of else "latest"
    return (build if build is not None else BUILD_DIR) / f"as-of-{day}-{naming}"
