"""The accounting of an ingestion run: every document, and what became of it.

Every document read (or that could not be read) yields exactly one
:class:`~dotterel.records.Outcome`; the report counts them:

- ``documents``: all outcomes; ``documents = coded + duplicates + skipped + failed``
  (``+ read_only`` when coding is off);
- ``read``: documents that were read into an article (the rest failed or were
  skipped while being read);
- ``skipped`` and ``failed`` by reason: the reason's part before its first colon
  (or semicolon, or full stop): "invalid UTF-8: byte 0xff at offset 3" counts as
  "invalid UTF-8";
- ``failures``: every failed document with its origin (file, line, URL, WARC
  offset), its one-line reason and the stage where it stopped.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from dotterel.records import Outcome

__all__ = ["IngestReport", "Problem", "Tally", "TalliedRun", "reason_category"]

_CATEGORY_MAX = 60
_CATEGORY_END = re.compile(r"[:;.](?:\s|$)")


def reason_category(reason: str | None) -> str:
    """The kind of a reason: its part before the first colon, semicolon or full stop.

    "invalid UTF-8: byte 0xff at offset 3" → "invalid UTF-8"; "language fr" stays whole.
    """
    if not reason:
        return "unknown"
    head = _CATEGORY_END.split(reason.strip(), maxsplit=1)[0].strip()
    return (head or reason.strip())[:_CATEGORY_MAX] or "unknown"


@dataclass(frozen=True, slots=True)
class Problem:
    """A document that was not coded, where it came from and why."""

    status: str
    reason: str
    origin: str | None = None
    stage: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"status": self.status, "origin": self.origin, "stage": self.stage, "reason": self.reason}

    def line(self) -> str:
        return f"{self.origin or '(unknown origin)'}: {self.reason}"


@dataclass(frozen=True, slots=True)
class IngestReport:
    """What became of every document of a run (a snapshot; see :class:`Tally`)."""

    documents: int = 0
    read: int = 0
    coded: int = 0
    events: int = 0
    read_only: int = 0
    duplicates: Mapping[str, int] = field(default_factory=dict)
    skipped: Mapping[str, int] = field(default_factory=dict)
    failed: Mapping[str, int] = field(default_factory=dict)
    failures: tuple[Problem, ...] = ()
    skips: tuple[Problem, ...] = ()
    seconds: float = 0.0

    @property
    def duplicate_count(self) -> int:
        return sum(self.duplicates.values())

    @property
    def skipped_count(self) -> int:
        return sum(self.skipped.values())

    @property
    def failed_count(self) -> int:
        return sum(self.failed.values())

    @property
    def ok(self) -> bool:
        """Whether anything could be read at all (the CLI exits non-zero otherwise)."""
        return self.read > 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "read": self.read,
            "coded": self.coded,
            "events": self.events,
            "read_only": self.read_only,
            "duplicates": {"total": self.duplicate_count, **dict(sorted(self.duplicates.items()))},
            "skipped": {"total": self.skipped_count, "by_reason": _by_count(self.skipped)},
            "failed": {"total": self.failed_count, "by_reason": _by_count(self.failed)},
            "failures": [p.to_dict() for p in self.failures],
            "skips": [p.to_dict() for p in self.skips],
            "seconds": round(self.seconds, 3),
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def summary(self, *, max_failures: int = 20) -> list[str]:
        """The report as lines of text, for a terminal."""
        lines = [f"Ingested {self.documents} documents in {self.seconds:.1f} s"]
        lines.append(f"  read        {self.read:>7}")
        if self.read_only:
            lines.append(f"  not coded   {self.read_only:>7}  (--no-code)")
        lines.append(f"  coded       {self.coded:>7}  ({self.events} events)")
        detail = ", ".join(f"{n} {kind}" for kind, n in sorted(self.duplicates.items()))
        lines.append(f"  duplicates  {self.duplicate_count:>7}" + (f"  ({detail})" if detail else ""))
        lines.append(f"  skipped     {self.skipped_count:>7}")
        lines.extend(f"    {count:>7}  {reason}" for reason, count in _by_count(self.skipped).items())
        lines.append(f"  failed      {self.failed_count:>7}")
        lines.extend(f"    {count:>7}  {reason}" for reason, count in _by_count(self.failed).items())
        if self.failures:
            lines.append("Failures:")
            lines.extend(f"  {p.line()}" for p in self.failures[:max_failures])
            if len(self.failures) > max_failures:
                lines.append(f"  ... and {len(self.failures) - max_failures} more (see --report-json)")
        return lines


def _by_count(counts: Mapping[str, int]) -> dict[str, int]:
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


class Tally:
    """Counts outcomes as they come; :meth:`report` gives a frozen snapshot."""

    def __init__(self) -> None:
        self.documents = 0
        self.read = 0
        self.coded = 0
        self.events = 0
        self.read_only = 0
        self.duplicates: Counter[str] = Counter()
        self.skipped: Counter[str] = Counter()
        self.failed: Counter[str] = Counter()
        self.failures: list[Problem] = []
        self.skips: list[Problem] = []

    def add(self, outcome: Outcome) -> None:
        self.documents += 1
        if outcome.article is not None:
            self.read += 1
        origin = outcome.origin or (outcome.article.origin if outcome.article is not None else None)
        if outcome.status == "coded":
            self.coded += 1
            self.events += len(outcome.coded.events) if outcome.coded is not None else 0
        elif outcome.status == "duplicate":
            self.duplicates[reason_category(outcome.reason).split()[0] if outcome.reason else "exact"] += 1
        elif outcome.status == "skipped":
            self.skipped[reason_category(outcome.reason)] += 1
            self.skips.append(Problem("skipped", outcome.reason or "unknown", origin, outcome.stage))
        elif outcome.status == "read":
            self.read_only += 1
        else:
            self.failed[reason_category(outcome.reason)] += 1
            self.failures.append(Problem("failed", outcome.reason or "unknown", origin, outcome.stage))

    def counts(self) -> dict[str, int]:
        """The running totals (cheap: for a progress display)."""
        return {
            "documents": self.documents,
            "read": self.read,
            "coded": self.coded,
            "events": self.events,
            "duplicates": sum(self.duplicates.values()),
            "skipped": sum(self.skipped.values()),
            "failed": sum(self.failed.values()),
        }

    def report(self, *, seconds: float = 0.0) -> IngestReport:
        return IngestReport(
            documents=self.documents,
            read=self.read,
            coded=self.coded,
            events=self.events,
            read_only=self.read_only,
            duplicates=dict(self.duplicates),
            skipped=dict(self.skipped),
            failed=dict(self.failed),
            failures=tuple(self.failures),
            skips=tuple(self.skips),
            seconds=seconds,
        )


class TalliedRun(Iterator[Outcome]):
    """A run that yields outcomes and keeps their tally and timing (ingestion, Dask).

    Subclasses set ``self._run`` (a generator of outcomes) after calling ``__init__``.
    """

    _run: Iterator[Outcome]

    def __init__(self) -> None:
        self._tally = Tally()
        self._started: float | None = None
        self._finished: float | None = None

    def __next__(self) -> Outcome:
        if self._started is None:
            self._started = time.perf_counter()
        try:
            outcome = next(self._run)
        except StopIteration:
            if self._finished is None:
                self._finished = time.perf_counter()
            raise
        self._tally.add(outcome)
        return outcome

    def __iter__(self) -> "TalliedRun":
        return self

    def close(self) -> None:
        self._run.close()  # type: ignore[attr-defined]
        if self._finished is None:
            self._finished = time.perf_counter()

    @property
    def counts(self) -> dict[str, int]:
        """Running totals: documents, read, coded, events, duplicates, skipped, failed."""
        return self._tally.counts()

    @property
    def report(self) -> IngestReport:
        seconds = 0.0 if self._started is None else (self._finished or time.perf_counter()) - self._started
        return self._tally.report(seconds=seconds)
