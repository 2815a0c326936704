"""Coding throughput: dotterel's full pipeline against bare spaCy, in one process; then scaling.

    python bench/throughput.py [--articles N] [--batch-size B] [--json]
                               [--scale-articles M] [--rounds R] [--no-scale] [--no-dask] [--profile FILE]

Both runs use the same model and the same spaCy components (the pipeline adds only
its own stages), on the same texts: the bundled sample articles, repeated to N
articles. The ratio (pipeline articles/s divided by bare-spaCy articles/s) is
measured in the same run, so it does not depend on the machine. Peak RSS is the
process's maximum resident set size.

Scaling (same run, so again ratios): ``dotterel ingest``'s path (a JSON Lines file
of M generated, distinct articles: read, screened, coded) with ``--workers 1`` (in
this process) and ``--workers 2`` (two worker processes), and the Dask engine on a
``LocalCluster`` of 2 worker processes with 1 thread each. Workers are started and
their model loaded before the clock starts; the three are timed in turns (R rounds
after one to warm up) and the best time of each is kept. ``speedup_2_workers`` is 2
workers' articles/s over 1 worker's; ``dask_vs_workers`` is Dask's over
``--workers 2``'s; ``worker_peak_rss_mb`` is each worker's peak resident set;
``machine_speedup_2_processes`` is what two processes of pure Python get from the
machine at that moment (2.0 on two idle cores; less when something else runs).

``--profile FILE`` also writes where the time goes in one process (time per spaCy
component, per dotterel stage, and a cProfile summary) to FILE.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _burn(n: int) -> float:
    start = time.perf_counter()
    total = 0
    for i in range(n):
        total += i * i
    return time.perf_counter() - start


def _machine_speedup() -> float:
    """What two processes get from this machine now: pure Python, no memory traffic."""
    import multiprocessing

    n = 20_000_000
    one = _burn(n)
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        pool.map(_burn, [1000, 1000])
        start = time.perf_counter()
        pool.map(_burn, [n, n])
        two = time.perf_counter() - start
    return round(2 * one / two, 3)


def _scaling(args: argparse.Namespace, config: Any) -> dict[str, Any]:
    """--workers 1 vs --workers 2 vs Dask (2 workers), through ingestion, same texts.

    All three are started and warmed first, then timed in turns (``--rounds``), and the
    best time of each is kept, so a burst of load from elsewhere hits them alike.
    """
    import logging

    from dotterel.engine import ParallelCoder, dask_ingest
    from dotterel.engine.testing import generated_articles, write_jsonl
    from dotterel.ingest import IngestOptions, ingest

    options = IngestOptions()
    result: dict[str, Any] = {"machine_speedup_2_processes": _machine_speedup()}
    best: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "generated.jsonl"
        write_jsonl(path, generated_articles(args.scale_articles, seed=7))
        words = sum(len(json.loads(line)["text"].split()) for line in path.open(encoding="utf-8"))

        def timed(name: str, run: Any) -> None:
            start = time.perf_counter()
            coded = sum(1 for o in run if o.status == "coded")
            seconds = time.perf_counter() - start
            assert coded >= 0.9 * args.scale_articles, coded
            best[name] = min(seconds, best.get(name, seconds))

        client = cluster = None
        one = ParallelCoder(config, workers=1)
        two = ParallelCoder(config, workers=2, inprocess_below=0)
        try:
            one.start()
            two.start()
            if not args.no_dask:
                from distributed import Client, LocalCluster

                cluster = LocalCluster(
                    n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                    silence_logs=logging.CRITICAL,
                )  # fmt: skip
                client = Client(cluster, set_as_default=False)
            for round_ in range(args.rounds + 1):  # the first round warms up and is not kept
                timed("workers_1", ingest([path], coder=one, options=options, config=config))
                timed("workers_2", ingest([path], coder=two, options=options, config=config))
                if client is not None:
                    run = dask_ingest([path], options=options, config=config, client=client)
                    run.warm()
                    timed("dask", run)
                if round_ == 0:
                    best.clear()
            result["worker_peak_rss_mb"] = {"workers_2": [s.peak_rss_mb for s in two.stats]}
            if client is not None:
                result["worker_peak_rss_mb"]["dask"] = sorted(round(mb, 1) for mb in run.worker_memory().values())
        finally:
            one.close()
            two.close()
            if client is not None:
                client.close()
                cluster.close()
    n = args.scale_articles
    result.update(
        scale_articles=n,
        scale_words=words,
        workers_1_articles_per_s=round(n / best["workers_1"], 2),
        workers_2_articles_per_s=round(n / best["workers_2"], 2),
        speedup_2_workers=round(best["workers_1"] / best["workers_2"], 3),
    )
    if "dask" in best:
        result.update(
            dask_articles_per_s=round(n / best["dask"], 2),
            dask_vs_workers=round(best["workers_2"] / best["dask"], 3),
        )
    return result


def _profile(path: str, coder: Any, articles: list[Any], batch_size: int) -> None:
    """Where the time goes in one process: spaCy components, dotterel's parts, cProfile."""
    import cProfile
    import io
    import pstats

    from dotterel import pipeline as pipeline_module
    from dotterel.pipeline import _stages
    from dotterel.pipeline._clean import clean_text

    nlp = coder.nlp
    # 1. each spaCy component on its own, over the same cleaned texts
    views = [clean_text(a.text, title=a.title).view for a in articles]
    components: list[tuple[str, float]] = []
    start = time.perf_counter()
    docs = [nlp.make_doc(v) for v in views]
    components.append(("tokenizer (make_doc)", time.perf_counter() - start))
    for name, proc in nlp.pipeline:
        if name.startswith("dotterel"):
            continue
        start = time.perf_counter()
        docs = list(proc.pipe(docs, batch_size=batch_size)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
        components.append((name, time.perf_counter() - start))
    spacy_alone = sum(s for _, s in components)

    # 2. the pipeline with wall-clock timers around dotterel's parts (no profiler)
    spent: dict[str, float] = {}

    def timed(label: str, func: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            begin = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                spent[label] = spent.get(label, 0.0) + time.perf_counter() - begin

        return wrapper

    events = nlp.get_pipe("dotterel_events")
    breaks = nlp.get_pipe("dotterel_breaks")
    patched = [
        (pipeline_module.Coder, "_prepare"),
        (pipeline_module.Coder, "_finish"),
        (type(events), "__call__"),
        (type(breaks), "__call__"),
    ]
    saved = [(cls, name, cls.__dict__[name]) for cls, name in patched]
    original_stages = events.stages
    labels = {"_prepare": "prepare (checks, language, clean-up, make_doc)", "_finish": "finish (records)"}
    try:
        for cls, name, func in saved:
            label = labels.get(name, f"{'dotterel_events' if cls is type(events) else 'dotterel_breaks'} component")
            setattr(cls, name, timed(label, func))
        events.stages = [
            _stages.Stage(s.name, s.requires, s.assigns, timed(f"stage {s.name}", s.run)) for s in original_stages
        ]
        start = time.perf_counter()
        for outcome in coder.code_many(articles, batch_size=batch_size):
            assert outcome.status == "coded", outcome.reason
        total = time.perf_counter() - start
    finally:
        for cls, name, func in saved:
            setattr(cls, name, func)
        events.stages = original_stages
    ours = sum(v for k, v in spent.items() if not k.startswith("stage "))
    spacy_in_run = total - ours

    # 3. the same under cProfile, for the functions
    profiler = cProfile.Profile()
    profiler.enable()
    for outcome in coder.code_many(articles, batch_size=batch_size):
        pass
    profiler.disable()

    out = io.StringIO()
    out.write(f"# Where the time goes: {len(articles)} articles (the bundled samples, repeated), one process\n")
    out.write(f"# python bench/throughput.py --profile bench/profile.txt   (load average {os.getloadavg()[0]:.2f})\n\n")
    out.write(f"pipeline: {total:.2f} s, {len(articles) / total:.1f} articles/s (wall clock, no profiler)\n\n")
    out.write("share of the pipeline's time:\n")
    out.write(f"  {'spaCy components (in nlp.pipe)':<48} {spacy_in_run:7.2f} s  {100 * spacy_in_run / total:5.1f} %\n")
    for label, seconds in sorted(spent.items(), key=lambda kv: (kv[0].startswith("stage "), -kv[1])):
        indent = "    " if label.startswith("stage ") else "  "
        out.write(f"{indent}{label:<{50 - len(indent)}} {seconds:7.2f} s  {100 * seconds / total:5.1f} %\n")
    out.write("\nspaCy components, each timed alone over the same cleaned texts:\n")
    for name, seconds in components:
        out.write(f"  {name:<28} {seconds:7.2f} s  {100 * seconds / spacy_alone:5.1f} %\n")
    out.write(f"  {'all':<28} {spacy_alone:7.2f} s\n\n")
    out.write("cProfile (it inflates many small calls, e.g. Token objects made by Doc.__iter__; use it to\n")
    out.write("find functions, the wall-clock table above for shares).\n\nTop 30 functions by own time (tottime):\n")
    for key in ("tottime", "cumulative"):
        text = io.StringIO()
        pstats.Stats(profiler, stream=text).strip_dirs().sort_stats(key).print_stats(30 if key == "tottime" else 25)
        lines = text.getvalue().splitlines()
        first = next((i for i, line in enumerate(lines) if "ncalls" in line), 0)
        out.write("\n".join(lines[first:]).rstrip() + "\n")
        if key == "tottime":
            out.write("\nTop 25 by cumulative time:\n")
    Path(path).write_text(out.getvalue(), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each, taken in turns; the best is kept")
    parser.add_argument("--scale-articles", type=int, default=800, help="generated articles for the scaling runs")
    parser.add_argument("--rounds", type=int, default=3, help="timed turns of the scaling runs; the best is kept")
    parser.add_argument("--no-scale", action="store_true", help="only pipeline vs bare spaCy")
    parser.add_argument("--no-dask", action="store_true", help="leave the Dask run out")
    parser.add_argument("--profile", metavar="FILE", help="also write where the time goes to FILE")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    import spacy

    from dotterel.config import load_config
    from dotterel.pipeline import Coder, _UNUSED_COMPONENTS
    from dotterel.pipeline._clean import clean_text
    from dotterel.records import Article
    from dotterel.samples import sample_articles

    load_start = os.getloadavg()
    config = load_config(batch_size=args.batch_size)
    samples = list(sample_articles())
    articles = []
    for i in range(args.articles):
        base = samples[i % len(samples)]
        # a distinct id per copy so nothing is taken for a repeat
        articles.append(Article(text=base.text, id=f"{base.id}-{i}", title=base.title, publisher=base.publisher,
                                published=base.published))
    words = sum(len(a.text.split()) for a in articles)

    bare = spacy.load(config.model, exclude=list(_UNUSED_COMPONENTS))
    coder = Coder(config)
    components = [name for name in coder.nlp.pipe_names if not name.startswith("dotterel")]
    assert components == bare.pipe_names, (components, bare.pipe_names)
    # bare spaCy gets the same cleaned text the pipeline parses
    views = [clean_text(a.text, title=a.title).view for a in articles]

    def run_bare() -> float:
        start = time.perf_counter()
        for _ in bare.pipe(views, batch_size=args.batch_size):
            pass
        return time.perf_counter() - start

    def run_pipeline() -> float:
        start = time.perf_counter()
        for outcome in coder.code_many(articles, batch_size=args.batch_size):
            assert outcome.status == "coded", outcome.reason
        return time.perf_counter() - start

    run_bare(), run_pipeline()  # warm up both
    # taken in turns, so that a change of the shared host's speed touches both sides alike
    bare_times: list[float] = []
    pipe_times: list[float] = []
    for _ in range(args.repeat):
        bare_times.append(run_bare())
        pipe_times.append(run_pipeline())
    bare_s, pipe_s = min(bare_times), min(pipe_times)
    result: dict[str, Any] = {
        "articles": len(articles),
        "words": words,
        "components": components,
        "bare_articles_per_s": round(len(articles) / bare_s, 2),
        "bare_words_per_s": round(words / bare_s, 1),
        "pipeline_articles_per_s": round(len(articles) / pipe_s, 2),
        "pipeline_words_per_s": round(words / pipe_s, 1),
        "ratio": round(bare_s / pipe_s, 3),
        "peak_rss_mb": round(_peak_rss_mb(), 1),
    }
    if args.profile:
        _profile(args.profile, coder, articles, args.batch_size)
    del bare
    if not args.no_scale:
        result.update(_scaling(args, config))
    result["load_average"] = [round(x, 2) for x in (*load_start, *os.getloadavg())]
    if args.json:
        print(json.dumps(result))
    else:
        print(f"articles: {result['articles']}, words: {words:,}, components: {', '.join(components)}")
        print(f"bare spaCy : {result['bare_articles_per_s']:8.2f} articles/s  {result['bare_words_per_s']:10,.0f} words/s")
        print(f"dotterel   : {result['pipeline_articles_per_s']:8.2f} articles/s  {result['pipeline_words_per_s']:10,.0f} words/s")
        print(f"ratio (pipeline / bare spaCy): {result['ratio']:.3f}")
        print(f"peak RSS: {result['peak_rss_mb']:.0f} MB")
        if not args.no_scale:
            print(f"scaling: {result['scale_articles']} generated articles ({result['scale_words']:,} words) "
                  f"through ingestion; this machine gives two processes {result['machine_speedup_2_processes']:.2f}x")
            print(f"--workers 1: {result['workers_1_articles_per_s']:8.2f} articles/s")
            print(f"--workers 2: {result['workers_2_articles_per_s']:8.2f} articles/s   "
                  f"speed-up {result['speedup_2_workers']:.3f}")
            if "dask_articles_per_s" in result:
                print(f"Dask (LocalCluster, 2 workers): {result['dask_articles_per_s']:8.2f} articles/s   "
                      f"vs --workers 2: {result['dask_vs_workers']:.3f}")
            for name, peaks in result["worker_peak_rss_mb"].items():
                print(f"peak RSS per worker ({name}): {', '.join(f'{x:.0f}' for x in peaks)} MB")
        print(f"load average (1, 5, 15 min) at the start: {result['load_average'][:3]}, "
              f"at the end: {result['load_average'][3:]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
