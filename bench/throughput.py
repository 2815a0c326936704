"""Coding throughput: dotterel's full pipeline against bare spaCy, in one process.

    python bench/throughput.py [--articles N] [--batch-size B] [--json]

Both runs use the same model and the same spaCy components (the pipeline adds only
its own stages), on the same texts: the bundled sample articles, repeated to N
articles. The ratio (pipeline articles/s divided by bare-spaCy articles/s) is
measured in the same run, so it does not depend on the machine. Peak RSS is the
process's maximum resident set size.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--repeat", type=int, default=2, help="timed runs of each; the best is kept")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    import spacy

    from dotterel.config import load_config
    from dotterel.pipeline import Coder, _UNUSED_COMPONENTS
    from dotterel.pipeline._clean import clean_text
    from dotterel.records import Article
    from dotterel.samples import sample_articles

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
    bare_s = min(run_bare() for _ in range(args.repeat))
    pipe_s = min(run_pipeline() for _ in range(args.repeat))
    result = {
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
    if args.json:
        print(json.dumps(result))
    else:
        print(f"articles: {result['articles']}, words: {words:,}, components: {', '.join(components)}")
        print(f"bare spaCy : {result['bare_articles_per_s']:8.2f} articles/s  {result['bare_words_per_s']:10,.0f} words/s")
        print(f"dotterel   : {result['pipeline_articles_per_s']:8.2f} articles/s  {result['pipeline_words_per_s']:10,.0f} words/s")
        print(f"ratio (pipeline / bare spaCy): {result['ratio']:.3f}")
        print(f"peak RSS: {result['peak_rss_mb']:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
