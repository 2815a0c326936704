"""Queries: filters, units, sorting, paging, one event with its evidence, stats."""

from __future__ import annotations

import datetime as dt
from typing import Iterator

import pytest

from dotterel.store import EventFilter, Happening, Store, StoredEvent, StoreError, open_store
from dotterel.store.testing import make_coded

ISR = {"name": "Israel", "country": "ISR", "kind": "country"}
IDF = {"name": "Israel Defense Forces", "text": "Israeli forces", "country": "ISR", "sectors": ["MIL"], "aliases": ["IDF"]}
HEZBOLLAH = {"name": "Hezbollah", "country": "LBN", "sectors": ["REB"]}
TUESDAY = {"value": "2024-10-01", "text": "Tuesday"}

A1 = make_coded(
    "Israeli forces struck Hezbollah targets in southern Lebanon on Tuesday. "
    "Defense Minister Yoav Gallant spoke with Lloyd Austin by phone on Tuesday. "
    "Iran would attack Israel if provoked.",
    published="2024-10-01",
    publisher="Reuters",
    url="https://reuters.example/1",
    title="Israel enters Lebanon",
    events=[
        {"type": "ASSAULT", "trigger": "struck", "actor": IDF, "recipient": HEZBOLLAH, "date": TUESDAY, "location": "southern Lebanon"},
        {
            "type": "CONSULT",
            "trigger": "spoke with",
            "actor": {"name": "Yoav Gallant", "country": "ISR", "sectors": ["GOV"], "kind": "person"},
            "recipient": {"name": "Lloyd Austin", "country": "USA", "sectors": ["GOV"], "kind": "person"},
            "date": TUESDAY,
        },
        {
            "type": "ASSAULT",
            "trigger": "would attack",
            "actor": {"name": "Iran", "country": "IRN", "kind": "country"},
            "recipient": {**ISR, "text": "Israel"},
            "modality": "hypothetical",
            "modality_cue": "if provoked",
        },
    ],
)
A2 = make_coded(
    "Israel struck Lebanon on Tuesday.",
    published="2024-10-01",
    publisher="AP",
    events=[
        {
            "type": "ASSAULT",
            "trigger": "struck",
            "actor": ISR,
            "recipient": {"name": "Lebanon", "country": "LBN", "kind": "country"},
            "date": TUESDAY,
            "location": "Lebanon",
        }
    ],
)
A3 = make_coded(
    "Russia attacked Kharkiv on Thursday.",
    published="2024-10-03",
    publisher="BBC",
    events=[
        {
            "type": "ASSAULT",
            "trigger": "attacked",
            "actor": {"name": "Russia", "country": "RUS", "kind": "country"},
            "recipient": {"name": "Ukraine", "text": "Kharkiv", "country": "UKR", "kind": "country"},
            "date": {"value": "2024-10-03", "text": "Thursday"},
            "location": "Kharkiv",
        }
    ],
)
A4 = make_coded(
    "Egypt accused Israel of blocking aid.",
    published="2024-09-20",
    publisher="BBC",
    events=[
        {
            "type": "ACCUSE",
            "trigger": "accused",
            "actor": {"name": "Egypt", "country": "EGY", "kind": "country"},
            "recipient": ISR,
            "date": {"value": "2024-09-20", "precision": "published"},
        }
    ],
)


@pytest.fixture(scope="module")
def store() -> Iterator[Store]:
    with open_store(":memory:") as s:
        s.write([A1, A2, A3, A4])
        yield s


def _ids(rows: list) -> set[str]:
    return {r.id for r in rows}


