"""Ingestion: news in any common form → articles → coded outcomes, with an accounting.

Sources, each read by a registered reader (chosen by ``reader=``, the file's
suffix, or its first bytes): plain text files and folders, HTML pages, JSON Lines
and CSV (with a field mapping), RSS / Atom feeds (optionally following the linked
pages), WARC archives, and URLs or URL lists fetched politely and safely.

>>> from dotterel.ingest import ingest
>>> run = ingest(["news/"], code=False)          # doctest: +SKIP
>>> for outcome in run: ...                     # doctest: +SKIP
>>> run.report.to_dict()                         # doctest: +SKIP

See ``docs/ingest.md``.
"""

from __future__ import annotations

from dotterel.ingest._dedupe import Deduplicator, Duplicate
from dotterel.ingest._errors import IngestErrors
from dotterel.ingest._fetch import Fetched, Fetcher, FetchError, address_refusal
from dotterel.ingest._html import Page, extract_page
from dotterel.ingest._ingest import CoderLike, Ingestion, SourceLike, ingest, read
from dotterel.ingest._language import Detection, LanguageDetector
from dotterel.ingest._options import (
    DEFAULT_USER_AGENT,
    FIELD_NAMES,
    FetchOptions,
    FieldMap,
    IngestOptions,
    ReadOptions,
    UserMetadata,
)
from dotterel.ingest._readers import READERS
from dotterel.ingest._registry import ReadContext, ReaderSpec, Registry
from dotterel.ingest._report import IngestReport, Problem
from dotterel.ingest._sources import DocumentError, Source

__all__ = [
    "ingest",
    "read",
    "Ingestion",
    "IngestReport",
    "Problem",
    "IngestOptions",
    "ReadOptions",
    "FetchOptions",
    "FieldMap",
    "FIELD_NAMES",
    "UserMetadata",
    "DEFAULT_USER_AGENT",
    "READERS",
    "Registry",
    "ReaderSpec",
    "ReadContext",
    "Source",
    "DocumentError",
    "Fetcher",
    "Fetched",
    "FetchError",
    "address_refusal",
    "Page",
    "extract_page",
    "LanguageDetector",
    "Detection",
    "Deduplicator",
    "Duplicate",
    "IngestErrors",
    "CoderLike",
    "SourceLike",
]
