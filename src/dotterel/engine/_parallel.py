"""Several coding processes on one machine (``multiprocessing``, spawn or forkserver).

:func:`code_parallel` streams articles to worker processes in chunks of
``batch_size`` and yields one :class:`~dotterel.records.Outcome` per article:

- each worker loads the model once, when it starts (its "initializer"), and keeps
  it (:func:`dotterel.engine._worker.worker_coder`);
- the input is read as the work goes: at most ``workers * prefetch + 1`` chunks are
  in flight or waiting to be yielded, so memory does not depend on the corpus;
- output is in input order (``ordered=True``), or chunk by chunk as they finish;
- every worker has its own pair of pipes (no shared queue whose lock a dying
  worker could keep), so the parent always knows which chunk a dead worker held.
  That chunk is coded again one article at a time; an article that kills a worker
  when coded alone becomes a ``failed`` outcome with the reason ("worker crashed
  while coding it: killed by signal 9"); the worker is replaced and the run goes
  on. With ``timeout``, a worker that spends longer on one task is killed and
  handled the same way. Nothing hangs and nothing is lost or given twice.

:class:`ParallelCoder` wraps it in the ``code_many`` interface that
:func:`dotterel.ingest.ingest` takes as ``coder=``.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import pickle
import queue
import signal
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any

from dotterel.engine import _worker
from dotterel.engine._errors import EngineErrors
from dotterel.engine._worker import (
    ChunkCoder,
    CoderFactory,
    code_chunk,
    current_rss_mb,
    peak_rss_mb,
    worker_coder,
)
from dotterel.errors import DotterelError
from dotterel.records import Article, Outcome

__all__ = ["code_parallel", "ParallelCoder", "ParallelRun", "WorkerStats", "default_workers", "START_METHODS"]

#: The start methods a pool may use (``fork`` is left out: spaCy's threads do not survive it).
START_METHODS = ("spawn", "forkserver")
#: Consecutive workers that may die before they are ready before the run gives up.
_START_FAILURES = 3
#: Seconds a worker is given to finish its work and exit when the pool closes.
_GRACE = 5.0


def default_workers() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True, slots=True)
class WorkerStats:
    """What one worker process did, and its memory (as it last reported)."""

    pid: int
    tasks: int
    articles: int
    peak_rss_mb: float
    rss_mb: float
    ended: str | None = None  # why it ended early ("killed by signal 9"), else None


# -- the worker process -------------------------------------------------------------


def _send(conn: Connection, message: Any) -> bool:
    try:
        conn.send(message)
        return True
    except (OSError, EOFError):
        return False


def _worker_main(tasks: Connection, results: Connection, config: Any, factory: CoderFactory | None) -> None:
    """A worker: load the model once, then code the chunks it is sent until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us
    inbox: queue.SimpleQueue[Any] = queue.SimpleQueue()

    def receive() -> None:  # always reading, so the parent never blocks sending
        while True:
            try:
                item = tasks.recv()
            except (EOFError, OSError):
                item = None
            inbox.put(item)
            if item is None:
                return

    threading.Thread(target=receive, name="dotterel-receive", daemon=True).start()
    try:
        worker_coder(config, factory)
    except DotterelError as exc:
        _send(results, ("error", exc.message))
        return
    except Exception as exc:  # noqa: BLE001 - reported to the parent as E601
        _send(results, ("error", f"{type(exc).__name__}: {exc}".splitlines()[0][:300]))
        return
    if not _send(results, ("ready", os.getpid(), peak_rss_mb(), current_rss_mb())):
        return
    while True:
        task = inbox.get()
        if task is None:
            return
        task_id, articles = task
        outcomes = code_chunk(articles, config=config, factory=factory)
        try:
            results.send(("done", task_id, outcomes, peak_rss_mb(), current_rss_mb()))
        except (OSError, EOFError):
            return  # the parent is gone
        except (pickle.PicklingError, TypeError, AttributeError) as exc:  # an outcome that cannot travel
            reason = f"the result cannot be sent back: {type(exc).__name__}: {exc}".splitlines()[0][:300]
            failed = [
                Outcome("failed", article=a, reason=reason, stage="code", origin=a.origin) for a in articles
            ]
            if not _send(results, ("done", task_id, failed, peak_rss_mb(), current_rss_mb())):
                return


