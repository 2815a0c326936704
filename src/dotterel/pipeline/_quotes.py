"""Quotations with their speakers, and the counts an article reports."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from dotterel.lexicon import Lexicon
from dotterel.pipeline._actors import ArticleActors
from dotterel.records import Actor, Count, Quote, Span
from dotterel.pipeline._text import text_of

__all__ = ["find_quotes", "find_counts"]

_QUOTE_PAIRS = re.compile(r"“([^”]{2,4000}?)”|\"([^\"\n]{2,4000}?)\"|«([^»]{2,4000}?)»")
_QUALIFIERS = (
    "at least", "more than", "as many as", "up to", "nearly", "almost", "about", "around", "some",
    "over", "roughly", "approximately", "fewer than", "less than", "close to", "an estimated", "at most",
)
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
}
_SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "hundred": 100}


def _reporting_verb(token: Token, lexicon: Lexicon) -> bool:
    lemma = token.lemma_.lower()
    if token.pos_ not in ("VERB", "AUX"):
        return False
    if lemma in lexicon.reporting_verbs or lemma in ("warn", "urge", "write", "tell", "ask"):
        return True
    return lemma == "make" and any(c.lower_ == "clear" for c in token.children)


def _subject_of(verb: Token) -> Token | None:
    current = verb
    for _ in range(4):
        for child in current.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                return child
        if current.dep_ in ("advcl", "xcomp", "conj", "ccomp") and current.head != current:
            current = current.head
            continue
        break
    return None


def _speaker(subject: Token, actors: ArticleActors) -> Actor:
    coded = actors.code(subject, fallback=True)
    words = [t for t in subject.subtree if not t.is_punct] or [subject]
    start, end = words[0].idx, words[-1].idx + len(words[-1].text)
    text = text_of(subject.doc)[start:end]
    if coded:
        actor = coded[0]
        return Actor(text, Span(start, end), actor.name, actor.country, actor.sectors, actor.kind,
                     actor.title, actor.aliases, actor.resolved_from)
    return Actor(text, Span(start, end), text, None, (), "organisation")


def find_quotes(doc: Doc, actors: ArticleActors, lexicon: Lexicon, sentence_of: dict[int, int]) -> list[Quote]:
    text = text_of(doc)
    quotes: list[Quote] = []
    previous: Quote | None = None
    for match in _QUOTE_PAIRS.finditer(text):
        group = next(g for g in range(1, 4) if match.group(g) is not None)
        inner_start, inner_end = match.span(group)
        words = text[inner_start:inner_end]
        if len(words.split()) < 3:
            continue
        # trim trailing punctuation inside the marks ("...,")
        stripped = words.rstrip(" ,.;:")
        inner_end = inner_start + len(stripped)
        span = Span(inner_start, inner_end)
        first = doc.char_span(match.start(), match.start() + 1, alignment_mode="expand")
        last = doc.char_span(match.end() - 1, match.end(), alignment_mode="expand")
        if first is None or last is None:
            continue
        sents = {first[0].sent.start, last[-1].sent.start}
        tokens = [t for s in {first[0].sent, last[-1].sent} for t in s]
        inside = {t.i for t in doc.char_span(match.start(), match.end(), alignment_mode="expand") or []}
        verbs = [t for t in tokens if t.i not in inside and _reporting_verb(t, lexicon)]
        speaker: Actor | None = None
        verb: Token | None = None
        if verbs:
            verb = min(verbs, key=lambda t: (abs(t.i - last[-1].i) if t.i > last[-1].i else abs(first[0].i - t.i) + 0.5))
            subject = _subject_of(verb)
            if subject is not None and subject.i not in inside:
                speaker = _speaker(subject, actors)
        if speaker is None:
            for t in tokens:
                if t.lower_ == "according" and t.i not in inside and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "to":
                    objs = [c for c in doc[t.i + 1].children if c.dep_ == "pobj"]
                    if objs:
                        speaker = _speaker(objs[0], actors)
                        verb = t
                        break
        opens_sentence = not text[first[0].sent.start_char:match.start()].strip()
        if speaker is None and opens_sentence and previous is not None and previous.speaker is not None:
            # a quote standing as its own sentence after another: the same speaker
            speaker = previous.speaker
        quote = Quote(
            text=stripped,
            span=span,
            speaker=speaker,
            verb=verb.text if verb is not None and verb.lower_ != "according" else ("according to" if verb is not None else None),
            verb_span=Span(verb.idx, verb.idx + len(verb.text)) if verb is not None else None,
            sentence=sentence_of.get(min(sents), 0),
        )
        quotes.append(quote)
        previous = quote
    return quotes


def _number_value(tokens: list[Token]) -> int | None:
    total = 0
    current = 0
    seen = False
    for token in tokens:
        word = token.lower_.replace(",", "")
        if re.fullmatch(r"\d+(?:\.\d+)?", word):
            current += float(word)  # type: ignore[assignment]
            seen = True
        elif word in _SCALES and seen:
            current = (current or 1) * _SCALES[word]
            if _SCALES[word] >= 1000:
                total += current
                current = 0
        elif word in _NUMBER_WORDS:
            current += _NUMBER_WORDS[word]
            seen = True
        elif word in ("and", "-"):
            continue
        else:
            return None
    if not seen:
        return None
    return int(total + current)


def find_counts(
    doc: Doc,
    categories: dict[str, str],
    sentence_of: dict[int, int],
    date_tokens: set[int],
) -> list[Count]:
    counts: list[Count] = []
    i = 0
    n = len(doc)
    while i < n:
        token = doc[i]
        if not token.like_num or token.i in date_tokens or token.ent_type_ in ("DATE", "TIME", "PERCENT", "MONEY", "ORDINAL"):
            i += 1
            continue
        j = i
        while j + 1 < n and (doc[j + 1].like_num or doc[j + 1].lower_ in _SCALES) and doc[j + 1].i not in date_tokens:
            j += 1
        number_tokens = list(doc[i:j + 1])
        value = _number_value(number_tokens)
        head = doc[j]
        i = j + 1
        if value is None or value <= 0:
            continue
        category = _category(head, categories)
        if category is None:
            continue
        start = doc[number_tokens[0].i]
        qualifier = None
        before = text_of(doc)[max(0, start.idx - 20):start.idx].lower().rstrip()
        for q in _QUALIFIERS:
            if before.endswith(q):
                qualifier = q
                break
        span_start = start.idx - (len(qualifier) + 1 if qualifier else 0)
        span_end = head.idx + len(head.text)
        counts.append(Count(value, category, Span(span_start, span_end), text_of(doc)[span_start:span_end], qualifier,
                            sentence_of.get(token.sent.start, 0)))
    return counts


_PEOPLE = {
    "people", "person", "civilian", "man", "woman", "child", "resident", "villager", "soldier", "worker",
    "passenger", "crew", "member", "sailor", "student", "journalist", "official", "hostage", "national",
}
#: Verbs that count people only when what they count is people ("held 30 people", not "held 3 meetings").
_PEOPLE_ONLY = {"hold", "seize", "take", "free", "release"}


def _category(number: Token, categories: dict[str, str]) -> str | None:
    """What a number counts: the counted noun, a participle beside it, or its verb."""
    noun = number.head if number.dep_ in ("nummod", "quantmod", "compound") else number
    lemma = noun.lemma_.lower()
    if noun != number and lemma in categories and noun.pos_ in ("NOUN", "ADJ", "PROPN", "VERB"):
        return categories[lemma]
    # "at least 120 wounded", "20 people killed"
    for token in (number, noun):
        for child in token.children:
            if child.dep_ in ("acl", "relcl", "amod", "appos") and child.lemma_.lower() in categories:
                return categories[child.lemma_.lower()]
    people = noun.lemma_.lower() in _PEOPLE or noun.ent_type_ == "NORP" or noun.tag_ == "NNPS"
    # the verb the counted group belongs to: "63,500 Israelis were evacuated", "killing 20 people"
    current = noun
    for _ in range(3):
        if current.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "appos", "conj", "attr") or current.dep_ == "ROOT":
            head = current.head
            if current.dep_ == "pobj":
                head = head.head
            verb = head.lemma_.lower()
            if verb in categories and head.pos_ in ("VERB", "ADJ", "NOUN") and (verb not in _PEOPLE_ONLY or people):
                return categories[verb]
            if head.pos_ in ("VERB", "AUX"):
                for child in head.children:
                    # "were shot dead", "were treated for injuries"
                    if child.dep_ in ("acomp", "oprd", "xcomp") and child.lemma_.lower() in categories:
                        return categories[child.lemma_.lower()]
                    if child.dep_ == "prep":
                        for pobj in child.children:
                            if pobj.dep_ == "pobj" and pobj.lemma_.lower() in categories and pobj.pos_ == "NOUN":
                                return categories[pobj.lemma_.lower()]
            if current.dep_ == "conj":
                current = head
                continue
        break
    return None
