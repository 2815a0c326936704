"""Scoring rules of FORMAT.md, on hand-made coded articles."""

from __future__ import annotations

import dataclasses

import pytest

from dotterel.evaluate import haversine_km, score
from dotterel.records import Modality, Span


def _one(build, gold_events, *events, ignore_location=False, **coded):
    gold = build.gold(*gold_events)
    return score([gold], {"a1": build.coded(*events, **coded)}, ignore_location=ignore_location)


# -- events: full matches --------------------------------------------------------------


def test_perfect_match(build):
    report = _one(build, [build.gold_event()], build.event())
    assert (report.events_must, report.events_found, report.events_coded, report.events_correct) == (1, 1, 1, 1)
    assert report.must_recall == report.precision == report.f1 == 1.0
    assert report.type_recall == report.type_precision == 1.0
    assert report.misses == () and report.false_positives == ()
    assert report.hypothetical_leaks == 0


def test_actor_mismatch_is_a_miss_and_a_false_positive_but_type_only_right(build):
    egypt = build.actor("Egypt", "EGY")
    report = _one(build, [build.gold_event()], build.event(actors=(egypt,)))
    assert report.events_found == 0 and report.events_correct == 0
    assert report.must_recall == 0.0 and report.precision == 0.0 and report.f1 == 0.0
    assert report.type_recall == 1.0 and report.type_precision == 1.0
    (miss,) = report.misses
    assert miss.type == "CONSULT" and "actors differ" in miss.why and "Egypt [EGY]" in miss.why
    (fp,) = report.false_positives
    assert fp.actors == ("Egypt [EGY]",) and fp.evidence == "were again on the phone"
    assert not fp.hypothetical_leak


def test_recipient_mismatch(build):
    report = _one(build, [build.gold_event()], build.event(recipients=(build.actor("Iran", "IRN"),)))
    assert report.events_found == 0


def test_actor_matches_by_name_and_alias_ignoring_case(build):
    gold = [build.gold_event("ASSAULT", actor=["ISR"], recipient=["HEZBOLLAH"])]
    by_name = build.event("ASSAULT", recipients=(build.actor("Hezbollah", "LBN"),))
    assert _one(build, gold, by_name).events_found == 1
    by_alias = build.event("ASSAULT", recipients=(build.actor("Party of God", None, aliases=("hezbollah",)),))
    assert _one(build, gold, by_alias).events_found == 1
    neither = build.event("ASSAULT", recipients=(build.actor("Amal", "LBN"),))
    assert _one(build, gold, neither).events_found == 0


def test_any_coded_actor_may_match_any_identifier(build):
    gold = [build.gold_event(actor=["HAMAS", "PSE"])]
    event = build.event(actors=(build.actor("Gaza", None), build.actor("Palestinians", "PSE")))
    assert _one(build, gold, event).events_found == 1


def test_symmetric_swap(build):
    swapped = build.event(actors=(build.actor("United States", "USA"),), recipients=(build.actor(),))
    assert _one(build, [build.gold_event(symmetric=True)], swapped).events_found == 1
    assert _one(build, [build.gold_event(symmetric=False)], swapped).events_found == 0
    assert _one(build, [build.gold_event()], swapped).events_found == 0


def test_empty_recipient_matches_anything_including_none(build):
    gold = [build.gold_event(recipient=[])]
    assert _one(build, gold, build.event(recipients=())).events_found == 1
    assert _one(build, gold, build.event(recipients=(build.actor("Iran", "IRN"),))).events_found == 1


def test_empty_actor_matches_anything(build):
    gold = [build.gold_event(actor=[])]
    assert _one(build, gold, build.event(actors=())).events_found == 1
    assert _one(build, gold, build.event(actors=(build.actor("Iran", "IRN"),))).events_found == 1


