"""HTML pages: the article body (trafilatura, then a boilerplate filter) and metadata.

:func:`extract_page` is the one extraction used everywhere: by the HTML reader, for
feed items' linked pages, for WARC records and fetched URLs, and by the extraction
benchmark (``bench/extraction.py``).

Metadata priority: what the user gives (applied later, by ingestion) > what the
page's markup states (JSON-LD, OpenGraph and meta tags, ``<time>``; see
:mod:`dotterel.ingest._metadata`) > what trafilatura finds in the page (bylines, site
name) > what the text says (a dateline). A photo caption's date is never used.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterator
from copy import deepcopy
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import trafilatura
from trafilatura.settings import Document

from dotterel.ingest._boilerplate import byline_authors, filter_boilerplate
from dotterel.ingest._dates import date_from_text
from dotterel.ingest._metadata import language_code, page_metadata
from dotterel.ingest._registry import Item, ReadContext, ReaderSpec
from dotterel.ingest._sources import Source, binary_reason, failed, read_capped, skipped
from dotterel.records import Article, Outcome

__all__ = ["Page", "extract_page", "page_article", "read_html", "HTML_READER", "looks_like_html"]

#: trafilatura options: favour precision (it loses most where it keeps boilerplate),
#: no comments, no images, links or formatting; tables kept (they carry results).
_OPTIONS: dict[str, Any] = {
    "include_comments": False,
    "include_tables": True,
    "include_images": False,
    "include_links": False,
    "include_formatting": False,
    "deduplicate": False,
}
_DATE_PARAMS = {"extensive_search": False, "original_date": True}
#: When the precise extraction keeps under this share of the balanced one's words,
#: precision mode has thrown the article away: use the balanced extraction.
_FALLBACK_SHARE = 0.25
#: ... provided the balanced one found an article's worth of words at all.
_FALLBACK_MIN_WORDS = 30
_WORD = re.compile(r"\w+")
#: A page whose body has fewer words than this holds no article (a menu, a login form).
MIN_ARTICLE_WORDS = 10


@dataclass(frozen=True, slots=True)
class Page:
    """What was extracted from one HTML page."""

    text: str
    title: str | None = None
    authors: tuple[str, ...] = ()
    publisher: str | None = None
    published: _dt.date | None = None
    #: "json-ld", "meta", "time", "url" or "text".
    published_from: str | None = None
    url: str | None = None
    language: str | None = None


def _words(text: str | None) -> int:
    return len(_WORD.findall(text or ""))


def _extract(tree: Any, *, url: str | None, precise: bool, with_metadata: bool) -> Document | None:
    try:
        result = trafilatura.bare_extraction(
            deepcopy(tree),
            url=url,
            favor_precision=precise,
            with_metadata=with_metadata,
            date_extraction_params=_DATE_PARAMS,
            **_OPTIONS,
        )
    except (ValueError, TypeError, AttributeError, IndexError, RecursionError):
        return None
    return result if isinstance(result, Document) else None


def _authors(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    return tuple(dict.fromkeys(a.strip() for a in value.split(";") if a.strip()))


def _site_name(document: Document | None, url: str | None) -> str | None:
    """trafilatura's site name, unless it is only the host name (which says nothing)."""
    name = (document.sitename or "").strip() if document is not None else ""
    if not name:
        return None
    hosts = {(document.hostname or "").lower()} if document is not None else set()
    if url:
        parts = urlsplit(url)
        hosts |= {parts.netloc.lower(), (parts.hostname or "").lower()}
    bare = name.lower().removeprefix("www.")
    if bare in {h.removeprefix("www.") for h in hosts if h} or re.fullmatch(
        r"[\w.-]+\.[a-z]{2,}(:\d+)?|[\d.]+(:\d+)?", bare
    ):
        return None
    return name


def extract_page(html: str | bytes, *, url: str | None = None) -> Page:
    """The article text and metadata of one HTML page (``Page.text`` is empty when none).

    The body is trafilatura's precise extraction (its balanced one when precision
    mode keeps almost nothing), less boilerplate lines; paragraphs are separated by
    a blank line.
    """
    try:
        tree = trafilatura.load_html(html)
    except (ValueError, TypeError):
        tree = None
    if tree is None:
        return Page(text="")
    meta = page_metadata(tree, url=url)
    precise = _extract(tree, url=url, precise=True, with_metadata=True)
    balanced = _extract(tree, url=url, precise=False, with_metadata=False)
    raw = (precise.text if precise else None) or ""
    balanced_words = _words(balanced.text) if balanced is not None else 0
    if (
        balanced is not None
        and balanced_words >= _FALLBACK_MIN_WORDS
        and _words(raw) < _FALLBACK_SHARE * balanced_words
    ):
        raw = balanced.text or ""
    title = meta.title or (precise.title if precise else None)
    lines = filter_boilerplate(raw.splitlines(), title=title)
    text = "\n\n".join(line.strip() for line in lines if line.strip())

    published, published_from = meta.published, meta.published_from
    if published is None:
        published = date_from_text(raw)
        published_from = "text" if published is not None else None
    authors = meta.authors or _authors(precise.author if precise else None) or byline_authors(raw.splitlines())
    publisher = meta.publisher or _site_name(precise, url)
    page_url = meta.url or (precise.url if precise else None) or url
    language = meta.language or language_code(precise.language if precise else None)
    return Page(
        text=text,
        title=title,
        authors=authors,
        publisher=publisher,
        published=published,
        published_from=published_from,
        url=page_url,
        language=language,
    )


def page_article(page: Page, *, origin: str, url: str | None = None, **fallbacks: Any) -> Article | Outcome:
    """An article from a page (``fallbacks`` fill what the page does not state).

    A skipped outcome when the page holds no article text.
    """
    words = _words(page.text)
    if words == 0:
        return skipped(origin, "empty: no article text found in the page")
    if words < MIN_ARTICLE_WORDS:
        return skipped(origin, f"no article: only {words} word{'' if words == 1 else 's'} of text in the page")
    values: dict[str, Any] = {
        "title": page.title,
        "publisher": page.publisher,
        "url": page.url or url,
        "published": page.published,
        "language": page.language,
        "authors": page.authors,
    }
    for key, value in fallbacks.items():
        if not values.get(key) and value:
            values[key] = value
    return Article(text=page.text, origin=origin, **values)


def looks_like_html(head: bytes) -> bool:
    start = head[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html")):
        return True
    if start.startswith(b"<?xml") and b"<html" in start:
        return True
    return start.startswith(b"<") and any(tag in start for tag in (b"<html", b"<head", b"<body", b"<article"))


def read_html(source: Source, ctx: ReadContext) -> Iterator[Item]:
    """One article from an HTML page (a file, or a fetched body)."""
    data = read_capped(source, ctx.options.max_bytes)
    if not data.strip():
        yield skipped(source.name, "empty: no text")
        return
    reason = binary_reason(data[:8192])
    if reason:
        yield failed(source.name, reason)
        return
    yield page_article(extract_page(data, url=source.url), origin=source.name, url=source.url)


HTML_READER = ReaderSpec(
    name="html",
    read=read_html,
    suffixes=("html", "htm", "xhtml", "shtml", "php", "asp", "aspx", "jsp"),
    content_types=("text/html", "application/xhtml+xml"),
    sniff=looks_like_html,
    priority=30,
    description="HTML pages: article body and metadata (trafilatura)",
)
