"""Finding and coding actors in a parsed document.

:class:`ArticleActors` finds the names of the knowledge base in a document
(countries, demonyms, capitals, organisations, people), registers each person
introduced with a title ("Israeli Defense Minister Yoav Gallant") so that later
bare mentions ("Gallant") and descriptions ("the Israeli defense minister",
"both men") resolve to them, and codes any noun phrase into actors.
"""

from __future__ import annotations

import dataclasses
import re
import datetime as dt
from dataclasses import dataclass, field
from typing import Callable

from spacy.attrs import LEMMA, LOWER, POS
from spacy.parts_of_speech import PROPN
from spacy.tokens import Doc, Span as SpacySpan, Token

from dotterel.actors import ActorKB, LearnedPeople, NameEntry, iter_sector_codes
from dotterel.records import Actor, Span
from dotterel.pipeline._text import text_of

__all__ = ["Mention", "Person", "ArticleActors"]

_PRONOUNS_PERSON = {"he", "she", "him", "her", "his"}
_QUOTED = re.compile(r"“[^”]{2,4000}?”|\"[^\"\n]{2,4000}?\"")
_PRONOUNS_GROUP = {"it", "its", "they", "their", "them", "we", "our", "itself", "themselves"}
_PAIR_WORDS = {"man", "leader", "minister", "official", "president", "side", "counterpart", "chief", "secretary", "diplomat"}
_TITLE_STOP_POS = {"VERB", "AUX", "PUNCT", "CCONJ", "SCONJ", "PRON", "NUM", "ADV"}
_COLLECTIVE_HEADS = {
    "group", "delegation", "team", "number", "thousand", "hundred", "dozen", "ten", "score", "million",
    "member", "crowd", "band", "contingent", "unit", "some", "many", "most", "all", "majority",
    "representative", "couple", "handful", "several", "mob", "column", "convoy", "battalion", "squad",
}
def _non_governmental(sectors) -> str | None:
    """"an aid group", "the Third World Water Forum": non-governmental, of no stated country."""
    return "NGO" if "NGO" in sectors else None


#: Agent words with no sector of their own: a country's leaders are its government.
_LEADERS = {"leader", "ruler", "leadership"}
_PEOPLE_HEADS = {
    "group", "coalition", "alliance", "bloc", "front", "force", "unit", "member", "people", "man", "woman", "personnel", "element", "official",
    "leader", "officer", "fighter", "supporter", "faction", "wing", "organization", "organisation",
    "movement", "body", "agency", "authority", "worker", "youth", "crowd", "gunman", "troop", "activist",
    "representative", "delegation", "team", "squad", "brigade", "battalion", "militia", "cell", "network",
}
_GENERIC_HEADS = {"country", "nation", "state", "government", "side"}


@dataclass(frozen=True, slots=True)
class Mention:
    start: int  # token index
    end: int  # token index, exclusive
    entry: NameEntry


@dataclass
class Person:
    name: str
    country: str | None
    sectors: tuple[str, ...]
    title: str | None
    first: int  # token index of the first mention
    aliases: tuple[str, ...] = ()
    last_seen: int = 0
    intro: tuple[int, int] | None = None  # token span of the words that introduced the office


