"""``dotterel eval``: gold in, scores out (a stand-in coder, and once the real one)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

import pytest
from click.testing import CliRunner

from dotterel.cli import eval as eval_cli
from dotterel.cli import main
from dotterel.records import Actor, Article, CodedArticle, Event, Outcome, Span

TEXT = "Israel and the United States were again on the phone on Monday."
GOLD = [
    {"id": "one", "published": "2024-10-01", "title": "Call", "text": TEXT,
     "events": [{"type": "CONSULT", "actor": ["ISR"], "recipient": ["USA"], "symmetric": True,
                 "date": None, "evidence": "were again on the phone"}],
     "counts": [{"number": 3}]},
    {"id": "two", "published": None, "text": "Hungary and Romania agreed to cooperate.",
     "events": [{"type": "AGREE", "actor": ["HUN", "ROU"], "recipient": []}]},
]


def _actor(name: str, country: str) -> Actor:
    return Actor(text=name, span=Span(0, 1), name=name, country=country)


class FakeCoder:
    """Codes article "one" right, fails on anything else; remembers what it was given."""

    def __init__(self) -> None:
        self.seen: list[Article] = []

    def code_many(self, articles: Iterable[Article]) -> Iterator[Outcome]:
        for article in articles:
            self.seen.append(article)
            if article.id != "one":
                yield Outcome(status="failed", article=article, reason="boom", stage="events")
                continue
            start = article.text.index("were again")
            event = Event(
                id="e1", type="CONSULT", cameo="040", quad_class=1, intensity=1.0,
                trigger=Span(start, start + 23), trigger_text="were again on the phone", sentence=0,
                actors=(_actor("Israel", "ISR"),), recipients=(_actor("United States", "USA"),),
            )
            yield Outcome(status="coded", article=article, coded=CodedArticle(article=article, events=(event,)))


@pytest.fixture
def coder(monkeypatch) -> FakeCoder:
    fake = FakeCoder()
    monkeypatch.setattr(eval_cli, "_make_coder", lambda: fake)
    return fake


@pytest.fixture
def gold_file(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(g) + "\n" for g in GOLD), encoding="utf-8")
    return path


def test_json_output(coder, gold_file):
    result = CliRunner().invoke(main, ["eval", str(gold_file), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == ["articles", "events", "per_type", "quotes", "counts", "misses", "false_positives"]
    assert data["articles"] == 2
    events = data["events"]
    assert (events["must"], events["found"], events["coded"], events["correct"]) == (2, 1, 1, 1)
    assert events["must_recall"] == 0.5 and events["precision"] == 1.0
    assert data["counts"] == {"must": 1, "found": 0, "recall": 0.0}
    assert data["quotes"] == {"must": 0, "found": 0, "recall": None}
    (miss,) = data["misses"]
    assert miss["article"] == "two" and "boom" in miss["why"]
    # the coder got the gold's metadata
    first = coder.seen[0]
    assert (first.id, first.title, str(first.published)) == ("one", "Call", "2024-10-01")
    assert first.origin == f"{gold_file}:1"


def test_text_output(coder, gold_file):
    result = CliRunner().invoke(main, ["eval", str(gold_file)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("dotterel eval: 2 articles (locations scored)")
    assert "NOT CODED (1)" in result.stdout and "failed at events: boom" in result.stdout


def test_only(coder, gold_file):
    result = CliRunner().invoke(main, ["eval", str(gold_file), "--json", "--only", "one"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["articles"] == 1 and [a.id for a in coder.seen] == ["one"]
    both = CliRunner().invoke(main, ["eval", str(gold_file), "--json", "--only", "one,two"])
    assert json.loads(both.stdout)["articles"] == 2


def test_only_unknown_id_is_a_clean_error(coder, gold_file):
    result = CliRunner().invoke(main, ["eval", str(gold_file), "--only", "nope"])
    assert result.exit_code == 2 and "[E300]" in result.stderr and "nope" in result.stderr
    assert "Traceback" not in result.output and coder.seen == []


def test_bad_gold_is_a_clean_error(coder, tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(GOLD[0]) + "\n" + '{"id": "x", "text": "t", "events": [{"type": "FIGHT"}]}\n')
    result = CliRunner().invoke(main, ["eval", str(path)])
    assert result.exit_code == 2 and "[E008]" in result.stderr and "line 2" in result.stderr
    assert coder.seen == []


def test_ignore_location_flag(coder, tmp_path):
    gold = dict(GOLD[0], events=[dict(GOLD[0]["events"][0], location={"name": "X", "lat": 1.0, "lon": 1.0, "km": 5})])
    path = tmp_path / "loc.jsonl"
    path.write_text(json.dumps(gold) + "\n")
    scored = json.loads(CliRunner().invoke(main, ["eval", str(path), "--json"]).stdout)
    ignored = json.loads(CliRunner().invoke(main, ["eval", str(path), "--json", "--ignore-location"]).stdout)
    assert scored["events"]["found"] == 0 and ignored["events"]["found"] == 1


def _real_coder_missing() -> str | None:
    try:
        from dotterel.pipeline import Coder  # noqa: F401
    except ImportError as exc:
        return f"dotterel.pipeline.Coder is not importable yet ({exc})"
    return None


@pytest.mark.skipif(_real_coder_missing() is not None, reason=str(_real_coder_missing()))
def test_end_to_end_with_the_real_coder(gold_file):
    result = CliRunner().invoke(main, ["eval", str(gold_file), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["articles"] == 2 and data["events"]["must"] == 2
    assert data["events"]["coded"] >= 0 and isinstance(data["misses"], list)


def test_progress_bar_on_stderr_when_it_is_a_terminal(coder, gold_file, monkeypatch):
    monkeypatch.setattr(eval_cli, "stdout_is_terminal", lambda: True)
    result = CliRunner().invoke(main, ["eval", str(gold_file), "--json"])
    assert result.exit_code == 0, result.output
    assert "coding" in result.stderr and json.loads(result.stdout)["articles"] == 2
