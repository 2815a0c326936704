"""Language identification with py3langid (its model ships in the package)."""

from __future__ import annotations

import functools

__all__ = ["detect_language"]

#: Texts shorter than this are too short to tell reliably; they are taken as they come.
MIN_CHARS = 80


@functools.lru_cache(maxsize=1)
def _identifier():
    from py3langid import langid

    return langid.LanguageIdentifier.from_modelpath(langid.MODEL_DIR / langid.MODEL_FILE, norm_probs=True)


def detect_language(text: str, *, sample: int = 5000) -> tuple[str | None, float]:
    """The ISO 639-1 code of the text's language and its probability, or (None, 0) if too short."""
    sample_text = text[:sample]
    if len(sample_text.strip()) < MIN_CHARS:
        return None, 0.0
    language, probability = _identifier().classify(sample_text)
    return str(language), float(probability)
