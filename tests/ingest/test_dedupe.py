"""Duplicates: exact copies, syndicated and re-stamped copies, and stories that only share an event."""

from __future__ import annotations

import pytest

from dotterel.ingest import Deduplicator
from dotterel.records import Article


def article(fixtures, name):
    return Article(text=(fixtures / "text" / name).read_text(), origin=name)


def test_exact_copies_are_linked_to_the_first(fixtures):
    dedupe = Deduplicator()
    first = article(fixtures, "wire-original.txt")
    assert dedupe.check(first) is None
    copy = Article(text="  " + first.text.upper().replace("\n\n", "\n"), id="other-id")  # same normalised text
    duplicate = dedupe.check(copy)
    assert duplicate is not None and duplicate.kind == "exact" and duplicate.of == first.id
    assert duplicate.reason == f"exact duplicate: same text as {first.id}"


@pytest.mark.parametrize("name", ["wire-syndicated.txt", "wire-restamped.txt"])
def test_a_syndicated_or_restamped_copy_is_a_near_duplicate(fixtures, name):
    dedupe = Deduplicator()
    first = article(fixtures, "wire-original.txt")
    dedupe.check(first)
    duplicate = dedupe.check(article(fixtures, name))
    assert duplicate is not None and duplicate.kind == "near" and duplicate.of == first.id
    assert 0.7 <= duplicate.similarity < 1.0
    assert duplicate.reason.startswith("near duplicate: ")


def test_another_story_about_the_same_event_is_not_a_duplicate(fixtures):
    dedupe = Deduplicator()
    dedupe.check(article(fixtures, "wire-original.txt"))
    assert dedupe.check(article(fixtures, "other-story.txt")) is None


def test_copies_link_to_the_first_copy_not_to_each_other(fixtures):
    dedupe = Deduplicator()
    first = article(fixtures, "wire-original.txt")
    dedupe.check(first)
    assert dedupe.check(article(fixtures, "wire-syndicated.txt")).of == first.id
    assert dedupe.check(article(fixtures, "wire-restamped.txt")).of == first.id


def test_near_duplicates_can_be_turned_off(fixtures):
    dedupe = Deduplicator(near=False)
    dedupe.check(article(fixtures, "wire-original.txt"))
    assert dedupe.check(article(fixtures, "wire-syndicated.txt")) is None


def test_short_texts_are_only_compared_exactly():
    dedupe = Deduplicator()
    assert dedupe.check(Article(text="Talks resumed on Monday.")) is None
    assert dedupe.check(Article(text="Talks resumed on Tuesday.")) is None


def test_a_stricter_threshold(fixtures):
    dedupe = Deduplicator(threshold=0.95)
    dedupe.check(article(fixtures, "wire-original.txt"))
    assert dedupe.check(article(fixtures, "wire-syndicated.txt")) is None


def test_the_threshold_is_checked():
    with pytest.raises(ValueError):
        Deduplicator(threshold=0)


def test_near_copies_are_looked_for_in_a_window(fixtures):
    dedupe = Deduplicator(window=1)
    first = article(fixtures, "wire-original.txt")
    dedupe.check(first)
    dedupe.check(article(fixtures, "other-story.txt"))  # pushes the wire story out of the window
    assert dedupe.check(article(fixtures, "wire-syndicated.txt")) is None
    assert dedupe.check(first.with_(id="again")).kind == "exact"  # exact copies: the whole run
