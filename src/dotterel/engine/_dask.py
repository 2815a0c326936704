"""The ingestion stages on Dask: partitions read and coded on the workers.

The driver (the process that runs ``dotterel ingest --engine dask``) only lists the
input: folders are expanded, Parquet files split into groups of row groups (from
their footers), large JSON Lines files into byte ranges, and the rest grouped into
partitions of about ``partition_bytes``. A ``dask.bag`` of those partitions is
mapped on the workers, where each partition is read where it lies (the paths must be
readable by every worker: a shared file system on a cluster), screened (language,
duplicates within the partition) and coded with the worker's cached model
(:func:`dotterel.engine._worker.worker_coder`).

Back on the driver, partitions are taken in order as they finish (at most
``window`` in flight), exact and near duplicates *across* partitions are linked to
their first copy (as one in-process run would), and one
:class:`~dotterel.records.Outcome` per document is yielded and counted, to be
written to Parquet (:class:`~dotterel.engine.ParquetSink`) and/or the store.

When a worker dies, Dask runs its partition again elsewhere; a partition that keeps
killing workers (``KilledWorker``) is read once more and its articles coded one per
task, so only the article that kills a worker fails, with the reason. Results come
back once per partition, so nothing is lost and nothing is counted twice.
"""

from __future__ import annotations

import dataclasses
import logging
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dotterel.engine._errors import EngineErrors
from dotterel.engine._worker import CoderFactory, code_chunk, peak_rss_mb, worker_coder, worker_detector
from dotterel.errors import DotterelError
from dotterel.ingest import IngestOptions, ReadOptions, ReaderSpec, Source, ingest
from dotterel.ingest._registry import ReadContext, expand, read_source
from dotterel.ingest._report import TalliedRun
from dotterel.ingest._sources import DocumentError, failed
from dotterel.ingest._urls import is_url
from dotterel.records import Article, Outcome

__all__ = [
    "Piece",
    "Partition",
    "PARQUET_READER",
    "plan_partitions",
    "code_partition",
    "outcome_bag",
    "dask_ingest",
    "DaskIngestion",
    "DEFAULT_PARTITION_BYTES",
]

#: About this many input bytes make one partition (some seconds of coding).
DEFAULT_PARTITION_BYTES = 1_000_000
_MIN_PARTITION_BYTES = 16_384
_PIECE = "dotterel-piece"
_LINE_SUFFIXES = ("jsonl", "ndjson", "jsonlines")
_PEEK = 1 << 16


# -- pieces of input ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Piece(Source):
    """A part of one input file that a worker reads: the whole file, a byte range of
    a JSON Lines file, or some row groups of a Parquet file."""

    kind: str = "file"  # "file" | "lines" | "parquet"
    start: int = 0  # lines: first byte
    end: int = 0  # lines: byte after the last
    row_groups: tuple[int, ...] = ()  # parquet
    first_row: int = 0  # parquet: rows before the first group (origins count from the file's start)
    reader: str | None = None  # file: the reader forced with --reader
    size: int = 0  # bytes (for partitioning)

    @property
    def suffixes(self) -> tuple[str, ...]:
        return (_PIECE,)


@dataclass(frozen=True, slots=True)
class Partition:
    """The pieces one task reads and codes."""

    index: int
    pieces: tuple[Piece, ...]

    @property
    def size(self) -> int:
        return sum(p.size for p in self.pieces)

    @property
    def name(self) -> str:
        first = self.pieces[0].name if self.pieces else "-"
        return first if len(self.pieces) == 1 else f"{first} (+{len(self.pieces) - 1} more)"


def _with_origin(item: Article | Outcome, origin: str) -> Article | Outcome:
    if isinstance(item, Article):
        return item.with_(origin=origin)
    return dataclasses.replace(item, origin=origin)


def _line_start(handle: Any, offset: int) -> int:
    """The first line start at or after ``offset``."""
    if offset == 0:
        return 0
    handle.seek(offset - 1)
    if handle.read(1) == b"\n":
        return offset
    handle.readline()
    return handle.tell()


def _count_lines(handle: Any, end: int) -> int:
    handle.seek(0)
    count, left = 0, end
    while left > 0:
        block = handle.read(min(left, 1 << 20))
        if not block:
            break
        count += block.count(b"\n")
        left -= len(block)
    return count


