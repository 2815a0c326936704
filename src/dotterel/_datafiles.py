"""Reading dotterel's tab-separated data files (see ``docs/data-files.md``).

Shipped files live in package ``data/`` folders; files of the same name in the
configured ``data_dirs`` extend them. Every bad line raises ``E009`` naming the
file and the line.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Iterator, Sequence

from dotterel.errors import DataFileError, Errors

__all__ = ["Row", "read_rows", "data_paths", "split_list"]


@dataclass(frozen=True, slots=True)
class Row:
    path: str
    line: int
    cells: tuple[str, ...]

    def error(self, reason: str) -> DataFileError:
        return DataFileError(Errors.E009, path=self.path, line=self.line, reason=reason)


def data_paths(package: str, name: str, extra_dirs: Sequence[str] = ()) -> list[Path]:
    """The shipped file ``package/data/name`` followed by same-named files in ``extra_dirs``."""
    paths: list[Path] = []
    shipped = resources.files(package).joinpath("data", name)
    if shipped.is_file():
        paths.append(Path(str(shipped)))
    for folder in extra_dirs:
        candidate = Path(folder) / name
        if candidate.is_file():
            paths.append(candidate)
    return paths


def read_rows(
    paths: Sequence[Path], *, min_cells: int, max_cells: int | None = None, header: str | None = None
) -> Iterator[Row]:
    """Yield the non-comment rows of tab-separated files, checking the column count.

    A first row whose first cell equals ``header`` is taken as a header and skipped.
    """
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise DataFileError(Errors.E009, path=str(path), line=0, reason=str(exc)) from None
        first = True
        for number, raw in enumerate(text.splitlines(), start=1):
            line = raw.rstrip("\r\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cells = tuple(c.strip() for c in line.split("\t"))
            if first and header is not None and cells[0] == header:
                first = False
                continue
            first = False
            row = Row(str(path), number, cells)
            if len(cells) < min_cells or (max_cells is not None and len(cells) > max_cells):
                expected = f"{min_cells}" if max_cells in (None, min_cells) else f"{min_cells}-{max_cells}"
                raise row.error(f"expected {expected} tab-separated columns, found {len(cells)}")
            yield row


def split_list(cell: str) -> tuple[str, ...]:
    """A ``|``-separated list cell; ``-`` or empty means none."""
    if not cell or cell == "-":
        return ()
    return tuple(part.strip() for part in cell.split("|") if part.strip())
