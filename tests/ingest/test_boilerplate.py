"""The boilerplate line filter: page furniture goes, story lines stay."""

from __future__ import annotations

import pytest

from dotterel.ingest._boilerplate import (
    byline_authors,
    filter_boilerplate,
    is_boilerplate_line,
)

FURNITURE = [
    "Share this article",
    "Share on Facebook",
    "Advertisement",
    "Related: Drought forces new limits on irrigation",
    "Read more: Talks stall over quotas",
    "READ MORE: Ceasefire collapses",
    "Also on example.com Journalists threatened with arrest",
    "You may also like...",
    "Subscribe to our newsletter for the latest news.",
    "Sign up for our free morning newsletter to get the day's top stories in your inbox.",
    "Follow us on Twitter and Facebook.",
    "Follow Jane Doe on Twitter.",
    "Like this story? Share it with a friend!",
    "We use cookies to improve your experience. Accept cookies",
    "© 2024 The Coastal Herald. All rights reserved.",
    "Copyright 2024 Meridian Wire",
    "This copy is for your personal, non-commercial use only.",
    "(Reporting by Ana Ferreira; Editing by Mark Olsen)",
    "Associated Press writers in London contributed to this report.",
    "Photo: Coastal Herald archive",
    "Boats in the harbour (credit: city archive)",
    "By Ana Lucia Ferreira",
    "By Priya Natarajan, Transport Correspondent",
    "Updated at 1:23 p.m.",
    "Published: 5 March 2024 10:42",
    "jane.doe@paper.example",
    "https://paper.example/newsletters",
    "Write to Jane Doe at jane.doe@paper.example",
    "Follow AP's full coverage of the talks at https://apnews.example/talks",
    "China furious at new tariffs [INSIGHT]",
    "3 min read",
    "Tags:",
    "The post Harbour talks resume appeared first on The Coastal Herald.",
]

STORY = [
    "Disney's tech teams isolated the problem and continued to sign up additional subscribers throughout the week.",
    "Morrison testified that he did not always follow through on suggestions from the ambassador.",
    "The governor would like us to know that the state is on the case.",
    "Fishing ministers from both coasts met in Valletta on Tuesday to restart talks.",
    "By the end of the day, more than 4,000 workers had joined the strike.",
    "Police said the protest ended peacefully after about an hour.",
    '"We have come back to the table," one of the ministers told reporters.',
    "The union said it would share the proposal with its members before a vote on Friday.",
    "Shares in the company fell 4% on Tuesday after the results were published.",
]


@pytest.mark.parametrize("line", FURNITURE)
def test_furniture_is_recognised(line):
    assert is_boilerplate_line(line)


@pytest.mark.parametrize("line", STORY)
def test_story_lines_are_kept(line):
    assert not is_boilerplate_line(line)


def test_long_lines_are_never_dropped():
    line = "Subscribe " + "word " * 60
    assert not is_boilerplate_line(line)


def test_the_repeated_headline_and_teaser_lists_go():
    lines = [
        "Harbour talks resume in Valletta",
        "Fishing ministers met on Tuesday.",
        "Related stories",
        "Quota row deepens as talks stall",
        "Fishermen block the harbour mouth",
        "Officials said a further meeting is planned for April.",
        "Related: Drought forces new limits",
        "- Reservoir falls to record low",
        "The last line of the story.",
    ]
    kept = filter_boilerplate(lines, title="Harbour talks resume in Valletta")
    assert kept == [
        "Fishing ministers met on Tuesday.",
        "Officials said a further meeting is planned for April.",
        "The last line of the story.",
    ]


def test_a_lead_paragraph_like_the_description_stays():
    lines = ["Chelsea have this morning paid the fee to secure the signing of the keeper", "More text."]
    assert filter_boilerplate(lines, title="Breaking: Chelsea sign keeper", description=lines[0]) == lines


@pytest.mark.parametrize(
    ("lines", "authors"),
    [
        (["By Ana Lucia Ferreira"], ("Ana Lucia Ferreira",)),
        (["Headline", "by Maria Camilleri and Tom Reyes · March 5"], ("Maria Camilleri", "Tom Reyes")),
        (["By Priya Natarajan, Transport Correspondent"], ("Priya Natarajan",)),
        (["By Staff Writer"], ()),
        (["By the way, this is a sentence that goes on and on."], ()),
    ],
)
def test_byline_authors(lines, authors):
    assert byline_authors(lines) == authors
