"""Memory over a long run: is the resident set of each coding worker flat?

    python bench/memory.py [--articles 100000] [--workers 2] [--engine workers|inprocess|inprocess-zones]
                           [--every 1000] [--json]

The corpus is generated as it is coded (``dotterel.engine.testing.generated_articles``:
the sample articles' sentences shuffled and recombined, numbers redrawn, so every
text differs and spaCy keeps meeting new strings); it is never held in memory whole.

``workers`` codes with ``dotterel.engine.code_parallel`` (chunks in spaCy memory
zones) and samples each worker's RSS as it reports it after every chunk;
``inprocess`` codes with ``Coder.code_many`` in this process, as the library does
today, and ``inprocess-zones`` the same with a memory zone per batch (what
``docs/scale.md`` proposes for ``Coder.code_many``); both sample this process's RSS
and the size of spaCy's StringStore. Checkpoints every ``--every`` articles (and at
1k, 10k, 30k, 100k) give the curve; the summary says how much RSS grew between 10k
articles and the end.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from typing import Any

_MARKS = (1_000, 3_000, 10_000, 30_000, 100_000, 300_000, 1_000_000)


def _rss_mb() -> float:
    with open("/proc/self/statm", "rb") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def run(args: argparse.Namespace) -> dict[str, Any]:
    from dotterel.config import load_config
    from dotterel.engine import code_parallel
    from dotterel.engine.testing import generated_articles

    config = load_config(batch_size=args.batch_size)
    articles = generated_articles(args.articles, seed=args.seed)
    marks = sorted({*(m for m in _MARKS if m <= args.articles), *range(args.every, args.articles + 1, args.every)})
    points: list[dict[str, Any]] = []
    statuses: dict[str, int] = {}
    reasons: dict[str, int] = {}
    strings = None
    start = time.perf_counter()
    load_start = _load()

    if args.engine == "workers":
        stream = code_parallel(articles, workers=args.workers, config=config)

        def sample(done: int) -> dict[str, Any]:
            alive = [s for s in stream.stats if s.ended is None]
            return {
                "articles": done,
                "seconds": round(time.perf_counter() - start, 1),
                "rss_mb": [s.rss_mb for s in alive],
                "peak_rss_mb": [s.peak_rss_mb for s in alive],
                "parent_rss_mb": round(_rss_mb(), 1),
            }

    else:
        from dotterel.engine import code_chunk
        from dotterel.pipeline import Coder

        coder = Coder(config)
        strings = coder.nlp.vocab.strings
        if args.engine == "inprocess":
            stream = coder.code_many(articles)
        else:

            def zoned() -> Any:
                batch = []
                for article in articles:
                    batch.append(article)
                    if len(batch) == config.batch_size:
                        yield from code_chunk(batch, config=config, factory=lambda c: coder)
                        batch = []
                if batch:
                    yield from code_chunk(batch, config=config, factory=lambda c: coder)

            stream = zoned()

        def sample(done: int) -> dict[str, Any]:
            return {
                "articles": done,
                "seconds": round(time.perf_counter() - start, 1),
                "rss_mb": [round(_rss_mb(), 1)],
                "peak_rss_mb": [round(_peak_mb(), 1)],
                "strings": len(strings),
                "learned_new": len(getattr(coder.learned, "_new", ())),
            }

    done = 0
    next_mark = iter(marks)
    mark = next(next_mark, None)
    for outcome in stream:
        done += 1
        statuses[outcome.status] = statuses.get(outcome.status, 0) + 1
        if outcome.status != "coded":
            key = (outcome.reason or "?").split(":")[0][:60]
            reasons[key] = reasons.get(key, 0) + 1
        if done == mark:
            point = sample(done)
            points.append(point)
            if args.progress:
                print(json.dumps(point), file=sys.stderr, flush=True)
            mark = next(next_mark, None)
    seconds = time.perf_counter() - start
    if args.engine == "workers":
        stats = stream.stats
        peaks = [s.peak_rss_mb for s in stats]
    else:
        peaks = [round(_peak_mb(), 1)]
    at = {p["articles"]: p for p in points}
    last = points[-1] if points else None
    base = at.get(10_000) if last is not None and last["articles"] > 10_000 else at.get(1_000)
    if base is None and points:
        base = points[0]
    growth = None
    if base and last and base is not last:
        growth = round(max(b - a for a, b in zip(base["rss_mb"], last["rss_mb"])), 1) if base["rss_mb"] else None
    result: dict[str, Any] = {
        "engine": args.engine,
        "workers": args.workers if args.engine == "workers" else 1,
        "articles": done,
        "seconds": round(seconds, 1),
        "articles_per_s": round(done / seconds, 2),
        "statuses": statuses,
        "not_coded_reasons": reasons,
        "peak_rss_mb_per_worker": peaks,
        "rss_growth_mb_from": base["articles"] if base else None,
        "rss_growth_mb": growth,
        "load_average_start": load_start,
        "load_average_end": _load(),
        "points": points,
    }
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--engine", choices=("workers", "inprocess", "inprocess-zones"), default="workers")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--every", type=int, default=5_000, help="a checkpoint every N articles")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--progress", action="store_true", help="print each checkpoint on standard error")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = run(args)
    if args.json:
        print(json.dumps(result))
        return 0
    print(f"engine: {result['engine']}, workers: {result['workers']}, articles: {result['articles']:,} "
          f"in {result['seconds']:,.0f} s ({result['articles_per_s']:.1f} articles/s)")
    print(f"statuses: {result['statuses']}  not coded: {result['not_coded_reasons']}")
    print(f"load average: {result['load_average_start']} at the start, {result['load_average_end']} at the end")
    extra = "strings" if result["engine"] != "workers" else None
    print(f"{'articles':>9} {'seconds':>8}  RSS MB per worker (peak)" + ("   StringStore" if extra else ""))
    for p in result["points"]:
        cells = ", ".join(f"{r:.0f} ({k:.0f})" for r, k in zip(p["rss_mb"], p["peak_rss_mb"]))
        print(f"{p['articles']:>9,} {p['seconds']:>8,.0f}  {cells}" + (f"   {p['strings']:,}" if extra else ""))
    print(f"peak RSS per worker: {', '.join(f'{x:.0f}' for x in result['peak_rss_mb_per_worker'])} MB")
    if result["rss_growth_mb"] is not None:
        print(f"RSS growth from {result['rss_growth_mb_from']:,} articles to the end: {result['rss_growth_mb']:+.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
