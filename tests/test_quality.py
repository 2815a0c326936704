"""The quality gate: `dotterel eval` scores must not fall below the pinned floors.

A file name with "@locations" is scored with its locations (as `dotterel eval` does by
default); the others as with `--ignore-location`.

Floors live in tests/gold/floors.json; they may only rise (raise them when the coder
gets better, never lower them). Scores are computed exactly as `dotterel eval`.
"""

import json
from pathlib import Path

import pytest

from dotterel.evaluate import actor_accuracy, load_gold, score
from dotterel.records import Article

GOLD = Path(__file__).parent / "gold"
FLOORS = json.loads((GOLD / "floors.json").read_text(encoding="utf-8"))


def _report(coder, name: str) -> dict:
    """Scores of one gold file; a name ending in "@locations" is scored with locations."""
    name, _, variant = name.partition("@")
    gold = load_gold(GOLD / name)
    articles = [Article(text=g.text, id=g.id, title=g.title, publisher=g.publisher, published=g.published) for g in gold]
    coded = {o.article.id: o.coded for o in coder.code_many(articles) if o.coded is not None}
    report = score(gold, coded, ignore_location=variant != "locations").to_dict()
    report["actors"] = actor_accuracy(gold, coded).to_dict()
    return report


@pytest.mark.parametrize("name", sorted(FLOORS["files"]))
def test_scores_stay_above_their_floors(coder, name):
    report = _report(coder, name)
    floors = FLOORS["files"][name]
    measured = {
        "must_recall": report["events"]["must_recall"],
        "precision": report["events"]["precision"],
        "type_recall": report["events"]["type_recall"],
        "type_precision": report["events"]["type_precision"],
        "quote_recall": report["quotes"]["recall"],
        "count_recall": report["counts"]["recall"],
        "actor_country_accuracy": report["actors"]["country_accuracy"],
        "actor_sector_accuracy": report["actors"]["sector_accuracy"],
    }
    low = {k: (measured[k], v) for k, v in floors.items() if k in measured and (measured[k] or 0.0) < v}
    assert not low, f"{name}: below floor (measured, floor): {low}"
    if "hypothetical_leaks_max" in floors:
        assert report["events"]["hypothetical_leaks"] <= floors["hypothetical_leaks_max"]