def test_types_ok(build):
    gold = [build.gold_event("ASSAULT", types_ok=["ASSAULT", "COERCE"])]
    report = _one(build, gold, build.event("COERCE"))
    assert report.events_found == 1 and report.events_correct == 1
    assert report.type_score("ASSAULT").must == 1 and report.type_score("ASSAULT").found == 1
    assert report.type_score("COERCE").coded == 1 and report.type_score("COERCE").correct == 1
    wrong = _one(build, gold, build.event("PROTEST"))
    assert wrong.events_found == 0 and wrong.type_found == 0 and wrong.type_correct == 0
    assert "no asserted ASSAULT/COERCE event" not in wrong.misses[0].why  # actors match: says so
    assert "type differs" in wrong.misses[0].why


@pytest.mark.parametrize(
    ("start", "end", "found"),
    [
        ("2024-10-01", None, True),  # a single day inside
        ("2024-09-30", "2024-10-01", True),  # the whole range
        ("2024-10-02", None, False),  # after
        ("2024-09-29", None, False),  # before
        ("2024-09-29", "2024-10-01", False),  # partly outside: does not match
        ("2024-10-01", "2024-10-03", False),  # partly outside at the end
        (None, None, True),  # a date without a start is not scored
    ],
)
def test_date_inside_the_gold_range(build, start, end, found):
    gold = [build.gold_event(date="2024-09-30..2024-10-01")]
    report = _one(build, gold, build.event(date=build.days(start, end)))
    assert report.events_found == int(found)
    if not found:
        assert "not inside 2024-09-30..2024-10-01" in report.misses[0].why


def test_date_not_scored_when_either_side_has_none(build):
    assert _one(build, [build.gold_event(date="2024-10-01")], build.event(date=None)).events_found == 1
    assert _one(build, [build.gold_event(date=None)], build.event(date=build.days("1999-01-01"))).events_found == 1


def test_single_gold_day(build):
    gold = [build.gold_event(date="2023-10-07")]
    assert _one(build, gold, build.event(date=build.days("2023-10-07"))).events_found == 1
    assert _one(build, gold, build.event(date=build.days("2023-10-08"))).events_found == 0


TEL_AVIV = {"name": "Tel Aviv", "lat": 32.08, "lon": 34.78, "km": 30}


def test_haversine():
    assert haversine_km(0, 0, 0, 0) == 0
    assert haversine_km(32.08, 34.78, 31.77, 35.21) == pytest.approx(53.7, abs=1.0)  # Tel Aviv - Jerusalem


def test_location_within_km(build):
    gold = [build.gold_event(location=TEL_AVIV)]
    near = build.event(location=build.place("Tel Aviv", 32.07, 34.79))
    assert _one(build, gold, near).events_found == 1


def test_location_outside_km(build):
    gold = [build.gold_event(location=TEL_AVIV)]
    far = build.event(location=build.place("Jerusalem", 31.77, 35.21))
    report = _one(build, gold, far)
    assert report.events_found == 0 and report.events_correct == 0
    assert "Jerusalem" in report.misses[0].why and "limit 30 km" in report.misses[0].why
    assert _one(build, gold, far, ignore_location=True).events_found == 1


def test_location_missing_or_without_coordinates_does_not_match(build):
    gold = [build.gold_event(location=TEL_AVIV)]
    assert _one(build, gold, build.event(location=None)).events_found == 0
    assert _one(build, gold, build.event(location=build.place("Tel Aviv", None, None))).events_found == 0
    assert _one(build, gold, build.event(location=None), ignore_location=True).events_found == 1


def test_gold_location_without_coordinates_is_not_scored(build):
    gold = [build.gold_event(location={"name": "Kabul"})]
    assert _one(build, gold, build.event(location=None)).events_found == 1


def test_type_only_keeps_date_rule(build):
    gold = [build.gold_event(date="2024-10-01")]
    report = _one(build, gold, build.event(actors=(build.actor("Iran", "IRN"),), date=build.days("2020-01-01")))
    assert report.type_found == 0 and report.type_correct == 0


# -- modality and hypothetical leaks ----------------------------------------------------------

TRAP = {"type": "ASSAULT", "actor": ["IRN"], "recipient": ["ISR"], "date": None, "asserted": False,
        "evidence": "Iran may launch an attack on Israel", "note": "HYPOTHETICAL"}


