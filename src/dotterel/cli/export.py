"""``dotterel export``: the store as PLOVER JSONL, GDELT 2.0 tables, CSV or Parquet."""

from __future__ import annotations

from typing import Any

import click

from dotterel.cli.events import binary_stdout, build_filter, filter_options, store_option
from dotterel.export import FORMATS, TABLES, export
from dotterel.store import open_store

__all__ = ["command"]


@click.command("export")
@store_option
@click.option("--format", "fmt", required=True, type=click.Choice(FORMATS), help="Output format.")
@click.option(
    "-o",
    "--output",
    type=click.Path(),
    help="File to write (a new or empty directory for parquet); standard output when left out.",
)
@click.option(
    "--table",
    type=click.Choice(TABLES),
    help="Which table csv and parquet write (default: events).",
)
@filter_options
def command(db: str, fmt: str, output: str | None, table: str | None, **filters: Any) -> None:
    """Export stored events.

    \b
    plover-jsonl    one PLOVER/POLECAT-style JSON record per coded event
    gdelt-events    GDELT 2.0 events: 61 tab-separated columns, no header, one row per happening
    gdelt-mentions  GDELT 2.0 mentions: 16 tab-separated columns, no header
    csv             one table (--table, default events) with a header
    parquet         one table as a directory partitioned by day (event_date=YYYY-MM-DD/)

    \b
    Examples:
      dotterel export --format gdelt-events -o events.tsv
      dotterel export --format parquet --table events -o events/
      dotterel export --format plover-jsonl --type ASSAULT --since 2024-10-01
    """
    f = build_filter(**filters)
    with open_store(db, read_only=True) as store:
        if output is None:
            export(store, fmt, binary_stdout(), table=table, filter=f)
            return
        report = export(store, fmt, output, table=table, filter=f)
    click.echo(f"Wrote {report.rows:,} {report.table} rows to {report.target}.", err=True)
