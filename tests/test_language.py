"""The language check before coding: English told by its function words, the rest by the model."""

import pytest

from dotterel._language import clearly_english, detect_language
from dotterel.samples import sample_articles
from tests.conftest import FIXTURES


@pytest.mark.parametrize("article", list(sample_articles()), ids=lambda a: a.id)
def test_the_english_samples_are_clearly_english(article):
    assert clearly_english(article.text)
    assert detect_language(article.text)[0] == "en"  # and the model agrees


@pytest.mark.parametrize("name", ["french.txt", "german.txt"])
def test_other_languages_are_left_to_the_model(name):
    text = (FIXTURES / "bad" / name).read_text(encoding="utf-8")
    assert not clearly_english(text)
    assert detect_language(text)[0] != "en"


def test_too_few_words_are_left_to_the_model():
    assert not clearly_english("The minister said the talks were over.")
