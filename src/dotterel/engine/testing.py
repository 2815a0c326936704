"""Stand-in coders and a generated corpus, for tests and benchmarks of the engines.

:class:`StandInFactory` makes a coder that needs no NLP (one ``PROTEST`` event per
article, quickly) and can misbehave on demand: die on a marker word (always, or
once), hang, or refuse to start. It is picklable, so worker processes and Dask
workers build it themselves, as they would the real pipeline.

:func:`generated_articles` yields any number of distinct, deterministic articles
made of the bundled sample articles' sentences, shuffled and recombined, with their
numbers redrawn (so the texts, and the strings spaCy sees, keep changing).
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import random
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dotterel.records import Article, CodedArticle, Event, Outcome, Span, record_to_dict

__all__ = [
    "CRASH_MARKER",
    "HANG_MARKER",
    "StandInFactory",
    "StandInCoder",
    "sample_sentences",
    "generated_articles",
    "write_jsonl",
]

#: An article whose text holds this word kills the stand-in's worker process.
CRASH_MARKER = "CRASHWORKER"
#: An article whose text holds this word makes the stand-in hang.
HANG_MARKER = "HANGWORKER"


@dataclass(frozen=True, slots=True)
class StandInFactory:
    """A picklable factory of :class:`StandInCoder` (``factory(config)``)."""

    #: Seconds spent on each article (to keep work in flight in tests).
    delay: float = 0.0
    #: With a path: die on the marker only while this file does not exist (it is
    #: created just before dying), so the retry succeeds.
    crash_once_flag: str | None = None
    #: Refuse to start (raise in the factory), as a missing model would.
    fail_start: bool = False

    def __call__(self, config: Any) -> StandInCoder:
        if self.fail_start:
            from dotterel.errors import DotterelError, Errors

            raise DotterelError(Errors.E001, name="stand-in-model")
        return StandInCoder(self)


class StandInCoder:
    """Codes one PROTEST event per article (its first word); misbehaves on markers."""

    def __init__(self, factory: StandInFactory) -> None:
        self.factory = factory

    def _crash(self) -> None:
        flag = self.factory.crash_once_flag
        if flag is not None:
            try:
                with open(flag, "x", encoding="utf-8") as out:
                    out.write(str(os.getpid()))
            except FileExistsError:
                return  # crashed once already: this time it codes
        os._exit(70)

    def code_many(self, articles: Iterable[Article]) -> Iterator[Outcome]:
        for article in articles:
            if CRASH_MARKER in article.text:
                self._crash()
            if HANG_MARKER in article.text:
                time.sleep(3600)
            if self.factory.delay:
                time.sleep(self.factory.delay)
            if not article.text.strip():
                yield Outcome("skipped", article=article, reason="empty", stage="prepare", origin=article.origin)
                continue
            match = re.search(r"\S+", article.text)
            span = Span(match.start(), match.end()) if match else Span(0, 0)
            event = Event(
                id="e1",
                type="PROTEST",
                cameo="140",
                quad_class=3,
                intensity=-6.5,
                trigger=span,
                trigger_text=span.of(article.text),
                sentence=0,
            )
            coded = CodedArticle(article=article, events=(event,), warnings=(f"pid {os.getpid()}",))
            yield Outcome("coded", article=article, coded=coded, origin=article.origin)


_SENTENCE = re.compile(r"(?<=[.!?\"”])\s+(?=[A-Z\"“])")
_NUMBER = re.compile(r"\d+")


def sample_sentences() -> list[str]:
    """The sentences of the bundled sample articles (six words or more)."""
    from dotterel.samples import sample_articles

    sentences: list[str] = []
    for article in sample_articles():
        for paragraph in article.text.split("\n"):
            for sentence in _SENTENCE.split(paragraph.strip()):
                sentence = sentence.strip()
                if len(sentence.split()) >= 6 and sentence[-1] in ".!?\"”":
                    sentences.append(sentence)
    return sentences


def generated_articles(
    count: int, *, seed: int = 0, sentences: tuple[int, int] = (3, 6), start: int = 0
) -> Iterator[Article]:
    """``count`` distinct articles (ids ``gen-0000000`` ...), made as they are asked for.

    Each is ``sentences`` (a range) random sample sentences in random order, its
    numbers redrawn, with a publication date in 2024. Deterministic for a ``seed``;
    ``start`` numbers the first one (a corpus can be made in parts).
    """
    pool = sample_sentences()
    low, high = sentences
    day0 = _dt.date(2024, 1, 1)
    for index in range(start, start + count):
        rng = random.Random(f"{seed}:{index}")
        chosen = rng.sample(pool, rng.randint(low, high))
        text = "\n\n".join(_NUMBER.sub(lambda m: str(rng.randint(2, 99_999)), s) for s in chosen)
        yield Article(
            text=text,
            id=f"gen-{index:07d}",
            title=chosen[0][:80],
            publisher=rng.choice(("Wire One", "Daily Two", "Courier Three")),
            published=day0 + _dt.timedelta(days=rng.randrange(366)),
            language="en",
            origin=f"generated:{index}",
        )


def write_jsonl(path: str | os.PathLike[str], articles: Iterable[Article]) -> int:
    """Write ``articles`` as JSON Lines (id, text, title, publisher, published); their number."""
    n = 0
    with Path(path).open("w", encoding="utf-8") as out:
        for article in articles:
            record = {k: v for k, v in record_to_dict(article).items() if k in ("id", "text", "title", "publisher", "published")}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            n += 1
    return n
