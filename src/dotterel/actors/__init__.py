"""The actor knowledge base: countries, organisations, agent words and dated people.

Read from the data files in ``actors/data/`` (see ``docs/data-files.md``). Names are
indexed by their spaCy tokens (lower case) so that the coder can find them in a
parsed document with a longest-match scan.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import Callable, Iterable, Mapping, Sequence

from dotterel._datafiles import data_paths, read_rows, split_list

__all__ = ["NameEntry", "Agent", "Office", "ActorKB", "LearnedPeople", "load_kb", "SECTOR_CODES"]

_PACKAGE = "dotterel.actors"

#: Sector codes accepted in the data files (CAMEO/PLOVER agent codes).
SECTOR_CODES = frozenset(
    "GOV MIL REB COP JUD LEG OPP PTY CVL REF MED BUS NGO IGO EDU LAB REL HLH ELI AGR CRM SPY "
    "INS SEP UAF MOD RAD IMG ENV HRI DEV SET ETH MNC CON".split()
)
_NON_STATE = {"IGO", "NGO", "IMG", "MNC"}


@dataclass(frozen=True, slots=True)
class NameEntry:
    """A name the matcher can find: what it refers to."""

    kind: str  # "country" | "adjective" | "capital" | "organisation" | "person"
    name: str  # canonical name
    country: str | None
    sectors: tuple[str, ...] = ()
    org_kind: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Agent:
    phrase: tuple[str, ...]  # lemmas
    sectors: tuple[str, ...]
    kind: str  # "person" | "group"


@dataclass(frozen=True, slots=True)
class Office:
    name: str
    country: str | None
    sectors: tuple[str, ...]
    office: str | None
    start: dt.date | None
    end: dt.date | None
    aliases: tuple[str, ...] = ()

    def holds_on(self, day: dt.date | None) -> bool:
        if day is None:
            return True
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class ActorKB:
    names: Mapping[str, tuple[tuple[tuple[str, ...], NameEntry], ...]]  # first token -> (tokens, entry)
    agents: Mapping[str, tuple[Agent, ...]]  # head lemma (last word) -> agents
    offices: Mapping[str, tuple[Office, ...]]  # lower-case full name or alias -> offices
    countries: Mapping[str, NameEntry]  # iso3 -> entry
    max_name_tokens: int
    common_names: frozenset[str] = frozenset()  # surnames too common to stand alone for one person
    surname_countries: Mapping[str, str] = field(default_factory=dict)  # surname -> the one country its bearers serve

    def lookup_person(self, name: str, day: dt.date | None) -> Office | None:
        """The office a person held on ``day`` (the latest known when undated)."""
        offices = self.offices.get(name.lower(), ())
        if not offices:
            return None
        current = [o for o in offices if o.holds_on(day)]
        if current:
            return current[-1]
        return None

    def person_known(self, name: str) -> tuple[Office, ...]:
        return self.offices.get(name.lower(), ())

    def lookup_person_or_former(self, name: str, day: dt.date | None) -> Office | None:
        """The office held on ``day``; else, for a known person out of office, their country
        with no sectors and the office marked "former" (or "future") — never the office itself."""
        current = self.lookup_person(name, day)
        if current is not None or day is None:
            return current
        offices = self.offices.get(name.lower(), ())
        if not offices:
            return None
        before = [o for o in offices if o.end is not None and o.end < day]
        ref = before[-1] if before else offices[0]
        label = "former" if before else "future"
        return Office(ref.name, ref.country, (), f"{label} {ref.office}" if ref.office else None, None, None, ref.aliases)


def _date(cell: str, row) -> dt.date | None:
    if cell in ("", "-"):
        return None
    try:
        return dt.date.fromisoformat(cell)
    except ValueError:
        raise row.error(f"bad date {cell!r}; use YYYY-MM-DD or -") from None


def _sectors(cell: str, row) -> tuple[str, ...]:
    sectors = tuple(s for s in cell.replace("|", " ").replace(",", " ").split() if s != "-")
    bad = [s for s in sectors if s not in SECTOR_CODES]
    if bad:
        raise row.error(f"unknown sector code(s) {', '.join(bad)}")
    return sectors


def _country(cell: str, row) -> str | None:
    if cell in ("", "-"):
        return None
    code = cell.upper()
    if len(code) != 3 or not code.isalpha():
        raise row.error(f"bad country code {cell!r}: give ISO 3166-1 alpha-3 or IGO/NGO/IMG")
    return code


Tokenize = Callable[[str], Sequence[str]]


def _simple_tokens(text: str) -> list[str]:
    return text.split()


@functools.lru_cache(maxsize=4)
def _load_cached(data_dirs: tuple[str, ...], tokenizer_key: int, tokenize: Tokenize) -> ActorKB:
    return _build(data_dirs, tokenize)


def load_kb(data_dirs: tuple[str, ...] = (), *, tokenize: Tokenize | None = None) -> ActorKB:
    """Read the actor files once per process (per data directories and tokenizer)."""
    tok = tokenize or _simple_tokens
    return _load_cached(tuple(data_dirs), id(tok), tok)


def _build(data_dirs: tuple[str, ...], tokenize: Tokenize) -> ActorKB:
    names: dict[str, dict[tuple[str, ...], NameEntry]] = {}
    max_tokens = 1

    def add(surface: str, entry: NameEntry) -> None:
        nonlocal max_tokens
        surface = surface.strip()
        if not surface:
            return
        tokens = tuple(t.lower() for t in tokenize(surface))
        if not tokens:
            return
        max_tokens = max(max_tokens, len(tokens))
        bucket = names.setdefault(tokens[0], {})
        previous = bucket.get(tokens)
        # A more specific kind wins over a weaker one for the same words.
        rank = {"person": 5, "organisation": 4, "country": 3, "capital": 2, "adjective": 1}
        if previous is None or rank[entry.kind] >= rank[previous.kind]:
            bucket[tokens] = entry

    countries: dict[str, NameEntry] = {}
    for row in read_rows(data_paths(_PACKAGE, "countries.tsv", data_dirs), min_cells=2, header="iso3"):
        cells = list(row.cells) + ["-"] * (6 - len(row.cells))
        iso3 = _country(cells[0], row)
        assert iso3 is not None
        aliases = split_list(cells[2])
        entry = NameEntry("country", cells[1], iso3, aliases=aliases)
        countries[iso3] = entry
        add(cells[1], entry)
        for alias in aliases:
            add(alias, entry)
        for adjective in split_list(cells[3]):
            add(adjective, NameEntry("adjective", cells[1], iso3))
        for capital in split_list(cells[4]):
            add(capital, NameEntry("capital", cells[1], iso3, ("GOV",)))

    for row in read_rows(data_paths(_PACKAGE, "organisations.tsv", data_dirs), min_cells=4, header="name"):
        cells = list(row.cells) + ["-"] * (6 - len(row.cells))
        aliases = split_list(cells[1])
        entry = NameEntry(
            "organisation",
            cells[0],
            _country(cells[2], row),
            _sectors(cells[3], row),
            org_kind=cells[4] if cells[4] != "-" else None,
            aliases=aliases,
        )
        add(cells[0], entry)
        for alias in aliases:
            add(alias, entry)

    agents: dict[str, list[Agent]] = {}
    for row in read_rows(data_paths(_PACKAGE, "agents.tsv", data_dirs), min_cells=2, header="phrase"):
        cells = list(row.cells) + ["-"] * (3 - len(row.cells))
        phrase = tuple(cells[0].lower().split())
        if not phrase:
            raise row.error("empty phrase")
        kind = cells[2] if cells[2] in ("person", "group") else "group"
        agents.setdefault(phrase[-1], []).append(Agent(phrase, _sectors(cells[1], row), kind))

    offices: dict[str, list[Office]] = {}
    for row in read_rows(data_paths(_PACKAGE, "people.tsv", data_dirs), min_cells=4, header="name"):
        cells = list(row.cells) + ["-"] * (8 - len(row.cells))
        aliases = split_list(cells[1])
        office = Office(
            name=cells[0],
            country=_country(cells[2], row),
            sectors=_sectors(cells[3], row),
            office=None if cells[4] in ("", "-") else cells[4],
            start=_date(cells[5], row),
            end=_date(cells[6], row),
            aliases=aliases,
        )
        entry = NameEntry("person", cells[0], office.country, office.sectors, aliases=aliases)
        for surface in (cells[0], *aliases):
            offices.setdefault(surface.lower(), []).append(office)
            if len(surface.split()) > 1:  # bare surnames are resolved through the article's people
                add(surface, entry)

    for key, values in offices.items():
        values.sort(key=lambda o: (o.start or dt.date.min))

    common: set[str] = set()
    for path in data_paths(_PACKAGE, "common_names.txt", data_dirs):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                common.add(line.strip().lower())

    # a surname every known bearer of which serves one country ("President Bush": USA)
    by_surname: dict[str, set[str]] = {}
    for values in offices.values():
        for office in values:
            parts = office.name.split()
            if len(parts) > 1 and office.country:
                by_surname.setdefault(parts[-1].lower(), set()).add(office.country)
    surnames = {k: next(iter(v)) for k, v in by_surname.items() if len(v) == 1 and k not in common}

    return ActorKB(
        common_names=frozenset(common),
        surname_countries=surnames,
        names={k: tuple(sorted(v.items(), key=lambda kv: -len(kv[0]))) for k, v in names.items()},
        agents={k: tuple(sorted(v, key=lambda a: -len(a.phrase))) for k, v in agents.items()},
        offices={k: tuple(v) for k, v in offices.items()},
        countries=countries,
        max_name_tokens=max_tokens,
    )


def iter_sector_codes(values: Iterable[str]) -> tuple[str, ...]:
    """Sector codes in first-seen order without repeats."""
    seen: list[str] = []
    for value in values:
        if value not in seen:
            seen.append(value)
    return tuple(seen)


class LearnedPeople:
    """People learned from the news: "Turkish Foreign Minister Hakan Fidan" once, "Fidan" later.

    Kept by a coder for its lifetime (and loaded from, or saved to, a store by the
    caller): full names and distinctive surnames map to the office seen with them,
    with the date it was seen and the article that said so.
    """

    def __init__(self, offices: Iterable[Office] = (), *, blocked: Iterable[str] = ()) -> None:
        self._by_name: dict[str, Office] = {}
        self._new: list[tuple[Office, str, str]] = []  # (office, article id, evidence words)
        self._blocked = {name.lower() for name in blocked}  # removed by a reviewer: never learned again
        for office in offices:
            self._index(office)

    def add(self, office: Office) -> None:
        """Know a person (from a store of reviewed or learned people)."""
        if office.name.lower() not in self._blocked:
            self._index(office)

    def block(self, name: str) -> None:
        """Forget a person and never learn them again (a reviewer removed them)."""
        key = name.lower()
        self._blocked.add(key)
        office = self._by_name.pop(key, None)
        if office is not None:
            for alias in office.aliases:
                if self._by_name.get(alias.lower()) is office:
                    del self._by_name[alias.lower()]

    def _index(self, office: Office) -> None:
        self._by_name[office.name.lower()] = office
        for alias in office.aliases:
            self._by_name.setdefault(alias.lower(), office)

    def lookup(self, name: str, day: dt.date | None) -> Office | None:
        office = self._by_name.get(name.lower())
        if office is None:
            return None
        # seen in office on one day; taken to hold from then on (and back, when undated)
        if day is not None and office.start is not None and day < office.start - dt.timedelta(days=365):
            return None
        return office

    def learn(self, office: Office, *, article_id: str, evidence: str) -> bool:
        """Record a person seen with an office; False when already known the same way."""
        if office.name.lower() in self._blocked:
            return False
        known = self._by_name.get(office.name.lower())
        if known is not None and (known.country, known.sectors) == (office.country, office.sectors):
            return False
        self._index(office)
        self._new.append((office, article_id, evidence))
        return True

    def drain(self) -> list[tuple[Office, str, str]]:
        """What was learned since the last call (for a caller that stores it)."""
        new, self._new = self._new, []
        return new

    def __len__(self) -> int:
        return len({id(o) for o in self._by_name.values()})
