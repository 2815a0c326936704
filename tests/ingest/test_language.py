"""Language detection and the decision of which language a document is in."""

from __future__ import annotations

import pytest

from dotterel.ingest._language import Detection, decide_language


@pytest.mark.parametrize(
    ("name", "language"),
    [
        ("french.txt", "fr"),
        ("german.txt", "de"),
        ("wire-original.txt", "en"),
    ],
)
def test_detects_the_language_of_a_text(detector, fixtures, name, language):
    detection = detector.detect((fixtures / "text" / name).read_text())
    assert detection is not None and detection.language == language and detection.confident


@pytest.mark.parametrize("text", ["", "12 345 678", "Oh!", "—  ·  —"])
def test_too_little_text_gives_no_detection(detector, text):
    assert detector.detect(text) is None


@pytest.mark.parametrize(
    ("detection", "declared", "decided"),
    [
        (Detection("fr", 0.99, 500), "en", "fr"),  # a confident detector beats a template's lang="en"
        (Detection("fr", 0.6, 40), "en", "en"),  # an unsure one does not
        (Detection("fr", 0.6, 40), None, "fr"),
        (Detection("fr", 0.3, 40), None, None),  # too unsure: unknown (coded)
        (None, "de", "de"),
        (None, None, None),
    ],
)
def test_decide_language(detection, declared, decided):
    assert decide_language(detection, declared) == decided
