"""Inside a worker: the model cache, memory zones, and one outcome per article."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator

import pytest

from dotterel.engine import code_chunk, worker_coder
from dotterel.engine._worker import clear_cache
from dotterel.engine.testing import StandInFactory, generated_articles
from dotterel.records import Article, Outcome


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    clear_cache()
    yield
    clear_cache()


def test_the_model_is_made_once_per_worker(config) -> None:
    made = []

    def factory(cfg):
        made.append(cfg)
        return StandInFactory()(cfg)

    first = worker_coder(config, factory)
    assert worker_coder(config, factory) is first
    code_chunk(list(generated_articles(3)), config=config, factory=factory)
    assert made == [config]
    assert worker_coder(config.replace(batch_size=7), factory) is not first  # another configuration


class _Forgetful:
    """Gives no outcome for the second article and two for the third."""

    def code_many(self, articles: Iterable[Article]) -> Iterator[Outcome]:
        for i, article in enumerate(articles):
            if i == 1:
                continue
            for _ in range(2 if i == 2 else 1):
                yield Outcome("coded", article=article, origin=article.origin)


class _Broken:
    def code_many(self, articles: Iterable[Article]) -> Iterator[Outcome]:
        articles = list(articles)
        yield Outcome("coded", article=articles[0])
        raise RuntimeError("the model fell over\nsecond line")


def test_exactly_one_outcome_per_article_whatever_the_coder_does(config) -> None:
    articles = list(generated_articles(4))
    outcomes = code_chunk(articles, config=config, factory=lambda c: _Forgetful())
    assert [o.article.id for o in outcomes] == [a.id for a in articles]
    assert [o.status for o in outcomes] == ["coded", "failed", "coded", "coded"]
    assert outcomes[1].reason == "not coded: the coder gave no outcome"

    outcomes = code_chunk(articles, config=config, factory=lambda c: _Broken())
    assert [o.status for o in outcomes] == ["coded", "failed", "failed", "failed"]
    assert outcomes[1].reason == "RuntimeError: the model fell over"


def test_memory_zones_keep_the_string_store_flat_and_change_nothing(coder, monkeypatch) -> None:
    """New numbers and names add strings to spaCy's StringStore; each batch's zone frees them."""
    strings = coder.nlp.vocab.strings
    articles = list(generated_articles(16, seed=11))

    before = len(strings)
    zoned = list(coder.code_many(articles, batch_size=5))  # a zone per batch
    assert len(strings) == before
    chunked = code_chunk(articles, config=coder.config, factory=lambda c: coder)
    assert len(strings) == before

    monkeypatch.setattr(coder, "_memory_zone", contextlib.nullcontext)  # the same coding with no zone
    plain = list(coder.code_many(articles))
    assert len(strings) > before  # ... keeps every new string
    assert [o.coded for o in zoned] == [o.coded for o in plain] == [o.coded for o in chunked]
    assert all(o.status == "coded" for o in zoned), [o.reason for o in zoned if o.status != "coded"]


def test_learned_people_are_drained_after_each_chunk(coder) -> None:
    from dotterel.samples import sample_articles

    code_chunk(list(sample_articles())[:3], config=coder.config, factory=lambda c: coder)
    assert coder.learned.drain() == []
