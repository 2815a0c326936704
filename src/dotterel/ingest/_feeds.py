"""RSS and Atom feeds: one article per item, or (``follow``) per linked page.

Feeds are parsed safely. feedparser uses a SAX parser, so the bytes are first
parsed by defusedxml with entity declarations forbidden: a feed that declares
entities (the "billion laughs" bomb, external entities reading local files or
URLs) is refused unread. A plain ``<!DOCTYPE>`` (old RSS 0.91 feeds have one) is
allowed. A malformed feed is read as far as feedparser can recover it, and the
feed itself is reported as failed with the parser's reason.

Each item gives its title, link, date (as written: the time zone is not applied),
authors, and the feed's title as publisher. Without ``follow`` the text is the
item's content (or summary); with it, the linked page is fetched and read, and the
item's metadata fills what the page does not state.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any
from xml.etree.ElementTree import ParseError

import defusedxml.ElementTree as safe_xml
import feedparser
from defusedxml import DefusedXmlException
from lxml import etree
from lxml import html as lxml_html

from dotterel.ingest._boilerplate import filter_boilerplate
from dotterel.ingest._dates import parse_date
from dotterel.ingest._metadata import language_code
from dotterel.ingest._registry import Item, ReadContext, ReaderSpec
from dotterel.ingest._sources import (
    DocumentError,
    Source,
    binary_reason,
    failed,
    read_capped,
    skipped,
)
from dotterel.ingest._urls import is_url, url_source
from dotterel.records import Article

__all__ = ["read_feed", "FEED_READER", "check_xml_safety", "html_to_text", "looks_like_feed"]

_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)
_BLOCKS = {
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "tr",
    "section",
    "article",
    "pre",
    "hr",
    "table",
    "dd",
    "dt",
}
_DROP = ("script", "style", "figure", "figcaption", "noscript", "iframe", "object", "embed", "svg", "form", "button")


def check_xml_safety(data: bytes) -> tuple[str | None, str | None]:
    """(why ``data`` must not be parsed, why it is not well-formed); ``None`` when fine.

    XML that declares entities is refused, well-formed or not.
    """
    try:
        safe_xml.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        return (
            f"unsafe XML: the feed declares entities ({type(exc).__name__}); refused (an XML bomb or external entity)",
            None,
        )
    except (ParseError, ValueError, SyntaxError) as exc:
        candidates = [data]
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            candidates.append(data.decode("utf-16", "ignore").encode("utf-8"))
        if any(_ENTITY.search(c) for c in candidates):
            return "unsafe XML: the feed declares entities; refused (an XML bomb or external entity)", None
        message = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        return None, message
    return None, None


def html_to_text(fragment: str) -> str:
    """Text of an HTML fragment (a feed item's content), a blank line between blocks."""
    if "<" not in fragment:
        return re.sub(r"[ \t]+", " ", fragment).strip()
    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return re.sub(r"<[^>]+>", " ", fragment).strip()
    for bad in root.iter(*_DROP):
        bad.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCKS:
            element.tail = "\n\n" + (element.tail or "")
    text = root.text_content()
    paragraphs = [re.sub(r"[ \t\u00a0]+", " ", p).strip() for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paragraphs if p)


def _entry_text(entry: Any, title: str | None) -> str:
    best = ""
    for content in entry.get("content") or []:
        value = content.get("value") or ""
        if len(value) > len(best):
            best = value
    if not best:
        best = entry.get("summary") or entry.get("description") or ""
    text = html_to_text(best)
    lines = filter_boilerplate(text.split("\n\n"), title=title)
    return "\n\n".join(line for line in lines if line.strip())


def _entry_authors(entry: Any) -> tuple[str, ...]:
    names = [a.get("name", "") for a in entry.get("authors") or [] if isinstance(a, dict)]
    if not any(names) and entry.get("author"):
        names = [entry.get("author")]
    return tuple(dict.fromkeys(n.strip() for n in names if n and n.strip()))


def _entry_date(entry: Any) -> Any:
    for key in ("published", "updated", "created", "dc_date"):
        day = parse_date(entry.get(key))
        if day is not None:
            return day
    for key in ("published_parsed", "updated_parsed"):
        day = parse_date(entry.get(key))
        if day is not None:
            return day
    return None


def read_feed(source: Source, ctx: ReadContext) -> Iterator[Item]:
    """The items of an RSS or Atom feed (a file or a fetched body)."""
    data = read_capped(source, ctx.options.max_bytes)
    if not data.strip():
        yield skipped(source.name, "empty: no text")
        return
    reason = binary_reason(data[:8192])
    if reason:
        raise DocumentError(reason)
    refusal, malformed = check_xml_safety(data)
    if refusal:
        raise DocumentError(refusal)
    parsed = feedparser.parse(io.BytesIO(data), resolve_relative_uris=True, sanitize_html=True)
    entries = list(parsed.entries)
    if not entries:
        if malformed is not None or parsed.get("bozo"):
            problem = malformed or str(parsed.get("bozo_exception", "not a feed")).splitlines()[0][:200]
            raise DocumentError(f"malformed feed: {problem}")
        yield skipped(source.name, "empty: the feed has no items")
        return
    feed = parsed.get("feed", {})
    publisher = (feed.get("title") or "").strip() or None
    language = language_code(feed.get("language"))
    for index, entry in enumerate(entries, start=1):
        title = (entry.get("title") or "").strip() or None
        link = (entry.get("link") or "").strip() or None
        fallbacks = {
            "title": title,
            "publisher": publisher,
            "published": _entry_date(entry),
            "authors": _entry_authors(entry),
            "language": language,
            "url": link,
        }
        origin = f"{source.name}#item-{index}"
        if ctx.options.follow:
            if not link or not is_url(link):
                yield failed(origin, "no link: the item has no web address to follow")
                continue
            yield from _follow(link, ctx, fallbacks)
            continue
        text = _entry_text(entry, title)
        if not text.strip():
            yield skipped(origin, "empty: the item has no text (give --follow to read the linked page)")
            continue
        yield Article(text=text, origin=origin, **{k: v for k, v in fallbacks.items() if v})
    if malformed is not None:
        yield failed(source.name, f"malformed feed: {malformed}; {len(entries)} items were recovered")


def _follow(link: str, ctx: ReadContext, fallbacks: dict[str, Any]) -> Iterator[Item]:
    """The page an item links to, with the item's metadata filling the gaps."""
    for item in ctx.read(url_source(link), reader="url"):
        if isinstance(item, Article):
            missing = {k: v for k, v in fallbacks.items() if v and not getattr(item, k)}
            yield item.with_(**missing) if missing else item
        else:
            yield item


def looks_like_feed(head: bytes) -> bool:
    start = head[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if start.startswith((b"\xff\xfe", b"\xfe\xff")):
        start = head[:4096].decode("utf-16", "ignore").encode("utf-8")
    lower = start.lower()
    if not lower.startswith(b"<"):
        return False
    if b"<html" in lower[:1024]:
        return False
    return bool(re.search(rb"<(?:rss|rdf:rdf|feed)[\s>]", lower))


FEED_READER = ReaderSpec(
    name="feed",
    read=read_feed,
    suffixes=("rss", "atom", "xml", "rdf"),
    content_types=(
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
    ),
    sniff=looks_like_feed,
    priority=20,
    description="RSS / Atom feeds: the items, or with --follow the linked pages",
)
