"""``dotterel events``: list stored events or happenings that match filters.

The store and filter options defined here are shared by ``stats`` and ``export``.
"""

from __future__ import annotations

import json
import sys
from typing import Any, Callable

import click

from dotterel.cli._common import parse_date_option
from dotterel.records import PLOVER_TYPES, Modality
from dotterel.store import DEFAULT_PATH, HAPPENING_SORTS, MENTION_SORTS, EventFilter, Happening, StoredEvent, open_store

__all__ = ["command", "store_option", "filter_options", "build_filter", "binary_stdout"]

_FORMATS = ("table", "json", "jsonl", "csv")


def store_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--db",
        "db",
        default=DEFAULT_PATH,
        show_default=True,
        envvar="DOTTEREL_DB",
        type=click.Path(dir_okay=False),
        help="The store file (or set DOTTEREL_DB).",
    )(func)


def filter_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """The filter options, in the order --help lists them."""
    options = [
        click.option(
            "--type",
            "types",
            multiple=True,
            type=click.Choice(PLOVER_TYPES, case_sensitive=False),
            help="PLOVER event type; repeat for several.",
        ),
        click.option("--actor", help="Who acts: country code (ISR), organisation (HEZBOLLAH) or name (Gallant)."),
        click.option("--recipient", help="Whom it is done to: country code, organisation or name."),
        click.option("--party", help="Either side: country code, organisation or name."),
        click.option("--since", metavar="YYYY-MM-DD", help="Events on or after this day."),
        click.option("--until", metavar="YYYY-MM-DD", help="Events on or before this day."),
        click.option(
            "--modality",
            multiple=True,
            type=click.Choice([m.value for m in Modality], case_sensitive=False),
            help="Keep only this modality; repeat for several.",
        ),
        click.option("--text", help="Words to find in the evidence sentence or the title."),
        click.option("--happenings", is_flag=True, help="Merged happenings instead of every coded event."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def build_filter(
    *,
    types: tuple[str, ...] = (),
    actor: str | None = None,
    recipient: str | None = None,
    party: str | None = None,
    since: str | None = None,
    until: str | None = None,
    modality: tuple[str, ...] = (),
    text: str | None = None,
    happenings: bool = False,
    **extra: Any,
) -> EventFilter:
    """An :class:`EventFilter` from the options of :func:`filter_options`."""
    return EventFilter(
        types=types,
        actor=actor,
        recipient=recipient,
        party=party,
        since=parse_date_option(since),
        until=parse_date_option(until),
        modality=modality,
        text=text,
        unit="happenings" if happenings else "mentions",
        **extra,
    )


def binary_stdout() -> Any:
    """Standard output as a binary stream (for the exports)."""
    sys.stdout.flush()
    return sys.stdout.buffer


def _side(actors: tuple[Any, ...]) -> str:
    return ", ".join(a.code if a.country else a.name for a in actors) or "-"


def _short(text: str | None, width: int = 90) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "\u2026"


def _print_table(rows: list[Any], happenings: bool) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if not console.is_terminal:
        console = Console(width=200)
    table = Table(show_lines=False, pad_edge=False)
    if happenings:
        for name in ("id", "date", "type", "cameo", "actor", "recipient", "place", "mentions", "sources", "articles"):
            table.add_column(name, no_wrap=name not in ("actor", "recipient", "place"))
        for h in rows:
            table.add_row(
                str(h.id),
                h.event_date.isoformat(),
                h.type,
                h.cameo,
                h.actor or "-",
                h.recipient or "-",
                h.location or "",
                str(h.num_mentions),
                str(h.num_sources),
                str(h.num_articles),
            )
    else:
        for name in ("id", "date", "type", "cameo", "actor", "recipient", "modality", "happening"):
            table.add_column(name, no_wrap=name not in ("actor", "recipient"))
        table.add_column("evidence", overflow="ellipsis", no_wrap=True, min_width=20)
        for s in rows:
            e = s.event
            table.add_row(
                s.id,
                s.event_date.isoformat(),
                e.type,
                e.cameo,
                _side(e.actors),
                _side(e.recipients),
                e.modality.value,
                str(s.happening_id) if s.happening_id is not None else "-",
                _short(s.sentence_text),
            )
    console.print(table)
    click.echo(f"{len(rows)} {'happening' if happenings else 'event'}{'' if len(rows) == 1 else 's'}", err=True)


@click.command("events")
@store_option
@filter_options
@click.option(
    "--sort",
    default="date",
    show_default=True,
    type=click.Choice(sorted(set(MENTION_SORTS) | set(HAPPENING_SORTS))),
    help="Order; a leading '-' reverses it (mentions, sources, articles: happenings only).",
)
@click.option("--limit", default=50, show_default=True, type=click.IntRange(min=0), help="At most this many (0: all).")
@click.option("--offset", default=0, show_default=True, type=click.IntRange(min=0), help="Skip this many first.")
@click.option("--format", "fmt", default="table", show_default=True, type=click.Choice(_FORMATS), help="Output format.")
def command(db: str, sort: str, limit: int, offset: int, fmt: str, **filters: Any) -> None:
    """List stored events (or, with --happenings, merged happenings) that match filters.

    \b
    Examples:
      dotterel events --type ASSAULT --actor ISR --since 2024-09-30
      dotterel events --happenings --sort -mentions --limit 10
      dotterel events --text "rocket" --format jsonl
    """
    f = build_filter(**filters, sort=sort, limit=limit or None, offset=offset)
    with open_store(db, read_only=True) as store:
        if fmt == "csv":
            from dotterel.export import export

            table = "happenings" if f.unit == "happenings" else "events"
            export(store, "csv", binary_stdout(), table=table, filter=f)
            return
        rows: list[StoredEvent] | list[Happening] = store.events(f)
    if fmt == "table":
        _print_table(rows, f.unit == "happenings")
    elif fmt == "json":
        click.echo(json.dumps([r.to_dict() for r in rows], ensure_ascii=False, indent=2))
    else:
        out = sys.stdout
        for r in rows:
            out.write(json.dumps(r.to_dict(), ensure_ascii=False) + "\n")
