"""Event coding on dependency parses: triggers, arguments, modality, attribution.

A trigger is a verb or an event noun found in the lexicon. Its actors and
recipients come from the parse: subjects and objects (with the passive voice,
control of infinitives, coordination and relative clauses), prepositional
objects ("against Israel", "with the prime minister"), possessors and modifiers
of event nouns ("Hezbollah's attacks", "Israeli airstrikes"), agents ("raids
launched by the IDF") and light verbs ("Hezbollah launched attacks"). The
modality of each event comes from negation, modal and future auxiliaries,
conditional clauses ("if", "in the event"), the verbs that govern it
("threatened to", "refused to", "denied") and purpose clauses ("to prevent").
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span as SpacySpan, Token

from dotterel.lexicon import Lexicon, NounPattern, VerbPattern
from dotterel.pipeline._actors import ArticleActors
from dotterel.pipeline._dates import DateMention
from dotterel.records import Actor, Attribution, DateRange, Event, Location, Modality, Span
from dotterel.pipeline._text import text_of

__all__ = ["UNIDENTIFIED", "Draft", "code_sentence", "finish_event"]

_FUTURE_AUX = {"will", "shall", "'ll", "wo"}
_HYPOTHETICAL_AUX = {"would", "could", "might", "may", "should", "must", "'d", "can", "ca"}
_CONDITIONAL_MARKS = {"if", "unless", "whether", "lest"}
_CONDITIONAL_NOUNS = {"event", "case"}
_RECIPIENT_PREPS = ("against", "on", "upon", "at", "into", "toward", "towards", "targeting", "with", "to", "for", "over", "from")
_TYPE_PREPS: dict[str, tuple[str, ...]] = {
    "ASSAULT": ("against", "on", "upon", "at", "into", "in", "targeting", "toward", "towards"),
    "COERCE": ("against", "on", "upon", "in", "into", "from"),
    "CONSULT": ("with", "to", "between"),
    "AGREE": ("with", "between"),
    "COOPERATE": ("with", "between"),
    "SUPPORT": ("for", "to", "of"),
    "AID": ("to", "for"),
    "REQUEST": ("to", "from", "on"),
    "ACCUSE": ("against", "of", "on"),
    "REJECT": ("of", "from"),
    "THREATEN": ("against", "to", "for", "on", "with"),
    "PROTEST": ("against", "outside", "at", "over"),
    "SANCTION": ("on", "against", "upon"),
    "MOBILIZE": ("to", "into", "along", "near", "against"),
    "RETREAT": ("from", "to", "for"),
    "CONCEDE": ("to", "for"),
}
_SYMMETRIC = {"CONSULT", "AGREE", "COOPERATE"}
#: CAMEO roots of acts that, with no target named, fall on the actor's own country.
_DOMESTIC_ROOTS = {"17", "18", "19", "20"}
_TARGET_PREPS = {"against", "on", "at", "into", "targeting", "upon"}
#: Sectors of groups that are as often foreign as domestic: no country is assumed for them.
_FOREIGN_PRONE = {"MIL", "UAF", "IGO", "NGO", "IMG", "SPY"}
_SYMMETRIC_CODES = {"057", "046", "0311", "0312", "0313", "0314"}  # signing, negotiating: done together
#: Acts done by saying: a purpose clause of these ("rallied to protest", "marched to demand") is the act.
_SPEECH_ACTS = {"PROTEST"}
_COOPERATIVE = {"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "RETREAT", "CONCEDE"}
_OBJECT_PREPS = ("by", "from", "of", "to", "with", "against", "on", "for", "between")
_OBJECT_IS_THING = {"AID", "RETREAT", "MOBILIZE", "CONCEDE", "COOPERATE"}
_MEASURE_NOUNS = {
    "ton", "tonne", "million", "billion", "thousand", "hundred", "dollar", "euro", "pound", "amount", "number",
    "kind", "part", "series", "batch", "shipment", "consignment", "package", "lot", "round", "wave", "kilogram",
    "kg", "litre", "liter", "barrel", "load", "truckload", "planeload", "convoy", "supply", "quantity", "set",
    "day", "week", "month", "hour", "year", "night", "round",
}
#: Nouns that name a frame for the thing in their compound: "aid program", "mediation efforts".
_FRAME_NOUNS = {"program", "programme", "effort", "plan", "package", "project", "scheme", "process", "mission",
                "operation", "campaign", "agreement", "deal", "talk", "activity", "arrangement", "cooperation"}
_ADVERB_PARTICLES = {"back", "down", "out", "off", "up", "away", "over", "in", "on"}
_NEEDS_RECIPIENT_AS_NOUN = {"THREATEN", "ACCUSE", "REQUEST", "SUPPORT", "REJECT", "AID"}
_LONE_OK = {"PROTEST", "MOBILIZE", "RETREAT", "CONCEDE", "AGREE", "REJECT", "THREATEN", "REQUEST", "ACCUSE", "SUPPORT", "SANCTION", "AID", "COERCE", "ASSAULT", "CONSULT", "COOPERATE"}
_LOCATION_PREPS = {"in", "at", "near", "outside", "inside", "across", "along", "around", "into", "through", "throughout"}
_PLACE_LABELS = {"GPE", "LOC", "FAC"}
_ROLE_MODALITY = {
    "threat": Modality.FUTURE,
    "intent": Modality.FUTURE,
    "plan": Modality.FUTURE,
    "agree": Modality.FUTURE,
    "request": Modality.FUTURE,
    "refuse": Modality.NEGATED,
    "fail": Modality.NEGATED,
    "prevent": Modality.NEGATED,
    "deny": Modality.DENIED,
    "allege": Modality.ALLEGED,
    "condition": Modality.CONDITIONAL,
}


@dataclass
class Draft:
    """An event being built; frozen into an :class:`Event` by :func:`finish_event`."""

    trigger: Token
    trigger_tokens: list[Token]
    cameo: str
    kind: str  # "verb" | "noun"
    actors: list[Actor] = field(default_factory=list)
    recipients: list[Actor] = field(default_factory=list)
    modality: Modality = Modality.ASSERTED
    modality_cue: Token | None = None
    attribution: Attribution | None = None
    location: Location | None = None
    date_token: Token | None = None  # the token the date is looked up from
    governor: Token | None = None  # the light verb that carries an event noun
    consumed: bool = False


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "csubj"):
            if child.pos_ == "VERB" and child.tag_ == "VBG":
                # "The Red Cross operating in Iraq said": a misparse that makes the participle the subject
                inner = next((c for c in child.children if c.dep_ == "nsubj" and c.i < child.i), None)
                if inner is not None and inner.pos_ in ("NOUN", "PROPN"):
                    return inner
            return child
    return None


def _patient(verb: Token) -> Token | None:
    """The passive subject: "Hamas positions were raided"."""
    return next((c for c in verb.children if c.dep_ == "nsubjpass"), None)


def _passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def _agent(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return pobj
    return None


def _prep_objects(token: Token, preps: tuple[str, ...] | set[str]) -> list[Token]:
    found = []
    for child in token.children:
        if child.dep_ in ("prep", "agent", "dative") and child.lower_ in preps:
            for pobj in child.children:
                if pobj.dep_ in ("pobj", "pcomp"):
                    found.append(pobj)
    return found


def _controller(verb: Token) -> Token | None:
    """The understood subject of a verb with no subject of its own."""
    seen = 0
    current = verb
    while seen < 4:
        seen += 1
        subject = _subject(current)
        if subject is not None and current != verb:
            # object control: "urged Iran to stop", "called on Israel to withdraw"
            if verb.dep_ == "xcomp":
                for child in current.children:
                    if child.dep_ == "dobj":
                        return child
                for pobj in _prep_objects(current, ("on", "upon")):
                    return pobj
            return subject
        if subject is not None:
            return subject
        if current.dep_ == "nsubjpass":
            return None
        passive_subject = _patient(current)
        if passive_subject is not None and current != verb:
            return passive_subject
        if current.dep_ in ("xcomp", "conj", "advcl", "ccomp", "pcomp", "acomp") and current.head != current:
            current = current.head
            continue
        if current.dep_ in ("relcl", "acl") and current.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return current.head
        break
    return None


def _children_lemmas(token: Token, deps: tuple[str, ...]) -> set[str]:
    return {c.lemma_.lower() for c in token.children if c.dep_ in deps}


def _stative(token: Token, lexicon: Lexicon) -> bool:
    """"Israel is opposed to", "Vietnam is committed to": a participle the lexicon lists as a state."""
    return token.tag_ == "VBN" and token.lower_ in lexicon.verbs and _passive(token) and _agent(token) is None


def match_verb(token: Token, lexicon: Lexicon) -> VerbPattern | None:
    stative = _stative(token, lexicon)
    patterns = lexicon.verbs.get(token.lower_ if stative else token.lemma_.lower())
    if not patterns:
        return None
    # the particle matters only to a verb with particle patterns ("hit back", "forced ... out")
    particle = _particle(token) if any(p.particle for p in patterns) else None
    preps = {c.lower_ for c in token.children if c.dep_ in ("prep", "agent", "dative")}
    heads = [c for c in token.children if c.dep_ in ("dobj", "attr", "oprd")]
    for clause in token.children:
        if clause.dep_ in ("ccomp", "xcomp") and not heads:
            # "allowed candidate Ouattara to participate": the subject of the small clause is the object
            heads += [c for c in clause.children if c.dep_ == "nsubj" and c.i > token.i]
    if _passive(token) and not stative:
        heads += [c for c in token.children if c.dep_ == "nsubjpass"]
    objects = {h.lemma_.lower() for h in heads}
    if any(h.ent_type_ == "PERSON" for h in heads):
        objects.add("@person")  # "released Prime Minister Chaudhry": lexicon lines may name @person
    if any(c.dep_ == "ccomp" for c in token.children):
        objects.add("@clause")  # "the group charged that ...": a saying, not a legal charge
    for head in list(heads):
        # "provided 25,000 tons of food aid", "gave 5 million dollars of aid": see through the measure
        if head.lemma_.lower() in _MEASURE_NOUNS or head.like_num:
            for pobj in _prep_objects(head, ("of",)):
                objects.add(pobj.lemma_.lower())
                heads.append(pobj)
    for head in heads:
        # "suspended a military aid program", "ended mediation efforts": the compound names the thing
        if head.lemma_.lower() in _FRAME_NOUNS:
            objects.update(c.lemma_.lower() for c in head.children if c.dep_ == "compound")
    # "launch a military attack" -> object "attack"; "impose new sanctions"
    for pattern in patterns:
        if pattern.particle and pattern.particle != particle:
            continue
        if pattern.prep and pattern.prep not in preps:
            continue
        if pattern.objects and not (pattern.objects & objects):
            continue
        if not pattern.particle and particle and any(p.particle == particle for p in patterns):
            continue
        return pattern
    return None


def _particle(token: Token) -> str | None:
    particle = next((c.lower_ for c in token.children if c.dep_ == "prt"), None)
    if particle is None:
        # "hit back", "pulled back", "stepped down": particles the parser calls adverbs
        particle = next((c.lower_ for c in token.children if c.dep_ == "advmod" and c.i == token.i + 1
                         and c.lower_ in _ADVERB_PARTICLES), None)
    if particle is None:
        # "forced the agency out of the country": a particle the parser calls a preposition
        particle = next((c.lower_ for c in token.children if c.dep_ == "prep" and c.lower_ in ("out", "off", "away", "back", "down")
                         and not any(g.dep_ == "pobj" for g in c.children)), None)
    return particle


def match_noun(token: Token, lexicon: Lexicon) -> NounPattern | None:
    patterns = lexicon.nouns.get(token.lemma_.lower()) or lexicon.nouns.get(token.lower_)
    if not patterns:
        return None
    modifiers = {c.lemma_.lower() for c in token.children if c.dep_ in ("compound", "amod", "nmod")}
    for pattern in patterns:
        if pattern.modifiers and not (pattern.modifiers & modifiers):
            continue
        return pattern
    return None


def _first_conjunct(token: Token) -> Token:
    """"rocket, missile and drone attacks": the conjunct that carries the syntax."""
    current = token
    for _ in range(6):
        if current.dep_ != "conj" or current.head == current:
            break
        current = current.head
    return current


def _is_event_noun(token: Token) -> bool:
    return token.pos_ in ("NOUN", "PROPN") and token.dep_ not in ("compound", "amod", "nmod", "poss")


def code_sentence(
    sent: SpacySpan,
    *,
    actors: ArticleActors,
    lexicon: Lexicon,
) -> list[Draft]:
    """Find and argue the events of one sentence (before dates and ids are added)."""
    drafts: dict[int, Draft] = {}
    for token in sent:
        if token.is_space or token.is_punct:
            continue
        if token.pos_ == "VERB" or (token.pos_ == "AUX" and token.dep_ == "ROOT") or \
                (token.pos_ == "ADJ" and token.dep_ in ("acomp", "ROOT")):
            pattern = match_verb(token, lexicon)
            if pattern is not None and token.dep_ == "acl" and token.tag_ == "VBN" and _agent(token) is None:
                pattern = None  # "militiamen armed with machetes", "weapons seized last year": descriptions
            if pattern is not None:
                tokens = [token] + [c for c in token.children if c.dep_ == "prt"]
                drafts[token.i] = Draft(token, tokens, pattern.cameo, "verb")
                continue
        if _is_event_noun(token):
            noun = match_noun(token, lexicon)
            if noun is not None:
                drafts[token.i] = Draft(token, [token], noun.cameo, "noun")

    # light verbs and verbs whose object pattern names the event noun
    for index, draft in list(drafts.items()):
        if draft.kind != "noun":
            continue
        noun = _first_conjunct(draft.trigger)
        governor = noun.head
        if noun.dep_ in ("dobj", "nsubjpass", "attr") or (
            noun.dep_ == "pobj" and governor.dep_ == "prep" and governor.head.pos_ in ("VERB", "AUX")
        ):
            verb = governor if noun.dep_ != "pobj" else governor.head
            ptype = lexicon.code(draft.cameo).plover_type
            particle = next((c.lower_ for c in verb.children if c.dep_ == "prt"), None)
            verb_draft = drafts.get(verb.i)
            if lexicon.light_verb(verb.lemma_.lower(), particle, ptype, noun.lemma_.lower()):
                draft.governor = verb
                if verb_draft is not None and lexicon.code(verb_draft.cameo).plover_type in (ptype, "SUPPORT", "AGREE") and ptype != verb_draft.cameo:
                    verb_draft.consumed = True
            elif verb_draft is not None:
                vpattern = match_verb(verb, lexicon)
                if vpattern is not None and noun.lemma_.lower() in vpattern.objects:
                    draft.consumed = True  # "signed an agreement", "imposed sanctions": the verb codes it

    results: list[Draft] = []
    for draft in drafts.values():
        if draft.consumed:
            continue
        if draft.kind == "verb":
            _argue_verb(draft, actors, lexicon)
        else:
            _argue_noun(draft, actors, lexicon)
        _split_symmetric(draft, lexicon)
        if not draft.actors:
            cause = _unattributed_violence(draft, lexicon)
            if cause is None:
                continue  # "28 people were killed": no actor, no event (the count keeps the number)
            draft.actors = [_unidentified(cause, actors)]
        if not draft.recipients and (draft.kind == "verb" or draft.governor is not None) and \
                lexicon.complement_verbs.get((draft.governor or draft.trigger).lemma_.lower()) != "topic":
            draft.recipients = _complement_recipients(draft, actors, lexicon.code(draft.cameo).plover_type)
        if not draft.recipients and draft.kind == "verb":
            draft.recipients = _place_recipient(draft, actors)
        _inherit_country(draft, actors)
        draft.modality, draft.modality_cue = _modality(draft, lexicon)
        draft.attribution = _attribution(draft.trigger, actors, lexicon)
        draft.location = _location(draft)
        results.append(draft)
    _joined(sent, results, actors, lexicon)
    results.extend(_intentions(results, lexicon))
    results.extend(_obligations(sent, results, actors, lexicon))
    return results


#: Causes of death and harm that are not attacks: "killed in a car accident".
_NOT_ATTACKS = {
    "accident", "crash", "collision", "earthquake", "quake", "flood", "flooding", "storm", "hurricane", "cyclone",
    "typhoon", "landslide", "avalanche", "disease", "illness", "outbreak", "epidemic", "heat", "cold", "fire",
    "blaze", "stampede", "drowning", "lightning", "tsunami", "tornado", "mudslide", "collapse", "heatwave",
}
#: Weapons and attacks that, as the subject or cause of a killing, make it an attack by someone unnamed.
_ATTACK_CAUSES = {
    "bombing", "bomb", "explosion", "blast", "device", "ied", "mine", "minefield", "landmine", "shell", "shelling",
    "rocket", "missile", "grenade", "mortar", "attack", "airstrike", "strike", "gunfire", "gunman", "sniper",
    "drone", "shooting", "ambush", "raid", "bombardment", "artillery", "fire", "torture", "suicide",
}
#: The causes that are attacks whatever else is said ("fire" may be a blaze).
_SURE_ATTACKS = _ATTACK_CAUSES - _NOT_ATTACKS


UNIDENTIFIED = "unidentified armed group"


def _unidentified(cause: Token, actors: ArticleActors) -> Actor:
    """The unnamed author of an attack, as conflict data codes it: an unidentified armed group.

    Its country is where the attack happened (set by the places stage), else the
    country the sentence is about.
    """
    words = [t for t in cause.subtree if t.i <= cause.i and not t.is_punct] or [cause]  # "a roadside bombing"
    if words[0].pos_ == "DET" and len(words) > 1:
        words = words[1:]
    start, end = words[0].idx, words[-1].idx + len(words[-1].text)
    return Actor(text_of(cause.doc)[start:end], Span(start, end), UNIDENTIFIED, actors.focus_country(cause.i),
                 ("UAF",), "group")


def _unattributed_violence(draft: Draft, lexicon: Lexicon) -> Token | None:
    """A killing by someone unnamed is still an attack: "three soldiers were killed by a roadside bomb".

    An ASSAULT verb with no coded actor stands when its victims are coded and a weapon
    or an attack caused it (its subject, its "by" or "in" phrase); "killed in a car
    crash" is not an attack.
    """
    if draft.kind != "verb" or lexicon.code(draft.cameo).plover_type != "ASSAULT" or not draft.recipients:
        return None
    verb = draft.trigger
    causes: list[Token] = []
    subject = _subject(verb)
    if subject is not None:
        causes.append(subject)
    causes.extend(_prep_objects(verb, ("by", "in", "during", "from", "after")))
    found = None
    natural = False
    for cause in causes:
        lemmas = {cause.lemma_.lower()} | {c.lemma_.lower() for c in cause.children if c.dep_ in ("compound", "amod")}
        if lemmas & _SURE_ATTACKS or (lemmas & _ATTACK_CAUSES and not lemmas & _NOT_ATTACKS):
            found = found or cause
        elif lemmas & _NOT_ATTACKS:
            natural = True
    # a bare "three people were killed" usually reports the toll of an attack told before: not a new event
    return None if natural else found


#: Verbs of getting ready: with an attack as their object, the act is a force posture (CAMEO 150).
_READYING = {"prepare", "gear", "mass", "position", "poise", "ready"}
#: Fighting that both sides take part in: "retook the village after fierce fighting with guerrillas".
_MUTUAL_COMBAT = {"fighting", "clash", "battle", "combat", "skirmish", "gunbattle", "firefight", "exchange"}

_OBLIGATION_AUX = {"must", "should"}


def _obligations(sent: SpacySpan, drafts: list[Draft], actors: ArticleActors, lexicon: Lexicon) -> list[Draft]:
    """"Russia said that Sudan must return the helicopter": a demand (REQUEST) on Sudan.

    A clause with "must" or "should", reported by a speaker other than its subject,
    is the speaker's demand on that subject.
    """
    out: list[Draft] = []
    taken = {d.trigger.i for d in drafts} | {d.governor.i for d in drafts if d.governor is not None}
    code = lexicon.intent_codes.get("REQUEST") or "100"
    for token in sent:
        if token.pos_ not in ("VERB", "AUX"):
            continue
        cue = next((c for c in token.children if c.dep_ == "aux" and c.lower_ in _OBLIGATION_AUX), None)
        if cue is None or any(c.dep_ == "neg" for c in token.children):
            continue
        clause = token
        while clause.dep_ == "conj" and clause.head != clause:
            clause = clause.head
        speaker_verb = clause.head
        statement = None
        if clause.dep_ == "acl" and speaker_verb.pos_ == "NOUN" and speaker_verb.dep_ == "dobj" and \
                lexicon.complement_verbs.get(speaker_verb.lemma_.lower()) in ("report", "request", "threat"):
            # "issued a stern reminder to Iraq that it must cooperate": the statement's issuer demands
            statement, speaker_verb = speaker_verb, speaker_verb.head
        elif clause.dep_ not in ("ccomp", "parataxis") or speaker_verb.pos_ not in ("VERB", "AUX"):
            continue
        if speaker_verb.i in taken:
            continue
        role = lexicon.complement_verbs.get(speaker_verb.lemma_.lower())
        if statement is None and role not in ("report", "request", "threat") and \
                speaker_verb.lemma_.lower() not in ("conclude", "say"):
            continue
        speaker = _subject(speaker_verb)
        target = _subject(token) or _patient(token)
        if speaker is None or target is None:
            continue
        demanders = actors.code(speaker)
        demanded = actors.code(target, fallback=True)
        if not demanded:
            # "reminded Iraq that it must ...": the one addressed
            addressed = [c for c in speaker_verb.children if c.dep_ in ("dative", "dobj") and c is not statement]
            for child in addressed:
                pobj = next((g for g in child.children if g.dep_ == "pobj"), None) if child.pos_ == "ADP" else child
                demanded = _code_arg(pobj, actors, fallback=True)
                if demanded:
                    break
        if not demanders or not demanded:
            continue
        draft = Draft(speaker_verb, [speaker_verb], code, "verb", actors=demanders, recipients=demanded)
        draft.attribution = None
        draft.date_token = speaker_verb
        draft.modality, draft.modality_cue = _modality(draft, lexicon)
        out.append(draft)
        taken.add(speaker_verb.i)
    return out


def _place_recipient(draft: Draft, actors: ArticleActors) -> list[Actor]:
    """Last resort: the country or capital named where the event happens ("in Tokyo").

    Only places inside the event's own clause count, and only another country than
    the actor's own.
    """
    own = {a.country for a in draft.actors}
    clause = draft.trigger
    for token in clause.subtree:
        if token.dep_ in ("relcl", "advcl", "ccomp", "parataxis") and token.i != clause.i:
            continue
        mention = actors.by_token.get(token.i)
        if mention is None or mention.entry.kind not in ("country", "capital"):
            continue
        if token.head.dep_ != "prep" or token.head.lower_ not in ("in", "to", "into", "at", "inside", "across"):
            continue
        if mention.entry.country in own:
            continue
        found = actors.code(token, fallback=True)
        if found:
            return found[:1]
    return []


def _inherit_country(draft: Draft, actors: ArticleActors) -> None:
    """Unnamed groups take the country of the other side: "Egyptian police fired on demonstrators".

    A recipient (or actor) coded only by its sector ("demonstrators", "the police") is
    taken to be of the same country as the other party when that party is a state
    actor: the event is domestic, which is how news writes about one country.
    """
    def national(side: list[Actor]) -> str | None:
        codes = {a.country for a in side if a.country and a.country not in ("IGO", "NGO", "IMG")}
        return codes.pop() if len(codes) == 1 else None

    for this, other in ((draft.recipients, draft.actors), (draft.actors, draft.recipients)):
        country = national(other)
        if country is None:
            continue
        for index, actor in enumerate(this):
            if actor.country is None and actor.sectors and actor.kind != "person" and \
                    not set(actor.sectors) <= _FOREIGN_PRONE:
                this[index] = replace(actor, country=country)
    # still unplaced: the country the sentence (else the article) is about
    focus = None
    for side, other in ((draft.actors, draft.recipients), (draft.recipients, draft.actors)):
        for index, actor in enumerate(side):
            if actor.country is None and actor.sectors:
                focus = focus or actors.focus_country(draft.trigger.i)
                if focus is None:
                    continue
                side[index] = replace(actor, country=focus)
    # a domestic act with no stated target falls on the actor's own country
    # ("Egyptian police arrested 12", "the rebels blew up power lines")
    ptype = draft.cameo[:2]
    # only when nothing names a target: "raided the Jenin camp" has one, just not a known actor
    targets = [c for t in {draft.trigger, draft.governor or draft.trigger} for c in t.children
               if c.dep_ in ("dobj", "nsubjpass") or (c.dep_ == "prep" and c.lower_ in _TARGET_PREPS)]
    has_target = any(w.pos_ == "PROPN" or w.ent_type_ in _PLACE_LABELS for c in targets for w in c.subtree)
    if not draft.recipients and not has_target and draft.kind == "verb" and ptype in _DOMESTIC_ROOTS:
        own = national(draft.actors)
        first = draft.actors[0] if draft.actors else None
        if own is not None and first is not None and first.kind != "person":
            name = actors.kb.countries[own].name if own in actors.kb.countries else own
            draft.recipients = [Actor(first.text, first.span, name, own, (), "country")]
    # a protest with no target is aimed at the protesters' own government
    if not draft.recipients and draft.kind in ("verb", "noun") and draft.cameo.startswith("14"):
        own = national(draft.actors)
        if own is not None and not any("GOV" in a.sectors for a in draft.actors):
            name = actors.kb.countries[own].name if own in actors.kb.countries else own
            first = draft.actors[0]
            draft.recipients = [Actor(first.text, first.span, name, own, ("GOV",), "country")]


def _condition_on(token: Token) -> Token | None:
    """An "unless" or "if" clause attached to ``token``."""
    for child in token.children:
        if child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("unless", "if") for m in child.children):
            return child
    return None


def _complement_recipients(draft: Draft, actors: ArticleActors, ptype: str | None = None) -> list[Actor]:
    """When no argument names a recipient, the first actor in what the event is about.

    "demanded that Israel ease restrictions" (the complement's subject), "will support
    Turkey's efforts" (the object's possessor), "offered to hand over ... to Britain"
    (the complement's prepositional object), "threatened to shell Iraqi towns".
    """
    own = {(a.name, a.country) for a in draft.actors}
    queue: list[tuple[Token, int]] = [(draft.governor or draft.trigger, 0)]
    if draft.governor is not None:
        queue.append((draft.trigger, 0))
    seen: set[int] = set()
    while queue:
        token, depth = queue.pop(0)
        if token.i in seen or depth > 3:
            continue
        seen.add(token.i)
        for child in token.children:
            if child.dep_ in ("nsubj", "nsubjpass") and token.i != (draft.governor or draft.trigger).i:
                found = [a for a in actors.code(child, fallback=True) if (a.name, a.country) not in own]
                if found:
                    return found
        for child in token.children:
            if child.dep_ in ("dobj", "dative", "attr", "oprd"):
                found = [a for a in actors.code(child, fallback=True) if (a.name, a.country) not in own]
                if found:
                    return found
                queue.append((child, depth + 1))
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ not in ("by", "since", "after", "before", "during", "until",
                                                             "following", "despite", "amid"):
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        found = [a for a in actors.code(pobj, fallback=True) if (a.name, a.country) not in own]
                        if found:
                            return found
                        queue.append((pobj, depth + 1))
        if draft.cameo.startswith("13"):
            # "threatened to ... unless Baghdad accepted": the condition names the threatened
            for child in token.children:
                if child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("unless", "if") for m in child.children):
                    subject = _subject(child)
                    if subject is not None:
                        found = [a for a in actors.code(subject, fallback=True) if (a.name, a.country) not in own]
                        if found:
                            return found
        for child in token.children:
            if child.dep_ == "advcl" and ptype in ("AID", "SUPPORT", "COOPERATE") and \
                    any(c.dep_ == "aux" and c.tag_ == "TO" for c in child.children):
                queue.append((child, depth + 1))  # "send material to help defend Saudi Arabia": whom it is for
            if child.dep_ in ("xcomp", "ccomp", "acomp", "pcomp") or (child.dep_ == "poss"):
                if child.dep_ == "poss":
                    found = [a for a in actors.code(child) if (a.name, a.country) not in own]
                    if found:
                        return found
                    continue
                queue.append((child, depth + 1))
    return []


def _intentions(drafts: list[Draft], lexicon: Lexicon) -> list[Draft]:
    """A stated intention is an event: "will support" is AGREE, "vowed to strike" THREATEN."""
    out: list[Draft] = []
    triggers = {d.trigger.i for d in drafts} | {d.governor.i for d in drafts if d.governor is not None}
    for draft in drafts:
        if draft.modality is Modality.NEGATED and draft.actors and draft.modality_cue is not None:
            # "will not accept refugees", "would not meet the demands", "failed to reach agreement": a refusal
            clause = draft.governor or draft.trigger
            ptype = lexicon.code(draft.cameo).plover_type
            cue = draft.modality_cue
            future_not = cue.head.i == clause.i and any(
                c.dep_ == "aux" and c.lower_ in (_FUTURE_AUX | {"would"}) for c in clause.children)
            failed = (cue.i not in triggers and lexicon.complement_verbs.get(cue.lemma_.lower()) in ("fail", "refuse")
                      and draft.kind == "verb" and draft.trigger.dep_ == "xcomp" and draft.trigger.head.i == cue.i)
            if ptype in _COOPERATIVE and (future_not or failed):
                tokens = sorted([draft.modality_cue, draft.trigger], key=lambda t: t.i)
                out.append(Draft(draft.trigger, tokens, "120", "intent", actors=list(draft.actors),
                                 recipients=list(draft.recipients), attribution=draft.attribution,
                                 location=draft.location, date_token=draft.date_token))
            continue
        cue = draft.modality_cue
        if cue is None or not draft.actors:
            continue
        clause = draft.governor or draft.trigger
        condition = _condition_on(clause) or (_condition_on(cue) if cue.dep_ != "aux" else None)
        if draft.modality is Modality.HYPOTHETICAL and cue.lower_ in ("may", "might", "could") and condition:
            pass  # "the EU may halt mediation if ...": a conditional threat
        elif draft.modality is not Modality.FUTURE:
            continue
        if cue.i in triggers:
            continue  # "agreed to withdraw", "threatened to strike": the governing verb is coded already
        role = lexicon.complement_verbs.get(cue.lemma_.lower())
        if cue.dep_ != "aux" and role not in ("intent", "plan", "agree", "threat"):
            continue  # "demanded that Turkey provide ...": not Turkey's intention
        ptype = lexicon.code(draft.cameo).plover_type
        cameo = lexicon.intent_codes.get(ptype)
        if (condition is not None and ptype not in _COOPERATIVE) or role == "threat":
            # "will withdraw its force unless ...", "vowed to fight": an intention with a condition is a threat
            cameo = cameo if cameo and cameo.startswith("13") else "130"
        elif ptype == "ASSAULT" and cue.lemma_.lower() in _READYING:
            # "the army prepared to resume shelling": getting ready to fight is a show of force, not a threat
            cameo = "150"
        if cameo is None:
            continue
        tokens = sorted([cue, draft.trigger], key=lambda t: t.i)
        intent = Draft(draft.trigger, tokens, cameo, "intent", actors=list(draft.actors),
                       recipients=list(draft.recipients), attribution=draft.attribution,
                       location=draft.location, date_token=draft.date_token, governor=None)
        out.append(intent)
    return out


def _code_arg(token: Token | None, actors: ArticleActors, *, fallback: bool = False) -> list[Actor]:
    if token is None:
        return []
    return actors.code(token, fallback=fallback)


def _argue_verb(draft: Draft, actors: ArticleActors, lexicon: Lexicon) -> None:
    verb = draft.trigger
    ptype = lexicon.code(draft.cameo).plover_type
    pattern = match_verb(verb, lexicon)
    stative = _stative(verb, lexicon)  # "Israel is opposed to": the passive subject holds the position
    passive = _passive(verb) and not stative
    if passive:
        draft.actors = _code_arg(_agent(verb), actors)
        patient = _patient(verb)
        if patient is not None and not (pattern and pattern.objects):
            draft.recipients = _code_arg(patient, actors, fallback=True)
    else:
        subject = _subject(verb) or (_patient(verb) if stative else None) or _controller(verb)
        if subject is not None and subject.dep_ == "nsubjpass" and subject.head != verb:
            subject = None
        draft.actors = _code_arg(subject, actors)
        if not draft.actors and subject is not None and match_noun(subject, lexicon) is not None:
            # "US Predator attacks have killed ...": the attack's author acts
            for left in subject.lefts:
                for child in left.subtree:  # "US Predator attacks": the modifier of a modifier
                    if child.dep_ in ("poss", "compound", "amod", "nmod") and \
                            (child.i in actors.by_token or child.i in actors.person_at):
                        draft.actors = actors.code(child)
                        break
                if draft.actors:
                    break
            if not draft.actors:
                draft.actors = [a for p in _prep_objects(subject, ("by", "from")) for a in actors.code(p)]
        if not draft.actors and verb.dep_ in ("acl", "relcl") and verb.head.pos_ in ("NOUN", "PROPN"):
            draft.actors = _code_arg(verb.head, actors)
            statement = verb.head
            if not draft.actors and statement.dep_ in ("dobj", "nsubjpass") and statement.head.pos_ == "VERB" \
                    and lexicon.complement_verbs.get(statement.lemma_.lower()) == "report":
                # "issued a statement condemning the attack": the issuer condemns
                issuer = _subject(statement.head) if statement.dep_ == "dobj" else _agent(statement.head)
                draft.actors = _code_arg(issuer, actors)
    recipients: list[Actor] = []
    if pattern is not None and pattern.prep:
        for pobj in _prep_objects(verb, (pattern.prep,)):
            recipients.extend(_code_arg(pobj, actors, fallback=True))
    if not recipients:
        dative = next((c for c in verb.children if c.dep_ == "dative"), None)
        if dative is not None:
            recipients = _code_arg(dative if dative.pos_ != "ADP" else next(iter(dative.children), None), actors, fallback=True)
    if not recipients and ptype in _OBJECT_IS_THING:
        # "withdrew its troops from Lebanon", "sent aid to Gaza": the object is what moves
        for pobj in _prep_objects(verb, _TYPE_PREPS.get(ptype, _RECIPIENT_PREPS)):
            recipients.extend(_code_arg(pobj, actors, fallback=True))
            if recipients:
                break
    topic_verb = lexicon.complement_verbs.get(verb.lemma_.lower()) == "topic"  # "discussed the threats"
    if not recipients and not _passive(verb) and not topic_verb:
        for child in verb.children:
            if child.dep_ == "dobj" and ptype in _OBJECT_IS_THING:
                # "deployed armoured vehicles", "withdrew its troops": only a named object is a recipient
                recipients.extend(a for a in _code_arg(child, actors) if a.kind != "group")
                continue
            if child.dep_ == "dobj":
                if pattern is not None and pattern.objects and child.lemma_.lower() in pattern.objects:
                    if child.lemma_.lower() not in lexicon.nouns:
                        # "entered Lebanese territory": the object is where, and whose; but
                        # "launched 68 drones at Ukraine": the object is the weapon, not a target
                        named = [a for a in _code_arg(child, actors, fallback=True) if a.kind != "group"]
                        recipients.extend(named)
                        if not named:
                            for pobj in _prep_objects(verb, _TYPE_PREPS.get(ptype, _RECIPIENT_PREPS)):
                                recipients.extend(_code_arg(pobj, actors, fallback=True))
                                if recipients:
                                    break
                        continue
                    # "imposed sanctions on Iran", "rejected calls by Belarus": the object names the act
                    for pobj in _prep_objects(child, _TYPE_PREPS.get(ptype, _RECIPIENT_PREPS) + _OBJECT_PREPS):
                        recipients.extend(_code_arg(pobj, actors, fallback=True))
                        if recipients:
                            break
                    continue
                recipients.extend(_code_arg(child, actors, fallback=True))
                if not recipients:
                    for pobj in _prep_objects(child, _TYPE_PREPS.get(ptype, ()) + ("of",)):
                        recipients.extend(_code_arg(pobj, actors, fallback=True))
    if not recipients and passive and not (pattern and pattern.objects):
        # "three civilians were killed in a bombing in Baghdad": the victims, not the place
        recipients = _code_arg(_patient(verb), actors, fallback=True)
    if not recipients:
        for pobj in _prep_objects(verb, _TYPE_PREPS.get(ptype, _RECIPIENT_PREPS)):
            recipients.extend(_code_arg(pobj, actors, fallback=ptype in ("ASSAULT", "COERCE", "MOBILIZE", "AID")))
            if recipients:
                break
    if not recipients and _passive(verb):
        recipients = _code_arg(_patient(verb), actors, fallback=True)
    draft.recipients = [r for r in recipients if not _same(r, draft.actors)] or (
        recipients if ptype in ("COERCE", "ASSAULT", "PROTEST") else []
    )
    draft.date_token = verb


def _same(actor: Actor, others: list[Actor]) -> bool:
    return any(o.name == actor.name and o.span == actor.span for o in others)


def _argue_noun(draft: Draft, actors: ArticleActors, lexicon: Lexicon) -> None:
    noun = draft.trigger
    ptype = lexicon.code(draft.cameo).plover_type
    found: list[Actor] = []
    for child in noun.children:
        if child.dep_ == "poss":
            found.extend(actors.code(child))
            if not found and child.lower_ in ("their", "its"):
                # "Israeli forces entered Lebanon in their war": the clause's subject
                verb = noun.head
                while verb.pos_ not in ("VERB", "AUX") and verb.head != verb:
                    verb = verb.head
                subject = _subject(verb) if verb.pos_ in ("VERB", "AUX") else None
                if subject is not None and subject.pos_ != "PRON":
                    found.extend(actors.code(subject))
    if not found:
        for child in noun.children:
            if child.dep_ in ("compound", "amod", "nmod") and (child.i in actors.by_token or child.i in actors.person_at):
                found.extend(actors.code(child))
                if found:
                    break
    if not found:
        for pobj in _prep_objects(noun, ("by", "from")):
            found.extend(actors.code(pobj))
    if not found:
        for child in noun.children:
            if child.dep_ in ("acl", "relcl") and child.pos_ == "VERB":
                agent = _agent(child)
                if agent is not None:
                    found.extend(actors.code(agent))
    governor = draft.governor
    if not found and governor is not None:
        subject = _subject(governor) or _controller(governor)
        if _passive(governor):
            subject = _agent(governor)
            if subject is None and governor.lower_ in ("engaged", "involved"):
                # "Serb forces were engaged in ethnic cleansing": a state, its subject acts
                subject = _patient(governor)
        found.extend(_code_arg(subject, actors))
    scene = noun
    if scene.dep_ == "pobj" and scene.head.lower_ == "of" and scene.head.head.lemma_.lower() in _MEASURE_NOUNS:
        scene = scene.head.head  # "after five days of fighting"
    if not found and scene.dep_ == "pobj" and (
            (noun.lemma_.lower() in _MUTUAL_COMBAT and scene.head.lower_ in ("after", "during", "amid"))
            or (ptype == "PROTEST" and scene.head.lower_ == "during")):
        # "retook the village after fierce fighting with guerrillas", "threw stones during
        # demonstrations against ...": the clause's subject took part in the fighting or the protest
        verb = scene.head.head
        if verb.pos_ in ("VERB", "AUX") and not _passive(verb):
            found.extend(_code_arg(_subject(verb) or _controller(verb), actors))
    draft.actors = found
    recipients: list[Actor] = []
    preps = _TYPE_PREPS.get(ptype, _RECIPIENT_PREPS)
    between = _prep_objects(noun, ("between", "among"))
    if between:
        pair = _code_arg(between[0], actors)
        if len(pair) >= 2 and not draft.actors:
            draft.actors, recipients = pair[:1], pair[1:]
        else:
            recipients = pair
    if not recipients:
        carriers = [noun, _first_conjunct(noun)] + [c for c in noun.children if c.dep_ in ("acl", "relcl") and c.pos_ == "VERB"]
        for carrier in carriers:
            for pobj in _prep_objects(carrier, preps):
                recipients.extend(_code_arg(pobj, actors, fallback=True))
                if recipients:
                    break
            if recipients:
                break
    if not recipients and governor is not None:
        for pobj in _prep_objects(governor, preps):
            recipients.extend(_code_arg(pobj, actors, fallback=True))
            if recipients:
                break
        if not recipients and ptype in ("AID", "SUPPORT"):
            dative = next((c for c in governor.children if c.dep_ == "dative"), None)
            if dative is not None:
                recipients = _code_arg(dative, actors, fallback=True)
    draft.recipients = [r for r in recipients if not _same(r, draft.actors)]
    mutual = len(draft.actors) >= 2 and (draft.cameo in _SYMMETRIC_CODES or ptype in _SYMMETRIC)
    if not draft.recipients and ptype in _NEEDS_RECIPIENT_AS_NOUN and governor is None and not mutual:
        draft.actors = []  # "the threats posed by Iran": a description, not an event
    draft.date_token = governor or noun


def _split_symmetric(draft: Draft, lexicon: Lexicon) -> None:
    """"Gallant and Austin talked": one is the actor, the other the recipient."""
    if draft.recipients or len(draft.actors) < 2:
        return
    if lexicon.code(draft.cameo).plover_type in _SYMMETRIC or draft.cameo in _SYMMETRIC_CODES:
        draft.actors, draft.recipients = draft.actors[:1], draft.actors[1:]


def _modality(draft: Draft, lexicon: Lexicon) -> tuple[Modality, Token | None]:
    modality, cue = _first_cue(draft, lexicon)
    if modality is not Modality.CONDITIONAL:
        conditional = _conditional_context(draft.governor or draft.trigger)
        if conditional is not None:
            return Modality.CONDITIONAL, conditional
    return modality, cue


def _reported(verb: Token, lexicon: Lexicon) -> bool:
    """Whether a clause is what someone said ("Iraq said it would allow ...")."""
    current = verb
    for _ in range(3):
        if current.dep_ not in ("ccomp", "conj", "xcomp") or current.head == current:
            return False
        current = current.head
        if lexicon.complement_verbs.get(current.lemma_.lower()) in ("report", "intent", "plan", "threat"):
            return True
    return False


def _conditional_context(token: Token) -> Token | None:
    """An "if" clause or "in the event (that)" anywhere above the event in its sentence."""
    current = token
    for _ in range(10):
        for child in current.children:
            if child.dep_ == "mark" and child.lower_ in _CONDITIONAL_MARKS and current.dep_ in ("advcl", "ccomp", "csubj"):
                return child
        head = current.head
        if head == current:
            return None
        if current.dep_ in ("relcl", "acl") and head.lemma_.lower() in _CONDITIONAL_NOUNS and head.dep_ == "pobj":
            return head
        if head.lemma_.lower() in _CONDITIONAL_NOUNS and head.dep_ == "pobj" and current.dep_ in ("relcl", "acl", "ccomp"):
            return head
        current = head
    return None


def _first_cue(draft: Draft, lexicon: Lexicon) -> tuple[Modality, Token | None]:
    token = draft.trigger
    # the clause that carries the event: its own verb, or the light verb of an event noun
    clause = draft.governor if draft.kind == "noun" and draft.governor is not None else token
    if draft.kind == "noun":
        for child in token.children:
            if child.dep_ == "det" and child.lower_ == "no":
                return Modality.NEGATED, child
        if clause == token:
            # an event noun with no light verb: its governing verb sets the clause
            head = token
            while head.dep_ in ("pobj", "prep", "dobj", "conj", "appos", "nsubj", "nsubjpass", "compound") and head.head != head:
                head = head.head
                if head.pos_ in ("VERB", "AUX"):
                    break
            if head.pos_ in ("VERB", "AUX"):
                clause = head
                role = lexicon.complement_verbs.get(head.lemma_.lower())
                if role in _ROLE_MODALITY:
                    return _ROLE_MODALITY[role], head
    current = clause
    steps = 0
    while steps < 8:
        steps += 1
        for child in current.children:
            if child.dep_ == "neg":
                return Modality.NEGATED, child
        for child in current.children:
            if child.dep_ == "aux" and child.lower_ in _FUTURE_AUX:
                return Modality.FUTURE, child
            if child.dep_ == "aux" and child.lower_ == "would" and _reported(current, lexicon):
                return Modality.FUTURE, child  # "they said they would boycott": a stated intention
            if child.dep_ == "aux" and child.lower_ in _HYPOTHETICAL_AUX:
                return Modality.HYPOTHETICAL, child
            if child.dep_ == "mark" and child.lower_ in _CONDITIONAL_MARKS and current.dep_ in ("advcl", "ccomp", "csubj"):
                return Modality.CONDITIONAL, child
        if current.dep_ == "aux" and current.lower_ == "going":
            return Modality.FUTURE, current
        head = current.head
        if head == current:
            break
        # "in the event Iran chooses to launch ..."
        if current.dep_ in ("relcl", "acl") and head.lemma_.lower() in _CONDITIONAL_NOUNS and head.dep_ == "pobj":
            return Modality.CONDITIONAL, head
        if current.dep_ in ("xcomp", "ccomp", "advcl", "pcomp", "conj", "acl", "relcl", "dobj", "pobj", "prep"):
            role = lexicon.complement_verbs.get(head.lemma_.lower()) if head.pos_ in ("VERB", "NOUN", "AUX", "ADJ") else None
            infinitive = any(c.dep_ == "aux" and c.tag_ == "TO" for c in current.children)
            if (current.dep_ in ("xcomp", "ccomp", "pcomp", "dobj") or (current.dep_ == "acl" and head.pos_ == "NOUN")
                    or (current.dep_ == "advcl" and infinitive)) and role in _ROLE_MODALITY:
                return _ROLE_MODALITY[role], head
            if current.dep_ in ("xcomp", "advcl", "acl") and any(c.dep_ == "aux" and c.tag_ == "TO" for c in current.children):
                purpose_of_act = current.dep_ == "advcl" and lexicon.code(draft.cameo).plover_type in _SPEECH_ACTS
                if role not in ("attempt", "continue", "report") and not purpose_of_act:
                    return Modality.HYPOTHETICAL, current
            if current.dep_ == "pcomp" and head.lower_ in ("of", "for") and head.head.pos_ == "NOUN":
                return Modality.HYPOTHETICAL, head
            if role == "report" and current.dep_ in ("ccomp", "parataxis"):
                # "reiterated its demand that Israel ease ...": the object says what kind of saying
                for child in head.children:
                    object_role = lexicon.complement_verbs.get(child.lemma_.lower()) if child.dep_ == "dobj" else None
                    if object_role in _ROLE_MODALITY:
                        return _ROLE_MODALITY[object_role], child
            if role == "report":
                # "The RSF denied the strike and said the army's own aircraft had bombed the area":
                # a claim made to deny one's own part is an allegation, not a report of fact
                speaker_verb = head
                for _ in range(3):  # "said in a statement that ...": the statement's verb
                    if speaker_verb.pos_ in ("VERB", "AUX") or speaker_verb.head == speaker_verb:
                        break
                    speaker_verb = speaker_verb.head
                linked = [speaker_verb.head] if speaker_verb.dep_ == "conj" else []
                linked += [c for c in speaker_verb.children if c.dep_ == "conj"]
                if any(lexicon.complement_verbs.get(v.lemma_.lower()) == "deny" for v in linked):
                    return Modality.ALLEGED, head
                break  # reported speech: asserted, attributed to the speaker
            if current.dep_ in ("conj", "dobj", "pobj", "prep", "acl", "relcl"):
                if current.dep_ in ("acl", "relcl"):
                    break
                current = head
                continue
            current = head
            continue
        break
    return Modality.ASSERTED, None


def _attribution(token: Token, actors: ArticleActors, lexicon: Lexicon) -> Attribution | None:
    sent = token.sent
    current = token
    for _ in range(8):
        head = current.head
        if head == current:
            break
        if head.pos_ in ("VERB", "AUX") and head.lemma_.lower() in lexicon.reporting_verbs and current.dep_ in ("ccomp", "parataxis", "xcomp", "advcl", "dobj"):
            subject = _subject(head)
            if subject is not None:
                coded = actors.code(subject, fallback=True)
                words = [t for t in subject.subtree]
                start, end = words[0].idx, words[-1].idx + len(words[-1].text)
                return Attribution(text_of(token.doc)[start:end], Span(start, end), coded[0] if coded else None, head.text)
        current = head
    # "according to the readout", "X said" as the main clause of the sentence
    for t in sent:
        if t.lower_ == "according" and t.i + 1 < len(token.doc) and token.doc[t.i + 1].lower_ == "to":
            objects = [c for c in token.doc[t.i + 1].children if c.dep_ == "pobj"]
            if objects:
                obj = objects[0]
                words = [w for w in obj.subtree if w.i <= obj.i]
                start, end = words[0].idx, obj.idx + len(obj.text)
                coded = actors.code(obj, fallback=True)
                return Attribution(text_of(token.doc)[start:end], Span(start, end), coded[0] if coded else None, "according to")
    root = sent.root
    if root != token and root.lemma_.lower() in lexicon.reporting_verbs and token.i not in {t.i for t in (_subject(root).subtree if _subject(root) is not None else [])}:
        subject = _subject(root)
        if subject is not None:
            words = list(subject.subtree)
            start, end = words[0].idx, words[-1].idx + len(words[-1].text)
            coded = actors.code(subject, fallback=True)
            return Attribution(text_of(token.doc)[start:end], Span(start, end), coded[0] if coded else None, root.text)
    return None


def _location(draft: Draft) -> Location | None:
    candidates = [draft.trigger]
    if draft.governor is not None:
        candidates.append(draft.governor)
    for token in candidates:
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in _LOCATION_PREPS:
                for pobj in child.children:
                    if pobj.dep_ != "pobj":
                        continue
                    if pobj.ent_type_ in _PLACE_LABELS or any(
                        c.ent_type_ in _PLACE_LABELS for c in pobj.children if c.dep_ in ("compound", "amod", "prep")
                    ):
                        words = [t for t in pobj.subtree if not t.is_punct]
                        if not words:
                            continue
                        start = words[0].idx if words[0].pos_ != "DET" else words[min(1, len(words) - 1)].idx
                        end = words[-1].idx + len(words[-1].text)
                        return Location(text_of(token.doc)[start:end], Span(start, end), source="event")
    return None


def _joined(sent: SpacySpan, drafts: list[Draft], actors: ArticleActors, lexicon: Lexicon) -> None:
    """"..., joined the next day by Hezbollah": the joiner does what the joined did."""
    for token in sent:
        if token.lemma_.lower() != "join" or token.pos_ != "VERB":
            continue
        if any(d.trigger == token for d in drafts):
            continue
        if any(c.dep_ == "dobj" for c in token.children):
            continue  # "Belarus joins drills": what is joined is named (a light-verb object, or nothing)
        base = None
        current = token.head
        for _ in range(4):
            base = next((d for d in drafts if d.trigger == current or d.governor == current), None)
            if base is not None or current.head == current:
                break
            current = current.head
        if base is None:
            before = [d for d in drafts if d.trigger.i < token.i and d.kind in ("verb", "noun")]
            base = before[-1] if before else None
        if base is None:
            continue
        joiner = _agent(token) or _subject(token)  # a reduced passive has an agent but no auxiliary
        coded = _code_arg(joiner, actors)
        if not coded:
            continue
        joined = Draft(token, [token], base.cameo, base.kind, actors=coded, recipients=list(base.recipients))
        joined.modality, joined.modality_cue = _modality(joined, lexicon)
        joined.attribution = _attribution(token, actors, lexicon)
        joined.date_token = token
        drafts.append(joined)


def event_id(article_id: str, draft: Draft) -> str:
    key = f"{article_id}|{draft.trigger.idx}|{draft.cameo}"
    return "ev-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def finish_event(
    draft: Draft,
    *,
    article_id: str,
    sentence_index: int,
    sentence_span: Span,
    lexicon: Lexicon,
    date: DateRange | None,
    source: str,
) -> Event:
    code = lexicon.code(draft.cameo)
    tokens = sorted(draft.trigger_tokens, key=lambda t: t.i)
    if draft.governor is not None and draft.governor.i < draft.trigger.i:
        tokens = [draft.governor] + tokens
    start = tokens[0].idx
    end = tokens[-1].idx + len(tokens[-1].text)
    text = text_of(draft.trigger.doc)
    confidence = 0.5
    if draft.actors:
        confidence += 0.15
    if draft.recipients:
        confidence += 0.15
    if draft.kind == "verb":
        confidence += 0.1
    if draft.attribution is not None and draft.attribution.actor is None:
        confidence -= 0.1
    cue = draft.modality_cue
    return Event(
        id=event_id(article_id, draft),
        type=code.plover_type,
        cameo=code.code,
        quad_class=code.quad_class,
        intensity=max(-10.0, min(10.0, code.goldstein)),
        trigger=Span(start, end),
        trigger_text=text[start:end],
        sentence=sentence_index,
        mode=code.mode,
        contexts=code.contexts,
        actors=tuple(draft.actors),
        recipients=tuple(draft.recipients),
        date=date,
        location=draft.location,
        modality=draft.modality,
        modality_cue=Span(cue.idx, cue.idx + len(cue.text)) if cue is not None else None,
        attribution=draft.attribution,
        confidence=round(max(0.05, min(0.95, confidence)), 2),
        sentence_span=sentence_span,
        source=source,
    )


def pick_date(draft: Draft, dates: list[tuple[DateMention, Token]], default: DateRange | None) -> DateRange | None:
    """The date words tied to the event in the parse, else the nearest in its sentence."""
    anchor = draft.date_token or draft.trigger
    best: tuple[int, DateRange] | None = None
    for mention, token in dates:
        current = token
        for _ in range(6):
            if current == anchor:
                return mention.date if mention.date.start is not None else default
            if current.head == current:
                break
            current = current.head
        distance = abs(token.i - anchor.i)
        if mention.date.start is not None and (best is None or distance < best[0]):
            best = (distance, mention.date)
    if best is not None:
        return best[1]
    return default