# -- the parent's side --------------------------------------------------------------


@dataclass(slots=True)
class _Task:
    id: int
    seq: int  # the chunk it belongs to
    start: int  # where its articles start in the chunk
    articles: list[Article]
    isolated: bool = False  # one article, retried alone after a crash


@dataclass(slots=True)
class _Chunk:
    seq: int
    articles: list[Article]
    results: list[Outcome | None]
    remaining: int


@dataclass(slots=True)
class _Event:
    kind: str  # "done" | "crashed"
    task: _Task
    outcomes: list[Outcome] = field(default_factory=list)
    reason: str = ""
    suspect: bool = False  # the task the worker was coding when it died


def _exit_reason(code: int | None) -> str:
    if code is None:
        return "it stopped answering"
    if code < 0:
        try:
            return f"killed by signal {-code} ({signal.Signals(-code).name})"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}"


class _Worker:
    """The parent's handle on one worker process."""

    def __init__(self, ctx: Any, index: int, config: Any, factory: CoderFactory | None) -> None:
        task_reader, self.tasks = ctx.Pipe(duplex=False)
        self.results, result_writer = ctx.Pipe(duplex=False)
        self.process = ctx.Process(
            target=_worker_main,
            args=(task_reader, result_writer, config, factory),
            name=f"dotterel-worker-{index}",
            daemon=True,
        )
        self.process.start()
        task_reader.close()
        result_writer.close()
        self.assigned: deque[_Task] = deque()
        self.ready = False
        self.pid: int = self.process.pid or 0
        self.busy_since: float | None = None
        self.kill_reason: str | None = None
        self.task_count = 0
        self.article_count = 0
        self.peak_rss = 0.0
        self.rss = 0.0

    def stats(self, ended: str | None = None) -> WorkerStats:
        return WorkerStats(self.pid, self.task_count, self.article_count, round(self.peak_rss, 1), round(self.rss, 1), ended)

    def close(self) -> None:
        for conn in (self.tasks, self.results):
            try:
                conn.close()
            except OSError:
                pass


