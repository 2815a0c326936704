"""``dotterel show EVENT_ID``: a happening or event, its mentions and their evidence."""

from __future__ import annotations

import json

import click

from dotterel.cli.events import store_option
from dotterel.store import EventDetail, StoredEvent, open_store

__all__ = ["command", "marked"]

_STYLES = {
    "trigger": "bold red",
    "actor": "bold cyan",
    "recipient": "bold magenta",
    "date": "green",
    "place": "yellow",
    "modality": "italic blue",
    "source": "dim",
}


def marked(mention: StoredEvent) -> str:
    """The evidence sentence with each span in brackets and its role after it:
    ``[Israeli forces]{actor} [struck]{trigger} ...``."""
    text = mention.sentence_text or ""
    out, at = [], 0
    for span, role in mention.marks():
        out += [text[at : span.start], "[", text[span.start : span.end], "]{", role, "}"]
        at = span.end
    out.append(text[at:])
    return "".join(out).rstrip()


def _styled(mention: StoredEvent) -> "object":
    from rich.text import Text

    text = Text(mention.sentence_text or "")
    for span, role in mention.marks():
        text.stylize(_STYLES[role], span.start, span.end)
    text.rstrip()
    return text


def _side(actors: tuple) -> str:  # type: ignore[type-arg]
    return ", ".join(f"{a.name} ({a.code})" if a.country else a.name for a in actors) or "-"


def _lines(detail: EventDetail) -> list[tuple[str, StoredEvent | None]]:
    lines: list[tuple[str, StoredEvent | None]] = []
    h = detail.happening
    if h is not None:
        window = ""
        if h.window_start and h.window_end:
            window = f" (window {h.window_start}..{h.window_end})" if h.window_start != h.window_end else ""
        lines.append((f"Happening {h.id}: {h.type} ({h.cameo}) on {h.event_date}{window}", None))
        lines.append((f"  {', '.join(h.actors) or '-'} -> {', '.join(h.recipients) or '-'}"
                      + (f" at {h.location}" if h.location else ""), None))
        lines.append((
            f"  {h.num_mentions} mentions, {h.num_sources} sources, {h.num_articles} articles; "
            f"first report {h.first_report}, last report {h.last_report}",
            None,
        ))
    for i, m in enumerate(detail.mentions, 1):
        e = m.event
        focus = "  <-" if detail.focus == m.id else ""
        lines.append(("", None))
        lines.append((f"[{i}] {m.id}{focus}", None))
        lines.append((f"    {e.type} ({e.cameo}) {e.modality.value}, {m.event_date}; "
                      f"{_side(e.actors)} -> {_side(e.recipients)}", None))
        where = ", ".join(x for x in (m.publisher, str(m.published) if m.published else None, m.url) if x)
        if where:
            lines.append((f"    from {where}", None))
        lines.append((f"    merge: {m.merge_status}" + (f": {m.merge_reasons}" if m.merge_reasons else ""), None))
        lines.append(("    ", m))
    return lines


@click.command("show")
@click.argument("event_id")
@store_option
@click.option("--format", "fmt", default="text", show_default=True, type=click.Choice(("text", "json")), help="Output format.")
@click.option("--plain", is_flag=True, help="Mark spans with [brackets]{role} even on a terminal.")
def command(event_id: str, db: str, fmt: str, plain: bool) -> None:
    """Show a happening (by number) or an event (by id), its mentions and their evidence.

    Each mention's sentence is shown with its spans marked: [words]{role} for
    the trigger, actor, recipient, date, place, modality cue and source (in
    colour on a terminal).

    \b
    Examples:
      dotterel show 42
      dotterel show a-3f2c9d0e1b2a4c5d:e1 --format json
    """
    with open_store(db, read_only=True) as store:
        detail = store.event(event_id)
    if fmt == "json":
        data = detail.to_dict()
        for m, d in zip(detail.mentions, data["mentions"]):
            d["marked"] = marked(m)
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    from rich.console import Console

    console = Console(highlight=False, soft_wrap=True)
    styled = console.is_terminal and not plain
    for text, mention in _lines(detail):
        if mention is None:
            console.print(text, markup=False)
        elif styled:
            from rich.text import Text

            console.print(Text(text) + _styled(mention))  # type: ignore[operator]
        else:
            console.print(text + marked(mention), markup=False)
