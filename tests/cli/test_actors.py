"""``dotterel actors``: list, show, add, accept and remove the people learned from the text."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dotterel.cli.actors import command
from dotterel.records import Article
from dotterel.store import open_store
from dotterel.store.testing import make_actor, make_coded

TEXT = "Kenyan Interior Minister Wanjiru Kamau visited Kampala on Monday."
INTRO = "Kenyan Interior Minister Wanjiru Kamau"


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(command, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    path = tmp_path / "actors.duckdb"
    coded = make_coded(TEXT, published="2024-05-06", title="Kamau in Kampala")
    person = make_actor("Wanjiru Kamau", text=INTRO, country="KEN", sectors=("GOV",), kind="person",
                        title="Interior Minister", in_text=TEXT)
    with open_store(path) as store:
        store.write([dataclasses.replace(coded, people=(person,))])
    return path


def test_list_as_a_table_and_as_json(db: Path) -> None:
    code, out, err = _run("list", "--db", str(db))
    assert code == 0
    assert "Wanjiru Kamau" in out and "KENGOV" in out and "learned" in out and "1 actor" in err
    code, out, _ = _run("list", "--db", str(db), "--status", "accepted", "--format", "json")
    assert code == 0 and json.loads(out) == []
    code, out, _ = _run("list", "--db", str(db), "--search", "interior", "--format", "json")
    (item,) = json.loads(out)
    assert (item["name"], item["code"], item["status"], item["mentions"]) == ("Wanjiru Kamau", "KENGOV", "learned", 1)


def test_show_prints_the_evidence(db: Path) -> None:
    code, out, _ = _run("show", "Kamau", "--db", str(db))
    assert code == 0
    assert out.startswith("Wanjiru Kamau [KENGOV]: learned (learned from the text)")
    assert "Interior Minister (from 2024-05-06)" in out
    evidence = [line for line in out.splitlines() if "2024-05-06  a-" in line]
    assert len(evidence) == 1 and f"\u201c{INTRO}\u201d" in evidence[0]
    assert "Kamau in Kampala" in out
    code, out, _ = _run("show", "wanjiru kamau", "--db", str(db), "--format", "json")
    data = json.loads(out)
    assert data["evidence"][0]["words"] == INTRO and data["evidence"][0]["seen_on"] == "2024-05-06"


def test_add_accept_and_remove(db: Path) -> None:
    code, out, _ = _run(
        "add", "Hakan Fidan", "--db", str(db), "--country", "tur", "--sectors", "GOV", "--office", "Foreign Minister",
        "--alias", "H. Fidan", "--start", "2023-06-03",
    )
    assert code == 0 and "Added Hakan Fidan [TURGOV], Foreign Minister: accepted." in out
    code, out, _ = _run("accept", "Kamau", "--db", str(db))
    assert code == 0 and out.startswith("Accepted Wanjiru Kamau [KENGOV]")
    code, out, _ = _run("remove", "Hakan Fidan", "--db", str(db))
    assert code == 0 and out.startswith("Removed Hakan Fidan [TURGOV]")
    with open_store(db, read_only=True) as store:
        fidan = store.actor("Fidan")
        assert (fidan.status, fidan.source, fidan.aliases, fidan.start) == ("removed", "user", ("H. Fidan", "Fidan"), dt.date(2023, 6, 3))
        assert [o.name for o in store.learned_offices()] == ["Wanjiru Kamau"]


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("show", "Nobody Known"), "E240"),
        (("remove", "Nobody Known"), "E240"),
        (("add", "X Y", "--country", "KENYA"), "E242"),
        (("add", "X Y", "--country", "KEN", "--sectors", "GOV BOSS"), "E243"),
        (("add", "X Y", "--country", "KEN", "--start", "2024-13-01"), "E007"),
        (("add", "X Y", "--country", "KEN", "--start", "2024-02-01", "--end", "2024-01-01"), "E246"),
    ],
)
def test_errors_are_one_clean_line(db: Path, args: tuple[str, ...], code: str) -> None:
    exit_code, out, err = _run(*args, "--db", str(db))
    assert exit_code == 2 and out == ""
    assert err.startswith(f"Error: [{code}]") and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_a_missing_store_is_a_clean_error(tmp_path: Path) -> None:
    exit_code, _, err = _run("list", "--db", str(tmp_path / "none.duckdb"))
    assert exit_code == 2 and err.startswith("Error: [E201]")


def test_a_person_learned_in_one_run_resolves_in_the_next_until_removed(tmp_path: Path) -> None:
    from dotterel.pipeline import Coder

    db = tmp_path / "news.duckdb"
    first = Coder().code(Article(TEXT, published=dt.date(2024, 5, 6)))
    assert [(p.name, p.country, p.sectors) for p in first.people] == [("Wanjiru Kamau", "KEN", ("GOV",))]
    with open_store(db) as store:
        store.write([first])
        learned = store.learned_offices()
    later = Article("Kamau criticised Tanzania.", published=dt.date(2024, 5, 8))
    coded = Coder(learned=learned).code(later)
    actors = [a for e in coded.events for a in e.actors]
    assert actors and all((a.name, a.country, a.sectors) == ("Wanjiru Kamau", "KEN", ("GOV",)) for a in actors)
    assert {e.type for e in coded.events} == {"ACCUSE"}
    code, out, _ = _run("remove", "Wanjiru Kamau", "--db", str(db))
    assert code == 0, out
    with open_store(db, read_only=True) as store:
        learned = store.learned_offices()
    assert learned == []
    coded = Coder(learned=learned).code(later)
    assert not any(a.name == "Wanjiru Kamau" for e in coded.events for a in (*e.actors, *e.recipients))
