"""The places stage: finding place words, never organisations or people, and each event's location."""

import datetime as dt

import pytest

from dotterel.pipeline import DEFAULT_STAGES, STAGES
from dotterel.pipeline._places import find_dateline
from dotterel.pipeline._stages import check_stages
from dotterel.records import Article


def _places(reader, text):
    return {m.text: m for m in reader.read(text).mentions}


def test_the_stage_runs_after_events_and_assigns_places():
    assert DEFAULT_STAGES.index("places") == DEFAULT_STAGES.index("events") + 1
    stage = STAGES["places"]
    assert stage.requires == {"parse", "actors", "events", "blocks"} and stage.assigns == {"places"}
    check_stages(DEFAULT_STAGES)


@pytest.mark.parametrize(
    "text",
    [
        "Paris Hilton arrived at the premiere on Monday.",
        "Georgia Tech beat Clemson on Saturday.",
        "The Washington Post reported that Hamas rejected the proposal.",
        "Defense Minister Yoav Gallant met Lloyd Austin at the Pentagon.",
        "Photo Credit: Chad McNeeley / US Department of Defense",
    ],
)
def test_organisations_and_people_are_never_places(reader, text):
    assert not reader.read(text).mentions


def test_a_place_inside_a_longer_name_is_not_a_place(reader):
    found = reader.read("Real Madrid fans celebrated in Madrid.").mentions
    assert [m.span.start for m in found] == [len("Real Madrid fans celebrated in ")]


def test_towns_the_model_takes_for_people_are_places_where_places_stand(reader):
    places = _places(reader, "M23 rebels captured Goma, the largest city in eastern Congo.")
    assert places["Goma"].place.country == "COD"
    places = _places(reader, "Residents of Taiz have lived under siege for years.")
    assert places["Taiz"].place.country == "YEM"


def test_words_around_a_name(reader):
    places = _places(reader, "Ukrainian troops crossed into Russia's Kursk region after shelling in northern Gaza.")
    assert places["Kursk region"].place.precision == "adm1" and places["Kursk region"].place.country == "RUS"
    assert places["northern Gaza"].place.precision == "region"
    places = _places(reader, "A tornado damaged homes in Paris, Texas, and Lebanon, Pennsylvania.")
    assert places["Paris, Texas"].place.adm1 == "US-TX"
    assert places["Lebanon, Pennsylvania"].place.adm1 == "US-PA"
    places = _places(reader, "Clashes erupted near the Syrian border town of Azaz.")
    assert places["Azaz"].place.country == "SYR" and places["Azaz"].qualifier == "Syria"


def test_demonyms_with_territory_and_capital(reader):
    places = _places(reader, "Israeli forces entered Lebanese territory as jets struck the Syrian capital.")
    assert places["Lebanese territory"].place.country == "LBN" and places["Lebanese territory"].locative
    assert places["Syrian capital"].place.name == "Damascus"


def test_a_dateline_is_a_place(reader):
    places = reader.read("ANKARA (Reuters) – Turkish jets struck Kurdish militant targets, the ministry said.")
    assert places.dateline is not None and places.dateline.place.name == "Ankara"
    text = "N’DJAMENA (Example Gazette) — France handed over its last base."
    span = find_dateline(text)
    assert span is not None and text[span.start:span.end] == "N’DJAMENA"
    assert find_dateline("BREAKING - news of the day") is None


def test_context_resolves_a_namesake(reader):
    places = _places(reader, "Hurricane Helene brought flooding to Savannah and Augusta.\n\n"
                             "Georgia's governor declared a state of emergency.")
    assert places["Georgia"].place.country == "USA"
    places = _places(reader, "Tbilisi has seen weeks of mass protests.\n\nGeorgia's ruling party won the election.")
    assert places["Georgia"].place.country == "GEO"


def _code(coder, text, **kw):
    return coder.code(Article(text=text, published=dt.date(2024, 10, 1), **kw))


def test_event_locations_come_from_the_event_then_sentence_then_dateline_then_focus(coder):
    coded = _code(coder, "KYIV (Reuters) — Russian forces shelled Kharkiv overnight, the mayor said.\n\n"
                         "Ukraine accused Russia of war crimes after the strike on a market in Odesa.\n\n"
                         "Ukraine also accused Russia of lying.")
    located = [(e.trigger_text, e.location.name, e.location.source) for e in coded.events]
    assert ("shelled", "Kharkiv", "event") in located
    assert ("accused", "Odesa", "sentence") in located
    assert ("accused", "Kyiv", "dateline") in located


def test_a_place_another_event_of_the_sentence_claims_is_not_the_sentence_place(coder):
    coded = _code(coder, "KYIV (Reuters) — President Zelensky met Chancellor Scholz, "
                         "and German officials pledged air defence in Berlin.")
    located = {e.trigger_text: (e.location.name, e.location.source) for e in coded.events}
    assert located["pledged"] == ("Berlin", "event")
    assert located["met"] == ("Kyiv", "dateline")


def test_a_country_tied_to_an_event_is_made_finer_by_a_place_inside_it(coder):
    coded = _code(coder, "Russia launched 68 drones at Ukraine overnight, killing at least four people "
                         "in the northeastern city of Kharkiv, officials said.")
    launched = next(e for e in coded.events if "launch" in e.trigger_text)
    assert launched.location.name == "Kharkiv"


def test_without_any_place_the_focus_country(coder):
    coded = _code(coder, "Iran accused Israel of sabotage. Israel denied it. Iran threatened Israel with revenge.")
    assert coded.events
    assert all(e.location.source == "focus" and e.location.precision == "country" for e in coded.events)
