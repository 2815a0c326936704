"""Event coding on real sentences: arguments, voice, nominal events, modality, attribution."""

import datetime as dt

import pytest

from dotterel.records import Article, Modality

TUESDAY = dt.date(2024, 10, 1)


def _events(coder, text, **meta):
    coded = coder.code(Article(text=text, published=meta.pop("published", TUESDAY), **meta))
    return coded, [(e.type, tuple(a.country for a in e.actors), tuple(a.country for a in e.recipients),
                    e.modality.value) for e in coded.events]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Israeli forces raided Hamas positions in Gaza on Monday.", ("ASSAULT", ("ISR",), ("PSE",), "asserted")),
        ("Hamas positions were raided by Israeli forces on Monday.", ("ASSAULT", ("ISR",), ("PSE",), "asserted")),
        ("Egyptian police opened fire on demonstrators in Cairo.", ("ASSAULT", ("EGY",), ("EGY",), "asserted")),
        ("Russia and Ukraine held talks in Istanbul on Monday.", ("CONSULT", ("RUS",), ("UKR",), "asserted")),
        ("Police arrested 12 protesters in Dhaka on Sunday.", ("COERCE", ("BGD",), ("BGD",), "asserted")),
        ("The European Union imposed new sanctions on Belarus on Monday.", ("COERCE", ("IGO",), ("BLR",), "asserted")),
        ("Japan will provide emergency aid to the Philippines.", ("AGREE", ("JPN",), ("PHL",), "asserted")),
        ("Iran threatened to strike Israel.", ("THREATEN", ("IRN",), ("ISR",), "asserted")),
    ],
)
def test_who_did_what_to_whom(coder, text, expected):
    _, events = _events(coder, text)
    assert expected in events, events


def test_the_threatened_act_is_not_asserted(coder):
    _, events = _events(coder, "Iran threatened to strike Israel.")
    assert ("ASSAULT", ("IRN",), ("ISR",), "future") in events
    assert not [e for e in events if e[0] == "ASSAULT" and e[3] == "asserted"]


@pytest.mark.parametrize(
    "text, modality",
    [
        ("Israel did not attack Gaza on Monday.", Modality.NEGATED),
        ("If Iran attacks Israel, the United States will respond.", Modality.CONDITIONAL),
        ("Iran denied attacking the tanker.", Modality.DENIED),
        ("Israel could attack Iran's nuclear sites.", Modality.HYPOTHETICAL),
        ("Russia will attack Kyiv, the official said.", Modality.FUTURE),
    ],
)
def test_modality(coder, text, modality):
    coded, _ = _events(coder, text)
    attacks = [e for e in coded.events if e.type == "ASSAULT"]
    assert attacks and attacks[0].modality is modality, [(e.type, e.modality) for e in coded.events]
    assert attacks[0].modality_cue is not None


def test_reported_events_carry_their_attribution(coder):
    coded, _ = _events(coder, "Hamas fighters attacked an army post near Gaza, the Israeli military said.")
    attack = next(e for e in coded.events if e.type == "ASSAULT")
    assert attack.modality is Modality.ASSERTED
    assert attack.attribution is not None and "military" in attack.attribution.text


def test_nominal_events_with_light_verbs_and_agents(coder):
    text = "Hezbollah launched rocket attacks against Israel. Raids launched by the IDF hit Hezbollah targets."
    _, events = _events(coder, text)
    assert ("ASSAULT", ("LBN",), ("ISR",), "asserted") in events
    assert any(e[0] == "ASSAULT" and e[1] == ("ISR",) for e in events)


def test_coordinated_actors_are_several(coder):
    coded, _ = _events(coder, "Russian and Belarusian troops shelled the village of Hoptivka on Monday.")
    attack = next(e for e in coded.events if e.type == "ASSAULT")
    assert {a.country for a in attack.actors} == {"RUS", "BLR"}
    assert all("MIL" in a.sectors for a in attack.actors)


def test_dates_come_from_the_words_tied_to_the_event(coder):
    coded, _ = _events(coder, "Hamas attacked Israel on October 7, 2023, and Hezbollah joined the next day.")
    dates = sorted(e.date.iso() for e in coded.events if e.type == "ASSAULT")
    assert dates == ["2023-10-07", "2023-10-08"]


def test_no_events_without_an_actor(coder):
    _, events = _events(coder, "At least 28 people were killed in the riots, officials said.")
    assert events == []


def test_ethnic_groups_are_not_the_state_their_name_recalls(coder):
    coded, _ = _events(coder, "Up to 100 ethnic Albanians demonstrated on Tuesday in Serbia, Belgrade radio said.")
    protest = next(e for e in coded.events if e.type == "PROTEST")
    assert [a.country for a in protest.actors] == ["SRB"]


