import datetime as dt

import pytest

from dotterel.pipeline._dates import find_dates

TUESDAY = dt.date(2024, 10, 1)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("on Dec. 18, 2023.", "2023-12-18"),
        ("on October 7, 2023,", "2023-10-07"),
        ("on 18 December 2023", "2023-12-18"),
        ("overnight Monday into Tuesday", "2024-09-30..2024-10-01"),
        ("on Tuesday", "2024-10-01"),
        ("on Sunday", "2024-09-29"),
        ("last weekend", "2024-09-28..2024-09-29"),
        ("yesterday", "2024-09-30"),
        ("two days ago", "2024-09-29"),
        ("last week", "2024-09-23..2024-09-29"),
        ("next week", "2024-10-07..2024-10-13"),
        ("in May 2023", "2023-05-01..2023-05-31"),
        ("in 2019", "2019-01-01..2019-12-31"),
    ],
)
def test_resolution_against_publication_date(text, expected):
    found = find_dates(text, anchor=TUESDAY)
    assert len(found) == 1
    assert found[0].date.iso() == expected
    assert found[0].span.of(text).lower() in text.lower()


def test_next_day_follows_the_previous_date_in_the_text():
    text = "Hamas attacked on October 7, 2023, joined the next day by Hezbollah."
    found = find_dates(text, anchor=TUESDAY)
    assert [m.date.iso() for m in found] == ["2023-10-07", "2023-10-08"]


def test_style_compounds_and_bare_may_are_not_dates():
    assert find_dates("October 7-style attacks", anchor=TUESDAY) == []
    assert find_dates("Iran may attack", anchor=TUESDAY) == []


def test_relative_dates_need_an_anchor():
    found = find_dates("on Tuesday and on Dec. 18, 2023", anchor=None)
    assert found[0].date.start is None and found[0].date.precision == "unknown"
    assert found[1].date.iso() == "2023-12-18"


def test_a_day_after_counts_back_from_the_date_before_it():
    text = "Ruto withdrew the bill on Wednesday, a day after protesters stormed parliament."
    found = find_dates(text, anchor=dt.date(2024, 6, 27))
    assert [m.date.iso() for m in found] == ["2024-06-26", "2024-06-25"]


def test_month_without_year_is_the_latest_such_month():
    found = find_dates("The prime minister resigned in January.", anchor=dt.date(2025, 3, 15))
    assert found[0].date.iso() == "2025-01-01..2025-01-31"
    found = find_dates("They signed a pact in July.", anchor=dt.date(2024, 3, 1))
    assert found[0].date.iso() == "2023-07-01..2023-07-31"


def test_overnight_follows_the_story_day():
    text = "Protests on Tuesday turned violent. The army deployed overnight."
    found = find_dates(text, anchor=dt.date(2024, 6, 27))
    assert found[-1].date.iso() == "2024-06-25..2024-06-26"
    found = find_dates("Raids were launched overnight.", anchor=dt.date(2024, 10, 1))
    assert found[0].date.iso() == "2024-09-30..2024-10-01"
