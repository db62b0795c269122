"""The README's findings lead states what the data shows today: every number in it is computed here
through the package's functions (notebooks 05 and 03), so the lead cannot go stale silently."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from helpers import assessment, geodata, load, military, paths

README = (paths.ROOT / "README.md").read_text(encoding="utf-8")
BLOCK = re.compile(r"<!-- findings\b.*?-->(.*?)<!-- /findings -->", re.S)


def findings(text: str) -> str:
    """The findings lead of ``text``, whitespace collapsed (lines wrap anywhere)."""
    found = BLOCK.search(text)
    assert found, "README.md has no <!-- findings --> ... <!-- /findings --> block"
    return " ".join(found.group(1).split())


def missing(block: str, expected: list[str]) -> list[str]:
    """The ``expected`` phrases that ``block`` does not state."""
    return [phrase for phrase in expected if phrase not in block]


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return load.tables()


def verdict_phrases(tables: dict[str, pd.DataFrame]) -> list[str]:
    """The verdict numbers: today, at the interview date, and the development that overtook most."""
    interview = pd.Timestamp(tables["interviews"]["interview_date"].iloc[0])
    counts = assessment.counts_over_time(assessment.verdict_history(tables, interview))
    first, last = counts.iloc[0], counts.iloc[-1]
    dated = assessment.dated_evidence(tables["claim_evidence"], tables["events"], tables["deployments"], interview)
    verdicts = assessment.verdicts(tables["claims"], dated)
    overtaken = verdicts.loc[verdicts["verdict"].astype(str) == "overtaken", "claim_id"]
    later = dated[(dated["relation"] == "later_development") & dated["claim_id"].isin(overtaken)]
    top = later.groupby("evidence_date")["claim_id"].nunique().sort_values(ascending=False, kind="stable")
    assert top.iloc[0] == len(overtaken), "one development no longer overtakes every overtaken claim: reword the lead"
    return [
        f"Of the {len(tables['claims'])} claims",
        f"**{last['supported']} are supported**", f"**{last['overtaken']} overtaken**",
        f"**{last['open']} open**", f"**{last['contradicted']} contradicted**",
        f"bore out **{first['supported']}** of them and left **{first['open']}** open",
        f"overtook all **{len(overtaken)}** claims",
        f"**{top.index[0]:%B %Y}**",
    ]


def ring_phrases(tables: dict[str, pd.DataFrame]) -> list[str]:
    """The Bastion-P rings: Iturup's range, straits and share of Hokkaido; the later batteries."""
    rings = military.missile_rings(tables["deployments"], tables["islands"])
    bastion = rings[rings["system"].str.startswith("K-300P Bastion-P")].set_index("island_id")
    straits = tables["straits"]
    iturup = bastion.loc["iturup"]
    inside = military.straits_in_ring(iturup["lat"], iturup["lon"], iturup["range_km"], straits)
    hokkaido = military.hokkaido_polygon(geodata.coastlines("regional"), tables["places"])
    coverage = military.coverage_table(bastion.loc[["iturup"]].reset_index(), straits, hokkaido)
    share = float(coverage["Hokkaido covered (%)"].iloc[0])
    reached = set()
    for ring in bastion.itertuples():
        reached |= set(military.straits_in_ring(ring.lat, ring.lon, ring.range_km, straits))
    assert len(reached) == len(straits), "the Bastion-P rings no longer reach every strait: reword the lead"
    return [
        f"Iturup (**{iturup['first']:%Y}**), with its **{iturup['range_km']:.0f} km** range, reaches "
        f"**{len(inside)}** of the **{len(straits)}** straits in the data and **{share:.1f}%** of Hokkaido's land",
        f"Matua (**{bastion.loc['matua', 'first']:%Y}**)",
        f"Paramushir (**{bastion.loc['paramushir', 'first']:%Y}**)",
        f"the Bastion-P rings reach all **{len(reached)}**",
    ]


def test_the_findings_lead_states_todays_verdicts(tables):
    assert not missing(findings(README), verdict_phrases(tables))


def test_the_findings_lead_states_what_the_missile_rings_reach(tables):
    assert not missing(findings(README), ring_phrases(tables))


def test_a_stale_number_is_caught(tables):
    block = findings(README)
    stale = block.replace(verdict_phrases(tables)[1], "**99 are supported**")
    assert missing(stale, verdict_phrases(tables)) == [verdict_phrases(tables)[1]]
    with pytest.raises(AssertionError, match="no <!-- findings -->"):
        findings("# Title\n\nNo lead here.\n")


def test_the_lead_comes_first_with_its_figures():
    start = README.index("<!-- findings")
    assert start < README.index("## ") and start < README.index("docs/jupyterlab.png")
    lead = README[start:README.index("## ")]
    figures = re.findall(r"!\[[^\]]*\]\((figures/[^)]+)\)", lead)
    assert figures, "the lead shows no figure"
    for figure in figures:
        assert (paths.ROOT / figure).is_file(), figure
