"""Phases, event helpers and the sovereignty snapshot (helpers.timeline) on fixture rows read by the loaders."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import timeline as t


ISLANDS = [  # six islands in five groups, like data/islands.csv
    ("iturup", "Iturup", "Greater Kuril", True, 45.0, 147.9),
    ("kunashir", "Kunashir", "Greater Kuril", True, 44.1, 145.9),
    ("shikotan", "Shikotan", "Lesser Kuril", True, 43.8, 146.7),
    ("zelyony", "Habomai", "Lesser Kuril", True, 43.5, 146.1),
    ("urup", "Southern Kurils", "Greater Kuril", False, 45.9, 149.9),
    ("paramushir", "Northern Kurils", "Greater Kuril", False, 50.4, 155.8),
]
SOVEREIGNTY = [
    ("s1855_jp", "iturup;kunashir;shikotan;habomai", "Japan", "sovereignty", "1855-02-07", ""),
    ("s1855_ru", "southern_kurils;northern_kurils", "Russian Empire", "sovereignty", "1855-02-07", "1875-05-07"),
    ("s1875_jp", "southern_kurils;northern_kurils", "Japan", "sovereignty", "1875-05-07", "1945-08-18"),
    ("s1855_jp_admin", "iturup", "Japan", "administration", "1855-02-07", "1945-08-28"),
    ("s1945_occ", "iturup;kunashir;shikotan;habomai;southern_kurils;northern_kurils", "Soviet Union",
     "occupation", "1945-08-18", "1946-02-02"),
    ("s1946_north", "southern_kurils;northern_kurils", "Soviet Union", "sovereignty", "1946-02-02", "1991-12-26"),
    ("s1946_south", "iturup;kunashir;shikotan;habomai", "Soviet Union", "administration", "1946-02-02",
     "1991-12-26"),
    ("s1991_south", "iturup;kunashir;shikotan;habomai", "Russia", "administration", "1991-12-26", ""),
    ("s1945_claim", "iturup;kunashir;shikotan;habomai", "Japan", "claim", "1945-09-01", ""),
    ("s1956_offer", "shikotan;habomai", "Japan", "offered_transfer", "1956-10-19", ""),
]
EVENTS = [
    ("e1855_shimoda", "1855-02-07", "Shimoda", "treaty", False, None),
    ("e1956_decl", "1956-10-19", "Joint Declaration", "declaration", True, 1),
    ("e2016_missiles", "2016-11-22", "Missiles", "military", True, 3),
    ("e2018_singapore", "2018-11-14", "Singapore", "negotiation", True, 7),
    ("e2022_suspended", "2022-03-21", "Talks suspended", "negotiation", None, None),
]
SOURCE = "fixture_gazetteer"


@pytest.fixture
def tables(corpus):
    """The islands, sovereignty rows and events above, written to the fixture tables and loaded."""
    corpus.put("islands", [
        {"island_id": i, "name_en": i.capitalize(), "name_ru": "остров", "name_ja_romaji": i, "group": g,
         "chain": chain, "disputed": disputed, "lat": lat, "lon": lon, "source_id": SOURCE,
         "status": "administered by Russia, claimed by Japan" if disputed else "Russia"}
        for i, g, chain, disputed, lat, lon in ISLANDS])
    corpus.put("sovereignty", [
        {"sovereignty_id": sid, "territory": territory, "holder": holder, "status": status,
         "from_date": start, "to_date": end, "source_id": SOURCE}
        for sid, territory, holder, status, start, end in SOVEREIGNTY])
    corpus.put("phases", [])  # the fixture phases open with fixture events replaced here
    corpus.put("events", [
        {"event_id": eid, "date": date, "date_precision": "day", "title": title, "category": category,
         "in_interview": flag, "interview_paragraph": para, "source_id": SOURCE}
        for eid, date, title, category, flag, para in EVENTS])
    corpus.put("claim_evidence", [])
    return {name: corpus.load(name) for name in ("islands", "sovereignty", "events")}


def holders(frame: pd.DataFrame) -> dict[str, str]:
    return dict(zip(frame["island_id"], frame["holder"], strict=True))


def test_snapshot_1855_splits_the_chain_between_iturup_and_urup(tables):
    snap = t.sovereignty_snapshot(tables["sovereignty"], tables["islands"], "1855-12-31")
    assert holders(snap) == {
        "iturup": "Japan", "kunashir": "Japan", "shikotan": "Japan", "zelyony": "Japan",
        "urup": "Russian Empire", "paramushir": "Russian Empire",
    }
    # same start day: sovereignty beats administration
    assert snap.set_index("island_id").loc["iturup", "sovereignty_id"] == "s1855_jp"


def test_snapshot_1875_gives_japan_the_whole_chain(tables):
    snap = t.sovereignty_snapshot(tables["sovereignty"], tables["islands"], "1875-12-31")
    assert set(snap["holder"]) == {"Japan"}
    assert snap.set_index("island_id").loc["paramushir", "sovereignty_id"] == "s1875_jp"


def test_snapshot_1950_is_soviet_and_japan_claims_the_south(tables):
    snap = t.sovereignty_snapshot(tables["sovereignty"], tables["islands"], "1950-01-01").set_index("island_id")
    assert set(snap["holder"]) == {"Soviet Union"}
    assert snap.loc["iturup", "status"] == "administration"
    assert snap.loc["urup", "status"] == "sovereignty"
    # Japan's claim rows and its open-ended sovereignty row are reported, not drawn
    assert snap.loc["kunashir", "claimed_by"] == "Japan"
    assert snap.loc["urup", "claimed_by"] == ""


def test_snapshot_during_the_1945_landings_prefers_the_later_row(tables):
    snap = t.sovereignty_snapshot(tables["sovereignty"], tables["islands"], "1945-08-20").set_index("island_id")
    assert snap.loc["iturup", "holder"] == "Soviet Union"
    assert snap.loc["iturup", "status"] == "occupation"


def test_offer_scenario_1956_moves_shikotan_and_habomai_only(tables):
    offer = t.offer_scenario(tables["sovereignty"], tables["islands"], "1956-12-31").set_index("island_id")
    assert offer.loc["shikotan", "holder"] == "Japan"
    assert offer.loc["zelyony", "holder"] == "Japan"  # via the habomai group slug
    assert offer.loc[["shikotan", "zelyony"], "offered"].all()
    assert offer.loc["iturup", "holder"] == "Soviet Union"
    assert not offer.loc["iturup", "offered"]
    assert offer.loc["shikotan", "sovereignty_id"] == "s1956_offer"
    before = t.offer_scenario(tables["sovereignty"], tables["islands"], "1956-01-01")
    assert not before["offered"].any()


def test_snapshot_without_any_row_is_empty_holder(tables):
    snap = t.sovereignty_snapshot(tables["sovereignty"], tables["islands"], "1800-01-01")
    assert set(snap["holder"]) == {""}


def test_snapshot_table_has_one_column_per_snapshot(tables):
    table = t.snapshot_table(tables["sovereignty"], tables["islands"])
    assert list(table.columns) == ["island_id", "group"] + [s.title for s in t.SNAPSHOTS]
    row = table.set_index("island_id").loc["shikotan"]
    assert list(row.iloc[1:]) == ["Japan", "Japan", "Japan", "Soviet Union", "Japan"]


def test_territory_expansion_marks_direct_names(tables):
    items = t.expand_territory(["kunashir", "habomai", "sakhalin"], tables["islands"])
    assert items == [("kunashir", True), ("zelyony", False)]


def test_the_package_phases_are_contiguous_and_open_with_their_events(phases):
    assert [p.key for p in phases] == ["shimoda", "st_petersburg", "portsmouth", "occupation", "cold_war",
                                       "post_soviet", "singapore", "suspended"]
    assert phases[0].start == pd.Timestamp("1855-02-07") and phases[-1].end == t.TIMELINE_END
    for a, b in zip(phases, phases[1:]):
        assert a.end == b.start and a.start < a.end


def test_dated_phases_follow_the_events_they_are_given(corpus):
    """Dates come from the opening events; a phase whose event is missing is left out, order is by date."""
    corpus.put("phases", [
        {"phase_id": pid, "label": label, "start_event": event, "description": "d", "source_id": SOURCE}
        for pid, label, event in [("war", "War", "e1945_fixture"), ("early", "Early", "e1855_fixture"),
                                  ("late", "Late", "e2016_fixture")]])
    table, events = corpus.load("phases"), corpus.load("events")
    dated = t.dated_phases(table, events, end="2020-01-01")
    assert [(p.key, p.start, p.end) for p in dated] == [
        ("early", pd.Timestamp("1855-02-07"), pd.Timestamp("1945-08-01")),
        ("war", pd.Timestamp("1945-08-01"), pd.Timestamp("2016-01-01")),
        ("late", pd.Timestamp("2016-01-01"), pd.Timestamp("2020-01-01")),
    ]
    before_2000 = events[events["date"] < pd.Timestamp("2000-01-01")]
    assert [p.key for p in t.dated_phases(table, before_2000, end="2000-01-01")] == ["early", "war"]
    assert t.dated_phases(table, events.iloc[0:0]) == ()


def test_phase_assignment_and_boundaries(phases):
    assert t.phase_of("1855-02-07", phases) == "shimoda"
    assert t.phase_of("1875-05-06", phases) == "shimoda"
    assert t.phase_of("1875-05-07", phases) == "st_petersburg"
    assert t.phase_of("1945-09-01", phases) == "occupation"
    assert t.phase_of("2018-12-05", phases) == "singapore"
    assert t.phase_of("2022-03-21", phases) == "suspended"
    assert t.phase_of("1800-01-01", phases) is None


def test_assign_phases_and_counts(tables, phases):
    framed = t.assign_phases(tables["events"], phases)
    assert framed["phase"].tolist() == ["shimoda", "cold_war", "post_soviet", "singapore", "suspended"]
    counts = t.category_phase_counts(tables["events"], phases)
    assert counts.loc["suspended", "negotiation"] == 1
    assert counts.to_numpy().sum() == 5
    assert list(counts.index) == ["shimoda", "cold_war", "post_soviet", "singapore", "suspended"]


def test_interview_events_and_window(tables):
    hi = t.interview_events(tables["events"])
    assert hi["event_id"].tolist() == ["e1956_decl", "e2016_missiles", "e2018_singapore"]
    win = t.events_in_window(tables["events"], "2016-01-01", "2019-01-01")
    assert win["event_id"].tolist() == ["e2016_missiles", "e2018_singapore"]


def test_interview_date_prefers_interview_date_then_published(corpus):
    corpus.put("interviews", [
        {"interview_id": iid, "title": "t", "outlet": "o", "interviewee": "e", "affiliation": "a",
         "interview_date": conducted, "published": published, "source_id": "fixture_interview"}
        for iid, conducted, published in [("a", "2018-12-05", "2019-01-10"), ("b", None, "2019-01-10"),
                                          ("c", None, None)]], keep=True)
    loaded = corpus.load("interviews")
    frame = loaded[loaded["interview_id"] != "fixture_talk"]
    assert t.interview_date(frame) == pd.Timestamp("2018-12-05")
    assert t.interview_date(frame, "b") == pd.Timestamp("2019-01-10")
    with pytest.raises(ValueError):
        t.interview_date(frame, "c")
    with pytest.raises(KeyError):
        t.interview_date(frame, "zzz")


def test_phase_summary_counts_events_and_names_the_opening_event(tables, phases):
    summary = t.phase_summary(tables["events"], phases)
    assert list(summary["phase"]) == [p.label for p in phases]
    assert summary["events"].sum() == len(tables["events"])
    first = summary.iloc[0]
    assert first["opened_by"] == "Shimoda" and first["main_category"] == "treaty"
    assert first["start"] == phases[0].start and first["end"] == phases[0].end - pd.Timedelta(days=1)
    assert summary.set_index("phase").loc["Japan's north to 1945", "opened_by"] == ""  # none recorded
    assert summary.set_index("phase").loc["Talks suspended", "main_category"] == "negotiation"


def test_phase_summary_stops_at_the_as_of_date(tables, phases):
    summary = t.phase_summary(tables["events"], phases, until="2017-01-01")
    assert summary["phase"].iloc[-1] == "Post-Soviet talks"  # the phase running on that day
    assert summary["end"].iloc[-1] == pd.Timestamp("2017-01-01")
    assert summary["events"].sum() == 3  # 1855, 1956 and 2016; not 2018 nor 2022
    assert len(t.phase_summary(tables["events"], phases, until="1860-01-01")) == 1


def test_snapshots_until_keeps_the_earlier_panels_and_adds_the_date(tables):
    snaps = t.snapshots_until("1950-06-30", "As of 1950-06-30")
    assert [s.title for s in snaps] == [s.title for s in t.SNAPSHOTS if s.date <= pd.Timestamp("1950-06-30")] + [
        "As of 1950-06-30"]
    assert snaps[-1].date == pd.Timestamp("1950-06-30") and not snaps[-1].offer
    assert len(t.snapshots_until("2030-01-01", "now")) == len(t.SNAPSHOTS) + 1
    assert [s.title for s in t.snapshots_until("1855-06-01", "x")] == ["x"]


def test_holder_counts_add_up_to_the_islands_of_each_snapshot(tables):
    snaps = t.snapshots_until("2020-01-01", "2020")
    counts = t.holder_counts(tables["sovereignty"], tables["islands"], snaps).set_index("snapshot")
    assert list(counts.index) == [s.title for s in snaps]
    assert (counts.sum(axis=1) == len(tables["islands"])).all()
    assert counts.loc["1855 (Shimoda)", "Japan"] == 4 and counts.loc["1855 (Shimoda)", "Russian Empire"] == 2
    assert counts.loc["1956 Declaration offer", "Japan"] == 2  # Shikotan and Zelyony, offered
    assert counts.loc["2020", "Russia"] == 4  # the four southern groups; north not in the fixture rows
    assert counts.loc["2020", "no holder"] == 2
    assert list(counts.columns)[:4] == ["Japan", "Russia", "Russian Empire", "Soviet Union"]  # enum order


def _texts(fig):
    """Every visible text of ``fig``: texts, annotations, tick labels, titles."""
    out = [t for ax in fig.axes for t in ax.texts if t.get_text().strip()]
    out += [t for ax in fig.axes if ax.axison for t in ax.get_xticklabels() + ax.get_yticklabels() if t.get_text()]
    out += [ax._left_title for ax in fig.axes if ax.get_title(loc="left")]
    return out


def test_timeline_footnotes_and_numbers_are_legible_at_930_px(tables, phases):
    """Issue 10: an 11 in figure is shown about 930 px wide; every text must still be 9 pt there."""
    fig = t.timeline_figure(tables["events"], phases, "2018-12-05")
    fig.canvas.draw()
    assert fig.get_size_inches()[0] == 11
    texts = _texts(fig)
    key = [x.get_text() for x in texts if x.get_text().startswith(("1   ", "2   ", "3   "))]
    assert key == ["1   1956-10-19   Joint Declaration (¶1)", "2   2016-11-22   Missiles (¶3)",
                   "3   2018-11-14   Singapore (¶7)"]
    small = [(x.get_text(), x.get_fontsize()) for x in texts if x.get_fontsize() * 930 / 1100 < 9]
    assert not small


def test_timeline_figure_ends_at_the_as_of_date(tables, phases):
    events = tables["events"][tables["events"]["date"] < pd.Timestamp("1980-01-01")]
    fig = t.timeline_figure(events, phases, "2018-12-05", end="1980-01-01")
    panels = [ax for ax in fig.axes if ax.get_title(loc="left")]
    assert [ax.get_title(loc="left") for ax in panels] == ["1855-1979"]
    assert fig._suptitle.get_text().startswith("The Kuril dispute 1855-1956:")
    # the interview (2018) lies after the panel: no interview line
    assert not any(x.get_text().startswith("interview") for x in _texts(fig))
    two = t.timeline_figure(tables["events"], phases, "2018-12-05", end="2010-01-01")
    assert [ax.get_title(loc="left") for ax in two.axes if ax.get_title(loc="left")] == ["1855-1989", "1990-2009"]
