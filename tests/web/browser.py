"""Helpers for the dashboard's browser tests and benchmark: a bounded local server and
headless Chromium through selenium and chromedriver (Debian's ``chromium`` and
``chromium-driver``; ``scripts/ci-browser.sh`` installs them)."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

__all__ = [
    "CHROMIUM_FLAGS",
    "find_browser",
    "browser_missing_reason",
    "serve",
    "chrome",
    "wait_ready",
    "console_errors",
    "failed_requests",
    "artifact_dir",
]

#: How Chromium is started, headless and quiet, with nothing fetched from outside.
CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-extensions",
    "--disable-default-apps",
    "--hide-scrollbars",
    "--mute-audio",
)


def find_browser() -> tuple[str | None, str | None]:
    """(the Chromium binary, chromedriver), or None for what is missing."""
    binary = None
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        binary = shutil.which(name)
        if binary:
            break
    return binary, shutil.which("chromedriver")


def browser_missing_reason() -> str | None:
    binary, driver = find_browser()
    missing = [name for name, path in (("chromium", binary), ("chromedriver", driver)) if not path]
    if not missing:
        return None
    return f"{' and '.join(missing)} not installed (run scripts/ci-browser.sh, or apt-get install chromium chromium-driver)"


@contextmanager
def serve(app: Any, *, max_seconds: float = 600.0) -> Iterator[str]:
    """Run ``app`` with uvicorn on 127.0.0.1 (a free port) in a thread; yield its base URL.

    The server stops when the block ends, or after ``max_seconds`` whatever happens.
    """
    import uvicorn

    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="on", server_header=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="dotterel-test-server", daemon=True)
    thread.start()
    watchdog = threading.Timer(max_seconds, lambda: setattr(server, "should_exit", True))
    watchdog.daemon = True
    watchdog.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)
        port = server.servers[0].sockets[0].getsockname()[1]
        yield f"http://127.0.0.1:{port}"
    finally:
        watchdog.cancel()
        server.should_exit = True
        thread.join(timeout=15)


@contextmanager
def chrome(*, width: int = 1400, height: int = 1000) -> Iterator[Any]:
    """Headless Chromium with a fresh profile, its console and network logs on."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    binary, driver_path = find_browser()
    if binary is None or driver_path is None:
        raise RuntimeError(browser_missing_reason() or "no browser")
    profile = tempfile.mkdtemp(prefix="dotterel-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument(f"--window-size={width},{height}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    service = Service(executable_path=driver_path, log_output=os.devnull)
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(30)
    try:
        driver.get("about:blank")
        driver.get_log("browser")  # drop what the start page logged
        driver.get_log("performance")
        yield driver
    finally:
        try:
            driver.quit()
        finally:
            shutil.rmtree(profile, ignore_errors=True)


def wait_ready(driver: Any, count: int = 1, *, timeout: float = 20.0) -> None:
    """Wait until the dashboard has finished ``count`` loads or reloads."""
    from selenium.webdriver.support.ui import WebDriverWait

    def ready(d: Any) -> bool:
        state = d.execute_script("return [document.body && document.body.dataset.state, document.body && document.body.dataset.ready]")
        if state[0] == "error":
            raise AssertionError("the dashboard shows an error: " + str(d.execute_script("return document.getElementById('banner').textContent")))
        return state[0] == "ready" and int(state[1] or 0) >= count

    WebDriverWait(driver, timeout, poll_frequency=0.02).until(ready)


def console_errors(driver: Any) -> list[dict[str, Any]]:
    """Console messages of level SEVERE (errors, failed loads, CSP refusals) since the last call."""
    return [entry for entry in driver.get_log("browser") if entry.get("level") == "SEVERE"]


def failed_requests(driver: Any, origin: str) -> list[str]:
    """Requests made by pages of ``origin`` (to any address) that failed or answered
    4xx/5xx since the last call, from the network log."""
    failed = []
    requests: dict[str, tuple[str, str]] = {}  # request id -> (url, the page that asked)
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        method, params = message.get("method"), message.get("params", {})
        rid = params.get("requestId", "")
        if method == "Network.requestWillBeSent":
            requests[rid] = (params.get("request", {}).get("url", ""), params.get("documentURL", ""))
            continue
        url, page = requests.get(rid, ("?", ""))
        if not (page.startswith(origin) or url.startswith(origin)):
            continue  # the browser's own start page
        if method == "Network.responseReceived":
            status = int(params.get("response", {}).get("status", 0))
            if status >= 400:
                failed.append(f"{status} {url}")
        elif method == "Network.loadingFailed" and not params.get("canceled"):
            failed.append(f"failed {params.get('errorText')} ({params.get('type')}) {url}")
    return failed


def artifact_dir(root: Path) -> Path:
    path = root / "artifacts"
    path.mkdir(parents=True, exist_ok=True)
    return path
