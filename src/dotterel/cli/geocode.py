"""``dotterel geocode``: show how the places of a text resolve, and why."""

from __future__ import annotations

import json
from typing import Any

import click

from dotterel.errors import InputError
from dotterel.geo import GeoErrors

__all__ = ["command", "places_to_dict"]


def _candidate(candidate: Any) -> dict[str, Any]:
    place = candidate.place
    return {
        "name": place.name, "country": place.country, "adm1": place.adm1, "precision": place.precision,
        "lat": round(place.lat, 5), "lon": round(place.lon, 5), "population": place.population or None,
        "source": place.source, "matched": candidate.how, "score": candidate.score, "reasons": list(candidate.reasons),
    }


def _mention(mention: Any, *, candidates: int) -> dict[str, Any]:
    resolution = mention.resolution
    place = mention.place
    return {
        "words": mention.text,
        "span": [mention.span.start, mention.span.end],
        "found_as": mention.kind,
        "locative": mention.locative,
        "qualifier": mention.qualifier,
        "name": place.name if place else None,
        "country": place.country if place else None,
        "adm1": place.adm1 if place else None,
        "lat": round(place.lat, 5) if place else None,
        "lon": round(place.lon, 5) if place else None,
        "precision": place.precision if place else None,
        "margin": resolution.margin if resolution else None,
        "why": resolution.why if resolution else "not resolved",
        "candidates": [_candidate(c) for c in (resolution.candidates[:candidates] if resolution else ())],
    }


def places_to_dict(places: Any, *, candidates: int = 5) -> dict[str, Any]:
    """The JSON form of an :class:`~dotterel.pipeline._places.ArticlePlaces`."""
    focus = places.focus
    return {
        "places": [_mention(m, candidates=candidates) for m in places.mentions],
        "dateline": _mention(places.dateline, candidates=candidates) if places.dateline is not None else None,
        "focus": None if focus is None else {"name": focus.name, "country": focus.country,
                                             "lat": round(focus.lat, 5), "lon": round(focus.lon, 5)},
        "focus_weights": places.focus_weights,
    }


def _print_table(data: dict[str, Any], *, candidates: int) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if not console.is_terminal:
        console = Console(width=200)
    table = Table(show_lines=candidates > 1, pad_edge=False)
    for name in ("words", "name", "country", "adm1", "lat, lon", "precision", "why (candidates considered)"):
        table.add_column(name, no_wrap=name in ("lat, lon", "precision", "country"))
    rows = list(data["places"])
    if data["dateline"] is not None:
        rows.insert(0, {**data["dateline"], "words": f"{data['dateline']['words']} (dateline)"})
    for row in rows:
        where = "-" if row["lat"] is None else f"{row['lat']:.3f}, {row['lon']:.3f}"
        lines = []
        for number, candidate in enumerate(row["candidates"][:candidates]):
            mark = "→" if number == 0 and row["name"] is not None else " "
            lines.append(f"{mark} {candidate['score']:5.1f} {candidate['name']} ({candidate['country'] or '-'}, "
                         f"{candidate['precision']}): " + "; ".join(candidate["reasons"]))
        if not lines:
            lines.append(row["why"])
        elif row["name"] is None:
            lines.insert(0, row["why"].split(":")[0])
        words = row["words"] + ("" if row["locative"] else " [not used as a place]")
        table.add_row(words, row["name"] or "-", row["country"] or "-", row["adm1"] or "-", where,
                      row["precision"] or "-", "\n".join(lines))
    console.print(table)
    focus = data["focus"]
    if focus is not None:
        console.print(f"country of focus: {focus['name']} ({focus['country']})")
    if not rows:
        console.print("no places found")


@click.command("geocode")
@click.argument("text", metavar="TEXT|-")
@click.option("--format", "fmt", type=click.Choice(("table", "json")), default="table", show_default=True,
              help="table for people; json for scripts.")
@click.option("--candidates", type=click.IntRange(1, 20), default=3, show_default=True,
              help="How many candidates to show for each place.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="A dotterel.toml configuration file.")
def command(text: str, fmt: str, candidates: int, config_path: str | None) -> None:
    """Show how the places of TEXT resolve: words, place, country, ADM1, point, precision, and why.

    TEXT is a sentence or an article; '-' reads it from standard input. Places are
    found and resolved exactly as the coder does before it gives events their
    locations (see docs/places.md).
    """
    from dotterel.cli.code import read_text_input
    from dotterel.config import load_config
    from dotterel.pipeline._places import PlaceReader

    if text == "-":
        text = read_text_input("-")
    if not text.strip():
        raise InputError(GeoErrors.E402)  # type: ignore[arg-type]
    reader = PlaceReader(config=load_config(config_path))
    data = places_to_dict(reader.read(text), candidates=max(candidates, 5))
    if fmt == "json":
        for row in data["places"] + ([data["dateline"]] if data["dateline"] else []):
            row["candidates"] = row["candidates"][:candidates]
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))
        return
    _print_table(data, candidates=candidates)
