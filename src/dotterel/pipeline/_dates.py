"""Date expressions in news text, resolved against the publication date.

"October 7, 2023", "Dec. 18, 2023", "overnight Monday into Tuesday", "on Tuesday",
"last weekend", "the next day", "two days ago", "earlier this month": each is found
with its span and resolved to an inclusive range of days with a precision. A
relative expression with no anchor ("the next day") is resolved against the
previous dated expression in the text; weekdays and "yesterday" against the
publication date. Without a publication date, only absolute dates resolve.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from dotterel.records import DateRange, Span

__all__ = ["DateMention", "find_dates"]

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
_WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10, "several": 3, "few": 3, "a few": 3}

_MON = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WD = r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_WD2 = r"(?P<wd2>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_NUM = r"(?P<num>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|a few)"

#: The patterns are written in lower case and run over the text lowered letter for letter
#: (ASCII only, so that every offset stays the same): faster than ``re.IGNORECASE``.
_ASCII_LOWER = str.maketrans({chr(c): chr(c + 32) for c in range(ord("A"), ord("Z") + 1)})
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        ("iso", r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b"),
        ("mdy", rf"\b{_MON}\s+{_DAY},?\s+{_YEAR}\b(?!-)"),
        ("dmy", rf"\b{_DAY}\s+{_MON},?\s+{_YEAR}\b"),
        ("md", rf"\b{_MON}\s+{_DAY}\b(?![-–]style)(?!\s*,?\s*(?:19|20)\d\d)(?!\d)"),
        ("dm", rf"\b{_DAY}\s+{_MON}\b(?!\s*,?\s*(?:19|20)\d\d)"),
        ("my", rf"\b(?:in\s+|since\s+|early\s+|late\s+|mid-?)?{_MON}\s+{_YEAR}\b"),
        ("overnight", rf"\b(?:overnight|late)\s+(?:on\s+)?{_WD}\s+(?:into|to|and)\s+(?:early\s+)?{_WD2}\b"),
        ("wd_range", rf"\b(?:between\s+)?{_WD}\s+(?:and|to|through)\s+{_WD2}\b"),
        ("last_wd", rf"\b(?P<rel>last|this|next|previous|past)\s+{_WD}\b"),
        ("wd", rf"\b(?:(?:on|early|late|overnight|by|since|until)\s+)?{_WD}(?:\s+(?:morning|afternoon|evening|night))?\b"),
        ("yesterday", r"\b(?:yesterday|the day before yesterday|today|tonight|this (?:morning|afternoon|evening)|last night|overnight)\b"),
        ("next_day", r"\b(?:the\s+same\s+day|the\s+(?:next|following|previous)\s+(?:day|morning|night|week)|a\s+day\s+(?:later|earlier|before)|the\s+day\s+(?:after|before)|(?:a|one)\s+week\s+later)\b"),
        ("ago", rf"\b{_NUM}\s+(?P<unit>days?|weeks?|months?|years?)\s+(?P<dir>ago|earlier|later|before)\b"),
        ("last_unit", r"\b(?P<rel>last|this|next|past|previous|earlier this|later this)\s+(?P<unit>weekend|week|month|year)\b"),
        ("year", rf"\b(?:in|since|during|by)\s+{_YEAR}\b"),
        ("days_after", rf"\b(?:{_NUM}\s+(?P<unit>days?|weeks?)|(?P<vague>hours|minutes|shortly|soon|moments))\s+(?P<dir>after|before)\b"),
        ("month", rf"\b(?P<rel>in|since|until|by|during|last|early|late|mid-?|earlier in|later in)\s+{_MON}\b(?!\s*\d)"),
        ("weekend", r"\b(?:over|at|during)\s+the\s+weekend\b|\bthis\s+weekend\b"),
    )
)


@dataclass(frozen=True, slots=True)
class DateMention:
    span: Span
    date: DateRange
    relative_to_text: bool  # resolved against another date in the text, not the anchor


def _weekday_before(anchor: dt.date, weekday: int, *, future: bool = False) -> dt.date:
    if future:
        delta = (weekday - anchor.weekday()) % 7 or 7
        return anchor + dt.timedelta(days=delta)
    delta = (anchor.weekday() - weekday) % 7
    return anchor - dt.timedelta(days=delta)


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_range(year: int, month: int) -> tuple[dt.date, dt.date]:
    first = dt.date(year, month, 1)
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return first, nxt - dt.timedelta(days=1)


def _resolve(kind: str, m: re.Match[str], anchor: dt.date | None, previous: DateRange | None):
    g = {k: (v.lower() if isinstance(v, str) else v) for k, v in m.groupdict().items()}
    if kind == "iso":
        day = _safe_date(int(g["y"]), int(g["m"]), int(g["d"]))
        return (day, day, "day") if day else None
    if kind in ("mdy", "dmy"):
        day = _safe_date(int(g["year"]), _MONTHS[g["mon"].rstrip(".")], int(g["day"]))
        return (day, day, "day") if day else None
    if kind in ("md", "dm"):
        if anchor is None:
            return None
        month, dnum = _MONTHS[g["mon"].rstrip(".")], int(g["day"])
        day = _safe_date(anchor.year, month, dnum)
        if day is None:
            return None
        if day > anchor + dt.timedelta(days=31):  # "December 28" read in January
            day = _safe_date(anchor.year - 1, month, dnum)
        return (day, day, "day") if day else None
    if kind == "my":
        start, end = _month_range(int(g["year"]), _MONTHS[g["mon"].rstrip(".")])
        return start, end, "month"
    if kind == "days_after":
        base = previous.start if previous is not None and previous.start else None
        if base is None:
            return None
        if g.get("vague"):
            return base, base, "day"
        num = g["num"]
        count = int(num) if num.isdigit() else _NUMBERS.get(num, 1)
        days = count * (7 if g["unit"].startswith("week") else 1)
        # "withdrew the bill on Wednesday, a day after protesters stormed parliament"
        day = base - dt.timedelta(days=days) if g["dir"] == "after" else base + dt.timedelta(days=days)
        return day, day, "day"
    if kind == "month":
        if anchor is None:
            return None
        month = _MONTHS[g["mon"].rstrip(".")]
        year = anchor.year if month <= anchor.month else anchor.year - 1
        start, end = _month_range(year, month)
        return start, min(end, anchor) if end > anchor >= start else end, "month"
    if kind == "weekend":
        if anchor is None:
            return None
        saturday = _weekday_before(anchor, 5)
        return saturday, min(saturday + dt.timedelta(days=1), anchor), "days"
    if kind == "year":
        year = int(g["year"])
        return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"
    if anchor is None:
        return None
    if kind in ("overnight", "wd_range"):
        second = _weekday_before(anchor, _WEEKDAYS[g["wd2"]])
        first = second - dt.timedelta(days=(_WEEKDAYS[g["wd2"]] - _WEEKDAYS[g["wd"]]) % 7)
        return first, second, "days"
    if kind == "last_wd":
        rel = g["rel"]
        wd = _WEEKDAYS[g["wd"]]
        if rel == "next":
            day = _weekday_before(anchor, wd, future=True)
        elif rel == "last" or rel == "previous" or rel == "past":
            day = _weekday_before(anchor - dt.timedelta(days=1), wd)
        else:
            day = _weekday_before(anchor, wd)
        return day, day, "day"
    if kind == "wd":
        day = _weekday_before(anchor, _WEEKDAYS[g["wd"]])
        return day, day, "day"
    if kind == "yesterday":
        text = m.group(0).lower()
        if text.startswith("the day before yesterday"):
            day = anchor - dt.timedelta(days=2)
            return day, day, "day"
        if text in ("yesterday", "last night"):
            day = anchor - dt.timedelta(days=1)
            return day, day, "day"
        if text == "overnight":
            # the night after the day the story is about, when that day is recent
            if previous is not None and previous.start and 0 <= (anchor - previous.start).days <= 3:
                return previous.start, previous.start + dt.timedelta(days=1), "days"
            return anchor - dt.timedelta(days=1), anchor, "days"
        return anchor, anchor, "day"
    if kind == "next_day":
        base = previous.start if previous is not None and previous.start else None
        if base is None:
            return None
        text = m.group(0).lower()
        sign = -1 if any(w in text for w in ("previous", "earlier", "before")) else 1
        days = 0 if "same" in text else 7 if "week" in text else 1
        day = base + dt.timedelta(days=sign * days)
        return day, day, "day"
    if kind == "ago":
        num = g["num"]
        count = int(num) if num.isdigit() else _NUMBERS.get(num, 1)
        unit = g["unit"].rstrip("s")
        days = {"day": 1, "week": 7, "month": 30, "year": 365}[unit] * count
        base = anchor
        if g["dir"] in ("later", "earlier", "before") and previous is not None and previous.start:
            base = previous.start
        sign = 1 if g["dir"] == "later" else -1
        day = base + dt.timedelta(days=sign * days)
        precision = "day" if unit == "day" else unit
        if unit == "day":
            return day, day, precision
        half = dt.timedelta(days=days // (2 * count) if count else 3)
        return day - half, min(day + half, anchor), precision
    if kind == "last_unit":
        rel, unit = g["rel"], g["unit"]
        if unit == "weekend":
            saturday = _weekday_before(anchor - dt.timedelta(days=1), 5)
            if rel == "next":
                saturday = _weekday_before(anchor, 5, future=True)
            return saturday, saturday + dt.timedelta(days=1), "days"
        if unit == "week":
            monday = anchor - dt.timedelta(days=anchor.weekday())
            if rel in ("last", "past", "previous"):
                monday -= dt.timedelta(days=7)
            elif rel == "next":
                monday += dt.timedelta(days=7)
            end = monday + dt.timedelta(days=6)
            if rel in ("this", "earlier this"):
                end = min(end, anchor)
            return monday, end, "week"
        if unit == "month":
            year, month = anchor.year, anchor.month
            if rel in ("last", "past", "previous"):
                year, month = (year - 1, 12) if month == 1 else (year, month - 1)
            elif rel == "next":
                year, month = (year + 1, 1) if month == 12 else (year, month + 1)
            start, end = _month_range(year, month)
            if rel == "earlier this":
                end = anchor
            return start, end, "month"
        year = anchor.year + {"last": -1, "past": -1, "previous": -1, "next": 1}.get(rel, 0)
        return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"
    return None


def find_dates(text: str, *, anchor: dt.date | None) -> list[DateMention]:
    """Every date expression in ``text``, in order, resolved where possible."""
    found: list[tuple[int, int, str, re.Match[str]]] = []
    taken: list[tuple[int, int]] = []
    lowered = text.translate(_ASCII_LOWER)
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(lowered):
            start, end = m.span()
            if any(start < e and s < end for s, e in taken):
                continue
            # "May" is a month only next to a day number or a year.
            if "mon" in m.groupdict() and (m.group("mon") or "").lower() == "may" and kind in ("md", "dm"):
                if not re.match(r"\s*\d", text[m.end("mon"):]) and not re.search(r"\d\s*$", text[:m.start("mon")]):
                    continue
            taken.append((start, end))
            found.append((start, end, kind, m))
    found.sort(key=lambda item: item[0])
    mentions: list[DateMention] = []
    previous: DateRange | None = None
    for start, end, kind, m in found:
        resolved = _resolve(kind, m, anchor, previous)
        words = text[start:end]
        if resolved is None:
            date = DateRange(None, None, "unknown", words, Span(start, end))
        else:
            first, last, precision = resolved
            date = DateRange(first, last, precision, words, Span(start, end))
        relative = kind in ("next_day", "days_after") or (kind == "ago" and m.group("dir") != "ago")
        mentions.append(DateMention(Span(start, end), date, relative))
        if date.start is not None and kind not in ("yesterday", "days_after") and precision_is_specific(date):
            previous = date
    return mentions


def precision_is_specific(date: DateRange) -> bool:
    return date.precision in ("day", "days")
