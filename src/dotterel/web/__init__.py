"""The dashboard: static files served by the HTTP API (``dotterel serve``).

Everything the page needs ships in ``static/`` (vanilla JavaScript, CSS, the
Natural Earth country layer); nothing is fetched from elsewhere at run time.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["STATIC_DIR", "INDEX_HTML"]

#: The dashboard's files (package data).
STATIC_DIR = Path(__file__).parent / "static"

#: The page served at ``/``.
INDEX_HTML = STATIC_DIR / "index.html"
