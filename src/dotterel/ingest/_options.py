"""The options of ingestion: frozen records, checked when made."""

from __future__ import annotations

import dataclasses
import datetime as _dt
import re
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any
from urllib.parse import urlsplit

from dotterel.errors import DotterelError
from dotterel.ingest._errors import IngestErrors
from dotterel.records import Article

__all__ = ["FieldMap", "UserMetadata", "FetchOptions", "ReadOptions", "IngestOptions", "DEFAULT_USER_AGENT"]


def _version() -> str:
    try:
        return metadata.version("dotterel")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0"


#: What dotterel says it is when it fetches a page; robots.txt rules for "dotterel" apply.
DEFAULT_USER_AGENT = f"dotterel/{_version()} (news event coder; +https://github.com/dotterel/dotterel)"


def _invalid(option: str, reason: str) -> DotterelError:
    return DotterelError(IngestErrors.E101, option=option, reason=reason)


@dataclass(frozen=True, slots=True)
class FieldMap:
    """Which fields of a JSON Lines object or CSV row hold what.

    ``None`` means "the first of the usual names that the record has" (see
    :data:`FIELD_NAMES`). JSON Lines fields may be dotted paths (``meta.date``).
    """

    text: str | None = None
    date: str | None = None
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    id: str | None = None
    authors: str | None = None
    language: str | None = None

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if value is not None and not str(value).strip():
                raise _invalid(f"--{f.name}-field", "give a field name")


#: The names tried, in order, for each field when the mapping does not name one.
FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article", "articleBody", "article_body", "full_text", "maintext", "story"),
    "date": (
        "published",
        "date",
        "pubdate",
        "pub_date",
        "publish_date",
        "published_at",
        "date_publish",
        "datePublished",
        "publication_date",
        "datetime",
    ),
    "title": ("title", "headline"),
    "url": ("url", "link", "source_url"),
    "publisher": ("publisher", "source", "site_name", "sitename", "outlet", "site"),
    "id": ("id", "doc_id", "article_id", "uuid"),
    "authors": ("authors", "author", "byline"),
    "language": ("language", "lang"),
}


@dataclass(frozen=True, slots=True)
class UserMetadata:
    """What the user says about every document read; it wins over the page."""

    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    published: _dt.date | None = None
    language: str | None = None

    def __post_init__(self) -> None:
        if self.url is not None:
            parts = urlsplit(self.url)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise DotterelError(IngestErrors.E106, url=self.url)
        if self.language is not None and not re.fullmatch(r"[A-Za-z]{2,3}", self.language):
            raise _invalid("--language", f"{self.language!r} is not a language code such as 'en'")
        if isinstance(self.published, _dt.datetime):
            object.__setattr__(self, "published", self.published.date())

    @property
    def empty(self) -> bool:
        return all(getattr(self, f.name) is None for f in dataclasses.fields(self))

    def apply(self, article: Article) -> Article:
        """The article with the user's metadata in place of what was read."""
        changes: dict[str, Any] = {
            f.name: getattr(self, f.name) for f in dataclasses.fields(self) if getattr(self, f.name) is not None
        }
        if "language" in changes:
            changes["language"] = changes["language"].lower()
        return article.with_(**changes) if changes else article


@dataclass(frozen=True, slots=True)
class FetchOptions:
    """How pages are fetched over HTTP(S)."""

    #: Seconds allowed for one fetch (connecting, and reading the whole body).
    timeout: float = 20.0
    #: Bodies over this many bytes are refused (the download stops there).
    max_bytes: int = 5_000_000
    #: Redirects followed before giving up.
    max_redirects: int = 5
    #: Seconds between two requests to one host (robots.txt may ask for more).
    min_interval: float = 1.0
    user_agent: str = DEFAULT_USER_AGENT
    #: Obey robots.txt (the rules for "dotterel", else for "*").
    respect_robots: bool = True
    #: Fetch from private, loopback and link-local addresses too.
    allow_private: bool = False

    def __post_init__(self) -> None:
        if not self.timeout > 0:
            raise _invalid("--timeout", "give a number of seconds above 0")
        if self.max_bytes < 1:
            raise _invalid("--max-bytes", "give a number of bytes above 0")
        if self.max_redirects < 0:
            raise _invalid("max_redirects", "give 0 or more")
        if self.min_interval < 0:
            raise _invalid("--rate", "give 0 or more seconds")
        if not self.user_agent.strip():
            raise _invalid("--user-agent", "give a name")


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How sources are read into articles."""

    #: Read every source with this reader (see ``READERS``) instead of choosing by type.
    reader: str | None = None
    #: Globs a file in a folder must match (any of them); empty: the known file types.
    include: tuple[str, ...] = ()
    #: Globs that leave a file or folder out.
    exclude: tuple[str, ...] = ()
    fields: FieldMap = field(default_factory=FieldMap)
    #: CSV delimiter; ``None``: tab for ``.tsv``, else comma.
    delimiter: str | None = None
    #: Text encoding of plain text, JSON Lines and CSV files.
    encoding: str = "utf-8"
    #: Fetch the page each feed item links to, and read the article from it.
    follow: bool = False
    #: A document (a file, a record, a page) over this many bytes is refused.
    max_bytes: int = 10_000_000
    fetch: FetchOptions = field(default_factory=FetchOptions)

    def __post_init__(self) -> None:
        object.__setattr__(self, "include", tuple(self.include))
        object.__setattr__(self, "exclude", tuple(self.exclude))
        for pattern in (*self.include, *self.exclude):
            if not pattern.strip():
                raise DotterelError(IngestErrors.E102, pattern=pattern, reason="give a pattern such as '*.html'")
        if self.max_bytes < 1:
            raise _invalid("--max-bytes", "give a number of bytes above 0")
        if self.delimiter is not None and len(self.delimiter) != 1:
            raise _invalid("--delimiter", "give one character")
        try:
            "".encode(self.encoding)
        except LookupError:
            raise _invalid("--encoding", f"unknown encoding {self.encoding!r}") from None


@dataclass(frozen=True, slots=True)
class IngestOptions:
    """Everything :func:`dotterel.ingest.ingest` needs besides the sources."""

    read: ReadOptions = field(default_factory=ReadOptions)
    metadata: UserMetadata = field(default_factory=UserMetadata)
    #: The language to code; documents detected in another one are skipped.
    language: str = "en"
    #: Detect languages (off: every document is taken to be in ``language``).
    detect_language: bool = True
    #: Link near duplicates (syndicated copies) to the first copy.
    near_duplicates: bool = True
    #: Estimated Jaccard similarity of word shingles above which two texts are near duplicates.
    near_threshold: float = 0.7
    #: Code near duplicates anyway (they keep their link); exact copies are never coded twice.
    code_near_duplicates: bool = False

    def __post_init__(self) -> None:
        if not 0.0 < self.near_threshold <= 1.0:
            raise _invalid("--near-threshold", "give a number above 0 and at most 1")
        if not re.fullmatch(r"[a-z]{2,3}", self.language):
            raise _invalid("language", f"{self.language!r} is not a language code such as 'en'")

    def replace(self, **changes: Any) -> IngestOptions:
        return dataclasses.replace(self, **changes)
