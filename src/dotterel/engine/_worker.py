"""What runs inside a worker process: the per-worker model cache and chunk coding.

Both engines (``multiprocessing`` and Dask) code a *chunk* of articles at a time
with :func:`code_chunk`:

- the coder comes from :func:`worker_coder`, a cache keyed by (factory, config)
  that lives as long as the worker process, so the spaCy model is loaded once per
  worker (this cache is the only module-level mutable state of the engines);
- ``Coder.code_many`` codes every batch inside spaCy's ``nlp.memory_zone()``, so the
  strings and lexemes that its documents add to the shared ``Vocab`` are freed
  afterwards (without it the ``StringStore`` grows with every new name and number);
- the people the coder learned are drained after each chunk (nobody in a worker
  reads ``LearnedPeople.drain()``; kept, that list grows with the run);
- exactly one :class:`~dotterel.records.Outcome` comes back per article, in order,
  whatever the coder does.
"""

from __future__ import annotations

import resource
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from dotterel.records import Article, Outcome

__all__ = [
    "CoderFactory",
    "ChunkCoder",
    "default_factory",
    "worker_coder",
    "worker_detector",
    "code_chunk",
    "peak_rss_mb",
    "current_rss_mb",
    "clear_cache",
]


class ChunkCoder(Protocol):
    """What a worker needs of a coder (``dotterel.pipeline.Coder`` is one)."""

    def code_many(self, articles: Iterable[Article]) -> Iterator[Outcome]: ...


#: Makes a coder from a configuration, in the worker; must be picklable (module level).
CoderFactory = Callable[[Any], ChunkCoder]


def default_factory(config: Any) -> ChunkCoder:
    """``dotterel.pipeline.Coder(config)``: the real pipeline."""
    from dotterel.pipeline import Coder

    return Coder(config)


@dataclass(slots=True)
class _Cached:
    coder: ChunkCoder
    lock: threading.Lock


# The per-worker model cache: (factory, config) -> coder. A worker process holds one
# entry in practice; the lock keeps two task threads of one worker off one model.
_CODERS: dict[tuple[Any, Any], _Cached] = {}
_DETECTORS: dict[str, Any] = {}
_CACHE_LOCK = threading.Lock()


def _cached(config: Any, factory: CoderFactory | None) -> _Cached:
    key = (factory or default_factory, config)
    entry = _CODERS.get(key)
    if entry is None:
        with _CACHE_LOCK:
            entry = _CODERS.get(key)
            if entry is None:
                coder = (factory or default_factory)(config)
                entry = _Cached(coder, threading.Lock())
                _CODERS[key] = entry
    return entry


def worker_coder(config: Any, factory: CoderFactory | None = None) -> ChunkCoder:
    """This process's coder for ``config`` (made, and the model loaded, on first use)."""
    return _cached(config, factory).coder


def worker_detector() -> Any:
    """This process's language detector (``dotterel.ingest.LanguageDetector``), made once."""
    detector = _DETECTORS.get("default")
    if detector is None:
        with _CACHE_LOCK:
            detector = _DETECTORS.get("default")
            if detector is None:
                from dotterel.ingest import LanguageDetector

                detector = LanguageDetector()
                _DETECTORS["default"] = detector
    return detector


def clear_cache() -> None:
    """Forget the cached coders and detectors (for tests; workers never need it)."""
    with _CACHE_LOCK:
        _CODERS.clear()
        _DETECTORS.clear()


def _drain_learned(coder: Any) -> None:
    learned = getattr(coder, "learned", None)
    drain = getattr(learned, "drain", None)
    if callable(drain):
        drain()


def _reason(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}".splitlines()[0][:300]


def _failed(article: Article, reason: str) -> Outcome:
    return Outcome("failed", article=article, reason=reason, stage="code", origin=article.origin)


def _one_each(articles: Sequence[Article], produced: Sequence[Outcome]) -> list[Outcome]:
    """Exactly one outcome per article, in the articles' order."""
    if len(produced) == len(articles) and all(
        o.article is not None and (o.article.id, o.article.origin) == (a.id, a.origin) for o, a in zip(produced, articles)
    ):
        return list(produced)
    by_key: dict[tuple[str, str | None], list[Outcome]] = {}
    for outcome in produced:
        if outcome.article is not None:
            by_key.setdefault((outcome.article.id, outcome.article.origin), []).append(outcome)
    result = []
    for article in articles:
        found = by_key.get((article.id, article.origin))
        result.append(found.pop(0) if found else _failed(article, "not coded: the coder gave no outcome"))
    return result


def code_chunk(articles: Sequence[Article], *, config: Any, factory: CoderFactory | None = None) -> list[Outcome]:
    """Code ``articles`` with this worker's coder: one outcome per article, in order.

    Never raises for a document; an error of the coder itself fails the articles it
    had not given an outcome for.
    """
    entry = _cached(config, factory)
    produced: list[Outcome] = []
    with entry.lock:
        try:
            # ``code_many`` codes each batch inside spaCy's memory zone: plain records come out
            for outcome in entry.coder.code_many(list(articles)):
                produced.append(outcome)
        except Exception as exc:  # noqa: BLE001 - the chunk's other articles still get an outcome
            reason = _reason(exc)
            done = {(o.article.id, o.article.origin) for o in produced if o.article is not None}
            produced += [_failed(a, reason) for a in articles if (a.id, a.origin) not in done]
        finally:
            _drain_learned(entry.coder)
    return _one_each(articles, produced)


def peak_rss_mb() -> float:
    """This process's peak resident set size so far, in MB.

    From ``VmHWM`` in /proc: ``ru_maxrss`` is no good in a spawned worker, because
    Linux keeps across ``exec`` the peak of the process it was forked from.
    """
    try:
        with open("/proc/self/status", "rb") as status:
            for line in status:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except (OSError, ValueError, IndexError):
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def current_rss_mb() -> float:
    """This process's resident set size now, in MB (from /proc; else the peak)."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            pages = int(statm.read().split()[1])
        return pages * resource.getpagesize() / (1024.0 * 1024.0)
    except (OSError, ValueError, IndexError):
        return peak_rss_mb()
