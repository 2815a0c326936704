"""``dotterel stats``: counts by type, by dyad and by day."""

from __future__ import annotations

import json
from typing import Any

import click

from dotterel.cli.events import build_filter, filter_options, store_option
from dotterel.store import Stats, open_store

__all__ = ["command"]


def _print(stats: Stats, days: int) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    unit = "happenings" if stats.unit == "happenings" else "events"
    console.print(
        f"{stats.articles:,} articles, {stats.events:,} events, {stats.happenings:,} happenings, "
        f"{stats.failures:,} failures; {stats.selected:,} {unit} selected"
    )

    def table(title: str, header: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        t = Table(title=title, title_justify="left", pad_edge=False)
        for i, name in enumerate(header):
            t.add_column(name, justify="right" if i == len(header) - 1 else "left")
        for row in rows:
            t.add_row(*(str(v) for v in row))
        console.print(t)

    table("by type", ("type", unit), list(stats.by_type))
    table("by dyad", ("actor", "recipient", unit), list(stats.by_dyad))
    by_day = list(stats.by_day)[-days:] if days else list(stats.by_day)
    table("by day" + (f" (last {days} days with events)" if days and len(stats.by_day) > days else ""), ("day", unit), by_day)
    table("by modality", ("modality", unit), list(stats.by_modality))
    table("failures", ("status", "documents"), list(stats.failures_by_status))


@click.command("stats")
@store_option
@filter_options
@click.option("--top", default=10, show_default=True, type=click.IntRange(min=1), help="How many dyads to list.")
@click.option("--days", default=30, show_default=True, type=click.IntRange(min=0), help="How many days to list (0: all).")
@click.option("--format", "fmt", default="table", show_default=True, type=click.Choice(("table", "json")), help="Output format.")
def command(db: str, top: int, days: int, fmt: str, **filters: Any) -> None:
    """Count stored events (or happenings) by type, by dyad and by day.

    \b
    Examples:
      dotterel stats
      dotterel stats --happenings --since 2024-09-01 --top 20
    """
    f = build_filter(**filters)
    with open_store(db, read_only=True) as store:
        stats = store.stats(f, top=top)
    if fmt == "json":
        click.echo(json.dumps(stats.to_dict(), ensure_ascii=False, indent=2))
    else:
        _print(stats, days)
