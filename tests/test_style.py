"""Figures are exported as PNG and SVG with identical bytes on every run."""

import matplotlib

matplotlib.use("Agg")

import re
import warnings
from pathlib import Path

import matplotlib.pyplot as plt
import pytest

from helpers import assessment, schema, style


def _figure():
    style.apply_style()
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.plot([0, 1, 2], [2, 0, 1], label="line")
    ax.set_title("Iturup / Etorofu")
    ax.legend()
    return fig


def test_save_figure_writes_png_and_svg(tmp_path):
    fig = _figure()
    paths = style.save_figure(fig, "example", tmp_path)
    assert [p.name for p in paths] == ["example.png", "example.svg"]
    assert paths[0].read_bytes().startswith(b"\x89PNG")
    assert b"<svg" in paths[1].read_bytes()


def test_exports_are_byte_identical_across_runs(tmp_path):
    first = style.save_figure(_figure(), "a", tmp_path / "one")
    second = style.save_figure(_figure(), "a", tmp_path / "two")
    for one, two in zip(first, second):
        assert one.read_bytes() == two.read_bytes()


def test_kanji_labels_render_with_the_shipped_font_and_stay_text(tmp_path, caplog):
    """naming="ja": kanji drawn from IPAexGothic (no missing-glyph warning, no tofu), the SVG keeps
    them as text, and the PNG bytes repeat across runs."""
    assert style.japanese_font() is not None, "matplotlib-fontja is in the pinned set"

    def kanji_figure():
        style.apply_style()
        fig, ax = plt.subplots(figsize=(3, 2))
        ax.set_title("択捉島")  # bold title: the one weight of IPAexGothic, notice filtered
        ax.text(0.1, 0.5, "国後島 / Kunashir")
        return fig

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        first = style.save_figure(kanji_figure(), "ja", tmp_path / "one")
    assert not [w for w in caught if "missing from font" in str(w.message)], "a glyph was not found"
    second = style.save_figure(kanji_figure(), "ja", tmp_path / "two")
    assert first[0].read_bytes() == second[0].read_bytes()
    svg = first[1].read_text(encoding="utf-8")
    assert "択捉島" in svg and "国後島 / Kunashir" in svg
    assert "IPAexGothic" in svg, "the SVG names the font that has the kanji"
    assert not [r for r in caplog.records if "IPAexGothic" in r.getMessage()]


def test_exports_carry_no_date_or_version(tmp_path):
    png, svg = style.save_figure(_figure(), "meta", tmp_path)
    text = svg.read_text()
    assert "<dc:date>" not in text
    assert b"Software" not in png.read_bytes()
    assert matplotlib.__version__ not in text


@pytest.mark.parametrize("bad", ["", "../up", "sub/dir", ".hidden"])
def test_figure_name_must_be_a_plain_stem(tmp_path, bad):
    with pytest.raises(ValueError, match="plain file stem"):
        style.save_figure(_figure(), bad, tmp_path)


def test_publish_saves_and_closes_outside_ipython(tmp_path):
    fig = _figure()
    style.publish(fig, "shown", tmp_path)
    assert (tmp_path / "shown.png").exists()
    assert not plt.fignum_exists(fig.number)


def test_setup_notebook_applies_style(monkeypatch):
    import pandas as pd

    from helpers import offline

    calls = []
    monkeypatch.setattr(offline, "forbid_downloads", lambda: calls.append(1))
    style.setup_notebook()
    assert calls == [1]
    assert matplotlib.rcParams["figure.dpi"] == style.DPI
    assert pd.get_option("display.width") == 120


def test_publish_shows_the_exported_png_inline_without_a_machine_path(tmp_path, monkeypatch):
    import base64

    import IPython.display

    shown = []
    monkeypatch.setattr(style, "_shell", lambda: object())
    monkeypatch.setattr(IPython.display, "display", lambda obj, raw=False: shown.append((obj, raw)))
    fig = _figure()
    style.publish(fig, "inline", tmp_path)
    (bundle, raw), = shown
    assert raw is True
    assert base64.b64decode(bundle["image/png"]) == (tmp_path / "inline.png").read_bytes()
    assert bundle["text/plain"] == f"<Figure inline: {tmp_path.name}/inline.png, {tmp_path.name}/inline.svg>"
    assert str(tmp_path.parent) not in bundle["text/plain"]
    assert not plt.fignum_exists(fig.number)


def test_inline_backend_is_requested_inside_a_kernel(monkeypatch):
    magics = []

    class Kernel:
        kernel = object()

        def run_line_magic(self, name, arg):
            magics.append((name, arg))

    monkeypatch.setattr(style, "_shell", lambda: Kernel())
    style._use_inline_backend()
    assert magics == [("matplotlib", "inline")]


def test_layout_is_computed_once_and_the_png_is_unchanged(tmp_path):
    def constrained():
        style.apply_style()
        fig, axes = plt.subplots(1, 2, figsize=(4, 2), layout="constrained")
        axes[0].set_title("a long title that needs room")
        axes[1].set_ylabel("label")
        return fig

    reference = tmp_path / "reference.png"
    constrained().savefig(reference, dpi=style.DPI, metadata={"Software": None})
    fig = constrained()
    png, _ = style.save_figure(fig, "frozen", tmp_path)
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    assert not isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine)
    assert png.read_bytes() == reference.read_bytes()


# ---- palettes: one per vocabulary, keyed by the descriptor's enums ---------------------------

PALETTES = [
    (style.DEPLOYMENT_COLORS, "deployments", "category"),
    (style.EVENT_COLORS, "events", "category"),
    (style.HOLDER_COLORS, "sovereignty", "holder"),
    (style.COUNTRY_COLORS, "island_measures", "country"),
    (style.RELATION_COLORS, "claim_evidence", "relation"),
    (assessment.RELATION_MARKERS, "claim_evidence", "relation"),
]


@pytest.mark.parametrize(("palette", "table", "field"), PALETTES, ids=lambda v: v if isinstance(v, str) else "")
def test_each_palette_is_keyed_by_its_enum(palette, table, field):
    assert set(palette) == set(schema.enum(table, field))


def test_verdict_colours_are_keyed_by_the_verdicts():
    assert set(style.VERDICT_COLORS) == set(assessment.VERDICTS)


HEX = re.compile(r"#[0-9A-Fa-f]{6}\b")
SRC = Path(style.__file__).parent


def test_every_hex_colour_is_written_once_in_style():
    style_hexes = [h.upper() for h in HEX.findall((SRC / "style.py").read_text(encoding="utf-8"))]
    assert len(style_hexes) == len(set(style_hexes)), "a hex colour written twice in style.py"
    elsewhere = {str(p.relative_to(SRC)): HEX.findall(p.read_text(encoding="utf-8"))
                 for p in SRC.rglob("*.py") if p.name != "style.py"}
    assert {k: v for k, v in elsewhere.items() if v} == {}


def test_enum_order_comes_from_the_descriptor():
    assert schema.in_enum_order(["war", "treaty", "war"], "events", "category") == ["treaty", "war"]
    with pytest.raises(ValueError, match="events.category: not in the descriptor's enum: coup"):
        schema.in_enum_order(["coup"], "events", "category")
    with pytest.raises(ValueError, match="events.title has no enum"):
        schema.enum("events", "title")
