"""``dotterel ingest``: read news from files, folders, feeds, archives and URLs, and code it."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import IO, Any

import click

from dotterel.cli._common import parse_date_option, stdout_is_terminal
from dotterel.cli._output import FORMATS, write_coded
from dotterel.errors import DotterelError
from dotterel.records import Outcome, record_to_dict

__all__ = ["command", "parse_size", "READER_NAMES"]

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kKmMgG]?)(?:i?[bB])?\s*$")
_UNITS = {"": 1, "k": 1_000, "m": 1_000_000, "g": 1_000_000_000}


def parse_size(value: str | int) -> int:
    """``"10M"`` → 10,000,000; ``"500k"`` → 500,000; a plain number is bytes."""
    if isinstance(value, int):
        return value
    match = _SIZE.match(value)
    if not match:
        raise click.BadParameter(f"{value!r} is not a size such as 5000000, 500k or 10M")
    return int(float(match.group(1)) * _UNITS[match.group(2).lower()])


#: The built-in readers (``dotterel.ingest.READERS``; a test keeps the two in step).
READER_NAMES = ("text", "html", "jsonl", "csv", "feed", "warc", "urls", "url")


def _stdin_source(limit: int) -> Any:
    from dotterel.ingest import Source

    data = sys.stdin.buffer.read(limit + 1)
    return Source.from_bytes(data, name="<stdin>")


def _write_outcome(outcome: Outcome, *, fmt: str, out: IO[str], collected: list[Any]) -> None:
    """Print what a coded (or, with --no-code, read) document gives."""
    if outcome.status == "coded" and outcome.coded is not None:
        if fmt == "json":
            collected.append(outcome.coded)
        else:
            write_coded([outcome.coded], fmt=fmt, out=out)
    elif outcome.status == "read" and outcome.article is not None:
        article = outcome.article
        if fmt == "json":
            collected.append(record_to_dict(article))
        elif fmt == "jsonl":
            out.write(json.dumps(record_to_dict(article), ensure_ascii=False) + "\n")
        else:
            out.write(
                f"{article.origin}\t{article.published or '-'}\t{article.language or '-'}\t"
                f"{len(article.text):,} chars\t{article.title or '-'}\n"
            )


def _finish_json(collected: list[Any], *, out: IO[str], code: bool) -> None:
    if code:
        write_coded(collected, fmt="json", out=out)
    else:
        out.write(json.dumps(collected, ensure_ascii=False, indent=2) + "\n")


def _start_run(
    inputs: list[Any],
    *,
    options: Any,
    config: Any,
    code: bool,
    workers: int | None,
    unordered: bool,
    engine: str,
    scheduler: str | None,
) -> tuple[Any, Any]:
    """The run for ``--engine``/``--workers`` (and the parallel coder to close after it)."""
    from dotterel.engine import EngineErrors, default_workers
    from dotterel.ingest import ingest
    from dotterel.ingest import _ingest as ingest_module

    count = default_workers() if workers is None else workers
    if count < 1:
        raise DotterelError(EngineErrors.E600, option="--workers", reason=f"{count}; give 1 or more")  # type: ignore[arg-type]
    if engine == "dask":
        from dotterel.engine import dask_ingest

        run = dask_ingest(
            inputs, options=options, config=config, scheduler=scheduler, workers=count, code=code, ordered=not unordered
        )
        return run, None
    if scheduler:
        raise DotterelError(EngineErrors.E609, option="--scheduler")  # type: ignore[arg-type]
    if not code or count == 1:
        return ingest(inputs, code=code, options=options, config=config), None
    from dotterel.engine import ParallelCoder

    # ingestion matches outcomes to its documents, in input order or as they come
    coder = ParallelCoder(
        config,
        workers=count,
        ordered=not unordered,
        inprocess=lambda: ingest_module._default_coder(coder.config),  # small inputs: no worker processes
    )
    try:
        return ingest(inputs, coder=coder, options=options, config=config), coder
    except BaseException:
        coder.close()
        raise


@click.command("ingest")
@click.argument("sources", nargs=-1, required=True, metavar="SOURCE...")
@click.option(
    "--reader",
    metavar="NAME",
    help=f"Read every source with this reader: {', '.join(READER_NAMES)} (default: chosen by file type).",
)
@click.option(
    "--include", multiple=True, metavar="GLOB", help="In folders, read only files matching GLOB (repeatable)."
)
@click.option(
    "--exclude",
    multiple=True,
    metavar="GLOB",
    help="In folders, leave out files and folders matching GLOB (repeatable).",
)
@click.option(
    "--text-field", metavar="NAME", help="JSON Lines / CSV field holding the text (default: text, body, content, ...)."
)
@click.option("--date-field", metavar="NAME", help="Field holding the publication date.")
@click.option("--title-field", metavar="NAME", help="Field holding the title.")
@click.option("--url-field", metavar="NAME", help="Field holding the URL.")
@click.option("--publisher-field", metavar="NAME", help="Field holding the publisher.")
@click.option("--id-field", metavar="NAME", help="Field holding the document id.")
@click.option("--delimiter", metavar="CHAR", help="CSV delimiter (default: comma; tab for .tsv).")
@click.option("--encoding", default="utf-8", show_default=True, help="Encoding of text, JSON Lines and CSV files.")
@click.option("--follow", is_flag=True, help="For feeds: fetch and read the page each item links to.")
@click.option("--allow-private", is_flag=True, help="Allow fetching from private, loopback and link-local addresses.")
@click.option("--timeout", type=float, default=20.0, show_default=True, help="Seconds allowed for one fetch.")
@click.option(
    "--max-bytes", default="10M", show_default=True, help="Largest document (file, record, page) read, e.g. 500k, 10M."
)
@click.option("--rate", type=float, default=1.0, show_default=True, help="Seconds between two requests to one host.")
@click.option("--user-agent", help="User-Agent for fetching (default: dotterel/VERSION ...).")
@click.option("--published", help="Publication date (YYYY-MM-DD) for every document; wins over the page.")
@click.option("--title", help="Title for every document; wins over the page.")
@click.option("--publisher", help="Publisher for every document; wins over the page.")
@click.option("--url", help="URL for every document; wins over the page.")
@click.option("--language", help="The documents' language (e.g. en); no detection.")
@click.option(
    "--near-threshold",
    type=float,
    default=0.7,
    show_default=True,
    help="Similarity above which texts are near duplicates.",
)
@click.option("--no-near-duplicates", is_flag=True, help="Only link exact duplicates.")
@click.option(
    "--code-near-duplicates", is_flag=True, help="Code near duplicates too (they stay linked to the first copy)."
)
@click.option("--no-code", is_flag=True, help="Read and screen only; print the articles instead of events.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="table for people; json / jsonl follow the documented schema (docs/schema.md).",
)
@click.option(
    "--report-json", type=click.Path(dir_okay=False, writable=True), help="Also write the report to this file as JSON."
)
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="A dotterel.toml configuration file.")
@click.option(
    "--db",
    type=click.Path(dir_okay=False),
    default=None,
    help="Write the coded articles (and the accounting) to this store instead of printing events; "
    "rerunning adds nothing already stored.",
)
@click.option("--print", "also_print", is_flag=True, help="With --db or --output: print the events as well.")
@click.option(
    "--progress/--no-progress", default=None, help="Show a progress bar (default: when standard error is a terminal)."
)
@click.option(
    "--workers",
    type=int,
    default=None,
    metavar="N",
    help="Coding processes (default: the number of cores; 1 codes in this process). With --engine dask: "
    "the workers of the local cluster.",
)
@click.option("--unordered", is_flag=True, help="Give results as they are ready instead of in input order.")
@click.option(
    "--engine",
    type=click.Choice(("local", "dask")),
    default="local",
    show_default=True,
    help="local: processes on this machine; dask: a Dask cluster (files and folders only; see docs/scale.md).",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="With --engine dask: the scheduler to use (tcp://HOST:8786); default: a local cluster of --workers processes.",
)
@click.option(
    "--output",
    type=click.Path(file_okay=False),
    default=None,
    help="Also write the results as partitioned Parquet tables (events, articles, failures) to this new folder.",
)
def command(
    sources: tuple[str, ...],
    reader: str | None,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    text_field: str | None,
    date_field: str | None,
    title_field: str | None,
    url_field: str | None,
    publisher_field: str | None,
    id_field: str | None,
    delimiter: str | None,
    encoding: str,
    follow: bool,
    allow_private: bool,
    timeout: float,
    max_bytes: str,
    rate: float,
    user_agent: str | None,
    published: str | None,
    title: str | None,
    publisher: str | None,
    url: str | None,
    language: str | None,
    near_threshold: float,
    no_near_duplicates: bool,
    code_near_duplicates: bool,
    no_code: bool,
    fmt: str,
    report_json: str | None,
    config_path: str | None,
    db: str | None,
    also_print: bool,
    progress: bool | None,
    workers: int | None,
    unordered: bool,
    engine: str,
    scheduler: str | None,
    output: str | None,
) -> None:
    """Read news from SOURCEs, code it, and report what became of every document.

    A SOURCE is a file, a folder (read recursively), a URL, or '-' for standard
    input. Files are read by type: plain text, HTML, JSON Lines, CSV/TSV, RSS/Atom
    feeds, WARC archives, URL lists (one URL a line). Events are printed on standard
    output; the report (read, coded, duplicates, skipped and failed by reason, with
    each failure's origin) on standard error. One bad document never stops the
    batch; the exit status is 1 only when nothing could be read.
    """
    from dotterel.config import load_config
    from dotterel.ingest import (
        FetchOptions,
        FieldMap,
        IngestErrors,
        IngestOptions,
        ReadOptions,
        UserMetadata,
    )

    config = load_config(config_path)
    limit = parse_size(max_bytes)
    fetch = FetchOptions(
        timeout=timeout,
        max_bytes=limit,
        min_interval=rate,
        allow_private=allow_private,
        **({"user_agent": user_agent} if user_agent else {}),
    )
    read_options = ReadOptions(
        reader=reader,
        include=include,
        exclude=exclude,
        fields=FieldMap(
            text=text_field, date=date_field, title=title_field, url=url_field, publisher=publisher_field, id=id_field
        ),
        delimiter=delimiter,
        encoding=encoding,
        follow=follow,
        max_bytes=limit,
        fetch=fetch,
    )
    metadata = UserMetadata(
        title=title,
        publisher=publisher,
        url=url,
        published=parse_date_option(published),
        language=language.lower() if language else None,
    )
    target = (config.language or "en").lower()
    options = IngestOptions(
        read=read_options,
        metadata=metadata,
        language=target if re.fullmatch(r"[a-z]{2,3}", target) else "en",
        near_duplicates=not no_near_duplicates,
        near_threshold=near_threshold,
        code_near_duplicates=code_near_duplicates,
    )
    inputs = [_stdin_source(limit) if s == "-" else s for s in sources]
    run, parallel = _start_run(
        inputs, options=options, config=config, code=not no_code, workers=workers, unordered=unordered,
        engine=engine, scheduler=scheduler,
    )  # fmt: skip

    out = sys.stdout
    collected: list[Any] = []
    show = stdout_is_terminal() if progress is None else progress
    printing = (db is None and output is None) or also_print
    store = None
    sink = None
    try:
        if output is not None:
            from dotterel.engine import ParquetSink

            sink = ParquetSink(output)
        if db is not None:
            from dotterel.store import open_store

            store = open_store(db)
    except BaseException:
        run.close()
        if parallel is not None:
            parallel.close()
        raise

    def emit(outcome: Outcome) -> None:
        if printing:
            _write_outcome(outcome, fmt=fmt, out=out, collected=collected)

    def consume(outcomes: Any) -> None:
        if sink is not None:
            outcomes = sink.tee(outcomes)
        if store is None:
            for outcome in outcomes:
                emit(outcome)
            return

        def tee() -> Any:
            for outcome in outcomes:
                emit(outcome)
                yield outcome

        written = store.write(tee())
        click.echo(
            f"Store {db}: {written.added} articles added, {written.present} already stored, "
            f"{written.events} events, {written.happenings} new happenings, {written.joined} mentions joined "
            f"happenings, {written.failures} documents not coded (skipped, failed or duplicate).",
            err=True,
        )

    try:
        if show:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                Progress,
                SpinnerColumn,
                TextColumn,
                TimeElapsedColumn,
            )

            with Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                BarColumn(bar_width=None),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
            ) as bar:
                task = bar.add_task("ingesting", total=None)

                def counted() -> Any:
                    for outcome in run:
                        yield outcome
                        n = run.counts
                        parts = getattr(run, "partitions_total", None)
                        bar.update(
                            task,
                            description=(
                                f"{n['documents']} documents: {n['coded']} coded, {n['duplicates']} duplicates, "
                                f"{n['skipped']} skipped, {n['failed']} failed"
                                + (f"; {run.partitions_done}/{parts} partitions" if parts else "")
                            ),
                        )

                consume(counted())
        else:
            consume(run)
    finally:
        run.close()
        if parallel is not None:
            parallel.close()
        if store is not None:
            store.close()
        if sink is not None:
            sink.close()
            click.echo(
                f"Parquet {output}: {sink.rows['articles']} articles, {sink.rows['events']} events, "
                f"{sink.rows['failures']} documents not coded.",
                err=True,
            )
        report = run.report
        if fmt == "json" and printing:
            _finish_json(collected, out=out, code=not no_code)
        out.flush()
        for line in report.summary():
            click.echo(line, err=True)
        if report_json:
            try:
                Path(report_json).write_text(report.to_json() + "\n", encoding="utf-8")
            except OSError as exc:
                raise DotterelError(IngestErrors.E103, path=report_json, reason=exc.strerror or str(exc)) from None
    if not report.ok:
        click.echo("Nothing could be read.", err=True)
        sys.exit(1)