def _read_lines(piece: Piece, ctx: ReadContext) -> Iterator[Any]:
    """The JSON Lines records whose line starts in [start, end), with the file's line numbers."""
    from dotterel.ingest._tabular import read_jsonl

    assert piece.path is not None
    try:
        with open(piece.path, "rb") as handle:
            total = os.fstat(handle.fileno()).st_size
            first = _line_start(handle, piece.start)
            if first >= piece.end:
                return
            last = _line_start(handle, piece.end) if piece.end < total else total
            before = _count_lines(handle, first)
            handle.seek(first)
            data = handle.read(max(0, last - first))
    except OSError as exc:
        raise DocumentError(f"cannot read: {exc.strerror or exc}") from None
    if not data.strip():
        return
    name = piece.name
    for item in read_jsonl(Source.from_bytes(data, name=name), ctx):
        origin = item.origin or ""
        head, _, number = origin.rpartition(":")
        if head == name and number.isdigit():
            item = _with_origin(item, f"{name}:{int(number) + before}")
        yield item


def _parquet_rows(source: Source, ctx: ReadContext, row_groups: Sequence[int] | None, first_row: int) -> Iterator[Any]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from dotterel.ingest._tabular import record_article

    assert source.path is not None
    limit = ctx.options.max_bytes
    fields = ctx.options.fields
    try:
        parquet = pq.ParquetFile(source.path)
        groups = list(range(parquet.num_row_groups)) if row_groups is None else list(row_groups)
        row = first_row
        for batch in parquet.iter_batches(row_groups=groups, batch_size=256):
            for record in batch.to_pylist():
                row += 1
                origin = f"{source.name}#{row}"
                text_field = fields.text
                value = record.get(text_field) if text_field else None
                if isinstance(value, str) and len(value.encode("utf-8", "replace")) > limit:
                    yield failed(origin, f"too large: the record is over the limit of {limit:,} bytes")
                    continue
                yield record_article(record, fields, origin=origin, dotted=False)
    except (OSError, pa.ArrowException) as exc:
        raise DocumentError(f"invalid Parquet: {exc}".splitlines()[0][:300]) from None


def _read_parquet(source: Source, ctx: ReadContext) -> Iterator[Any]:
    """One article per row of a Parquet file (through the field mapping, like JSON Lines)."""
    yield from _parquet_rows(source, ctx, None, 0)


#: Parquet files: one article per row (``--text-field``, ...); origin ``FILE#ROW``.
PARQUET_READER = ReaderSpec(
    name="parquet",
    read=_read_parquet,
    suffixes=("parquet",),
    content_types=("application/vnd.apache.parquet",),
    sniff=None,
    priority=90,
    description="Parquet: one article per row (--text-field, ...); origin FILE#ROW",
)


def _read_piece(source: Source, ctx: ReadContext) -> Iterator[Any]:
    piece = source
    assert isinstance(piece, Piece)
    if piece.kind == "lines":
        yield from _read_lines(piece, ctx)
    elif piece.kind == "parquet":
        yield from _parquet_rows(piece, ctx, piece.row_groups, piece.first_row)
    else:
        yield from read_source(Source(name=piece.name, path=piece.path), ctx, reader=piece.reader)


_PIECE_READER = ReaderSpec(name=_PIECE, read=_read_piece, suffixes=(_PIECE,), description="a part of a file (Dask)")


def _worker_registry() -> Any:
    from dotterel.ingest import READERS

    return READERS.with_reader(PARQUET_READER).with_reader(_PIECE_READER)


# -- planning (on the driver) ---------------------------------------------------------


def _head(path: Path) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read(_PEEK)
    except OSError:
        return b""


def _row_groups(name: str, path: Path, groups: list[int], before: int, size: int) -> Piece:
    return Piece(name=name, path=path, kind="parquet", row_groups=tuple(groups), first_row=before, size=size)


