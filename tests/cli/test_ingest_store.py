"""`dotterel ingest --db`: the coded articles and the accounting go to the store, once."""

from click.testing import CliRunner

from dotterel.cli import main
from dotterel.store import open_store
from tests.conftest import FIXTURES


def test_ingest_into_the_store_is_idempotent(tmp_path):
    db = tmp_path / "news.duckdb"
    source = FIXTURES / "ingest"
    first = CliRunner().invoke(main, ["ingest", str(source), "--db", str(db), "--no-progress"])
    assert first.exit_code == 0, first.output
    assert first.stdout == ""  # stored, not printed
    with open_store(str(db), read_only=True) as store:
        counts = store.counts()
    assert counts["articles"] > 0 and counts["events"] > 0 and counts["failures"] > 0
    again = CliRunner().invoke(main, ["ingest", str(source), "--db", str(db), "--no-progress"])
    assert again.exit_code == 0, again.output
    assert "0 articles added" in again.stderr
    with open_store(str(db), read_only=True) as store:
        assert store.counts() == counts


def test_ingest_can_store_and_print(tmp_path):
    page = FIXTURES / "ingest"
    result = CliRunner().invoke(
        main, ["ingest", str(page), "--db", str(tmp_path / "s.duckdb"), "--print", "--format", "jsonl", "--no-progress"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().splitlines()
