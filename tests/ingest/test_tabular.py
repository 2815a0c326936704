"""JSON Lines and CSV: field mappings, and a bad line or row never stops the file."""

from __future__ import annotations

import datetime as dt
import gzip
import shutil

from dotterel.ingest import FieldMap, ReadOptions, read
from dotterel.records import Article, Outcome


def items_of(path, **options):
    return list(read([path], options=ReadOptions(**options)))


def summary(items):
    return [(i.origin.rsplit(":", 1)[-1], i.status if isinstance(i, Outcome) else "article") for i in items]


def test_jsonl_lines_become_articles_and_bad_lines_outcomes(fixtures):
    path = fixtures / "tabular" / "articles.jsonl"
    items = items_of(path)
    assert summary(items) == [
        ("1", "article"),
        ("2", "article"),
        ("3", "failed"),
        ("4", "failed"),
        ("5", "failed"),
        ("7", "skipped"),
        ("8", "article"),
    ]
    first = items[0]
    assert first.id == "story-1" and first.title == "Harbour talks resume"
    assert first.published == dt.date(2024, 3, 5)
    assert first.url == "https://coastal-herald.example/1" and first.publisher == "The Coastal Herald"
    assert first.authors == ("Maria Camilleri",)
    assert first.origin == f"{path}:1"
    assert items[1].published == dt.date(2023, 11, 20)
    assert items[2].reason == "invalid JSON: Unterminated string starting at (column 51)"
    assert items[3].reason == "invalid JSON: the line is a list, not an object"
    assert items[4].reason.startswith("missing text field: none of the usual names (fields: id, title, published)")
    assert items[5].reason == "empty: no text"


def test_jsonl_field_mapping_with_dotted_paths(fixtures):
    fields = FieldMap(text="body", date="meta.pubdate", title="headline", url="link", publisher="meta.outlet", id="doc")
    (article,) = items_of(fixtures / "tabular" / "custom.jsonl", fields=fields)
    assert isinstance(article, Article)
    assert article.id == "n-1" and article.title == "Border crossing reopens"
    assert article.publisher == "Wire Service" and article.url == "https://wire.example/border"
    assert article.published == dt.date(2024, 9, 4)  # 09/04/2024, month first as dateutil reads it


def test_jsonl_explicit_text_field_missing(fixtures):
    (outcome,) = items_of(fixtures / "tabular" / "custom.jsonl", fields=FieldMap(text="content"))
    assert outcome.status == "failed" and outcome.reason == "missing text field: 'content'"


def test_jsonl_with_invalid_utf8_and_overlong_lines(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(
        b'{"text": "Good line one about the talks."}\n'
        b'{"text": "caf\xe9"}\n'
        b'{"text": "' + b"x" * 5000 + b'"}\n'
        b'{"text": "Good line four about the strike."}'  # no final newline
    )
    items = items_of(path, max_bytes=1000)
    assert summary(items) == [("1", "article"), ("2", "failed"), ("3", "failed"), ("4", "article")]
    assert items[1].reason == "invalid UTF-8: byte 0xe9 at column 14"
    assert items[2].reason == "too large: the line is over the limit of 1,000 bytes"


def test_a_truncated_gzip_jsonl_keeps_what_came_before(tmp_path, fixtures):
    data = gzip.compress((fixtures / "tabular" / "articles.jsonl").read_bytes() * 20)
    path = tmp_path / "big.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    items = items_of(path)
    assert isinstance(items[0], Article)
    assert items[-1].status == "failed" and items[-1].reason.startswith("truncated gzip")


def test_an_empty_jsonl_file_is_skipped(tmp_path):
    path = tmp_path / "empty.jsonl"
    path.write_text("\n\n")
    (outcome,) = items_of(path)
    assert outcome.status == "skipped" and outcome.reason == "empty: no lines"


def test_csv_rows_with_a_mapping(fixtures):
    fields = FieldMap(text="body", date="pubdate", title="headline", publisher="source", url="link", id="story_id")
    path = fixtures / "tabular" / "articles.csv"
    items = items_of(path, fields=fields)
    assert summary(items) == [("2", "article"), ("3", "article"), ("5", "failed"), ("6", "skipped")]
    first, second = items[0], items[1]
    assert first.id == "c-1" and first.publisher == "The Coastal Herald" and first.published == dt.date(2024, 3, 5)
    assert second.published == dt.date(2023, 11, 20)
    assert second.text.endswith("four thousand members had joined.")  # a quoted field over two lines
    assert items[2].reason == "missing text field: 'body' (the row has 2 columns)"
    assert items[2].origin == f"{path}:5"


def test_csv_usual_names_and_tsv(fixtures):
    (article,) = items_of(fixtures / "tabular" / "articles.tsv")
    assert article.id == "t-1" and article.title == "Flood barriers raised"
    assert article.published == dt.date(2022, 2, 18)


def test_csv_without_the_text_column_fails_once(tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("story_id,words\n1,The talks resumed.\n2,The strike ended.\n")
    (outcome,) = items_of(path)
    assert outcome.status == "failed"
    assert outcome.reason.startswith("missing text field: none of the usual names is a column (columns: story_id")
    assert outcome.reason.endswith("give --text-field")


def test_csv_row_with_invalid_utf8_fails_alone(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(b"text\nGood row about the talks.\ncaf\xe9 row\nLater row about the strike.\n")
    items = items_of(path)
    assert summary(items) == [("2", "article"), ("3", "failed"), ("4", "article")]
    assert items[1].reason == "invalid UTF-8: byte 0xe9 at column 4"


def test_csv_gzip(tmp_path, fixtures):
    path = tmp_path / "rows.tsv.gz"
    with open(fixtures / "tabular" / "articles.tsv", "rb") as src, gzip.open(path, "wb") as dst:
        shutil.copyfileobj(src, dst)
    (article,) = items_of(path)
    assert article.id == "t-1"


def test_a_json_array_file(tmp_path):
    path = tmp_path / "export.json"
    path.write_text('[{"body": "The talks resumed on Monday in the capital.", "headline": "Talks"}, 7, {"body": ""}]')
    items = items_of(path)
    assert [getattr(i, "status", "article") for i in items] == ["article", "failed", "skipped"]
    assert items[0].title == "Talks" and items[0].origin == f"{path}#1"
    assert items[1].reason == "invalid JSON: record 2 is a int, not an object"


def test_a_broken_json_array_file(tmp_path):
    path = tmp_path / "export.json"
    path.write_text('[{"body": "x"},\n {"body": ')
    (outcome,) = items_of(path)
    assert outcome.status == "failed" and outcome.reason.startswith("invalid JSON: Expecting value (line 2")


def test_a_pretty_printed_json_object_is_one_document(tmp_path):
    path = tmp_path / "story.json"
    path.write_text('{\n  "title": "Talks",\n  "text": "The talks resumed on Monday in the capital."\n}\n')
    (article,) = items_of(path)
    assert article.title == "Talks" and article.origin == f"{path}#1"