@dataclass
class ArticleActors:
    doc: Doc
    kb: ActorKB
    day: dt.date | None
    learned: LearnedPeople | None = None
    place_country: Callable[[str], str | None] | None = None  # a place name's country, from the gazetteer
    mentions: list[Mention] = field(default_factory=list)
    by_token: dict[int, Mention] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)  # lower-case full name / surname -> person
    person_at: dict[int, Person] = field(default_factory=dict)  # token index -> person
    order: list[tuple[int, Person]] = field(default_factory=list)  # (token index, person), in text order
    pairs: list[tuple[int, tuple[Person, Person]]] = field(default_factory=list)
    quoted: set[int] = field(default_factory=set)  # token indices inside quotation marks
    _lowers: list[str] = field(default_factory=list, repr=False)  # each token's lower-case form
    _lemmas: list[str] = field(default_factory=list, repr=False)  # each token's lower-case lemma
    _proper: list[int] = field(default_factory=list, repr=False)  # the indices of proper nouns
    _coded: dict[tuple[int, bool], tuple[Actor, ...]] = field(default_factory=dict, repr=False)  # code()'s answers

    # -- building ---------------------------------------------------------------
    @classmethod
    def build(cls, doc: Doc, kb: ActorKB, *, day: dt.date | None,
              learned: LearnedPeople | None = None,
              place_country: Callable[[str], str | None] | None = None) -> "ArticleActors":
        self = cls(doc, kb, day, learned, place_country)
        # each token's forms read once, from arrays (doc[i] builds a Token at every look)
        if len(doc):
            strings = doc.vocab.strings
            columns = doc.to_array([LOWER, LEMMA, POS])
            self._lowers = [strings[int(h)] for h in columns[:, 0]]
            self._lemmas = [strings[int(h)].lower() for h in columns[:, 1]]
            self._proper = [i for i, pos in enumerate(columns[:, 2]) if int(pos) == PROPN]
        for match in _QUOTED.finditer(text_of(doc)):
            span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
            if span is not None:
                self.quoted.update(range(span.start, span.end))
        self._find_names()
        self._find_people()
        return self

    def focus_country(self, around: int | None = None) -> str | None:
        """The country the text is about: the one named most often in it."""
        from collections import Counter

        def count(mentions) -> Counter:
            counter: Counter = Counter()
            for mention in mentions:
                code = mention.entry.country
                if code and code not in ("IGO", "NGO", "IMG", "MNC"):
                    counter[code] += 1
            return counter

        overall = count(self.mentions)
        if overall:
            return overall.most_common(1)[0][0]
        return None

    def _find_names(self) -> None:
        doc, names = self.doc, self.kb.names
        i, n = 0, len(doc)
        lowers = self._lowers
        person_tokens = {t.i for ent in doc.ents if ent.label_ == "PERSON" for t in ent}
        while i < n:
            candidates = names.get(lowers[i])
            matched = None
            if candidates and not doc[i].is_space:
                for tokens, entry in candidates:
                    end = i + len(tokens)
                    if end > n:
                        continue
                    if len(tokens) > 1 and lowers[i + 1:end] != list(tokens[1:]):
                        continue
                    if not self._case_ok(doc[i:end], entry):
                        continue
                    if entry.kind in ("country", "adjective", "capital") and i in person_tokens and end - i == 1:
                        # "Jordan" inside "Michael Jordan": the person wins, unless the entity is just this word
                        ents = [e for e in doc.ents if e.start <= i < e.end and e.label_ == "PERSON"]
                        if ents and len(ents[0]) > 1 and i > ents[0].start:
                            continue  # "Michael Jordan"; but "Kyrgyz President Askar Akayev" keeps "Kyrgyz"
                    matched = Mention(i, end, entry)
                    break
            if matched is not None:
                self.mentions.append(matched)
                for k in range(matched.start, matched.end):
                    self.by_token[k] = matched
                i = matched.end
            else:
                i += 1

    @staticmethod
    def _case_ok(span: SpacySpan, entry: NameEntry) -> bool:
        first = span[0].text
        if not first[:1].isupper():
            # "al-Qaeda", "al-Shabaab": a lower-case particle before a capitalised name
            return len(span) > 1 and first.lower() in ("al", "el", "ad", "as", "ash", "an", "ar", "at", "de", "van", "von", "bin", "ibn")\
                and any(t.text[:1].isupper() for t in span[1:])
        if len(span) == 1 and len(first.rstrip(".")) <= 3:
            return first.isupper() or "." in first  # "US", "UN", "U.S." — not "us", "Un"
        return True

    def _find_people(self) -> None:
        doc = self.doc
        spans: list[SpacySpan] = []
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                # "Vice-President Moody Awori" tagged ORG: a title before the name makes it a person
                if ent.label_ not in ("ORG", "GPE", "NORP") or any(t.i in self.by_token for t in ent):
                    continue
                titled = ent.start > 0 and (hit := self._agent_ending(ent.start - 1)) is not None \
                    and hit[0].kind == "person"
                inside = len(ent) > 1 and (hit := self._agent_ending(ent.start)) is not None \
                    and hit[0].kind == "person"
                if not (titled or inside) or not all(t.is_title or t.is_punct for t in ent):
                    continue
            # drop a trailing possessive and leading titles spaCy put inside the entity
            start, end = ent.start, ent.end
            while end > start and doc[end - 1].tag_ == "POS":
                end -= 1
            while start < end - 1 and (self._agent_ending(start) is not None or start in self.by_token
                                       or doc[start].lower_ in ("former", "late", "then", "acting", "new")):
                start += 1
            if any(t.i in self.by_token and self.by_token[t.i].entry.kind == "organisation" for t in doc[start:end]):
                continue
            if end > start:
                spans.append(doc[start:end])
        # "Kharkiv" tagged PERSON by the small model: a well-known place, not a person, unless
        # it is someone's surname here ("Austin" after "Lloyd Austin") or a titled name
        surnames = {s[-1].lower_ for s in spans if len(s) > 1}
        kept = []
        for span in spans:
            if len(span) == 1 and self.place_country is not None and span[0].lower_ not in surnames \
                    and not self.kb.person_known(span.text) and self.place_country(span.text) \
                    and not (span.start > 0 and self._agent_ending(span.start - 1) is not None):
                continue
            kept.append(span)
        spans = kept
        # names from the knowledge base that spaCy missed
        for mention in self.mentions:
            if mention.entry.kind == "person" and not any(s.start <= mention.start < s.end for s in spans):
                spans.append(doc[mention.start:mention.end])
        spans.sort(key=lambda s: s.start)
        for span in spans:
            self._register(span)
        self._find_bare_names()
        self._find_pairs()

    def _find_bare_names(self) -> None:
        """Bare mentions the model did not tag: people named earlier in the article ("Gallant
        said"), or known from the knowledge base or an earlier article ("Fidan said")."""
        added = False
        for index in self._proper:
            if index in self.person_at or index in self.by_token:
                continue
            token = self.doc[index]
            person = self.people.get(self._lowers[index])
            if person is None and token.ent_type_ in ("", "PERSON") and token.text[:1].isupper():
                office = self.kb.lookup_person_or_former(token.text, self.day)  # the dated KB first
                if office is None and self.learned is not None:
                    office = self.learned.lookup(token.text, self.day)
                if office is not None:
                    person = Person(office.name, office.country, office.sectors, office.office, token.i)
                    self.people[token.lower_] = person
                    self.people.setdefault(office.name.lower(), person)
            if person is None or token.i < person.first:
                continue
            self.person_at[token.i] = person
            self.order.append((token.i, person))
            added = True
        if added:
            self.order.sort(key=lambda item: item[0])

    def _register(self, span: SpacySpan) -> None:
        name = span.text.strip()
        key = name.lower()
        surname = span[-1].text.lower()
        known = self.people.get(key) or (self.people.get(surname) if len(span) == 1 else None)
        country, sectors, title, intro = self._title_before(span)
        if country is None and title and span.end + 1 < len(self.doc) and self.doc[span.end].lower_ == "of":
            # "King Hassan of Morocco", "President Museveni of Uganda"
            mention = self.by_token.get(span.end + 1)
            if mention is not None and mention.entry.kind in ("country", "capital") and mention.entry.country:
                country = mention.entry.country
        if known is None and len(span) == 1:
            known = self._bare_surname_match(surname)
        if known is None:
            office = self.kb.lookup_person_or_former(name, self.day)
            if office is None and self.learned is not None:
                office = self.learned.lookup(name, self.day)  # learned from an earlier article
            person = Person(
                name=name,
                country=country or (office.country if office else None),
                sectors=sectors or (office.sectors if office else ()),
                title=title or (office.office if office else None),
                first=span.start,
                intro=intro,
            )
            if country is None and office is None and len(span) == 1:
                # "President Bush": not one known person, but all the known Bushes are American
                person.country = self.kb.surname_countries.get(surname) if title else None
            self.people[key] = person
            if len(span) > 1:
                self.people.setdefault(surname, person)
            known = person
        elif country or sectors:
            if country and not known.country:
                known.country = country
            if sectors and not known.sectors:
                known.sectors = sectors
            if title and not known.title:
                known.title = title
            if intro and not known.intro:
                known.intro = intro
        for token in span:
            self.person_at[token.i] = known
        known.last_seen = span.start
        self.order.append((span.start, known))

    def _bare_surname_match(self, surname: str) -> Person | None:
        for person in self.people.values():
            if person.name.lower().split()[-1] == surname:
                return person
        return None

    def _agent_ending(self, last: int):
        """The agent whose phrase ends at token ``last`` (by lemma or lower-case form)."""
        lemmas, lowers = self._lemmas, self._lowers
        agents = self.kb.agents
        found = agents.get(lemmas[last], ())
        if lowers[last] != lemmas[last]:
            found = found + agents.get(lowers[last], ())
        for agent in found:
            start = last - len(agent.phrase) + 1
            if start < 0:
                continue
            if all(lemmas[start + k] == p or lowers[start + k] == p for k, p in enumerate(agent.phrase)):
                return agent, start
        return None

    def _title_before(self, span: SpacySpan) -> tuple[str | None, tuple[str, ...], str | None]:
        """Country, sectors and title from the words before a name ("US Defense Secretary")."""
        doc = self.doc
        i = span.start - 1
        words: list[Token] = []
        while i >= 0 and len(words) < 8:
            token = doc[i]
            if token.is_space or token.pos_ in _TITLE_STOP_POS or token.tag_ == "POS":
                if not (token.lower_ in ("of", "for") or (token.pos_ == "PUNCT" and token.text in "-")):
                    break
            if token.lower_ in ("the", "a", "an", "by", "with", "and", "said", "to", "from", "in", "on", "at") and token.pos_ != "PROPN":
                break
            words.insert(0, token)
            i -= 1
        # an appositive after the name: "Yoav Gallant, Israel's defense minister,"
        appos = [c for c in span.root.children if c.dep_ == "appos"]
        if appos:
            words.extend(t for t in appos[0].subtree if not t.is_punct)
        if not words:
            return None, (), None, None
        country, sectors, title = self._code_words(words)
        first = min([w.i for w in words] + [span.start])
        last = max([w.i for w in words] + [span.end - 1])
        return country, sectors, title, ((first, last + 1) if (country or sectors) else None)

    def _code_words(self, words: list[Token]) -> tuple[str | None, tuple[str, ...], str | None]:
        country = None
        sectors: list[str] = []
        title_tokens: list[Token] = []
        covered: set[int] = set()
        for token in words:
            mention = self.by_token.get(token.i)
            if mention is not None and token.i not in covered:
                covered.update(range(mention.start, mention.end))
                entry = mention.entry
                if entry.kind == "person":
                    continue
                country = country or entry.country
                sectors.extend(entry.sectors)
                continue
            if token.i in covered:
                continue
        for token in words:
            if token.i in covered:
                continue
            hit = self._agent_ending(token.i)
            if hit is not None:
                agent, start = hit
                sectors.extend(agent.sectors)
                # the title is the office words themselves ("Foreign Minister"), with any
                # capitalised words before them in the same run ("Pentagon Press Secretary")
                first = start
                while first - 1 >= words[0].i and self.doc[first - 1].i not in covered and \
                        self.doc[first - 1].text[:1].isupper() and self.doc[first - 1].pos_ == "PROPN":
                    first -= 1
                title_tokens.extend(t for t in self.doc[first:token.i + 1] if t.i not in covered)
        seen: set[int] = set()
        ordered = [t for t in sorted(title_tokens, key=lambda t: t.i) if not (t.i in seen or seen.add(t.i))]
        title = " ".join(t.text for t in ordered if not t.is_punct).strip() or None
        return country, iter_sector_codes(sectors), title

    def _find_pairs(self) -> None:
        """Coordinated people ("Gallant and Austin"), for "both men" / "the two men"."""
        for start, person in self.order:
            token = self.doc[start]
            head = token
            while head.i in self.person_at and head.dep_ == "compound":
                head = head.head
            for conj in head.conjuncts:
                other = self.person_at.get(conj.i)
                if other is not None and other is not person and conj.i > head.i:
                    self.pairs.append((start, (person, other)))

    def introduced(self) -> list[tuple[Person, Span, str]]:
        """People the text names with an office, with the words that say so."""
        out = []
        seen: set[int] = set()
        for _, person in self.order:
            if id(person) in seen or person.intro is None or not (person.country or person.sectors):
                continue
            if len(person.name.split()) < 2:
                continue  # "Faso", "Boni": a lone capitalised word is too often not a person
            seen.add(id(person))
            start, end = person.intro
            first, last = self.doc[start], self.doc[end - 1]
            span = Span(first.idx, last.idx + len(last.text))
            out.append((person, span, text_of(self.doc)[span.start:span.end]))
        return out

    # -- coding -----------------------------------------------------------------
    def person_actor(self, person: Person, span: Span, text: str, *, via: Span | None = None) -> Actor:
        return Actor(
            text=text,
            span=span,
            name=person.name,
            country=person.country,
            sectors=person.sectors,
            kind="person",
            title=person.title,
            resolved_from=via,
        )

    def _entry_actor(self, entry: NameEntry, span: Span, text: str, extra: tuple[str, ...] = ()) -> Actor:
        if entry.kind == "organisation":
            return Actor(text, span, entry.name, entry.country, iter_sector_codes(entry.sectors + extra),
                         "organisation", aliases=entry.aliases)
        if entry.kind == "person":
            return Actor(text, span, entry.name, entry.country, iter_sector_codes(entry.sectors + extra), "person")
        sectors = iter_sector_codes(entry.sectors + extra)
        country_entry = self.kb.countries.get(entry.country or "")
        aliases = country_entry.aliases if country_entry else ()
        return Actor(text, span, entry.name, entry.country, sectors, "country" if not extra else "group",
                     aliases=aliases)

    def _span_of(self, tokens: list[Token]) -> tuple[Span, str]:
        tokens = sorted((t for t in tokens if not t.is_space), key=lambda t: t.i)
        while tokens and (tokens[0].pos_ in ("DET", "PUNCT") or tokens[0].tag_ == "POS"):
            tokens = tokens[1:]
        while tokens and (tokens[-1].pos_ == "PUNCT" or tokens[-1].tag_ == "POS"):
            tokens = tokens[:-1]
        if not tokens:
            return Span(0, 0), ""
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        return Span(start, end), text_of(self.doc)[start:end]

    def code(self, token: Token, *, fallback: bool = False) -> list[Actor]:
        """Code the noun phrase headed by ``token`` (and its conjuncts) into actors."""
        key = (token.i, fallback)
        known = self._coded.get(key)
        if known is None:
            known = self._coded[key] = tuple(self._code(token, fallback=fallback))
        return list(known)  # a new list each time: callers edit theirs

    def _code(self, token: Token, *, fallback: bool) -> list[Actor]:
        heads = [token]
        for conj in token.conjuncts:
            if conj.i > token.i and conj.pos_ in ("NOUN", "PROPN", "PRON"):
                heads.append(conj)
        actors: list[Actor] = []
        for head in heads:
            for actor in self._code_head(head, fallback=fallback):
                if not any(a.name == actor.name and a.country == actor.country for a in actors):
                    actors.append(actor)
        return actors

    def _phrase_tokens(self, head: Token) -> list[Token]:
        left = [t for t in head.lefts if t.dep_ in ("compound", "amod", "nmod", "poss", "nummod", "det", "case", "npadvmod")]
        tokens: list[Token] = []
        for child in left:
            tokens.extend(child.subtree)
        tokens.append(head)
        return sorted({t.i: t for t in tokens}.values(), key=lambda t: t.i)

    def _code_head(self, head: Token, *, fallback: bool) -> list[Actor]:
        doc = self.doc
        # a person named here, or a name of the person registry
        person = self.person_at.get(head.i)
        if person is not None:
            tokens = [t for t in self._phrase_tokens(head) if t.i in self.person_at or t.dep_ == "compound"]
            span, text = self._span_of(tokens or [head])
            return [self.person_actor(person, span, text)]
        lower = head.lower_
        if lower in _PRONOUNS_GROUP and head.pos_ == "PRON":
            antecedent = self._antecedent(head)
            plural = lower in ("they", "their", "them", "themselves", "we", "our")
            if plural and (antecedent is None or (antecedent.tag_ in ("NNP", "NN") and not antecedent.conjuncts)):
                pair = self._recent_pair(head.i)
                if pair is not None:
                    span = Span(head.idx, head.idx + len(head.text))
                    return [self.person_actor(p, span, head.text) for p in pair]
            return self._code_head(antecedent, fallback=fallback) if antecedent is not None else []
        if lower in _PRONOUNS_PERSON and head.pos_ == "PRON":
            recent = self._recent_person(head.i)
            if recent is not None:
                return [self.person_actor(recent, Span(head.idx, head.idx + len(head.text)), head.text,
                                         via=None)]
            return []
        phrase = self._phrase_tokens(head)
        mention = self.by_token.get(head.i)
        agent_hit = self._agent_ending(head.i)
        # "both men", "the two leaders"
        if head.lemma_.lower() in _PAIR_WORDS and head.tag_ in ("NNS", "NNPS") and any(
            t.lower_ in ("two", "both") for t in phrase
        ):
            pair = self._recent_pair(head.i)
            if pair is not None:
                span, text = self._span_of(phrase)
                return [self.person_actor(p, span, text, via=None) for p in pair]
        if mention is not None:
            span, text = self._span_of(phrase if mention.entry.kind != "adjective" else phrase)
            extra: tuple[str, ...] = ()
            if mention.entry.kind == "adjective":
                # "the Israelis", "Palestinians": people of the country
                extra = ("CVL",) if head.tag_ in ("NNS", "NNPS") else ()
            actor = self._entry_actor(mention.entry, span, text, extra)
            if mention.entry.kind == "adjective" and head.tag_ in ("NNS", "NNPS"):
                # "the Albanians of southern Serbia": people of where they live
                for child in head.children:
                    if child.dep_ == "prep" and child.lower_ in ("of", "in"):
                        place = next((self.by_token.get(p.i) for p in child.children if p.dep_ == "pobj"), None)
                        if place is not None and place.entry.kind in ("country", "capital") and \
                                place.entry.country and place.entry.country != actor.country:
                            return [dataclasses.replace(actor, country=place.entry.country, name=text, kind="group")]
            if mention.entry.kind == "adjective" and any(t.lower_ == "ethnic" for t in phrase):
                # "ethnic Albanians" in Serbia: an ethnic group, not the state its name recalls
                return [dataclasses.replace(actor, country=None, name=text, kind="group", sectors=("CVL",))]
            if mention.entry.kind == "organisation" and actor.country not in (None, "IGO", "NGO", "IMG"):
                # "the Colombian Congress", "Peru's Congress": a national body of the named country
                for child in head.children:
                    other = self.by_token.get(child.i)
                    if child.dep_ in ("amod", "poss", "compound") and other is not None and other is not mention \
                            and other.entry.kind in ("country", "adjective", "capital") and other.entry.country:
                        actor = dataclasses.replace(actor, country=other.entry.country)
                        break
            return [actor]
        modifiers = [t for t in phrase if t.i != head.i]
        if agent_hit is None and head.lemma_.lower() in _PEOPLE_HEADS:
            # "opposition groups", "rebel fighters": the agent word is a modifier
            for child in head.children:
                if child.dep_ in ("compound", "amod") and child.i not in self.by_token:
                    hit = self._agent_ending(child.i)
                    if hit is not None:
                        agent_hit = hit
                        break
        if agent_hit is not None:
            agent, start = agent_hit
            sectors = list(agent.sectors)
            # a description of a registered person: "the American defense secretary"
            if agent.kind == "person" and head.tag_ in ("NN", "NNP") and any(t.lower_ == "the" for t in phrase):
                person = self._describe(phrase, sectors)
                if person is not None:
                    span, text = self._span_of(phrase)
                    return [self.person_actor(person, span, text)]
            actors = self._with_modifiers(head, modifiers, tuple(sectors), agent.kind)
            if actors and not sectors and agent.phrase[-1] in _LEADERS:
                # "Palestinian leaders", "South African leader de Klerk": a country's leaders govern it
                actors = [dataclasses.replace(a, sectors=("GOV",)) if not a.sectors and a.kind != "organisation"
                          else a for a in actors]
            if actors:
                return actors
            span, text = self._span_of(phrase)
            whose = self._of_whom(head)
            if whose is not None:
                # "leaders of the opposition coalition": the coalition's people, with its sectors
                merged = tuple(dict.fromkeys(tuple(whose.sectors) + tuple(sectors)))
                return [dataclasses.replace(whose, text=text, span=span, sectors=iter_sector_codes(merged),
                                            kind="person" if agent.kind == "person" and head.tag_ == "NN" else "group")]
            for token in modifiers:
                # "the Bush administration", "the Netanyahu government": the leader's country
                leader = self.person_at.get(token.i)
                country = leader.country if leader is not None else \
                    self.kb.surname_countries.get(token.lower_) if token.pos_ == "PROPN" else None
                if country and token.dep_ == "compound":
                    return [Actor(text, span, text.lower(), country, tuple(sectors), "group")]
            stateless = _non_governmental(sectors) if agent.kind != "person" else None
            return [Actor(text, span, text.lower() or head.text, stateless, tuple(sectors),
                          "person" if agent.kind == "person" else "group")]
        # possessive person: "Gallant's office"
        for child in head.children:
            if child.dep_ == "poss" and child.i in self.person_at:
                owner = self.person_at[child.i]
                span, text = self._span_of(phrase)
                return [Actor(text, span, owner.name, owner.country, owner.sectors or ("GOV",), "organisation",
                              title=f"office of {owner.name}" if head.lemma_ == "office" else None)]
        if head.lemma_.lower() in _COLLECTIVE_HEADS:
            # "a group of Moroccan diplomats", "thousands of Iraqi Kurds"
            for child in head.children:
                if child.dep_ == "prep" and child.lower_ == "of":
                    for pobj in child.children:
                        if pobj.dep_ == "pobj":
                            found = self._code_head(pobj, fallback=fallback)
                            if found:
                                return found
        if head.lemma_.lower() in _PEOPLE_HEADS:
            # "the UNITA militarist wing", "Iraqi officials": whose people they are
            found = self._with_modifiers(head, modifiers, (), "group")
            if found:
                return found
            whose = self._of_whom(head)
            if whose is not None:
                span, text = self._span_of(phrase)
                return [dataclasses.replace(whose, text=text, span=span)]
        for child in head.children:
            # "The International Labor Office (ILO)": the bracketed short name is known
            if child.dep_ == "appos" and child.i in self.by_token:
                span, text = self._span_of(phrase)
                return [self._entry_actor(self.by_token[child.i].entry, span, text)]
        for child in head.children:
            # "Kenzo Oshima, the United Nations relief coordinator": the apposition says who
            if child.dep_ == "appos" and child.i != head.i:
                found = self._code_head(child, fallback=True)
                if found:
                    span, text = self._span_of(phrase)
                    return [dataclasses.replace(a, text=text, span=span) for a in found]
        if fallback and self.place_country is not None:
            # "struck Kharkiv", "raided the Jenin camp": a target named by its place
            for token in [head] + [m for m in modifiers if m.dep_ == "compound"]:
                if token.pos_ != "PROPN" or token.i in self.person_at:
                    continue
                country = self.place_country(self._place_words(token))
                if country:
                    entry = self.kb.countries.get(country)
                    span, text = self._span_of(phrase)
                    return [Actor(text, span, entry.name if entry else country, country, (), "country")]
        if fallback or head.lemma_.lower() in _GENERIC_HEADS:
            actors = self._with_modifiers(head, modifiers, (), "group")
            if not actors:
                # "Israel's northern communities", "targets in Gaza": look one level deeper
                for child in head.children:
                    if child.dep_ == "prep" and child.lower_ in ("of", "in", "for"):
                        for pobj in child.children:
                            if pobj.dep_ == "pobj":
                                actors = self._code_head(pobj, fallback=False)
                                if actors:
                                    return actors
            if actors:
                return actors
        named = self._named_organisation(head)
        return [named] if named is not None else []

    def _place_words(self, token: Token) -> str:
        """The proper-noun run a token belongs to ("Tel Aviv", "Kharkiv")."""
        start = end = token.i
        while start - 1 >= 0 and self.doc[start - 1].pos_ == "PROPN" and self.doc[start - 1].dep_ == "compound":
            start -= 1
        while end + 1 < len(self.doc) and self.doc[end].dep_ == "compound" and self.doc[end + 1].pos_ == "PROPN":
            end += 1
        return self.doc[start:end + 1].text

    def _antecedent(self, pronoun: Token) -> Token | None:
        """What "it" or "they" stands for: the subject of the clause above, else of the last sentence.

        "Switzerland said it had expelled ...", "Syria says it will not accept ...".
        """
        current = pronoun
        own_clause = pronoun.dep_ in ("dobj", "pobj", "dative", "iobj")  # "Amin expelled them": not Amin
        for _ in range(6):
            head = current.head
            if head == current:
                break
            if own_clause and head.pos_ in ("VERB", "AUX"):
                own_clause = False
                if pronoun.dep_ in ("dobj", "dative") and head.dep_ in ("advcl", "conj", "xcomp"):
                    # "expelled two Russian diplomats, accusing them of espionage": the object above
                    above = head.head
                    for child in above.children:
                        if child.dep_ == "dobj" and child.pos_ != "PRON" and child.i < pronoun.i:
                            return child
                current = head
                continue
            if head.pos_ in ("VERB", "AUX"):
                for child in head.children:
                    if child.dep_ in ("nsubj", "nsubjpass") and child.i != pronoun.i and child.pos_ != "PRON" \
                            and child.i < pronoun.i:
                        if pronoun.lower_ in ("it", "its", "itself") and child.i in self.person_at:
                            continue  # "Chirac reminded Iraq that it must ...": "it" is not a person
                        return child
            current = head
        sent = pronoun.sent
        if sent.start > 0:
            previous = self.doc[sent.start - 1].sent
            for child in previous.root.children:
                if child.dep_ in ("nsubj", "nsubjpass") and child.pos_ != "PRON":
                    return child
        return None

    def _of_whom(self, head: Token) -> Actor | None:
        """"leaders of the opposition coalition", "members of parliament": the group they belong to."""
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    if pobj.dep_ == "pobj" and pobj.pos_ in ("NOUN", "PROPN") and pobj.i not in self.person_at:
                        found = self._code_head(pobj, fallback=False)
                        if found and found[0].kind != "person":
                            return found[0]
        return None

    def _named_organisation(self, head: Token) -> Actor | None:
        """An organisation the knowledge base does not know: "the Third World Water Forum".

        It is an actor under its own name, with the sectors its words give ("Court" JUD,
        "Union" LAB) and the country a word of its name names ("Serbian"), else none.
        """
        doc = self.doc
        if head.ent_type_ != "ORG" or head.pos_ != "PROPN" or head.i in self.person_at:
            return None
        if head.i + 1 < len(doc) and doc[head.i + 1].ent_iob_ == "I":
            return None  # the head must end the entity
        start = head.i
        while doc[start].ent_iob_ == "I" and start > 0:
            start -= 1
        words = [t for t in doc[start:head.i + 1] if not t.is_punct and t.pos_ != "DET"]
        if not words or all(t.is_upper and len(t) <= 2 for t in words):
            return None
        sectors: list[str] = []
        country = None
        for token in words:
            hit = self._agent_ending(token.i)
            if hit is not None:
                sectors.extend(s for s in hit[0].sectors if s not in sectors)
            mention = self.by_token.get(token.i)
            if mention is not None and mention.entry.country and country is None:
                country = mention.entry.country
        span, text = self._span_of(words)
        return Actor(text, span, text, country or _non_governmental(sectors), iter_sector_codes(tuple(sectors)),
                     "organisation")

    def _with_modifiers(self, head: Token, modifiers: list[Token], sectors: tuple[str, ...], kind: str) -> list[Actor]:
        """Actors from the modifiers of an agent noun: "Israeli forces", "Russian and Belarusian troops"."""
        found: list[tuple[Token, NameEntry]] = []
        seen: set[int] = set()
        for token in modifiers:
            mention = self.by_token.get(token.i)
            if mention is None or id(mention) in seen:
                continue
            seen.add(id(mention))
            found.append((token, mention.entry))
        # "forces of Israel"
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in ("of", "from", "in", "throughout", "across"):
                for pobj in child.children:
                    mention = self.by_token.get(pobj.i)
                    if pobj.dep_ == "pobj" and mention is not None and id(mention) not in seen:
                        seen.add(id(mention))
                        found.append((pobj, mention.entry))
            if child.dep_ == "poss" and child.i in self.person_at:
                owner = self.person_at[child.i]
                span, text = self._span_of(self._phrase_tokens(head))
                return [Actor(text, span, owner.name, owner.country, iter_sector_codes(owner.sectors + sectors),
                              "organisation")]
        if not found:
            return []
        orgs = [(t, e) for t, e in found if e.kind == "organisation"]
        if orgs:
            found = orgs[:1]
        span, text = self._span_of(self._phrase_tokens(head))
        actors = []
        for token, entry in found:
            if len(found) > 1:
                span, text = self._span_of([token, head])
            actor = self._entry_actor(entry, span, text, sectors)
            if entry.kind != "organisation":
                actor = Actor(actor.text, actor.span, actor.name, actor.country, actor.sectors,
                              "person" if kind == "person" else "group", aliases=actor.aliases)
            actors.append(actor)
        return actors

    def _describe(self, phrase: list[Token], sectors: list[str]) -> Person | None:
        country = None
        head = phrase[-1]
        of_objects = [p for c in head.children if c.dep_ == "prep" and c.lower_ in ("of", "from")
                      for p in c.children if p.dep_ == "pobj"]
        for token in phrase + of_objects:
            mention = self.by_token.get(token.i)
            if mention is not None and mention.entry.country:
                country = mention.entry.country
        if of_objects and country is None:
            return None  # "the president of a neighbouring state": not someone named before
        best = None
        for _, person in self.order:
            if person.first > phrase[0].i:
                break
            if country and person.country != country:
                continue
            if sectors and not set(sectors) & set(person.sectors):
                continue
            best = person
        return best

    def _recent_person(self, index: int) -> Person | None:
        """The person "he" or "she" most likely stands for: the last one named outside quotes."""
        best = None
        for start, person in self.order:
            if start >= index:
                break
            if start in self.quoted and index not in self.quoted:
                continue
            best = person
        return best

    def _recent_pair(self, index: int) -> tuple[Person, Person] | None:
        best = None
        for start, pair in self.pairs:
            if start >= index:
                break
            best = pair
        return best
