"""Shared CLI helpers: clean errors, output formats, progress bars."""

from __future__ import annotations

import datetime as _dt
import sys
from typing import Any

import click

from dotterel.errors import DotterelError, Errors, InputError


class CleanGroup(click.Group):
    """A click group that turns library errors into one-line messages."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DotterelError as exc:
            click.echo(f"Error: {exc.message}", err=True)
            ctx.exit(2)
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            ctx.exit(130)
        except BrokenPipeError:
            sys.stderr.close()
            ctx.exit(0)


def parse_date_option(value: str | None) -> _dt.date | None:
    """Parse a YYYY-MM-DD option or raise a coded error."""
    if value is None or value == "":
        return None
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(Errors.E007, value=value) from None


def stdout_is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False
