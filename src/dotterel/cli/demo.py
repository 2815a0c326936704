"""``dotterel demo``: the main job on the bundled sample."""

from __future__ import annotations

import sys

import click

from dotterel.cli._output import FORMATS, write_coded

__all__ = ["command"]


@click.command("demo")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
def command(fmt: str) -> None:
    """Code the bundled sample articles and print their events."""
    from dotterel.config import load_config
    from dotterel.pipeline import Coder
    from dotterel.samples import sample_articles

    articles = list(sample_articles())
    coder = Coder(load_config())
    coded = []
    for outcome in coder.code_many(articles):
        if outcome.coded is not None:
            coded.append(outcome.coded)
        else:
            click.echo(f"Error: {outcome.origin}: {outcome.reason}", err=True)
    write_coded(coded, fmt=fmt, out=sys.stdout)
    events = sum(len(c.events) for c in coded)
    asserted = sum(len(c.asserted_events) for c in coded)
    click.echo(f"{len(coded)} articles coded: {events} events ({asserted} asserted), "
               f"{sum(len(c.quotes) for c in coded)} quotes, {sum(len(c.counts) for c in coded)} counts.", err=True)
