"""The evaluation report: counts, ratios, misses and false positives.

:meth:`EvalReport.to_dict` gives the object ``dotterel eval --json`` prints, key
for key as ``FORMAT.md`` lists it; :func:`format_text` gives the same for people,
with every miss and false positive and the words that should explain it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dotterel.records import PLOVER_TYPES

__all__ = ["TypeScore", "Miss", "FalsePositive", "QuoteMiss", "CountMiss", "EvalReport", "format_text", "ratio"]

#: Decimal places of the ratios in :meth:`EvalReport.to_dict`.
DIGITS = 4


def ratio(part: int, whole: int) -> float | None:
    """``part / whole``, or None when there is nothing to divide."""
    return part / whole if whole else None


def _f1(precision: float | None, recall: float | None) -> float | None:
    if precision is None or recall is None:
        return None
    if precision + recall == 0:
        return 0.0
    return 2 * precision * recall / (precision + recall)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, DIGITS)


@dataclass(frozen=True, slots=True)
class TypeScore:
    """Scores of one PLOVER type: recall by gold type, precision by coded type."""

    type: str
    must: int = 0
    found: int = 0
    type_found: int = 0  # found ignoring actors
    coded: int = 0
    correct: int = 0
    type_correct: int = 0  # correct ignoring actors

    @property
    def recall(self) -> float | None:
        return ratio(self.found, self.must)

    @property
    def precision(self) -> float | None:
        return ratio(self.correct, self.coded)

    @property
    def type_recall(self) -> float | None:
        return ratio(self.type_found, self.must)

    @property
    def type_precision(self) -> float | None:
        return ratio(self.type_correct, self.coded)

    def to_dict(self) -> dict[str, Any]:
        return {
            "must": self.must,
            "found": self.found,
            "recall": _round(self.recall),
            "coded": self.coded,
            "correct": self.correct,
            "precision": _round(self.precision),
        }


@dataclass(frozen=True, slots=True)
class Miss:
    """A ``must`` gold event that no asserted coded event matches."""

    article: str
    type: str
    types_ok: tuple[str, ...]
    actors: tuple[str, ...]
    recipients: tuple[str, ...]
    symmetric: bool
    date: str | None
    location: str | None
    evidence: str | None  # the gold's evidence words
    sentence: str | None  # the sentence of the article that holds them
    note: str | None
    why: str  # what came closest and what was wrong with it

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article,
            "type": self.type,
            "types_ok": list(self.types_ok),
            "actors": list(self.actors),
            "recipients": list(self.recipients),
            "symmetric": self.symmetric,
            "date": self.date,
            "location": self.location,
            "evidence": self.evidence,
            "sentence": self.sentence,
            "note": self.note,
            "why": self.why,
        }


@dataclass(frozen=True, slots=True)
class FalsePositive:
    """An asserted coded event that matches no asserted gold event."""

    article: str
    event: str  # the coded event's id
    type: str
    cameo: str
    actors: tuple[str, ...]  # "name [CODE]"
    recipients: tuple[str, ...]
    date: str | None
    location: str | None
    evidence: str  # the trigger words
    span: tuple[int, int]  # the trigger's offsets
    sentence: str | None
    hypothetical_leak: bool  # matches a gold event with ``asserted: false``
    why: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article,
            "event": self.event,
            "type": self.type,
            "cameo": self.cameo,
            "actors": list(self.actors),
            "recipients": list(self.recipients),
            "date": self.date,
            "location": self.location,
            "evidence": self.evidence,
            "span": list(self.span),
            "sentence": self.sentence,
            "hypothetical_leak": self.hypothetical_leak,
            "why": self.why,
        }


@dataclass(frozen=True, slots=True)
class QuoteMiss:
    article: str
    starts: str
    speaker: tuple[str, ...]
    why: str


@dataclass(frozen=True, slots=True)
class CountMiss:
    article: str
    number: int
    about: str | None
    why: str


@dataclass(frozen=True, slots=True)
class EvalReport:
    """Everything :func:`dotterel.evaluate.score` computes."""

    articles: int = 0
    events_must: int = 0
    events_found: int = 0
    events_coded: int = 0
    events_correct: int = 0
    type_found: int = 0
    type_correct: int = 0
    hypothetical_leaks: int = 0
    per_type: tuple[TypeScore, ...] = ()
    quotes_must: int = 0
    quotes_found: int = 0
    counts_must: int = 0
    counts_found: int = 0
    misses: tuple[Miss, ...] = ()
    false_positives: tuple[FalsePositive, ...] = ()
    quote_misses: tuple[QuoteMiss, ...] = ()
    count_misses: tuple[CountMiss, ...] = ()
    uncoded: tuple[tuple[str, str], ...] = ()  # (article id, reason)
    ignore_location: bool = False

    # -- ratios ------------------------------------------------------------------
    @property
    def must_recall(self) -> float | None:
        return ratio(self.events_found, self.events_must)

    @property
    def precision(self) -> float | None:
        return ratio(self.events_correct, self.events_coded)

    @property
    def f1(self) -> float | None:
        return _f1(self.precision, self.must_recall)

    @property
    def type_recall(self) -> float | None:
        return ratio(self.type_found, self.events_must)

    @property
    def type_precision(self) -> float | None:
        return ratio(self.type_correct, self.events_coded)

    @property
    def quote_recall(self) -> float | None:
        return ratio(self.quotes_found, self.quotes_must)

    @property
    def count_recall(self) -> float | None:
        return ratio(self.counts_found, self.counts_must)

    @property
    def leaks(self) -> tuple[FalsePositive, ...]:
        """The false positives that are hypothetical leaks."""
        return tuple(fp for fp in self.false_positives if fp.hypothetical_leak)

    def type_score(self, kind: str) -> TypeScore:
        for item in self.per_type:
            if item.type == kind:
                return item
        return TypeScore(kind)

    # -- JSON --------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """The ``--json`` object of ``FORMAT.md``; a ratio with nothing to divide is None.

        ``per_type`` holds all 16 PLOVER types in their order, so that a script can
        index any of them; ratios are rounded to :data:`DIGITS` places.
        """
        return {
            "articles": self.articles,
            "events": {
                "must": self.events_must,
                "found": self.events_found,
                "must_recall": _round(self.must_recall),
                "coded": self.events_coded,
                "correct": self.events_correct,
                "precision": _round(self.precision),
                "f1": _round(self.f1),
                "type_recall": _round(self.type_recall),
                "type_precision": _round(self.type_precision),
                "hypothetical_leaks": self.hypothetical_leaks,
            },
            "per_type": {kind: self.type_score(kind).to_dict() for kind in PLOVER_TYPES},
            "quotes": {"must": self.quotes_must, "found": self.quotes_found, "recall": _round(self.quote_recall)},
            "counts": {"must": self.counts_must, "found": self.counts_found, "recall": _round(self.count_recall)},
            "misses": [m.to_dict() for m in self.misses],
            "false_positives": [fp.to_dict() for fp in self.false_positives],
        }


# -- text ------------------------------------------------------------------------

_CLIP = 320


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _clip(text: str | None, limit: int = _CLIP) -> str:
    if not text:
        return ""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _side(names: tuple[str, ...]) -> str:
    return " | ".join(names) if names else "*"


def _table(rows: list[list[str]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    out = []
    for row in rows:
        cells = [row[0].ljust(widths[0])] + [cell.rjust(widths[i]) for i, cell in enumerate(row) if i]
        out.append("  ".join(cells).rstrip())
    return out


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _false_positive_lines(fp: FalsePositive) -> list[str]:
    head = f"  [{fp.article}] {fp.type} ({fp.cameo})  {_side(fp.actors)} -> {_side(fp.recipients)}"
    if fp.date:
        head += f"  {fp.date}"
    if fp.location:
        head += f"  @ {fp.location}"
    lines = [head, f'      words:    "{_clip(fp.evidence)}" at {fp.span[0]}..{fp.span[1]}']
    if fp.sentence:
        lines.append(f'      sentence: "{_clip(fp.sentence)}"')
    lines.append(f"      why:      {fp.why}")
    return lines


def format_text(report: EvalReport) -> str:
    """The report for people: summary, per-type table, leaks, misses, false positives."""
    out: list[str] = []
    where = "locations ignored" if report.ignore_location else "locations scored"
    out.append(f"dotterel eval: {_plural(report.articles, 'article')} ({where})")
    out.append("")
    rows = [
        ["", "must", "found", "recall", "coded", "correct", "precision", "f1"],
        ["events", str(report.events_must), str(report.events_found), _num(report.must_recall),
         str(report.events_coded), str(report.events_correct), _num(report.precision), _num(report.f1)],
        ["events, type only", str(report.events_must), str(report.type_found), _num(report.type_recall),
         str(report.events_coded), str(report.type_correct), _num(report.type_precision), ""],
        ["quotes", str(report.quotes_must), str(report.quotes_found), _num(report.quote_recall), "", "", "", ""],
        ["counts", str(report.counts_must), str(report.counts_found), _num(report.count_recall), "", "", "", ""],
    ]
    out.extend(_table(rows))
    out.append("")
    if report.hypothetical_leaks:
        out.append(
            f"!!! HYPOTHETICAL LEAKS: {report.hypothetical_leaks} asserted event(s) that the gold says "
            "did NOT happen (listed below) !!!"
        )
    else:
        out.append("hypothetical leaks: 0")
    if report.uncoded:
        out.append(f"not coded: {_plural(len(report.uncoded), 'article')} (their must events count as misses)")

    used = [t for t in report.per_type if t.must or t.coded]
    if used:
        out.append("")
        rows = [["per type", "must", "found", "recall", "type recall", "coded", "correct", "precision",
                 "type precision"]]
        for t in used:
            rows.append([t.type, str(t.must), str(t.found), _num(t.recall), _num(t.type_recall), str(t.coded),
                         str(t.correct), _num(t.precision), _num(t.type_precision)])
        out.extend(_table(rows))

    if report.uncoded:
        out.append("")
        out.append(f"NOT CODED ({len(report.uncoded)})")
        for ident, reason in report.uncoded:
            out.append(f"  [{ident}] {reason}")

    leaks = report.leaks
    if leaks:
        out.append("")
        out.append(f"!!! HYPOTHETICAL LEAKS ({len(leaks)}): coded as real, but the gold says asserted: false !!!")
        for fp in leaks:
            out.extend(_false_positive_lines(fp))

    out.append("")
    out.append(f"MISSES ({len(report.misses)})")
    for miss in report.misses:
        kinds = "/".join(dict.fromkeys((miss.type, *miss.types_ok)))
        arrow = "<->" if miss.symmetric else "->"
        head = f"  [{miss.article}] {kinds}  {_side(miss.actors)} {arrow} {_side(miss.recipients)}"
        if miss.date:
            head += f"  {miss.date}"
        if miss.location:
            head += f"  @ {miss.location}"
        out.append(head)
        if miss.evidence:
            out.append(f'      evidence: "{_clip(miss.evidence)}"')
        if miss.sentence:
            out.append(f'      sentence: "{_clip(miss.sentence)}"')
        if miss.note:
            out.append(f"      note:     {_clip(miss.note)}")
        out.append(f"      why:      {miss.why}")

    out.append("")
    out.append(f"FALSE POSITIVES ({len(report.false_positives)})")
    for fp in report.false_positives:
        lines = _false_positive_lines(fp)
        if fp.hypothetical_leak:
            lines[0] += "  !!! HYPOTHETICAL LEAK"
        out.extend(lines)

    if report.quote_misses:
        out.append("")
        out.append(f"QUOTE MISSES ({len(report.quote_misses)})")
        for q in report.quote_misses:
            out.append(f'  [{q.article}] "{_clip(q.starts, 120)}" by {_side(q.speaker)}')
            out.append(f"      why:      {q.why}")
    if report.count_misses:
        out.append("")
        out.append(f"COUNT MISSES ({len(report.count_misses)})")
        for c in report.count_misses:
            about = f" {c.about}" if c.about else ""
            out.append(f"  [{c.article}] {c.number:,}{about}")
            out.append(f"      why:      {c.why}")
    return "\n".join(out) + "\n"
