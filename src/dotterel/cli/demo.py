"""``dotterel demo``: the main job on the bundled sample, into the embedded store."""

from __future__ import annotations

import sys

import click

from dotterel.cli.events import store_option

__all__ = ["command"]


@click.command("demo")
@store_option
@click.option("--top", default=8, show_default=True, type=click.IntRange(min=1), help="Top dyads to show.")
def command(db: str, top: int) -> None:
    """Code the bundled sample articles into the store and print a summary.

    Runs the whole job on the sample shipped with dotterel: the founding article and
    18 wire-style articles covering all 16 PLOVER types. The store is an embedded
    DuckDB file (no server); running the demo again adds nothing.
    """
    from rich.console import Console
    from rich.table import Table

    from dotterel.config import load_config
    from dotterel.pipeline import Coder
    from dotterel.samples import sample_articles
    from dotterel.store import open_store

    console = Console(file=sys.stdout, width=120)
    articles = list(sample_articles())
    with open_store(db) as store:
        # people learned from earlier runs (and not removed by a reviewer) are known from the start
        forgotten = [actor.name for actor in store.actors(status="removed")]
        coder = Coder(load_config(), learned=store.learned_offices(), forgotten=forgotten)
        report = store.write(coder.code_many(articles))
        stats = store.stats(unit="happenings", top=top)
    console.print(
        f"[bold]dotterel demo[/bold]: {len(articles)} sample articles -> {db}: "
        f"{report.added} added, {report.present} already stored, {report.failures} not coded; "
        f"{report.events} events stored, {report.happenings} new happenings.",
        highlight=False,
    )
    console.print(
        f"The store holds {stats.articles} articles, {stats.events} events, {stats.happenings} happenings.",
        highlight=False,
    )
    by_type = Table(title="Happenings by PLOVER type", title_justify="left")
    by_type.add_column("type")
    by_type.add_column("happenings", justify="right")
    for name, count in stats.by_type:
        by_type.add_row(name, str(count))
    console.print(by_type)
    dyads = Table(title=f"Top {top} dyads", title_justify="left")
    dyads.add_column("actor")
    dyads.add_column("recipient")
    dyads.add_column("happenings", justify="right")
    for actor, recipient, count in stats.by_dyad:
        dyads.add_row(actor, recipient, str(count))
    console.print(dyads)
    console.print(
        "Query further:\n"
        f"  dotterel events --db {db} --type ASSAULT --actor ISR\n"
        f"  dotterel events --db {db} --happenings --sort -mentions --limit 10\n"
        f"  dotterel stats --db {db}\n"
        f"  dotterel show EVENT_ID --db {db}\n"
        f"  dotterel export --db {db} --format gdelt-events -o events.tsv",
        highlight=False,
        markup=False,
    )
