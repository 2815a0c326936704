"""Scoring coded articles against gold files: the library behind ``dotterel eval``.

>>> from dotterel.evaluate import load_gold, score, format_text
>>> gold = load_gold("gold.jsonl")                       # doctest: +SKIP
>>> report = score(gold, {c.article.id: c for c in coded})  # doctest: +SKIP
>>> print(format_text(report))                          # doctest: +SKIP

The gold format and the scoring rules are those of ``FORMAT.md`` (the gold
format); the choices made where it is silent are listed in
:mod:`dotterel.evaluate._score` and :mod:`dotterel.evaluate._gold`.
"""

from __future__ import annotations

from dotterel.evaluate._actors import ActorAccuracy, actor_accuracy
from dotterel.evaluate._gold import (
    EvalErrors,
    GoldArticle,
    GoldCount,
    GoldEvent,
    GoldLocation,
    GoldQuote,
    gold_from_dict,
    load_gold,
    parse_gold,
    select_gold,
)
from dotterel.evaluate._report import (
    CountMiss,
    EvalReport,
    FalsePositive,
    Miss,
    QuoteMiss,
    TypeScore,
    format_text,
)
from dotterel.evaluate._score import count_matches, event_matches, haversine_km, quote_matches, score

__all__ = [
    "ActorAccuracy",
    "actor_accuracy",
    "EvalErrors",
    "GoldArticle",
    "GoldEvent",
    "GoldLocation",
    "GoldQuote",
    "GoldCount",
    "load_gold",
    "parse_gold",
    "gold_from_dict",
    "select_gold",
    "EvalReport",
    "TypeScore",
    "Miss",
    "FalsePositive",
    "QuoteMiss",
    "CountMiss",
    "format_text",
    "score",
    "event_matches",
    "quote_matches",
    "count_matches",
    "haversine_km",
]