def _pieces_of(path: Path, name: str, *, options: ReadOptions, partition_bytes: int) -> list[Piece]:
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    suffixes = Source.from_path(path).suffixes
    last = suffixes[-1] if suffixes else ""
    forced = options.reader
    if (forced is None and last == "parquet") or forced == "parquet":
        try:
            import pyarrow.parquet as pq

            meta = pq.ParquetFile(path).metadata
        except Exception:  # noqa: BLE001 - the worker reports the file as unreadable
            return [Piece(name=name, path=path, kind="file", reader="parquet", size=size)]
        pieces, groups, rows, group_bytes, before = [], [], 0, 0, 0
        for index in range(meta.num_row_groups):
            group = meta.row_group(index)
            if groups and group_bytes + group.total_byte_size > partition_bytes:
                pieces.append(_row_groups(name, path, groups, before, group_bytes))
                before, groups, group_bytes = rows, [], 0
            groups.append(index)
            group_bytes += group.total_byte_size
            rows += group.num_rows
        if groups:
            pieces.append(_row_groups(name, path, groups, before, group_bytes))
        return pieces
    head = _head(path) if size > partition_bytes else b""
    splittable = (
        size > partition_bytes
        and (forced is None and last in _LINE_SUFFIXES or forced == "jsonl")
        and not head.startswith(b"\x1f\x8b")
        and head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")
    )
    if splittable:
        from dotterel.ingest._tabular import _whole_json

        splittable = not _whole_json(head)
    if not splittable:
        return [Piece(name=name, path=path, kind="file", reader=forced, size=size)]
    return [
        Piece(
            name=name,
            path=path,
            kind="lines",
            start=start,
            end=min(size, start + partition_bytes),
            size=min(partition_bytes, size - start),
        )
        for start in range(0, size, partition_bytes)
    ]


