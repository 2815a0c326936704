"""URLs and URL lists: fetched, then read as what they serve."""

from __future__ import annotations

import datetime as dt

from dotterel.ingest import Fetcher, FetchOptions, ReadOptions, read
from dotterel.records import Article


def local_options(**changes) -> ReadOptions:
    return ReadOptions(fetch=FetchOptions(allow_private=True, min_interval=0, timeout=0.5), **changes)


def test_a_url_is_fetched_and_read_as_html(http_server):
    (article,) = read([http_server.url("/articles/1.html")], options=local_options())
    assert isinstance(article, Article)
    assert article.title == "Dock workers strike at northern port"
    assert article.published == dt.date(2024, 5, 6)
    assert article.origin == http_server.url("/articles/1.html")
    assert article.url == http_server.url("/articles/1.html")


def test_a_redirected_url_keeps_its_origin_and_gets_the_final_url(http_server):
    (article,) = read([http_server.url("/redirect/1")], options=local_options())
    assert article.origin == http_server.url("/redirect/1")
    assert article.url == http_server.url("/articles/1.html")


def test_plain_text_bodies_are_read_as_text(http_server):
    (article,) = read([http_server.url("/plain.txt")], options=local_options())
    assert article.text.startswith("Dock workers")


def test_a_url_list_reads_each_url_and_reports_each_failure(http_server, tmp_path):
    path = tmp_path / "todo.txt"
    path.write_text(
        "# today's pages\n"
        f"{http_server.url('/articles/1.html')}\n\n"
        f"{http_server.url('/nowhere.html')}\n"
        f"{http_server.url('/slow')}\n"
        f"{http_server.url('/private/secret.html')}\n"
        f"{http_server.url('/image.png')}\n"
        "not a url at all\n"
        f"{http_server.url('/articles/2.html')}\n"
    )
    items = list(read([path], options=local_options()))
    assert [getattr(i, "status", "article") for i in items] == [
        "article",
        "failed",
        "failed",
        "skipped",
        "failed",
        "failed",
        "article",
    ]
    assert items[1].reason == "HTTP 404: Not Found" and items[1].origin == http_server.url("/nowhere.html")
    assert items[2].reason.startswith("timed out")
    assert items[3].reason == "disallowed by robots.txt"
    assert items[4].reason == "binary file: PNG image"
    assert items[5].reason == "not a URL: not a url at all" and items[5].origin == f"{path}:8"


def test_urls_are_refused_when_private_without_the_option(http_server):
    (outcome,) = read([http_server.url("/articles/1.html")])
    assert outcome.status == "failed"
    assert outcome.reason.startswith("refused: 127.0.0.1 is a loopback address")


def test_an_injected_fetcher_is_used_and_left_open(http_server):
    fetcher = Fetcher(FetchOptions(allow_private=True, min_interval=0))
    try:
        (article,) = read([http_server.url("/gzipped.html")], fetcher=fetcher)
        assert article.text.startswith("Dock workers")
        (again,) = read([http_server.url("/articles/2.html")], fetcher=fetcher)  # still usable
        assert again.text.startswith("The regional parliament")
    finally:
        fetcher.close()
