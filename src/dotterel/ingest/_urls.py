"""URLs and URL lists: fetch each page (see :mod:`dotterel.ingest._fetch`) and read it.

A fetched body is read by the reader its media type or first bytes call for (an
HTML page, a feed, plain text, ...). A URL list is a text file with one URL a line
(recognised by its ``.urls`` suffix, or by its lines: the first and most of them
are URLs); empty lines and lines starting with ``#`` are ignored.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from dotterel.ingest._registry import Item, ReadContext, ReaderSpec
from dotterel.ingest._sources import Source, decode_text, failed, read_capped, skipped

__all__ = ["read_url", "read_url_list", "URL_READER", "URLS_READER", "is_url", "url_source"]

_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
#: Readers a fetched body may not be read with (no fetching of fetched lists).
_NOT_FOR_BODIES = ("url", "urls")


def is_url(value: str) -> bool:
    return bool(_URL.match(value.strip()))


def url_source(url: str) -> Source:
    return Source(name=url, url=url)


def read_url(source: Source, ctx: ReadContext) -> Iterator[Item]:
    """The documents at one URL."""
    url = source.url or source.name
    fetched = ctx.fetcher.fetch(url)
    body = Source.from_bytes(fetched.body, name=source.name, url=fetched.url, content_type=fetched.content_type)
    if not fetched.body.strip():
        yield skipped(source.name, "empty: the response has no body")
        return
    spec = ctx.registry.choose(body, forced=ctx.options.reader if ctx.options.reader not in _NOT_FOR_BODIES else None)
    if spec.name in _NOT_FOR_BODIES:
        spec = ctx.registry.get_reader("text")
    yield from ctx.read(body, reader=spec.name)


def read_url_list(source: Source, ctx: ReadContext) -> Iterator[Item]:
    """The documents at each URL of a list (one URL a line)."""
    text = decode_text(read_capped(source, ctx.options.max_bytes), encoding=ctx.options.encoding)
    found = False
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        found = True
        if not is_url(line):
            yield failed(f"{source.name}:{number}", f"not a URL: {line[:100]}")
            continue
        yield from ctx.read(url_source(line), reader="url")
    if not found:
        yield skipped(source.name, "empty: no URLs")


def _looks_like_url_list(head: bytes) -> bool:
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        text = head.decode("utf-8", "ignore")
    lines = [line.strip() for line in text.splitlines()[:50] if line.strip() and not line.lstrip().startswith("#")]
    if len(head) >= 8192 and lines:
        lines = lines[:-1]  # the last line may be cut
    if not lines or not is_url(lines[0]):
        return False
    return sum(1 for line in lines if is_url(line)) >= 0.8 * len(lines)


URL_READER = ReaderSpec(
    name="url",
    read=read_url,
    description="a web address: fetched, then read as what it serves (HTML, feed, text)",
)

URLS_READER = ReaderSpec(
    name="urls",
    read=read_url_list,
    suffixes=("urls",),
    content_types=("text/uri-list",),
    sniff=_looks_like_url_list,
    priority=60,
    description="a list of URLs, one a line: each page is fetched and read",
)
