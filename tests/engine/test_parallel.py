"""Worker processes on one machine: order, accounting, crashes, hangs, bounded input."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from dotterel.engine import ParallelCoder, code_parallel
from dotterel.engine.testing import CRASH_MARKER, HANG_MARKER, StandInFactory, generated_articles, write_jsonl
from dotterel.errors import DotterelError
from dotterel.records import Article, Outcome


def _pid(outcome: Outcome) -> int:
    assert outcome.coded is not None, outcome
    return int(outcome.coded.warnings[0].split()[1])


def _ids(outcomes: list[Outcome]) -> list[str]:
    return [o.article.id for o in outcomes if o.article is not None]


def test_one_outcome_per_article_in_input_order(config) -> None:
    articles = list(generated_articles(30))
    run = code_parallel(articles, workers=2, config=config, coder_factory=StandInFactory(delay=0.002))
    outcomes = list(run)
    assert _ids(outcomes) == [a.id for a in articles]
    assert {o.status for o in outcomes} == {"coded"}
    assert all(o.origin == a.origin for o, a in zip(outcomes, articles))
    pids = {_pid(o) for o in outcomes}
    assert len(pids) == 2 and os.getpid() not in pids  # both workers coded, the parent did not
    assert sum(s.articles for s in run.stats) == 30


def test_unordered_gives_every_article_once(config) -> None:
    articles = list(generated_articles(40))
    outcomes = list(
        code_parallel(articles, workers=2, config=config, ordered=False, coder_factory=StandInFactory(delay=0.001))
    )
    assert sorted(_ids(outcomes)) == sorted(a.id for a in articles)
    assert len(outcomes) == 40


def test_an_article_that_kills_its_worker_fails_with_the_reason(config) -> None:
    articles = list(generated_articles(20))
    articles[9] = Article(text=f"A poison pill {CRASH_MARKER}.", id="poison", origin="test:10")
    run = code_parallel(articles, workers=2, config=config, coder_factory=StandInFactory())
    outcomes = list(run)
    assert _ids(outcomes) == [a.id for a in articles]
    poison = outcomes[9]
    assert poison.status == "failed" and poison.stage == "code" and poison.origin == "test:10"
    assert poison.reason == "worker crashed while coding it: exit code 70"
    assert all(o.status == "coded" for i, o in enumerate(outcomes) if i != 9)
    # the chunk's crash, then the article's own: two workers ended and were replaced
    assert [s.ended for s in run.stats].count("exit code 70") == 2


def test_a_crash_not_caused_by_the_article_is_retried(config, tmp_path: Path) -> None:
    articles = list(generated_articles(12))
    articles[5] = Article(text=f"Crashes once {CRASH_MARKER}.", id="once")
    factory = StandInFactory(crash_once_flag=str(tmp_path / "crashed"))
    outcomes = list(code_parallel(articles, workers=2, config=config, coder_factory=factory))
    assert (tmp_path / "crashed").exists()
    assert [o.status for o in outcomes] == ["coded"] * 12
    assert _ids(outcomes) == [a.id for a in articles]


def test_a_hanging_article_times_out(config) -> None:
    articles = [*generated_articles(3), Article(text=f"Never ends {HANG_MARKER}.", id="hang"), *generated_articles(2, start=3)]
    outcomes = list(
        code_parallel(articles, workers=2, config=config, batch_size=2, timeout=1.0, coder_factory=StandInFactory())
    )
    assert _ids(outcomes) == [a.id for a in articles]
    assert outcomes[3].status == "failed"
    assert outcomes[3].reason == "worker crashed while coding it: timed out: one task took over 1 s"
    assert [o.status for i, o in enumerate(outcomes) if i != 3] == ["coded"] * 5


def test_a_worker_that_cannot_start_is_a_coded_error(config) -> None:
    run = code_parallel(generated_articles(5), workers=2, config=config, coder_factory=StandInFactory(fail_start=True))
    with pytest.raises(DotterelError) as caught:
        list(run)
    assert caught.value.code == "E601"
    assert "stand-in-model" in caught.value.message
    assert all(s.ended is not None or s.tasks == 0 for s in run.stats)


def test_input_is_read_as_the_work_goes(config) -> None:
    pulled = 0

    def endless() -> Iterator[Article]:
        nonlocal pulled
        for article in generated_articles(10**9):
            pulled += 1
            yield article

    run = code_parallel(endless(), workers=2, config=config, coder_factory=StandInFactory(delay=0.001))
    first = list(itertools.islice(run, 10))
    run.close()
    assert _ids(first) == [f"gen-{i:07d}" for i in range(10)]
    # at most workers * prefetch + 1 chunks in flight, plus the one being read
    assert pulled <= (2 * 2 + 1 + 1) * config.batch_size + 10


@pytest.mark.parametrize(
    ("options", "option"),
    [
        ({"workers": 0}, "workers"),
        ({"workers": 2, "batch_size": 0}, "batch_size"),
        ({"workers": 2, "start_method": "fork"}, "start_method"),
        ({"workers": 2, "timeout": 0}, "timeout"),
    ],
)
def test_bad_options_are_coded_errors(config, options, option) -> None:
    with pytest.raises(DotterelError) as caught:
        code_parallel([], config=config, **options)
    assert caught.value.code == "E600" and option in caught.value.message


def test_a_factory_that_cannot_travel_is_refused(config) -> None:
    with pytest.raises(DotterelError) as caught:
        code_parallel([], workers=2, config=config, coder_factory=lambda c: StandInFactory()(c))
    assert caught.value.code == "E610"


def test_forkserver_start_method(config) -> None:
    articles = list(generated_articles(9))
    outcomes = list(
        code_parallel(articles, workers=2, config=config, start_method="forkserver", coder_factory=StandInFactory())
    )
    assert _ids(outcomes) == [a.id for a in articles]


def test_workers_do_not_learn_people_within_a_run(config) -> None:
    """Coding must not depend on which worker codes an article (nor on retries)."""
    assert config.learn_people
    coder = ParallelCoder(config, workers=2)
    assert coder.config.learn_people is False
    assert coder.config.replace(learn_people=True) == config


def test_parallel_coder_codes_a_small_input_in_this_process(config) -> None:
    with ParallelCoder(config, workers=2, coder_factory=StandInFactory()) as coder:
        outcomes = list(coder.code_many(generated_articles(config.batch_size)))
        assert {_pid(o) for o in outcomes} == {os.getpid()}
        assert coder.stats == []  # no worker was started
        outcomes = list(coder.code_many(generated_articles(3 * config.batch_size)))
        assert os.getpid() not in {_pid(o) for o in outcomes}
        # the workers stay for the next call
        again = list(coder.code_many(generated_articles(2)))
        assert os.getpid() not in {_pid(o) for o in again}
        assert len(coder.stats) == 2


def test_parallel_coder_feeds_ingestion(config, tmp_path: Path) -> None:
    from dotterel.ingest import IngestOptions, ingest

    articles = list(generated_articles(25))
    write_jsonl(tmp_path / "news.jsonl", [*articles, articles[3]])  # the last line copies the 4th
    with ParallelCoder(config, workers=2, coder_factory=StandInFactory(), inprocess_below=0) as coder:
        run = ingest([tmp_path / "news.jsonl"], coder=coder, options=IngestOptions(detect_language=False))
        outcomes = list(run)
    assert [o.origin for o in outcomes] == [f"{tmp_path / 'news.jsonl'}:{i}" for i in range(1, 27)]
    assert [o.status for o in outcomes] == ["coded"] * 25 + ["duplicate"]
    assert outcomes[-1].duplicate_of == articles[3].id
    report = run.report
    assert (report.documents, report.coded, report.duplicate_count, report.failed_count) == (26, 25, 1, 0)


def test_the_real_pipeline_in_two_workers_codes_like_one_process(coder) -> None:
    """Two workers with the real model give the records one process gives (without in-run learning)."""
    from dotterel.pipeline import Coder
    from dotterel.samples import sample_articles

    articles = list(sample_articles())
    expected = list(Coder(coder.config.replace(learn_people=False)).code_many(articles))
    run = code_parallel(articles, workers=2, config=coder.config.replace(batch_size=3))
    outcomes = list(run)
    assert [o.status for o in outcomes] == [o.status for o in expected]
    assert [o.coded for o in outcomes] == [o.coded for o in expected]
    assert sorted(s.articles > 0 for s in run.stats) == [True, True]
    assert all(0 < s.peak_rss_mb < 1024 for s in run.stats)
