"""Sovereignty small multiples (helpers.timeline.sovereignty) on fixture rows and box polygons.

The islands and sovereignty rows are written to the fixture tables and read by the loaders; the
baseline tests/baseline/test_sovereignty_small_multiples.png is drawn from them, not from data/,
so it changes only when the drawing code does.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

from pathlib import Path

import pandas as pd
import pytest
from matplotlib.testing.compare import compare_images
from shapely.geometry import box

import cartopy.crs as ccrs

from helpers import cartography, offline, style, timeline
from helpers.timeline import sovereignty as sm

#: The projection notebook 04 passes, and its frame.
MAP_CRS = ccrs.LambertConformal(central_longitude=150.0, central_latitude=47.0, standard_parallels=(44.0, 50.0))
FRAME = cartography.MapFrame(MAP_CRS, timeline.EXTENT, width=11.0)

BASELINE = Path(__file__).parent / "baseline"
TOL = 0.4


@pytest.fixture(autouse=True)
def _style():
    matplotlib.rcdefaults()
    style.apply_style()
    offline.forbid_downloads()
    yield
    plt.close("all")


ISLANDS = [
    ("iturup", "Iturup", 45.0, 147.6), ("kunashir", "Kunashir", 44.1, 145.9),
    ("shikotan", "Shikotan", 43.8, 146.75), ("zelyony", "Habomai", 43.5, 146.13),
    ("urup", "Southern Kurils", 45.9, 150.0), ("paramushir", "Northern Kurils", 50.3, 155.75),
    ("tiny", "Northern Kurils", 49.0, 154.5),
]
SOVEREIGNTY = [
    ("s1855_jp", "iturup;kunashir;shikotan;habomai", "Japan", "sovereignty", "1855-02-07", ""),
    ("s1855_ru", "southern_kurils;northern_kurils", "Russian Empire", "sovereignty", "1855-02-07", "1875-05-07"),
    ("s1875_jp", "southern_kurils;northern_kurils", "Japan", "sovereignty", "1875-05-07", "1945-08-18"),
    ("s1945_north", "southern_kurils;northern_kurils", "Soviet Union", "occupation", "1945-08-18", ""),
    ("s1945_south", "iturup;kunashir;shikotan;habomai", "Soviet Union", "occupation", "1945-08-28", ""),
    ("s1956_offer", "shikotan;habomai", "Japan", "offered_transfer", "1956-10-19", ""),
]


@pytest.fixture
def tables(corpus):
    """The islands and sovereignty rows above, written to the fixture tables and loaded."""
    corpus.put("islands", [
        {"island_id": i, "name_en": i.capitalize(), "name_ru": "остров", "group": g, "chain": "Greater Kuril",
         "disputed": g in ("Iturup", "Kunashir", "Shikotan", "Habomai"), "status": "Russia",
         "lat": lat, "lon": lon, "source_id": "fixture_gazetteer"} for i, g, lat, lon in ISLANDS])
    corpus.put("sovereignty", [
        {"sovereignty_id": sid, "territory": territory, "holder": holder, "status": status,
         "from_date": start, "to_date": end, "source_id": "fixture_gazetteer"}
        for sid, territory, holder, status, start, end in SOVEREIGNTY])
    return {name: corpus.load(name) for name in ("islands", "sovereignty")}


def polygons() -> dict:
    """Boxes around each point, sized roughly like the islands (no polygon for 'tiny')."""
    sizes = {"iturup": (1.0, 0.3), "kunashir": (0.7, 0.25), "shikotan": (0.3, 0.12), "zelyony": (0.12, 0.06),
             "urup": (0.7, 0.2), "paramushir": (0.5, 0.5)}
    frame = pd.DataFrame(ISLANDS, columns=["island_id", "group", "lat", "lon"]).set_index("island_id")
    return {i: box(frame.loc[i, "lon"] - w / 2, frame.loc[i, "lat"] - h / 2, frame.loc[i, "lon"] + w / 2,
                   frame.loc[i, "lat"] + h / 2) for i, (w, h) in sizes.items()}


def land() -> cartography.Land:
    """The boxes of :func:`polygons` and two boxes of background land ("Hokkaido", "Kamchatka")."""
    return cartography.Land([box(141.0, 41.6, 145.3, 44.4), box(155.8, 50.9, 158.0, 51.2)], polygons())


def figure(tables, islands: pd.DataFrame | None = None):
    return sm.sovereignty_maps_figure(tables["sovereignty"], islands if islands is not None else tables["islands"],
                                      land(), FRAME)


@pytest.mark.mpl_image_compare(baseline_dir="baseline", tolerance=TOL, style="default")
def test_sovereignty_small_multiples(tables):
    matplotlib.rcdefaults()
    style.apply_style()
    return figure(tables)


def test_sovereignty_panels_follow_the_table(tables):
    fig = figure(tables)
    maps = [ax for ax in fig.axes if hasattr(ax, "projection")]
    assert [ax.get_title(loc="left") for ax in maps] == [s.title for s in timeline.SNAPSHOTS]
    assert all(ax.projection == MAP_CRS for ax in maps)
    summaries = [next(t.get_text() for t in ax.texts if t.get_position()[1] == 0.02) for ax in maps]
    assert summaries == ["Japan 4, Russian Empire 3", "Japan 7", "Japan 7", "Soviet Union 7",
                         "Japan 2, Soviet Union 5"]
    offer_notes = [t.get_text() for t in maps[-1].texts if t.get_text().startswith("offered")]
    assert offer_notes == ["offered:\nShikotan, Habomai\n(2 islands)"]
    legend = fig.axes[-1].get_legend()
    labels = [t.get_text() for t in legend.get_texts()]
    assert labels[:3] == ["Japan", "Russian Empire", "Soviet Union"]
    assert any(label.startswith("offered to Japan") for label in labels)


def test_panel_holders_applies_the_offer_only_when_asked(tables):
    snap = timeline.SNAPSHOTS[-1]
    assert snap.offer
    offered = sm.panel_holders(tables["sovereignty"], tables["islands"], snap)
    plain = sm.panel_holders(tables["sovereignty"], tables["islands"], timeline.Snapshot("x", snap.date))
    assert offered["offered"].sum() == 2 and not plain["offered"].any()
    assert dict(zip(plain["island_id"], plain["holder"]))["shikotan"] == "Soviet Union"


def test_sovereignty_tolerance_catches_a_removed_island(tables, tmp_path):
    same = tmp_path / "same.png"
    figure(tables).savefig(same)
    assert compare_images(str(BASELINE / "test_sovereignty_small_multiples.png"), str(same), tol=TOL) is None
    fewer = tables["islands"]
    fewer = fewer[fewer["island_id"] != "urup"]
    out = tmp_path / "fewer.png"
    figure(tables, fewer).savefig(out)
    assert compare_images(str(BASELINE / "test_sovereignty_small_multiples.png"), str(out), tol=TOL) is not None


def test_captions_are_legible_at_930_px(tables):
    """Issue 10: the panel titles, holder counts, offer note and legend are at least 11 pt in an
    11 in figure, which JupyterLab and GitHub show about 930 px wide (so at least 9 pt there)."""
    fig = figure(tables)
    assert fig.get_size_inches()[0] == 11
    texts = [t for ax in fig.axes for t in ax.texts if t.get_text().strip()]
    texts += [t for ax in fig.axes if ax.get_legend() for t in ax.get_legend().get_texts()]
    texts += [ax._left_title for ax in fig.axes if ax.get_title(loc="left")]
    assert len(texts) > 10
    small = [(t.get_text(), t.get_fontsize()) for t in texts if t.get_fontsize() * 930 / 1100 < 9]
    assert not small


def test_six_snapshots_put_the_legend_under_the_panels(tables):
    snaps = timeline.snapshots_until("1990-01-01", "As of 1990-01-01")
    assert len(snaps) == 6
    fig = sm.sovereignty_maps_figure(tables["sovereignty"], tables["islands"], land(), FRAME, snaps)
    maps = [ax for ax in fig.axes if hasattr(ax, "projection")]
    assert len(maps) == len(fig.axes) == 6  # no legend panel
    assert maps[-1].get_title(loc="left") == "As of 1990-01-01"
    labels = [t.get_text() for leg in fig.legends for t in leg.get_texts()]
    assert labels[:3] == ["Japan", "Russian Empire", "Soviet Union"]
    assert all(leg.get_title().get_fontsize() >= 11 for leg in fig.legends)