@pytest.mark.parametrize(
    "text, expected",
    [
        # a participle the lexicon lists as a state: the passive subject holds the position
        ("Israel is opposed to French mediation in the talks, an aide said.", ("REJECT", ("ISR",), ("FRA",), "asserted")),
        # the compound names what a frame noun is about ("aid program", "mediation efforts")
        ("The United States suspended part of a military aid program for Bosnia on Friday.",
         ("SANCTION", ("USA",), ("BIH",), "asserted")),
        # a particle the parser calls a preposition: "forced ... out of"
        ("Jakarta forced the UN refugee agency, UNHCR, out of the country.", ("SANCTION", ("IDN",), ("IGO",), "asserted")),
        # a demand made through a statement noun, on the one addressed
        ("French President Jacques Chirac issued a stern reminder Saturday to Iraq that it must cooperate fully "
         "with UN inspectors.", ("REQUEST", ("FRA",), ("IRQ",), "asserted")),
        # getting ready to attack is a show of force, not a threat
        ("The Macedonian army prepared to resume shelling Albanian rebel-held territory.",
         ("MOBILIZE", ("MKD",), ("ALB",), "asserted")),
        # a conditional offer of help is a promise, not a threat
        ("Norway is willing to send material to help defend Saudi Arabia if it is attacked, Norway's foreign "
         "minister said.", ("AGREE", ("NOR",), ("SAU",), "asserted")),
        # the clause's subject fought in the fighting it came out of
        ("Burmese troops have captured part of a Karen guerrilla stronghold after five days of fighting, "
         "Thai police said.", ("ASSAULT", ("MMR",), (), "asserted")),
    ],
)
def test_harder_constructions(coder, text, expected):
    _, events = _events(coder, text)
    assert expected in events, events


def test_a_conditional_hostile_intention_is_still_a_threat(coder):
    _, events = _events(coder, "The European Community may halt mediation efforts among Serbia's feuding "
                                "republics if cooperation by all parties founders.")
    assert [e for e in events if e[0] == "THREATEN"], events


@pytest.mark.parametrize(
    "text, victims",
    [
        ("A roadside bombing near the town of Samarra on Sunday killed one U.S. soldier, the military said.", "USA"),
        ("Three US servicemen were killed by an improvised explosive device outside the Iraqi city of Basra.", "USA"),
        ("At least three Iraqi civilians have been killed in a suicide car bombing in central Baghdad, "
         "Iraqi police said.", "IRQ"),
    ],
)
def test_an_attack_by_someone_unnamed_is_coded_with_an_unidentified_group(coder, text, victims):
    coded, _ = _events(coder, text)
    attacks = [e for e in coded.events if e.type == "ASSAULT" and e.modality is Modality.ASSERTED]
    assert len(attacks) == 1, coded.events
    (actor,) = attacks[0].actors
    assert actor.name == "unidentified armed group" and actor.sectors == ("UAF",)
    assert actor.country == "IRQ"  # where it struck (ACLED's convention)
    assert text[actor.span.start:actor.span.end] == actor.text
    assert [r.country for r in attacks[0].recipients] == [victims]


@pytest.mark.parametrize(
    "text",
    [
        "Two Iraqi soldiers were killed in a car accident near Basra on Sunday.",
        "Three people were killed.",  # a toll, usually of an attack told before: the count keeps it
        "Nine other Malian soldiers were wounded.",
    ],
)
def test_deaths_without_an_attack_are_not_attacks(coder, text):
    _, events = _events(coder, text)
    assert not [e for e in events if e[0] == "ASSAULT"], events


@pytest.mark.parametrize(
    "text, actor",
    [
        # every known Bush served the United States: the bare surname with a title is American
        ("President Bush has threatened further action against Russia.", ("USA", "GOV")),
        ("The Bush administration declared Tuesday that China must drop barriers to U.S. exports.", ("USA", "GOV")),
        ("King Hassan of Morocco said he would host a meeting between Israeli and Palestinian delegations.",
         ("MAR", "GOV")),
        ("Leaders of the Azadliq opposition coalition agreed to postpone the demonstration in Baku.", ("AZE", "OPP")),
        ("The Albanians of southern Serbia are demanding autonomy from Serbian authorities.", ("SRB", "CVL")),
        ("The Third World Water Forum concluded on Saturday that the US must allocate greater resources to "
         "the water crisis.", ("NGO", "NGO")),
    ],
)
def test_who_the_actor_is(coder, text, actor):
    coded, _ = _events(coder, text)
    first = [e for e in coded.events if e.modality is Modality.ASSERTED][0]
    country, sector = actor
    assert first.actors[0].country == country and sector in first.actors[0].sectors, first.actors
