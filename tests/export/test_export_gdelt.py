"""GDELT 2.0 exports: exactly 61 / 16 columns in codebook order, header-less, tab-separated."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Iterator

import pandas as pd
import pytest

from dotterel.export import GDELT_EVENT_COLUMNS, GDELT_MENTION_COLUMNS, export
from dotterel.store import EventFilter, Store, open_store
from tests.export.export_corpus import corpus

DATA = Path(__file__).with_name("data")


def _columns(name: str) -> list[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


EVENT_COLUMNS = _columns("gdelt-2.0-events-columns.txt")
MENTION_COLUMNS = _columns("gdelt-2.0-mentions-columns.txt")


@pytest.fixture(scope="module")
def store() -> Iterator[Store]:
    with open_store(":memory:") as s:
        s.write(corpus())
        yield s


def _read(path: Path, names: list[str]) -> pd.DataFrame:
    plain = pd.read_csv(path, sep="\t", header=None, dtype=str)  # the usual header-less reader
    assert plain.shape[1] == len(names)
    frame = pd.read_csv(path, sep="\t", header=None, dtype=str, keep_default_na=False)
    frame.columns = names
    assert len(frame) == len(plain)
    return frame


def test_the_column_lists_follow_the_codebook() -> None:
    assert len(EVENT_COLUMNS) == 61 and len(MENTION_COLUMNS) == 16
    assert list(GDELT_EVENT_COLUMNS) == EVENT_COLUMNS
    assert list(GDELT_MENTION_COLUMNS) == MENTION_COLUMNS


def test_gdelt_events_load_header_less_with_61_columns(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "events.export.tsv"
    report = export(store, "gdelt-events", path)
    raw = path.read_text(encoding="utf-8").splitlines()
    assert all(line.count("\t") == 60 for line in raw)
    frame = _read(path, EVENT_COLUMNS)
    happenings = {h.id: h for h in store.events(unit="happenings")}
    assert len(frame) == report.rows == len(happenings)
    for row in frame.to_dict("records"):
        h = happenings[int(row["GLOBALEVENTID"])]
        assert row["SQLDATE"] == h.event_date.strftime("%Y%m%d")
        assert (row["MonthYear"], row["Year"]) == (row["SQLDATE"][:6], row["SQLDATE"][:4])
        assert re.fullmatch(r"\d{4}\.\d{4}", row["FractionDate"])
        assert row["EventCode"] == h.cameo and len(h.cameo) >= 3  # leading zeros kept ("040")
        assert (row["EventBaseCode"], row["EventRootCode"]) == (h.cameo[:3], h.cameo[:2])
        assert row["QuadClass"] == str(h.quad_class)
        assert float(row["GoldsteinScale"]) == pytest.approx(h.intensity)
        assert (row["NumMentions"], row["NumSources"], row["NumArticles"]) == tuple(
            str(n) for n in (h.num_mentions, h.num_sources, h.num_articles)
        )
        assert re.fullmatch(r"\d{14}", row["DATEADDED"])
        assert row["IsRootEvent"] in ("0", "1")
    assert (frame["EventRootCode"].str.len() == 2).all()
    assert "04" in set(frame["EventRootCode"])  # CONSULT, with its leading zero


def test_actor_fields(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "events.tsv"
    export(store, "gdelt-events", path, filter=EventFilter(actor="IDF"))
    frame = _read(path, EVENT_COLUMNS)
    (row,) = frame.to_dict("records")
    assert (row["Actor1Code"], row["Actor1Name"], row["Actor1CountryCode"], row["Actor1Type1Code"]) == (
        "ISRMIL",
        "ISRAEL DEFENSE FORCES",
        "ISR",
        "MIL",
    )
    assert (row["Actor2Code"], row["Actor2CountryCode"], row["Actor2Type1Code"]) == ("LBNREB", "LBN", "REB")
    assert (row["ActionGeo_FullName"], row["ActionGeo_Lat"], row["ActionGeo_Long"], row["ActionGeo_Type"]) == (
        "Khiam",
        "33.3286",
        "35.6114",
        "4",
    )
    assert row["SOURCEURL"] == "https://www.jewishpress.com/news/gallant-austin"


def test_gdelt_mentions_load_header_less_with_16_columns(store: Store, tmp_path: Path) -> None:
    events_path, mentions_path = tmp_path / "e.tsv", tmp_path / "m.tsv"
    export(store, "gdelt-events", events_path)
    report = export(store, "gdelt-mentions", mentions_path)
    assert all(line.count("\t") == 15 for line in mentions_path.read_text(encoding="utf-8").splitlines())
    events, mentions = _read(events_path, EVENT_COLUMNS), _read(mentions_path, MENTION_COLUMNS)
    assert len(mentions) == report.rows == sum(h.num_mentions for h in store.events(unit="happenings"))
    assert set(mentions.GLOBALEVENTID) == set(events.GLOBALEVENTID)
    counted = mentions.groupby("GLOBALEVENTID").size().to_dict()
    assert counted == {k: int(v) for k, v in zip(events.GLOBALEVENTID, events.NumMentions)}
    first_seen = dict(zip(events.GLOBALEVENTID, events.DATEADDED))
    assert all(first_seen[g] == t for g, t in zip(mentions.GLOBALEVENTID, mentions.EventTimeDate))
    stored = {
        (str(s.happening_id), str(s.event.trigger.start)): s
        for s in store.events(modality=("asserted",))
    }
    for row in mentions.to_dict("records"):
        s = stored[(row["GLOBALEVENTID"], row["ActionCharOffset"])]
        assert row["SentenceID"] == str(s.event.sentence + 1)
        assert row["Actor1CharOffset"] == str(s.event.actors[0].span.start if s.event.actors else -1)
        assert 0 <= int(row["Confidence"]) <= 100
        assert row["MentionType"] in ("1", "2")
    rich = mentions[mentions.MentionIdentifier == "https://www.jewishpress.com/news/gallant-austin"]
    assert list(rich.MentionSourceName) == ["jewishpress.com"]
    assert list(rich.InRawText) == ["0"]  # an actor was found by coreference


def test_tabs_and_newlines_never_break_a_row(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "m.tsv"
    export(store, "gdelt-mentions", path, filter=EventFilter(text="struck"))
    for line in io.StringIO(path.read_text(encoding="utf-8")):
        assert line.count("\t") == 15
