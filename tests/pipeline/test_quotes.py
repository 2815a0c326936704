"""Quotes with their speakers, and counts with what they count."""

import datetime as dt

from dotterel.records import Article


def test_speakers_in_the_usual_forms(coder):
    text = (
        'KYIV (Dotterel Wire) — Ukraine\'s foreign minister Andrii Sybiha spoke on Monday. '
        '"We will not accept any deal about us without us," he said.\n\n'
        'Kremlin spokesman Dmitry Peskov said: "The operation will continue until its goals are met."\n\n'
        '"Talks are the only way forward," according to a statement from the United Nations.'
    )
    coded = coder.code(Article(text=text, published=dt.date(2024, 10, 1)))
    speakers = {q.text.split()[0]: q.speaker.name if q.speaker else None for q in coded.quotes}
    assert "Sybiha" in speakers["We"]
    assert "Peskov" in speakers["The"]
    assert speakers["Talks"] == "United Nations"  # "a statement from the United Nations"
    for quote in coded.quotes:
        assert quote.span.of(text) == quote.text


def test_counts_and_what_they_count(coder):
    text = (
        "At least 23 people were shot dead by police and more than 300 were injured, the association said. "
        "Some 1,200 residents were evacuated, and rights groups said 50 people had been arrested. "
        "The rebels still hold at least 30 hostages. Hospitals reported 120 wounded."
    )
    coded = coder.code(Article(text=text, published=dt.date(2024, 6, 27)))
    found = {(c.number, c.about) for c in coded.counts}
    assert {(23, "killed"), (1200, "evacuated"), (50, "arrested"), (30, "hostages"), (120, "injured")} <= found
    qualifiers = {c.number: c.qualifier for c in coded.counts}
    assert qualifiers[23] == "at least" and qualifiers[1200] == "some"


def test_years_and_dates_are_not_counts(coder):
    coded = coder.code(Article(text="Hamas attacked Israel on October 7, 2023, killing 1,200 people.",
                               published=dt.date(2024, 10, 1)))
    assert [(c.number, c.about) for c in coded.counts] == [(1200, "killed")]
