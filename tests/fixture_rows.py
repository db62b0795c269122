"""Fixture rows shared by the interview and chart tests (written to fixture tables by ``corpus``)."""

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
