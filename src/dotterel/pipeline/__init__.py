"""The coding pipeline: spaCy plus dotterel's registered components.

Two spaCy components are registered:

- ``dotterel_breaks`` (before the parser) starts a sentence at every line break
  the clean-up found, so headlines, captions and paragraphs never run together;
- ``dotterel_events`` (after the parser and the entity recogniser) runs
  dotterel's stages (actors, dates, events, quotes, counts, entities; see
  :mod:`dotterel.pipeline._stages`) and puts the result on ``doc._.dotterel``
  (the JSON form of a :class:`~dotterel.records.CodedArticle`, which survives
  ``nlp.pipe(..., n_process=N)``) and ``doc._.dotterel_coded`` (the record).

spaCy users add it to their own pipeline with ``nlp.add_pipe("dotterel_events")``.
:class:`Coder` is the library's way in: it loads the model once, cleans each
article, streams documents through ``nlp.pipe`` and returns records.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import re
from typing import Any, Iterable, Iterator, Sequence

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from dotterel.actors import ActorKB, LearnedPeople, load_kb
from dotterel.config import Config, load_config
from dotterel.errors import DotterelError, Errors, InputError, Warnings
from dotterel.lexicon import Lexicon, load_lexicon
from dotterel._language import clearly_english, detect_language
from dotterel.pipeline._clean import CleanText, clean_text, parse_byline
from dotterel.pipeline._stages import DEFAULT_STAGES, STAGES, Work, check_stages, run_stages
from dotterel.pipeline._text import forget_text, text_of
from dotterel.records import Article, CodedArticle, Outcome

__all__ = ["Coder", "build_nlp", "DEFAULT_STAGES", "STAGES"]

#: spaCy components dotterel does not need (kept out of ``nlp.pipe`` for speed).
_UNUSED_COMPONENTS = ("textcat", "textcat_multilabel", "senter")

for _name, _default in (
    ("dotterel_meta", None),  # dict: id, published, title (set before the pipeline runs)
    ("dotterel", None),  # dict: the CodedArticle's JSON form
    ("dotterel_record", None),  # CodedArticle, in-process only
):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)
if not Doc.has_extension("dotterel_coded"):
    Doc.set_extension(
        "dotterel_coded",
        getter=lambda doc: doc._.dotterel_record
        or (CodedArticle.from_dict(doc._.dotterel) if doc._.dotterel is not None else None),
    )


class _Breaks:
    """Start a sentence at every line break (and at the offsets the clean-up gives)."""

    def __call__(self, doc: Doc) -> Doc:
        meta = doc._.dotterel_meta or {}
        breaks = set(meta.get("breaks") or ())
        previous = None  # the token just before (one walk over the doc: no doc[i] per token)
        for token in doc:
            before, previous = previous, token
            if before is None or token.is_space:
                continue
            if token.idx in breaks or ("\n" in before.text_with_ws and before.is_space) or \
                    before.text.endswith("\n") or "\n" in before.whitespace_:
                token.is_sent_start = True
        return doc


@Language.factory("dotterel_breaks", assigns=["token.is_sent_start"])
def _make_breaks(nlp: Language, name: str) -> _Breaks:
    return _Breaks()


class _EventsComponent:
    def __init__(self, *, stages: Sequence[str], data_dirs: Sequence[str], serialize: bool, tokenize,
                 learn: bool = True) -> None:
        self.learn = learn
        self.stages = check_stages(stages)
        self.lexicon: Lexicon = load_lexicon(tuple(data_dirs))
        self.kb: ActorKB = load_kb(tuple(data_dirs), tokenize=tokenize)
        self.serialize = serialize
        #: people learned from the articles coded so far (``Coder`` can preload and read it)
        self.learned = LearnedPeople()
        self.data_dirs = tuple(data_dirs)
        self._place_cache: dict[str, str | None] = {}

    def __call__(self, doc: Doc) -> Doc:
        meta = doc._.dotterel_meta or {}
        published = meta.get("published")
        anchor = dt.date.fromisoformat(published) if published else None
        clean = meta.get("_clean")
        if not isinstance(clean, CleanText):
            clean = clean_text(doc.text, title=meta.get("title"))
        article = meta.get("_article")
        if not isinstance(article, Article):
            article = Article(text=doc.text, id=meta.get("id") or "", title=meta.get("title"), published=anchor)
        work = Work(doc=doc, kb=self.kb, lexicon=self.lexicon, article_id=article.id, anchor=anchor, clean=clean,
                    learned=self.learned, place_country=self.place_country)
        for index, sent in enumerate(doc.sents):
            work.sentence_of[sent.start] = index
        run_stages(self.stages, work)
        people = self._people(work, article)
        coded = CodedArticle(
            article=article,
            events=tuple(work.events),
            quotes=tuple(work.quotes),
            counts=tuple(work.counts),
            entities=tuple(work.entities),
            people=tuple(people),
            sentences=tuple(_sentence_spans(doc)),
            blocks=clean.blocks,
            warnings=tuple(meta.get("warnings") or ()),
        )
        forget_text(doc)
        if self.serialize:
            doc._.dotterel = coded.to_dict()
            doc._.dotterel_meta = {k: v for k, v in meta.items() if not k.startswith("_")}
        else:
            doc._.dotterel_record = coded
        return doc


    def place_country(self, name: str) -> str | None:
        """The country of a well-known place of this name (a city of 100,000 or more, a region
        or a country in the gazetteer), or None."""
        key = name.lower()
        if key in self._place_cache:
            return self._place_cache[key]
        from dotterel.geo import load_gazetteer

        best = None
        for match in load_gazetteer(self.data_dirs).lookup(name):
            place = match.place
            if place.country is None or match.how == "alternate":
                continue
            if place.precision in ("country", "adm1", "region") or place.population >= 100_000:
                if best is None or place.population > best.population:
                    best = place
        country = best.country if best is not None else None
        if len(self._place_cache) < 50_000:
            self._place_cache[key] = country
        return country

    def _people(self, work: Work, article: Article) -> list:
        """The article's people with offices, learned for the articles that follow."""
        from dotterel.actors import Office
        from dotterel.records import Actor

        if work.actors is None:
            return []
        people = []
        for person, span, words in work.actors.introduced():
            people.append(Actor(words, span, person.name, person.country, person.sectors, "person", person.title))
            if not (person.country and person.sectors and person.title) or len(person.name.split()) < 2:
                continue  # only a named person with a country and an office is learned
            surname = person.name.split()[-1]
            distinctive = len(surname) > 3 and surname.lower() not in self.kb.common_names
            office = Office(person.name, person.country, person.sectors, person.title, work.anchor, None,
                            (surname,) if distinctive else ())
            if self.learn and not self.kb.person_known(person.name):
                self.learned.learn(office, article_id=article.id, evidence=words)
        return people


