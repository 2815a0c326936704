"""WARC and WARC.gz web archives (warcio): one article per HTML response record.

Response (and resource) records whose body is HTML are read with
:func:`~dotterel.ingest._html.extract_page`; the WARC-Target-URI is the URL unless
the page names its own. Each document's origin is ``FILE@OFFSET``, the byte offset
of its record. Records of other types (requests, metadata, warcinfo) are not
documents; responses that are not HTML pages, or not 2xx, are skipped with a reason.
A truncated or corrupt archive ends with one failed outcome at the offset where
reading stopped.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from dotterel.ingest._html import extract_page, looks_like_html, page_article
from dotterel.ingest._registry import Item, ReadContext, ReaderSpec
from dotterel.ingest._sources import DocumentError, Source, failed, head_bytes, skipped

__all__ = ["read_warc", "WARC_READER"]

_DOCUMENT_TYPES = ("response", "resource")


def _media_type(record: Any) -> str:
    headers = record.http_headers if record.rec_type == "response" else None
    value = (headers.get_header("Content-Type") if headers is not None else None) or record.rec_headers.get_header(
        "Content-Type"
    )
    return (value or "").split(";", 1)[0].strip().lower()


def _complete(record: Any) -> bool:
    """Whether the whole record was there (``False``: the archive ended inside it)."""
    return getattr(record.raw_stream, "limit", 0) <= 0


def read_warc(source: Source, ctx: ReadContext) -> Iterator[Item]:
    """The HTML pages archived in a WARC file."""
    limit = ctx.options.max_bytes
    head = head_bytes(source, 64)
    if not head.lstrip(b"\r\n").startswith((b"WARC/", b"filedesc://")):
        if not head.strip():
            raise DocumentError("empty: no records", status="skipped")
        raise DocumentError("not a WARC file: it does not start with a WARC record")
    raw = source.open_raw()
    offset = 0
    documents = 0
    try:
        iterator = ArchiveIterator(raw)
        for record in iterator:
            # The content is read first: asking for the offset reads the record to its end.
            result = _record_result(record, limit) if record.rec_type in _DOCUMENT_TYPES else None
            offset = iterator.get_record_offset()
            origin = f"{source.name}@{offset}"
            if not _complete(record):
                yield failed(origin, "truncated WARC: the archive ends inside a record")
                return
            if result is None:
                continue
            documents += 1
            yield result(origin)
    except ArchiveLoadFailed as exc:
        message = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else "unknown format"
        if documents == 0 and offset == 0:
            raise DocumentError(f"not a WARC file: {message}") from None
        yield failed(f"{source.name}@{offset}", f"corrupt WARC: {message}")
        return
    except (EOFError, zlib.error, OSError, ValueError, AttributeError, IndexError) as exc:
        kind = "truncated WARC" if isinstance(exc, EOFError) else "corrupt WARC"
        detail = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
        yield failed(f"{source.name}@{offset}", f"{kind}: {detail}")
        return
    finally:
        raw.close()
    if documents == 0:
        yield skipped(source.name, "empty: no response records")


def _record_result(record: Any, limit: int) -> Callable[[str], Item]:
    """What one response or resource record gives, as a function of its origin."""
    target = record.rec_headers.get_header("WARC-Target-URI")
    if record.rec_type == "response" and record.http_headers is not None:
        code = record.http_headers.get_statuscode() or ""
        if not code.startswith("2"):
            return lambda origin: skipped(origin, f"not a page: HTTP {code or 'status unknown'}")
    media = _media_type(record)
    if media and "html" not in media:
        return lambda origin: skipped(origin, f"not HTML: {media}")
    content = record.content_stream().read(limit + 1)
    if len(content) > limit:
        return lambda origin: failed(origin, f"too large: over the limit of {limit:,} bytes")
    if not media and not looks_like_html(content[:4096]):
        return lambda origin: skipped(origin, "not HTML: no media type")
    if not content.strip():
        return lambda origin: skipped(origin, "empty: no text")
    page = extract_page(content, url=target)
    return lambda origin: page_article(page, origin=origin, url=target)


def _looks_like_warc(head: bytes) -> bool:
    return head.startswith(b"WARC/")


WARC_READER = ReaderSpec(
    name="warc",
    read=read_warc,
    suffixes=("warc", "arc"),
    content_types=("application/warc",),
    sniff=_looks_like_warc,
    priority=10,
    description="WARC / WARC.gz web archives: HTML response records (origin FILE@OFFSET)",
)
