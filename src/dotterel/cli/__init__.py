"""The ``dotterel`` command line: a thin layer over library calls.

Each command lives in its own module and registers itself on :data:`main`.
Library errors (:class:`dotterel.errors.DotterelError`) become one clean line
on standard error and exit status 2; nothing prints a traceback.
"""

from __future__ import annotations

import importlib
import sys

import click

from dotterel.cli._common import CleanGroup

__all__ = ["main"]

#: Modules that define commands, in the order ``--help`` lists them.
COMMAND_MODULES = (
    "code",
    "eval",
    "demo",
    "ingest",
    "events",
    "stats",
    "show",
    "export",
    "geocode",
    "serve",
    "actors",
)


@click.group(cls=CleanGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="dotterel")
def main() -> None:
    """dotterel: news in, PLOVER/CAMEO event data out, with evidence for every field."""


for _name in COMMAND_MODULES:
    try:
        _module = importlib.import_module(f"dotterel.cli.{_name}")
    except ModuleNotFoundError as exc:  # a command whose module is not there yet
        if exc.name != f"dotterel.cli.{_name}":
            raise
        continue
    main.add_command(_module.command)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
