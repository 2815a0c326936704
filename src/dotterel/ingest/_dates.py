"""Publication dates: parsing what metadata says, and what a text's dateline says.

Only explicit statements of when a text was published count: a date stamp line
("Published: March 3, 2024"), or a dateline opening the story ("WASHINGTON, March 3,
2024 —"). A date inside a sentence ("... in Tel Aviv on Dec. 18, 2023.") is about
something else, and a photo caption's date never counts.
"""

from __future__ import annotations

import datetime as _dt
import re
import time

from dateutil import parser as _dateparser

__all__ = ["parse_date", "date_from_text", "date_from_url", "is_caption_line"]

_EARLIEST = 1800


def _plausible(day: _dt.date, *, today: _dt.date | None = None) -> bool:
    today = today or _dt.date.today()
    return day.year >= _EARLIEST and day <= today + _dt.timedelta(days=2)


def parse_date(value: object) -> _dt.date | None:
    """A date from a metadata value (ISO 8601, RFC 822, "March 3, 2024", epoch, ...).

    The date is the one written (a time zone offset is not applied), so a story
    published at 01:30 local time keeps its local day. ``None`` when it is not a
    plausible publication date.
    """
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        day = value.date()
    elif isinstance(value, _dt.date):
        day = value
    elif isinstance(value, time.struct_time):
        try:
            day = _dt.date(value.tm_year, value.tm_mon, value.tm_mday)
        except ValueError:
            return None
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        seconds = float(value) / (1000.0 if value > 1e11 else 1.0)
        try:
            day = _dt.datetime.fromtimestamp(seconds, tz=_dt.UTC).date()
        except (OverflowError, OSError, ValueError):
            return None
    else:
        text = str(value).strip()
        if not text or len(text) > 80:
            return None
        if re.fullmatch(r"\d{10}(?:\d{3})?", text):
            return parse_date(int(text))
        try:
            day = _dt.date.fromisoformat(text[:10]) if re.match(r"\d{4}-\d\d-\d\d", text) else None
        except ValueError:
            day = None
        if day is None:
            try:
                parsed = _dateparser.parse(text, default=_dt.datetime(1, 1, 1), fuzzy=False, ignoretz=True)
            except (ValueError, OverflowError, TypeError):
                return None
            if parsed.year == 1:  # no year given: not a full date
                return None
            day = parsed.date()
    return day if _plausible(day) else None


_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+)?"
#: An explicit calendar date with a year.
_DATE = (
    rf"{_WEEKDAY}(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}"
    rf"|\d{{4}}-\d{{2}}-\d{{2}})"
)
_TIME = r"(?:,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)?"

#: "Published: March 3, 2024 10:00 EST", "Updated 3 March 2024", "March 3, 2024".
_STAMP = re.compile(
    rf"^(?:(?:first\s+)?(?:published|posted|updated|last\s+updated|date)(?:\s+on)?\s*[:\-–—]?\s*)?(?P<date>{_DATE}){_TIME}\s*[.|]?$",
    re.IGNORECASE,
)
#: "WASHINGTON, March 3, 2024 (Reuters) —", "March 3, 2024 —", "LONDON (AP) — March 3, 2024 —".
_DATELINE = re.compile(
    rf"^(?:[A-Z][A-Za-z.'’\- ]{{1,40}}(?:,\s*[A-Z][A-Za-z.'’\- ]{{1,30}})?\s*(?:\([A-Za-z ]{{2,30}}\)\s*)?[,:\-–—]\s*)?"
    rf"(?P<date>{_DATE}){_TIME}\s*(?:\([A-Za-z ]{{2,30}}\)\s*)?[\-–—:]",
)
_CAPTION = re.compile(
    r"\b(?:photo|photograph|picture|image|caption|credit|file\s+photo|pictured|getty|shutterstock)\b|\(\s*(?:AP|AFP|Reuters|EPA)\s*(?:photo|/)",
    re.IGNORECASE,
)
_LOOK_LINES = 6
_LOOK_CHARS = 1200


def is_caption_line(line: str) -> bool:
    """Whether a line reads like a photo caption or credit."""
    return bool(_CAPTION.search(line))


def date_from_text(text: str) -> _dt.date | None:
    """The publication date a text states at its top, or ``None``.

    Looks at the first few lines only, for a date stamp line or a dateline; caption
    lines are passed over.
    """
    seen = 0
    for raw in text[:_LOOK_CHARS].splitlines():
        line = raw.strip()
        if not line:
            continue
        seen += 1
        if seen > _LOOK_LINES:
            break
        if is_caption_line(line):
            continue
        match = _STAMP.match(line) or _DATELINE.match(line)
        if match:
            day = parse_date(match.group("date"))
            if day is not None:
                return day
    return None


_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/\-_]?(0[1-9]|1[0-2])[/\-_]?(0[1-9]|[12]\d|3[01])(?:/|[-_]|\.html?|$)")


def date_from_url(url: str | None) -> _dt.date | None:
    """A date in a URL's path (``/2024/03/05/``, ``/2024-03-05-``), or ``None``."""
    if not url:
        return None
    match = _URL_DATE.search(url.split("?", 1)[0])
    if not match:
        return None
    try:
        day = _dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None
    return day if _plausible(day) else None
