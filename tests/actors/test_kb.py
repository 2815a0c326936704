"""The actor knowledge base: names, agents and dated offices from the data files."""

import datetime as dt

import pytest

from dotterel.actors import load_kb
from dotterel.errors import DataFileError


@pytest.fixture(scope="module")
def kb():
    return load_kb()


def _entry(kb, *tokens):
    return dict(kb.names[tokens[0]])[tuple(tokens)]


def test_countries_demonyms_capitals_and_organisations(kb):
    assert _entry(kb, "israeli").country == "ISR"
    assert _entry(kb, "washington").country == "USA" and _entry(kb, "washington").sectors == ("GOV",)
    hezbollah = _entry(kb, "hezbollah")
    assert (hezbollah.kind, hezbollah.country) == ("organisation", "LBN")
    assert _entry(kb, "houthis").country == "YEM"


def test_agents_give_sectors(kb):
    phrases = {a.phrase: a.sectors for a in kb.agents["minister"]}
    assert set(phrases[("defense", "minister")]) >= {"GOV", "MIL"}
    assert "MIL" in next(a.sectors for a in kb.agents["troop"] if a.phrase == ("troop",))


def test_offices_are_dated(kb):
    gallant = kb.lookup_person("Yoav Gallant", dt.date(2024, 10, 1))
    assert gallant is not None and gallant.country == "ISR" and "MIL" in gallant.sectors
    assert kb.lookup_person("Yoav Gallant", dt.date(2025, 6, 1)) is None  # out of office
    assert kb.lookup_person("Lloyd Austin", dt.date(2024, 10, 1)).country == "USA"


def test_bad_sector_codes_are_refused_with_the_line(tmp_path):
    (tmp_path / "agents.tsv").write_text("phrase\tsectors\tkind\nwarlord\tXYZ\tperson\n", encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        load_kb((str(tmp_path),))
    assert info.value.code == "E009" and "XYZ" in info.value.message


def test_a_surname_whose_bearers_all_serve_one_country_gives_that_country():
    kb = load_kb()
    assert kb.surname_countries["bush"] == "USA"  # two presidents, one country
    assert all(name not in kb.surname_countries for name in kb.common_names)
