"""The event lexicon: CAMEO codes, their PLOVER mapping, verb and noun patterns.

All of it is read from data files (``lexicon/data/``, documented in
``docs/data-files.md``); :func:`load_lexicon` reads them once per process and
set of extra data directories.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Mapping, Sequence

from dotterel._datafiles import Row, data_paths, read_rows, split_list
from dotterel.records import PLOVER_TYPES

__all__ = [
    "CameoCode",
    "VerbPattern",
    "NounPattern",
    "Lexicon",
    "load_lexicon",
]

_PACKAGE = "dotterel.lexicon"
_CODE = re.compile(r"^\d{2,4}$")

#: Default Goldstein value and quad class by CAMEO root, used when a code has no line.
_ROOT_DEFAULTS: Mapping[str, tuple[float, int]] = {
    "01": (0.0, 1), "02": (3.0, 1), "03": (4.0, 1), "04": (1.0, 1), "05": (3.5, 1),
    "06": (6.0, 2), "07": (7.0, 2), "08": (5.0, 2), "09": (-2.0, 3), "10": (-5.0, 3),
    "11": (-2.0, 3), "12": (-4.0, 3), "13": (-6.0, 3), "14": (-6.5, 3), "15": (-7.2, 4),
    "16": (-4.0, 4), "17": (-7.0, 4), "18": (-9.0, 4), "19": (-10.0, 4), "20": (-10.0, 4),
}


@dataclass(frozen=True, slots=True)
class CameoCode:
    code: str
    name: str
    goldstein: float
    quad_class: int
    plover_type: str
    mode: str | None
    contexts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class VerbPattern:
    lemma: str
    particle: str | None
    prep: str | None
    objects: frozenset[str]
    cameo: str

    @property
    def specificity(self) -> int:
        return (4 if self.objects else 0) + (2 if self.prep else 0) + (1 if self.particle else 0)


@dataclass(frozen=True, slots=True)
class NounPattern:
    lemma: str
    modifiers: frozenset[str]
    cameo: str


@dataclass(frozen=True, slots=True)
class LightVerb:
    lemma: str
    particle: str | None
    types: frozenset[str] | None  # None: passes its subject to any event noun
    nouns: frozenset[str] = frozenset()  # when given, only to these event nouns


@dataclass(frozen=True)
class Lexicon:
    codes: Mapping[str, CameoCode]
    verbs: Mapping[str, tuple[VerbPattern, ...]]
    nouns: Mapping[str, tuple[NounPattern, ...]]
    light_verbs: Mapping[str, tuple[LightVerb, ...]]
    complement_verbs: Mapping[str, str]
    reporting_verbs: frozenset[str] = field(default_factory=frozenset)
    count_words: Mapping[str, str] = field(default_factory=dict)
    intent_codes: Mapping[str, str] = field(default_factory=dict)  # PLOVER type -> CAMEO of the intention

    def code(self, cameo: str) -> CameoCode:
        """The CAMEO code record, falling back to the nearest parent code."""
        found = self.codes.get(cameo)
        if found is not None:
            return found
        for cut in (3, 2):
            parent = self.codes.get(cameo[:cut])
            if parent is not None:
                return parent
        raise KeyError(cameo)

    def light_verb(self, lemma: str, particle: str | None, plover_type: str, noun: str | None = None) -> bool:
        for entry in self.light_verbs.get(lemma, ()):
            if entry.particle not in (None, particle):
                continue
            if entry.nouns and noun not in entry.nouns:
                continue
            if entry.types is None or plover_type in entry.types:
                return True
        return False


def _parse_plover(paths: Sequence, codes_out: dict[str, tuple[str, str | None, tuple[str, ...]]]) -> None:
    for path in paths:
        for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            line = raw.split("#", 1)[0].strip()
            if not line or ":" not in line:
                continue
            code, _, rest = line.partition(":")
            code = code.strip()
            if not _CODE.match(code):
                continue
            parts = [p.strip() for p in rest.split(",")]
            ptype = parts[0].upper()
            if ptype not in PLOVER_TYPES:
                raise Row(str(path), number, (line,)).error(f"unknown PLOVER type {ptype!r}")
            mode = parts[1] if len(parts) > 1 and parts[1] else None
            contexts = tuple(c.strip() for c in ";".join(parts[2:]).split(";") if c.strip()) if len(parts) > 2 else ()
            if len(code) == 2 and code in codes_out:
                continue  # a root shared by two PLOVER types ("08"): its sub-codes decide
            codes_out[code] = (ptype, mode, contexts)


def _plover_for(code: str, mapping: Mapping[str, tuple[str, str | None, tuple[str, ...]]]):
    for cut in (len(code), 3, 2):
        hit = mapping.get(code[:cut])
        if hit is not None:
            return hit
    return None


@functools.lru_cache(maxsize=8)
def load_lexicon(data_dirs: tuple[str, ...] = ()) -> Lexicon:
    """Read the lexicon files (shipped ones, then those in ``data_dirs``)."""
    plover: dict[str, tuple[str, str | None, tuple[str, ...]]] = {}
    _parse_plover(data_paths(_PACKAGE, "cameo2plover-2021.txt", data_dirs), plover)

    names: dict[str, tuple[str, float, int]] = {}
    for row in read_rows(data_paths(_PACKAGE, "cameo_codes.tsv", data_dirs), min_cells=4, header="code"):
        code, name, goldstein, quad = row.cells[:4]
        if not _CODE.match(code):
            raise row.error(f"bad CAMEO code {code!r}")
        try:
            names[code] = (name, float(goldstein), int(quad))
        except ValueError:
            raise row.error("goldstein must be a number and quad_class an integer 1-4") from None

    all_codes = set(plover) | set(names)
    codes: dict[str, CameoCode] = {}
    for code in sorted(all_codes):
        mapped = _plover_for(code, plover)
        if mapped is None:
            continue  # a CAMEO code PLOVER does not code (e.g. 01 public statements)
        name, goldstein, quad = names.get(code) or names.get(code[:3]) or names.get(code[:2]) or (
            "",
            *_ROOT_DEFAULTS.get(code[:2], (0.0, 1)),
        )
        codes[code] = CameoCode(code, name, goldstein, quad, mapped[0], mapped[1], mapped[2])

    def check_code(row: Row, code: str) -> str:
        if not _CODE.match(code):
            raise row.error(f"bad CAMEO code {code!r}")
        if _plover_for(code, plover) is None:
            raise row.error(f"CAMEO code {code} has no PLOVER type in cameo2plover-2021.txt")
        if code not in codes:
            mapped = _plover_for(code, plover)
            assert mapped is not None
            name, goldstein, quad = names.get(code[:3]) or names.get(code[:2]) or ("", *_ROOT_DEFAULTS[code[:2]])
            codes[code] = CameoCode(code, name, goldstein, quad, mapped[0], mapped[1], mapped[2])
        return code

    verbs: dict[str, dict[tuple, VerbPattern]] = {}
    verb_files = data_paths(_PACKAGE, "verbs.tsv", data_dirs) + data_paths(_PACKAGE, "verbs-core.tsv", data_dirs)
    for row in read_rows(verb_files, min_cells=5, header="lemma"):
        lemma, particle, prep, objects, cameo = row.cells[:5]
        pattern = VerbPattern(
            lemma=lemma.lower(),
            particle=None if particle in ("", "-") else particle.lower(),
            prep=None if prep in ("", "-") else prep.lower(),
            objects=frozenset(o.lower() for o in split_list(objects)),
            cameo=check_code(row, cameo),
        )
        key = (pattern.particle, pattern.prep, pattern.objects)
        verbs.setdefault(pattern.lemma, {})[key] = pattern  # later files override

    nouns: dict[str, dict[frozenset[str], NounPattern]] = {}
    noun_files = data_paths(_PACKAGE, "nouns.tsv", data_dirs) + data_paths(_PACKAGE, "nouns-core.tsv", data_dirs)
    for row in read_rows(noun_files, min_cells=3, header="lemma"):
        lemma, modifiers, cameo = row.cells[:3]
        noun = NounPattern(lemma.lower(), frozenset(m.lower() for m in split_list(modifiers)), check_code(row, cameo))
        nouns.setdefault(noun.lemma, {})[noun.modifiers] = noun

    light: dict[str, list[LightVerb]] = {}
    for row in read_rows(data_paths(_PACKAGE, "light_verbs.tsv", data_dirs), min_cells=2, header="lemma"):
        words = row.cells[0].lower().split()
        types_cell = row.cells[1]
        types = None if types_cell in ("*", "") else frozenset(t.strip().upper() for t in types_cell.split(","))
        if types is not None and not types <= set(PLOVER_TYPES):
            raise row.error(f"unknown PLOVER type in {types_cell!r}")
        nouns_cell = row.cells[2] if len(row.cells) > 2 else "-"
        light.setdefault(words[0], []).append(
            LightVerb(words[0], words[1] if len(words) > 1 else None, types, frozenset(split_list(nouns_cell.lower())))
        )

    complements: dict[str, str] = {}
    reporting: set[str] = set()
    roles = {"threat", "intent", "agree", "refuse", "request", "deny", "plan", "attempt", "fail",
             "continue", "report", "allege", "prevent", "condition", "topic"}
    for row in read_rows(data_paths(_PACKAGE, "complement_verbs.tsv", data_dirs), min_cells=2, header="lemma"):
        lemma, role = row.cells[0].lower(), row.cells[1].lower()
        if role not in roles:
            raise row.error(f"unknown role {role!r}; use one of {', '.join(sorted(roles))}")
        complements[lemma] = role
        if role == "report":
            reporting.add(lemma)

    count_words: dict[str, str] = {}
    for row in read_rows(data_paths(_PACKAGE, "count_words.tsv", data_dirs), min_cells=2, header="lemma"):
        count_words[row.cells[0].lower()] = row.cells[1].lower()

    intents: dict[str, str] = {}
    for row in read_rows(data_paths(_PACKAGE, "intent_codes.tsv", data_dirs), min_cells=2, header="type"):
        ptype = row.cells[0].upper()
        if ptype not in PLOVER_TYPES:
            raise row.error(f"unknown PLOVER type {ptype!r}")
        intents[ptype] = check_code(row, row.cells[1])

    return Lexicon(
        codes=codes,
        verbs={k: tuple(sorted(v.values(), key=lambda p: -p.specificity)) for k, v in verbs.items()},
        nouns={k: tuple(sorted(v.values(), key=lambda p: -len(p.modifiers))) for k, v in nouns.items()},
        light_verbs={k: tuple(v) for k, v in light.items()},
        complement_verbs=complements,
        reporting_verbs=frozenset(reporting),
        count_words=count_words,
        intent_codes=intents,
    )
