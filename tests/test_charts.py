"""Timeline and verdict charts on fixture rows read by the loaders (the claims chart: test_interview.py).

Figure tests compare against tests/baseline/test_charts_*.png (pytest-mpl, run with ``--mpl``);
``test_charts_tolerance_catches_a_removed_event`` shows the tolerance is tight enough.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")


from pathlib import Path

import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.testing.compare import compare_images

from helpers import assessment, schema, style, timeline
from helpers.timeline import figures as timeline_figures

BASELINE = Path(__file__).parent / "baseline"
#: RMS tolerance: identical code and pins render identical pixels (RMS 0); one removed event dot
#: alone gives RMS ~0.6, so 0.4 catches it.
TOL = 0.4


pytestmark = pytest.mark.usefixtures("house_style")


from fixture_rows import CLAIMS, SOURCE, put_islands_claims_and_places  # noqa: E402  (shared with test_interview)
EVENTS = [
    ("e1855", "1855-02-07", "treaty", "Treaty of Shimoda", False, None),
    ("e1875", "1875-05-07", "treaty", "Treaty of Saint Petersburg", False, None),
    ("e1945", "1945-08-18", "war", "Soviet landing on Shumshu", False, None),
    ("e1956", "1956-10-19", "declaration", "Joint Declaration", True, 1),
    ("e1993", "1993-10-13", "declaration", "Tokyo Declaration", False, None),
    ("e2016a", "2016-03-25", "military", "Missiles announced", False, None),
    ("e2016b", "2016-11-22", "military", "Missiles on combat duty", True, 3),
    ("e2016c", "2016-12-15", "military", "Another military event close by", True, 3),
    ("e2018", "2018-11-14", "negotiation", "Singapore agreement", True, 7),
    ("e2019", "2019-08-02", "arms_control", "INF Treaty void", True, 5),
    ("e2022", "2022-03-21", "negotiation", "Talks suspended", False, None),
]
EVIDENCE = [
    ("c01", "e2016b", "events", "supports"), ("c01", "e2022", "events", "later_development"),
    ("c02", "e1956", "events", "context"), ("c02", "e1993", "events", "context"),
    ("c03", "d1", "deployments", "supports"), ("c03", "e2016b", "events", "supports"),
    ("c05", "e2019", "events", "contradicts"), ("c06", "e2016a", "events", "contradicts"),
    ("c07", "e2022", "events", "later_development"),
]


@pytest.fixture
def data(corpus) -> dict[str, pd.DataFrame]:
    """The rows above written to the fixture tables, loaded (a copy of each table)."""
    put_islands_claims_and_places(corpus)
    corpus.put("phases", [])  # the fixture phases open with fixture events replaced here
    corpus.put("events", [
        {"event_id": e, "date": date, "date_precision": "day", "category": cat, "title": title,
         "in_interview": flag, "interview_paragraph": para, "source_id": SOURCE}
        for e, date, cat, title, flag, para in EVENTS])
    corpus.put("deployments", [{"deployment_id": "d1", "island_id": "iturup", "lat": 45.0, "lon": 147.9,
                                "system": "Bastion", "category": "coastal_missile",
                                "announced": "2016-03-25", "status": "deployed", "source_id": SOURCE}])
    corpus.put("claim_evidence", [
        {"claim_id": c, "evidence": e, "evidence_table": t, "relation": r, "note": "n", "source_id": SOURCE}
        for c, e, t, r in EVIDENCE])
    corpus.put("sovereignty", [])
    corpus.put("island_measures", [])
    corpus.put("interviews", [{"interview_id": "undated", "title": "t", "outlet": "o", "interviewee": "e",
                               "affiliation": "a", "source_id": "fixture_interview"}], keep=True)
    names = ("islands", "straits", "places", "claims", "events", "deployments", "claim_evidence",
             "interviews")
    return {name: corpus.load(name).copy() for name in names}


INTERVIEW = pd.Timestamp("2018-12-05")


def verdict_inputs(data):
    dated = assessment.dated_evidence(data["claim_evidence"], data["events"], data["deployments"], INTERVIEW)
    return assessment.verdicts(data["claims"], dated), dated


@pytest.mark.mpl_image_compare(baseline_dir="baseline", tolerance=TOL, style="default")
def test_charts_timeline(data, phases):
    style.apply_style()
    return timeline.timeline_figure(data["events"], phases, INTERVIEW)


@pytest.mark.mpl_image_compare(baseline_dir="baseline", tolerance=TOL, style="default")
def test_charts_verdicts(data):
    style.apply_style()
    table, dated = verdict_inputs(data)
    return assessment.verdict_figure(table, dated, INTERVIEW, start="2010-01-01")


def test_verdict_inputs_cover_every_verdict(data):
    table, _ = verdict_inputs(data)
    assert assessment.verdict_counts(table).to_dict() == {"supported": 1, "contradicted": 2, "overtaken": 2, "open": 2}


def _rms_against_baseline(fig, name: str, tmp_path: Path) -> str | None:
    out = tmp_path / f"{name}.png"
    fig.savefig(out)
    return compare_images(str(BASELINE / f"{name}.png"), str(out), tol=TOL)


def test_charts_tolerance_catches_a_removed_event(data, phases, tmp_path):
    same = timeline.timeline_figure(data["events"], phases, INTERVIEW)
    assert _rms_against_baseline(same, "test_charts_timeline", tmp_path) is None
    events = data["events"]
    fewer = events[events["event_id"] != "e1993"]  # one small dot, same figure size
    assert _rms_against_baseline(timeline.timeline_figure(fewer, phases, INTERVIEW), "test_charts_timeline", tmp_path) is not None


def test_timeline_numbers_do_not_overlap(data, phases):
    fig = timeline.timeline_figure(data["events"], phases, INTERVIEW)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for ax in fig.axes for t in ax.texts if t.get_text().strip()]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b)


def test_place_numbers_stacks_close_labels():
    assert timeline_figures._place_numbers([0.0, 0.1, 0.15, 1.0]) == [0, 1, 2, 0]


def test_new_figure_refuses_wide_figures():
    with pytest.raises(ValueError):
        style.new_figure((12, 4))
