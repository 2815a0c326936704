"""Place keys, distances and offsets."""

import pytest

from dotterel.geo import haversine_km, offset_point, place_key


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Sana'a", "Sanaa"),
        ("Sana’a", "SANAA"),
        ("Port-au-Prince", "port au prince"),
        ("the Gaza Strip", "Gaza Strip"),
        ("Córdoba", "Cordoba"),
        ("Washington, D.C.", "Washington DC"),
        ("Kyiv ", " kyiv"),
    ],
)
def test_spellings_that_news_varies_share_a_key(a, b):
    assert place_key(a) == place_key(b)


def test_a_lone_the_is_kept():
    assert place_key("The") == "the"
    assert place_key("The Hague") == "hague"


def test_haversine_and_offsets_agree():
    assert haversine_km(32.08, 34.78, 32.08, 34.78) == 0
    assert 55 < haversine_km(32.08, 34.78, 31.5, 34.47) < 75  # Tel Aviv - Gaza City
    lat, lon = offset_point(33.85, 35.86, bearing_deg=180, km=50)
    assert lat < 33.85 and abs(lon - 35.86) < 0.01
    assert abs(haversine_km(33.85, 35.86, lat, lon) - 50) < 0.5
