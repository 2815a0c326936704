"""Benchmark the dashboard in a real browser over a big store.

    python bench/dashboard.py                    # 1,000,000 events, 7 runs
    python bench/dashboard.py --events 200000 --runs 5
    python bench/dashboard.py --db big.duckdb --keep   # build once, measure again later

Builds a store of ``--events`` events with ``bench/store.py``'s bulk loader (four
events an article, three articles a happening) and gives every place coordinates,
serves it with ``dotterel serve``'s app on 127.0.0.1 (once its derived tables are
built: see ``dotterel.api._derived``), and drives headless Chromium
(Debian's ``chromium`` and ``chromium-driver``). Each run opens the dashboard afresh
with the browser cache off and times, in the page, (1) the first load: from the
start of navigation until the timeline, map, network and table are all drawn, and
(2) two filter changes (an actor typed in the filter box, then an event type
chosen): from the change until every view is drawn again. Prints p50 and p95 of
each and fails (exit status 1) when a p95 is over ``--budget`` ms (default 1000).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from dotterel.api import create_app  # noqa: E402
from dotterel.store import open_store  # noqa: E402
from tests.web.browser import browser_missing_reason, chrome, console_errors, failed_requests, serve, wait_ready  # noqa: E402

# coordinates of the places bench/store.py writes
COORDINATES = {
    "Tyre": (33.27, 35.20), "Khiam": (33.33, 35.61), "Beirut": (33.89, 35.50), "Gaza City": (31.50, 34.47),
    "Kharkiv": (49.99, 36.23), "Odesa": (46.48, 30.72), "Aleppo": (36.20, 37.16), "Damascus": (33.51, 36.29),
    "Cairo": (30.04, 31.24), "Ankara": (39.93, 32.86), "Sanaa": (15.37, 44.19), "Khartoum": (15.50, 32.56),
    "Mogadishu": (2.05, 45.32), "Tripoli": (32.89, 13.19), "Caracas": (10.49, -66.88), "Kabul": (34.56, 69.21),
    "Baghdad": (33.32, 44.36), "Mosul": (36.34, 43.13), "Goma": (-1.68, 29.22), "Bamako": (12.64, -8.00),
}  # fmt: skip
ACTORS = ["ISR", "RUS", "UKR", "IRN", "USA", "CHN", "TUR", "SYR", "EGY", "FRA"]
TYPES = ["ASSAULT", "CONSULT", "ACCUSE", "THREATEN", "SUPPORT", "AID", "PROTEST", "COERCE", "SANCTION", "REQUEST"]


def _bench_store() -> Any:
    spec = importlib.util.spec_from_file_location("bench_store", Path(__file__).with_name("store.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build(db: Path, events: int) -> float:
    """Bulk-load ``events`` events into a new store at ``db`` and place them on the map."""
    t0 = time.perf_counter()
    with open_store(db) as store:
        _bench_store().build(store, events)
        con = store._con  # bench-only: one UPDATE over the loaded rows
        names = list(COORDINATES)
        con.execute(
            "UPDATE events SET location_name = p.name, location_lat = p.lat, location_lon = p.lon, "
            "location_precision = 'city' FROM (SELECT unnest(?::VARCHAR[]) AS name, unnest(?::DOUBLE[]) AS lat, "
            "unnest(?::DOUBLE[]) AS lon) p WHERE events.location_text = p.name",
            [names, [COORDINATES[n][0] for n in names], [COORDINATES[n][1] for n in names]],
        ).fetchall()
        con.execute("CHECKPOINT").fetchall()
    return time.perf_counter() - t0


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _change(driver: Any, script: str, *args: Any) -> float:
    """Run a change in the page and wait for the views; the time the page measured."""
    before = int(driver.execute_script("return Number(document.body.dataset.ready || 0)"))
    driver.execute_script(script, *args)
    wait_ready(driver, before + 1, timeout=60)
    return float(driver.execute_script("return window.dotterelMetrics.timings.at(-1).ms"))


SET_ACTOR = """
const box = document.querySelector('#filters input[name=actor]');
box.value = arguments[0];
box.dispatchEvent(new Event('change'));
"""
SET_TYPE = """
const select = document.querySelector('#filters select[name=type]');
select.value = arguments[0];
select.dispatchEvent(new Event('change'));
"""


def measure(url: str, runs: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {"first load": [], "filter change": []}
    with chrome(width=1400, height=1000) as driver:
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
        for run in range(runs + 1):  # the first run warms up and is not counted
            driver.get("about:blank")
            driver.get(url + "/")
            wait_ready(driver, 1, timeout=60)
            load = float(driver.execute_script("return window.dotterelMetrics.timings[0].ms"))
            actor = _change(driver, SET_ACTOR, ACTORS[run % len(ACTORS)])
            kind = _change(driver, SET_TYPE, TYPES[run % len(TYPES)])
            errors = console_errors(driver)
            failed = failed_requests(driver, url)
            if errors or failed:
                raise SystemExit(f"the dashboard had errors: {errors} {failed}")
            if run:
                times["first load"].append(load)
                times["filter change"] += [actor, kind]
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=1_000_000, help="events in the store (default 1,000,000)")
    parser.add_argument("--runs", type=int, default=7, help="measured page loads (default 7; each with two filter changes)")
    parser.add_argument("--db", type=Path, help="store file: used as it is when it exists, else built there")
    parser.add_argument("--keep", action="store_true", help="keep the store built")
    parser.add_argument("--budget", type=float, default=1000.0, help="the p95 each measure must stay under, in ms")
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    args = parser.parse_args(argv)
    reason = browser_missing_reason()
    if reason:
        sys.exit(f"bench/dashboard.py needs a browser: {reason}")

    workdir = Path(tempfile.mkdtemp(prefix="dotterel-dashboard-"))
    db = args.db or workdir / "dashboard.duckdb"
    built = None
    if not db.exists():
        built = build(db, args.events)
    with open_store(db, read_only=True) as store:
        counts = store.counts()
    app = create_app(db_path=db)
    pool = app.state.dotterel.pool
    t0 = time.perf_counter()
    pool.open()
    derived_ok = pool.derived.wait(300) if pool.derived is not None else False
    derived_seconds = time.perf_counter() - t0
    try:
        with serve(app, max_seconds=1800) as url:
            times = measure(url, args.runs)
    finally:
        if not args.keep and (args.db is None or built is not None):
            for path in (db, Path(str(db) + ".wal")):
                path.unlink(missing_ok=True)
        if not any(workdir.iterdir()):
            workdir.rmdir()

    results: dict[str, Any] = {
        "events": counts["events"],
        "happenings": counts["happenings"],
        "articles": counts["articles"],
        "build_seconds": round(built, 1) if built is not None else None,
        "derived_tables_seconds": round(derived_seconds, 1) if derived_ok else None,
        "runs": args.runs,
        "cpus": os.cpu_count(),
        "ms": {
            name: {"p50": round(statistics.median(v), 1), "p95": round(_percentile(v, 0.95), 1), "max": round(max(v), 1), "n": len(v)}
            for name, v in times.items()
        },
    }
    over = [name for name, q in results["ms"].items() if q["p95"] >= args.budget]
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print(
            f"store: {results['events']:,} events, {results['happenings']:,} happenings, {results['articles']:,} articles"
            + (f" (built in {results['build_seconds']} s)" if built is not None else "")
        )
        print(f"server: store opened and the dashboard's derived tables built in {derived_seconds:.1f} s")
        print(f"{'dashboard (headless Chromium)':32} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'n':>4}")
        for name, q in results["ms"].items():
            print(f"{name:32} {q['p50']:8.1f} {q['p95']:8.1f} {q['max']:8.1f} {q['n']:4}")
        print(f"budget: p95 under {args.budget:g} ms: {'over for ' + ', '.join(over) if over else 'met'}; cpus: {os.cpu_count()}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
