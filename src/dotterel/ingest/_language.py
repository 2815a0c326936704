"""Language detection with py3langid (its model is loaded from the installed package).

The language a document is taken to be in: what the user gives; else what the
text says, when the detector is confident (page templates often declare a wrong
``lang``); else what the page or record declares; else a less confident guess;
else unknown (the document is coded).
"""

from __future__ import annotations

from dataclasses import dataclass

from py3langid.langid import MODEL_FILE, LanguageIdentifier

__all__ = ["LanguageDetector", "Detection", "decide_language"]

#: Characters of text looked at (the start of a document says enough).
_SAMPLE = 3000
#: Below this many letters, a guess is not worth making.
_MIN_LETTERS = 20


@dataclass(frozen=True, slots=True)
class Detection:
    language: str
    confidence: float
    letters: int

    @property
    def confident(self) -> bool:
        return self.confidence >= 0.8 and self.letters >= 80


class LanguageDetector:
    """Detects the language of texts; loads the model once (about half a second)."""

    def __init__(self) -> None:
        self._identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)

    def detect(self, text: str) -> Detection | None:
        """The most likely language of ``text``, or ``None`` when it is too short to tell."""
        sample = text[:_SAMPLE]
        letters = sum(1 for ch in sample if ch.isalpha())
        if letters < _MIN_LETTERS:
            return None
        language, confidence = self._identifier.classify(sample)
        if not language or language in ("und", "zxx"):
            return None
        return Detection(language=str(language), confidence=float(confidence), letters=letters)


def decide_language(detection: Detection | None, declared: str | None) -> str | None:
    """The language to take a document to be in (see the module's description)."""
    if detection is not None and detection.confident:
        return detection.language
    if declared:
        return declared
    if detection is not None and detection.confidence >= 0.5:
        return detection.language
    return None
