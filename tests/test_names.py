"""Labels follow the chosen naming convention, everywhere, and fall back sensibly."""

import pytest

from helpers import names

ITURUP = {"name_en": "Iturup", "name_ja": "択捉島", "name_ja_romaji": "Etorofu", "name_ru": "Итуруп"}


@pytest.fixture(autouse=True)
def _restore_convention():
    before = names.get_convention()
    yield
    names.set_convention(before)


def test_default_label_shows_both_common_names():
    names.set_convention("both")
    assert names.label(ITURUP) == "Iturup / Etorofu"


@pytest.mark.parametrize(
    ("convention", "expected"), [("en", "Iturup"), ("ja", "択捉島"), ("ru", "Итуруп")]
)
def test_one_setting_switches_the_convention(convention, expected):
    names.set_convention(convention)
    assert names.label(ITURUP) == expected


def test_explicit_convention_overrides_the_setting():
    names.set_convention("ru")
    assert names.label(ITURUP, "en") == "Iturup"


def test_identical_names_are_not_repeated():
    assert names.label({"name_en": "Shikotan", "name_ja_romaji": "Shikotan"}, "both") == "Shikotan"


def test_names_differing_only_by_a_macron_are_one_name():
    row = {"name_en": "Hokkaido", "name_ja_romaji": "Hokkaidō"}
    assert names.label(row, "both") == "Hokkaido"
    assert names.label(row, "ja") == "Hokkaidō"


def test_japanese_convention_shows_kanji_and_falls_back_to_romaji():
    assert names.label({"name_en": "Yuri", "name_ja_romaji": "Yuri"}, "ja") == "Yuri"
    assert names.label({**ITURUP, "name_ja": ""}, "ja") == "Etorofu"
    islands = __import__("pandas").DataFrame([{"island_id": "zelyony", "group": "Habomai"},
                                              {"island_id": "polonsky", "group": "Habomai"}])
    assert names.group_label("Habomai", islands, "ja") == "歯舞群島"


def test_missing_names_fall_back_to_english():
    row = {"name_en": "Demina", "name_ja_romaji": float("nan"), "name_ru": None}
    assert names.label(row, "ja") == "Demina"
    assert names.label(row, "ru") == "Demina"
    assert names.label(row, "both") == "Demina"


def test_context_manager_restores_previous_convention():
    names.set_convention("en")
    with names.convention("ja"):
        assert names.label(ITURUP) == "択捉島"
    assert names.get_convention() == "en"


def test_unknown_convention_is_rejected_with_the_choices():
    with pytest.raises(ValueError, match="both, en, ja, ru"):
        names.set_convention("fr")
