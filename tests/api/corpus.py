"""A small hand-made store for the API and dashboard tests (no NLP involved).

Seven articles: strikes on Lebanon reported by three publishers (one happening),
a Russia-Ukraine strike, a Gallant-Austin call with a quote, an accusation, a
hypothetical attack, and a hostile article whose every field carries markup
and script (``<script>``, ``<img onerror>``, ``javascript:`` URLs) that must be
shown as text. Places carry coordinates so the map has dots.
"""

from __future__ import annotations

from pathlib import Path

from dotterel.records import CodedArticle
from dotterel.store import open_store
from dotterel.store.testing import make_coded

__all__ = ["ARTICLES", "HOSTILE", "HOSTILE_FLAGS", "build_store", "TYRE", "KHARKIV"]

ISR = {"name": "Israel", "country": "ISR", "kind": "country"}
IDF = {"name": "Israel Defense Forces", "text": "Israeli forces", "country": "ISR", "sectors": ["MIL"], "aliases": ["IDF"]}
HEZBOLLAH = {"name": "Hezbollah", "country": "LBN", "sectors": ["REB"]}
LBN = {"name": "Lebanon", "country": "LBN", "kind": "country"}
TUESDAY = {"value": "2024-10-01", "text": "Tuesday"}
TYRE = {"text": "Tyre", "name": "Tyre", "lat": 33.27, "lon": 35.2, "country": "LBN", "precision": "city"}
KHARKIV = {"text": "Kharkiv", "name": "Kharkiv", "lat": 49.99, "lon": 36.23, "country": "UKR", "precision": "city"}

#: Global flags the hostile article's scripts would set if any of them ran.
HOSTILE_FLAGS = tuple(f"__pwned{i}" for i in range(1, 10))

HOSTILE_TEXT = (
    "Protesters chanted <script>__pwned1=1</script> as Israeli police detained "
    "<img src=x onerror=__pwned2=1> activists in Jerusalem on Friday, "
    "see javascript:__pwned3=1 for more. "
    "<svg onload=__pwned9=1> militants attacked Israeli police on Friday."
)

HOSTILE = make_coded(
    HOSTILE_TEXT,
    published="2024-10-04",
    publisher="<script>__pwned4=1</script>",
    url="javascript:__pwned5=1",
    title="<img src=x onerror=__pwned6=1>Breaking <b>news</b>",
    events=[
        {
            "type": "COERCE",
            "trigger": "detained",
            "actor": {"name": "Israel Police", "text": "Israeli police", "country": "ISR", "sectors": ["COP"]},
            "recipient": {"name": "<img src=x onerror=__pwned7=1>", "text": "<img src=x onerror=__pwned2=1> activists"},
            "date": {"value": "2024-10-04", "text": "Friday"},
            "location": {"text": "Jerusalem", "name": "<b onmouseover=__pwned8=1>Jerusalem</b>", "lat": 31.77, "lon": 35.21, "country": "ISR", "precision": "city"},
        },
        {
            "type": "ASSAULT",
            "trigger": "attacked",
            "actor": {"name": "<svg onload=__pwned9=1> militants", "text": "<svg onload=__pwned9=1> militants"},
            "recipient": {"name": "Israel Police", "text": "Israeli police", "country": "ISR", "sectors": ["COP"]},
            "date": {"value": "2024-10-04", "text": "Friday"},
        },
    ],
    quotes=[{"text": "<script>__pwned1=1</script>"}],
)

