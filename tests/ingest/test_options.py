"""Options are checked when made; mistakes are coded errors."""

from __future__ import annotations

import datetime as dt

import pytest

from dotterel.errors import DotterelError
from dotterel.ingest import FieldMap, IngestOptions, ReadOptions, UserMetadata
from dotterel.records import Article


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (lambda: FieldMap(text=" "), "E101"),
        (lambda: ReadOptions(max_bytes=0), "E101"),
        (lambda: ReadOptions(delimiter=";;"), "E101"),
        (lambda: ReadOptions(encoding="no-such-codec"), "E101"),
        (lambda: IngestOptions(near_threshold=1.5), "E101"),
        (lambda: IngestOptions(language="english"), "E101"),
        (lambda: UserMetadata(url="not a url"), "E106"),
        (lambda: UserMetadata(language="English"), "E101"),
    ],
)
def test_bad_options_are_coded_errors(make, code):
    with pytest.raises(DotterelError) as info:
        make()
    assert info.value.code == code
    assert info.value.message.startswith(f"[{code}]")


def test_user_metadata_applies_what_was_given():
    metadata = UserMetadata(published=dt.datetime(2024, 1, 2, 3, 4), language="EN")
    article = metadata.apply(Article(text="x", title="Page title", published=dt.date(2020, 1, 1)))
    assert article.published == dt.date(2024, 1, 2) and article.language == "en" and article.title == "Page title"
    assert UserMetadata().empty and not metadata.empty
