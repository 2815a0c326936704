"""The report: the --json object key for key as FORMAT.md gives it, and the text for people."""

from __future__ import annotations

import json

from dotterel.evaluate import EvalReport, format_text, score
from dotterel.records import PLOVER_TYPES

TRAP = {"type": "ASSAULT", "actor": ["IRN"], "recipient": ["ISR"], "date": None, "asserted": False,
        "evidence": "Iran may launch an attack on Israel"}


def _mixed(build) -> EvalReport:
    gold = build.gold(
        build.gold_event(evidence="were again on the phone", date="2024-10-01"),
        build.gold_event("SUPPORT", actor=["USA"], recipient=["ISR"], evidence="At least 63,500 Israelis"),
        TRAP,
        quotes=[{"starts": "These ground operations", "speaker": ["Gallant"]}],
        counts=[{"number": 63500}],
    )
    leak = build.event("ASSAULT", (build.actor("Iran", "IRN"),), (build.actor(),), id="e2",
                       trigger="launch an attack")
    coded = build.coded(build.event(date=build.days("2024-10-01")), leak, counts=(build.count(63500),))
    return score([gold], {"a1": coded})


def test_json_keys_exactly_as_format_md(build):
    data = _mixed(build).to_dict()
    assert list(data) == ["articles", "events", "per_type", "quotes", "counts", "misses", "false_positives"]
    assert list(data["events"]) == [
        "must", "found", "must_recall", "coded", "correct", "precision", "f1",
        "type_recall", "type_precision", "hypothetical_leaks",
    ]
    assert list(data["per_type"]) == list(PLOVER_TYPES)
    for scores in data["per_type"].values():
        assert list(scores) == ["must", "found", "recall", "coded", "correct", "precision"]
    assert list(data["quotes"]) == ["must", "found", "recall"]
    assert list(data["counts"]) == ["must", "found", "recall"]
    json.dumps(data)  # plain JSON


def test_json_values(build):
    data = _mixed(build).to_dict()
    assert data["articles"] == 1
    assert data["events"] == {
        "must": 2, "found": 1, "must_recall": 0.5, "coded": 2, "correct": 1, "precision": 0.5, "f1": 0.5,
        "type_recall": 0.5, "type_precision": 0.5, "hypothetical_leaks": 1,
    }
    assert data["per_type"]["CONSULT"] == {"must": 1, "found": 1, "recall": 1.0, "coded": 1, "correct": 1,
                                           "precision": 1.0}
    assert data["per_type"]["ASSAULT"]["coded"] == 1 and data["per_type"]["ASSAULT"]["precision"] == 0.0
    assert data["quotes"] == {"must": 1, "found": 0, "recall": 0.0}
    assert data["counts"] == {"must": 1, "found": 1, "recall": 1.0}
    (miss,) = data["misses"]
    assert miss["article"] == "a1" and miss["type"] == "SUPPORT"
    assert miss["actors"] == ["USA"] and miss["recipients"] == ["ISR"]
    assert miss["evidence"] == "At least 63,500 Israelis"
    assert miss["sentence"] == "At least 63,500 Israelis were evacuated."
    (fp,) = data["false_positives"]
    assert fp["article"] == "a1" and fp["type"] == "ASSAULT" and fp["hypothetical_leak"] is True
    assert fp["actors"] == ["Iran [IRN]"] and fp["recipients"] == ["Israel [ISR]"]
    assert fp["evidence"] == "launch an attack" and fp["sentence"] == "Iran may launch an attack on Israel."


def test_ratios_are_rounded():
    report = EvalReport(events_must=3, events_found=1, events_coded=3, events_correct=2)
    events = report.to_dict()["events"]
    assert events["must_recall"] == 0.3333 and events["precision"] == 0.6667 and events["f1"] == 0.4444


def test_text_lists_misses_false_positives_and_flags_leaks(build):
    text = format_text(_mixed(build))
    assert text.startswith("dotterel eval: 1 article (locations scored)")
    assert "!!! HYPOTHETICAL LEAKS: 1" in text
    assert "MISSES (1)" in text and "FALSE POSITIVES (1)" in text
    assert 'evidence: "At least 63,500 Israelis"' in text
    assert 'sentence: "At least 63,500 Israelis were evacuated."' in text
    assert '"launch an attack"' in text and "!!! HYPOTHETICAL LEAK" in text
    assert "QUOTE MISSES (1)" in text and "These ground operations" in text
    summary = text.split("\n\n")[1].splitlines()
    assert summary[1].split() == ["events", "2", "1", "0.500", "2", "1", "0.500", "0.500"]
    assert summary[3].split() == ["quotes", "1", "0", "0.000"]
    per_type = [line for line in text.splitlines() if line.startswith("ASSAULT ")]
    assert per_type and per_type[0].split()[1:4] == ["0", "0", "-"]  # no must ASSAULT: recall null


def test_text_with_no_leaks_and_null_ratios(build):
    text = format_text(score([build.gold()], {"a1": build.coded()}))
    assert "hypothetical leaks: 0" in text and "!!!" not in text
    assert "MISSES (0)" in text and "FALSE POSITIVES (0)" in text
    assert text.split("\n\n")[1].splitlines()[1].split() == ["events", "0", "0", "-", "0", "0", "-", "-"]


def test_text_names_uncoded_articles(build):
    gold = build.gold(build.gold_event())
    text = format_text(score([gold], {}, failed={"a1": "failed: spaCy exploded"}))
    assert "NOT CODED (1)" in text and "[a1] failed: spaCy exploded" in text
    assert "article not coded: failed: spaCy exploded" in text
