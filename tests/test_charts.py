"""Claims, island view, timeline and verdict charts (helpers.charts) on hand-made frames.

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


def islands_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "island_id": ["iturup", "kunashir", "shikotan", "zelyony", "paramushir"],
            "name_en": ["Iturup", "Kunashir", "Shikotan", "Zelyony", "Paramushir"],
            "name_ja_romaji": ["Etorofu", "Kunashiri", "Shikotan", "Shibotsu", "Paramushiru"],
            "name_ru": ["Итуруп", "Кунашир", "Шикотан", "Зелёный", "Парамушир"],
            "group": ["Iturup", "Kunashir", "Shikotan", "Habomai", "Northern Kurils"],
            "disputed": pd.array([True, True, True, True, False], dtype="boolean"),
        }
    )


def straits_frame() -> pd.DataFrame:
    return pd.DataFrame({"strait_id": ["catherine_strait"], "name_en": ["Catherine Strait"],
                         "name_ja_romaji": ["Kunashiri-suido"], "name_ru": ["пролив Екатерины"]})


def claims_frame() -> pd.DataFrame:
    rows = [
        ("c01", 1, "negotiability", ["iturup", "kunashir", "russia"], "forecast"),
        ("c02", 1, "negotiability", ["shikotan", "habomai", "japan"], "forecast"),
        ("c03", 3, "weapons_deployment", ["iturup", "kunashir"], "fact"),
        ("c04", 3, "transit_route", ["catherine_strait", "ssbn"], "fact"),
        ("c05", 3, "base_plans", ["northern_kurils"], "fact"),
        ("c06", 4, "garrison", ["shikotan", "habomai"], "assessment"),
        ("c07", 4, "guarantee", ["us_forces", "shikotan"], "forecast"),
    ]
    frame = pd.DataFrame(rows, columns=["claim_id", "paragraph", "topic", "subjects", "claim_type"])
    frame["topic"] = pd.Categorical(frame["topic"], categories=list(schema.enum("claims", "topic")))
    frame["summary"] = "summary"
    return frame


def events_frame() -> pd.DataFrame:
    rows = [
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
    frame = pd.DataFrame(rows, columns=["event_id", "date", "category", "title", "in_interview", "interview_paragraph"])
    frame["date"] = pd.to_datetime(frame["date"])
    frame["in_interview"] = frame["in_interview"].astype("boolean")
    frame["interview_paragraph"] = frame["interview_paragraph"].astype("Int64")
    return frame


INTERVIEW = pd.Timestamp("2018-12-05")


def test_topic_counts_follow_enum_order():
    counts = interview.topic_counts(claims_frame())
    assert counts.index.tolist() == ["negotiability", "weapons_deployment", "transit_route", "base_plans",
                                     "garrison", "guarantee"]
    assert counts["negotiability"] == 2 and counts.sum() == 7
    plain = claims_frame().assign(topic=lambda f: f["topic"].astype(str))
    assert interview.topic_counts(plain).index.tolist() == counts.index.tolist()


def test_claims_long_and_matrix():
    long = interview.claims_long(claims_frame())
    assert len(long) == 15
    matrix = interview.topic_subject_matrix(claims_frame(), islands_frame(), straits_frame())
    # islands first (table order), then groups, straits, vocabulary
    assert matrix.columns[:3].tolist() == ["iturup", "kunashir", "shikotan"]
    assert matrix.columns[3:5].tolist() == ["habomai", "northern_kurils"]
    assert matrix.columns[5] == "catherine_strait"
    assert matrix.loc["negotiability", "iturup"] == 1
    assert int(matrix.to_numpy().sum()) == 15


def test_subject_labels_follow_the_naming_convention():
    labels = interview.subject_labels(["iturup", "habomai", "catherine_strait", "sea_of_okhotsk", "usa"],
                                   islands_frame(), straits_frame()).set_index("subject")
    assert labels.loc["iturup", "label"] == "Iturup / Etorofu"
    assert labels.loc["habomai", "kind"] == "group"
    assert labels.loc["habomai", "label"] == "Habomai Islands"  # names.group_label, as on the maps
    assert labels.loc["catherine_strait", "kind"] == "strait"
    assert labels.loc["sea_of_okhotsk", "label"] == "Sea of okhotsk"
    assert labels.loc["usa", "label"] == "USA"
    with names.convention("ru"):
        assert interview.subject_labels(["iturup"], islands_frame()).loc[0, "label"] == "Итуруп"


def test_island_view_derives_levels_from_topics():
    view = interview.island_view(claims_frame(), islands_frame()).set_index("unit")
    assert view.index.tolist() == ["iturup", "kunashir", "shikotan", "habomai"]
    assert view.loc["iturup", "military"] == "high"
    assert view.loc["iturup", "handover"] == "ruled out"
    assert view.loc["iturup", "military_claims"] == "c03"
    assert view.loc["shikotan", "military"] == "low"
    assert view.loc["shikotan", "handover"] == "conditional"
    assert view.loc["shikotan", "handover_claims"] == "c02;c07"
    assert view.loc["habomai", "handover_claims"] == "c02"
    assert view.loc["habomai", "label"] == "Habomai Islands"
    extra = interview.island_view(claims_frame(), islands_frame(), ["zelyony", "northern_kurils", "urup"]).set_index("unit")
    assert extra.loc["zelyony", "military"] == "low"  # named via its group slug
    assert extra.loc["northern_kurils", "military"] == "high"
    assert extra.loc["northern_kurils", "handover"] == "not discussed"
    assert extra.loc["northern_kurils", "label"] == "Northern Kurils (group)"
    assert extra.loc["urup", "military"] == "not discussed"


def verdict_inputs():
    claims = claims_frame()
    events = events_frame()
    deployments = pd.DataFrame({"deployment_id": ["d1"], "island_id": ["iturup"], "system": ["Bastion"],
                                "announced": pd.to_datetime(["2016-03-25"]), "start_date": pd.to_datetime([None]),
                                "site": [None], "status": ["deployed"]})
    ce = pd.DataFrame(
        [
            ("c01", "e2016b", "events", "supports"), ("c01", "e2022", "events", "later_development"),
            ("c02", "e1956", "events", "context"), ("c02", "e1993", "events", "context"),
            ("c03", "d1", "deployments", "supports"), ("c03", "e2016b", "events", "supports"),
            ("c05", "e2019", "events", "contradicts"), ("c06", "e2016a", "events", "contradicts"),
            ("c07", "e2022", "events", "later_development"),
        ],
        columns=["claim_id", "evidence", "evidence_table", "relation"],
    )
    ce["note"] = "n"
    dated = assessment.dated_evidence(ce, events, deployments, INTERVIEW)
    return assessment.verdicts(claims, dated), dated


@pytest.mark.mpl_image_compare(baseline_dir="baseline", tolerance=TOL, style="default")
def test_charts_claims_topic_subject():
    style.apply_style()
    return interview.claims_topic_subject_figure(claims_frame(), islands_frame(), straits_frame())


@pytest.mark.mpl_image_compare(baseline_dir="baseline", tolerance=TOL, style="default")
def test_charts_island_view():
    style.apply_style()
    return interview.island_view_figure(claims_frame(), islands_frame(), ["iturup", "kunashir", "shikotan", "habomai",
                                                                      "northern_kurils"])


@pytest.mark.mpl_image_compare(baseline_dir="baseline", tolerance=TOL, style="default")
def test_charts_timeline():
    style.apply_style()
    return timeline.timeline_figure(events_frame(), INTERVIEW)


@pytest.mark.mpl_image_compare(baseline_dir="baseline", tolerance=TOL, style="default")
def test_charts_verdicts():
    style.apply_style()
    table, dated = verdict_inputs()
    return assessment.verdict_figure(table, dated, INTERVIEW, start="2010-01-01")


def test_verdict_inputs_cover_every_verdict():
    table, _ = verdict_inputs()
    assert assessment.verdict_counts(table).to_dict() == {"supported": 1, "contradicted": 2, "overtaken": 2, "open": 2}


def _rms_against_baseline(fig, name: str, tmp_path: Path) -> str | None:
    out = tmp_path / f"{name}.png"
    fig.savefig(out)
    return compare_images(str(BASELINE / f"{name}.png"), str(out), tol=TOL)


def test_charts_tolerance_catches_a_removed_event(tmp_path):
    same = timeline.timeline_figure(events_frame(), INTERVIEW)
    assert _rms_against_baseline(same, "test_charts_timeline", tmp_path) is None
    events = events_frame()
    fewer = events[events["event_id"] != "e1993"]  # one small dot, same figure size
    assert _rms_against_baseline(timeline.timeline_figure(fewer, INTERVIEW), "test_charts_timeline", tmp_path) is not None


def test_charts_tolerance_catches_a_moved_label(tmp_path):
    fig = interview.island_view_figure(claims_frame(), islands_frame(), ["iturup", "kunashir", "shikotan", "habomai",
                                                                      "northern_kurils"])
    label = next(t for t in fig.axes[0].texts if t.get_text() == "Shikotan")
    x, y = label.get_position()
    label.set_position((x + 0.15, y))
    assert _rms_against_baseline(fig, "test_charts_island_view", tmp_path) is not None


def test_timeline_numbers_do_not_overlap():
    fig = timeline.timeline_figure(events_frame(), INTERVIEW)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for ax in fig.axes for t in ax.texts if t.get_text().strip()]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b)


def test_place_numbers_stacks_close_labels():
    assert timeline_figures._place_numbers([0.0, 0.1, 0.15, 1.0]) == [0, 1, 2, 0]


def test_label_conventions_has_every_convention():
    table = interview.label_conventions(islands_frame(), ["iturup", "zelyony"])
    assert table.loc["iturup"].tolist() == ["Iturup / Etorofu", "Iturup", "Etorofu", "Итуруп"]
    assert table.loc["zelyony", "ja"] == "Shibotsu"
    assert len(interview.label_conventions(islands_frame())) == 5


def test_new_figure_refuses_wide_figures():
    with pytest.raises(ValueError):
        style.new_figure((12, 4))


def test_topic_subject_figure_handles_places_and_refuses_unknown_topics():
    claims = claims_frame()
    places = pd.DataFrame({"place_id": ["rybachiy"], "name_en": ["Rybachiy"]})
    claims.loc[1, "subjects"] = ["rybachiy", "shikotan"]
    labels = interview.subject_labels(["rybachiy"], islands_frame(), None, places)
    assert labels.loc[0, "kind"] == "place"
    fig = interview.claims_topic_subject_figure(claims, islands_frame(), straits_frame(), places)
    assert fig.get_size_inches()[0] == 11
    claims["topic"] = claims["topic"].astype(str)
    claims.loc[0, "topic"] = "brand_new_topic"
    with pytest.raises(ValueError, match="claims.topic: not in the descriptor's enum: brand_new_topic"):
        interview.topic_counts(claims)


def test_claims_findings_markdown_is_built_from_the_tables():
    interviews = pd.DataFrame({"interview_date": pd.to_datetime(["2018-12-05"]),
                               "published": pd.to_datetime(["2019-01-10"])})
    text = interview.claims_findings_markdown(claims_frame(), islands_frame(), interviews)
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


def test_claims_findings_markdown_handles_missing_dates_and_unnamed_units():
    interviews = pd.DataFrame({"interview_date": pd.to_datetime([None]), "published": pd.to_datetime([None])})
    claims = claims_frame()[claims_frame()["claim_id"].isin(["c03", "c04"])]
    text = interview.claims_findings_markdown(claims, islands_frame(), interviews, ["paramushir"])
    assert "(conducted unknown, published unknown)" in text
    assert "more than one claim" not in text and "2 topics have one claim each." in text
    assert text.splitlines()[-1].endswith("military value **not discussed** (claims none), handover "
                                         "**not discussed** (claims none).")