class _Pool:
    """Worker processes, their pipes, and what each was given."""

    def __init__(
        self,
        *,
        workers: int,
        config: Any,
        factory: CoderFactory | None,
        start_method: str,
        prefetch: int,
        timeout: float | None,
    ) -> None:
        self.size = workers
        self.config = config
        # resolved here, in the parent, and sent to the workers with the config
        self.factory = factory if factory is not None else _worker.default_factory
        self.prefetch = prefetch
        self.timeout = timeout
        self._ctx = multiprocessing.get_context(start_method)
        self._workers: list[_Worker] = []
        self._ended: list[WorkerStats] = []
        self._spawned = 0
        self._start_failures = 0
        self._ids = itertools.count()
        self.started = False

    # -- life cycle ------------------------------------------------------------------
    def _spawn(self) -> None:
        self._spawned += 1
        self._workers.append(_Worker(self._ctx, self._spawned, self.config, self.factory))

    def start(self) -> None:
        if not self.started:
            self.started = True
            for _ in range(self.size):
                self._spawn()

    def wait_ready(self) -> None:
        """Block until every worker has loaded its model."""
        self.start()
        while not all(w.ready for w in self._workers):
            events = self.poll(1.0)
            if events:  # pragma: no cover - no task was given; nothing to report
                raise RuntimeError("unexpected work before the pool was ready")

    def close(self) -> None:
        workers, self._workers = self._workers, []
        for w in workers:
            _send(w.tasks, None)
        deadline = time.monotonic() + _GRACE
        for w in workers:
            w.process.join(max(0.0, deadline - time.monotonic()))
            if w.process.is_alive():
                w.process.kill()
                w.process.join(1.0)
            self._ended.append(w.stats())
            w.close()
        self.started = False

    def next_id(self) -> int:
        return next(self._ids)

    def stats(self) -> list[WorkerStats]:
        return [*self._ended, *(w.stats() for w in self._workers)]

    # -- work ------------------------------------------------------------------------
    def submit(self, task: _Task) -> bool:
        """Give ``task`` to the least busy worker with room; False when none has."""
        room = [w for w in self._workers if len(w.assigned) < self.prefetch and w.kill_reason is None]
        if not room:
            return False
        w = min(room, key=lambda w: len(w.assigned))
        if w.ready and not w.assigned:
            w.busy_since = time.monotonic()
        w.assigned.append(task)
        _send(w.tasks, (task.id, task.articles))  # a dead worker is found by poll()
        return True

    def _owner(self, obj: Any) -> _Worker | None:
        for w in self._workers:
            if obj is w.results or obj == w.process.sentinel:
                return w
        return None

    def _handle(self, w: _Worker, message: Any, events: list[_Event]) -> None:
        kind = message[0]
        if kind == "ready":
            w.ready = True
            w.pid, w.peak_rss, w.rss = message[1], message[2], message[3]
            self._start_failures = 0
            if w.assigned:
                w.busy_since = time.monotonic()
        elif kind == "done":
            _, task_id, outcomes, w.peak_rss, w.rss = message
            if not w.assigned or w.assigned[0].id != task_id:  # pragma: no cover - pipes keep order
                raise RuntimeError("a worker answered out of turn")
            task = w.assigned.popleft()
            w.task_count += 1
            w.article_count += len(task.articles)
            w.busy_since = time.monotonic() if w.assigned else None
            events.append(_Event("done", task, outcomes))
        elif kind == "error":
            raise DotterelError(EngineErrors.E601, reason=message[1])  # type: ignore[arg-type]

    def _bury(self, w: _Worker, events: list[_Event]) -> None:
        """A worker died: give back its tasks, replace it."""
        while True:  # what it sent before it died still counts
            try:
                if not w.results.poll():
                    break
                self._handle(w, w.results.recv(), events)
            except (EOFError, OSError):
                break
        w.process.join(1.0)
        reason = w.kill_reason or _exit_reason(w.process.exitcode)
        self._workers.remove(w)
        self._ended.append(w.stats(ended=reason))
        w.close()
        if not w.ready:
            self._start_failures += 1
            if self._start_failures >= _START_FAILURES:
                raise DotterelError(EngineErrors.E602, count=self._start_failures, reason=reason)  # type: ignore[arg-type]
        for position, task in enumerate(w.assigned):
            events.append(_Event("crashed", task, reason=reason, suspect=w.ready and position == 0))
        w.assigned.clear()
        self._spawn()

    def poll(self, timeout: float) -> list[_Event]:
        """Wait up to ``timeout`` seconds for results and deaths; what happened."""
        events: list[_Event] = []
        if self.timeout is not None:
            now = time.monotonic()
            for w in self._workers:
                if w.busy_since is not None and w.kill_reason is None and now - w.busy_since > self.timeout:
                    w.kill_reason = f"timed out: one task took over {self.timeout:g} s"
                    w.process.kill()
                    timeout = min(timeout, 0.1)
            busy = [w.busy_since for w in self._workers if w.busy_since is not None and w.kill_reason is None]
            if busy:
                timeout = max(0.01, min(timeout, min(busy) + self.timeout - now + 0.01))
        objects: list[Any] = []
        for w in self._workers:
            objects += [w.results, w.process.sentinel]
        for obj in wait(objects, timeout):
            w = self._owner(obj)
            if w is None:  # already buried in this round
                continue
            if obj is w.results:
                try:
                    message = w.results.recv()
                except (EOFError, OSError):
                    self._bury(w, events)
                    continue
                self._handle(w, message, events)
            else:
                self._bury(w, events)
        return events


def _failed(article: Article, reason: str) -> Outcome:
    return Outcome("failed", article=article, reason=reason, stage="code", origin=article.origin)


