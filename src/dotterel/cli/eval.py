"""``dotterel eval GOLD``: code the articles of a gold file and score the result."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

import click

from dotterel.cli._common import stdout_is_terminal
from dotterel.evaluate import GoldArticle, actor_accuracy, format_text, load_gold, score, select_gold
from dotterel.records import Article, CodedArticle, Outcome

__all__ = ["command", "gold_article"]


def gold_article(gold: GoldArticle) -> Article:
    """The input article of a gold line, with the metadata a coder is given."""
    return Article(
        text=gold.text,
        id=gold.id,
        title=gold.title,
        publisher=gold.publisher,
        url=gold.url,
        published=gold.published,
        origin=gold.origin,
    )


def _make_coder() -> Any:
    """The coder; imported here so that ``dotterel --help`` does not load spaCy."""
    from dotterel.config import load_config
    from dotterel.pipeline import Coder

    return Coder(load_config())


def _collect(
    articles: Sequence[Article], outcomes: Iterable[tuple[Article, Outcome]]
) -> tuple[dict[str, CodedArticle], dict[str, str]]:
    known = {a.id for a in articles}
    coded: dict[str, CodedArticle] = {}
    failed: dict[str, str] = {}
    for article, outcome in outcomes:
        ident = article.id
        if outcome.article is not None and outcome.article.id in known:
            ident = outcome.article.id
        if outcome.coded is not None:
            coded[ident] = outcome.coded
        elif outcome.status == "duplicate" and outcome.duplicate_of in coded:
            coded[ident] = coded[outcome.duplicate_of]
        else:
            where = f" at {outcome.stage}" if outcome.stage else ""
            failed[ident] = f"{outcome.status}{where}: {outcome.reason or 'no reason given'}"
    return coded, failed


def _paired(articles: Sequence[Article], outcomes: Iterable[Outcome]) -> Iterator[tuple[Article, Outcome]]:
    return zip(articles, outcomes)


@click.command("eval")
@click.argument("gold", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the scores as one JSON object (the keys of the gold FORMAT).")
@click.option("--ignore-location", is_flag=True, help="Score events without their locations.")
@click.option(
    "--only",
    multiple=True,
    metavar="ID",
    help="Score only the article with this id; repeat it, or separate ids with commas.",
)
@click.option("--actors", "with_actors", is_flag=True,
              help="Also report actor coding accuracy (countries and sectors of matched events); "
                   "with --json it is added under the key \"actors\".")
def command(gold: Path, as_json: bool, ignore_location: bool, only: tuple[str, ...], with_actors: bool) -> None:
    """Code the articles of a GOLD file and score the result against it.

    GOLD is JSON Lines, one article per line (or one pretty-printed JSON object).

    Prints recall over the must events, precision over the asserted coded events,
    type-only scores, per-type scores, quotes, counts and hypothetical leaks, then
    every miss and false positive with its words. --json prints one JSON object.
    """
    path = str(gold)
    articles_gold = load_gold(gold)
    ids = [part.strip() for value in only for part in value.split(",")]
    articles_gold = select_gold(articles_gold, ids, path=path)
    articles = [gold_article(g) for g in articles_gold]

    coder = _make_coder()
    pairs = _paired(articles, coder.code_many(articles))
    if stdout_is_terminal():
        with click.progressbar(pairs, length=len(articles), label="coding", file=sys.stderr) as bar:
            coded, failed = _collect(articles, bar)
    else:
        coded, failed = _collect(articles, pairs)

    report = score(articles_gold, coded, ignore_location=ignore_location, failed=failed)
    accuracy = actor_accuracy(articles_gold, coded) if with_actors else None
    if as_json:
        data = report.to_dict()
        if accuracy is not None:
            data["actors"] = accuracy.to_dict()
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        click.echo(format_text(report), nl=False)
        if accuracy is not None:
            click.echo(
                f"\nactor coding: countries {accuracy.country_accuracy} over {accuracy.sides} sides; "
                f"sectors {accuracy.sector_accuracy} over {accuracy.sector_sides} sides with gold sectors"
            )
