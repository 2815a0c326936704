"""The report: reason categories, counts, JSON and the text summary."""

from __future__ import annotations

import json

import pytest

from dotterel.ingest._report import Tally, reason_category
from dotterel.records import Article, CodedArticle, Outcome


@pytest.mark.parametrize(
    ("reason", "category"),
    [
        ("invalid UTF-8: byte 0xff at offset 3", "invalid UTF-8"),
        ("language fr", "language fr"),
        ("HTTP 404: Not Found", "HTTP 404"),
        (
            "[E005] The text is empty after clean-up; there is nothing to code.",
            "[E005] The text is empty after clean-up",
        ),
        ("timed out: no complete response within 0.5 s", "timed out"),
        ("version 2.0 is fine", "version 2.0 is fine"),
        (None, "unknown"),
        ("", "unknown"),
    ],
)
def test_reason_category(reason, category):
    assert reason_category(reason) == category


def test_tally_and_report():
    tally = Tally()
    article = Article(text="Some text.", origin="a.txt")
    tally.add(Outcome(status="coded", article=article, coded=CodedArticle(article=article)))
    tally.add(
        Outcome(status="duplicate", article=article, reason="exact duplicate: same text as a-1", duplicate_of="a-1")
    )
    tally.add(Outcome(status="skipped", article=article, reason="language de", stage="language"))
    tally.add(Outcome(status="failed", reason="too large: 52,428,800 bytes", stage="read", origin="big.txt"))
    tally.add(Outcome(status="failed", reason="too large: 60,000,000 bytes", stage="read", origin="bigger.txt"))
    report = tally.report(seconds=1.5)
    assert (report.documents, report.read, report.coded) == (5, 3, 1)
    assert report.failed == {"too large": 2} and report.skipped == {"language de": 1}
    assert [p.origin for p in report.failures] == ["big.txt", "bigger.txt"]
    data = json.loads(report.to_json())
    assert data["documents"] == 5 and data["duplicates"] == {"total": 1, "exact": 1}
    assert data["skips"] == [{"status": "skipped", "origin": "a.txt", "stage": "language", "reason": "language de"}]
    lines = report.summary(max_failures=1)
    assert lines[0] == "Ingested 5 documents in 1.5 s"
    assert "  big.txt: too large: 52,428,800 bytes" in lines
    assert lines[-1] == "  ... and 1 more (see --report-json)"