def _iran_attack(build, modality=Modality.ASSERTED):
    return build.event(
        "ASSAULT", (build.actor("Iran", "IRN"),), (build.actor(),), id="e9", modality=modality,
        trigger="launch an attack",
    )


def test_hypothetical_leak(build):
    report = _one(build, [TRAP], _iran_attack(build))
    assert report.hypothetical_leaks == 1
    assert report.events_must == 0 and report.must_recall is None
    assert report.events_coded == 1 and report.events_correct == 0 and report.precision == 0.0
    (fp,) = report.false_positives
    assert fp.hypothetical_leak and report.leaks == (fp,)
    assert "asserted: false" in fp.why and "Iran may launch an attack on Israel" in fp.why
    assert fp.sentence == "Iran may launch an attack on Israel."


def test_trap_with_must_false_is_still_checked(build):
    report = _one(build, [dict(TRAP, must=False)], _iran_attack(build))
    assert report.hypothetical_leaks == 1


def test_unasserted_coded_events_are_ignored(build):
    report = _one(build, [TRAP], _iran_attack(build, Modality.HYPOTHETICAL))
    assert report.hypothetical_leaks == 0 and report.events_coded == 0 and report.false_positives == ()
    assert report.precision is None

    negated = build.event(modality=Modality.NEGATED)
    report = _one(build, [build.gold_event()], negated)
    assert report.events_found == 0 and report.events_coded == 0
    assert "coded only as negated" in report.misses[0].why


def test_event_matching_a_real_gold_event_and_a_trap_is_correct(build):
    real = {"type": "ASSAULT", "actor": ["IRN"], "recipient": ["ISR"], "must": False}
    report = _one(build, [TRAP, real], _iran_attack(build))
    assert report.events_correct == 1 and report.hypothetical_leaks == 0 and report.false_positives == ()


# -- recall and precision bookkeeping ----------------------------------------------------------


def test_precision_counts_matches_with_must_false_events(build):
    gold = [build.gold_event(), build.gold_event("SUPPORT", actor=["USA"], recipient=["ISR"], must=False)]
    support = build.event("SUPPORT", (build.actor("United States", "USA"),), (build.actor(),), id="e2")
    report = _one(build, gold, build.event(), support)
    assert report.events_must == 1 and report.events_found == 1
    assert report.events_coded == 2 and report.events_correct == 2


def test_one_coded_event_may_find_several_gold_events(build):
    gold = [build.gold_event(), build.gold_event(evidence="again on the phone")]
    report = _one(build, gold, build.event())
    assert report.events_must == 2 and report.events_found == 2 and report.events_coded == 1


def test_null_ratios(build):
    report = score([build.gold()], {"a1": build.coded()})
    assert report.articles == 1
    assert report.must_recall is None and report.precision is None and report.f1 is None
    assert report.type_recall is None and report.type_precision is None
    assert report.quote_recall is None and report.count_recall is None
    data = report.to_dict()
    assert data["events"]["must_recall"] is None and data["events"]["f1"] is None
    assert data["per_type"]["AGREE"] == {
        "must": 0, "found": 0, "recall": None, "coded": 0, "correct": 0, "precision": None
    }
    assert data["quotes"]["recall"] is None and data["counts"]["recall"] is None


def test_f1_null_when_only_one_side_defined(build):
    report = _one(build, [build.gold_event()])  # nothing coded: recall 0, precision null
    assert report.must_recall == 0.0 and report.precision is None and report.f1 is None


def test_missing_article_counts_its_must_events_as_misses(build):
    gold = build.gold(
        build.gold_event(evidence="were again on the phone"),
        build.gold_event(must=False),
        quotes=[{"starts": "These ground operations", "speaker": ["Gallant"]}],
        counts=[{"number": 63500}],
    )
    report = score([gold], {}, failed={"a1": "failed at dates: boom"})
    assert report.events_must == 1 and report.events_found == 0 and report.precision is None
    assert report.quotes_must == 1 and report.counts_must == 1 and report.quotes_found == 0
    assert report.uncoded == (("a1", "failed at dates: boom"),)
    (miss,) = report.misses
    assert miss.why == "article not coded: failed at dates: boom"
    assert miss.sentence and miss.sentence.startswith("Israeli Defense Minister")


