"""Plain text files, and every kind of bad file: each becomes one outcome with a reason."""

from __future__ import annotations

import datetime as dt
import gzip

import pytest

from dotterel.ingest import ReadOptions, read
from dotterel.records import Article, Outcome

STORY = "WASHINGTON, March 3, 2024 (Wire) — The two ministers spoke by telephone on Sunday.\n\nThey agreed to meet.\n"


def one(path, **options):
    items = list(read([path], options=ReadOptions(**options)))
    assert len(items) == 1
    return items[0]


def test_a_text_file_is_one_article(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(STORY, encoding="utf-8")
    article = one(path)
    assert isinstance(article, Article)
    assert article.text == STORY
    assert article.origin == str(path)
    assert article.published == dt.date(2024, 3, 3)  # from the dateline


def test_windows_newlines_and_a_bom_are_normalised(tmp_path):
    path = tmp_path / "story.txt"
    path.write_bytes(b"\xef\xbb\xbf" + STORY.replace("\n", "\r\n").encode("utf-8"))
    assert one(path).text == STORY


def test_utf16_with_a_bom_is_text(tmp_path):
    path = tmp_path / "story.txt"
    path.write_bytes(STORY.encode("utf-16"))
    assert one(path).text == STORY


def test_invalid_utf8_fails_with_the_offset(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Caf\u00e9 talks resumed on Monday.".encode("latin-1"))
    outcome = one(path)
    assert isinstance(outcome, Outcome) and outcome.status == "failed"
    assert outcome.reason == "invalid UTF-8: byte 0xe9 at offset 3 (give the right --encoding)"
    assert outcome.origin == str(path) and outcome.stage == "read"


def test_another_encoding_can_be_given(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Caf\u00e9 talks resumed on Monday.".encode("latin-1"))
    assert one(path, encoding="latin-1").text == "Caf\u00e9 talks resumed on Monday."


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "binary file: PNG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "binary file: PDF document"),
        (b"PK\x03\x04" + bytes(50), "binary file: zip archive (or office document)"),
        (b"text\x00with\x00nul bytes", "binary file: it contains NUL bytes"),
        (bytes(range(1, 9)) * 20, "binary file: 100% control characters"),
    ],
)
def test_binary_files_fail(tmp_path, data, reason):
    path = tmp_path / "story.txt"
    path.write_bytes(data)
    outcome = one(path)
    assert outcome.status == "failed" and outcome.reason == reason


@pytest.mark.parametrize("data", [b"", b"  \n\t\n"])
def test_an_empty_file_is_skipped(tmp_path, data):
    path = tmp_path / "empty.txt"
    path.write_bytes(data)
    outcome = one(path)
    assert outcome.status == "skipped" and outcome.reason == "empty: no text"


def test_a_50_mb_file_is_refused_without_being_read(tmp_path, monkeypatch):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:  # a sparse file: 50 MB on paper, nothing on disk
        handle.truncate(50 * 1024 * 1024)
    outcome = one(path)
    assert outcome.status == "failed"
    assert outcome.reason == "too large: 52,428,800 bytes, over the limit of 10,000,000"


def test_the_size_cap_can_be_set(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(STORY)
    assert one(path, max_bytes=20).reason == f"too large: {len(STORY.encode()):,} bytes, over the limit of 20"


def test_a_gzip_text_file_is_read(tmp_path):
    path = tmp_path / "story.txt.gz"
    path.write_bytes(gzip.compress(STORY.encode()))
    assert one(path).text == STORY


def test_a_truncated_gzip_file_fails(tmp_path):
    path = tmp_path / "story.txt.gz"
    path.write_bytes(gzip.compress(STORY.encode() * 50)[:-30])
    outcome = one(path)
    assert outcome.status == "failed"
    assert outcome.reason == "truncated gzip: the compressed file ends early"


def test_a_gzip_bomb_stops_at_the_cap(tmp_path):
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(b"a" * 5_000_000))
    outcome = one(path, max_bytes=100_000)
    assert outcome.reason == "too large: over the limit of 100,000 bytes"


def test_a_missing_file_is_reported(tmp_path):
    (outcome,) = read([tmp_path / "missing.txt"])
    assert outcome.status == "failed" and outcome.reason == "not found: no such file or folder"


def test_an_unreadable_file_is_reported(tmp_path):
    import os

    if os.geteuid() == 0:
        pytest.skip("root reads everything")
    path = tmp_path / "secret.txt"
    path.write_text("x")
    path.chmod(0)
    assert one(path).reason == "cannot read: permission denied"
