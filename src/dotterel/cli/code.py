"""``dotterel code``: code article texts and print their events."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from dotterel.cli._common import parse_date_option
from dotterel.cli._output import FORMATS, write_coded
from dotterel.errors import DotterelError, Errors, InputError
from dotterel.records import Article

__all__ = ["command", "read_text_input"]

_MAX_BYTES = 50 * 1024 * 1024


def read_text_input(path: str) -> str:
    """Read a text file (or standard input for ``-``) as UTF-8, with clean errors."""
    try:
        if path == "-":
            data = sys.stdin.buffer.read(_MAX_BYTES + 1)
        else:
            file = Path(path)
            if file.is_dir():
                raise InputError(Errors.E003, path=path, reason="it is a directory (use 'dotterel ingest' for folders)")
            with file.open("rb") as handle:
                data = handle.read(_MAX_BYTES + 1)
    except OSError as exc:
        raise InputError(Errors.E003, path=path, reason=exc.strerror or str(exc)) from None
    if len(data) > _MAX_BYTES:
        raise InputError(Errors.E006, size=len(data), limit=_MAX_BYTES)
    if b"\x00" in data[:8192]:
        raise InputError(Errors.E004, reason=f"{path} contains NUL bytes (binary data)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(Errors.E004, reason=f"{path} is not valid UTF-8 (byte {exc.start})") from None


@click.command("code")
@click.argument("files", nargs=-1, metavar="[FILE ...|-]")
@click.option("--published", help="Publication date (YYYY-MM-DD) that relative dates resolve against.")
@click.option("--title", help="The article's title.")
@click.option("--publisher", help="The article's publisher.")
@click.option("--url", help="The article's URL.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="table for people; json / jsonl follow the documented schema (docs/schema.md).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="A dotterel.toml configuration file.")
def command(files: tuple[str, ...], published: str | None, title: str | None, publisher: str | None,
            url: str | None, fmt: str, config_path: str | None) -> None:
    """Code article texts (files, or standard input) and print their events.

    Each FILE is one article in UTF-8 plain text; '-' or no FILE reads standard
    input. Bad files are reported on standard error and the others still coded.
    """
    from dotterel.config import load_config
    from dotterel.pipeline import Coder

    day = parse_date_option(published)
    paths = list(files) or ["-"]
    articles = []
    failures = 0
    for path in paths:
        try:
            text = read_text_input(path)
        except DotterelError as exc:
            click.echo(f"Error: {path}: {exc.message}", err=True)
            failures += 1
            continue
        articles.append(Article(text=text, title=title, publisher=publisher, url=url, published=day,
                                origin=path if path != "-" else "<stdin>"))
    coded = []
    if articles:
        coder = Coder(load_config(config_path))
        for outcome in coder.code_many(articles):
            if outcome.coded is not None:
                coded.append(outcome.coded)
            else:
                failures += 1
                click.echo(f"Error: {outcome.origin}: {outcome.reason}", err=True)
    write_coded(coded, fmt=fmt, out=sys.stdout)
    if failures and not coded:
        sys.exit(2)
