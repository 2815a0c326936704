"""Loading and validating gold files: JSON Lines, one pretty-printed object, E008."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from dotterel.errors import InputError
from dotterel.evaluate import load_gold, parse_gold, select_gold

EVENT = {"type": "CONSULT", "actor": ["ISR"], "recipient": ["USA"], "date": "2024-09-30..2024-10-01",
         "asserted": True, "must": True, "symmetric": True, "evidence": "on the phone"}
ARTICLE = {
    "id": "seed",
    "published": "2024-10-01",
    "publisher": "The Jewish Press",
    "title": "Gallant, Austin Coordinate",
    "text": "Gallant and Austin were again on the phone.",
    "events": [
        EVENT,
        {"type": "ASSAULT", "types_ok": ["ASSAULT", "COERCE"], "actor": ["ISR"], "recipient": ["LBN", "HEZBOLLAH"],
         "date": "2024-10-01", "location": {"name": "Lebanon", "lat": 33.85, "lon": 35.86, "km": 250}},
        {"type": "ASSAULT", "actor": ["IRN"], "recipient": ["ISR"], "date": None, "asserted": False, "must": True},
    ],
    "quotes": [{"starts": "These ground operations", "speaker": ["Gallant"], "must": True}],
    "counts": [{"number": 63500, "about": "evacuated", "must": True}],
    "entities": [{"text": "Yoav Gallant", "kind": "PERSON"}],
    "not": {"published": "2023-12-18", "body_contains": "Share this article"},
    "coreference": [{"mention": "The American defense secretary", "refers_to": "Lloyd Austin"}],
}


def _line(**changes):
    return json.dumps({**ARTICLE, **changes})


def _error(text: str) -> InputError:
    with pytest.raises(InputError) as info:
        parse_gold(text, path="g.jsonl")
    assert info.value.code == "E008"
    return info.value


def test_pretty_printed_object(tmp_path):
    path = tmp_path / "seed.gold.json"
    path.write_text(json.dumps(ARTICLE, indent=1, ensure_ascii=False), encoding="utf-8")
    (article,) = load_gold(path)
    assert article.id == "seed" and article.line == 1 and article.origin == f"{path}:1"
    assert article.published == dt.date(2024, 10, 1) and article.publisher == "The Jewish Press"
    first, second, trap = article.events
    assert first.symmetric and first.date == (dt.date(2024, 9, 30), dt.date(2024, 10, 1))
    assert first.date_text == "2024-09-30..2024-10-01" and first.evidence == "on the phone"
    assert second.allowed_types == {"ASSAULT", "COERCE"} and second.date_text == "2024-10-01"
    assert second.location is not None and second.location.has_point and second.location.km == 250
    assert not trap.asserted and trap.date is None
    assert article.must_events == (first, second) and article.traps == (trap,)
    assert article.quotes[0].speaker == ("Gallant",) and article.counts[0].number == 63500
    assert article.entities == (("Yoav Gallant", "PERSON"),)


def test_json_lines_skip_blank_lines_and_default_flags():
    minimal = {"id": "b", "text": "x", "events": [{"type": "AGREE", "actor": ["HUN"], "recipient": []}]}
    articles = parse_gold(_line() + "\n\n" + json.dumps(minimal) + "\n", path="g.jsonl")
    assert [a.id for a in articles] == ["seed", "b"] and [a.line for a in articles] == [1, 3]
    event = articles[1].events[0]
    assert event.must and event.asserted and not event.symmetric and event.recipient == ()
    assert articles[1].published is None and articles[1].quotes == ()


@pytest.mark.parametrize(
    ("bad", "words"),
    [
        ("{not json", "not JSON"),
        (_line(events=[{**EVENT, "type": "FIGHT"}]), "events[0].type: 'FIGHT' is not a PLOVER type"),
        (_line(events=[{**EVENT, "types_ok": ["DEMAND"]}]), "events[0].types_ok[0]"),
        (_line(events=[{k: v for k, v in EVENT.items() if k != "recipient"}]), "events[0].recipient: missing"),
        (_line(events=[{**EVENT, "actor": "ISR"}]), "events[0].actor: expected a list of strings"),
        (_line(events=[{**EVENT, "date": "30/09/2024"}]), "events[0].date: '30/09/2024' is not a day"),
        (_line(events=[{**EVENT, "date": "2024-10-02..2024-10-01"}]), "ends before it starts"),
        (_line(events=[{**EVENT, "date": "2024-02-30"}]), "not a real day"),
        (_line(events=[{**EVENT, "must": "yes"}]), "events[0].must: expected true or false"),
        (_line(events=[{**EVENT, "location": {"lat": 32.0, "lon": 34.0}}]), "need 'km'"),
        (_line(events=[{**EVENT, "location": {"lat": 32.0, "km": 5}}]), "both 'lat' and 'lon'"),
        (_line(events=[{**EVENT, "location": {"lat": 132.0, "lon": 34.0, "km": 5}}]), "outside -90..90"),
        (_line(quotes=[{"speaker": ["Gallant"]}]), "quotes[0].starts: missing"),
        (_line(counts=[{"number": "63,500"}]), "counts[0].number: expected a whole number"),
        (_line(id=""), "id: must not be empty"),
        (_line(published="October 1"), "published"),
        (json.dumps({"id": "x", "text": "t"}), "events: missing"),
        ("[1, 2]", "expected a JSON object, got a list"),
    ],
)
def test_bad_second_line_names_line_and_field(bad, words):
    error = _error(_line(id="first") + "\n" + bad + "\n")
    assert "line 2" in error.message and words in error.message, error.message
    assert error.message.startswith("[E008] The gold file g.jsonl is not valid")


def test_duplicate_ids_are_kept_apart():
    articles = parse_gold(_line() + "\n" + _line() + "\n", path="g.jsonl")
    assert [a.id for a in articles] == ["seed", "seed#line2"]


def test_keys_outside_the_format_are_ignored():
    articles = parse_gold(_line(source="wire", events=[{**EVENT, "coder": "ab"}]) + "\n", path="g.jsonl")
    assert articles[0].events[0].type == "CONSULT"


def test_pretty_printed_syntax_error_names_its_line():
    text = json.dumps(ARTICLE, indent=1).replace('"must": true', '"must": tru', 1)
    line = text[: text.index('"must": tru')].count("\n") + 1
    error = _error(text)
    assert f"line {line}:" in error.message


def test_pretty_printed_validation_error_names_the_object_line():
    text = "\n\n" + json.dumps({**ARTICLE, "events": [{**EVENT, "type": "NOPE"}]}, indent=1)
    error = _error(text)
    assert "line 3:" in error.message and "events[0].type" in error.message


def test_top_level_must_be_an_object():
    assert "got a list" in _error("[\n1\n]").message


def test_empty_file():
    assert "holds no articles" in _error("\n  \n").message


def test_unreadable_file(tmp_path):
    with pytest.raises(InputError) as info:
        load_gold(tmp_path / "missing.jsonl")
    assert info.value.code == "E003"


def test_select_gold():
    articles = parse_gold(_line(id="a") + "\n" + _line(id="b") + "\n" + _line(id="c"))
    assert [a.id for a in select_gold(articles, ["c", "a"])] == ["a", "c"]
    assert select_gold(articles, []) == articles
    with pytest.raises(InputError) as info:
        select_gold(articles, ["a", "zz"], path="g.jsonl")
    assert info.value.code == "E300" and "zz" in info.value.message and "'a'" in info.value.message
