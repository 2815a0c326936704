"""The store with the real coder: coded outcomes in, the same records out."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pandas as pd
import pytest

from dotterel.records import Article
from dotterel.store import open_store

GOLD = Path(__file__).parents[1] / "gold"

try:  # the coder may not exist yet while the pipeline is written
    from dotterel.pipeline import Coder  # noqa: F401
except ImportError:  # pragma: no cover
    pytest.skip("dotterel.pipeline.Coder is not available", allow_module_level=True)


def _articles() -> list[Article]:
    samples = [json.loads(line) for line in (GOLD / "samples.gold.jsonl").read_text(encoding="utf-8").splitlines()[:7]]
    return [
        Article(
            s["text"],
            published=dt.date.fromisoformat(s["published"]) if s.get("published") else None,
            publisher=s.get("publisher"),
            title=s.get("title"),
            origin=s["id"],
        )
        for s in samples
    ]


def test_coded_outcomes_are_stored_merged_and_exported(coder) -> None:  # type: ignore[no-untyped-def]
    articles = _articles()
    outcomes = list(coder.code_many(articles))
    coded = [o.coded for o in outcomes if o.status == "coded" and o.coded is not None]
    assert coded, "the coder coded nothing"
    with open_store(":memory:") as store:
        report = store.write(outcomes)
        assert report.added == len(coded)
        assert report.events == sum(len(c.events) for c in coded)
        for c in coded:
            assert store.coded_article(c.article.id).events == c.events
        again = store.write(coder.code_many(articles[:1]))
        assert (again.added, again.present) == (0, 1)
        happenings = store.events(unit="happenings")
        assert len(happenings) == report.happenings
        assert sum(h.num_mentions for h in happenings) == sum(len(c.asserted_events) for c in coded)
        out = io.BytesIO()
        from dotterel.export import export

        export(store, "gdelt-events", out)
        out.seek(0)
        if happenings:
            assert pd.read_csv(out, sep="\t", header=None, dtype=str).shape == (len(happenings), 61)
