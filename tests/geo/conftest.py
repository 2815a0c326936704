"""Shared fixtures of the place tests: the gazetteer and a place reader (spaCy loaded once)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def gazetteer():
    from dotterel.geo import load_gazetteer

    return load_gazetteer()


@pytest.fixture(scope="session")
def reader(coder, gazetteer):
    from dotterel.pipeline._places import PlaceReader

    return PlaceReader(nlp=coder.nlp, gazetteer=gazetteer)
