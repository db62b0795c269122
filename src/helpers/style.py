"""The house look: named inks, one palette per vocabulary, new_figure, and deterministic export.

Every colour of the package is written here once, as a named ink; everything else refers to the
ink or to a palette. A palette maps the values of one vocabulary to inks:

* :data:`DEPLOYMENT_COLORS` - ``deployments.category``; :data:`EVENT_COLORS` - ``events.category``;
  :data:`HOLDER_COLORS` - ``sovereignty.holder``; :data:`COUNTRY_COLORS` -
  ``island_measures.country``; :data:`RELATION_COLORS` - ``claim_evidence.relation`` (the keys
  are the descriptor's enum values; ``tests/test_style.py`` checks that they match it);
* :data:`VERDICT_COLORS` - the verdicts of :mod:`helpers.assessment` (not a data enum).

Order never comes from a palette: it comes from the descriptor (:func:`helpers.schema.enum`).
``save_figure`` writes PNG and SVG with no timestamps, software strings or random ids, so that
rerunning the notebooks leaves ``git status`` clean.
"""

from __future__ import annotations

import importlib.util
import logging
from pathlib import Path
from typing import Any

import matplotlib as mpl
import matplotlib.patheffects as pe
from matplotlib import font_manager
from matplotlib.figure import Figure

from helpers.paths import FIGURES_DIR

DPI = 100

# ---- inks: each hex value once ------------------------------------------------------------
# Okabe-Ito, colour-blind safe
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
GREY = "#999999"
BLACK = "#000000"
WHITE = "#FFFFFF"
# house colours
RED = "#C7243A"
NAVY = "#1F4E9C"
STEEL_BLUE = "#4F7CC4"
DARK_RED = "#7F1D1D"
BROWN = "#8C564B"
NEUTRAL_GREY = "#9E9E9E"
# greys, darkest first
INK = "#222222"
CHARCOAL = "#333333"
DIM = "#444444"
MUTED = "#555555"
SLATE = "#666666"
GRID_GREY = "#8A8A8A"
LIGHT_GREY = "#CCCCCC"
PALE_GREY = "#DDDDDD"
FAINT_GREY = "#EEEEEE"
# maps
LAND_COLOR = "#EFEBE3"
SEA_COLOR = "#DCEAF2"
COAST_COLOR = "#6B6B6B"
#: Fill, outline and label ink of the disputed islands.
DISPUTED_COLOR = "#E8A33D"
DISPUTED_EDGE = "#7A4A00"
DISPUTED_TEXT = "#4A2C00"
#: Italic names of water bodies and capes; of landmasses.
WATER_TEXT = "#3B6E8F"
LANDMASS_TEXT = "#6B5E4A"
#: Alternating shades of the timeline's phases.
PHASE_SHADES: tuple[str, str] = ("#F4F1EA", "#E6EEF4")

# ---- roles ---------------------------------------------------------------------------------
#: The interview date wherever it is drawn.
INTERVIEW_COLOR = RED
#: Straits, naval bases and settlements on maps.
STRAIT_COLOR = NAVY
BASE_COLOR = DARK_RED
SETTLEMENT_COLOR = INK
#: White halo behind map text.
HALO = [pe.withStroke(linewidth=2.6, foreground="white")]

# ---- palettes, one per vocabulary ------------------------------------------------------------
#: ``deployments.category``
DEPLOYMENT_COLORS: dict[str, str] = {
    "coastal_missile": VERMILLION,
    "air_defence": BLUE,
    "aircraft": SKY_BLUE,
    "garrison": GREEN,
    "border_guard": PURPLE,
    "base": ORANGE,
    "exercise": GREY,
    "observation": YELLOW,
}
#: ``events.category``
EVENT_COLORS: dict[str, str] = {
    "treaty": BLUE,
    "war": VERMILLION,
    "negotiation": GREEN,
    "military": ORANGE,
    "policy": PURPLE,
    "visit": SKY_BLUE,
    "legal": BLACK,
    "arms_control": YELLOW,
    "exchange": GREY,
    "declaration": BROWN,
}
#: ``sovereignty.holder``: the states that held or administered islands.
HOLDER_COLORS: dict[str, str] = {
    "Japan": RED,
    "Russia": NAVY,
    "Russian Empire": STEEL_BLUE,
    "Soviet Union": DARK_RED,
    "Japan and Russia (undivided)": NEUTRAL_GREY,
}
#: ``island_measures.country``: whose figure.
COUNTRY_COLORS: dict[str, str] = {"JP": RED, "RU": NAVY, "other": GREY}
#: ``claim_evidence.relation``
RELATION_COLORS: dict[str, str] = {
    "supports": GREEN, "contradicts": VERMILLION, "context": GREY, "later_development": ORANGE,
}
#: The verdicts of :mod:`helpers.assessment`.
VERDICT_COLORS: dict[str, str] = {
    "supported": GREEN,
    "contradicted": VERMILLION,
    "overtaken": ORANGE,
    "open": GREY,
}

_RC = {
    "figure.dpi": DPI,
    "savefig.dpi": DPI,
    # DejaVu Sans for Latin and Cyrillic; glyphs it lacks (kanji, naming="ja") fall back to
    # IPAexGothic, which apply_style registers from matplotlib-fontja
    "font.family": ["DejaVu Sans", "IPAexGothic"],
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


def japanese_font() -> Path | None:
    """The IPAexGothic file that the pinned matplotlib-fontja ships (None if it is not installed).

    Found without importing the package: importing it would switch matplotlib's default font
    to IPAexGothic for every text.
    """
    spec = importlib.util.find_spec("matplotlib_fontja")
    if spec is None or not spec.submodule_search_locations:
        return None
    font = Path(next(iter(spec.submodule_search_locations))) / "fonts" / "ipaexg.ttf"
    return font if font.is_file() else None


class _NoBoldKanjiNotice(logging.Filter):
    """Drops matplotlib's notice that IPAexGothic has no bold face (kanji in bold titles are drawn
    in its one weight, which is expected and would otherwise print on every bold text)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "for IPAexGothic" not in record.getMessage()


def apply_style() -> None:
    """Apply the package's matplotlib settings (call once per notebook or test)."""
    font = japanese_font()
    if font is not None and "IPAexGothic" not in {f.name for f in font_manager.fontManager.ttflist}:
        font_manager.fontManager.addfont(str(font))
        logging.getLogger("matplotlib.font_manager").addFilter(_NoBoldKanjiNotice())
    mpl.rcParams.update(_RC)


def new_figure(figsize: tuple[float, float], layout: str = "constrained") -> Figure:
    """A new pyplot-managed figure, at most 11 in wide.

    Created through pyplot so that the notebook's inline backend is loaded and can display it;
    :func:`publish` closes it after display (tests close theirs too).
    """
    import matplotlib.pyplot as plt

    if figsize[0] > 11:
        raise ValueError("figures are at most 11 in wide")
    return plt.figure(figsize=figsize, layout=layout)


def set_figures_dir(directory: Path | str) -> None:
    """Send every later :func:`save_figure` / :func:`publish` without a directory to ``directory``."""
    global FIGURES_DIR
    FIGURES_DIR = Path(directory)


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