def eid(article, n: int) -> str:  # type: ignore[no-untyped-def]
    return f"{article.article.id}:e{n}"


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        ({}, {eid(A1, 1), eid(A1, 2), eid(A1, 3), eid(A2, 1), eid(A3, 1), eid(A4, 1)}),
        ({"types": ("ASSAULT",)}, {eid(A1, 1), eid(A1, 3), eid(A2, 1), eid(A3, 1)}),
        ({"types": ("assault", "accuse")}, {eid(A1, 1), eid(A1, 3), eid(A2, 1), eid(A3, 1), eid(A4, 1)}),
        ({"actor": "ISR"}, {eid(A1, 1), eid(A1, 2), eid(A2, 1)}),
        ({"actor": "idf"}, {eid(A1, 1)}),
        ({"actor": "Israel Defense Forces"}, {eid(A1, 1)}),
        ({"actor": "Gallant"}, {eid(A1, 2)}),
        ({"actor": "ISRMIL"}, {eid(A1, 1)}),
        ({"actor": "US"}, set()),  # no match inside RUSSIA
        ({"recipient": "LBN"}, {eid(A1, 1), eid(A2, 1)}),
        ({"recipient": "hezbollah"}, {eid(A1, 1)}),
        ({"party": "ISR"}, {eid(A1, 1), eid(A1, 2), eid(A1, 3), eid(A2, 1), eid(A4, 1)}),
        ({"since": dt.date(2024, 10, 1), "until": dt.date(2024, 10, 1)}, {eid(A1, 1), eid(A1, 2), eid(A1, 3), eid(A2, 1)}),
        ({"since": dt.date(2024, 10, 2)}, {eid(A3, 1)}),
        ({"until": dt.date(2024, 9, 30)}, {eid(A4, 1)}),
        ({"modality": ("hypothetical",)}, {eid(A1, 3)}),
        ({"text": "KHARKIV"}, {eid(A3, 1)}),
        ({"text": "hezbollah  targets"}, {eid(A1, 1)}),
        ({"text": "enters lebanon"}, {eid(A1, 1), eid(A1, 2), eid(A1, 3)}),  # the title
        ({"article_id": A2.article.id}, {eid(A2, 1)}),
        ({"types": ("ASSAULT",), "actor": "ISR", "recipient": "LBN"}, {eid(A1, 1), eid(A2, 1)}),
    ],
)
def test_mention_filters(store: Store, criteria: dict, expected: set[str]) -> None:
    rows = store.events(EventFilter(**criteria))
    assert all(isinstance(r, StoredEvent) for r in rows)
    assert _ids(rows) == expected


def test_happenings_merge_the_two_reports_of_the_incursion(store: Store) -> None:
    happenings = store.events(unit="happenings", sort="-mentions")
    assert all(isinstance(h, Happening) for h in happenings)
    assert len(happenings) == 4  # 5 asserted events, two of them one happening
    top = happenings[0]
    assert (top.type, top.num_mentions, top.num_sources, top.num_articles) == ("ASSAULT", 2, 2, 2)
    assert (top.first_report, top.last_report) == (dt.date(2024, 10, 1), dt.date(2024, 10, 1))
    assert top.event_date == dt.date(2024, 10, 1)
    assert set(top.recipients) == {"HEZBOLLAH(LBN)", "LBN"}
    assert [h.id for h in store.events(unit="happenings", actor="idf")] == [top.id]
    assert [h.id for h in store.events(unit="happenings", recipient="LBN", types=("ASSAULT",))] == [top.id]
    assert store.events(unit="happenings", modality=("hypothetical",)) == []
    assert len(store.events(unit="happenings", since=dt.date(2024, 10, 2))) == 1


def test_sort_limit_offset(store: Store) -> None:
    every = [r.id for r in store.events(sort="id")]
    assert every == sorted(every)
    assert [r.id for r in store.events(sort="id", limit=2, offset=1)] == every[1:3]
    dates = [r.event_date for r in store.events(sort="-date")]
    assert dates == sorted(dates, reverse=True)
    assert [r.event.intensity for r in store.events(sort="intensity")] == sorted(r.event.intensity for r in store.events())
    assert len(store.events(unit="happenings", limit=1, offset=3)) == 1


def test_an_event_comes_back_whole_with_its_article(store: Store) -> None:
    (row,) = store.events(article_id=A1.article.id, types=("CONSULT",))
    assert row.event == A1.events[1]
    assert (row.publisher, row.url, row.title, row.published) == ("Reuters", "https://reuters.example/1", "Israel enters Lebanon", dt.date(2024, 10, 1))
    assert row.sentence_text == "Defense Minister Yoav Gallant spoke with Lloyd Austin by phone on Tuesday."