def _sentence_spans(doc: Doc):
    from dotterel.records import Span

    full = text_of(doc)
    for sent in doc.sents:
        text = full[sent.start_char:sent.end_char]
        if not text.strip():
            continue
        start = sent.start_char + (len(text) - len(text.lstrip()))
        end = sent.end_char - (len(text) - len(text.rstrip()))
        yield Span(start, end)


@Language.factory(
    "dotterel_events",
    default_config={"stages": list(DEFAULT_STAGES), "data_dirs": [], "serialize": True, "learn": True},
    requires=["token.dep", "token.lemma", "token.tag", "doc.ents", "doc.sents"],
    assigns=["doc._.dotterel", "doc._.dotterel_record"],
)
def _make_events(nlp: Language, name: str, stages: list[str], data_dirs: list[str], serialize: bool,
                 learn: bool) -> _EventsComponent:
    tokenizer = nlp.tokenizer
    return _EventsComponent(
        stages=stages,
        data_dirs=data_dirs,
        serialize=serialize,
        learn=learn,
        tokenize=lambda text: [t.text for t in tokenizer(text)],
    )


def build_nlp(config: Config | None = None, *, serialize: bool = False) -> Language:
    """Load the configured spaCy pipeline and add dotterel's components."""
    config = config or load_config()
    try:
        nlp = spacy.load(config.model, exclude=list(_UNUSED_COMPONENTS))
    except OSError:
        raise DotterelError(Errors.E001, name=config.model) from None
    first = "parser" if "parser" in nlp.pipe_names else None
    nlp.add_pipe("dotterel_breaks", before=first) if first else nlp.add_pipe("dotterel_breaks", first=True)
    nlp.add_pipe(
        "dotterel_events",
        last=True,
        config={"stages": list(DEFAULT_STAGES), "data_dirs": list(config.data_dirs), "serialize": serialize,
                "learn": config.learn_people},
    )
    problems = nlp.analyze_pipes(pretty=False)["problems"]
    for component in ("dotterel_events",):
        if problems.get(component):
            raise DotterelError(Errors.E002, component=component, needs=", ".join(problems[component]))
    return nlp


