"""``dotterel serve``: the HTTP API and the dashboard over a store."""

from __future__ import annotations

import ipaddress
from typing import Any

import click

from dotterel.cli.events import store_option

__all__ = ["command"]


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _serve(app: Any, host: str, port: int) -> None:
    """Run the app until interrupted (replaced in tests)."""
    import uvicorn

    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="info",
        server_header=False,
        proxy_headers=False,
        limit_concurrency=200,
        timeout_keep_alive=5,
    )


@click.command("serve")
@store_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (this machine only by default).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option(
    "--ingest-token",
    envvar="DOTTEREL_INGEST_TOKEN",
    default=None,
    metavar="TOKEN",
    help="Allow POST /api/ingest to callers that send 'Authorization: Bearer TOKEN' "
    "(or set DOTTEREL_INGEST_TOKEN; 16 characters or more). Off when not given.",
)
def command(db: str, host: str, port: int, ingest_token: str | None) -> None:
    """Serve the dashboard and the HTTP API over a store.

    \b
    The dashboard is at http://HOST:PORT/ and the API under /api (its schema at
    /api/openapi.json; see docs/api.md). Without --ingest-token the store is opened
    read-only (other commands may read it meanwhile) and POST /api/ingest is off.

    \b
    Examples:
      dotterel serve --db news.duckdb
      DOTTEREL_INGEST_TOKEN=$(python -c "import secrets; print(secrets.token_urlsafe(32))") dotterel serve
    """
    from dotterel.api import create_app

    app = create_app(db_path=db, ingest_token=ingest_token or None)
    app.state.dotterel.pool.open()  # a missing or locked store fails here, with its code
    if not _is_loopback(host):
        click.echo(
            f"Warning: listening on {host}: anyone who can reach it can read the store"
            + (" (ingestion still needs the token)." if ingest_token else "."),
            err=True,
        )
    mode = "ingest on" if ingest_token else "read-only"
    click.echo(f"dotterel: serving {db} ({mode}) at http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    try:
        _serve(app, host, port)
    finally:
        app.state.dotterel.pool.close()
