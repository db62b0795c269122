"""One look for every figure, and deterministic export to ``figures/``.

``save_figure`` writes PNG and SVG with no timestamps, software strings or random ids, so that
rerunning the notebooks leaves ``git status`` clean.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib as mpl
from matplotlib.figure import Figure

from helpers.paths import FIGURES_DIR

DPI = 100

#: Colours by category, shared by maps and charts (colour-blind-safe Okabe-Ito palette).
CATEGORY_COLORS: dict[str, str] = {
    # deployments
    "coastal_missile": "#D55E00",
    "air_defence": "#0072B2",
    "aircraft": "#56B4E9",
    "garrison": "#009E73",
    "border_guard": "#CC79A7",
    "base": "#E69F00",
    "exercise": "#999999",
    "observation": "#F0E442",
    # events
    "treaty": "#0072B2",
    "war": "#D55E00",
    "negotiation": "#009E73",
    "military": "#E69F00",
    "policy": "#CC79A7",
    "visit": "#56B4E9",
    "legal": "#000000",
    "arms_control": "#F0E442",
    "exchange": "#999999",
    "declaration": "#8C564B",
}

#: Colours for the states that held or administered islands.
HOLDER_COLORS: dict[str, str] = {
    "Japan": "#C7243A",
    "Russia": "#1F4E9C",
    "Russian Empire": "#4F7CC4",
    "Soviet Union": "#7F1D1D",
    "Japan and Russia (undivided)": "#9E9E9E",
}

LAND_COLOR = "#EFEBE3"
SEA_COLOR = "#DCEAF2"
COAST_COLOR = "#6B6B6B"

_RC = {
    "figure.dpi": DPI,
    "savefig.dpi": DPI,
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": False,
    "legend.frameon": False,
    "svg.hashsalt": "kuril-dispute",  # fixed ids inside SVG files
    "svg.fonttype": "none",  # text stays text: smaller, faster SVGs that remain searchable
    "path.simplify": True,
}


def apply_style() -> None:
    """Apply the package's matplotlib settings (call once per notebook or test)."""
    mpl.rcParams.update(_RC)


def save_figure(fig: Figure, stem: str, directory: Path | None = None) -> list[Path]:
    """Write ``fig`` as ``<stem>.png`` and ``<stem>.svg`` and return the two paths.

    The files carry no creation date or software version, so identical figures give identical
    bytes on every run.
    """
    if not stem or "/" in stem or stem.startswith("."):
        raise ValueError(f"figure name {stem!r} must be a plain file stem like '02-regional-map'")
    out = Path(directory) if directory is not None else FIGURES_DIR
    out.mkdir(parents=True, exist_ok=True)
    png, svg = out / f"{stem}.png", out / f"{stem}.svg"
    _freeze_layout(fig)
    with mpl.rc_context({"svg.hashsalt": _RC["svg.hashsalt"]}):
        fig.savefig(png, dpi=DPI, metadata={"Software": None})
        fig.savefig(svg, metadata={"Date": None, "Creator": None})
    return [png, svg]


def _freeze_layout(fig: Figure) -> None:
    """Run the figure's layout engine once, then switch it off.

    Constrained layout otherwise runs again for every format saved; computed once at the
    figure's own dpi (the PNG's), the layout is the same that a PNG save would compute.
    """
    engine = fig.get_layout_engine()
    if engine is not None:
        engine.execute(fig)
        fig.set_layout_engine("none")


def publish(fig: Figure, stem: str, directory: Path | None = None) -> None:
    """Save ``fig`` to ``figures/`` (PNG and SVG), show the saved PNG once inline, then close it.

    Notebooks end a plotting cell with ``style.publish(fig, "NN-name")``. The inline image is the
    exported PNG itself (drawing the figure a third time would only cost time), and its text
    form names the exported files by their path in the repository, never a machine path.
    """
    import base64

    import matplotlib.pyplot as plt

    png, _ = save_figure(fig, stem, directory)
    shell = _shell()
    if shell is not None:
        from IPython.display import display

        shown = "figures" if directory is None else Path(directory).name
        bundle = {
            "image/png": base64.b64encode(png.read_bytes()).decode("ascii"),
            "text/plain": f"<Figure {stem}: {shown}/{stem}.png, {shown}/{stem}.svg>",
        }
        display(bundle, raw=True)
    plt.close(fig)


def _shell() -> Any:
    """The running IPython shell, or None outside IPython."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython ships with the pinned set
        return None
    return get_ipython()


def _use_inline_backend() -> None:
    """Register the inline PNG display of figures, whatever MPLBACKEND says.

    Without this a figure built with ``Figure()`` (not through pyplot) has no PNG representation,
    and ``make``'s ``MPLBACKEND=Agg`` would otherwise reach the kernels.
    """
    shell = _shell()
    if shell is not None and hasattr(shell, "kernel"):
        shell.run_line_magic("matplotlib", "inline")


def setup_notebook() -> None:
    """The first call of every notebook: house style, no downloads, stable table display."""
    import pandas as pd

    from helpers import offline

    _use_inline_backend()
    apply_style()
    offline.forbid_downloads()
    pd.set_option("display.max_rows", 60)
    pd.set_option("display.max_columns", 20)
    pd.set_option("display.width", 120)
    pd.set_option("display.max_colwidth", 80)
