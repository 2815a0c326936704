"""Places: an offline gazetteer and the resolution of place names in context."""
from dotterel.geo._gazetteer import PRECISIONS, Gazetteer, Match, Place, load_gazetteer
from dotterel.geo._names import haversine_km, offset_point, place_key
from dotterel.geo.errors import GeoErrors

__all__ = ["PRECISIONS", "Gazetteer", "Match", "Place", "load_gazetteer", "haversine_km", "offset_point", "place_key", "GeoErrors"]
