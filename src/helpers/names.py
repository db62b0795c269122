"""Labels of islands, straits, places and island groups in a chosen naming convention.

Neutral by default: a label shows the English (Russian-derived) name and the Japanese name in
romaji, "Iturup / Etorofu", readable by every reader. One call switches every chart of the
package to another convention, each in its own script::

    from helpers import names
    names.set_convention("ja")      # "択捉島"; "en" -> "Iturup"; "ru" -> "Итуруп"; "both" (default)

Kanji come from the tables' ``name_ja`` (romaji where a row has none); charts draw them with the
IPAexGothic font that :mod:`helpers.style` registers.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, Literal

import pandas as pd

from helpers.schema import slug

Convention = Literal["both", "en", "ja", "ru"]
CONVENTIONS: tuple[str, ...] = ("both", "en", "ja", "ru")

#: Labels of island groups that have no row of their own in the islands table.
GROUP_NAMES: dict[str, dict[str, str]] = {
    "Habomai": {
        "name_en": "Habomai Islands",
        "name_ja": "歯舞群島",
        "name_ja_romaji": "Habomai Islands",
        "name_ru": "острова Хабомаи",
    },
}

_convention: str = "both"


def _check(convention: str) -> str:
    if convention not in CONVENTIONS:
        raise ValueError(
            f"unknown naming convention {convention!r}; choose one of {', '.join(CONVENTIONS)}"
        )
    return convention



def set_convention(convention: Convention | str) -> None:
    """Set the naming convention used by every label from now on."""
    global _convention
    _convention = _check(convention)


def get_convention() -> str:
    """The naming convention in force."""
    return _convention


@contextmanager
def convention(name: Convention | str) -> Iterator[None]:
    """Use another naming convention inside a ``with`` block, then restore the previous one."""
    previous = get_convention()
    set_convention(name)
    try:
        yield
    finally:
        set_convention(previous)


def _field(row: Mapping[str, Any], key: str) -> str:
    value = row.get(key) if hasattr(row, "get") else None
    if value is None:
        return ""
    text = str(value).strip()
    return "" if text.lower() in ("nan", "<na>", "none") else text


def _plain(text: str) -> str:
    """Text without accents or case, so "Hokkaidō" and "Hokkaido" count as one name."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def label(row: Mapping[str, Any], convention: Convention | str | None = None) -> str:
    """The display label of one row of the islands, straits or places table.

    ``row`` needs ``name_en`` and may have ``name_ja`` (kanji), ``name_ja_romaji`` and
    ``name_ru``; "ja" shows the kanji, "both" the romaji; a missing name falls back to the
    romaji, then the English one, so a label is never empty.
    """
    chosen = _check(convention) if convention is not None else _convention
    english = _field(row, "name_en")
    japanese = _field(row, "name_ja_romaji") or english
    russian = _field(row, "name_ru") or english
    if chosen == "en":
        return english
    if chosen == "ja":
        return _field(row, "name_ja") or japanese
    if chosen == "ru":
        return russian
    if _plain(japanese) == _plain(english):
        return english
    return f"{english} / {japanese}"


def map_label(row: Mapping[str, Any], convention: str | None = None) -> str:
    """:func:`label` for maps: no name repeated that differs only by a macron.

    "Hokkaido / Hokkaidō" becomes "Hokkaido"; any parenthesised alternative in ``name_en``
    ("Catherine Strait (Yekaterina Strait)") is dropped.
    """
    row = dict(row)
    name = str(row.get("name_en", ""))
    if "(" in name and not name.startswith("("):
        row["name_en"] = name.split("(")[0].strip()
    text = label(row, convention)
    if " / " in text and (convention or get_convention()) == "both":
        first, second = text.split(" / ", 1)
        if _plain(first) == _plain(second):
            return first
    return text


def group_members(islands: pd.DataFrame) -> dict[str, list[str]]:
    """Group slug (``"Southern Kurils"`` -> ``southern_kurils``) -> island ids of that group."""
    members: dict[str, list[str]] = {}
    for island_id, group in zip(islands["island_id"], islands["group"], strict=True):
        members.setdefault(slug(str(group)), []).append(str(island_id))
    return members


def group_label(group: str, islands: pd.DataFrame, convention: str | None = None) -> str:
    """Label of an island group, given by name (``Habomai``) or slug (``habomai``).

    A group named after its main island (Iturup) is labelled like that island; a group in
    :data:`GROUP_NAMES` by that entry; any other as "<group> (group)".
    """
    key = slug(group)
    main = islands[islands["island_id"].astype(str) == key]
    if not main.empty:
        return label(main.iloc[0], convention)
    name = {slug(str(g)): str(g) for g in islands["group"]}.get(key, group)
    if name in GROUP_NAMES:
        return label(GROUP_NAMES[name], convention)
    return f"{name} (group)"
