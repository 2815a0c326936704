"""HTML pages: body extraction and the metadata priority (markup > text; never a caption)."""

from __future__ import annotations

import datetime as dt

import pytest

from dotterel.ingest import READERS, ReadOptions, Source, extract_page, read
from dotterel.ingest._html import looks_like_html
from dotterel.records import Article, Outcome


def page(fixtures, name):
    return extract_page((fixtures / "pages" / name).read_bytes())


def test_json_ld_gives_date_headline_authors_and_publisher(fixtures):
    result = page(fixtures, "jsonld.html")
    assert result.published == dt.date(2024, 3, 5)  # as written (23:40 +01:00), not moved to UTC
    assert result.published_from == "json-ld"
    assert result.title == "Harbour talks resume as ministers meet in Valletta"
    assert result.authors == ("Maria Camilleri", "Tom Reyes")
    assert result.publisher == "The Coastal Herald"
    assert result.url == "https://coastal-herald.example/world/2024/03/05/harbour-talks-resume"
    assert result.language == "en"


def test_json_ld_page_body_is_the_story_only(fixtures):
    text = page(fixtures, "jsonld.html").text
    assert text.startswith("Fishing ministers from both coasts met in Valletta on Tuesday")
    assert text.rstrip().endswith("presented to both governments.")
    for furniture in (
        "Share this article",
        "Share on Facebook",
        "Photo:",
        "2019",
        "Quota row",
        "All rights reserved",
        "Home",
    ):
        assert furniture not in text
    assert "\n\n" in text  # paragraphs are kept apart


def test_opengraph_and_article_meta(fixtures):
    result = page(fixtures, "opengraph.html")
    assert result.published == dt.date(2023, 11, 20)
    assert result.published_from == "meta"
    assert result.title == "Rail strike halts trains across the north"  # og:title, not "<title> - Site"
    assert result.publisher == "Northern Daily Post"
    assert result.authors == ("Priya Natarajan",)
    assert result.url == "https://northern-post.example/news/rail-strike-halts-trains"
    assert "newsletter" not in result.text
    assert "By Priya Natarajan" not in result.text


def test_the_bylines_time_wins_over_a_captions_and_an_asides(fixtures):
    result = page(fixtures, "time.html")
    assert result.published == dt.date(2022, 2, 18)
    assert result.published_from == "time"
    assert "2013" not in result.text


def test_a_dateline_gives_the_date_when_the_markup_does_not(fixtures):
    result = page(fixtures, "dateline.html")
    assert result.published == dt.date(2024, 4, 9)  # not the caption's January 2, 2020
    assert result.published_from == "text"
    assert result.text.startswith("GENEVA, April 9, 2024 (Wire)")
    assert "Credit:" not in result.text


def test_a_captions_date_is_never_the_publication_date(fixtures):
    result = page(fixtures, "caption-only.html")
    assert result.published is None
    assert result.text.startswith("Dozens of volunteers")


def test_boilerplate_lines_are_removed(fixtures):
    result = page(fixtures, "boilerplate.html")
    assert result.published == dt.date(2021, 8, 30)
    assert result.authors == ("Ana Lucia Ferreira",)  # from the byline line, which leaves the body
    text = result.text
    assert text.startswith("The water ministers of the two upstream provinces signed an accord")
    assert text.rstrip().endswith("before the end of the year.")
    for furniture in (
        "By Ana",
        "Updated 30 August",
        "Share this",
        "Related",
        "Reservoir falls",
        "Farmers protest",
        "Subscribe",
        "Follow us",
        "Reporting by",
        "©",
    ):
        assert furniture not in text


def test_a_date_in_the_url_is_used_last():
    html = (
        b"<html><body><article><p>"
        + b"The council met on Monday to discuss the budget. " * 12
        + b"</p></article></body></html>"
    )
    result = extract_page(html, url="https://paper.example/news/2020/07/01/council-budget.html")
    assert result.published == dt.date(2020, 7, 1)
    assert result.published_from == "url"
    assert result.url == "https://paper.example/news/2020/07/01/council-budget.html"


@pytest.mark.parametrize("html", [b"", b"   ", b"<html></html>", b"\x00\x01\x02", "<p>a</p>"])
def test_nothing_to_extract_gives_an_empty_page(html):
    assert extract_page(html).text == ""


def test_the_reader_yields_an_article_with_origin(fixtures):
    items = list(read([fixtures / "pages" / "jsonld.html"]))
    assert len(items) == 1 and isinstance(items[0], Article)
    article = items[0]
    assert article.origin == str(fixtures / "pages" / "jsonld.html")
    assert article.published == dt.date(2024, 3, 5)
    assert article.title.startswith("Harbour talks")


def test_a_page_without_article_text_is_skipped(tmp_path):
    path = tmp_path / "nav.html"
    path.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    (item,) = read([path])
    assert isinstance(item, Outcome)
    assert item.status == "skipped" and item.reason == "no article: only 1 word of text in the page"


def test_an_html_file_that_is_really_an_image_fails(tmp_path):
    path = tmp_path / "story.html"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    (item,) = read([path])
    assert item.status == "failed" and item.reason == "binary file: PNG image"


def test_html_is_recognised_by_its_first_bytes(tmp_path, fixtures):
    path = tmp_path / "saved-page"  # no suffix
    path.write_bytes((fixtures / "pages" / "time.html").read_bytes())
    assert READERS.choose(Source.from_path(path)).name == "html"
    assert looks_like_html(b"\xef\xbb\xbf  <!doctype html><html>")
    assert not looks_like_html(b"Plain words <b>bold</b>")


def test_user_metadata_wins_over_the_page(fixtures):
    from dotterel.ingest import UserMetadata

    metadata = UserMetadata(
        published=dt.date(2024, 3, 6), title="My title", publisher="My paper", url="https://mine.example/a"
    )
    (article,) = read([fixtures / "pages" / "jsonld.html"], metadata=metadata, options=ReadOptions())
    assert (article.published, article.title, article.publisher, article.url) == (
        dt.date(2024, 3, 6),
        "My title",
        "My paper",
        "https://mine.example/a",
    )
    assert article.authors == ("Maria Camilleri", "Tom Reyes")  # what the user did not give stays