STRIKE_1 = make_coded(
    "Israeli forces struck Hezbollah targets in Tyre on Tuesday, the army said. "
    "Residents fled north.",
    published="2024-10-01",
    publisher="Reuters",
    url="https://reuters.example/tyre",
    title="Israel strikes Tyre",
    events=[
        {
            "type": "ASSAULT",
            "trigger": "struck",
            "actor": IDF,
            "recipient": HEZBOLLAH,
            "date": TUESDAY,
            "location": TYRE,
            "attribution": "the army said",
        }
    ],
    entities=[{"text": "Tyre", "kind": "PLACE"}],
)
STRIKE_2 = make_coded(
    "Israel struck Hezbollah positions in Tyre on Tuesday.",
    published="2024-10-01",
    publisher="AP",
    url="https://ap.example/tyre",
    title="Strikes on Tyre",
    events=[{"type": "ASSAULT", "trigger": "struck", "actor": ISR, "recipient": HEZBOLLAH, "date": TUESDAY, "location": TYRE}],
)
STRIKE_3 = make_coded(
    "The IDF struck Hezbollah in Tyre on Tuesday, killing at least 12 people.",
    published="2024-10-02",
    publisher="AFP",
    url="https://afp.example/tyre",
    title="Deadly strikes in Tyre",
    events=[
        {
            "type": "ASSAULT",
            "trigger": "struck",
            "actor": {**IDF, "text": "The IDF"},
            "recipient": HEZBOLLAH,
            "date": TUESDAY,
            "location": TYRE,
        }
    ],
    counts=[{"number": 12, "about": "killed", "text": "at least 12", "qualifier": "at least"}],
)
KHARKIV_STRIKE = make_coded(
    "Russia attacked Kharkiv on Thursday. Ukraine accused Russia of targeting civilians.",
    published="2024-10-03",
    publisher="BBC",
    url="https://bbc.example/kharkiv",
    title="Kharkiv hit again",
    events=[
        {
            "type": "ASSAULT",
            "trigger": "attacked",
            "actor": {"name": "Russia", "country": "RUS", "kind": "country"},
            "recipient": {"name": "Ukraine", "text": "Kharkiv", "country": "UKR", "kind": "country"},
            "date": {"value": "2024-10-03", "text": "Thursday"},
            "location": KHARKIV,
        },
        {
            "type": "ACCUSE",
            "trigger": "accused",
            "actor": {"name": "Ukraine", "country": "UKR", "kind": "country"},
            "recipient": {"name": "Russia", "country": "RUS", "kind": "country"},
            "date": {"value": "2024-10-03", "text": "Thursday"},
            "after": 37,
        },
    ],
)
CALL = make_coded(
    "Defense Minister Yoav Gallant spoke with Lloyd Austin on Monday. "
    "\u201cWe will not stop,\u201d Gallant said.",
    published="2024-09-30",
    publisher="Times of Israel",
    url="https://toi.example/call",
    title="Gallant and Austin talk",
    events=[
        {
            "type": "CONSULT",
            "trigger": "spoke with",
            "actor": {"name": "Yoav Gallant", "text": "Yoav Gallant", "country": "ISR", "sectors": ["GOV"], "kind": "person", "title": "Defense Minister"},
            "recipient": {"name": "Lloyd Austin", "country": "USA", "sectors": ["GOV"], "kind": "person"},
            "date": {"value": "2024-09-30", "text": "Monday"},
        }
    ],
    quotes=[{"text": "We will not stop,", "speaker": {"name": "Yoav Gallant", "text": "Gallant", "country": "ISR", "kind": "person"}, "verb": "said"}],
)
THREAT = make_coded(
    "Iran would attack Israel if provoked, officials warned on 15 September.",
    published="2024-09-15",
    publisher="Al Jazeera",
    url="https://aljazeera.example/iran",
    title="Iran warns Israel",
    events=[
        {
            "type": "ASSAULT",
            "trigger": "would attack",
            "actor": {"name": "Iran", "country": "IRN", "kind": "country"},
            "recipient": {**ISR, "text": "Israel"},
            "modality": "hypothetical",
            "modality_cue": "if provoked",
            "date": {"value": "2024-09-15", "text": "15 September"},
        }
    ],
)

ARTICLES: tuple[CodedArticle, ...] = (STRIKE_1, STRIKE_2, STRIKE_3, KHARKIV_STRIKE, CALL, THREAT, HOSTILE)


def build_store(path: Path) -> Path:
    """Write the corpus to a new store file at ``path``."""
    with open_store(path) as store:
        store.write(ARTICLES)
    return path
