"""JSON Lines (and JSON arrays) and CSV: one article per line or row, through a field mapping.

Files are streamed (never loaded whole); each line or row is capped at
``max_bytes``. A broken line (invalid JSON, invalid UTF-8, a row without its text
field) becomes one failed outcome with its line number, and reading goes on.
"""

from __future__ import annotations

import codecs
import csv
import json
import zlib
from collections.abc import Iterator, Mapping
from typing import Any, BinaryIO

from dotterel.ingest._dates import parse_date
from dotterel.ingest._metadata import language_code
from dotterel.ingest._options import FIELD_NAMES, FieldMap
from dotterel.ingest._registry import Item, ReadContext, ReaderSpec
from dotterel.ingest._sources import (
    DocumentError,
    Source,
    decode_text,
    failed,
    head_bytes,
    open_stream,
    read_capped,
    skipped,
)
from dotterel.ingest._text import normalise_newlines
from dotterel.records import Article

__all__ = ["record_article", "read_jsonl", "read_csv", "JSONL_READER", "CSV_READER"]

_MISSING = object()


def _get(record: Mapping[str, Any], path: str, *, dotted: bool) -> Any:
    if path in record:
        return record[path]
    if not dotted or "." not in path:
        return _MISSING
    value: Any = record
    for part in path.split("."):
        if isinstance(value, Mapping) and part in value:
            value = value[part]
        else:
            return _MISSING
    return value


def _field(record: Mapping[str, Any], fields: FieldMap, name: str, *, dotted: bool) -> tuple[str | None, Any]:
    """(the field used, its value) for one of the mapped fields."""
    explicit = getattr(fields, name)
    if explicit is not None:
        return explicit, _get(record, explicit, dotted=dotted)
    for candidate in FIELD_NAMES[name]:
        if candidate in record:
            return candidate, record[candidate]
    return None, _MISSING


def _string(value: Any) -> str | None:
    if value is _MISSING or value is None:
        return None
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        text = str(value).strip()
        return text or None
    return None