class ParallelRun(Iterator[Outcome]):
    """The outcomes of one parallel run (iterate it once); ``stats`` describes the workers."""

    def __init__(self, articles: Iterable[Article], *, pool: _Pool, size: int, ordered: bool, owns_pool: bool) -> None:
        self._articles = articles
        self._pool = pool
        self._size = size
        self._ordered = ordered
        self._owns_pool = owns_pool
        self._window = pool.size * pool.prefetch + 1
        self._run = self._outcomes()

    def __next__(self) -> Outcome:
        return next(self._run)

    def __iter__(self) -> ParallelRun:
        return self

    def close(self) -> None:
        """Stop early: the workers are stopped (a pool of its own) or reset."""
        self._run.close()

    @property
    def stats(self) -> list[WorkerStats]:
        return self._pool.stats()

    def _outcomes(self) -> Iterator[Outcome]:
        pool = self._pool
        pool.start()
        source = iter(self._articles)
        exhausted = False
        chunks: dict[int, _Chunk] = {}
        todo: deque[_Task] = deque()
        next_seq = 0
        next_out = 0
        finished: deque[int] = deque()  # complete chunks, in the order they completed
        clean = False
        try:
            while True:
                while not exhausted and len(chunks) < self._window:
                    batch = list(itertools.islice(source, self._size))
                    if not batch:
                        exhausted = True
                        break
                    chunks[next_seq] = _Chunk(next_seq, batch, [None] * len(batch), len(batch))
                    todo.append(_Task(pool.next_id(), next_seq, 0, batch))
                    next_seq += 1
                while todo and pool.submit(todo[0]):
                    todo.popleft()
                if self._ordered:
                    while next_out in chunks and chunks[next_out].remaining == 0:
                        chunk = chunks.pop(next_out)
                        next_out += 1
                        yield from chunk.results  # type: ignore[misc]
                else:
                    while finished:
                        yield from chunks.pop(finished.popleft()).results  # type: ignore[misc]
                if exhausted and not chunks:
                    clean = True
                    return
                for event in pool.poll(1.0):
                    chunk = chunks[event.task.seq]
                    task = event.task
                    if event.kind == "done":
                        self._fill(chunk, task.start, event.outcomes, task.articles)
                    elif not event.suspect:  # queued behind the crash: not to blame
                        todo.appendleft(_Task(pool.next_id(), task.seq, task.start, task.articles, task.isolated))
                    elif len(task.articles) > 1 or not task.isolated:  # find the culprit: one at a time
                        singles = [
                            _Task(pool.next_id(), task.seq, task.start + i, [a], isolated=True)
                            for i, a in enumerate(task.articles)
                        ]
                        todo.extendleft(reversed(singles))
                    else:  # it kills a worker when coded alone
                        reason = f"worker crashed while coding it: {event.reason}"
                        self._fill(chunk, task.start, [_failed(task.articles[0], reason)], task.articles)
                    if chunk.remaining == 0 and not self._ordered:
                        finished.append(chunk.seq)
        finally:
            if self._owns_pool or not clean:
                pool.close()

    @staticmethod
    def _fill(chunk: _Chunk, start: int, outcomes: list[Outcome], articles: list[Article]) -> None:
        if len(outcomes) != len(articles):  # pragma: no cover - code_chunk gives one each
            outcomes = [_failed(a, "not coded: the worker gave no outcome") for a in articles]
        for offset, outcome in enumerate(outcomes):
            if chunk.results[start + offset] is None:
                chunk.remaining -= 1
            chunk.results[start + offset] = outcome


def _check(
    workers: int, batch_size: int | None, start_method: str, timeout: float | None, factory: CoderFactory | None
) -> None:
    if not isinstance(workers, int) or workers < 1:
        raise DotterelError(EngineErrors.E600, option="workers", reason=f"{workers!r}; give 1 or more")  # type: ignore[arg-type]
    if batch_size is not None and batch_size < 1:
        raise DotterelError(EngineErrors.E600, option="batch_size", reason=f"{batch_size!r}; give 1 or more")  # type: ignore[arg-type]
    if start_method not in START_METHODS:
        raise DotterelError(
            EngineErrors.E600, option="start_method", reason=f"{start_method!r}; choose one of {', '.join(START_METHODS)}"  # type: ignore[arg-type]
        )
    if timeout is not None and not timeout > 0:
        raise DotterelError(EngineErrors.E600, option="timeout", reason=f"{timeout!r}; give seconds above 0")  # type: ignore[arg-type]
    if factory is not None:
        try:
            pickle.dumps(factory)
        except Exception as exc:  # noqa: BLE001 - any pickling failure means the same
            raise DotterelError(EngineErrors.E610, factory=factory, reason=str(exc)) from None  # type: ignore[arg-type]


def _config(config: Any) -> Any:
    """The configuration the workers use: the given one (else loaded), without in-run learning.

    A worker sees only some of the articles, in an order that depends on scheduling,
    so people are not learned from one article for the next (``learn_people``): the
    coding of an article does not depend on which worker codes it, or on retries.
    """
    if config is None:
        from dotterel.config import load_config

        config = load_config()
    if getattr(config, "learn_people", False):
        config = config.replace(learn_people=False)
    return config