def test_coded_articles_not_in_gold_are_ignored(build):
    report = score([build.gold(build.gold_event())], {"a1": build.coded(build.event()),
                                                      "zz": build.coded(build.event(), article_id="zz")})
    assert report.articles == 1 and report.events_coded == 1


def test_per_type_counts_gold_type_for_recall_and_coded_type_for_precision(build):
    gold = [build.gold_event("ASSAULT", actor=["ISR"], recipient=["USA"])]
    report = _one(build, gold, build.event("CONSULT"))
    assert report.type_score("ASSAULT").must == 1 and report.type_score("ASSAULT").found == 0
    assert report.type_score("CONSULT").coded == 1 and report.type_score("CONSULT").correct == 0
    assert report.type_score("CONSULT").must == 0


# -- quotes and counts -----------------------------------------------------------------------


def test_quote_found_ignoring_marks_space_and_case(build):
    gold = build.gold(quotes=[{"starts": "These ground operations build", "speaker": ["Gallant"]}])
    quote = build.quote("“these  ground\noperations build on the recent measures,”", build.actor("Yoav Gallant", "ISR"))
    report = score([gold], {"a1": build.coded(quotes=(quote,))})
    assert (report.quotes_must, report.quotes_found, report.quote_recall) == (1, 1, 1.0)


def test_quote_speaker_by_text_or_title(build):
    gold = build.gold(quotes=[{"starts": "These ground", "speaker": ["defense secretary"]}])
    speaker = build.actor("Lloyd Austin", "USA", title="US Defense Secretary")
    report = score([gold], {"a1": build.coded(quotes=(build.quote("These ground", speaker),))})
    assert report.quotes_found == 1


def test_quote_wrong_speaker_or_words(build):
    gold = build.gold(quotes=[{"starts": "These ground operations", "speaker": ["Gallant"]}])
    wrong_speaker = build.quote("These ground operations build", build.actor("Lloyd Austin", "USA"))
    no_speaker = build.quote("These ground operations build")
    wrong_words = build.quote("Those ground operations", build.actor("Gallant", "ISR"))
    report = score([gold], {"a1": build.coded(quotes=(wrong_speaker, no_speaker, wrong_words))})
    assert report.quotes_found == 0 and report.quote_recall == 0.0
    assert "speaker is 'Lloyd Austin'" in report.quote_misses[0].why


def test_quote_empty_speaker_list_accepts_anyone_and_must_false_is_not_counted(build):
    gold = build.gold(quotes=[{"starts": "These ground", "speaker": []},
                              {"starts": "Something else", "speaker": ["X"], "must": False}])
    report = score([gold], {"a1": build.coded(quotes=(build.quote("These ground ops"),))})
    assert (report.quotes_must, report.quotes_found) == (1, 1)


def test_counts(build):
    gold = build.gold(counts=[{"number": 63500, "about": "evacuated"}, {"number": 7, "must": False}])
    found = score([gold], {"a1": build.coded(counts=(build.count(63500),))})
    assert (found.counts_must, found.counts_found, found.count_recall) == (1, 1, 1.0)
    missed = score([gold], {"a1": build.coded(counts=(build.count(63000),))})
    assert missed.counts_found == 0 and "63,000" in missed.count_misses[0].why


def test_miss_sentence_uses_the_coders_sentences_and_shows_short_texts_whole(build):
    gold = build.gold(build.gold_event("SUPPORT", evidence="were again on the phone"), build.gold_event("AGREE"))
    whole = Span(0, len(build.text))
    coded = dataclasses.replace(build.coded(), sentences=(whole,))
    with_evidence, without = score([gold], {"a1": coded}).misses
    assert with_evidence.sentence == " ".join(build.text.split())  # the coder's one sentence
    assert without.evidence is None and without.sentence == " ".join(build.text.split())  # short: shown whole
