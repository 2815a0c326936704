"""Shared fixtures: one Coder per test session (loading spaCy once)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

GOLD = Path(__file__).parent / "gold"
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def coder():
    from dotterel.pipeline import Coder

    return Coder()


@pytest.fixture(scope="session")
def seed_gold() -> dict:
    return json.loads((GOLD / "gallant-austin.gold.json").read_text(encoding="utf-8"))
