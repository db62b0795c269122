"""Tests of helpers.interview (notebook 01: the claims as tables, counts, the island view and the
claims chart), on fixture rows read by the loaders.

The figure test compares against tests/baseline/test_interview_*.png (pytest-mpl, ``--mpl``).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from matplotlib.testing.compare import compare_images

from helpers import interview, names, style

BASELINE = Path(__file__).parent / "baseline"
#: RMS tolerance, as for the other figures: identical code and pins render identical pixels.
TOL = 0.4

pytestmark = pytest.mark.usefixtures("house_style")

from fixture_rows import CLAIMS, put_islands_claims_and_places  # noqa: E402  (shared with test_charts)


@pytest.fixture
def data(corpus) -> dict[str, pd.DataFrame]:
    """The rows above written to the fixture tables, loaded (a copy of each table)."""
    put_islands_claims_and_places(corpus)
    for table in ("claim_evidence", "phases", "events", "deployments", "sovereignty", "island_measures"):
        corpus.put(table, [])  # their fixture rows name islands replaced above
    return {name: corpus.load(name).copy()
            for name in ("islands", "straits", "places", "claims", "interviews", "sources")}


# ---------------------------------------------------------------------------- tables and counts


def test_interview_profile_and_publication_chain(data):
    profile = interview.interview_profile(data["interviews"]).set_index("field")["value"]
    assert profile["interviewee"] == "Fixture Person"
    assert profile["interview_date"] == "2018-12-05" and profile["published"] == "2019-01-10"
    assert profile["position"] == ""  # an empty cell stays empty
    interviews = data["interviews"].assign(original_source_id="fixture_gazetteer")
    chain = interview.publication_chain(interviews, data["sources"])
    assert chain["step"].tolist() == ["original", "analysed"]
    assert chain["source_id"].tolist() == ["fixture_gazetteer", "fixture_interview"]
    assert chain.loc[1, "published"] == "2019-01-10"
    # an unknown source id is left out rather than shown as an empty step
    assert interview.publication_chain(data["interviews"], data["sources"])["step"].tolist() == ["analysed"]


def test_claims_table_labels_subjects_in_the_convention(data):
    table = interview.claims_table(data["claims"])
    assert table.index.tolist() == [c[0] for c in CLAIMS]
    assert table.loc["c01", "subjects"] == "iturup, kunashir, russia"
    assert table.loc["c03", "topic"] == "weapons deployment"
    labelled = interview.claims_table(data["claims"], data["islands"], data["straits"])
    assert labelled.loc["c01", "subjects"] == "Iturup / Etorofu, Kunashir / Kunashiri, Russia"
    assert labelled.loc["c04", "subjects"].startswith("Catherine Strait (Yekaterina Strait) / Kunashiri-suido, ")
    with names.convention("ru"):
        ru = interview.claims_table(data["claims"], data["islands"], data["straits"])
    assert ru.loc["c01", "subjects"].startswith("Итуруп, Кунашир")
    assert ru.loc["c02", "subjects"] == "Шикотан, острова Хабомаи, Japan"


def test_topic_counts_follow_enum_order(data):
    counts = interview.topic_counts(data["claims"])
    assert counts.index.tolist() == ["negotiability", "weapons_deployment", "transit_route", "base_plans",
                                     "garrison", "guarantee"]
    assert counts["negotiability"] == 2 and counts.sum() == len(CLAIMS)
    plain = data["claims"].assign(topic=lambda f: f["topic"].astype(str))
    assert interview.topic_counts(plain).index.tolist() == counts.index.tolist()


def test_type_counts_keep_every_type_and_refuse_strangers(data):
    counts = interview.type_counts(data["claims"])
    assert counts.to_dict() == {"fact": 3, "assessment": 1, "forecast": 3, "prescription": 0}
    claims = data["claims"].assign(claim_type=lambda f: f["claim_type"].astype(str))
    claims.loc[0, "claim_type"] = "rumour"
    with pytest.raises(ValueError, match="claims.claim_type: not in the descriptor's enum: rumour"):
        interview.type_counts(claims)


def test_subject_counts_count_each_claim_once(data):
    claims = data["claims"]
    claims.loc[0, "subjects"] = ["iturup", "iturup", "russia"]  # a repeated subject counts once
    counts = interview.subject_counts(claims)
    assert counts["iturup"] == 2 and counts["shikotan"] == 3 and counts["russia"] == 1
    assert counts.iloc[0] == counts.max()
    picked = interview.subject_counts(claims, ["japan", "usa", "shikotan"])
    assert picked.to_dict() == {"japan": 1, "usa": 0, "shikotan": 3}


def test_claims_long_and_matrix(data):
    long = interview.claims_long(data["claims"])
    assert len(long) == sum(len(c[3]) for c in CLAIMS)
    matrix = interview.topic_subject_matrix(data["claims"], data["islands"], data["straits"])
    # islands first (table order), then groups, straits, vocabulary
    assert matrix.columns[:3].tolist() == ["iturup", "kunashir", "shikotan"]
    assert matrix.columns[3:5].tolist() == ["habomai", "northern_kurils"]
    assert matrix.columns[5] == "catherine_strait"
    assert matrix.loc["negotiability", "iturup"] == 1
    assert int(matrix.to_numpy().sum()) == len(long)


def test_subject_labels_follow_the_naming_convention(data):
    labels = interview.subject_labels(["iturup", "habomai", "catherine_strait", "sea_of_okhotsk", "usa"],
                                      data["islands"], data["straits"]).set_index("subject")
    assert labels.loc["iturup", "label"] == "Iturup / Etorofu"
    assert labels.loc["habomai", "kind"] == "group"
    assert labels.loc["habomai", "label"] == "Habomai Islands"  # names.group_label, as on the maps
    assert labels.loc["catherine_strait", "kind"] == "strait"
    assert labels.loc["sea_of_okhotsk", "label"] == "Sea of Okhotsk"
    assert labels.loc["usa", "label"] == "USA"
    with names.convention("ru"):
        assert interview.subject_labels(["iturup"], data["islands"]).loc[0, "label"] == "Итуруп"


def test_island_view_derives_levels_from_topics(data):
    view = interview.island_view(data["claims"], data["islands"]).set_index("unit")
    assert view.index.tolist() == ["iturup", "kunashir", "shikotan", "habomai"]
    assert view.loc["iturup", "military"] == "high"
    assert view.loc["iturup", "handover"] == "ruled out"
    assert view.loc["iturup", "military_claims"] == ["c03"]
    assert view.loc["shikotan", "military"] == "low"
    assert view.loc["shikotan", "handover"] == "conditional"
    assert view.loc["shikotan", "handover_claims"] == ["c02", "c07"]
    assert view.loc["shikotan", "n_handover"] == 2
    assert view.loc["habomai", "handover_claims"] == ["c02"]
    assert view.loc["habomai", "label"] == "Habomai Islands"
    extra = interview.island_view(data["claims"], data["islands"],
                                  ["zelyony", "northern_kurils", "urup"]).set_index("unit")
    assert extra.loc["zelyony", "military"] == "low"  # named via its group slug
    assert extra.loc["northern_kurils", "military"] == "high"
    assert extra.loc["northern_kurils", "handover"] == "not discussed"
    assert extra.loc["northern_kurils", "label"] == "Northern Kurils (group)"
    assert extra.loc["urup", "military"] == "not discussed" and extra.loc["urup", "military_claims"] == []


def test_island_view_follows_the_claims(data):
    claims = data["claims"]
    # a weapons claim about Shikotan lifts its military value and turns its handover to ruled out
    extra = claims.iloc[[2]].assign(claim_id="c08", subjects=[["shikotan"]])
    claims = pd.concat([claims, extra], ignore_index=True)
    view = interview.island_view(claims, data["islands"]).set_index("unit")
    assert view.loc["shikotan", "military"] == "high" and view.loc["shikotan", "handover"] == "ruled out"
    assert view.loc["shikotan", "military_claims"] == ["c08"]


# ---------------------------------------------------------------------------- the claims chart


@pytest.mark.mpl_image_compare(baseline_dir="baseline", tolerance=TOL, style="default")
def test_interview_claims_topic_subject(data):
    style.apply_style()
    return interview.claims_topic_subject_figure(data["claims"], data["islands"], data["straits"])


def test_interview_tolerance_catches_a_moved_number(data, tmp_path):
    style.apply_style()
    fig = interview.claims_topic_subject_figure(data["claims"], data["islands"], data["straits"])
    out = tmp_path / "same.png"
    fig.savefig(out)
    assert compare_images(str(BASELINE / "test_interview_claims_topic_subject.png"), str(out), tol=TOL) is None
    number = fig.axes[0].texts[0]
    x, y = number.get_position()
    number.set_position((x + 0.4, y))
    fig.savefig(out)
    assert compare_images(str(BASELINE / "test_interview_claims_topic_subject.png"), str(out), tol=TOL) is not None


def test_topic_subject_figure_handles_places_and_refuses_unknown_topics(data):
    claims = data["claims"]
    places = data["places"]
    claims.loc[1, "subjects"] = ["rybachiy", "shikotan"]
    labels = interview.subject_labels(["rybachiy"], data["islands"], None, places)
    assert labels.loc[0, "kind"] == "place"
    fig = interview.claims_topic_subject_figure(claims, data["islands"], data["straits"], places)
    assert fig.get_size_inches()[0] == 11
    ticks = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert "Catherine Strait / Kunashiri-suido" in ticks and "Rybachiy" in ticks
    assert min(t.get_fontsize() for t in fig.axes[0].texts) >= 9  # legible at 930 px
    claims["topic"] = claims["topic"].astype(str)
    claims.loc[0, "topic"] = "brand_new_topic"
    with pytest.raises(ValueError, match="claims.topic: not in the descriptor's enum: brand_new_topic"):
        interview.topic_counts(claims)
