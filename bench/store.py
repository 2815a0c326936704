"""Benchmark the event store: query latency on a big store, ingest throughput.

    python bench/store.py                      # 1,000,000 events
    python bench/store.py --events 100000      # smaller
    python bench/store.py --db big.duckdb --keep

Builds a store of ``--events`` events quickly (bulk inserts of Arrow tables,
bypassing merging: four events an article, three articles reporting each
happening, one event in five hypothetical, negated or future), then times
typical queries (p50 and p95 over ``--repeat`` runs with varied values) and
the ingest throughput of ``Store.write`` (coded articles a second, merging
included), into an empty store and into the big one. Prints the numbers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pyarrow as pa

from dotterel.store import DuckDBStore, EventFilter, open_store
from dotterel.store.testing import TYPE_CODES, synthetic

COUNTRIES = [
    ("ISR", "Israel"), ("LBN", "Lebanon"), ("USA", "United States"), ("IRN", "Iran"), ("UKR", "Ukraine"),
    ("RUS", "Russia"), ("SYR", "Syria"), ("TUR", "Turkey"), ("EGY", "Egypt"), ("FRA", "France"),
    ("CHN", "China"), ("IND", "India"), ("PAK", "Pakistan"), ("AFG", "Afghanistan"), ("IRQ", "Iraq"),
    ("SAU", "Saudi Arabia"), ("YEM", "Yemen"), ("SDN", "Sudan"), ("ETH", "Ethiopia"), ("NGA", "Nigeria"),
    ("MLI", "Mali"), ("COD", "DR Congo"), ("SOM", "Somalia"), ("LBY", "Libya"), ("VEN", "Venezuela"),
    ("COL", "Colombia"), ("MEX", "Mexico"), ("BRA", "Brazil"), ("GBR", "United Kingdom"), ("DEU", "Germany"),
    ("POL", "Poland"), ("JPN", "Japan"), ("KOR", "South Korea"), ("PRK", "North Korea"), ("TWN", "Taiwan"),
    ("PHL", "Philippines"), ("MMR", "Myanmar"), ("ARM", "Armenia"), ("AZE", "Azerbaijan"), ("SRB", "Serbia"),
]  # fmt: skip
PLACES = ["Tyre", "Khiam", "Beirut", "Gaza City", "Kharkiv", "Odesa", "Aleppo", "Damascus", "Cairo", "Ankara",
          "Sanaa", "Khartoum", "Mogadishu", "Tripoli", "Caracas", "Kabul", "Baghdad", "Mosul", "Goma", "Bamako"]  # fmt: skip
VERBS = {
    "ASSAULT": "struck", "CONSULT": "held talks with", "ACCUSE": "accused", "THREATEN": "threatened",
    "SUPPORT": "backed", "AID": "sent aid to", "PROTEST": "protested against", "COERCE": "detained",
    "SANCTION": "sanctioned", "REQUEST": "urged",
}  # fmt: skip
TYPES = list(VERBS)
START = dt.date(2015, 1, 1)
DAYS = 3650
PER_ARTICLE = 4
REPORTS = 3


def _col(values: Any, type_: pa.DataType) -> pa.Array:
    return pa.array(values, type_)


def build(store: DuckDBStore, n_events: int, *, chunk: int = 200_000) -> float:
    assert chunk % PER_ARTICLE == 0
    """Bulk-load ``n_events`` events (with their articles, actors, mentions and
    happenings) into an empty store; return the seconds it took."""
    t0 = time.perf_counter()
    added_at = dt.datetime(2025, 1, 1)
    rng = np.random.default_rng(7)
    for lo in range(0, n_events, chunk):
        hi = min(n_events, lo + chunk)
        i = np.arange(lo, hi)
        art = i // PER_ARTICLE
        slot = i % PER_ARTICLE
        asserted = rng.random(hi - lo) < 0.8
        # the happening a mention reports: REPORTS consecutive articles, the same slot
        hap = (art // REPORTS) * PER_ARTICLE + slot + 1
        group = np.where(asserted, hap, 10 * n_events + i)  # unasserted events get their own values
        type_idx = (group * 2654435761) % len(TYPES)
        a_idx = group % len(COUNTRIES)
        r_idx = (a_idx + 1 + (group * 7) % (len(COUNTRIES) - 1)) % len(COUNTRIES)
        day = (group * 7919) % DAYS
        place_idx = (group * 31) % len(PLACES)
        types = [TYPES[t] for t in type_idx]
        dates = [START + dt.timedelta(days=int(d)) for d in day]
        a_names = [COUNTRIES[k][1] for k in a_idx]
        r_names = [COUNTRIES[k][1] for k in r_idx]
        places = [PLACES[k] for k in place_idx]
        sentences = [
            f"{a} {VERBS[t]} {r} in {p} on {d:%d %B %Y}." for a, t, r, p, d in zip(a_names, types, r_names, places, dates)
        ]
        article_ids = [f"a-{k:016x}" for k in art]
        event_ids = [f"{a}:e{s + 1}" for a, s in zip(article_ids, slot)]
        modality = np.where(asserted, "asserted", np.array(["hypothetical", "negated", "future"])[i % 3])
        a_len = np.array([len(x) for x in a_names])
        verb_len = np.array([len(VERBS[t]) for t in types])
        n = hi - lo
        events = pa.table(
            {
                "event_id": _col(event_ids, pa.string()),
                "article_id": _col(article_ids, pa.string()),
                "seq": _col(slot, pa.int32()),
                "local_id": _col([f"e{s + 1}" for s in slot], pa.string()),
                "type": _col(types, pa.string()),
                "cameo": _col([TYPE_CODES[t][0] for t in types], pa.string()),
                "quad_class": _col([TYPE_CODES[t][1] for t in types], pa.int32()),
                "intensity": _col([TYPE_CODES[t][2] for t in types], pa.float64()),
                "modality": _col(modality, pa.string()),
                "confidence": _col(rng.random(n), pa.float64()),
                "source": _col(["text"] * n, pa.string()),
                "trigger_start": _col(a_len + 1, pa.int32()),
                "trigger_end": _col(a_len + 1 + verb_len, pa.int32()),
                "trigger_text": _col([VERBS[t] for t in types], pa.string()),
                "sentence": _col(slot, pa.int32()),
                "date_start": _col(dates, pa.date32()),
                "date_end": _col(dates, pa.date32()),
                "date_precision": _col(["day"] * n, pa.string()),
                "location_text": _col(places, pa.string()),
                "event_date": _col(dates, pa.date32()),
            }
        )
        store._bulk_insert("events", events)
        mentions = pa.table(
            {
                "event_id": events["event_id"],
                "happening_id": pa.array(np.where(asserted, hap, 0), pa.int64(), mask=~asserted),
                "article_id": events["article_id"],
                "status": _col(np.where(asserted, np.where(art % REPORTS == 0, "founded", "joined"), "unasserted"), pa.string()),
                "reasons": _col(np.where(asserted & (art % REPORTS != 0), "same type; bulk-loaded", None), pa.string()),
                "modality": events["modality"],
                "sentence": events["sentence"],
                "sentence_text": _col(sentences, pa.string()),
                "trigger_start": events["trigger_start"],
                "trigger_end": events["trigger_end"],
                "actor_offset": _col(np.zeros(n, dtype=np.int32), pa.int32()),
                "recipient_offset": _col(a_len + 2 + verb_len, pa.int32()),
                "in_raw_text": _col(np.ones(n, dtype=bool), pa.bool_()),
                "added_at": _col([added_at] * n, pa.timestamp("us")),
            }
        )
        store._bulk_insert("mentions", mentions)
        role = ["actor"] * n + ["recipient"] * n
        codes = [COUNTRIES[k][0] for k in a_idx] + [COUNTRIES[k][0] for k in r_idx]
        names = a_names + r_names
        store._bulk_insert(
            "event_actors",
            pa.table(
                {
                    "event_id": pa.concat_arrays([events["event_id"].combine_chunks()] * 2),
                    "role": _col(role, pa.string()),
                    "ord": _col(np.zeros(2 * n, dtype=np.int32), pa.int32()),
                    "text": _col(names, pa.string()),
                    "span_start": _col(np.concatenate([np.zeros(n), a_len + 2 + verb_len]).astype(np.int32), pa.int32()),
                    "span_end": _col(np.concatenate([a_len, a_len + 2 + verb_len + [len(x) for x in r_names]]).astype(np.int32), pa.int32()),
                    "name": _col(names, pa.string()),
                    "country": _col(codes, pa.string()),
                    "kind": _col(["country"] * (2 * n), pa.string()),
                    "code": _col(codes, pa.string()),
                    "match_keys": _col([[c, m.upper(), *m.upper().split()] for c, m in zip(codes, names)], pa.list_(pa.string())),
                }
            ),
        )
        arts = np.unique(art)  # a chunk holds whole articles (chunk is a multiple of PER_ARTICLE)
        texts: dict[int, list[str]] = {}
        published: dict[int, dt.date] = {}
        for k, s, d in zip(art.tolist(), sentences, dates):
            texts.setdefault(k, []).append(s)
            published.setdefault(k, d)
        publishers = ["Reuters", "AP", "AFP", "BBC", "Al Jazeera"]
        store._bulk_insert(
            "articles",
            pa.table(
                {
                    "article_id": _col([f"a-{k:016x}" for k in arts], pa.string()),
                    "text_hash": _col([f"{k:064x}" for k in arts], pa.string()),
                    "seq": _col(arts + 1, pa.int64()),
                    "text": _col([" ".join(texts[int(k)]) for k in arts], pa.string()),
                    "publisher": _col([publishers[k % 5] for k in arts], pa.string()),
                    "source_name": _col([publishers[k % 5] for k in arts], pa.string()),
                    "url": _col([f"https://example.org/{k}" for k in arts], pa.string()),
                    "published": _col([published[int(k)] for k in arts], pa.date32()),
                    "added_at": _col([added_at] * len(arts), pa.timestamp("us")),
                }
            ),
        )
    # happenings: one row per happening, counted from the mentions
    store._con.execute(  # bench-only: one statement over the loaded tables
        """
        INSERT INTO happenings
        SELECT m.happening_id, any_value(e.type), any_value(e.cameo), any_value(e.quad_class), any_value(e.intensity),
               min(m.event_id), true, min(e.event_date), max(e.event_date), true, min(e.event_date),
               any_value(x1.country), any_value(x2.country), any_value(e.location_text),
               to_json([struct_pack(name := upper(any_value(x1.name)), country := any_value(x1.country),
                                    aliases := []::VARCHAR[], is_country := true, named := false)]),
               to_json([struct_pack(name := upper(any_value(x2.name)), country := any_value(x2.country),
                                    aliases := []::VARCHAR[], is_country := true, named := false)]),
               to_json([struct_pack(text := any_value(e.location_text))]), count(*), count(DISTINCT a.source_name), count(DISTINCT m.article_id),
               min(a.published), max(a.published), ?, ?
        FROM mentions m JOIN events e USING (event_id) JOIN articles a ON a.article_id = m.article_id
        JOIN event_actors x1 ON x1.event_id = e.event_id AND x1.role = 'actor'
        JOIN event_actors x2 ON x2.event_id = e.event_id AND x2.role = 'recipient'
        WHERE m.happening_id IS NOT NULL GROUP BY m.happening_id
        """,
        [added_at, added_at],
    ).fetchall()
    store._con.execute(
        """
        INSERT INTO happening_keys
        SELECT DISTINCT h.type || '|C:' || h.actor_label || '|C:' || h.recipient_label, h.happening_id FROM happenings h
        """
    ).fetchall()
    store._con.execute("CHECKPOINT").fetchall()
    return time.perf_counter() - t0


def _timed(fn: Callable[[], Any], repeat: int) -> tuple[float, float, int]:
    times = []
    rows = 0
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t) * 1000)
        rows = len(result) if hasattr(result, "__len__") else 1
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    return statistics.median(times), p95, rows


def queries(store: DuckDBStore, repeat: int) -> list[tuple[str, float, float, int]]:
    rng = np.random.default_rng(11)
    some_day = lambda: START + dt.timedelta(days=int(rng.integers(0, DAYS - 31)))  # noqa: E731
    country = lambda: COUNTRIES[int(rng.integers(0, len(COUNTRIES)))][0]  # noqa: E731
    some_type = lambda: TYPES[int(rng.integers(0, len(TYPES)))]  # noqa: E731
    place = lambda: PLACES[int(rng.integers(0, len(PLACES)))]  # noqa: E731
    hid = lambda: int(rng.integers(1, max(2, store.counts()["happenings"])))  # noqa: E731

    def month(**kw: Any) -> EventFilter:
        d = some_day()
        return EventFilter(since=d, until=d + dt.timedelta(days=30), **kw)

    cases: list[tuple[str, Callable[[], Any]]] = [
        ("type, newest 100", lambda: store.events(EventFilter(types=(some_type(),), sort="-date", limit=100))),
        ("actor country, 100", lambda: store.events(EventFilter(actor=country(), limit=100))),
        ("recipient country + type, 100", lambda: store.events(EventFilter(recipient=country(), types=(some_type(),), limit=100))),
        ("date range (30 days), 100", lambda: store.events(month(limit=100))),
        ("date range + type + actor, all", lambda: store.events(month(types=(some_type(),), actor=country()))),
        ("text search, 100", lambda: store.events(EventFilter(text=place(), limit=100))),
        ("text search + date range, 100", lambda: store.events(month(text=place(), limit=100))),
        ("modality hypothetical, 100", lambda: store.events(EventFilter(modality=("hypothetical",), limit=100))),
        ("happenings by mentions, 100", lambda: store.events(EventFilter(unit="happenings", sort="-mentions", limit=100))),
        ("happenings, date range, 100", lambda: store.events(month(unit="happenings", limit=100))),
        ("happenings, actor country, 50", lambda: store.events(EventFilter(unit="happenings", actor=country(), limit=50))),
        ("one happening with its mentions", lambda: store.event(hid())),
        ("stats, 30 days", lambda: store.stats(month())),
    ]
    return [(name, *_timed(fn, repeat)) for name, fn in cases]


def ingest(store: DuckDBStore, n: int, *, seed: int, batch_size: int) -> tuple[float, Any]:
    articles = list(synthetic(n, seed=seed, start=START, days=DAYS))
    t = time.perf_counter()
    report = store.write(articles, batch_size=batch_size)
    return n / (time.perf_counter() - t), report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=1_000_000, help="events in the big store (default 1,000,000)")
    parser.add_argument("--repeat", type=int, default=30, help="runs of each query (default 30)")
    parser.add_argument("--ingest", type=int, default=5_000, help="articles written to measure ingest (default 5,000)")
    parser.add_argument("--batch-size", type=int, default=200, help="articles per write transaction (default 200)")
    parser.add_argument("--db", help="store file to build (default: a temporary file)")
    parser.add_argument("--keep", action="store_true", help="keep the store file")
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    args = parser.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix="dotterel-bench-"))
    db = Path(args.db) if args.db else workdir / "bench.duckdb"
    if db.exists():
        sys.exit(f"{db} exists; give a new path")
    results: dict[str, Any] = {"events": args.events}
    with open_store(db) as store:
        assert isinstance(store, DuckDBStore)
        results["build_seconds"] = round(build(store, args.events), 1)
        results["counts"] = store.counts()
        results["queries_ms"] = {name: {"p50": round(p50, 1), "p95": round(p95, 1), "rows": rows} for name, p50, p95, rows in queries(store, args.repeat)}
        rate, report = ingest(store, args.ingest, seed=99, batch_size=args.batch_size)
        results["ingest_into_big_store"] = {"articles_per_s": round(rate), "events_per_s": round(rate * 3), "joined": report.joined}
    with open_store(workdir / "empty.duckdb") as empty:
        rate, report = ingest(empty, args.ingest, seed=99, batch_size=args.batch_size)
        results["ingest_into_empty_store"] = {"articles_per_s": round(rate), "events_per_s": round(rate * 3), "joined": report.joined}
    results["store_mb"] = round(db.stat().st_size / 1e6)
    if not args.keep:
        for path in workdir.iterdir():
            path.unlink()
        workdir.rmdir()
        if args.db:
            db.unlink()
            Path(str(db) + ".wal").unlink(missing_ok=True)

    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print(f"store: {args.events:,} events, built in {results['build_seconds']} s, {results['store_mb']} MB; {results['counts']}")
    print(f"{'query':36} {'p50 ms':>8} {'p95 ms':>8} {'rows':>6}")
    for name, q in results["queries_ms"].items():
        print(f"{name:36} {q['p50']:8.1f} {q['p95']:8.1f} {q['rows']:6}")
    for key in ("ingest_into_empty_store", "ingest_into_big_store"):
        r = results[key]
        print(f"{key.replace('_', ' ')}: {r['articles_per_s']:,} articles/s ({r['events_per_s']:,} events/s; batch {args.batch_size}, {r['joined']} joined)")
    print(f"cpus: {os.cpu_count()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
