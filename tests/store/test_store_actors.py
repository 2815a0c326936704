"""People learned from the text: recorded on write with their evidence, reviewed, added, removed."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import duckdb
import pytest

from dotterel.actors import Office
from dotterel.records import Actor, CodedArticle
from dotterel.store import LATEST_VERSION, MIGRATIONS, StoreError, open_store
from dotterel.store._migrations import current_version, migrate
from dotterel.store.testing import make_actor, make_coded

KAMAU_INTRO = "Kenyan Interior Minister Wanjiru Kamau"


def _with_people(text: str, people: list[dict], **meta: object) -> CodedArticle:
    coded = make_coded(text, **meta)  # type: ignore[arg-type]
    actors: list[Actor] = []
    for spec in people:
        spec = dict(spec)
        name = spec.pop("name")
        actors.append(make_actor(name, kind="person", in_text=text, **spec))
    return dataclasses.replace(coded, people=tuple(actors))


def _kamau(published: str = "2024-05-06", *, text: str | None = None, words: str = KAMAU_INTRO,
           country: str | None = "KEN", sectors: tuple[str, ...] = ("GOV",), title: str | None = "Interior Minister",
           name: str = "Wanjiru Kamau") -> CodedArticle:
    text = text or f"{words} visited Kampala on {published}."
    return _with_people(
        text,
        [{"name": name, "text": words, "country": country, "sectors": sectors, "title": title}],
        published=published,
        title=f"Kenya on {published}",
    )


FIDAN = _with_people(
    "Turkish Foreign Minister Hakan Fidan met Kenyan Interior Minister Wanjiru Kamau in Ankara.",
    [
        {"name": "Hakan Fidan", "text": "Turkish Foreign Minister Hakan Fidan", "country": "TUR", "sectors": ("GOV",),
         "title": "Foreign Minister"},
        {"name": "Wanjiru Kamau", "text": KAMAU_INTRO, "country": "KEN", "sectors": ("GOV",),
         "title": "Interior Minister"},
    ],
    published="2024-05-10",
)


def test_writing_an_article_learns_the_people_it_introduces() -> None:
    first = _kamau()
    with open_store(":memory:") as store:
        store.write([first])
        (actor,) = store.actors()
        assert (actor.name, actor.country, actor.sectors, actor.office) == ("Wanjiru Kamau", "KEN", ("GOV",), "Interior Minister")
        assert (actor.status, actor.source, actor.mentions) == ("learned", "text", 1)
        assert actor.aliases == ("Kamau",)  # the surname, so "Kamau said" resolves
        assert actor.start == actor.first_seen == actor.last_seen == dt.date(2024, 5, 6) and actor.end is None
        detail = store.actor("Wanjiru Kamau")
        (ev,) = detail.evidence
        assert (ev.article_id, ev.words, ev.seen_on, ev.title) == (first.article.id, KAMAU_INTRO, dt.date(2024, 5, 6), "Kenya on 2024-05-06")
        assert ev.span.of(first.article.text) == KAMAU_INTRO
        assert store.coded_article(first.article.id) == first  # the people come back too
        assert store.counts()["actors"] == 1 and store.counts()["actor_evidence"] == 1


def test_rewriting_adds_nothing_and_a_known_name_gains_evidence() -> None:
    first, later = _kamau(), _kamau("2024-06-01", words="Interior Minister Wanjiru Kamau", country=None, sectors=())
    with open_store(":memory:") as store:
        store.write([first])
        store.write([first, first])
        assert (store.counts()["actors"], store.counts()["actor_evidence"]) == (1, 1)
        store.write([later, first])
        actor = store.actor("wanjiru kamau")
        assert actor.mentions == 2 and [e.seen_on for e in actor.evidence] == [dt.date(2024, 5, 6), dt.date(2024, 6, 1)]
        assert (actor.first_seen, actor.last_seen, actor.start) == (dt.date(2024, 5, 6), dt.date(2024, 6, 1), dt.date(2024, 5, 6))
        assert (actor.country, actor.sectors) == ("KEN", ("GOV",))  # kept from the first article
        assert store.coded_article(later.article.id) == later


def test_one_batch_that_names_a_person_twice_learns_one_person() -> None:
    undated = _kamau("2024-05-06", text=f"{KAMAU_INTRO} spoke.", country=None, sectors=(), title=None)
    undated = dataclasses.replace(undated, article=undated.article.with_(published=None))
    with open_store(":memory:") as store:
        store.write([undated, _kamau("2024-05-08"), FIDAN])
        assert [(a.name, a.mentions) for a in store.actors()] == [("Hakan Fidan", 1), ("Wanjiru Kamau", 3)]
        kamau = store.actor("Kamau")  # an alias finds the person
        # the first (undated) article left the country and office out; later ones fill them
        assert (kamau.country, kamau.sectors, kamau.office) == ("KEN", ("GOV",), "Interior Minister")
        assert kamau.start == dt.date(2024, 5, 8)  # the earliest publication day (the first had none)


def test_remove_accept_and_learned_offices() -> None:
    with open_store(":memory:") as store:
        store.write([_kamau(), FIDAN])
        assert {o.name for o in store.learned_offices()} == {"Wanjiru Kamau", "Hakan Fidan"}
        removed = store.remove_actor("Kamau")
        assert removed.status == "removed" and removed.mentions == 2
        assert [o.name for o in store.learned_offices()] == ["Hakan Fidan"]
        store.write([_kamau("2024-07-01")])  # seen again: still removed, but the evidence is kept
        assert store.actor("Wanjiru Kamau").status == "removed" and store.actor("Wanjiru Kamau").mentions == 3
        assert [a.name for a in store.actors(status="removed")] == ["Wanjiru Kamau"]
        accepted = store.accept_actor("WANJIRU KAMAU")
        assert (accepted.status, accepted.source) == ("accepted", "text")
        offices = store.learned_offices()
        assert offices[0] == Office("Wanjiru Kamau", "KEN", ("GOV",), "Interior Minister", dt.date(2024, 5, 6), None, ("Kamau",))
        assert [o.name for o in offices] == ["Wanjiru Kamau", "Hakan Fidan"]  # accepted first


def test_add_a_person_or_correct_a_learned_one() -> None:
    with open_store(":memory:") as store:
        store.write([_kamau()])
        added = store.add_actor(
            "Hakan  Fidan", country="tur", sectors=("GOV",), office="Foreign Minister", aliases=("H. Fidan",),
            start=dt.date(2023, 6, 3),
        )
        assert (added.name, added.country, added.status, added.source) == ("Hakan Fidan", "TUR", "accepted", "user")
        assert added.aliases == ("H. Fidan", "Fidan") and added.first_seen is None and added.mentions == 0
        corrected = store.add_actor("wanjiru kamau", country="KEN", sectors="GOV MIL", office="Defence Minister")
        assert (corrected.name, corrected.code, corrected.office) == ("wanjiru kamau", "KENGOVMIL", "Defence Minister")
        assert (corrected.status, corrected.source, corrected.mentions) == ("accepted", "user", 1)
        assert store.counts()["actors"] == 2
        assert [a.name for a in store.actors(search="minister")] == ["Hakan Fidan", "wanjiru kamau"]
        assert [a.name for a in store.actors(search="tur")] == ["Hakan Fidan"]
        assert [a.name for a in store.actors(search="h. fid")] == ["Hakan Fidan"]
        assert store.actors(status="learned") == []
        # a later article does not change what a user stated
        store.write([_kamau("2024-08-01")])
        assert store.actor("Kamau").office == "Defence Minister"


def test_learned_offices_on_a_day() -> None:
    with open_store(":memory:") as store:
        store.write([_kamau("2024-05-06")])
        store.add_actor("Old Minister", country="KEN", sectors=("GOV",), start=dt.date(2010, 1, 1), end=dt.date(2012, 12, 31))
        assert [o.name for o in store.learned_offices(on=dt.date(2011, 6, 1))] == ["Old Minister"]
        # a learned person counts from a year before first seen (as the coder does)
        assert [o.name for o in store.learned_offices(on=dt.date(2023, 6, 1))] == ["Wanjiru Kamau"]
        assert store.learned_offices(on=dt.date(2023, 1, 1)) == []


@pytest.mark.parametrize(
    ("call", "code"),
    [
        (lambda s: s.actor("Nobody Known"), "E240"),
        (lambda s: s.remove_actor("Nobody Known"), "E240"),
        (lambda s: s.actor("Smith"), "E241"),
        (lambda s: s.add_actor("X Y", country="KENYA"), "E242"),
        (lambda s: s.add_actor("X Y", country="KEN", sectors=("GOV", "BOSS")), "E243"),
        (lambda s: s.actors(status="maybe"), "E244"),
        (lambda s: s.add_actor("  ", country="KEN"), "E245"),
        (lambda s: s.add_actor("X Y", country="KEN", start=dt.date(2024, 2, 1), end=dt.date(2024, 1, 1)), "E246"),
    ],
)
def test_clear_coded_errors(call, code: str) -> None:  # type: ignore[no-untyped-def]
    with open_store(":memory:") as store:
        store.add_actor("Anna Smith", country="GBR")
        store.add_actor("John Smith", country="USA")
        with pytest.raises(StoreError) as err:
            call(store)
        assert err.value.code == code
        assert code in str(err.value)
        assert store.counts()["actors"] == 2


def test_a_read_only_store_refuses_changes(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    with open_store(db) as store:
        store.write([_kamau()])
    with open_store(db, read_only=True) as store:
        assert [a.name for a in store.actors()] == ["Wanjiru Kamau"]
        for change in (lambda: store.remove_actor("Kamau"), lambda: store.add_actor("X Y", country="KEN")):
            with pytest.raises(StoreError) as err:
                change()
            assert err.value.code == "E204"


def test_a_failed_batch_learns_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    with open_store(":memory:") as store:
        real = store._insert  # type: ignore[attr-defined]

        def failing(table: str, rows, sql=None):  # type: ignore[no-untyped-def]
            if table == "actor_evidence":
                raise RuntimeError("disk full")
            return real(table, rows, sql)

        monkeypatch.setattr(store, "_insert", failing)
        with pytest.raises(RuntimeError):
            store.write([_kamau()])
        monkeypatch.setattr(store, "_insert", real)
        assert store.counts()["actors"] == store.counts()["articles"] == 0
        store.write([_kamau()])  # the whole batch goes in on the next try
        assert store.actor("Kamau").mentions == 1


def test_a_store_of_the_previous_version_upgrades(tmp_path: Path) -> None:
    db = tmp_path / "old.duckdb"
    previous = tuple(m for m in MIGRATIONS if m.version < 3)
    con = duckdb.connect(str(db))
    assert migrate(con, path=str(db), migrations=previous) == 2
    con.execute(
        "INSERT INTO articles (article_id, text_hash, seq, text, source_name, added_at) VALUES (?, ?, ?, ?, ?, ?)",
        ["a-old", "hash-of-old", 1, "An article stored before people were learned.", "example.org", dt.datetime(2024, 1, 1)],
    )
    con.close()
    with pytest.raises(StoreError) as err:  # a reader cannot upgrade it
        open_store(db, read_only=True)
    assert err.value.code == "E205"
    with open_store(db) as store:
        assert store.version == LATEST_VERSION >= 3  # type: ignore[attr-defined]
        assert store.actors() == [] and store.coded_article("a-old").people == ()
        store.write([_kamau()])
        assert store.actor("Kamau").mentions == 1
        assert store.counts()["articles"] == 2
    con = duckdb.connect(str(db), read_only=True)
    assert current_version(con) == LATEST_VERSION
    versions = [v for (v,) in con.execute("SELECT version FROM schema_version ORDER BY version").fetchall()]
    con.close()
    assert versions == [m.version for m in MIGRATIONS]