def test_event_detail_of_a_happening_and_of_an_event(store: Store) -> None:
    top = store.events(unit="happenings", sort="-mentions", limit=1)[0]
    detail = store.event(top.id)
    assert detail.happening == top and detail.focus is None
    assert {m.id for m in detail.mentions} == {eid(A1, 1), eid(A2, 1)}
    joined = [m for m in detail.mentions if m.merge_status == "joined"]
    assert len(joined) == 1
    reasons = joined[0].merge_reasons or ""
    assert reasons.startswith("same type ASSAULT; actors ")
    assert "recipients LBN~HEZBOLLAH(LBN)" in reasons
    assert "dates overlap 2024-10-01" in reasons and "'Lebanon' ~ 'southern Lebanon'" in reasons
    assert store.event(f"h{top.id}") == detail
    by_event = store.event(eid(A2, 1))
    assert by_event.focus == eid(A2, 1) and by_event.happening == top
    alone = store.event(eid(A1, 3))
    assert alone.happening is None and [m.merge_status for m in alone.mentions] == ["unasserted"]
    assert alone.mentions[0].event.modality.value == "hypothetical"
    for missing in ("999", "a-nothing:e1"):
        with pytest.raises(StoreError) as err:
            store.event(missing)
        assert err.value.code == "E216"


def test_marks_place_the_evidence_in_the_sentence(store: Store) -> None:
    (row,) = store.events(article_id=A1.article.id, types=("ASSAULT",), modality=("asserted",))
    sentence = row.sentence_text or ""
    assert {sentence[s.start : s.end]: role for s, role in row.marks()} == {
        "Israeli forces": "actor",
        "struck": "trigger",
        "Hezbollah": "recipient",
        "southern Lebanon": "place",
        "Tuesday": "date",
    }
    (hypo,) = store.events(modality=("hypothetical",))
    assert ("if provoked", "modality") in [((hypo.sentence_text or "")[s.start : s.end], r) for s, r in hypo.marks()]


def test_stats(store: Store) -> None:
    stats = store.stats()
    assert (stats.articles, stats.events, stats.happenings, stats.selected) == (4, 6, 4, 6)
    assert dict(stats.by_type) == {"ASSAULT": 4, "CONSULT": 1, "ACCUSE": 1}
    assert stats.by_dyad[0] == ("ISR", "LBN", 2)
    assert dict(stats.by_modality) == {"asserted": 5, "hypothetical": 1}
    assert dict(stats.by_day)[dt.date(2024, 10, 1)] == 4
    happenings = store.stats(unit="happenings", types=("ASSAULT",))
    assert happenings.selected == 2 and dict(happenings.by_type) == {"ASSAULT": 2}
    assert store.stats(actor="RUS").by_dyad == (("RUS", "UKR", 1),)
    assert stats.to_dict()["by_type"]["ASSAULT"] == 4


def test_frames(store: Store) -> None:
    frame = store.events_frame(types=("ASSAULT",))
    assert len(frame) == 4
    assert {"event_id", "type", "cameo", "actors", "recipients", "sentence_text", "happening_id"} <= set(frame.columns)
    assert frame.loc[frame.event_id == eid(A1, 1), "actors"].iloc[0][0]["name"] == "Israel Defense Forces"
    happenings = store.events_frame(unit="happenings")
    assert len(happenings) == 4 and happenings.num_mentions.max() == 2


@pytest.mark.parametrize(
    ("criteria", "code"),
    [
        ({"types": ("BOMB",)}, "E210"),
        ({"modality": ("maybe",)}, "E211"),
        ({"unit": "events"}, "E212"),
        ({"sort": "-mentions"}, "E213"),
        ({"since": dt.date(2024, 2, 1), "until": dt.date(2024, 1, 1)}, "E214"),
        ({"limit": -1}, "E215"),
    ],
)
def test_bad_filters_give_coded_errors(criteria: dict, code: str) -> None:
    with pytest.raises(StoreError) as err:
        EventFilter(**criteria)
    assert err.value.code == code
    assert err.value.message.startswith(f"[{code}] ")
