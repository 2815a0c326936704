"""A light post-filter of boilerplate lines left in extracted article text.

trafilatura finds the article body well; what it lets through are short lines that
belong to the page rather than the story: share and subscribe prompts, "Related:" and
"Read more:" links (and the teaser list under them), newsletter and social-media
invitations, bylines, photo credits, copyright notices, time stamps, reading times,
and the headline or standfirst repeated above the body. The rules are generic: they
name kinds of lines, never sites, and they only ever drop *short* lines, so a
paragraph of the story is not removed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

__all__ = ["filter_boilerplate", "is_boilerplate_line", "byline_authors"]

_WORD = re.compile(r"\w+")
_MAX_WORDS = 40  # no rule touches a line longer than this
_MAX_CALL_WORDS = 30  # calls to subscribe or follow are shorter still
_MAX_TEASER_WORDS = 20  # a headline in a list of links to other stories
_TOP_LINES = 3  # the headline and standfirst are repeated only at the top

#: Whole lines that are page furniture (matched on the full, stripped line).
_FURNITURE = re.compile(
    r"""^(?:
        share(?:\s+(?:this|on)\b.*)? | tweet | e-?mail | print | save | copy\s+link
      | advertisement | advertising | sponsored(?:\s+content)? | story\s+continues\s+below.*
      | continue\s+reading.* | skip\s+to\s+(?:main\s+)?content | tags?:? | topics:? | comments?
      | \d+\s+comments? | leave\s+a\s+(?:comment|reply) | (?:show|view|load)\s+comments
      | tell\s+us\s+what\s+you\s+think.* | what\s+do\s+you\s+think\?.* | have\s+your\s+say.*
      | an\s+error\s+(?:has\s+)?occurred.* | this\s+article\s+(?:has\s+been|was)\s+sent\s+to.*
      | (?:photo|image|video|picture)s?\s*:.* | (?:photo|image)\s+credits?.* | credits?:.*
      | source:\s*\S.{0,60}
    )$""",
    re.IGNORECASE | re.VERBOSE,
)

#: Headers of a block of links to other stories; the short lines under them go too.
_LIST_HEADER = re.compile(
    r"""^[\[(]?\s*(?:
        related(?:\s+(?:articles?|stories|posts?|content|coverage|links?|topics?|reading))?
      | read\s+more | read\s+also | also\s+read | see\s+(?:more|also) | more\s+stories | more\s+on\s+this\s+story
      | you\s+(?:may|might)\s+also\s+(?:like|enjoy|be\s+interested\s+in) | recommended(?:\s+for\s+you)?
      | (?:most|top)\s+(?:read|popular|viewed|shared)\b.{0,40} | trending(?:\s+now)? | don'?t\s+miss
      | what\s+to\s+read\s+next | up\s+next | more\s+from\s+.{1,40}
    )\s*[:.…]*\s*[\])]?$""",
    re.IGNORECASE | re.VERBOSE,
)

#: Lines that start like a link to something else or a call to action.
_LEAD_IN = re.compile(
    r"""^[\[(]?\s*(?:
        related(?:\s+\w+)? | read\s+more | read\s+also | also\s+read | see\s+more | more | watch | listen
      | also\s+on\s+\S+ | more\s+from\s+.{1,40} | don'?t\s+miss | recommended | trending
      | (?:click|tap)\s+here | download | filed\s+under | posted\s+in | categor(?:y|ies) | tags
    )\s*[:\-–—|]""",
    re.IGNORECASE | re.VERBOSE,
)

#: Calls to action: an imperative that asks the reader to subscribe, follow, share ...
_IMPERATIVE = re.compile(
    r"""^(?:please\s+)?(?:subscribe|sign\s+up|get|join|follow|like|share|download|listen|register|support
      |become|click|tap|read|watch|don'?t\s+miss|never\s+miss|stay|receive|enter|check\s+out|try|start)\b""",
    re.IGNORECASE | re.VERBOSE,
)
_CALL_OBJECT = re.compile(
    r"""\b(?:subscri\w+|sign\s+up|newsletters?|inbox|e-?mail|twitter|facebook|instagram|linkedin|tiktok
      |youtube|whatsapp|telegram|app|podcasts?|alerts?|free|here|today|now|updates?|offer|trial|friends?)\b""",
    re.IGNORECASE | re.VERBOSE,
)
#: The publisher speaking to its reader ("our newsletter", "your inbox", "follow us").
_ADDRESSED = re.compile(
    r"""(?:
        \b(?:our|free|daily|weekly)\s+(?:\w+\s+)?newsletters?\b | \b(?:your|the)\s+inbox\b
      | \b(?:subscribe|sign\s+up|register)\s+(?:to|for|with)\s+(?:our|the\s+\w+\s+newsletter)\b
      | \b(?:follow|join)\s+us\b | \blike\s+us\s+on\b | \bfollow\s+(?:him|her|them|@\w+)\b
      | \bfollow\b[^.]{0,60}\bon\s+(?:twitter|facebook|instagram|linkedin|tiktok|youtube|threads|bluesky|mastodon)\b
      | \bshare\s+(?:it|this)\b[^.]{0,30}\b(?:friends?|facebook|twitter|article|story|information)\b
      | \bcookies?\b.*\b(?:accept|consent|settings)\b
      | \ball\s+rights\s+reserved\b | \bfor\s+your\s+personal,?\s+non-?commercial\s+use\b
      | \bhave\s+a\s+(?:news\s+)?tip\b | \bif\s+you\s+(?:enjoyed|liked)\s+this\b | \bappeared\s+first\s+on\b
      | ^(?:write|reach|contact|e-?mail)\s+(?:to\s+)?(?:the\s+)?(?:\w+\s+){0,3}(?:at|on|via)\b
    )""",
    re.IGNORECASE | re.VERBOSE,
)

#: Credits for reporting and pictures.
_CREDIT = re.compile(
    r"""^\(?\s*(?:
        (?:additional\s+)?reporting\s+by\b | editing\s+by\b | written\s+by\b | compiled\s+by\b
      | (?:photo|image|picture)s?\s+(?:by|credit|courtesy)\b | credit\b
      | (?:AP|AFP|Reuters|Getty)\s+(?:photo|images?)\b | ©|\(c\)\s|copyright\b
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_INLINE_CREDIT = re.compile(
    r"\(\s*(?:photo\s+)?credits?\s*:|\((?:AP|AFP|Reuters|Getty)\s+(?:photo|images?)\b|\b(?:photo\s+)?credits?\s*:\s*\S|©",
    re.IGNORECASE,
)
_CONTRIBUTED = re.compile(r"\bcontributed\s+(?:to\s+)?(?:this|the)\s+(?:report|story|article)\b", re.IGNORECASE)

#: "By Jane Doe", "By Jane Doe and John Roe, Reuters", "Posted by ..." (short, no sentence).
_BYLINE = re.compile(
    r"^(?:(?:written|posted|published|reported)\s+)?by[:\s]+[A-Z\w][\w.'’\- ]{0,60}"
    r"(?:(?:,|\band\b|&|\||·|-|–|—)\s*[\w.'’\- ]{1,60}){0,4}$",
    re.IGNORECASE,
)

#: Lines that consist of an address: an e-mail, a URL, a handle, maybe after a label.
_ADDRESS = re.compile(
    r"^(?:[\w .'’-]{0,30}:\s*)?(?:\S+@\S+\.\w+|(?:https?://|www\.)\S+|(?:twitter|facebook|instagram)\.com/\S+|@\w+)\.?$",
    re.IGNORECASE,
)
#: A short line that ends by pointing the reader elsewhere ("... at https://...").
_POINTS_AWAY = re.compile(r"\bat\s+(?:https?://|www\.)\S+\s*\.?$|\bat\s+\S+@\S+\.[a-z]{2,}\.?$", re.IGNORECASE)
_MAX_ADDRESS_WORDS = 25

#: "Also on example.com <headline>": a link to another story of the site.
_ALSO_ON = re.compile(r"^also\s+on\s+[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b", re.IGNORECASE)

#: "[VIDEO]", "[INSIGHT]": capitalised tags that end teaser links.
_TEASER_TAG = re.compile(r"\[(?:[A-Z]{3,}\s*)+\]\s*\|?\s*$")

#: "3 min read", "Reading time: 2 minutes", "Tempo de leitura: 1 minuto".
_READING_TIME = re.compile(
    r"^(?:\d+\s*(?:min(?:ute)?s?|mins?)\.?\s+read|(?:estimated\s+)?reading\s+time\b.*|tempo\s+de\s+leitura\b.*"
    r"|temps\s+de\s+lecture\b.*|lesezeit\b.*|tiempo\s+de\s+lectura\b.*)$",
    re.IGNORECASE,
)

_MONTHS = (
    "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july"
    "|august|september|october|november|december"
)
_TIME = re.compile(r"\b\d{1,2}[:.h]\d{2}\b|\b\d{1,2}\s*(?:a\.?m\.?|p\.?m\.?)(?=\W|$)", re.IGNORECASE)
_DATE = re.compile(
    rf"\b\d{{1,4}}[/.\-]\d{{1,2}}[/.\-]\d{{1,4}}\b|\b(?:{_MONTHS})\.?\s+\d{{1,2}}\b"
    rf"|\b\d{{1,2}}\.?\s+(?:{_MONTHS})\b|\b(?:19|20)\d\d\b",
    re.IGNORECASE,
)
_STAMP_WORD = re.compile(
    r"^(?:updated|published|posted|last\s+updated|modified|first\s+published|date)\b", re.IGNORECASE
)
_SENTENCE_END = (".", "!", "?", '"', "”", "’", "'", ":", ";", ")", "。", "！", "？", "…")
_BULLET = re.compile(r"^\s*[-•*·–—]\s")


def _words(line: str) -> list[str]:
    return _WORD.findall(line)


def _clean(line: str) -> str:
    return line.strip().strip("|•·-–—* ").strip()


def _is_stamp(line: str, words: Sequence[str]) -> bool:
    """A time stamp line: "Updated at 1:23 p.m.", "05/10/2018 - Publicado por: ..."."""
    if len(words) > 14:
        return False
    if _STAMP_WORD.match(line) and (_TIME.search(line) or _DATE.search(line)):
        return True
    return bool(_TIME.search(line) and _DATE.search(line) and not line.endswith(_SENTENCE_END))


def _is_call(line: str) -> bool:
    if _ADDRESSED.search(line):
        return True
    return bool(_IMPERATIVE.match(line) and _CALL_OBJECT.search(line))


def is_boilerplate_line(line: str) -> bool:
    """Whether one line of extracted text is page furniture rather than story."""
    stripped = _clean(line)
    if not stripped:
        return False
    words = _words(stripped)
    if len(words) > _MAX_WORDS:
        return False
    if _FURNITURE.match(stripped) or _LIST_HEADER.match(stripped) or _ADDRESS.match(stripped):
        return True
    if _LEAD_IN.match(stripped) or _ALSO_ON.match(stripped) or _TEASER_TAG.search(stripped):
        return True
    if _READING_TIME.match(stripped):
        return True
    if len(words) <= _MAX_CALL_WORDS and _is_call(stripped):
        return True
    if _CREDIT.match(stripped) or _CONTRIBUTED.search(stripped) or _INLINE_CREDIT.search(stripped):
        return True
    if len(words) <= _MAX_ADDRESS_WORDS and _POINTS_AWAY.search(stripped):
        return True
    if len(words) <= 12 and _BYLINE.match(stripped):
        return True
    return _is_stamp(stripped, words)


_BYLINE_START = re.compile(r"^(?:(?:written|posted|published|reported)\s+)?by[:\s]+(?P<rest>.+)$", re.IGNORECASE)
_BYLINE_ROLE = re.compile(
    r"\b(?:correspondent|editor|reporter|writer|staff|bureau|desk|contributor|columnist|agency|news|press|wire)\b",
    re.IGNORECASE,
)


def byline_authors(lines: Iterable[str], *, look: int = 6) -> tuple[str, ...]:
    """The names in a byline ("By Jane Doe and John Roe") among the first lines, if any."""
    for index, line in enumerate(lines):
        if index >= look:
            break
        stripped = _clean(line)
        if not stripped or len(_words(stripped)) > 12:
            continue
        match = _BYLINE_START.match(stripped)
        if match:
            names = re.split(r"[|·•–—(]", match.group("rest"), maxsplit=1)[0]
            parts = (p.strip(" .") for p in re.split(r"\s*(?:,|\band\b|&)\s*", names))
            found = tuple(
                p for p in parts if p and p[0].isupper() and len(p.split()) <= 4 and not _BYLINE_ROLE.search(p)
            )
            if found:
                return found
    return ()


def _is_teaser(line: str) -> bool:
    """A short headline-like line (no sentence punctuation at its end)."""
    stripped = _clean(line)
    return bool(stripped) and len(_words(stripped)) <= _MAX_TEASER_WORDS and not stripped.endswith(_SENTENCE_END)


def _word_set(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in _words(text))


def _repeats(line: str, heading: str | None) -> bool:
    """Whether ``line`` restates ``heading`` (most of its words, in a short line)."""
    if not heading:
        return False
    a, b = _word_set(line), _word_set(heading)
    if not a or not b:
        return False
    if a == b:
        return True
    return len(a) >= 3 and len(a & b) / len(a | b) >= 0.6


def filter_boilerplate(lines: Iterable[str], *, title: str | None = None, description: str | None = None) -> list[str]:
    """The lines of an extracted text without the boilerplate ones.

    ``title`` and ``description`` are the page's headline and standfirst: a line at
    the top that restates one of them (and is not a sentence) is dropped, and a line
    anywhere that repeats the headline word for word.
    """
    kept: list[str] = []
    top = 0  # lines of text kept so far
    # Under a "Related" header, the teaser lines that follow go too; under a
    # "Related: <link>" line, the bulleted ones.
    under_header = under_link = False
    for line in lines:
        stripped = _clean(line)
        if not stripped:
            kept.append(line)
            continue
        if _is_teaser(stripped) and (under_header or (under_link and _BULLET.match(line))):
            continue
        under_header = bool(_LIST_HEADER.match(stripped))
        under_link = not under_header and bool(_LEAD_IN.match(stripped))
        if under_header or under_link or is_boilerplate_line(stripped):
            continue
        if title and _word_set(stripped) == _word_set(title):
            continue
        if top < _TOP_LINES and not stripped.endswith(_SENTENCE_END) and _repeats(stripped, title):
            continue
        kept.append(line)
        top += 1
    return kept
