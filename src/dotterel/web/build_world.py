"""Build the dashboard's country layer from a Natural Earth shapefile.

The dashboard ships ``static/data/world.geojson``: the Natural Earth 1:110m
"Admin 0 – Countries" polygons (public domain), with coordinates rounded to
0.01 degree and each country's name and ISO 3166-1 alpha-3 code. This module
regenerates it from the shapefile (``.shp`` and ``.dbf`` side by side), with no
dependency beyond the standard library::

    python -m dotterel.web.build_world path/to/naturalearth_lowres.shp

The copy shipped was made from ``geopandas/datasets/naturalearth_lowres`` in the
``geopandas==0.14.4`` wheel (see ``static/LICENSE-NOTES.md``). Nothing here runs
when the dashboard is served.
"""

from __future__ import annotations

import argparse
import json
import struct
import sys
from pathlib import Path
from typing import Any, Iterator, Sequence

__all__ = ["read_dbf", "read_polygons", "build", "main"]

Ring = list[tuple[float, float]]

#: Where the dashboard reads the layer from.
OUTPUT = Path(__file__).parent / "static" / "data" / "world.geojson"


def read_dbf(path: Path, *, encoding: str = "latin-1") -> list[dict[str, str]]:
    """The records of a dBASE III table as dicts of stripped strings."""
    data = path.read_bytes()
    count, header_len, record_len = struct.unpack("<IHH", data[4:12])
    fields: list[tuple[str, int]] = []
    at = 32
    while data[at] != 0x0D:
        name = data[at : at + 11].split(b"\0", 1)[0].decode("ascii")
        fields.append((name.lower(), data[at + 16]))
        at += 32
    records = []
    for i in range(count):
        start = header_len + i * record_len
        if data[start : start + 1] == b"*":  # deleted
            continue
        pos = start + 1
        record = {}
        for name, width in fields:
            record[name] = data[pos : pos + width].decode(encoding).strip()
            pos += width
        records.append(record)
    return records


def read_polygons(path: Path) -> Iterator[list[Ring]]:
    """The rings of each polygon record of a shapefile (type 5), in order."""
    data = path.read_bytes()
    at = 100
    while at < len(data):
        _, words = struct.unpack(">ii", data[at : at + 8])
        body = data[at + 8 : at + 8 + 2 * words]
        at += 8 + 2 * words
        (shape_type,) = struct.unpack("<i", body[:4])
        if shape_type == 0:
            yield []
            continue
        if shape_type != 5:
            raise ValueError(f"shape type {shape_type} is not a polygon")
        parts, points = struct.unpack("<ii", body[36:44])
        starts = list(struct.unpack(f"<{parts}i", body[44 : 44 + 4 * parts])) + [points]
        coords = struct.unpack(f"<{2 * points}d", body[44 + 4 * parts : 44 + 4 * parts + 16 * points])
        xy = list(zip(coords[0::2], coords[1::2]))
        yield [xy[starts[k] : starts[k + 1]] for k in range(parts)]


def _area(ring: Ring) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1])) / 2


def _inside(point: tuple[float, float], ring: Ring) -> bool:
    x, y = point
    inside = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
        if (y0 > y) != (y1 > y) and x < (x1 - x0) * (y - y0) / (y1 - y0) + x0:
            inside = not inside
    return inside


def _rounded(ring: Ring, digits: int) -> list[list[float]]:
    out: list[list[float]] = []
    for x, y in ring:
        point = [round(x, digits), round(y, digits)]
        if not out or out[-1] != point:
            out.append(point)
    if out and out[0] != out[-1]:
        out.append(out[0])
    return out


def _multipolygon(rings: Sequence[Ring], digits: int) -> list[list[list[list[float]]]]:
    """Shapefile rings (outer clockwise, holes anticlockwise) as GeoJSON polygons
    (outer anticlockwise, holes clockwise: RFC 7946's right-hand rule)."""
    outers = [r for r in rings if _area(r) < 0]
    holes = [r for r in rings if _area(r) >= 0]
    polygons: list[list[Ring]] = [[list(reversed(r))] for r in outers]
    for hole in holes:
        owner = next((p for p in polygons if _inside(hole[0], p[0])), None)
        if owner is not None:
            owner.append(list(reversed(hole)))
    out = []
    for polygon in polygons:
        parts = [_rounded(r, digits) for r in polygon]
        if len(parts[0]) >= 4:
            out.append([p for p in parts if len(p) >= 4])
    return out


def build(shp: Path, *, digits: int = 2) -> dict[str, Any]:
    """The GeoJSON FeatureCollection of the countries in ``shp``."""
    records = read_dbf(shp.with_suffix(".dbf"))
    features = []
    for record, rings in zip(records, read_polygons(shp)):
        if not rings:
            continue
        code = record.get("iso_a3") or record.get("adm0_a3") or ""
        name = record.get("name") or code
        if name == "Antarctica":
            continue
        features.append(
            {
                "type": "Feature",
                "id": code if code and code != "-99" else name,
                "properties": {"name": name, "iso_a3": code if code != "-99" else None},
                "geometry": {"type": "MultiPolygon", "coordinates": _multipolygon(rings, digits)},
            }
        )
    features.sort(key=lambda f: f["properties"]["name"])
    return {
        "type": "FeatureCollection",
        "source": "Natural Earth 1:110m Admin 0 - Countries (public domain), via geopandas 0.14.4 naturalearth_lowres",
        "features": features,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("shapefile", type=Path, help="a Natural Earth admin-0 countries .shp (its .dbf beside it)")
    parser.add_argument("-o", "--output", type=Path, default=OUTPUT, help=f"where to write (default {OUTPUT})")
    parser.add_argument("--digits", type=int, default=2, help="decimal places kept (default 2)")
    args = parser.parse_args(argv)
    collection = build(args.shapefile, digits=args.digits)
    args.output.write_text(json.dumps(collection, separators=(",", ":")) + "\n", encoding="utf-8")
    sys.stderr.write(f"{len(collection['features'])} countries -> {args.output}\n")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
