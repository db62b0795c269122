"""Fixture rows shared by the interview and chart tests (written to fixture tables by ``corpus``)."""

from __future__ import annotations

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


def put_islands_claims_and_places(corpus) -> None:
    """Write ISLANDS and CLAIMS, with one strait and the SSBN base, to the fixture tables."""
    corpus.put("islands", [
        {"island_id": i, "name_en": en, "name_ja_romaji": ja, "name_ru": ru, "group": g,
         "chain": "Greater Kuril", "disputed": d, "lat": 45.0, "lon": 147.0, "source_id": SOURCE,
         "status": "administered by Russia, claimed by Japan" if d else "Russia"}
        for i, en, ja, ru, g, d in ISLANDS])
    corpus.put("straits", [{"strait_id": "catherine_strait", "name_en": "Catherine Strait (Yekaterina Strait)",
                            "name_ja_romaji": "Kunashiri-suido", "name_ru": "пролив Екатерины",
                            "between": ["iturup", "kunashir"], "lat": 44.6, "lon": 146.7,
                            "source_id": SOURCE}])
    corpus.put("places", [{"place_id": "rybachiy", "name_en": "Rybachiy", "kind": "naval_base",
                           "lat": 52.9, "lon": 158.5, "source_id": SOURCE}])
    corpus.put("claims", [
        {"claim_id": c, "interview_id": "fixture_talk", "paragraph": para, "topic": topic,
         "subjects": subjects, "summary": f"summary of {c}", "claim_type": kind,
         "source_id": "fixture_interview"}
        for c, para, topic, subjects, kind in CLAIMS])
