"""Claims, island view, timeline and verdict charts on fixture rows read by the loaders.

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

from helpers import assessment, interview, names, schema, style, timeline
from helpers.timeline import figures as timeline_figures

BASELINE = Path(__file__).parent / "baseline"
#: RMS tolerance: identical code and pins render identical pixels (RMS 0); one removed event dot
#: alone gives RMS ~0.6, so 0.4 catches it.
TOL = 0.4


pytestmark = pytest.mark.usefixtures("house_style")


SOURCE = "fixture_gazetteer"
ISLANDS = [  # id, English, romaji, Russian, group, disputed
    ("iturup", "Iturup", "Etorofu", "Итуруп", "Iturup", True),
    ("kunashir", "Kunashir", "Kunashiri", "Кунашир", "Kunashir", True),
    ("shikotan", "Shikotan", "Shikotan", "Шикотан", "Shikotan", True),
    ("zelyony", "Zelyony", "Shibotsu", "Зелёный", "Habomai", True),
    ("paramushir", "Paramushir", "Paramushiru", "Парамушир", "Northern Kurils", False),
]
CLAIMS = [
    ("c01", 1, "negotiability", ["iturup", "kunashir", "russia"], "forecast"),
    ("c02", 1, "negotiability", ["shikotan", "habomai", "japan"], "forecast"),
    ("c03", 3, "weapons_deployment", ["iturup", "kunashir"], "fact"),
    ("c04", 3, "transit_route", ["catherine_strait", "ssbn"], "fact"),
    ("c05", 3, "base_plans", ["northern_kurils"], "fact"),
    ("c06", 4, "garrison", ["shikotan", "habomai"], "assessment"),
    ("c07", 4, "guarantee", ["us_forces", "shikotan"], "forecast"),
]
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
    corpus.put("islands", [
        {"island_id": i, "name_en": en, "name_ja_romaji": ja, "name_ru": ru, "group": g,
         "chain": "Greater Kuril", "disputed": d, "lat": 45.0, "lon": 147.0, "source_id": SOURCE,
         "status": "administered by Russia, claimed by Japan" if d else "Russia"}
        for i, en, ja, ru, g, d in ISLANDS])
    corpus.put("straits", [{"strait_id": "catherine_strait", "name_en": "Catherine Strait",
                            "name_ja_romaji": "Kunashiri-suido", "name_ru": "пролив Екатерины",
                            "between": ["iturup", "kunashir"], "lat": 44.6, "lon": 146.7,
                            "source_id": SOURCE}])
    corpus.put("places", [{"place_id": "rybachiy", "name_en": "Rybachiy", "kind": "naval_base",
                           "lat": 52.9, "lon": 158.5, "source_id": SOURCE}])
    corpus.put("claims", [
        {"claim_id": c, "interview_id": "fixture_talk", "paragraph": para, "topic": topic,
         "subjects": subjects, "summary": "summary", "claim_type": kind, "source_id": "fixture_interview"}
        for c, para, topic, subjects, kind in CLAIMS])
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


def test_topic_counts_follow_enum_order(data):
    counts = interview.topic_counts(data["claims"])
    assert counts.index.tolist() == ["negotiability", "weapons_deployment", "transit_route", "base_plans",
                                     "garrison", "guarantee"]
    assert counts["negotiability"] == 2 and counts.sum() == 7
    plain = data["claims"].assign(topic=lambda f: f["topic"].astype(str))
    assert interview.topic_counts(plain).index.tolist() == counts.index.tolist()


def test_claims_long_and_matrix(data):
    long = interview.claims_long(data["claims"])
    assert len(long) == 15
    matrix = interview.topic_subject_matrix(data["claims"], data["islands"], data["straits"])
    # islands first (table order), then groups, straits, vocabulary
    assert matrix.columns[:3].tolist() == ["iturup", "kunashir", "shikotan"]
    assert matrix.columns[3:5].tolist() == ["habomai", "northern_kurils"]
    assert matrix.columns[5] == "catherine_strait"
    assert matrix.loc["negotiability", "iturup"] == 1
    assert int(matrix.to_numpy().sum()) == 15


def test_subject_labels_follow_the_naming_convention(data):
    labels = interview.subject_labels(["iturup", "habomai", "catherine_strait", "sea_of_okhotsk", "usa"],
                                   data["islands"], data["straits"]).set_index("subject")
    assert labels.loc["iturup", "label"] == "Iturup / Etorofu"
    assert labels.loc["habomai", "kind"] == "group"
    assert labels.loc["habomai", "label"] == "Habomai Islands"  # names.group_label, as on the maps
    assert labels.loc["catherine_strait", "kind"] == "strait"
    assert labels.loc["sea_of_okhotsk", "label"] == "Sea of okhotsk"
    assert labels.loc["usa", "label"] == "USA"
    with names.convention("ru"):
        assert interview.subject_labels(["iturup"], data["islands"]).loc[0, "label"] == "Итуруп"


def test_island_view_derives_levels_from_topics(data):
    view = interview.island_view(data["claims"], data["islands"]).set_index("unit")
    assert view.index.tolist() == ["iturup", "kunashir", "shikotan", "habomai"]
    assert view.loc["iturup", "military"] == "high"
    assert view.loc["iturup", "handover"] == "ruled out"
    assert view.loc["iturup", "military_claims"] == "c03"
    assert view.loc["shikotan", "military"] == "low"
    assert view.loc["shikotan", "handover"] == "conditional"
    assert view.loc["shikotan", "handover_claims"] == "c02;c07"
    assert view.loc["habomai", "handover_claims"] == "c02"
    assert view.loc["habomai", "label"] == "Habomai Islands"
    extra = interview.island_view(data["claims"], data["islands"], ["zelyony", "northern_kurils", "urup"]).set_index("unit")
    assert extra.loc["zelyony", "military"] == "low"  # named via its group slug
    assert extra.loc["northern_kurils", "military"] == "high"
    assert extra.loc["northern_kurils", "handover"] == "not discussed"
    assert extra.loc["northern_kurils", "label"] == "Northern Kurils (group)"
    assert extra.loc["urup", "military"] == "not discussed"


def verdict_inputs(data):
    dated = assessment.dated_evidence(data["claim_evidence"], data["events"], data["deployments"], INTERVIEW)
    return assessment.verdicts(data["claims"], dated), dated


@pytest.mark.mpl_image_compare(baseline_dir="baseline", tolerance=TOL, style="default")
def test_charts_claims_topic_subject(data):
    style.apply_style()
    return interview.claims_topic_subject_figure(data["claims"], data["islands"], data["straits"])


@pytest.mark.mpl_image_compare(baseline_dir="baseline", tolerance=TOL, style="default")
def test_charts_island_view(data):
    style.apply_style()
    return interview.island_view_figure(data["claims"], data["islands"], ["iturup", "kunashir", "shikotan", "habomai",
                                                                      "northern_kurils"])


@pytest.mark.mpl_image_compare(baseline_dir="baseline", tolerance=TOL, style="default")
def test_charts_timeline(data):
    style.apply_style()
    return timeline.timeline_figure(data["events"], INTERVIEW)


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


def test_charts_tolerance_catches_a_removed_event(data, tmp_path):
    same = timeline.timeline_figure(data["events"], INTERVIEW)
    assert _rms_against_baseline(same, "test_charts_timeline", tmp_path) is None
    events = data["events"]
    fewer = events[events["event_id"] != "e1993"]  # one small dot, same figure size
    assert _rms_against_baseline(timeline.timeline_figure(fewer, INTERVIEW), "test_charts_timeline", tmp_path) is not None


def test_charts_tolerance_catches_a_moved_label(data, tmp_path):
    fig = interview.island_view_figure(data["claims"], data["islands"], ["iturup", "kunashir", "shikotan", "habomai",
                                                                      "northern_kurils"])
    label = next(t for t in fig.axes[0].texts if t.get_text() == "Shikotan")
    x, y = label.get_position()
    label.set_position((x + 0.15, y))
    assert _rms_against_baseline(fig, "test_charts_island_view", tmp_path) is not None


def test_timeline_numbers_do_not_overlap(data):
    fig = timeline.timeline_figure(data["events"], INTERVIEW)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for ax in fig.axes for t in ax.texts if t.get_text().strip()]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b)


def test_place_numbers_stacks_close_labels():
    assert timeline_figures._place_numbers([0.0, 0.1, 0.15, 1.0]) == [0, 1, 2, 0]


def test_label_conventions_has_every_convention(data):
    table = interview.label_conventions(data["islands"], ["iturup", "zelyony"])
    assert table.loc["iturup"].tolist() == ["Iturup / Etorofu", "Iturup", "Etorofu", "Итуруп"]
    assert table.loc["zelyony", "ja"] == "Shibotsu"
    assert len(interview.label_conventions(data["islands"])) == 5


def test_new_figure_refuses_wide_figures():
    with pytest.raises(ValueError):
        style.new_figure((12, 4))


def test_topic_subject_figure_handles_places_and_refuses_unknown_topics(data):
    claims = data["claims"]
    places = data["places"]
    claims.loc[1, "subjects"] = ["rybachiy", "shikotan"]
    labels = interview.subject_labels(["rybachiy"], data["islands"], None, places)
    assert labels.loc[0, "kind"] == "place"
    fig = interview.claims_topic_subject_figure(claims, data["islands"], data["straits"], places)
    assert fig.get_size_inches()[0] == 11
    claims["topic"] = claims["topic"].astype(str)
    claims.loc[0, "topic"] = "brand_new_topic"
    with pytest.raises(ValueError, match="claims.topic: not in the descriptor's enum: brand_new_topic"):
        interview.topic_counts(claims)


def test_claims_findings_markdown_is_built_from_the_tables(data):
    interviews = data["interviews"]  # the fixture interview: conducted 2018-12-05, published 2019-01-10
    text = interview.claims_findings_markdown(data["claims"], data["islands"], interviews)
    lines = text.splitlines()
    assert lines[0] == ("- The interview (conducted 2018-12-05, published 2019-01-10) yields **7 claims** over "
                        "3 paragraphs: ¶1: 2, ¶3: 3, ¶4: 2. By type: 3 fact, 1 assessment, 3 forecast.")
    assert lines[1] == ("- The claims spread over **6 topics**; more than one claim: negotiability (2); "
                        "5 topics have one claim each.")
    assert lines[2] == ("- Claims naming each subject (of 7): russia 1, japan 1, usa 0, iturup 2, kunashir 2, "
                        "shikotan 3, habomai 2.")
    assert lines[3] == "- Iturup / Etorofu: military value **high** (claims c03), handover **ruled out** (claims c01)."
    assert lines[5] == ("- Shikotan: military value **low** (claims c06), handover **conditional** "
                        "(claims c02, c07).")
    assert lines[6] == "- Habomai Islands: military value **low** (claims c06), handover **conditional** (claims c02)."
    assert len(lines) == 7


def test_claims_findings_markdown_handles_missing_dates_and_unnamed_units(data):
    interviews = data["interviews"][data["interviews"]["interview_id"] == "undated"]
    claims = data["claims"][data["claims"]["claim_id"].isin(["c03", "c04"])]
    text = interview.claims_findings_markdown(claims, data["islands"], interviews, ["paramushir"])
    assert "(conducted unknown, published unknown)" in text
    assert "more than one claim" not in text and "2 topics have one claim each." in text
    assert text.splitlines()[-1].endswith("military value **not discussed** (claims none), handover "
                                         "**not discussed** (claims none).")
