"""The founding example, scored with its locations: every must event found, each in the right place."""

import datetime as dt

import pytest

from dotterel.evaluate import gold_from_dict, haversine_km, score
from dotterel.records import Article

# (words that state the event, gold point, km, the precision the place must have)
PLACES = [
    ("meets", (32.08, 34.78), 30, "city"),  # the caption: Austin meets Gallant in Tel Aviv
    ("raids", (33.27, 35.40), 80, "region"),  # the IDF raids along the border in southern Lebanon
    ("mopping up", (31.45, 34.40), 40, "region"),  # operations against Hamas in Gaza (the Strip)
    ("entered", (33.85, 35.86), 250, "country"),  # Israeli forces entered Lebanese territory
]


@pytest.fixture(scope="module")
def coded(coder, seed_gold):
    article = Article(
        text=seed_gold["text"], id=seed_gold["id"], title=seed_gold["title"], publisher=seed_gold["publisher"],
        published=dt.date.fromisoformat(seed_gold["published"]),
    )
    return coder.code(article)


def test_must_recall_stays_one_with_locations(coded, seed_gold):
    gold = gold_from_dict(seed_gold, path="gallant-austin.gold.json", line=1)
    report = score([gold], {gold.id: coded}, ignore_location=False).to_dict()
    assert report["events"]["found"] == report["events"]["must"] == 10, report["misses"]
    assert report["events"]["precision"] >= 0.95, report["false_positives"]


@pytest.mark.parametrize(("trigger", "point", "km", "precision"), PLACES)
def test_each_gold_location_is_near_and_as_precise_as_the_words(coded, trigger, point, km, precision):
    events = [e for e in coded.events if e.trigger_text == trigger]
    assert events, trigger
    location = events[0].location
    assert location is not None and location.lat is not None, events[0]
    assert haversine_km(location.lat, location.lon, *point) <= km, location
    assert location.precision == precision, location
    assert location.source == "event"
    assert location.span is not None and coded.article.text[location.span.start:location.span.end] == location.text


def test_the_words_of_each_place_are_its_evidence(coded):
    words = {e.trigger_text: e.location.text for e in coded.events if e.location is not None}
    assert words["meets"] == "Tel Aviv"
    assert words["raids"] == "southern Lebanon"
    assert words["entered"] == "Lebanese territory"
    assert words["mopping up"] == "Gaza"


def test_every_event_has_a_resolved_location(coded):
    for event in coded.events:
        assert event.location is not None and event.location.lat is not None, event
        assert event.location.source in ("event", "sentence", "dateline", "focus")
        assert event.location.country is not None


def test_places_inside_a_description_are_not_the_event_place(coded):
    # "support for Israel's right to defend itself against ... the Houthis in Yemen": not in Yemen
    support = next(e for e in coded.events if e.type == "SUPPORT" and "support" in e.trigger_text)
    assert support.location.source != "event" or support.location.country != "YEM"
