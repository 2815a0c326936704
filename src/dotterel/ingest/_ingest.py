"""Ingestion: sources → articles → language and duplicate checks → coding → outcomes.

:func:`read` reads sources into articles (and failed / skipped outcomes for what
cannot be read). :func:`ingest` goes on: it skips documents in other languages,
links duplicates to their first copy, codes the rest with the pipeline's
``Coder.code_many``, and yields one :class:`~dotterel.records.Outcome` per
document, in input order, while a :class:`~dotterel.ingest.IngestReport` keeps count.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, Union

from dotterel.errors import DotterelError
from dotterel.ingest._dedupe import Deduplicator
from dotterel.ingest._errors import IngestErrors
from dotterel.ingest._language import LanguageDetector, decide_language
from dotterel.ingest._options import IngestOptions, ReadOptions, UserMetadata
from dotterel.ingest._readers import READERS
from dotterel.ingest._registry import Item, ReadContext, Registry, expand, read_source
from dotterel.ingest._report import TalliedRun
from dotterel.ingest._sources import Source, failed, skipped
from dotterel.ingest._urls import is_url, url_source
from dotterel.records import Article, Outcome

if TYPE_CHECKING:
    from dotterel.config import Config
    from dotterel.ingest._fetch import Fetcher

__all__ = ["read", "ingest", "Ingestion", "CoderLike", "SourceLike"]

SourceLike = Union[str, "os.PathLike[str]", Source]


class CoderLike(Protocol):
    """What ingestion needs of a coder (``dotterel.pipeline.Coder`` is one)."""

    def code_many(self, articles: Iterable[Article]) -> Iterator[Outcome]: ...


def _expand_inputs(
    inputs: Iterable[SourceLike], options: ReadOptions, registry: Registry
) -> Iterator[tuple[Source, str | None] | Outcome]:
    for value in inputs:
        if isinstance(value, Source):
            yield value, None
            continue
        text = os.fspath(value) if isinstance(value, os.PathLike) else str(value)
        if is_url(text):
            yield url_source(text.strip()), "url"
            continue
        path = Path(text)
        try:
            is_dir, exists = path.is_dir(), path.exists()
        except OSError as exc:
            yield failed(text, f"cannot read: {exc}")
            continue
        if is_dir:
            for source in expand(path, options, registry):
                yield source, None
        elif exists:
            yield Source.from_path(path), None
        else:
            yield failed(text, "not found: no such file or folder")


def read(
    sources: Iterable[SourceLike],
    *,
    options: ReadOptions | None = None,
    metadata: UserMetadata | None = None,
    registry: Registry | None = None,
    fetcher: Fetcher | None = None,
) -> Iterator[Item]:
    """Read ``sources`` (files, folders, URLs): articles, and outcomes for what failed.

    The user's ``metadata`` is applied to every article (it wins over the page).
    Never raises for a bad document; raises :class:`DotterelError` for a bad request
    (an unknown reader).
    """
    options = options or ReadOptions()
    metadata = metadata or UserMetadata()
    registry = registry if registry is not None else READERS
    if options.reader is not None:
        registry.get_reader(options.reader)  # E100 before anything is read
    ctx = ReadContext(options=options, registry=registry, fetcher_factory=(lambda: fetcher) if fetcher else None)
    try:
        for entry in _expand_inputs(sources, options, registry):
            if isinstance(entry, Outcome):
                yield entry
                continue
            source, reader = entry
            for item in read_source(source, ctx, reader=reader):
                yield metadata.apply(item) if isinstance(item, Article) else item
    finally:
        if fetcher is None:
            ctx.close()


_AWAIT = object()  # a place in the output order kept for an article being coded


class Ingestion(TalliedRun):
    """The outcomes of an ingestion run, one per document, and their report.

    Iterate it (once) to run; :attr:`report` is a snapshot at any time. With a coder
    whose ``ordered`` is false the outcomes come as they are ready, still one per
    document.
    """

    accepts_unordered = True

    def __init__(
        self,
        sources: Iterable[SourceLike],
        *,
        coder: CoderLike | None,
        options: IngestOptions,
        registry: Registry,
        fetcher: Fetcher | None,
        detector: LanguageDetector | Callable[[], LanguageDetector] | None,
    ) -> None:
        self.options = options
        self._sources = sources
        self._coder = coder
        self._registry = registry
        self._fetcher = fetcher
        # a detector, or a factory called when the first language must be detected
        self._detector: LanguageDetector | None = detector if hasattr(detector, "detect") else None  # type: ignore[assignment]
        self._detector_factory = detector if self._detector is None and callable(detector) else None
        self._dedupe = Deduplicator(threshold=options.near_threshold, near=options.near_duplicates)
        super().__init__()
        self._run = self._outcomes()

    # -- stages ------------------------------------------------------------------
    def _language_detector(self) -> LanguageDetector:
        if self._detector is None:
            factory = self._detector_factory or LanguageDetector
            self._detector = factory()
        return self._detector

    def _screen(self, article: Article) -> tuple[Article, Outcome | None, str | None]:
        """(the article, its final outcome if it is not to be coded, the id it copies)."""
        origin = article.origin
        if not article.text.strip():
            return article, skipped(origin, "empty: no text"), None
        opts = self.options
        if opts.metadata.language is None and opts.detect_language:
            detection = self._language_detector().detect(article.text)
            language = decide_language(detection, article.language)
            if language and language != article.language:
                article = article.with_(language=language)
        elif opts.metadata.language is None and article.language is None:
            article = article.with_(language=opts.language)
        if article.language and article.language != opts.language:
            return (
                article,
                Outcome(
                    status="skipped",
                    article=article,
                    reason=f"language {article.language}",
                    stage="language",
                    origin=origin,
                ),
                None,
            )
        duplicate = self._dedupe.check(article)
        if duplicate is not None:
            if duplicate.kind == "near" and opts.code_near_duplicates:
                return article, None, duplicate.of
            return (
                article,
                Outcome(
                    status="duplicate",
                    article=article,
                    reason=duplicate.reason,
                    stage="dedupe",
                    origin=origin,
                    duplicate_of=duplicate.of,
                ),
                None,
            )
        return article, None, None

    def _prepared(self) -> Iterator[tuple[Article, str | None] | Outcome]:
        for item in read(
            self._sources,
            options=self.options.read,
            metadata=self.options.metadata,
            registry=self._registry,
            fetcher=self._fetcher,
        ):
            if isinstance(item, Outcome):
                yield item
                continue
            article, final, copies = self._screen(item)
            yield final if final is not None else (article, copies)

    def _outcomes(self) -> Iterator[Outcome]:
        if self._coder is None:
            for entry in self._prepared():
                if isinstance(entry, Outcome):
                    yield entry
                else:
                    article, copies = entry
                    yield Outcome(status="read", article=article, origin=article.origin, duplicate_of=copies)
            return
        pending: deque[Any] = deque()

        def to_code() -> Iterator[Article]:
            for entry in self._prepared():
                if isinstance(entry, Outcome):
                    pending.append(entry)
                else:
                    article, copies = entry
                    pending.append((_AWAIT, article, copies))
                    yield article

        # an unordered coder ("ParallelCoder(ordered=False)") gives outcomes as they are ready:
        # an article still waiting before the one that came is not passed over, only later
        in_order = getattr(self._coder, "ordered", True)
        for coded in self._coder.code_many(to_code()):
            index = _match(pending, coded)
            if index is None:  # pragma: no cover - a coder that yields more than it was given
                yield coded
                continue
            if in_order:
                for _ in range(index):  # what comes before it; articles the coder passed over
                    yield _unawaited(pending.popleft())
                _, article, copies = pending.popleft()
            else:
                _, article, copies = pending[index]
                del pending[index]
                while pending and not _awaiting(pending[0]):  # skipped and duplicate ones before it
                    yield pending.popleft()
            changes: dict[str, Any] = {}
            if coded.origin is None:
                changes["origin"] = article.origin
            if coded.article is None:
                changes["article"] = article
            if copies and coded.duplicate_of is None:
                changes["duplicate_of"] = copies
            yield replace(coded, **changes) if changes else coded
        while pending:
            yield _unawaited(pending.popleft())


def _awaiting(entry: Any) -> bool:
    return isinstance(entry, tuple) and entry[0] is _AWAIT


def _match(pending: deque[Any], coded: Outcome) -> int | None:
    """Where in ``pending`` the article of ``coded`` waits (else the first waiting one)."""
    first = None
    for index, entry in enumerate(pending):
        if not _awaiting(entry):
            continue
        if first is None:
            first = index
        article = entry[1]
        if coded.article is None:
            return first
        if coded.article is article or (coded.article.id == article.id and coded.article.origin == article.origin):
            return index
    return first


def _unawaited(entry: Any) -> Outcome:
    """A final outcome as it is, or a failure for an article the coder gave nothing for."""
    if not _awaiting(entry):
        return entry
    article = entry[1]
    return Outcome(
        status="failed",
        article=article,
        reason="not coded: the coder gave no outcome",
        stage="code",
        origin=article.origin,
    )


def _default_coder(config: Config | None) -> CoderLike:
    try:
        from dotterel.pipeline import Coder
    except ImportError as exc:
        raise DotterelError(IngestErrors.E104, reason=str(exc)) from None
    return Coder(config)


def ingest(
    sources: Iterable[SourceLike],
    *,
    coder: CoderLike | None = None,
    code: bool = True,
    options: IngestOptions | None = None,
    config: Config | None = None,
    registry: Registry | None = None,
    fetcher: Fetcher | None = None,
    detector: LanguageDetector | Callable[[], LanguageDetector] | None = None,
) -> Ingestion:
    """Read, screen and code ``sources``; iterate the result for one outcome per document.

    ``coder`` defaults to ``dotterel.pipeline.Coder(config)``; with ``code=False``
    nothing is coded and articles that would be come out with status ``"read"``.
    ``fetcher`` (for URLs and ``follow``) defaults to one made from the options and
    closed at the end; ``detector`` may be a shared :class:`LanguageDetector` (or a
    factory for one, called only when a language must be detected).
    """
    options = options or IngestOptions()
    registry = registry if registry is not None else READERS
    if options.read.reader is not None:
        registry.get_reader(options.read.reader)
    if code and coder is None:
        coder = _default_coder(config)
    return Ingestion(
        sources,
        coder=coder if code else None,
        options=options,
        registry=registry,
        fetcher=fetcher,
        detector=detector,
    )
