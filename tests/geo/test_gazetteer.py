"""The offline gazetteer: what it holds, how names index, and its data files."""

from pathlib import Path

import pytest

from dotterel.errors import DataFileError, DotterelError
from dotterel.geo import PRECISIONS, load_gazetteer


def _names(gazetteer, words):
    return {(m.place.name, m.place.country, m.place.precision, m.how) for m in gazetteer.lookup(words)}


def test_it_holds_countries_cities_divisions_and_aliases(gazetteer):
    stats = gazetteer.stats
    assert stats["countries"] >= 240
    assert stats["cities"] > 60_000  # geonames places of 5,000 inhabitants or more
    assert stats["divisions_placed"] > 1_500
    assert stats["aliases"] > 300
    assert len(gazetteer) == stats["places"]


def test_it_is_built_once_per_process():
    assert load_gazetteer() is load_gazetteer()


def test_countries_answer_to_the_names_news_uses(gazetteer):
    for words, code in [("Lebanon", "LBN"), ("the United States", "USA"), ("U.S.", "USA"), ("Ivory Coast", "CIV"),
                        ("Burma", "MMR"), ("DRC", "COD"), ("Palestine", "PSE"), ("Türkiye", "TUR"), ("Britain", "GBR")]:
        assert any(m.place.precision == "country" and m.place.country == code for m in gazetteer.lookup(words)), words
    lebanon = gazetteer.country("LBN")
    assert lebanon is not None and abs(lebanon.lat - 33.85) < 0.1 and abs(lebanon.lon - 35.86) < 0.1
    assert gazetteer.country("LB") is lebanon  # ISO2 too


def test_alternate_spellings_find_the_city(gazetteer):
    assert ("Kyiv", "UKR", "city", "name") in _names(gazetteer, "Kyiv")
    assert any(name == "Kyiv" or name == "Kiev" for name, *_ in _names(gazetteer, "Kiev"))
    assert any(country == "YEM" for _, country, *_ in _names(gazetteer, "Sana'a"))
    assert any(country == "PSE" for _, country, *_ in _names(gazetteer, "Jenin"))


def test_ambiguous_names_list_every_sense(gazetteer):
    tripoli = {m.place.country for m in gazetteer.lookup("Tripoli")}
    assert {"LBY", "LBN"} <= tripoli
    georgia = {(m.place.country, m.place.precision) for m in gazetteer.lookup("Georgia")}
    assert {("GEO", "country"), ("USA", "adm1")} <= georgia
    paris = {m.place.country for m in gazetteer.lookup("Paris") if m.how == "name"}
    assert {"FRA", "USA"} <= paris


def test_divisions_are_placed_on_their_cities(gazetteer):
    idlib = [m.place for m in gazetteer.lookup("Idlib") if m.place.precision == "adm1"]
    assert idlib and idlib[0].adm1 == "SY-ID" and abs(idlib[0].lat - 35.9) < 0.6
    texas = gazetteer.divisions["US-TX"]
    assert texas.country == "USA" and 28 < texas.lat < 34
    # a city knows its division when geonames' group maps to one ISO 3166-2 code
    donetsk = next(m.place for m in gazetteer.lookup("Donetsk") if m.place.country == "UKR" and m.place.precision == "city")
    assert donetsk.adm1 == "UA-14"


def test_curated_aliases_carry_their_precision(gazetteer):
    south = next(m.place for m in gazetteer.lookup("southern Lebanon") if m.how == "alias")
    assert (south.precision, south.country, south.lat, south.lon) == ("region", "LBN", 33.27, 35.40)
    strip = next(m.place for m in gazetteer.lookup("the Gaza Strip") if m.how == "alias")
    assert strip.precision == "region" and strip.country == "PSE"
    hormuz = next(m.place for m in gazetteer.lookup("Strait of Hormuz"))
    assert hormuz.country is None
    assert all(m.place.precision in PRECISIONS for m in gazetteer.lookup("Donbas"))


