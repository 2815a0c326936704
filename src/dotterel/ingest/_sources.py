"""Sources (files, fetched bodies) and the safe ways to read their bytes.

Nothing here loads a document whole before checking its size: files are measured
first, compressed streams and bodies are read up to the cap plus one byte.
"""

from __future__ import annotations

import gzip
import io
import os
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from dotterel.records import Outcome

__all__ = [
    "Source",
    "DocumentError",
    "failed",
    "skipped",
    "read_capped",
    "open_stream",
    "head_bytes",
    "binary_reason",
    "decode_text",
    "is_gzip",
]

_GZIP_MAGIC = b"\x1f\x8b"
_HEAD = 8192


class DocumentError(Exception):
    """A document cannot be read; ``reason`` is the one-line reason given for it."""

    def __init__(self, reason: str, *, status: str = "failed") -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


def failed(origin: str | None, reason: str, *, stage: str = "read") -> Outcome:
    return Outcome(status="failed", reason=reason, stage=stage, origin=origin)


def skipped(origin: str | None, reason: str, *, stage: str = "read") -> Outcome:
    return Outcome(status="skipped", reason=reason, stage=stage, origin=origin)


@dataclass(frozen=True, slots=True)
class Source:
    """Something to read: a file, or bytes already in memory (a fetched body, stdin).

    ``name`` is what origins are built from (the path as given, or the URL).
    """

    name: str
    path: Path | None = None
    data: bytes | None = None
    url: str | None = None
    content_type: str | None = None

    @classmethod
    def from_path(cls, path: str | os.PathLike[str]) -> Source:
        return cls(name=os.fspath(path), path=Path(path))

    @classmethod
    def from_bytes(cls, data: bytes, *, name: str, url: str | None = None, content_type: str | None = None) -> Source:
        return cls(name=name, data=data, url=url, content_type=content_type)

    @property
    def suffixes(self) -> tuple[str, ...]:
        """Lower-case suffixes of the file name (``("warc", "gz")``); none for bytes."""
        base = self.path.name if self.path is not None else ""
        if not base and self.url:
            base = self.url.split("?", 1)[0].rsplit("/", 1)[-1]
        parts = base.lower().split(".")[1:]
        return tuple(parts[-2:])

    def open_raw(self) -> BinaryIO:
        """The bytes as stored (compressed or not)."""
        if self.data is not None:
            return io.BytesIO(self.data)
        if self.path is None:  # pragma: no cover - a Source always has one of the two
            raise DocumentError("nothing to read")
        try:
            return open(self.path, "rb")
        except FileNotFoundError:
            raise DocumentError("not found: no such file") from None
        except IsADirectoryError:
            raise DocumentError("cannot read: it is a folder") from None
        except PermissionError:
            raise DocumentError("cannot read: permission denied") from None
        except OSError as exc:
            raise DocumentError(f"cannot read: {exc.strerror or exc}") from None

    def stored_size(self) -> int | None:
        if self.data is not None:
            return len(self.data)
        try:
            return self.path.stat().st_size if self.path is not None else None
        except OSError:
            return None


def is_gzip(head: bytes) -> bool:
    return head[:2] == _GZIP_MAGIC


def open_stream(source: Source) -> BinaryIO:
    """The bytes of ``source``, decompressed when it is gzip."""
    raw = source.open_raw()
    try:
        magic = raw.read(2)
        raw.seek(0)
    except OSError as exc:
        raw.close()
        raise DocumentError(f"cannot read: {exc}") from None
    if magic == _GZIP_MAGIC:
        return gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]
    return raw


def _gzip_reason(exc: BaseException) -> str:
    if isinstance(exc, EOFError):
        return "truncated gzip: the compressed file ends early"
    return f"corrupt gzip: {exc}"


def read_capped(source: Source, limit: int) -> bytes:
    """All the (decompressed) bytes of ``source``, refusing more than ``limit``.

    A file is measured before it is opened, so an oversized one is never loaded.
    """
    size = source.stored_size()
    raw_head = b""
    if source.path is not None and size is not None and size > limit:
        with source.open_raw() as raw:
            raw_head = raw.read(2)
        if not is_gzip(raw_head):
            raise DocumentError(f"too large: {size:,} bytes, over the limit of {limit:,}")
    stream = open_stream(source)
    try:
        data = stream.read(limit + 1)
    except (EOFError, OSError, zlib.error) as exc:
        raise DocumentError(_gzip_reason(exc)) from None
    finally:
        stream.close()
    if len(data) > limit:
        raise DocumentError(f"too large: over the limit of {limit:,} bytes")
    return data


def head_bytes(source: Source, n: int = _HEAD) -> bytes:
    """The first ``n`` (decompressed) bytes, or fewer; empty when unreadable."""
    try:
        stream = open_stream(source)
    except DocumentError:
        return b""
    try:
        return stream.read(n)
    except (EOFError, OSError, zlib.error):
        return b""
    finally:
        stream.close()


_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "PDF document"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"PK\x03\x04", "zip archive (or office document)"),
    (b"\xd0\xcf\x11\xe0", "office document"),
    (b"\x7fELF", "executable"),
    (b"MZ", "executable"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ", "xz archive"),
    (b"7z\xbc\xaf", "7z archive"),
    (b"RIFF", "media file"),
    (b"OggS", "media file"),
    (b"ID3", "MP3 audio"),
    (b"\x00\x00\x00\x18ftyp", "MP4 video"),
    (b"\x00\x00\x00\x20ftyp", "MP4 video"),
    (b"SQLite format 3", "SQLite database"),
)
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def binary_reason(head: bytes) -> str | None:
    """Why ``head`` (a file's first bytes) is not text, or ``None`` when it may be."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return f"binary file: {kind}"
    if head.startswith(_BOMS[1:]):  # UTF-16 text has NUL bytes; it is still text
        return None
    if b"\x00" in head:
        return "binary file: it contains NUL bytes"
    if head:
        control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
        if control / len(head) > 0.1:
            return f"binary file: {control / len(head):.0%} control characters"
    return None


def decode_text(data: bytes, *, encoding: str = "utf-8") -> str:
    """Bytes as text: a BOM decides, else ``encoding`` strictly (with a clear reason)."""
    if data.startswith(_BOMS[0]):
        data, encoding = data[3:], "utf-8"
    elif data.startswith(_BOMS[1:]):
        encoding = "utf-16"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1]
        label = "UTF-8" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
        raise DocumentError(
            f"invalid {label}: byte 0x{bad.hex()} at offset {exc.start} (give the right --encoding)"
        ) from None
