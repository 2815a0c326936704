"""``dotterel ingest``: sources in, events on stdout, the report on stderr (a stand-in coder)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from dotterel.cli import ingest as ingest_cli
from dotterel.cli import main
from dotterel.ingest import READERS, LanguageDetector
from dotterel.records import Article, CodedArticle, Event, Outcome, Span

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"
STORY = "Harbour workers staged a protest outside the ministry on Tuesday, demanding that any deal protect their jobs."


class StandInCoder:
    """Codes one PROTEST event per article (the trigger is the article's 6th word)."""

    def code_many(self, articles: Iterable[Article]) -> Iterator[Outcome]:
        for article in articles:
            start = article.text.find("staged")
            span = Span(max(start, 0), max(start, 0) + 6)
            event = Event(
                id=f"{article.id}-1",
                type="PROTEST",
                cameo="140",
                quad_class=3,
                intensity=-6.5,
                trigger=span,
                trigger_text=span.of(article.text),
                sentence=0,
            )
            yield Outcome(status="coded", coded=CodedArticle(article=article, events=(event,)), article=article)


@pytest.fixture(scope="module")
def shared_detector() -> LanguageDetector:
    return LanguageDetector()


@pytest.fixture
def runner(monkeypatch, shared_detector) -> CliRunner:
    monkeypatch.setattr("dotterel.ingest._ingest._default_coder", lambda config: StandInCoder())
    monkeypatch.setattr("dotterel.ingest._ingest.LanguageDetector", lambda: shared_detector)
    return CliRunner()


@pytest.fixture
def folder(tmp_path) -> Path:
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "b.txt").write_bytes(b"caf\xe9 au lait")
    (tmp_path / "c.html").write_bytes((FIXTURES / "pages" / "jsonld.html").read_bytes())
    return tmp_path


def test_help_lists_the_registered_readers():
    assert set(ingest_cli.READER_NAMES) == set(READERS)
    result = CliRunner().invoke(main, ["ingest", "--help"])
    assert result.exit_code == 0
    for name in READERS:
        assert name in result.output
    for option in ("--follow", "--allow-private", "--report-json", "--text-field", "--format", "--no-code"):
        assert option in result.output


def test_jsonl_events_on_stdout_and_the_report_on_stderr(runner, folder):
    result = runner.invoke(main, ["ingest", str(folder), "--format", "jsonl"])
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 2
    restored = CodedArticle.from_dict(records[1])
    assert restored.article.title.startswith("Harbour talks resume")
    assert restored.article.published.isoformat() == "2024-03-05"
    assert restored.events[0].type == "PROTEST"
    assert "Ingested 3 documents" in result.stderr
    assert "coded             2  (2 events)" in result.stderr
    assert f"{folder / 'b.txt'}: invalid UTF-8: byte 0xe9 at offset 3" in result.stderr


