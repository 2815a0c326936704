"""GDELT 2.0 Event and Mentions tables: header-less, tab-separated, codebook order.

Rows come from the store's ``happenings`` table (one GDELT event per happening)
and ``mentions`` table (one GDELT mention per mention of a happening). Fields
dotterel does not produce yet stay empty: tone, ethnic and religion codes,
known-group codes, FIPS country and ADM codes, feature ids, and the place of
the actors (places come with geocoding).
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING, Any, BinaryIO, Iterable, Iterator
from urllib.parse import urlsplit

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow as pa

__all__ = ["EVENT_COLUMNS", "MENTION_COLUMNS", "event_row", "mention_row", "rows_of", "write_tsv"]


def _actor(n: int) -> tuple[str, ...]:
    return tuple(
        f"Actor{n}{part}"
        for part in (
            "Code",
            "Name",
            "CountryCode",
            "KnownGroupCode",
            "EthnicCode",
            "Religion1Code",
            "Religion2Code",
            "Type1Code",
            "Type2Code",
            "Type3Code",
        )
    )


def _geo(prefix: str) -> tuple[str, ...]:
    return tuple(
        f"{prefix}_{part}"
        for part in ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
    )


#: The 61 columns of a GDELT 2.0 Event record, in codebook order.
EVENT_COLUMNS: tuple[str, ...] = (
    ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate")
    + _actor(1)
    + _actor(2)
    + ("IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale")
    + ("NumMentions", "NumSources", "NumArticles", "AvgTone")
    + _geo("Actor1Geo")
    + _geo("Actor2Geo")
    + _geo("ActionGeo")
    + ("DATEADDED", "SOURCEURL")
)

#: The 16 columns of a GDELT 2.0 Mentions record, in codebook order.
MENTION_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID",
    "EventTimeDate",
    "MentionTimeDate",
    "MentionType",
    "MentionSourceName",
    "MentionIdentifier",
    "SentenceID",
    "Actor1CharOffset",
    "Actor2CharOffset",
    "ActionCharOffset",
    "InRawText",
    "Confidence",
    "MentionDocLen",
    "MentionDocTone",
    "MentionDocTranslationInfo",
    "Extras",
)

_NON_STATE = frozenset({"IGO", "NGO", "IMG"})
_GEO_TYPE = {"country": "1", "adm1": "5", "region": "5", "city": "4", "exact": "4"}


def _stamp(value: _dt.datetime | _dt.date | None) -> str:
    if value is None:
        return ""
    if not isinstance(value, _dt.datetime):
        value = _dt.datetime.combine(value, _dt.time())
    return value.strftime("%Y%m%d%H%M%S")


def _actor_fields(code: str | None, name: str | None, country: str | None, sectors: list[str] | None) -> list[str]:
    if name is None:
        return [""] * 10
    types = list(sectors or ())
    if country in _NON_STATE and country not in types:
        types.insert(0, country)
    types = (types + ["", "", ""])[:3]
    iso3 = country if country and len(country) == 3 and country not in _NON_STATE and country != "---" else ""
    return [(code or "").removeprefix("---"), name.upper(), iso3, "", "", "", "", *types]


def _action_geo(row: dict[str, Any]) -> list[str]:
    lat, lon, name = row.get("location_lat"), row.get("location_lon"), row.get("location_name")
    if name is None and (lat is None or lon is None):
        return [""] * 8
    kind = _GEO_TYPE.get(row.get("location_precision") or "", "4" if lat is not None else "")
    coords = ["", ""] if lat is None or lon is None else [f"{lat:.4f}", f"{lon:.4f}"]
    return [kind, name or "", "", "", "", *coords, ""]


def event_row(row: dict[str, Any]) -> list[str]:
    """One GDELT event from one row of the store's ``happenings`` table."""
    day: _dt.date = row["event_date"]
    cameo: str = row["cameo"]
    root = row["first_sentence"] == 0 or row["first_block"] == "headline"
    return [
        str(row["happening_id"]),
        day.strftime("%Y%m%d"),
        day.strftime("%Y%m"),
        str(day.year),
        f"{day.year + ((day.month - 1) * 30 + day.day) / 365:.4f}",
        *_actor_fields(row["actor1_code"], row["actor1_name"], row["actor1_country"], row["actor1_sectors"]),
        *_actor_fields(row["actor2_code"], row["actor2_name"], row["actor2_country"], row["actor2_sectors"]),
        "1" if root else "0",
        cameo,
        cameo[:3],
        cameo[:2],
        str(row["quad_class"]),
        f"{row['intensity']:.1f}",
        str(row["num_mentions"]),
        str(row["num_sources"]),
        str(row["num_articles"]),
        "",
        *([""] * 8),
        *([""] * 8),
        *_action_geo(row),
        _stamp(row["added_at"]),
        row["source_url"] or row["source_name"] or "",
    ]


def mention_row(row: dict[str, Any]) -> list[str]:
    """One GDELT mention from one row of the store's ``mentions`` table."""
    url = row["url"]
    host = (urlsplit(url).hostname or "").removeprefix("www.") if url else ""
    confidence = row["confidence"]
    return [
        str(row["happening_id"]),
        _stamp(row["happening_added_at"]),
        _stamp(row["added_at"]),
        "1" if url else "2",
        host or row["source_name"] or "",
        url or f"{row['source_name']}, {row['article_id']}",
        str(row["sentence"] + 1),
        str(row["actor_offset"] if row["actor_offset"] is not None else -1),
        str(row["recipient_offset"] if row["recipient_offset"] is not None else -1),
        str(row["trigger_start"]),
        "1" if row["in_raw_text"] else "0",
        str(max(0, min(100, round(100 * confidence)))) if confidence is not None else "",
        str(row["doc_len"]),
        "",
        "",
        "",
    ]


_UNSAFE = str.maketrans({"\t": " ", "\r": " ", "\n": " ", '"': "'"})


def _clean(value: str) -> str:
    """No tab or line break inside a field, and no double quote (which CSV
    readers take for quoting)."""
    return value.translate(_UNSAFE)


def rows_of(reader: "pa.RecordBatchReader") -> Iterator[dict[str, Any]]:
    for batch in reader:
        yield from batch.to_pylist()


def write_tsv(rows: Iterable[list[str]], out: BinaryIO) -> int:
    """Write header-less tab-separated rows; return how many."""
    n = 0
    for row in rows:
        out.write(("\t".join(_clean(v) for v in row) + "\n").encode("utf-8"))
        n += 1
    return n
