"""Printing coded articles: a table for people, JSON and JSON Lines for programs."""

from __future__ import annotations

import json
from typing import IO, Iterable

from dotterel.records import Actor, CodedArticle, Event

__all__ = ["FORMATS", "write_coded", "event_row"]

FORMATS = ("table", "json", "jsonl")


def _actors(actors: Iterable[Actor]) -> str:
    parts = []
    for actor in actors:
        code = (actor.country or "---") + ("/" + "+".join(actor.sectors) if actor.sectors else "")
        parts.append(f"{actor.name} [{code}]")
    return ", ".join(parts) or "-"


def event_row(event: Event) -> tuple[str, ...]:
    date = event.date.iso() if event.date is not None and event.date.start else "-"
    where = event.location.text if event.location is not None else "-"
    return (
        f"{event.type} {event.cameo}",
        _actors(event.actors),
        _actors(event.recipients),
        date or "-",
        event.modality.value,
        where,
        event.trigger_text,
    )


def write_coded(articles: Iterable[CodedArticle], *, fmt: str, out: IO[str], console=None) -> None:
    """Write coded articles to ``out`` in one of :data:`FORMATS`."""
    if fmt == "jsonl":
        for coded in articles:
            out.write(json.dumps(coded.to_dict(), ensure_ascii=False) + "\n")
        return
    if fmt == "json":
        items = [coded.to_dict() for coded in articles]
        out.write(json.dumps(items if len(items) != 1 else items[0], ensure_ascii=False, indent=2) + "\n")
        return
    from rich.console import Console
    from rich.table import Table

    console = console or Console(file=out, width=160)
    for coded in articles:
        article = coded.article
        heading = article.title or article.id
        console.print(f"[bold]{heading}[/bold]  ({article.publisher or '-'}, {article.published or 'no date'}, {article.id})",
                      markup=True, highlight=False)
        table = Table(show_lines=False, expand=False)
        for column in ("type", "actor", "recipient", "date", "modality", "where", "evidence"):
            table.add_column(column, overflow="fold")
        for event in coded.events:
            table.add_row(*event_row(event), style=None if event.modality.value == "asserted" else "dim")
        console.print(table)
        for quote in coded.quotes:
            speaker = quote.speaker.name if quote.speaker is not None else "?"
            console.print(f"  quote ({speaker}): “{quote.text[:100]}{'…' if len(quote.text) > 100 else ''}”",
                          markup=False, highlight=False)
        for count in coded.counts:
            console.print(f"  count: {count.number:,} {count.about} ({count.text})", markup=False, highlight=False)
        console.print()