def test_json_output_is_one_document(runner, folder):
    result = runner.invoke(main, ["ingest", str(folder / "a.txt"), str(folder / "c.html"), "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert isinstance(data, list) and len(data) == 2


def test_table_output_shows_the_events(runner, folder):
    result = runner.invoke(main, ["ingest", str(folder / "a.txt"), "--format", "table"])
    assert result.exit_code == 0
    assert "PROTEST 140" in result.stdout and "staged" in result.stdout


def test_report_json(runner, folder, tmp_path):
    report = tmp_path / "report.json"
    result = runner.invoke(main, ["ingest", str(folder), "--format", "jsonl", "--report-json", str(report)])
    assert result.exit_code == 0
    data = json.loads(report.read_text())
    assert data["documents"] == 3 and data["coded"] == 2 and data["read"] == 2
    assert data["failed"] == {"total": 1, "by_reason": {"invalid UTF-8": 1}}
    assert data["failures"][0]["origin"] == str(folder / "b.txt") and data["failures"][0]["stage"] == "read"


def test_user_metadata_options_win(runner, folder):
    result = runner.invoke(
        main,
        [
            "ingest",
            str(folder / "c.html"),
            "--format",
            "jsonl",
            "--published",
            "2024-03-07",
            "--publisher",
            "Desk copy",
            "--title",
            "Given title",
            "--url",
            "https://desk.example/1",
        ],
    )
    article = json.loads(result.stdout)["article"]
    assert (article["published"], article["publisher"], article["title"], article["url"]) == (
        "2024-03-07",
        "Desk copy",
        "Given title",
        "https://desk.example/1",
    )


def test_no_code_prints_articles_without_the_pipeline(monkeypatch, shared_detector, folder):
    def no_pipeline(config):
        raise AssertionError("the pipeline must not be loaded")

    monkeypatch.setattr("dotterel.ingest._ingest._default_coder", no_pipeline)
    monkeypatch.setattr("dotterel.ingest._ingest.LanguageDetector", lambda: shared_detector)
    result = CliRunner().invoke(main, ["ingest", str(folder), "--no-code", "--format", "jsonl"])
    assert result.exit_code == 0
    articles = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["origin"].rsplit("/", 1)[-1] for a in articles] == ["a.txt", "c.html"]
    assert "not coded         2  (--no-code)" in result.stderr


def test_standard_input(runner):
    result = runner.invoke(main, ["ingest", "-", "--format", "jsonl"], input=STORY)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["article"]["origin"] == "<stdin>"


def test_exit_status_1_when_nothing_could_be_read(runner, tmp_path):
    (tmp_path / "empty.txt").write_text("")
    result = runner.invoke(main, ["ingest", str(tmp_path / "empty.txt"), str(tmp_path / "missing.txt")])
    assert result.exit_code == 1
    assert "Nothing could be read." in result.stderr
    assert "Traceback" not in result.output


def test_bad_inputs_are_reported_not_raised(runner, tmp_path):
    (tmp_path / "huge.txt").write_text(STORY * 100)
    (tmp_path / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (tmp_path / "lines.jsonl").write_text('{"text": "' + STORY + '"}\n{broken\n')
    (tmp_path / "feed.rss").write_bytes((FIXTURES / "feeds" / "bomb.xml").read_bytes())
    result = runner.invoke(main, ["ingest", str(tmp_path), "--max-bytes", "5k", "--format", "jsonl"])
    assert result.exit_code == 0
    for reason in ("too large", "binary file", "invalid JSON", "unsafe XML"):
        assert reason in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["--reader", "pdf"], "[E100]"),
        (["--published", "yesterday"], "[E007]"),
        (["--url", "nowhere"], "[E106]"),
        (["--timeout", "0"], "[E101]"),
    ],
)
def test_bad_options_are_one_line_coded_errors(runner, folder, args, code):
    result = runner.invoke(main, ["ingest", str(folder), *args])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {code}")
    assert "Traceback" not in result.output


def test_a_report_that_cannot_be_written_is_a_coded_error(runner, folder, tmp_path):
    result = runner.invoke(main, ["ingest", str(folder / "a.txt"), "--report-json", str(tmp_path / "no" / "r.json")])
    assert result.exit_code == 2 and "[E103]" in result.stderr


def test_private_urls_are_refused_without_the_option(runner):
    result = runner.invoke(main, ["ingest", "http://127.0.0.1:9/story.html", "--no-code"])
    assert result.exit_code == 1
    assert "refused: 127.0.0.1 is a loopback address" in result.stderr


@pytest.mark.parametrize(("value", "size"), [("500", 500), ("5k", 5_000), ("10M", 10_000_000), ("1.5MB", 1_500_000)])
def test_parse_size(value, size):
    assert ingest_cli.parse_size(value) == size


def test_with_the_real_pipeline(tmp_path, monkeypatch, shared_detector):
    pipeline = pytest.importorskip("dotterel.pipeline")
    monkeypatch.setattr("dotterel.ingest._ingest.LanguageDetector", lambda: shared_detector)
    (tmp_path / "wire.txt").write_bytes((FIXTURES / "text" / "wire-original.txt").read_bytes())
    result = CliRunner().invoke(main, ["ingest", str(tmp_path), "--format", "jsonl"])
    if result.exit_code == 2 and "[E001]" in result.stderr:  # the spaCy model is not installed
        pytest.skip(result.stderr)
    assert result.exit_code == 0, result.stderr
    coded = CodedArticle.from_dict(json.loads(result.stdout))
    assert coded.article.origin == str(tmp_path / "wire.txt")
    assert pipeline is not None and len(coded.events) >= 1


def test_the_progress_bar_can_be_forced(runner, folder):
    result = runner.invoke(main, ["ingest", str(folder), "--progress", "--format", "jsonl"])
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 2 and "Ingested 3 documents" in result.stderr