def _authors(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        parts = value.split(";") if ";" in value else [value]
    elif isinstance(value, list):
        parts = [v.get("name", "") if isinstance(v, Mapping) else str(v) for v in value]
    else:
        return ()
    return tuple(p.strip() for p in parts if p and p.strip())


def record_article(record: Mapping[str, Any], fields: FieldMap, *, origin: str, dotted: bool = True) -> Item:
    """An article from one record, or the failed / skipped outcome saying why not."""
    key, value = _field(record, fields, "text", dotted=dotted)
    if key is None:
        known = ", ".join(list(record)[:12]) or "none"
        return failed(origin, f"missing text field: none of the usual names (fields: {known}); give --text-field")
    if value is _MISSING or value is None:
        return failed(origin, f"missing text field: {key!r}")
    if not isinstance(value, str):
        return failed(origin, f"missing text field: {key!r} is {type(value).__name__}, not text")
    text = normalise_newlines(value)
    if not text.strip():
        return skipped(origin, "empty: no text")
    values: dict[str, Any] = {}
    _, date_value = _field(record, fields, "date", dotted=dotted)
    if date_value is not _MISSING:
        values["published"] = parse_date(date_value)
    for name in ("title", "url", "publisher", "id"):
        _, field_value = _field(record, fields, name, dotted=dotted)
        found = _string(field_value)
        if found:
            values[name] = found
    _, authors = _field(record, fields, "authors", dotted=dotted)
    values["authors"] = _authors(authors)
    _, language = _field(record, fields, "language", dotted=dotted)
    values["language"] = language_code(_string(language))
    return Article(text=text, origin=origin, **values)


def _readline(stream: BinaryIO, limit: int) -> tuple[bytes, bool]:
    """One line of at most ``limit`` bytes; (b"", False) at the end; True when cut."""
    line = stream.readline(limit + 1)
    if len(line) <= limit or line.endswith(b"\n"):
        return line, False
    while True:  # skip the rest of the over-long line without keeping it
        rest = stream.readline(1 << 20)
        if not rest or rest.endswith(b"\n"):
            return line, True


def _read_json_array(source: Source, ctx: ReadContext) -> Iterator[Item]:
    """One article per object of a JSON document (an array, or one object), read whole under the cap."""
    data = read_capped(source, ctx.options.max_bytes)
    try:
        records = json.loads(decode_text(data, encoding=ctx.options.encoding))
    except json.JSONDecodeError as exc:
        raise DocumentError(f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    if isinstance(records, dict):
        records = [records]
    if not isinstance(records, list):
        raise DocumentError(f"invalid JSON: the file holds a {type(records).__name__}, not objects")
    if not records:
        yield skipped(source.name, "empty: no records")
    for index, record in enumerate(records, start=1):
        origin = f"{source.name}#{index}"
        if not isinstance(record, dict):
            yield failed(origin, f"invalid JSON: record {index} is a {type(record).__name__}, not an object")
            continue
        yield record_article(record, ctx.options.fields, origin=origin, dotted=True)


def _whole_json(head: bytes) -> bool:
    """Whether a file is one JSON document (an array, or a pretty-printed object), not JSON Lines."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if start.startswith(b"["):
        return True
    if not start.startswith(b"{"):
        return False
    first, newline, _ = start.partition(b"\n")
    if not newline and len(head) >= _PEEK:
        return False  # a first line longer than the peek: a long JSON Lines record
    try:
        json.loads(first.decode("utf-8", "replace"))
    except ValueError:
        return True  # the first line is not a whole object: the object spans lines
    return False


_PEEK = 1 << 16


def read_jsonl(source: Source, ctx: ReadContext) -> Iterator[Item]:
    """One article per line of a JSON Lines file (or per object of a JSON document)."""
    if _whole_json(head_bytes(source, _PEEK)):
        yield from _read_json_array(source, ctx)
        return
    limit = ctx.options.max_bytes
    fields = ctx.options.fields
    encoding = ctx.options.encoding
    stream = open_stream(source)
    number = 0
    any_line = False
    try:
        while True:
            try:
                raw, cut = _readline(stream, limit)
            except (EOFError, OSError, zlib.error) as exc:
                yield failed(f"{source.name}:{number + 1}", _stream_reason(exc, number))
                return
            if not raw:
                break
            number += 1
            origin = f"{source.name}:{number}"
            if cut:
                yield failed(origin, f"too large: the line is over the limit of {limit:,} bytes")
                continue
            if number == 1 and raw.startswith(codecs.BOM_UTF8):
                raw = raw[3:]
            if not raw.strip():
                continue
            any_line = True
            try:
                line = raw.decode(encoding)
            except UnicodeDecodeError as exc:
                yield failed(
                    origin, f"invalid UTF-8: byte 0x{raw[exc.start:exc.start + 1].hex()} at column {exc.start + 1}"
                )
                continue
            try:
                record = json.loads(line.rstrip("\r\n"))
            except ValueError as exc:
                if isinstance(exc, json.JSONDecodeError):
                    yield failed(origin, f"invalid JSON: {exc.msg} (column {exc.colno})")
                else:
                    yield failed(origin, f"invalid JSON: {exc}")
                continue
            if not isinstance(record, dict):
                yield failed(origin, f"invalid JSON: the line is a {type(record).__name__}, not an object")
                continue
            yield record_article(record, fields, origin=origin, dotted=True)
    finally:
        stream.close()
    if not any_line:
        yield skipped(source.name, "empty: no lines")


def _stream_reason(exc: BaseException, after: int) -> str:
    if isinstance(exc, EOFError):
        return f"truncated gzip: the compressed file ends early (after line {after})"
    if isinstance(exc, UnicodeDecodeError):
        return f"invalid UTF-8: after line {after}; the rest of the file was not read"
    return f"corrupt file: {exc} (after line {after})"


class _Lines:
    """Decoded lines of a binary stream; lines that do not decode are noted (and replaced)."""

    def __init__(self, stream: BinaryIO, encoding: str) -> None:
        self._stream = stream
        self._encoding = encoding
        self.number = 0
        self.bad: dict[int, str] = {}  # line number → reason

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        raw = self._stream.readline()
        if not raw:
            raise StopIteration
        self.number += 1
        if self.number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[3:]
        try:
            return raw.decode(self._encoding)
        except UnicodeDecodeError as exc:
            label = "UTF-8" if codecs.lookup(self._encoding).name == "utf-8" else self._encoding
            self.bad[self.number] = (
                f"invalid {label}: byte 0x{raw[exc.start:exc.start + 1].hex()} at column {exc.start + 1}"
            )
            return raw.decode(self._encoding, "replace")


def read_csv(source: Source, ctx: ReadContext) -> Iterator[Item]:
    """One article per row of a CSV (or TSV) file with a header row."""
    delimiter = ctx.options.delimiter or ("\t" if "tsv" in source.suffixes else ",")
    fields = ctx.options.fields
    stream = open_stream(source)
    lines = _Lines(stream, ctx.options.encoding)
    try:
        reader = csv.DictReader(lines, delimiter=delimiter)
        try:
            header = reader.fieldnames
        except (EOFError, OSError, zlib.error, csv.Error) as exc:
            raise DocumentError(_stream_reason(exc, 0)) from None
        if not header:
            yield skipped(source.name, "empty: no header row")
            return
        if lines.bad:
            raise DocumentError(f"{lines.bad[min(lines.bad)]} in the header row")
        text_key = fields.text or next((n for n in FIELD_NAMES["text"] if n in header), None)
        if text_key is None or text_key not in header:
            columns = ", ".join(h for h in header if h)[:200]
            wanted = f"{text_key!r} is not a column" if text_key else "none of the usual names is a column"
            raise DocumentError(f"missing text field: {wanted} (columns: {columns}); give --text-field")
        mapping = FieldMap(**{**_fieldmap_dict(fields), "text": text_key})
        rows = 0
        while True:
            first_line = lines.number + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                yield failed(f"{source.name}:{first_line}", f"malformed CSV: {exc}")
                continue
            except (EOFError, OSError, zlib.error) as exc:
                yield failed(f"{source.name}:{first_line}", _stream_reason(exc, lines.number))
                return
            rows += 1
            origin = f"{source.name}:{first_line}"
            bad = [lines.bad[n] for n in range(first_line, lines.number + 1) if n in lines.bad]
            if bad:
                yield failed(origin, bad[0])
                continue
            yield _row_article(row, mapping, origin=origin)
        if rows == 0:
            yield skipped(source.name, "empty: no rows")
    finally:
        stream.close()


def _fieldmap_dict(fields: FieldMap) -> dict[str, Any]:
    return {name: getattr(fields, name) for name in FieldMap.__dataclass_fields__}


def _row_article(row: Mapping[str | None, Any], fields: FieldMap, *, origin: str) -> Item:
    clean = {k: v for k, v in row.items() if k is not None}  # None: the values past the header's columns
    if clean.get(fields.text or "") is None:  # a short row: the text column is not there at all
        present = sum(1 for v in clean.values() if v is not None)
        return failed(origin, f"missing text field: {fields.text!r} (the row has {present} columns)")
    return record_article(clean, fields, origin=origin, dotted=False)


def _looks_like_jsonl(head: bytes) -> bool:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not start.startswith(b"{"):
        return False
    first = start.split(b"\n", 1)[0]
    try:
        return isinstance(json.loads(first.decode("utf-8", "replace")), dict)
    except ValueError:
        return False


JSONL_READER = ReaderSpec(
    name="jsonl",
    read=read_jsonl,
    suffixes=("jsonl", "ndjson", "jsonlines", "json"),
    content_types=("application/x-ndjson", "application/jsonl", "application/x-jsonlines"),
    sniff=_looks_like_jsonl,
    priority=40,
    description="JSON Lines (or a JSON array): one article per line or object (--text-field, ...)",
)

CSV_READER = ReaderSpec(
    name="csv",
    read=read_csv,
    suffixes=("csv", "tsv"),
    content_types=("text/csv", "text/tab-separated-values"),
    sniff=None,
    priority=80,
    description="CSV / TSV with a header row: one article per row (--text-field, ...)",
)
