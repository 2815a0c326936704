"""Publication dates from metadata values, datelines and URLs."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from dotterel.ingest._dates import date_from_text, date_from_url, parse_date

D = dt.date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-10-01", D(2024, 10, 1)),
        ("2024-10-01T01:30:00+03:00", D(2024, 10, 1)),  # the day as written
        ("Tue, 01 Oct 2024 10:00:00 GMT", D(2024, 10, 1)),
        ("Mon, 18 Nov 2019 10:00 EST", D(2019, 11, 18)),
        ("October 1, 2024", D(2024, 10, 1)),
        ("1 October 2024", D(2024, 10, 1)),
        (1727740800, D(2024, 10, 1)),
        ("1727740800000", D(2024, 10, 1)),
        (time.struct_time((2024, 10, 1, 0, 0, 0, 1, 275, 0)), D(2024, 10, 1)),
        (dt.datetime(2024, 10, 1, 23, 0), D(2024, 10, 1)),
        ("yesterday", None),
        ("Oct 1", None),  # no year
        ("0001-01-01", None),
        ("3000-01-01", None),  # in the future
        ("", None),
        (None, None),
        (True, None),
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Published: March 3, 2024\n\nThe council met.", D(2024, 3, 3)),
        ("Updated 3 March 2024 10:00 GMT\n\nText.", D(2024, 3, 3)),
        ("WASHINGTON, March 3, 2024 (Reuters) - The talks began.", D(2024, 3, 3)),
        ("LONDON (AP) — March 3, 2024 — The talks began.", D(2024, 3, 3)),
        ("Dec. 18, 2023 — The talks began.", D(2023, 12, 18)),
        ("Headline\n\nTue, Oct. 1, 2024\n\nBody.", D(2024, 10, 1)),
        ("He said on March 3, 2024 that the talks had begun.", None),  # inside a sentence
        ("A man walks past (AP Photo/Jane Doe) March 3, 2024 - x", None),  # a caption
        ("Minister meets envoy in Tel Aviv on Dec. 18, 2023.Photo Credit: Agency\n\nHeadline\n\nBody.", None),
        ("line\n" * 10 + "March 3, 2024", None),  # too far down
    ],
)
def test_date_from_text(text, expected):
    assert date_from_text(text) == expected


def test_the_seed_articles_caption_date_is_not_its_date():
    text = (
        "US Secretary of Defense Lloyd Austin meets with Israeli Minister of Defense Yoav Gallant in Tel Aviv on "
        "Dec. 18, 2023.Photo Credit: Chad McNeeley / US Department of Defense\n\nGallant, Austin Coordinate Next "
        "Moves in Lebanon\n\nby · The Jewish Press\n\nIsraeli Defense Minister Yoav Gallant and US Defense "
        "Secretary Lloyd Austin were again on the phone overnight Monday into Tuesday."
    )
    assert date_from_text(text) is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://x.example/news/2024/10/01/story.html", D(2024, 10, 1)),
        ("https://x.example/2024-10-01-story", D(2024, 10, 1)),
        ("https://x.example/20241001/story", D(2024, 10, 1)),
        ("https://x.example/a/12345", None),
        ("https://x.example/2024/13/45/x", None),
        (None, None),
    ],
)
def test_date_from_url(url, expected):
    assert date_from_url(url) == expected
