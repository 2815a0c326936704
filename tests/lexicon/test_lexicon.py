"""The event lexicon: CAMEO codes mapped through CAMEO2PLOVER, patterns, data-file errors."""

import pytest

from dotterel.errors import DataFileError
from dotterel.lexicon import load_lexicon
from dotterel.records import PLOVER_TYPES


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


def test_every_code_maps_to_a_plover_type_with_goldstein_and_quad(lexicon):
    assert len(lexicon.codes) > 250
    for code in lexicon.codes.values():
        assert code.plover_type in PLOVER_TYPES
        assert -10 <= code.goldstein <= 10 and code.quad_class in (1, 2, 3, 4)
    phone = lexicon.code("041")
    assert (phone.plover_type, phone.mode, phone.quad_class) == ("CONSULT", "phone", 1)
    assert lexicon.code("1823").plover_type == "ASSAULT"
    assert lexicon.code("0874").plover_type == "RETREAT"


def test_unknown_sub_codes_fall_back_to_their_parent(lexicon):
    assert lexicon.code("19x"[:2] + "0").plover_type == "ASSAULT"


def test_all_sixteen_types_have_verb_patterns(lexicon):
    types = {lexicon.code(p.cameo).plover_type for patterns in lexicon.verbs.values() for p in patterns}
    assert types == set(PLOVER_TYPES)


def test_specific_patterns_come_first(lexicon):
    impose = lexicon.verbs["impose"]
    assert all(p.objects for p in impose)  # "impose" alone is not an event
    meet = lexicon.verbs["meet"]
    assert meet[0].specificity >= meet[-1].specificity


def test_light_verbs_can_be_limited_to_nouns(lexicon):
    assert lexicon.light_verb("launch", None, "ASSAULT")
    assert lexicon.light_verb("discuss", None, "THREATEN", "consequence")
    assert not lexicon.light_verb("discuss", None, "THREATEN", "threat")


def test_extra_data_dirs_extend_and_bad_lines_name_their_line(tmp_path):
    (tmp_path / "verbs.tsv").write_text("lemma\tparticle\tprep\tobject\tcameo\nzap\t-\t-\t-\t190\n", encoding="utf-8")
    extended = load_lexicon((str(tmp_path),))
    assert extended.verbs["zap"][0].cameo == "190"
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "nouns.tsv").write_text("lemma\tmodifier\tcameo\nraid\t-\t999\n", encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        load_lexicon((str(bad),))
    assert info.value.code == "E009" and "line 2" in info.value.message
