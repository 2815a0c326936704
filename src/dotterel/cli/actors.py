"""``dotterel actors``: review the people learned from the text, and add your own.

When an article introduces someone with an office ("Kenyan Interior Minister Wanjiru
Kamau"), storing it records the person as *learned*, with the words as evidence; a
coder given ``store.learned_offices()`` then resolves the bare name ("Kamau said") in
later articles. These commands list, show, accept, remove and add such people.
"""

from __future__ import annotations

import json
import click

from dotterel.cli._common import CleanGroup, parse_date_option
from dotterel.cli.events import store_option
from dotterel.store import ACTOR_STATUSES, StoredActor, open_store

__all__ = ["command"]

_SOURCES = {"text": "learned from the text", "user": "added by a user"}


def _code(actor: StoredActor) -> str:
    return actor.code if actor.country or actor.sectors else "-"


def _seen(actor: StoredActor) -> str:
    if actor.first_seen is None:
        return "-"
    if actor.last_seen is None or actor.last_seen == actor.first_seen:
        return actor.first_seen.isoformat()
    return f"{actor.first_seen.isoformat()}..{actor.last_seen.isoformat()}"


def _term(actor: StoredActor) -> str:
    if actor.start and actor.end:
        return f"{actor.start.isoformat()} to {actor.end.isoformat()}"
    if actor.start:
        return f"from {actor.start.isoformat()}"
    if actor.end:
        return f"until {actor.end.isoformat()}"
    return ""


def _print_table(actors: list[StoredActor]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if not console.is_terminal:
        console = Console(width=200)
    table = Table(show_lines=False, pad_edge=False)
    for name in ("name", "code", "office", "aliases", "status", "source", "seen", "evidence"):
        table.add_column(name, no_wrap=name not in ("name", "office", "aliases"))
    for a in actors:
        table.add_row(
            a.name,
            _code(a),
            a.office or "-",
            ", ".join(a.aliases) or "-",
            a.status,
            a.source,
            _seen(a),
            str(a.mentions),
        )
    console.print(table)
    click.echo(f"{len(actors)} actor{'' if len(actors) == 1 else 's'}", err=True)


def _detail_lines(actor: StoredActor) -> list[str]:
    lines = [f"{actor.name} [{_code(actor)}]: {actor.status} ({_SOURCES.get(actor.source, actor.source)})"]
    office = " ".join(p for p in (actor.office or "", f"({_term(actor)})" if _term(actor) else "") if p)
    lines.append(f"  office:  {office or '-'}")
    lines.append(f"  country: {actor.country or '-'}   sectors: {' '.join(actor.sectors) or '-'}")
    lines.append(f"  aliases: {', '.join(actor.aliases) or '-'}")
    n = len(actor.evidence)
    lines.append(f"  seen:    {_seen(actor)} in {n} article{'' if n == 1 else 's'}")
    if actor.evidence:
        lines.append("  evidence:")
        for ev in actor.evidence:
            what = f"{ev.country or '---'}{''.join(ev.sectors)}" + (f", {ev.office}" if ev.office else "")
            lines.append(f"    {ev.seen_on.isoformat()}  {ev.article_id}  \u201c{ev.words}\u201d  ({what})")
            if ev.title:
                lines.append(f"                {ev.title}")
    return lines


@click.group("actors", cls=CleanGroup)
def command() -> None:
    """Review the people learned from the text (and add your own).

    An article that introduces someone with an office ("Kenyan Interior Minister
    Wanjiru Kamau") teaches the store that person; later articles that use the
    bare name ("Kamau said") resolve through it. Learned people are used until
    removed; accepting one marks it reviewed.

    \b
    Examples:
      dotterel actors list --status learned
      dotterel actors show "Wanjiru Kamau"
      dotterel actors accept "Wanjiru Kamau"
      dotterel actors remove "Wanjiru Kamau"
      dotterel actors add "Hakan Fidan" --country TUR --sectors GOV --office "Foreign Minister" --start 2023-06-03
    """


@command.command("list")
@store_option
@click.option("--status", type=click.Choice(ACTOR_STATUSES, case_sensitive=False), help="Only people with this status.")
@click.option("--search", metavar="TEXT", help="Words in the name, an alias or the office, or a country code.")
@click.option("--format", "fmt", default="table", show_default=True, type=click.Choice(("table", "json")), help="Output format.")
def list_command(db: str, status: str | None, search: str | None, fmt: str) -> None:
    """List the people the store knows, by name."""
    with open_store(db, read_only=True) as store:
        actors = store.actors(status=status, search=search)
    if fmt == "json":
        click.echo(json.dumps([a.to_dict() for a in actors], ensure_ascii=False, indent=2))
    else:
        _print_table(actors)


@command.command("show")
@click.argument("name")
@store_option
@click.option("--format", "fmt", default="text", show_default=True, type=click.Choice(("text", "json")), help="Output format.")
def show_command(name: str, db: str, fmt: str) -> None:
    """One person (by name or alias) and the articles that introduced them."""
    with open_store(db, read_only=True) as store:
        actor = store.actor(name)
    if fmt == "json":
        click.echo(json.dumps(actor.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo("\n".join(_detail_lines(actor)))


@command.command("add")
@click.argument("name")
@store_option
@click.option("--country", required=True, metavar="ISO3", help="ISO 3166-1 alpha-3 code (KEN), or IGO, NGO, IMG.")
@click.option("--sectors", default="", metavar="CODES", help='Sector codes, e.g. "GOV MIL".')
@click.option("--office", metavar="TEXT", help='The office, e.g. "Interior Minister".')
@click.option("--alias", "aliases", multiple=True, metavar="NAME", help="Another name; repeat for several.")
@click.option("--start", metavar="YYYY-MM-DD", help="The first day in office.")
@click.option("--end", metavar="YYYY-MM-DD", help="The last day in office.")
def add_command(name: str, db: str, country: str, sectors: str, office: str | None, aliases: tuple[str, ...],
                start: str | None, end: str | None) -> None:
    """Add a person, or correct one the store knows by this name.

    The person is accepted and used by the coder; a known name keeps its
    evidence. The surname (when longer than three letters) is always an alias.
    """
    first, last = parse_date_option(start), parse_date_option(end)
    with open_store(db) as store:
        actor = store.add_actor(name, country=country, sectors=(sectors,), office=office, aliases=aliases,
                                start=first, end=last)
    click.echo(f"Added {actor.name} [{_code(actor)}]" + (f", {actor.office}" if actor.office else "") + ": accepted.")


@command.command("accept")
@click.argument("name")
@store_option
def accept_command(name: str, db: str) -> None:
    """Mark a learned (or removed) person as right: the coder uses them."""
    with open_store(db) as store:
        actor = store.accept_actor(name)
    click.echo(f"Accepted {actor.name} [{_code(actor)}]: the coder uses it.")


@command.command("remove")
@click.argument("name")
@store_option
def remove_command(name: str, db: str) -> None:
    """Mark a person as wrong: never used or learned again.

    The person stays in the store with the evidence; 'accept' brings them back.
    """
    with open_store(db) as store:
        actor = store.remove_actor(name)
    click.echo(f"Removed {actor.name} [{_code(actor)}]: kept with its evidence, never used or learned again.")