def _paths(sources: Iterable[str | os.PathLike[str] | Source]) -> list[tuple[str, Path]]:
    """(name, path) of each source; ``E603`` for URLs and standard input."""
    paths = []
    for value in sources:
        if isinstance(value, Source):
            if value.path is None:
                what = "standard input" if value.name == "<stdin>" else f"in-memory input ({value.name})"
                raise DotterelError(EngineErrors.E603, what=what)  # type: ignore[arg-type]
            paths.append((value.name, value.path))
            continue
        text = os.fspath(value)
        if text == "-":
            raise DotterelError(EngineErrors.E603, what="standard input")  # type: ignore[arg-type]
        if is_url(text):
            raise DotterelError(EngineErrors.E603, what=f"URLs ({text})")  # type: ignore[arg-type]
        paths.append((text, Path(text)))
    return paths


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def plan_partitions(
    sources: Iterable[str | os.PathLike[str] | Source],
    *,
    options: ReadOptions | None = None,
    partition_bytes: int = DEFAULT_PARTITION_BYTES,
    min_partitions: int = 1,
) -> list[Partition | Outcome]:
    """The partitions of ``sources`` in input order, and outcomes for paths that do not exist.

    Partitions hold about ``partition_bytes`` of input, less when that would give fewer
    than ``min_partitions`` (so that every worker has work), but not under 16 KB.
    Reads directory listings and Parquet footers only. Raises ``E603`` for URLs and
    standard input (the workers read paths).
    """
    options = options or ReadOptions()
    if partition_bytes < 1:
        raise DotterelError(EngineErrors.E600, option="partition_bytes", reason="give 1 or more")  # type: ignore[arg-type]
    registry = _worker_registry()
    files: list[tuple[str, Path] | Outcome] = []
    for text, path in _paths(sources):
        if path.is_dir():
            for source in expand(path, options, registry):
                assert source.path is not None
                files.append((source.name, source.path))
        elif path.exists():
            files.append((text, path))
        else:
            files.append(failed(text, "not found: no such file or folder"))
    total = sum(_size(f[1]) for f in files if not isinstance(f, Outcome))
    if min_partitions > 1 and total:
        partition_bytes = min(partition_bytes, max(_MIN_PARTITION_BYTES, -(-total // min_partitions)))
    entries: list[Piece | Outcome] = []
    for entry in files:
        if isinstance(entry, Outcome):
            entries.append(entry)
        else:
            entries += _pieces_of(entry[1], entry[0], options=options, partition_bytes=partition_bytes)
    plan: list[Partition | Outcome] = []
    group: list[Piece] = []
    group_bytes = 0

    def close_group() -> None:
        nonlocal group, group_bytes
        if group:
            plan.append(Partition(len([p for p in plan if isinstance(p, Partition)]), tuple(group)))
            group, group_bytes = [], 0

    for entry in entries:
        if isinstance(entry, Outcome):
            close_group()
            plan.append(entry)
            continue
        if entry.kind != "file" or entry.size >= partition_bytes:
            close_group()
            group = [entry]
            close_group()
            continue
        if group and group_bytes + entry.size > partition_bytes:
            close_group()
        group.append(entry)
        group_bytes += entry.size
    close_group()
    return plan


# -- on the workers -------------------------------------------------------------------


class _ChunkedCoder:
    """The worker's cached coder, fed chunk by chunk (a memory zone per chunk)."""

    def __init__(self, config: Any, factory: CoderFactory | None) -> None:
        self.config = config
        self.factory = factory

    def code_many(self, articles: Iterable[Article]) -> Iterator[Outcome]:
        size = self.config.batch_size
        batch: list[Article] = []
        for article in articles:
            batch.append(article)
            if len(batch) >= size:
                yield from code_chunk(batch, config=self.config, factory=self.factory)
                batch = []
        if batch:
            yield from code_chunk(batch, config=self.config, factory=self.factory)


def _worker_options(options: IngestOptions) -> IngestOptions:
    # pieces are routed by their own reader; a forced reader travels in each piece
    return options.replace(read=dataclasses.replace(options.read, reader=None))


def code_partition(
    partition: Partition, *, config: Any, options: IngestOptions, factory: CoderFactory | None = None, code: bool = True
) -> list[Outcome]:
    """Read, screen and code one partition (on a worker): one outcome per document."""
    run = ingest(
        list(partition.pieces),
        coder=_ChunkedCoder(config, factory) if code else None,
        code=code,
        options=_worker_options(options),
        config=config,
        registry=_worker_registry(),
        detector=worker_detector,
    )
    try:
        return list(run)
    finally:
        run.close()


def _code_partitions(specs: Sequence[Partition], config: Any, options: IngestOptions, factory: Any, code: bool) -> list[Outcome]:
    result: list[Outcome] = []
    for spec in specs:
        result += code_partition(spec, config=config, options=options, factory=factory, code=code)
    return result


def _code_articles(articles: Sequence[Article], config: Any, factory: Any) -> list[Outcome]:
    return code_chunk(list(articles), config=config, factory=factory)


def _warm(config: Any, factory: Any) -> float:
    worker_coder(config, factory)
    worker_detector()
    return peak_rss_mb()


def outcome_bag(
    partitions: Sequence[Partition],
    *,
    config: Any,
    options: IngestOptions | None = None,
    coder_factory: CoderFactory | None = None,
    code: bool = True,
) -> Any:
    """A ``dask.bag.Bag`` of outcomes: one bag partition per input partition.

    For Dask users who want to go on in Dask (``.map``, ``.to_dataframe`` ...);
    :func:`dask_ingest` computes it partition by partition.
    """
    import dask.bag as db

    options = options or IngestOptions()
    if not partitions:
        return db.from_sequence([], npartitions=1)
    return db.from_sequence(list(partitions), npartitions=len(partitions)).map_partitions(
        _code_partitions, config, options, coder_factory, code
    )


# -- the driver -----------------------------------------------------------------------


def _connect(scheduler: str | None, workers: int, threads: int, timeout: float) -> tuple[Any, Any]:
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise DotterelError(EngineErrors.E604, reason=str(exc)) from None  # type: ignore[arg-type]
    if scheduler:
        try:
            return Client(scheduler, timeout=timeout, set_as_default=False), None
        except (OSError, TimeoutError, ValueError) as exc:
            raise DotterelError(EngineErrors.E605, address=scheduler, reason=str(exc) or type(exc).__name__) from None  # type: ignore[arg-type]
    cluster = LocalCluster(
        n_workers=workers,
        threads_per_worker=threads,
        processes=True,
        dashboard_address=":0",  # a free port (8787 may be taken by another cluster)
        silence_logs=logging.CRITICAL,
    )
    return Client(cluster, set_as_default=False), cluster


class DaskIngestion(TalliedRun):
    """The outcomes of a Dask run, one per document, and their report (like ``Ingestion``).

    Iterate it once; :attr:`counts` and :attr:`report` are snapshots at any time.
    """

    def __init__(
        self,
        plan: list[Partition | Outcome],
        *,
        client: Any,
        cluster: Any,
        owns_client: bool,
        config: Any,
        options: IngestOptions,
        coder_factory: CoderFactory | None,
        code: bool,
        ordered: bool,
        window: int | None,
    ) -> None:
        self.client = client
        self._cluster = cluster
        self._owns_client = owns_client
        self._plan = plan
        self._config = config
        self._options = options
        self._factory = coder_factory
        self._code = code
        self._ordered = ordered
        threads = sum((client.nthreads() or {}).values()) or 1
        self._window = window or max(2, 2 * threads)
        super().__init__()
        self._dedupe: Any = None
        self.partitions_total = sum(1 for p in plan if isinstance(p, Partition))
        self.partitions_done = 0
        #: Partitions whose tasks killed workers and that were coded one article per task.
        self.isolated = 0
        self._run = self._outcomes()

    # -- iteration ---------------------------------------------------------------
    def close(self) -> None:
        """Stop (if running); close the client and the cluster this run made (not one it was given)."""
        super().close()
        if self._owns_client:
            self._owns_client = False
            try:
                self.client.close()
            finally:
                if self._cluster is not None:
                    self._cluster.close()
                    self._cluster = None

    def warm(self) -> dict[str, float]:
        """Load the model on every worker now; their peak RSS (MB) by address."""
        return dict(self.client.run(_warm, self._config, self._factory))

    def worker_memory(self) -> dict[str, float]:
        """Each worker's peak RSS so far (MB), by address."""
        return dict(self.client.run(peak_rss_mb))

    # -- the run -----------------------------------------------------------------
    def _screen(self, outcome: Outcome) -> Outcome:
        """Link a copy of an article from an earlier partition to its first copy."""
        article = outcome.article
        if (
            not self._code
            or article is None
            or outcome.duplicate_of is not None
            or outcome.stage in ("read", "language", "dedupe")
            or outcome.status in ("duplicate", "read")
        ):
            return outcome
        if self._dedupe is None:
            from dotterel.ingest import Deduplicator

            self._dedupe = Deduplicator(threshold=self._options.near_threshold, near=self._options.near_duplicates)
        duplicate = self._dedupe.check(article)
        if duplicate is None:
            return outcome
        if duplicate.kind == "near" and self._options.code_near_duplicates:
            return dataclasses.replace(outcome, duplicate_of=duplicate.of)
        return Outcome(
            status="duplicate",
            article=article,
            reason=duplicate.reason,
            stage="dedupe",
            origin=outcome.origin,
            duplicate_of=duplicate.of,
        )

    def _isolate(self, partition: Partition, cause: BaseException) -> list[Outcome]:
        """A partition that killed workers: read it again, code each article in its own task."""
        self.isolated += 1
        client = self.client
        try:
            read = client.submit(
                code_partition, partition, config=self._config, options=self._options, factory=self._factory,
                code=False, pure=False,
            ).result()  # fmt: skip
        except Exception as exc:  # noqa: BLE001 - reading itself kills workers: the pieces fail
            return [failed(p.name, f"worker crashed while reading it ({type(exc).__name__})") for p in partition.pieces]
        if not self._code:
            return list(read)
        futures = {
            i: client.submit(_code_articles, [o.article], self._config, self._factory, pure=False)
            for i, o in enumerate(read)
            if o.status == "read" and o.article is not None
        }
        coded_by: dict[int, Outcome] = {}
        suspects: list[int] = []
        for i, future in futures.items():
            try:
                coded_by[i] = future.result()[0]
            except Exception:  # noqa: BLE001 - this article, or one beside it on that worker, kills workers
                suspects.append(i)
            future.release()
        for i in suspects:  # one at a time, so an article is blamed only for what it does alone
            article = read[i].article
            assert article is not None
            try:
                coded_by[i] = client.submit(_code_articles, [article], self._config, self._factory, pure=False).result()[0]
            except Exception as exc:  # noqa: BLE001 - this article kills workers
                coded_by[i] = Outcome("failed", article=article, reason=f"worker crashed while coding it ({type(exc).__name__})",
                                      stage="code", origin=article.origin)  # fmt: skip
        outcomes: list[Outcome] = []
        for i, entry in enumerate(read):
            coded = coded_by.get(i)
            if coded is None:
                outcomes.append(entry)
                continue
            article = entry.article
            assert article is not None
            changes: dict[str, Any] = {}
            if coded.origin is None:
                changes["origin"] = article.origin
            if entry.duplicate_of and coded.duplicate_of is None:
                changes["duplicate_of"] = entry.duplicate_of
            outcomes.append(dataclasses.replace(coded, **changes) if changes else coded)
        return outcomes

    def _outcomes(self) -> Iterator[Outcome]:
        from distributed import as_completed

        plan = self._plan
        partitions = [p for p in plan if isinstance(p, Partition)]
        delayed = outcome_bag(
            partitions, config=self._config, options=self._options, coder_factory=self._factory, code=self._code
        ).to_delayed() if partitions else []  # fmt: skip
        position = {p.index: i for i, p in enumerate(plan) if isinstance(p, Partition)}
        results: dict[int, list[Outcome]] = {i: [o] for i, o in enumerate(plan) if isinstance(o, Outcome)}
        finished: list[int] = [i for i in results]
        pending = as_completed(loop=self.client.loop)
        index_of: dict[Any, int] = {}
        submitted = 0
        next_out = 0

        def submit_more() -> None:
            nonlocal submitted
            while submitted < len(partitions) and len(index_of) < self._window:
                future = self.client.compute(delayed[submitted])
                index_of[future] = submitted
                pending.add(future)
                submitted += 1

        def ready() -> Iterator[Outcome]:
            nonlocal next_out
            if self._ordered:
                while next_out in results:
                    for outcome in results.pop(next_out):
                        yield self._screen(outcome)
                    next_out += 1
            else:
                while finished:
                    for outcome in results.pop(finished.pop(0)):
                        yield self._screen(outcome)

        try:
            submit_more()
            yield from ready()
            while index_of:
                future = next(pending)
                number = index_of.pop(future)
                try:
                    outcomes = future.result()
                except Exception as exc:  # noqa: BLE001 - KilledWorker, or a task that raised
                    outcomes = self._isolate(partitions[number], exc)
                future.release()
                self.partitions_done += 1
                results[position[number]] = outcomes
                finished.append(position[number])
                submit_more()
                yield from ready()
            yield from ready()
        finally:
            for future in list(index_of):
                try:
                    future.cancel()
                except Exception:  # noqa: BLE001 - the client may be closed already
                    pass


def dask_ingest(
    sources: Iterable[str | os.PathLike[str] | Source],
    *,
    options: IngestOptions | None = None,
    config: Any = None,
    scheduler: str | None = None,
    workers: int | None = None,
    threads_per_worker: int = 1,
    client: Any = None,
    coder_factory: CoderFactory | None = None,
    code: bool = True,
    ordered: bool = True,
    partition_bytes: int = DEFAULT_PARTITION_BYTES,
    window: int | None = None,
    connect_timeout: float = 20.0,
) -> DaskIngestion:
    """Ingest ``sources`` (files and folders) on Dask; iterate for one outcome per document.

    Uses ``client`` if given, else connects to ``scheduler`` (an address such as
    ``tcp://10.0.0.5:8786``), else starts a ``LocalCluster`` of ``workers`` processes
    (default: the number of cores) with ``threads_per_worker`` threads, which
    :meth:`DaskIngestion.close` shuts down. Raises ``E603`` for URLs and standard
    input, ``E605`` when the scheduler cannot be reached.
    """
    from dotterel.engine._parallel import _check, _config, default_workers

    from dotterel.engine import _worker

    options = options or IngestOptions()
    config = _config(config)
    count = workers or default_workers()
    _check(count, None, "spawn", None, coder_factory)
    if coder_factory is None:  # resolved here and sent with every task
        coder_factory = _worker.default_factory
    if threads_per_worker < 1:
        raise DotterelError(EngineErrors.E600, option="threads_per_worker", reason="give 1 or more")  # type: ignore[arg-type]
    if options.read.reader is not None:
        _worker_registry().get_reader(options.read.reader)  # E100 before anything runs
    paths = [Source(name=name, path=path) for name, path in _paths(sources)]  # E603 before a cluster starts
    cluster = None
    owns_client = client is None
    if client is None:
        client, cluster = _connect(scheduler, count, threads_per_worker, connect_timeout)
    try:
        threads = sum((client.nthreads() or {}).values()) or count * threads_per_worker
        plan = plan_partitions(paths, options=options.read, partition_bytes=partition_bytes, min_partitions=8 * threads)
    except BaseException:
        if owns_client:
            client.close()
            if cluster is not None:
                cluster.close()
        raise
    return DaskIngestion(
        plan,
        client=client,
        cluster=cluster,
        owns_client=owns_client,
        config=config,
        options=options,
        coder_factory=coder_factory,
        code=code,
        ordered=ordered,
        window=window,
    )
