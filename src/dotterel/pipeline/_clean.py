"""Clean-up of real pages pasted as text, without moving a single character.

The cleaner returns a *view* of the text of exactly the same length, in which
boilerplate (share lines, photo credits, bylines, datelines' agency tags) is
blanked with spaces, and a list of blocks with their roles (headline, caption,
byline, dateline, body, boilerplate). spaCy parses the view, so every token's
offsets are offsets into the original article text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dotterel.records import Block, Span

__all__ = ["CleanText", "clean_text", "parse_byline"]

# Lines that are page furniture, not news. Matched against a stripped line.
_BOILERPLATE = re.compile(
    r"""^(?:
        share\b.{0,60}$ | share\ this | tweet\ this | email\ this | print\ this
      | click\ here | subscribe\b | sign\ up\b | follow\ us | related(?:\ articles?|\ stories)?:?$
      | read\ (?:more|also|next)\b | advertisement$ | sponsored | all\ rights\ reserved
      | copyright\b | ©.{0,80}$ | photo\ credit:.*$ | (?:photo|image|picture|video)s?:\ .{0,120}$
      | (?:facebook|twitter|whatsapp|telegram|linkedin|reddit|pinterest)(?:\ |$).{0,40}$
      | comments?\ \(\d+\)$ | leave\ a\ (?:comment|reply)
      | (?:also\ read|see\ also|more\ on\ this)\b.{0,100}$
      | (?:tags?|topics?|filed\ under):.{0,200}$
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# A credit glued to a caption: "...Dec. 18, 2023.Photo Credit: Chad McNeeley / ..."
_CREDIT = re.compile(
    r"(?:Photo|Image|Picture)\s*(?:Credit|courtesy)?\s*:|\((?:Photo|Image)[^)]{0,80}\)|"
    r"\b(?:AP|AFP|Reuters|Getty Images|EPA)\s*/\s*[A-Z][\w .'-]{0,60}$|Credit:\s",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^(?:by|written by|reporting by|editing by)\b[\s·:,-]", re.IGNORECASE)
# "GENEVA (Reuters) —", "KYIV, Ukraine (AP) -", "ANKARA, March 3 (Dotterel Wire) –"
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z .'’-]{1,40}(?:,\s*[A-Z][\w .'’-]{1,40})?)"
    r"(?:,\s*\w+\.?\s+\d{1,2})?\s*(?:\((?P<agency>[^)]{1,40})\))?\s*[—–-]{1,2}\s+"
)


@dataclass(frozen=True, slots=True)
class CleanText:
    view: str  # same length as the text; blanked where boilerplate
    blocks: tuple[Block, ...]
    breaks: tuple[int, ...]  # character offsets where a new sentence must start
    dateline: Span | None = None  # the place words of a dateline ("GENEVA")

    def role_at(self, offset: int) -> str:
        for block in self.blocks:
            if block.span.start <= offset < block.span.end:
                return block.role
        return "body"


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] not in "\n":
            chars[i] = " "


def clean_text(text: str, *, title: str | None = None) -> CleanText:
    """Find the parts of ``text`` and blank its boilerplate in a same-length view."""
    chars = list(text)
    # Control characters and odd spaces break tokenisation; replace them one for one.
    for i, ch in enumerate(chars):
        if ch in "\t\r\f\v\u00a0\u2007\u202f\u200b\ufeff" or (ord(ch) < 32 and ch != "\n"):
            chars[i] = " "
    blocks: list[Block] = []
    breaks: list[int] = []
    dateline: Span | None = None
    seen_body = False
    title_norm = re.sub(r"\W+", " ", title).strip().lower() if title else None

    offset = 0
    lines = text.split("\n")
    for index, line in enumerate(lines):
        start, end = offset, offset + len(line)
        offset = end + 1
        stripped = line.strip()
        if not stripped:
            continue
        lead = start + (len(line) - len(line.lstrip()))
        breaks.append(lead)
        span = Span(lead, start + len(line.rstrip()))
        norm = re.sub(r"\W+", " ", stripped).strip().lower()

        if _BOILERPLATE.match(stripped) and len(stripped) < 250:
            blocks.append(Block("boilerplate", span))
            _blank(chars, span.start, span.end)
            continue
        if _BYLINE.match(stripped) and len(stripped) < 100:
            blocks.append(Block("byline", span))
            _blank(chars, span.start, span.end)
            continue
        credit = _CREDIT.search(stripped)
        if credit is not None and not seen_body:
            cut = lead + credit.start()
            if cut > lead:
                blocks.append(Block("caption", Span(lead, cut)))
            blocks.append(Block("boilerplate", Span(cut, span.end)))
            _blank(chars, cut, span.end)
            if cut > lead and chars[cut - 1] not in " .":
                pass
            continue
        next_blank = index + 1 >= len(lines) or not lines[index + 1].strip()
        looks_like_headline = (
            not seen_body
            and len(stripped) <= 160
            and not re.search(r"[.!?\"”]$", stripped)
            and next_blank
            and len(stripped.split()) >= 3
        )
        if (title_norm and norm == title_norm) or looks_like_headline:
            blocks.append(Block("headline", span))
            continue
        match = _DATELINE.match(stripped)
        if match and not seen_body and (match.group("agency") or re.search(r"[—–]", match.group(0))):
            place_end = lead + len(match.group("place").rstrip(" ,"))
            dateline = Span(lead, place_end)
            blocks.append(Block("dateline", Span(lead, lead + match.end())))
            _blank(chars, lead, lead + match.end())
            breaks.append(lead + match.end())
            blocks.append(Block("body", Span(lead + match.end(), span.end)))
            seen_body = True
            continue
        blocks.append(Block("body", span))
        seen_body = True

    return CleanText(view="".join(chars), blocks=tuple(blocks), breaks=tuple(sorted(set(breaks))), dateline=dateline)


_PUBLISHER_WORDS = re.compile(
    r"\b(?:Press|News|Times|Post|Agency|Reuters|AP|AFP|Wire|Journal|Herald|Tribune|Gazette|Daily|Media|"
    r"TV|Radio|Telegraph|Guardian|Observer|Chronicle|Review|Magazine|Network|Broadcasting|Bureau|Monitor|"
    r"Mail|Express|Star|Standard|Independent|Globe|Sun|Nation|Report|Digest|Insider|Today)\b"
)


def parse_byline(line: str) -> tuple[str | None, list[str]]:
    """Split a byline into (publisher, authors): "by · The Jewish Press", "By Jane Roe, Reuters"."""
    body = _BYLINE.sub("", line.strip(), count=1).strip(" ·|,-:")
    if not body:
        return None, []
    parts = [p.strip(" ·|,-") for p in re.split(r"\s*[·|,/]\s*|\s+for\s+|\s+and\s+", body) if p.strip(" ·|,-")]
    publisher = None
    authors: list[str] = []
    for part in parts:
        if publisher is None and _PUBLISHER_WORDS.search(part):
            publisher = part
        elif len(part.split()) <= 4 and all(w[:1].isupper() for w in part.split()):
            authors.append(part)
    return publisher, authors
