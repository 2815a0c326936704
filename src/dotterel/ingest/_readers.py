"""The built-in readers, registered by name."""

from __future__ import annotations

from dotterel.ingest._feeds import FEED_READER
from dotterel.ingest._html import HTML_READER
from dotterel.ingest._registry import Registry
from dotterel.ingest._tabular import CSV_READER, JSONL_READER
from dotterel.ingest._text import TEXT_READER
from dotterel.ingest._urls import URL_READER, URLS_READER
from dotterel.ingest._warc import WARC_READER

__all__ = ["READERS"]

#: The readers ``--reader`` may name; a new one is added with ``READERS.with_reader(spec)``.
READERS = Registry(
    [TEXT_READER, HTML_READER, JSONL_READER, CSV_READER, FEED_READER, WARC_READER, URLS_READER, URL_READER]
)
