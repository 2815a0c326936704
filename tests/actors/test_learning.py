"""People learned from titles, dated offices, compound actors, affiliations (issue 5, actors)."""

import datetime as dt

from dotterel.pipeline import Coder
from dotterel.records import Article


def _actors(coded):
    return [(e.type, [(a.name, a.country, a.sectors) for a in e.actors]) for e in coded.events]


def test_a_person_introduced_with_a_title_is_known_by_surname_later(coder: Coder):
    first = Article(text="Kenyan Interior Minister Wanjiru Kamau met Ugandan officials in Kampala on Monday.",
                    published=dt.date(2024, 10, 1), id="learn-1")
    later = Article(text="Kamau criticised Tanzania on Tuesday.", published=dt.date(2024, 10, 8), id="learn-2")
    outcomes = list(coder.code_many([first, later]))
    people = outcomes[0].coded.people
    assert [(p.name, p.country, p.title) for p in people] == [("Wanjiru Kamau", "KEN", "Interior Minister")]
    assert people[0].span.of(first.text) == "Kenyan Interior Minister Wanjiru Kamau"
    assert _actors(outcomes[1].coded) == [("ACCUSE", [("Wanjiru Kamau", "KEN", ("GOV",))])]
    learned = [(office.name, article, words) for office, article, words in coder.learned.drain()]
    assert ("Wanjiru Kamau", "learn-1", "Kenyan Interior Minister Wanjiru Kamau") in learned


def test_offices_apply_only_inside_their_dates(coder: Coder):
    during = coder.code(Article(text="Gallant criticised Iran on Tuesday.", published=dt.date(2024, 10, 1)))
    after = coder.code(Article(text="Gallant criticised Iran on Tuesday.", published=dt.date(2025, 10, 7)))
    assert _actors(during) == [("ACCUSE", [("Yoav Gallant", "ISR", ("GOV", "MIL"))])]
    assert _actors(after) == [("ACCUSE", [("Yoav Gallant", "ISR", ())])]
    assert after.events[0].actors[0].title.startswith("former")


def test_compound_actors_split_and_groups_keep_their_affiliation(coder: Coder):
    coded = coder.code(Article(text="Russian and Belarusian soldiers held joint drills near Brest. "
                                    "Iran-backed Houthis attacked a cargo ship in the Red Sea.",
                               published=dt.date(2024, 11, 7)))
    countries = [sorted(a.country for a in e.actors) for e in coded.events]
    assert ["BLR", "RUS"] in countries
    houthi = next(e for e in coded.events if e.type == "ASSAULT")
    assert [a.country for a in houthi.actors] == ["YEM"]