def code_parallel(
    articles: Iterable[Article],
    *,
    workers: int,
    config: Any = None,
    ordered: bool = True,
    batch_size: int | None = None,
    coder_factory: CoderFactory | None = None,
    start_method: str = "spawn",
    timeout: float | None = None,
    prefetch: int = 2,
) -> ParallelRun:
    """Code ``articles`` in ``workers`` processes; one outcome per article.

    Articles travel in chunks of ``batch_size`` (default: the configuration's); each
    worker holds ``prefetch`` chunks (one coding, the next waiting). ``ordered``
    yields in input order; otherwise chunk by chunk as they finish. ``coder_factory``
    (a picklable ``config -> coder``; default ``dotterel.pipeline.Coder``) makes each
    worker's coder. ``timeout`` kills a worker that spends longer on one task.
    Raises :class:`DotterelError` (``E600``) for bad options now, and ``E601`` /
    ``E602`` while iterating when workers cannot start.
    """
    _check(workers, batch_size, start_method, timeout, coder_factory)
    config = _config(config)
    pool = _Pool(
        workers=workers,
        config=config,
        factory=coder_factory,
        start_method=start_method,
        prefetch=max(1, prefetch),
        timeout=timeout,
    )
    return ParallelRun(articles, pool=pool, size=batch_size or config.batch_size, ordered=ordered, owns_pool=True)


class ParallelCoder:
    """A coder for :func:`dotterel.ingest.ingest` that codes in worker processes.

    ``ParallelCoder(config, workers=4).code_many(articles)`` streams like
    ``Coder.code_many``. The workers start on first use (or :meth:`start`) and stay
    until :meth:`close` (it is a context manager). ``workers=1``, and an input that
    fits in one chunk (at most ``inprocess_below`` articles, default one chunk), are
    coded in this process instead, by ``inprocess()`` (default: the factory's coder),
    because starting workers would cost more than it saves.
    """

    def __init__(
        self,
        config: Any = None,
        *,
        workers: int,
        ordered: bool = True,
        batch_size: int | None = None,
        coder_factory: CoderFactory | None = None,
        start_method: str = "spawn",
        timeout: float | None = None,
        inprocess: Any = None,
        inprocess_below: int | None = None,
    ) -> None:
        _check(workers, batch_size, start_method, timeout, coder_factory)
        self.config = _config(config)
        self.workers = workers
        self.ordered = ordered
        self.batch_size = batch_size or self.config.batch_size
        self.coder_factory = coder_factory
        self._inprocess_factory = inprocess
        self._inprocess_below = self.batch_size if inprocess_below is None else inprocess_below
        self._local: ChunkCoder | None = None
        self._pool = _Pool(
            workers=workers,
            config=self.config,
            factory=coder_factory,
            start_method=start_method,
            prefetch=2,
            timeout=timeout,
        )

    def __enter__(self) -> ParallelCoder:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def start(self) -> None:
        """Start the workers and wait until each has loaded its model."""
        if self.workers > 1:
            self._pool.wait_ready()

    def close(self) -> None:
        """Stop the workers."""
        self._pool.close()

    @property
    def stats(self) -> list[WorkerStats]:
        """The workers so far (those that ended too)."""
        return self._pool.stats()

    def _local_coder(self) -> ChunkCoder:
        if self._local is None:
            factory = self._inprocess_factory
            self._local = factory() if factory is not None else self._pool.factory(self.config)
        return self._local

    def code_many(self, articles: Iterable[Article], *, batch_size: int | None = None) -> Iterator[Outcome]:
        """One outcome per article: in input order unless made with ``ordered=False``."""
        size = batch_size or self.batch_size
        if self.workers == 1:
            yield from self._local_coder().code_many(articles)
            return
        source = iter(articles)
        if not self._pool.started and self._inprocess_below > 0:
            head = list(itertools.islice(source, self._inprocess_below + 1))
            if len(head) <= self._inprocess_below:
                yield from self._local_coder().code_many(head)
                return
            source = itertools.chain(head, source)
        yield from ParallelRun(source, pool=self._pool, size=size, ordered=self.ordered, owns_pool=False)