def test_containment(gazetteer):
    lebanon = gazetteer.country("LBN")
    tyre = next(m.place for m in gazetteer.lookup("Tyre") if m.place.country == "LBN")
    assert lebanon.contains(tyre) and not gazetteer.country("ISR").contains(tyre)
    texas = gazetteer.divisions["US-TX"]
    paris_tx = next(m.place for m in gazetteer.lookup("Paris") if m.place.adm1 == "US-TX")
    assert texas.contains(paris_tx)


def test_qualifiers_include_state_abbreviations(gazetteer):
    assert gazetteer.divisions["US-VA"] in gazetteer.qualifier_places("Va.")
    assert gazetteer.divisions["US-TX"] in gazetteer.qualifier_places("TX")
    assert gazetteer.divisions["US-TX"] in gazetteer.qualifier_places("Texas")
    # only a qualifier, never a place on its own
    assert all(m.place.adm1 != "US-VA" for m in gazetteer.lookup("Va."))


def test_city_points_of_a_country(gazetteer):
    points = gazetteer.city_points(gazetteer.country("UKR"))
    assert len(points) > 100 and all(44 < lat < 53 for lat, _ in points)


def test_a_bad_alias_line_is_named(tmp_path: Path):
    (tmp_path / "aliases.tsv").write_text(
        "name\taliases\tprecision\tlat\tlon\tcountry\tadm1\tradius_km\tweight\tnote\n"
        "Nowhere\t-\tsomewhere\t1\t2\tXXX\t-\t-\t-\tbad precision\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError) as info:
        load_gazetteer((str(tmp_path),))
    assert info.value.code == "E401" and "line 2" in info.value.message


def test_a_bad_country_code_is_named(tmp_path: Path):
    (tmp_path / "aliases.tsv").write_text("Nowhere\t-\tcity\t1\t2\tXXX\t-\t-\t-\n", encoding="utf-8")
    with pytest.raises(DotterelError) as info:
        load_gazetteer((str(tmp_path),))
    assert info.value.code == "E401" and "XXX" in info.value.message


def test_user_aliases_extend_the_shipped_ones(tmp_path: Path):
    (tmp_path / "aliases.tsv").write_text("Khiam\tal-Khiam|El Khiam\tcity\t33.33\t35.61\tLBN\tLB-NA\t3\t-\n",
                                          encoding="utf-8")
    extended = load_gazetteer((str(tmp_path),))
    assert any(m.place.country == "LBN" for m in extended.lookup("El Khiam"))
    assert extended.stats["aliases"] == load_gazetteer().stats["aliases"] + 1


# island groups and Antarctic territories whose centre lies far from their few towns
_SCATTERED = {"GRL", "KIR", "MNP", "PCN", "SHN", "SJM", "UMI", "ATF", "SGS", "BVT", "HMD", "IOT", "ATA", "TKL", "NIU"}


def test_every_country_point_lies_among_its_cities(gazetteer):
    from dotterel.geo import haversine_km

    for code, country in gazetteer.countries.items():
        points = gazetteer.city_points(country)
        if not points or code in _SCATTERED:
            continue
        nearest = min(haversine_km(country.lat, country.lon, lat, lon) for lat, lon in points)
        assert nearest < 600, (code, country.lat, country.lon, nearest)


def test_every_alias_lies_in_its_country_and_division(gazetteer):
    from dotterel.geo import haversine_km

    for place in gazetteer.places:
        if place.source != "alias" or place.country is None:
            continue
        points = gazetteer.city_points(gazetteer.countries[place.country])
        nearest = min(haversine_km(place.lat, place.lon, lat, lon) for lat, lon in points)
        assert nearest < max(170, place.radius_km), (place.name, nearest)
        division = gazetteer.divisions.get(place.adm1 or "")
        if division is not None:
            apart = haversine_km(place.lat, place.lon, division.lat, division.lon)
            assert apart < max(250, 2 * division.radius_km, 2 * place.radius_km), (place.name, place.adm1, apart)
