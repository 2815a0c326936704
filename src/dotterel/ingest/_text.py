"""Plain text files: one article per file.

The file is measured before it is read (an oversized one is refused unread), checked
for binary content, and decoded strictly (a BOM decides, else ``--encoding``). The
publication date is taken from a dateline at the top of the text, when there is one.
"""

from __future__ import annotations

from collections.abc import Iterator

from dotterel.ingest._dates import date_from_text
from dotterel.ingest._registry import Item, ReadContext, ReaderSpec
from dotterel.ingest._sources import (
    Source,
    binary_reason,
    decode_text,
    failed,
    read_capped,
    skipped,
)
from dotterel.records import Article

__all__ = ["read_text", "TEXT_READER", "normalise_newlines"]


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(source: Source, ctx: ReadContext) -> Iterator[Item]:
    """One article from a plain text file (or fetched ``text/plain`` body)."""
    data = read_capped(source, ctx.options.max_bytes)
    if not data.strip():
        yield skipped(source.name, "empty: no text")
        return
    reason = binary_reason(data[:8192])
    if reason:
        yield failed(source.name, reason)
        return
    text = normalise_newlines(decode_text(data, encoding=ctx.options.encoding))
    if not text.strip():
        yield skipped(source.name, "empty: no text")
        return
    yield Article(text=text, origin=source.name, url=source.url, published=date_from_text(text))


TEXT_READER = ReaderSpec(
    name="text",
    read=read_text,
    suffixes=("txt", "text", "md"),
    content_types=("text/plain", "text/markdown"),
    sniff=None,
    priority=90,
    description="plain text files (UTF-8), one article per file",
)
