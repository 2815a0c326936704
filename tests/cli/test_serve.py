"""``dotterel serve``: options, the token, clean errors, and a real server on 127.0.0.1."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner

from dotterel.cli._common import CleanGroup
from dotterel.cli.serve import command
from tests.api.corpus import build_store

TOKEN = "serve-token-0123456789abcdef"

# the command under the same error handling as the ``dotterel`` group
cli = CleanGroup(name="dotterel", commands=[command])


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("serve") / "serve.duckdb")


@pytest.fixture()
def served(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = []

    def fake_serve(app: Any, host: str, port: int) -> None:
        state = app.state.dotterel
        calls.append({"host": host, "port": port, "ingest": state.ingest_enabled, "read_only": state.pool.read_only, "open": state.pool._opened})

    monkeypatch.setattr("dotterel.cli.serve._serve", fake_serve)
    monkeypatch.delenv("DOTTEREL_INGEST_TOKEN", raising=False)
    return calls


def run(*args: str, env: dict[str, str] | None = None) -> Any:
    return CliRunner().invoke(cli, ["serve", *args], env=env)


def test_help() -> None:
    result = run("--help")
    assert result.exit_code == 0
    for option in ("--db", "--host", "--port", "--ingest-token", "DOTTEREL_INGEST_TOKEN", "127.0.0.1"):
        assert option in result.output


def test_defaults_are_local_and_read_only(db: Path, served: list) -> None:
    result = run("--db", str(db))
    assert result.exit_code == 0, result.output
    assert served == [{"host": "127.0.0.1", "port": 8000, "ingest": False, "read_only": True, "open": True}]
    assert "read-only" in result.stderr and "http://127.0.0.1:8000/" in result.stderr


def test_token_from_option_or_environment(db: Path, tmp_path: Path, served: list) -> None:
    assert run("--db", str(db), "--port", "8123", "--ingest-token", TOKEN).exit_code == 0
    assert served[-1]["ingest"] is True and served[-1]["read_only"] is False and served[-1]["port"] == 8123
    new = tmp_path / "new.duckdb"
    result = run("--db", str(new), env={"DOTTEREL_INGEST_TOKEN": TOKEN})
    assert result.exit_code == 0, result.output
    assert served[-1]["ingest"] is True and new.exists()  # created for ingestion
    assert TOKEN not in result.output


def test_clean_errors(db: Path, tmp_path: Path, served: list) -> None:
    missing = run("--db", str(tmp_path / "none.duckdb"))
    assert missing.exit_code == 2 and "E201" in missing.stderr and "Traceback" not in missing.output
    short = run("--db", str(db), "--ingest-token", "short")
    assert short.exit_code == 2 and "E511" in short.stderr
    assert run("--db", str(db), "--port", "70000").exit_code == 2
    assert served == []


def test_warns_off_loopback(db: Path, served: list) -> None:
    result = run("--db", str(db), "--host", "0.0.0.0")
    assert result.exit_code == 0 and "Warning" in result.stderr
    assert "Warning" not in run("--db", str(db), "--host", "localhost").stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_real_server(db: Path) -> None:
    port = _free_port()
    code = "import sys; from dotterel.cli.serve import command; sys.exit(command())"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "--db", str(db), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        response = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/api/meta", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        assert response is not None, proc.stderr.read() if proc.poll() is not None else "server did not answer"
        assert response.status_code == 200 and response.json()["counts"]["events"] == 9
        assert "default-src 'none'" in response.headers["content-security-policy"]
        assert "server" not in response.headers
        page = httpx.get(f"http://127.0.0.1:{port}/", timeout=5)
        assert page.status_code == 200 and "dotterel" in page.text
        off = httpx.post(f"http://127.0.0.1:{port}/api/ingest", json={"text": "x"}, timeout=5)
        assert off.status_code == 403 and off.json()["error"]["code"] == "E505"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
        proc.stdout.close()
        proc.stderr.close()
