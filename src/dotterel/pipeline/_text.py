"""The text of a parsed document, built once.

spaCy's ``Doc.text`` joins every token's text each time it is read; the stages read
it often, so it is kept on the document while the stages run (and dropped after).
"""

from __future__ import annotations

from spacy.tokens import Doc

__all__ = ["text_of", "forget_text"]

_KEY = "_dotterel_text"


def text_of(doc: Doc) -> str:
    text = doc.user_data.get(_KEY)
    if text is None:
        text = doc.text
        doc.user_data[_KEY] = text
    return text


def forget_text(doc: Doc) -> None:
    doc.user_data.pop(_KEY, None)
