"""The registry of readers: a name → reader mapping, and how one is chosen.

A reader is a function ``(source, context) -> Iterator[Article | Outcome]``: it yields
an :class:`~dotterel.records.Article` per document it reads, and a failed or skipped
:class:`~dotterel.records.Outcome` (with the document's origin and a one-line reason)
for each one it cannot. It may raise :class:`DocumentError` for the whole source.

A reader is chosen by ``--reader``, else by the file's suffix, else by sniffing the
first bytes. The registry is immutable: :meth:`Registry.with_reader` returns a new one.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Union

from dotterel.errors import DotterelError
from dotterel.ingest._errors import IngestErrors
from dotterel.ingest._options import ReadOptions
from dotterel.ingest._sources import DocumentError, Source, failed, head_bytes
from dotterel.records import Article, Outcome

if TYPE_CHECKING:
    from dotterel.ingest._fetch import Fetcher

__all__ = ["Item", "Reader", "ReaderSpec", "Registry", "ReadContext", "read_source", "expand"]

Item = Union[Article, Outcome]
Reader = Callable[[Source, "ReadContext"], Iterator[Item]]


@dataclass(frozen=True, slots=True)
class ReaderSpec:
    """A registered reader and how to recognise what it reads."""

    name: str
    read: Reader
    #: File suffixes it reads (without the dot; a trailing ``.gz`` is looked through).
    suffixes: tuple[str, ...] = ()
    #: Media types it reads (for fetched bodies).
    content_types: tuple[str, ...] = ()
    #: Recognises the first bytes of something it reads.
    sniff: Callable[[bytes], bool] | None = None
    #: Order in which sniffers are tried (lower first).
    priority: int = 50
    description: str = ""


class Registry(Mapping[str, ReaderSpec]):
    """An immutable mapping of reader names to :class:`ReaderSpec`."""

    __slots__ = ("_specs",)

    def __init__(self, specs: Iterable[ReaderSpec] = ()) -> None:
        self._specs: dict[str, ReaderSpec] = {}
        for spec in specs:
            self._specs[spec.name] = spec

    def __getitem__(self, name: str) -> ReaderSpec:
        return self._specs[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._specs)

    def __len__(self) -> int:
        return len(self._specs)

    def __repr__(self) -> str:
        return f"Registry({', '.join(self._specs)})"

    def with_reader(self, spec: ReaderSpec) -> Registry:
        """A new registry with ``spec`` added (or replacing the reader of that name)."""
        return Registry([*(s for s in self._specs.values() if s.name != spec.name), spec])

    def get_reader(self, name: str) -> ReaderSpec:
        try:
            return self._specs[name]
        except KeyError:
            raise DotterelError(IngestErrors.E100, name=name, choices=", ".join(sorted(self._specs))) from None

    def by_suffix(self, source: Source) -> ReaderSpec | None:
        suffixes = [s for s in source.suffixes if s]
        if suffixes and suffixes[-1] == "gz":
            suffixes = suffixes[:-1]
        if not suffixes:
            return None
        for spec in self._specs.values():
            if suffixes[-1] in spec.suffixes:
                return spec
        return None

    def by_content_type(self, content_type: str | None) -> ReaderSpec | None:
        if not content_type:
            return None
        media = content_type.split(";", 1)[0].strip().lower()
        for spec in self._specs.values():
            if media in spec.content_types:
                return spec
        return None

    def by_sniffing(self, head: bytes) -> ReaderSpec | None:
        for spec in sorted(self._specs.values(), key=lambda s: s.priority):
            if spec.sniff is not None and spec.sniff(head):
                return spec
        return None

    def choose(self, source: Source, *, forced: str | None = None) -> ReaderSpec:
        """The reader for ``source``: forced, else by sniffing what suffixes leave open.

        The suffix decides, except that sniffing may refine it: a ``.txt`` file that
        lists URLs is a URL list, an ``.xml`` file that is HTML is a page.
        """
        if forced:
            return self.get_reader(forced)
        by_name = self.by_suffix(source)
        head = head_bytes(source)
        sniffed = self.by_sniffing(head) if head else None
        if by_name is not None:
            if sniffed is not None and sniffed.name in _REFINES.get(by_name.name, ()):
                return sniffed
            return by_name
        by_type = self.by_content_type(source.content_type)
        if by_type is not None:
            if sniffed is not None and sniffed.name in _REFINES.get(by_type.name, ()):
                return sniffed
            return by_type
        if sniffed is not None:
            return sniffed
        return self.get_reader("text")


#: What sniffing may turn a suffix's (or media type's) choice into.
_REFINES: dict[str, tuple[str, ...]] = {
    "text": ("urls", "html", "feed", "warc"),
    "feed": ("html",),
    "html": ("feed",),
}


@dataclass(slots=True)
class ReadContext:
    """What readers share during one run: options, registry, and (lazily) a fetcher."""

    options: ReadOptions
    registry: Registry
    fetcher_factory: Callable[[], Fetcher] | None = None
    _fetcher: Fetcher | None = field(default=None, repr=False)

    @property
    def fetcher(self) -> Fetcher:
        if self._fetcher is None:
            if self.fetcher_factory is None:
                from dotterel.ingest._fetch import Fetcher

                self._fetcher = Fetcher(self.options.fetch)
            else:
                self._fetcher = self.fetcher_factory()
        return self._fetcher

    def close(self) -> None:
        if self._fetcher is not None:
            self._fetcher.close()
            self._fetcher = None

    def read(self, source: Source, *, reader: str | None = None) -> Iterator[Item]:
        """Read ``source`` with ``reader`` (else the one chosen for it)."""
        return read_source(source, self, reader=reader)


def read_source(source: Source, ctx: ReadContext, *, reader: str | None = None) -> Iterator[Item]:
    """Everything read from one source; errors become failed outcomes, never raise.

    A :class:`DocumentError` (or any error a reader did not expect) ends this source
    with one failed outcome naming it; the batch goes on with the next source.
    """
    spec = ctx.registry.choose(source, forced=reader or ctx.options.reader)
    try:
        yield from spec.read(source, ctx)
    except DocumentError as exc:
        yield Outcome(status=exc.status, reason=exc.reason, stage="read", origin=source.name)
    except (KeyboardInterrupt, SystemExit, GeneratorExit, DotterelError):
        raise
    except MemoryError:
        yield failed(source.name, "out of memory while reading")
    except Exception as exc:  # noqa: BLE001 - one bad document must not stop the batch
        yield failed(source.name, f"reader error: {type(exc).__name__}: {exc}".splitlines()[0][:300])


def _matches(rel: str, patterns: tuple[str, ...]) -> bool:
    name = rel.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatchcase(rel, p) or fnmatch.fnmatchcase(name, p) for p in patterns)


def expand(path: Path, options: ReadOptions, registry: Registry) -> Iterator[Source]:
    """The files under a folder, sorted, as sources to read.

    Hidden files and folders are left out; ``exclude`` globs leave out more; with
    ``include`` globs a file must match one, else it must be of a known type (by its
    suffix). Globs match the path relative to the folder, or the file's name.
    Symbolic links to folders are not followed (no loops).
    """
    for root, dirs, files in os.walk(path, followlinks=False):
        rel_root = PurePosixPath(Path(root).relative_to(path).as_posix())
        dirs[:] = sorted(
            d for d in dirs if not d.startswith(".") and not _matches(str(rel_root / d).lstrip("./"), options.exclude)
        )
        for name in sorted(files):
            if name.startswith("."):
                continue
            rel = str(rel_root / name)
            rel = rel[2:] if rel.startswith("./") else rel
            if options.exclude and _matches(rel, options.exclude):
                continue
            source = Source.from_path(Path(root) / name)
            if options.include:
                if not _matches(rel, options.include):
                    continue
            elif options.reader is None and registry.by_suffix(source) is None:
                continue
            yield source
