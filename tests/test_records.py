import datetime as dt
import json

import pytest

from dotterel.records import (
    Actor, Article, Attribution, CodedArticle, Count, DateRange, Entity, Event, Location, Modality,
    Quote, Span, article_id_for, text_hash,
)


def _coded() -> CodedArticle:
    text = "Israeli forces raided Gaza on Monday, officials said."
    article = Article(text=text, title="T", publisher="P", url="https://example.org/a",
                      published=dt.date(2024, 10, 1), language="en")
    isr = Actor("Israeli forces", Span(0, 14), "Israel", "ISR", ("MIL",), "group")
    pse = Actor("Gaza", Span(22, 26), "Palestine", "PSE", (), "country")
    event = Event(
        id="ev-1", type="ASSAULT", cameo="190", quad_class=4, intensity=-10.0, trigger=Span(15, 21),
        trigger_text="raided", sentence=0, mode=None, contexts=("military",), actors=(isr,), recipients=(pse,),
        date=DateRange(dt.date(2024, 9, 30), dt.date(2024, 9, 30), "day", "on Monday", Span(27, 36)),
        location=Location("Gaza", Span(22, 26)), modality=Modality.ASSERTED,
        attribution=Attribution("officials", Span(38, 47), None, "said"), confidence=0.8,
        sentence_span=Span(0, len(text)),
    )
    return CodedArticle(
        article=article, events=(event,),
        quotes=(Quote("raided Gaza on Monday", Span(15, 36), isr, "said", Span(48, 52)),),
        counts=(Count(3, "killed", Span(0, 1), "3"),),
        entities=(Entity("Gaza", Span(22, 26), "PLACE"),),
        sentences=(Span(0, len(text)),),
    )


def test_json_round_trip_is_lossless():
    coded = _coded()
    again = CodedArticle.from_json(coded.to_json())
    assert again == coded
    data = json.loads(coded.to_json())
    assert data["schema_version"] == "1.0"
    assert data["events"][0]["trigger"] == [15, 21]
    assert data["events"][0]["modality"] == "asserted"


def test_spans_point_into_the_text():
    coded = _coded()
    event = coded.events[0]
    assert event.trigger.of(coded.article.text) == "raided"
    assert event.actors[0].span.of(coded.article.text) == "Israeli forces"


def test_records_are_frozen():
    coded = _coded()
    with pytest.raises(AttributeError):
        coded.events[0].type = "AID"  # type: ignore[misc]


def test_invalid_values_are_refused():
    with pytest.raises(ValueError):
        Span(5, 2)
    with pytest.raises(ValueError):
        Event(id="x", type="WAGE_WAR", cameo="190", quad_class=4, intensity=0.0, trigger=Span(0, 1),
              trigger_text="x", sentence=0)
    with pytest.raises(ValueError):
        CodedArticle.from_dict({"schema_version": "9.0", "article": {"text": "x"}})


def test_article_id_is_stable_and_text_based():
    a = Article(text="Hello   World")
    b = Article(text="hello world\n")
    assert a.id == b.id == article_id_for("hello world")
    assert text_hash("A  b") == text_hash("a b")
