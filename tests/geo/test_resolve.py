"""Resolving place words in context: priors, qualifiers, focus, kind words, directions, neighbours."""

import pytest

from dotterel.geo import Context, resolve


def _where(words, **context):
    return resolve(words, context=Context(**context)).place


@pytest.mark.parametrize(
    ("words", "country", "precision"),
    [
        ("Paris", "FRA", "city"),  # the capital of 2 million before the Texas town of 25,000
        ("Tripoli", "LBY", "city"),
        ("Alexandria", "EGY", "city"),
        ("Georgia", "GEO", "country"),  # a country before a US state, without context
        ("Lebanon", "LBN", "country"),  # before the ten Lebanons of the United States
        ("Gaza", "PSE", "region"),  # "in Gaza" is the Strip
        ("Gaza City", "PSE", "city"),
        ("Kherson", "UKR", "city"),
        ("Kiev", "UKR", "city"),
    ],
)
def test_without_context_the_prior_decides(words, country, precision):
    place = _where(words)
    assert (place.country, place.precision) == (country, precision), place


@pytest.mark.parametrize(
    ("words", "adm1"),
    [("Paris, Texas", "US-TX"), ("Paris, Tex.", "US-TX"), ("Alexandria, Va.", "US-VA"),
     ("Springfield, Illinois", "US-IL"), ("Lebanon, Pennsylvania", "US-PA"), ("Portland, Maine", "US-ME")],
)
def test_a_qualifier_picks_the_place_inside_it(words, adm1):
    resolution = resolve(words)
    assert resolution.place.adm1 == adm1
    assert any("inside" in reason for reason in resolution.candidates[0].reasons)


def test_the_article_focus_moves_the_choice():
    assert _where("Tripoli", focus={"LBN": 1.0}).country == "LBN"
    assert _where("Hyderabad", focus={"PAK": 1.0}).country == "PAK"
    assert _where("Hyderabad", focus={"IND": 1.0}).country == "IND"
    assert _where("Santiago", focus={"CHL": 1.0}).country == "CHL"
    assert _where("San José", focus={"CRI": 1.0}).country == "CRI"
    assert _where("Córdoba", focus={"ESP": 1.0}).country == "ESP"


def test_kind_words_say_city_or_division():
    assert _where("Donetsk").precision == "city"
    region = _where("Donetsk region")
    assert (region.precision, region.adm1) == ("adm1", "UA-14")
    assert _where("the Kherson region").precision == "adm1"
    state = _where("the state of Georgia")
    assert (state.country, state.precision) == ("USA", "adm1")
    assert _where("Gaza province", focus={"MOZ": 1.0}).country == "MOZ"


def test_nearby_places_of_the_article_pull_a_namesake():
    atlanta = _where("Atlanta")
    georgia = resolve("Georgia", context=Context(anchors=(atlanta,), focus={"USA": 0.7}))
    assert (georgia.place.country, georgia.place.precision) == ("USA", "adm1")
    assert any("holds Atlanta" in r for r in georgia.candidates[0].reasons)


def test_one_sense_per_article():
    paris_tx = _where("Paris, Texas")
    again = resolve("Paris", context=Context(seen={"paris": paris_tx.id}, focus={"USA": 1.0}))
    assert again.place.id == paris_tx.id


def test_directions_use_the_alias_table_first():
    south = resolve("southern Lebanon")
    assert south.place.name == "southern Lebanon" and (south.place.lat, south.place.lon) == (33.27, 35.40)
    north = _where("northern Gaza")
    assert north.precision == "region" and north.lat > 31.5


def test_directions_otherwise_take_the_cities_on_that_side():
    ukraine = _where("Ukraine")
    west = resolve("western Ukraine")
    assert west.direction == "western" and west.base.id == ukraine.id
    assert west.place.precision == "region" and west.place.lon < ukraine.lon - 3
    east = _where("the east of Ukraine")
    assert east.lon > ukraine.lon + 3
    kosovo = _where("northern Kosovo")
    assert kosovo.country == "XKX" and kosovo.lat > _where("Kosovo").lat


def test_no_place_rather_than_a_weak_namesake_abroad():
    resolution = resolve("Jermuk")  # a spa town of 4,000: not in cities5000, and "Jermuk" is an alternate name in Turkey
    assert resolution.place is None and resolution.candidates
    assert "too weak" in resolution.why
    assert resolve("Xyzzyville").place is None and resolve("Xyzzyville").why.startswith("no place")


def test_a_resolution_becomes_a_location():
    from dotterel.records import Span

    location = resolve("Tel Aviv").location(span=Span(10, 18), source="event")
    assert (location.name, location.country, location.precision, location.source) == ("Tel Aviv", "ISR", "city", "event")
    assert abs(location.lat - 32.08) < 0.05 and location.span == Span(10, 18)
