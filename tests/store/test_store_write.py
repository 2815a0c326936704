"""Writing: idempotent ingest, failures accounting, transactions, round trips."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from dotterel.errors import DotterelError
from dotterel.records import Article, CodedArticle, Outcome
from dotterel.store import DuckDBStore, StoreError, WriteReport, open_store
from dotterel.store.testing import make_coded, synthetic


def _article(text: str = "Israel struck Lebanon on Tuesday.", **kw: object):
    return make_coded(
        text,
        published="2024-10-01",
        publisher="Reuters",
        events=[
            {
                "type": "ASSAULT",
                "trigger": "struck",
                "actor": {"name": "Israel", "country": "ISR", "kind": "country"},
                "recipient": {"name": "Lebanon", "country": "LBN", "kind": "country"},
                "date": {"value": "2024-10-01", "text": "Tuesday"},
            }
        ],
        **kw,  # type: ignore[arg-type]
    )


def test_write_counts_added_then_present() -> None:
    articles = list(synthetic(30, seed=3))
    with open_store(":memory:") as store:
        first = store.write(articles, batch_size=7)
        assert (first.added, first.present, first.events, first.batches) == (30, 0, 90, 5)
        assert first.happenings + first.joined == sum(len(a.asserted_events) for a in articles)
        before = store.counts()
        again = store.write(articles)
        assert (again.added, again.present, again.events, again.happenings) == (0, 30, 0, 0)
        assert store.counts() == before


def test_the_same_text_differently_spaced_or_cased_is_present() -> None:
    with open_store(":memory:") as store:
        store.write([_article()])
        copy = CodedArticle(Article("ISRAEL  struck\nLebanon on Tuesday. ", id="other-id"))
        report = store.write([copy])
        assert (report.added, report.present) == (0, 1)
        assert store.counts()["articles"] == 1


def test_a_duplicate_inside_one_batch_is_stored_once() -> None:
    with open_store(":memory:") as store:
        report = store.write([_article(), _article()])
        assert (report.added, report.present) == (1, 1)


def test_outcomes_that_are_not_coded_go_to_the_failures_table_once() -> None:
    coded = _article()
    outcomes = [
        Outcome("coded", article=coded.article, coded=coded, origin="feed.jsonl:1"),
        Outcome("failed", article=Article("x"), reason="E005 empty text", stage="clean", origin="feed.jsonl:2"),
        Outcome("skipped", reason="not English", stage="language", origin="feed.jsonl:3"),
        Outcome("duplicate", article=Article("y"), duplicate_of="a-123", stage="dedupe", origin="feed.jsonl:4"),
        Outcome("coded", article=Article("z"), origin="feed.jsonl:5"),  # says coded, holds no coding
    ]
    with open_store(":memory:") as store:
        report = store.write(outcomes)
        assert (report.outcomes, report.added, report.failures) == (5, 1, 4)
        failures = sorted(store.table("failures").read_all().to_pylist(), key=lambda r: r["origin"])
        rows = [(r["origin"], r["status"], r["stage"], r["reason"], r["duplicate_of"]) for r in failures]
        assert rows == [
            ("feed.jsonl:2", "failed", "clean", "E005 empty text", None),
            ("feed.jsonl:3", "skipped", "language", "not English", None),
            ("feed.jsonl:4", "duplicate", "dedupe", None, "a-123"),
            ("feed.jsonl:5", "failed", "store", "the outcome says coded but holds no CodedArticle", None),
        ]
        assert store.coded_article(coded.article.id).article.origin == "feed.jsonl:1"
        store.write(outcomes)  # a rerun records nothing twice
        assert store.counts()["failures"] == 4
        assert store.stats().failures_by_status == (("failed", 2), ("duplicate", 1), ("skipped", 1))


def test_an_id_that_holds_another_text_is_refused_and_recorded() -> None:
    with open_store(":memory:") as store:
        store.write([_article(id="doc-1")])
        report = store.write([_article("Israel struck Lebanon again on Tuesday.", id="doc-1")])
        assert (report.added, report.failures) == (0, 1)
        assert store.counts()["articles"] == 1


def test_write_rejects_other_objects() -> None:
    with open_store(":memory:") as store:
        with pytest.raises(StoreError) as err:
            store.write(["text"])  # type: ignore[list-item]
        assert err.value.code == "E218"


def test_a_failing_batch_is_rolled_back_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    articles = list(synthetic(6, seed=4))
    with open_store(":memory:") as store:
        store.write(articles[:2])
        real = DuckDBStore._insert

        def broken(self: DuckDBStore, table: str, rows: list, sql: str | None = None) -> None:
            if table == "counts":
                raise RuntimeError("disk full")
            real(self, table, rows, sql)

        monkeypatch.setattr(DuckDBStore, "_insert", broken)
        with pytest.raises(RuntimeError):
            store.write(articles[2:])
        assert store.counts()["articles"] == 2
        assert store.counts()["events"] == 6
        monkeypatch.setattr(DuckDBStore, "_insert", real)
        assert store.write(articles).added == 4


def test_coded_articles_come_back_equal() -> None:
    articles = list(synthetic(20, seed=5))
    with open_store(":memory:") as store:
        store.write(articles)
        for a in articles:
            assert store.coded_article(a.article.id) == a
        assert store.article_ids() == [a.article.id for a in articles]
        with pytest.raises(StoreError) as err:
            store.coded_article("a-missing")
        assert err.value.code == "E217"


def test_on_batch_reports_each_batch() -> None:
    seen: list[WriteReport] = []
    with open_store(":memory:") as store:
        total = store.write(synthetic(10, seed=6), batch_size=4, on_batch=seen.append)
    assert [r.outcomes for r in seen] == [4, 4, 2]
    assert sum(r.added for r in seen) == total.added == 10


def test_a_file_store_persists_and_opens_read_only(tmp_path: Path) -> None:
    db = tmp_path / "events.duckdb"
    with open_store(db) as store:
        store.write(synthetic(5, seed=7))
    with open_store(db, read_only=True) as store:
        assert store.counts()["articles"] == 5
        with pytest.raises(StoreError) as err:
            store.write([_article()])
        assert err.value.code == "E204"


def test_missing_store_and_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(DotterelError) as err:
        open_store(tmp_path / "none.duckdb", read_only=True)
    assert err.value.code == "E201"
    with pytest.raises(StoreError) as err:
        open_store(tmp_path / "no" / "such" / "dir.duckdb")
    assert err.value.code == "E200"


def test_a_store_in_use_by_another_process_gives_a_coded_error(tmp_path: Path) -> None:
    db = tmp_path / "busy.duckdb"
    open_store(db).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import sys, time
                from dotterel.store import open_store
                store = open_store({str(db)!r})
                print("ready", flush=True)
                sys.stdin.readline()
                """
            ),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreError) as err:
            open_store(db, read_only=True)
        assert err.value.code == "E203"
    finally:
        holder.communicate("\n", timeout=30)


def test_events_of_an_article_keep_distinct_ids_when_the_coder_repeats_one() -> None:
    coded = _article()
    twice = dataclasses.replace(coded, events=coded.events * 2)
    with open_store(":memory:") as store:
        store.write([twice])
        ids = [s.id for s in store.events(sort="id")]
        assert ids == [f"{coded.article.id}:e1", f"{coded.article.id}:e1~1"]
        assert store.coded_article(coded.article.id) == twice
