"""``/api/events/{id}`` and ``/api/articles/{id}``: mentions, evidence words, article spans."""

from __future__ import annotations

import pytest

from tests.api.conftest import Client, assert_error
from tests.api.corpus import CALL, HOSTILE, KHARKIV_STRIKE, STRIKE_1


def test_happening_with_every_mention_and_its_words(client: Client) -> None:
    r = client.get("/api/events/h1")
    assert r.status_code == 200
    body = r.json()
    assert body["happening"]["id"] == 1 and body["happening"]["mentions"] == 3 and body["focus"] is None
    assert len(body["mentions"]) == 3
    first = body["mentions"][0]
    assert first["publisher"] == "Reuters"  # earliest report first
    marks = {m["role"]: m["text"] for m in first["marks"]}
    assert marks == {
        "actor": "Israeli forces",
        "trigger": "struck",
        "recipient": "Hezbollah",
        "place": "Tyre",
        "date": "Tuesday",
        "source": "the army said",
    }
    for m in first["marks"]:
        assert first["sentence_text"][m["start"] : m["end"]] == m["text"]
    fields = {f["field"]: f for f in first["fields"]}
    assert fields["actor"]["text"] == "Israeli forces" and fields["actor"]["label"] == "Israel Defense Forces (ISRMIL)"
    assert fields["trigger"]["label"] == "ASSAULT (190)"
    assert fields["date"]["label"] == "2024-10-01"
    assert fields["place"]["text"] == "Tyre"
    text = STRIKE_1.article.text
    for f in first["fields"]:
        assert text[f["span"][0] : f["span"][1]] == f["text"]
    assert client.get("/api/events/1").json() == body


def test_event_id_focuses_its_mention(client: Client) -> None:
    event_id = f"{KHARKIV_STRIKE.article.id}:e2"
    body = client.get(f"/api/events/{event_id}").json()
    assert body["focus"] == event_id
    (mention,) = body["mentions"]
    assert mention["type"] == "ACCUSE"
    fields = {f["field"]: f for f in mention["fields"]}
    # "Thursday" stands in the first sentence, not in the accusation's
    assert fields["date"]["in_sentence"] is False and fields["date"]["text"] == "Thursday"
    assert fields["actor"]["in_sentence"] is True and fields["actor"]["text"] == "Ukraine"


def test_unasserted_event_has_no_happening(client: Client) -> None:
    item = client.get("/api/events", params={"modality": "hypothetical"}).json()["items"][0]
    body = client.get(f"/api/events/{item['id']}").json()
    assert body["happening"] is None
    (mention,) = body["mentions"]
    assert mention["merge_status"] == "unasserted"
    assert {m["role"]: m["text"] for m in mention["marks"]}["modality"] == "if provoked"


@pytest.mark.parametrize("bad", ["h999", "999", "nope", "a-0:e1", "' OR '1'='1", "h1; DROP TABLE events"])
def test_unknown_events_are_404(client: Client, bad: str) -> None:
    assert_error(client.get(f"/api/events/{bad}"), 404, "E216")


def test_article_text_and_spans(client: Client) -> None:
    r = client.get(f"/api/articles/{CALL.article.id}")
    assert r.status_code == 200
    body = r.json()
    text = body["article"]["text"]
    assert text == CALL.article.text
    assert body["article"]["title"] == "Gallant and Austin talk"
    kinds = {(s["kind"], text[s["start"] : s["end"]]) for s in body["spans"]}
    assert {("actor", "Yoav Gallant"), ("trigger", "spoke with"), ("recipient", "Lloyd Austin"), ("date", "Monday")} <= kinds
    assert ("quote", "We will not stop,") in kinds
    starts = [s["start"] for s in body["spans"]]
    assert starts == sorted(starts)
    (event,) = body["events"]
    assert event["id"] == f"{CALL.article.id}:e1" and event["happening_id"] is not None
    assert all(s["events"] == [event["id"]] for s in body["spans"] if s["kind"] != "quote")
    assert body["quotes"][0]["speaker"] == "Yoav Gallant"
    assert body["sentences"] and body["blocks"][0]["role"] == "body"


def test_article_places_counts_and_entities(client: Client) -> None:
    from tests.api.corpus import STRIKE_3

    body = client.get(f"/api/articles/{STRIKE_3.article.id}").json()
    text = body["article"]["text"]
    kinds = {(s["kind"], text[s["start"] : s["end"]]) for s in body["spans"]}
    assert ("place", "Tyre") in kinds and ("count", "at least 12") in kinds
    assert body["counts"][0]["number"] == 12


def test_hostile_article_comes_back_verbatim(client: Client) -> None:
    body = client.get(f"/api/articles/{HOSTILE.article.id}").json()
    assert body["article"]["text"] == HOSTILE.article.text
    assert body["article"]["url"] == "javascript:__pwned5=1"
    assert body["article"]["title"].startswith("<img")


@pytest.mark.parametrize("bad", ["nope", "' OR 1=1 --", "a-%00", "../../etc/passwd"])
def test_unknown_articles_are_404(client: Client, bad: str) -> None:
    from urllib.parse import quote

    assert_error(client.get(f"/api/articles/{quote(bad, safe='')}"), 404, "E217")


def test_too_long_ids_are_refused(client: Client) -> None:
    assert_error(client.get("/api/events/" + "x" * 600), 400, "E503")
