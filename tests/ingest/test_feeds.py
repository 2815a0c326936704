"""RSS and Atom feeds: items, following links, and refusing unsafe or malformed XML."""

from __future__ import annotations

import datetime as dt

from dotterel.ingest import Fetcher, FetchOptions, ReadOptions, read
from dotterel.ingest._feeds import check_xml_safety, html_to_text, looks_like_feed
from dotterel.records import Article


def items_of(path, **options):
    return list(read([path], options=ReadOptions(**options)))


def test_rss_items(fixtures):
    path = fixtures / "feeds" / "rss.xml"
    first, second, third = items_of(path)
    assert isinstance(first, Article)
    assert first.title == "Harbour talks resume as ministers meet in Valletta"
    assert first.url == "https://coastal-herald.example/world/harbour-talks-resume"
    assert first.published == dt.date(2024, 3, 5)  # 23:40 +01:00: the day as written
    assert first.publisher == "The Coastal Herald - World"
    assert first.authors == ("Maria Camilleri",)
    assert first.language == "en"
    assert first.origin == f"{path}#item-1"
    assert first.text.startswith("Fishing ministers from both coasts")
    assert "appeared first" not in first.text and "Photo" not in first.text
    assert "\n\n" in first.text
    assert second.text.startswith("Train drivers walked out") and "<p>" not in second.text
    assert third.status == "skipped" and third.reason.startswith("empty: the item has no text")


def test_atom_entries(fixtures):
    (entry,) = items_of(fixtures / "feeds" / "atom.xml")
    assert entry.title == "Flood barriers raised as river rises"
    assert entry.published == dt.date(2022, 2, 18)
    assert entry.authors == ("Jonas Berg",)
    assert entry.publisher == "Northern Daily Post"


def test_an_old_feed_with_a_doctype_is_read(fixtures):
    (item,) = items_of(fixtures / "feeds" / "rss091.xml")
    assert isinstance(item, Article) and item.title == "Ministers sign water-sharing accord"


def test_a_billion_laughs_bomb_is_refused(fixtures):
    (outcome,) = items_of(fixtures / "feeds" / "bomb.xml")
    assert outcome.status == "failed"
    assert outcome.reason.startswith("unsafe XML: the feed declares entities")


def test_an_external_entity_is_refused(fixtures):
    (outcome,) = items_of(fixtures / "feeds" / "xxe.xml")
    assert outcome.status == "failed" and outcome.reason.startswith("unsafe XML")
    assert "root:" not in outcome.reason


def test_entities_in_malformed_or_utf16_xml_are_refused_too():
    malformed = b'<!DOCTYPE r [<!ENTITY x "y">]><rss><channel><item>&x;</rss>'
    assert check_xml_safety(malformed)[0].startswith("unsafe XML")
    utf16 = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/hosts">]><rss>&x;</rss>'
    assert check_xml_safety(utf16.encode("utf-16"))[0].startswith("unsafe XML")


def test_malformed_feed_xml_fails_with_the_parsers_reason(fixtures):
    outcomes = items_of(fixtures / "feeds" / "malformed.xml")
    assert outcomes[-1].status == "failed"
    assert outcomes[-1].reason.startswith("malformed feed: ")
    assert outcomes[-1].origin == str(fixtures / "feeds" / "malformed.xml")


def test_a_recoverable_feed_gives_its_items_and_a_failure(tmp_path):
    path = tmp_path / "loose.rss"
    path.write_bytes(
        b"<rss version='2.0'><channel><title>Loose</title><item><title>One</title>"
        b"<description>The council met on Monday & agreed the budget.</description></item></channel></rss>"
    )
    items = items_of(path)
    assert isinstance(items[0], Article) and items[0].title == "One"
    assert items[-1].status == "failed" and items[-1].reason.startswith("malformed feed:")
    assert items[-1].reason.endswith("1 items were recovered")


def test_a_feed_with_no_items_is_skipped(tmp_path):
    path = tmp_path / "quiet.rss"
    path.write_text("<rss version='2.0'><channel><title>Quiet</title></channel></rss>")
    (outcome,) = items_of(path)
    assert outcome.status == "skipped" and outcome.reason == "empty: the feed has no items"


def test_html_to_text():
    assert html_to_text("<p>One.</p><p>Two <b>bold</b>.</p><script>x()</script>") == "One.\n\nTwo bold."
    assert html_to_text("plain   words") == "plain words"


def test_looks_like_feed():
    assert looks_like_feed(b'<?xml version="1.0"?>\n<rss version="2.0">')
    assert looks_like_feed(b"<feed xmlns='http://www.w3.org/2005/Atom'>")
    assert not looks_like_feed(b"<html><body><rss>")
    assert not looks_like_feed(b"rss feed")


def test_follow_reads_the_linked_pages(http_server):
    options = ReadOptions(follow=True, fetch=FetchOptions(allow_private=True, min_interval=0))
    with Fetcher(options.fetch) as fetcher:
        first, second, gone = read([http_server.url("/feed.xml")], options=options, fetcher=fetcher)
    assert isinstance(first, Article)
    assert first.title == "Dock workers strike at northern port"  # the page's title wins over the item's
    assert first.published == dt.date(2024, 5, 6)  # and its date
    assert first.publisher == "Local Test Wire"  # the feed fills what the page does not say
    assert first.text.startswith("Dock workers in the northern port walked off the job")
    assert first.origin == http_server.url("/articles/1.html")
    assert second.published == dt.date(2024, 5, 9)  # the page has no date: the item's
    assert gone.status == "failed" and gone.reason == "HTTP 404: Not Found"
    assert gone.origin == http_server.url("/articles/missing.html")


def test_without_follow_a_fetched_feed_gives_its_items(http_server):
    options = ReadOptions(fetch=FetchOptions(allow_private=True, min_interval=0))
    items = list(read([http_server.url("/feed.xml")], options=options))
    assert [getattr(i, "status", "article") for i in items] == ["article", "skipped", "skipped"]
    assert items[0].text == "Feed summary one."
