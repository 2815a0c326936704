"""Bad input gives a clean result or a clear, coded error; never a traceback."""

import pytest

from dotterel.errors import InputError
from dotterel.records import Article


@pytest.mark.parametrize(
    "name, code",
    [("empty.txt", "E005"), ("whitespace.txt", "E005"), ("french.txt", "E011"), ("german.txt", "E011")],
)
def test_texts_that_cannot_be_coded_raise_coded_errors(coder, name, code):
    from tests.conftest import FIXTURES

    text = (FIXTURES / "bad" / name).read_text(encoding="utf-8")
    with pytest.raises(InputError) as info:
        coder.code(Article(text=text))
    assert info.value.code == code
    assert info.value.message.startswith(f"[{code}]")


def test_binary_junk_is_refused(coder):
    junk = "".join(chr(i % 32) for i in range(5000))
    with pytest.raises(InputError) as info:
        coder.code(Article(text=junk))
    assert info.value.code == "E004"


def test_a_one_megabyte_text_is_refused_quickly_and_clearly(coder):
    text = "Israeli forces raided the camp on Monday, the army said. " * 18000
    assert len(text) > 1_000_000
    with pytest.raises(InputError) as info:
        coder.code(Article(text=text))
    assert info.value.code == "E006" and "200,000" in info.value.message


def test_a_text_without_events_codes_to_nothing(coder):
    from tests.conftest import FIXTURES

    coded = coder.code(Article(text=(FIXTURES / "bad" / "no_events.txt").read_text(encoding="utf-8")))
    assert coded.events == ()
    assert coded.article.language == "en"


def test_one_bad_document_never_stops_a_batch(coder):
    articles = [
        Article(text="Russian troops shelled Kharkiv on Monday, Ukrainian officials said.", id="good-1"),
        Article(text="", id="empty"),
        Article(text="\x00\x01\x02" * 100, id="junk"),
        Article(text="Le gouvernement français a annoncé mardi de nouvelles mesures contre la fraude fiscale, "
                     "a indiqué le ministre de l'Économie devant les députés réunis à Paris.", id="french"),
        Article(text="Police arrested 12 protesters in Dhaka on Sunday.", id="good-2"),
    ]
    outcomes = list(coder.code_many(articles))
    assert [o.article.id for o in outcomes] == ["good-1", "empty", "junk", "french", "good-2"]
    assert [o.status for o in outcomes] == ["coded", "skipped", "failed", "skipped", "coded"]
    for outcome in outcomes:
        if outcome.status != "coded":
            assert outcome.reason and "\n" not in outcome.reason and outcome.stage == "prepare"
    assert outcomes[0].coded.events and outcomes[4].coded.events


def test_a_language_already_decided_is_not_detected_again(coder, monkeypatch):
    import dotterel.pipeline as pipeline

    def detect(*args, **kwargs):
        raise AssertionError("detected again")

    monkeypatch.setattr(pipeline, "detect_language", detect)
    coded = coder.code(Article(text="Police arrested 12 protesters in Dhaka on Sunday.", language="en-GB"))
    assert [e.type for e in coded.events] == ["COERCE"]
    assert coded.article.language == "en-GB"
