"""Versioned migrations: numbered SQL steps applied in order, recorded in schema_version."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from dotterel.store import LATEST_VERSION, MIGRATIONS, Migration, StoreError, open_store
from dotterel.store._migrations import current_version, migrate


def test_a_new_store_is_at_the_latest_version(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    with open_store(db) as store:
        assert store.version == LATEST_VERSION
    with open_store(db) as store:  # reopening applies nothing again
        rows = store._con.execute("SELECT version, description FROM schema_version").fetchall()  # type: ignore[attr-defined]
    assert rows == [(m.version, m.description) for m in MIGRATIONS]


def test_versions_are_numbered_in_order() -> None:
    assert [m.version for m in MIGRATIONS] == list(range(1, len(MIGRATIONS) + 1))


def test_pending_steps_are_applied_in_order_and_a_newer_store_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    open_store(db).close()
    later = MIGRATIONS + (
        Migration(LATEST_VERSION + 1, "add a column", ("ALTER TABLE articles ADD COLUMN section VARCHAR",)),
        Migration(LATEST_VERSION + 2, "fill it", ("UPDATE articles SET section = 'news'",)),
    )
    con = duckdb.connect(str(db))
    assert migrate(con, path=str(db), migrations=later) == LATEST_VERSION + 2
    assert "section" in [r[0] for r in con.execute("DESCRIBE articles").fetchall()]
    con.close()
    with pytest.raises(StoreError) as err:
        open_store(db)
    assert err.value.code == "E202"


def test_a_failing_step_leaves_the_store_at_the_last_whole_step(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    open_store(db).close()
    broken = MIGRATIONS + (
        Migration(LATEST_VERSION + 1, "half done", ("CREATE TABLE extra (x INTEGER)", "SELECT * FROM no_such_table")),
    )
    con = duckdb.connect(str(db))
    with pytest.raises(StoreError) as err:
        migrate(con, path=str(db), migrations=broken)
    assert err.value.code == "E206"
    assert current_version(con) == LATEST_VERSION
    assert con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'extra'").fetchall() == [(0,)]
    con.close()


def test_a_read_only_store_that_needs_migrating_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    open_store(db).close()
    later = MIGRATIONS + (Migration(LATEST_VERSION + 1, "more", ("CREATE TABLE more (x INTEGER)",)),)
    con = duckdb.connect(str(db), read_only=True)
    with pytest.raises(StoreError) as err:
        migrate(con, path=str(db), read_only=True, migrations=later)
    assert err.value.code == "E205"
    con.close()
