"""The founding example (acceptance 2 of the foundation issue): it must always pass."""

import datetime as dt

import pytest

from dotterel.evaluate import gold_from_dict, score
from dotterel.records import Article, Modality


@pytest.fixture(scope="module")
def coded(coder, seed_gold):
    article = Article(
        text=seed_gold["text"], id=seed_gold["id"], title=seed_gold["title"], publisher=seed_gold["publisher"],
        published=dt.date.fromisoformat(seed_gold["published"]),
    )
    return coder.code(article)


@pytest.fixture(scope="module")
def report(coded, seed_gold):
    gold = gold_from_dict(seed_gold, path="gallant-austin.gold.json", line=1)
    return score([gold], {gold.id: coded}, ignore_location=True).to_dict()


def test_all_must_events_are_found(report):
    assert report["events"]["must"] == 10
    assert report["events"]["found"] == 10, report["misses"]


def test_the_conditional_attack_is_not_asserted(coded, report):
    assert report["events"]["hypothetical_leaks"] == 0
    iran_attacks = [e for e in coded.events if e.type == "ASSAULT" and any(a.country == "IRN" for a in e.actors)]
    assert iran_attacks, "the conditional Iranian attack should still be coded, as conditional"
    assert all(e.modality is Modality.CONDITIONAL for e in iran_attacks)


def test_quotes_and_their_speakers(coded, report):
    assert report["quotes"]["must"] == 3 and report["quotes"]["found"] == 3
    first = next(q for q in coded.quotes if q.text.startswith("These ground operations"))
    assert first.speaker is not None and "Gallant" in first.speaker.name


def test_the_evacuation_count(coded):
    counts = {c.number: c for c in coded.counts}
    assert 63500 in counts
    assert counts[63500].about == "evacuated" and counts[63500].qualifier == "at least"


def test_metadata_from_the_text_and_not_the_caption(coder, seed_gold):
    # given nothing but the text, the headline, byline and caption are read right
    bare = coder.code(Article(text=seed_gold["text"]))
    assert bare.article.title == seed_gold["title"]
    assert bare.article.publisher == seed_gold["publisher"]
    assert bare.article.published is None  # never the caption's Dec. 18, 2023
    roles = {b.role for b in bare.blocks}
    assert {"caption", "headline", "byline", "boilerplate"} <= roles
    share = seed_gold["not"]["body_contains"]
    start = seed_gold["text"].index(share)
    assert not any(e.trigger.start >= start for e in bare.events)


def test_the_caption_meeting_is_dated_by_the_caption(coded):
    caption = [e for e in coded.events if e.source == "caption"]
    assert caption and caption[0].type == "CONSULT"
    assert caption[0].date is not None and caption[0].date.iso() == "2023-12-18"


def test_every_span_points_at_its_words(coded):
    text = coded.article.text
    for event in coded.events:
        assert event.trigger.of(text) == event.trigger_text
        for actor in event.actors + event.recipients:
            assert actor.span.of(text) == actor.text
        if event.date is not None and event.date.span is not None:
            assert event.date.span.of(text) == event.date.text
    for quote in coded.quotes:
        assert quote.span.of(text) == quote.text


def test_people_keep_their_roles(coded):
    call = next(e for e in coded.events if e.cameo == "041")
    names = {a.name: a for a in call.actors + call.recipients}
    assert names["Yoav Gallant"].country == "ISR" and set(names["Yoav Gallant"].sectors) >= {"GOV", "MIL"}
    assert names["Lloyd Austin"].country == "USA"