#: Control characters other than line breaks, tabs and form feeds, and the replacement character.
_BINARY = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffd]")


def _looks_binary(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    return len(_BINARY.findall(sample)) / len(sample)


def _metadata_from_layout(article: Article, clean: CleanText) -> Article:
    """Title and publisher from a page pasted as text, when not given.

    The headline line is the title; a byline naming an organisation ("by · The Jewish
    Press") gives the publisher. A caption's date is never taken for the publication
    date (nothing in the text sets it).
    """
    changes: dict[str, Any] = {}
    text = article.text
    if article.title is None:
        headline = next((b for b in clean.blocks if b.role == "headline"), None)
        if headline is not None:
            changes["title"] = headline.span.of(text).strip()
    byline = next((b for b in clean.blocks if b.role == "byline"), None)
    if byline is not None:
        publisher, authors = parse_byline(byline.span.of(text))
        if article.publisher is None and publisher:
            changes["publisher"] = publisher
        if not article.authors and authors:
            changes["authors"] = tuple(authors)
    return article.with_(**changes) if changes else article


class Coder:
    """Codes articles into events: ``Coder().code(article)`` or ``.code_many(articles)``."""

    def __init__(self, config: Config | None = None, *, nlp: Language | None = None,
                 learned: Iterable[Any] = (), forgotten: Iterable[str] = ()) -> None:
        self.config = config or load_config()
        self.nlp = nlp or build_nlp(self.config)
        component = self.nlp.get_pipe("dotterel_events")
        for name in forgotten:  # people a reviewer removed
            component.learned.block(name)
        for office in learned:  # people learned earlier (e.g. kept in a store)
            if component.kb.person_known(office.name):
                continue  # the dated KB knows its own people better
            if office.country and len(office.name.split()) > 1:
                component.learned.add(office)

    @property
    def learned(self) -> LearnedPeople:
        """People this coder has learned from the articles it coded (and was given)."""
        return self.nlp.get_pipe("dotterel_events").learned

    # -- preparing ---------------------------------------------------------------
    def _prepare(self, article: Article) -> Doc:
        if not isinstance(article.text, str):
            raise InputError(Errors.E004, reason="the text is not a string")
        text = article.text
        warnings: list[str] = []
        if len(text) > self.config.max_chars:
            if not self.config.truncate:
                raise InputError(Errors.E006, size=len(text), limit=self.config.max_chars)
            warnings.append(Warnings.W002.format(limit=self.config.max_chars))
            text = text[: self.config.max_chars]
            article = article.with_(text=text)
        if not text.strip():
            raise InputError(Errors.E005)
        ratio = _looks_binary(text)
        if ratio > 0.1:
            raise InputError(Errors.E004, reason=f"{ratio:.0%} of its characters are control characters")
        stated = (article.language or "").replace("_", "-").split("-")[0].lower()
        # a language already decided (by ingestion's detector, or the user) is not detected again
        if self.config.language == "en" and stated != "en" and clearly_english(text):
            if article.language is None:
                article = article.with_(language="en")
        elif self.config.language != "any" and stated != self.config.language:
            language, probability = detect_language(text)
            if language is not None and language != self.config.language and probability >= 0.9:
                raise InputError(Errors.E011, language=language)
            if article.language is None and language is not None:
                article = article.with_(language=language)
        if article.published is None:
            warnings.append(Warnings.W003.format())
        clean = clean_text(text, title=article.title)
        if not clean.view.strip():
            raise InputError(Errors.E005)
        article = _metadata_from_layout(article, clean)
        doc = self.nlp.make_doc(clean.view)
        doc._.dotterel_meta = {
            "id": article.id,
            "published": article.published.isoformat() if article.published else None,
            "title": article.title,
            "breaks": list(clean.breaks),
            "warnings": warnings,
            "_clean": clean,
            "_article": article,
        }
        return doc

    def _finish(self, doc: Doc, article: Article) -> CodedArticle:
        coded: CodedArticle = doc._.dotterel_coded
        # the parse ran on the cleaned view; the record keeps the article's own text
        if coded.article.text != article.text and len(coded.article.text) == len(article.text):
            coded = CodedArticle(**{**{f: getattr(coded, f) for f in coded.__dataclass_fields__}, "article": article})
        return coded

    # -- coding --------------------------------------------------------------------
    def code(self, article: Article | str, **metadata: Any) -> CodedArticle:
        """Code one article (or a text with ``published=``, ``title=`` ... metadata)."""
        if isinstance(article, str):
            article = Article(text=article, **metadata)
        doc = self._prepare(article)
        article = doc._.dotterel_meta["_article"]
        doc = self.nlp(doc)
        return self._finish(doc, article)

    def code_many(self, articles: Iterable[Article], *, batch_size: int | None = None) -> Iterator[Outcome]:
        """Code a stream of articles in batches; one bad document never stops the stream.

        Yields one :class:`Outcome` per article, in input order.
        """
        size = batch_size or self.config.batch_size
        iterator = iter(articles)
        while True:
            batch = list(itertools.islice(iterator, size))
            if not batch:
                return
            # a memory zone per batch: the strings and lexemes the batch adds to the vocab are
            # dropped after it (every result is a plain record by then), so memory stays flat
            with self._memory_zone():
                outcomes = self._code_batch(batch, size)
            yield from outcomes

    def _memory_zone(self) -> contextlib.AbstractContextManager:
        zone = getattr(self.nlp, "memory_zone", None)
        return zone() if callable(zone) else contextlib.nullcontext()

    def _code_batch(self, batch: list[Article], size: int) -> list[Outcome]:
        """Prepare, parse and code one batch; a failure inside it is retried one by one."""
        prepared: list[tuple[int, Doc, Article]] = []
        outcomes: list[Outcome | None] = [None] * len(batch)
        for index, article in enumerate(batch):
            try:
                doc = self._prepare(article)
                prepared.append((index, doc, doc._.dotterel_meta["_article"]))
            except DotterelError as exc:
                status = "skipped" if exc.code in ("E005", "E011") else "failed"
                outcomes[index] = Outcome(status, article=article, reason=exc.message, stage="prepare",
                                          origin=article.origin)
        try:
            docs = list(self.nlp.pipe([doc for _, doc, _ in prepared], batch_size=size))
            for (index, _, article), doc in zip(prepared, docs):
                outcomes[index] = Outcome("coded", article=article, coded=self._finish(doc, article),
                                          origin=article.origin)
        except Exception:  # noqa: BLE001 - a bad document inside the batch: code one by one
            for index, _, article in prepared:
                try:
                    fresh = self._prepare(article)  # the failed batch may have half-processed the doc
                    outcomes[index] = Outcome("coded", article=article, coded=self._finish(self.nlp(fresh), article),
                                              origin=article.origin)
                except Exception as exc:  # noqa: BLE001 - recorded, the batch goes on
                    reason = f"{type(exc).__name__}: {exc}".splitlines()[0][:300]
                    outcomes[index] = Outcome("failed", article=article, reason=reason, stage="code",
                                              origin=article.origin)
        assert all(outcome is not None for outcome in outcomes)
        return outcomes  # type: ignore[return-value]
