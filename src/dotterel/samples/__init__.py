"""The bundled sample: the founding article and short wire-style articles of our own."""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources
from typing import Iterator

from dotterel.records import Article

__all__ = ["sample_articles"]


def sample_articles() -> Iterator[Article]:
    """The sample articles shipped with dotterel (``samples/articles.jsonl``)."""
    text = resources.files(__name__).joinpath("articles.jsonl").read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        item = json.loads(line)
        published = item.get("published")
        yield Article(
            text=item["text"],
            id=item.get("id") or "",
            title=item.get("title"),
            publisher=item.get("publisher"),
            url=item.get("url"),
            published=dt.date.fromisoformat(published) if published else None,
            language="en",
            origin=f"dotterel/samples/articles.jsonl:{number}",
        )
