"""WARC archives: HTML responses become articles with FILE@OFFSET origins; damage is reported."""

from __future__ import annotations

import io

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from dotterel.ingest import READERS, ReadOptions, Source, read
from dotterel.records import Article


def http_record(writer, url, body, *, status="200 OK", content_type="text/html; charset=utf-8"):
    headers = StatusAndHeaders(
        status, [("Content-Type", content_type), ("Content-Length", str(len(body)))], protocol="HTTP/1.1"
    )
    record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
    writer.write_record(record)


@pytest.fixture
def archive(sample_pages):
    def make(*, gzip: bool) -> bytes:
        return _archive(sample_pages, gzip=gzip)

    return make


def _archive(pages, *, gzip: bool) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    writer.write_record(writer.create_warcinfo_record("test.warc", {"software": "dotterel tests"}))
    http_record(writer, "https://paper.example/2024/05/06/dock-strike", pages["strike"])
    http_record(writer, "https://paper.example/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64), content_type="image/png")
    http_record(writer, "https://paper.example/gone", b"<html><body>Not here</body></html>", status="404 Not Found")
    http_record(writer, "https://paper.example/vote", pages["vote"])
    return buffer.getvalue()


@pytest.mark.parametrize("gzip", [True, False])
def test_html_responses_become_articles(tmp_path, gzip, archive):
    path = tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc")
    path.write_bytes(archive(gzip=gzip))
    items = list(read([path]))
    statuses = [getattr(i, "status", "article") for i in items]
    assert statuses == ["article", "skipped", "skipped", "article"]
    first = items[0]
    assert isinstance(first, Article)
    assert first.text.startswith("Dock workers in the northern port")
    assert first.url == "https://paper.example/2024/05/06/dock-strike"
    assert first.published.isoformat() == "2024-05-06"  # from the URL: the page has no date
    offsets = [int(i.origin.rsplit("@", 1)[1]) for i in items]
    assert offsets[0] > 0 and offsets == sorted(offsets)  # after the warcinfo record
    assert items[1].reason == "not HTML: image/png"
    assert items[2].reason == "not a page: HTTP 404"
    assert all(i.origin.startswith(str(path) + "@") for i in items)


def test_the_offset_points_at_the_record(tmp_path, archive):
    from warcio.archiveiterator import ArchiveIterator

    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(archive(gzip=True))
    last = list(read([path]))[-1]
    offset = int(last.origin.rsplit("@", 1)[1])
    with open(path, "rb") as handle:
        handle.seek(offset)
        record = next(iter(ArchiveIterator(handle)))
        assert record.rec_headers.get_header("WARC-Target-URI") == "https://paper.example/vote"


@pytest.mark.parametrize("gzip", [True, False])
def test_a_truncated_archive_keeps_what_came_before(tmp_path, gzip, archive):
    data = archive(gzip=gzip)
    path = tmp_path / ("cut.warc.gz" if gzip else "cut.warc")
    path.write_bytes(data[: len(data) - 200])
    items = list(read([path]))
    assert isinstance(items[0], Article)
    assert items[-1].status == "failed"
    assert items[-1].reason.startswith(("truncated WARC", "corrupt WARC"))


def test_not_a_warc(tmp_path):
    path = tmp_path / "fake.warc"
    path.write_text("This is not an archive at all.\n")
    (outcome,) = read([path])
    assert outcome.status == "failed" and outcome.reason.startswith("not a WARC file")


def test_a_warc_with_no_responses_is_skipped(tmp_path):
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    writer.write_record(writer.create_warcinfo_record("empty.warc", {"software": "dotterel tests"}))
    path = tmp_path / "empty.warc.gz"
    path.write_bytes(buffer.getvalue())
    (outcome,) = read([path])
    assert outcome.status == "skipped" and outcome.reason == "empty: no response records"


def test_an_oversized_record_fails_alone(tmp_path, archive):
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(archive(gzip=True))
    items = list(read([path], options=ReadOptions(max_bytes=200)))
    assert items[0].status == "failed" and items[0].reason == "too large: over the limit of 200 bytes"
    assert items[-1].status == "failed"


def test_warc_is_recognised_without_its_suffix(tmp_path, archive):
    path = tmp_path / "download.bin"
    path.write_bytes(archive(gzip=True))
    assert READERS.choose(Source.from_path(path)).name == "warc"
