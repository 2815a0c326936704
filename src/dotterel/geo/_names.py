"""Place names as keys: folded, lower-cased, without punctuation that news varies.

``place_key("Sana'a") == place_key("Sanaa") == "sanaa"``;
``place_key("Port-au-Prince") == "port au prince"``; ``place_key("the Gaza Strip")
== "gaza strip"``; ``place_key("Córdoba") == "cordoba"``.
"""

from __future__ import annotations

import math
import unicodedata

__all__ = ["place_key", "haversine_km", "offset_point"]

_FOLD = str.maketrans(
    {
        "ı": "i", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ß": "ss", "æ": "ae",
        "Æ": "ae", "œ": "oe", "Œ": "oe", "þ": "th", "ð": "d", "ħ": "h",
        "’": "", "‘": "", "ʻ": "", "ʼ": "", "`": "", "'": "", "´": "", "ʿ": "", "ʾ": "", "‛": "",
        "-": " ", "‐": " ", "‑": " ", "–": " ", "—": " ", "/": " ", ".": "", "(": " ", ")": " ", ",": " ",
    }
)


def place_key(text: str) -> str:
    """The lookup key of a place name (see the module docstring)."""
    if text.isascii():
        folded = text.translate(_FOLD).lower()
    else:
        decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
        folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    words = folded.split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def offset_point(lat: float, lon: float, *, bearing_deg: float, km: float) -> tuple[float, float]:
    """The point ``km`` away from ``(lat, lon)`` on the initial bearing ``bearing_deg``."""
    radius = 6371.0088
    d = km / radius
    b = math.radians(bearing_deg)
    p1, l1 = math.radians(lat), math.radians(lon)
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(b))
    l2 = l1 + math.atan2(math.sin(b) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * math.sin(p2))
    lon2 = (math.degrees(l2) + 540.0) % 360.0 - 180.0
    return round(math.degrees(p2), 5), round(lon2, 5)
