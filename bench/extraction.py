"""Score HTML body extraction on the article-extraction benchmark.

Usage::

    python bench/extraction.py DIR [--json] [--no-baseline] [--limit N]

``DIR`` holds ``html/<hash>.html.gz`` and ``ground-truth.json`` (``hash →
{"articleBody", "url"}``), as in scrapinghub/article-extraction-benchmark.

The score: body text is compared as 4-word shingles of ``\\w+`` tokens (case kept).
For each page, true positives, false positives and false negatives are counted over
the shingle multisets, then divided by their sum, so that every page weighs the
same. Precision and recall come from the sums over all pages, F1 from those.

What is measured is :func:`dotterel.ingest.extract_page` — the very function the
HTML reader uses. The same run scores plain ``trafilatura.extract`` (defaults, and
with comments off) as baselines. The last line printed is ``F1 0.xxx``; ``--json``
prints one object instead: ``f1``, ``precision``, ``recall``, ``pages``,
``pages_per_s`` and the baselines.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

_TOKEN = re.compile(r"\w+")
_N = 4


@dataclass(frozen=True)
class Score:
    name: str
    precision: float
    recall: float
    f1: float
    pages: int
    seconds: float

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.seconds if self.seconds > 0 else 0.0


def shingles(text: str | None, n: int = _N) -> Counter[tuple[str, ...]]:
    """The multiset of ``n``-word shingles of ``\\w+`` tokens (case kept)."""
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def page_counts(predicted: str | None, truth: str | None) -> tuple[float, float, float]:
    """tp, fp, fn of one page, divided by their sum (all 0 when both are empty)."""
    pred, gold = shingles(predicted), shingles(truth)
    tp = sum((pred & gold).values())
    fp = sum((pred - gold).values())
    fn = sum((gold - pred).values())
    total = tp + fp + fn
    if total == 0:
        return 0.0, 0.0, 0.0
    return tp / total, fp / total, fn / total


def load(directory: Path, limit: int | None = None) -> list[tuple[str, bytes, str | None, str]]:
    """(hash, html bytes, url, true body) for each page of the benchmark."""
    truth = json.loads((directory / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key in sorted(truth):
        path = directory / "html" / f"{key}.html.gz"
        if not path.is_file():
            continue
        with gzip.open(path, "rb") as handle:
            pages.append((key, handle.read(), truth[key].get("url"), truth[key].get("articleBody") or ""))
        if limit is not None and len(pages) >= limit:
            break
    return pages


def score(name: str, extract: Callable[[bytes, str | None], str | None], pages: Iterable[tuple]) -> Score:
    tp = fp = fn = 0.0
    count = 0
    start = time.perf_counter()
    for _key, html, url, body in pages:
        try:
            predicted = extract(html, url)
        except Exception:  # noqa: BLE001 - a crash on a page scores as an empty extraction
            predicted = ""
        a, b, c = page_counts(predicted, body)
        tp, fp, fn, count = tp + a, fp + b, fn + c, count + 1
    seconds = time.perf_counter() - start
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(name, precision, recall, f1, count, seconds)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", type=Path, help="the benchmark folder (html/, ground-truth.json)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--no-baseline", action="store_true", help="do not score plain trafilatura")
    parser.add_argument("--limit", type=int, default=None, help="score the first N pages only")
    args = parser.parse_args(argv)
    if not (args.directory / "ground-truth.json").is_file():
        parser.error(f"{args.directory} has no ground-truth.json")

    import trafilatura

    from dotterel.ingest import extract_page

    pages = load(args.directory, args.limit)
    results: list[Score] = []
    if not args.no_baseline:
        results.append(score("trafilatura.extract (defaults)", lambda h, u: trafilatura.extract(h, url=u), pages))
        results.append(
            score(
                "trafilatura.extract (include_comments=False)",
                lambda h, u: trafilatura.extract(h, url=u, include_comments=False),
                pages,
            )
        )
    ours = score("dotterel extract_page", lambda h, u: extract_page(h, url=u).text, pages)
    results.append(ours)

    if args.json:
        payload = {
            "f1": round(ours.f1, 4),
            "precision": round(ours.precision, 4),
            "recall": round(ours.recall, 4),
            "pages": ours.pages,
            "pages_per_s": round(ours.pages_per_s, 1),
            "baselines": {
                r.name: {"f1": round(r.f1, 4), "precision": round(r.precision, 4), "recall": round(r.recall, 4)}
                for r in results[:-1]
            },
        }
        print(json.dumps(payload))
        return 0
    width = max(len(r.name) for r in results)
    for r in results:
        print(
            f"{r.name:<{width}}  P {r.precision:.3f}  R {r.recall:.3f}  F1 {r.f1:.3f}"
            f"  ({r.pages} pages, {r.pages_per_s:.1f} pages/s)"
        )
    print(f"F1 {ours.f1:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
