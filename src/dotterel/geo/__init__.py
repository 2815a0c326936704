"""Places: an offline gazetteer, and the resolution of place words in context.

``load_gazetteer()`` builds the gazetteer once per process (see
:mod:`dotterel.geo._gazetteer` for its sources); ``resolve(words, context=...)``
says which place the words name and why (:mod:`dotterel.geo._resolve`). The
pipeline's ``places`` stage (:mod:`dotterel.pipeline._places`) finds place words
in an article, builds their context and gives every event its location.
"""

from dotterel.geo._evaluate import ACCURACY_KM, PlaceCase, PlaceScore, load_place_cases, score_places
from dotterel.geo._gazetteer import CITY_FILE, PRECISIONS, Gazetteer, Match, Place, load_gazetteer
from dotterel.geo._names import haversine_km, offset_point, place_key
from dotterel.geo._resolve import DIRECTIONS, Candidate, Context, Resolution, resolve, split_direction
from dotterel.geo.errors import GeoErrors

__all__ = [
    "CITY_FILE",
    "PRECISIONS",
    "DIRECTIONS",
    "Gazetteer",
    "Match",
    "Place",
    "Candidate",
    "Context",
    "Resolution",
    "GeoErrors",
    "load_gazetteer",
    "resolve",
    "split_direction",
    "haversine_km",
    "offset_point",
    "place_key",
    "ACCURACY_KM",
    "PlaceCase",
    "PlaceScore",
    "load_place_cases",
    "score_places",
]
