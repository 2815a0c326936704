"""Fetching: caps, redirects, robots.txt, rate, User-Agent, and the private-address guard."""

from __future__ import annotations

import gzip

import httpx
import pytest

from dotterel.ingest import (
    DEFAULT_USER_AGENT,
    Fetcher,
    FetchError,
    FetchOptions,
    address_refusal,
)


def local(**changes) -> FetchOptions:
    """Options for the local test server (a loopback address, so private addresses allowed)."""
    base = {"allow_private": True, "min_interval": 0.0, "timeout": 5.0}
    return FetchOptions(**{**base, **changes})


def test_fetches_a_page_with_a_user_agent(http_server):
    with Fetcher(local()) as fetcher:
        fetched = fetcher.fetch(http_server.url("/articles/1.html"))
    assert fetched.status == 200
    assert fetched.content_type.startswith("text/html")
    assert b"Dock workers" in fetched.body
    agents = {headers.get("User-Agent") for path, headers in http_server.requests if path == "/articles/1.html"}
    assert agents == {DEFAULT_USER_AGENT}
    assert DEFAULT_USER_AGENT.startswith("dotterel/")


def test_follows_redirects_and_reports_the_final_url(http_server):
    with Fetcher(local()) as fetcher:
        fetched = fetcher.fetch(http_server.url("/redirect/1"))
    assert fetched.url == http_server.url("/articles/1.html")
    assert fetched.requested == http_server.url("/redirect/1")


def test_a_redirect_loop_stops_at_the_cap(http_server):
    with Fetcher(local(max_redirects=3)) as fetcher, pytest.raises(FetchError) as info:
        fetcher.fetch(http_server.url("/loop"))
    assert info.value.reason == "too many redirects: more than 3"


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/nowhere.html", "HTTP 404: Not Found"),
        ("/teapot", "HTTP 418"),
        ("/error", "HTTP 503: Service Unavailable"),
    ],
)
def test_http_errors_have_a_one_line_reason(http_server, path, reason):
    with Fetcher(local()) as fetcher, pytest.raises(FetchError) as info:
        fetcher.fetch(http_server.url(path))
    assert info.value.reason == reason


def test_a_slow_server_times_out(http_server):
    with Fetcher(local(timeout=0.3)) as fetcher, pytest.raises(FetchError) as info:
        fetcher.fetch(http_server.url("/slow"))
    assert info.value.reason.startswith("timed out")


def test_an_oversized_body_is_refused_by_its_length(http_server):
    with Fetcher(local(max_bytes=50_000)) as fetcher, pytest.raises(FetchError) as info:
        fetcher.fetch(http_server.url("/big"))
    assert info.value.reason.startswith("too large:")


def test_an_oversized_chunked_body_is_cut_while_streaming(http_server):
    with Fetcher(local(max_bytes=50_000)) as fetcher, pytest.raises(FetchError) as info:
        fetcher.fetch(http_server.url("/chunked"))
    assert info.value.reason == "too large: over the limit of 50,000 bytes"


def test_a_gzip_body_is_inflated(http_server):
    with Fetcher(local()) as fetcher:
        fetched = fetcher.fetch(http_server.url("/gzipped.html"))
    assert fetched.body.startswith(b"<!DOCTYPE html>")


def test_private_addresses_are_refused_by_default(http_server):
    with Fetcher(FetchOptions(min_interval=0)) as fetcher, pytest.raises(FetchError) as info:
        fetcher.fetch(http_server.url("/articles/1.html"))
    assert info.value.reason.startswith("refused: 127.0.0.1 is a loopback address")
    assert "--allow-private" in info.value.reason
    assert all(path != "/articles/1.html" for path in http_server.paths()[-1:])  # nothing was asked


def test_localhost_is_refused_after_resolving_it():
    with Fetcher(FetchOptions(min_interval=0), resolver=lambda host, port: ["127.0.0.1", "::1"]) as fetcher:
        with pytest.raises(FetchError) as info:
            fetcher.fetch("http://localhost:9/")
    assert info.value.reason.startswith("refused: localhost is a loopback address")


def test_robots_txt_disallow_is_obeyed(http_server):
    with Fetcher(local()) as fetcher, pytest.raises(FetchError) as info:
        fetcher.fetch(http_server.url("/private/secret.html"))
    assert info.value.reason == "disallowed by robots.txt"
    assert info.value.status == "skipped"
    assert "/private/secret.html" not in http_server.paths()


def test_robots_txt_is_read_once_per_site(http_server):
    before = http_server.paths().count("/robots.txt")
    with Fetcher(local()) as fetcher:
        fetcher.fetch(http_server.url("/articles/1.html"))
        fetcher.fetch(http_server.url("/articles/2.html"))
    assert http_server.paths().count("/robots.txt") == before + 1


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("10.1.2.3", "private"),
        ("192.168.0.10", "private"),
        ("172.16.5.4", "private"),
        ("169.254.169.254", "link-local"),
        ("fe80::1%eth0", "link-local"),
        ("0.0.0.0", "unspecified"),
        ("224.0.0.1", "multicast"),
        ("100.64.0.1", "non-public"),
        ("::ffff:127.0.0.1", "loopback"),
        ("93.184.216.34", None),
        ("2606:4700::1111", None),
    ],
)
def test_address_refusal(address, kind):
    assert address_refusal(address) == kind


# -- offline checks through an injected transport ---------------------------------

PUBLIC = {"news.example": ["93.184.216.34"], "cdn.example": ["93.184.216.35"], "intranet.example": ["10.0.0.7"]}


def resolver(host: str, port: int) -> list[str]:
    return PUBLIC.get(host, [])


def transport(routes: dict[str, httpx.Response | tuple[int, dict[str, str], bytes]]) -> httpx.MockTransport:
    """Routes "host/path" to a response, or to (status, headers, raw body) for encoded bodies."""

    def handle(request: httpx.Request) -> httpx.Response:
        key = f"{request.url.host}{request.url.path}"
        response = routes.get(key)
        if response is None:
            return httpx.Response(404)
        if isinstance(response, tuple):
            status, headers, body = response
        else:
            status, headers, body = response.status_code, response.headers, response.content
        # a fresh, streamed body each time, as from a network
        return httpx.Response(status, headers=headers, stream=httpx.ByteStream(body))

    return httpx.MockTransport(handle)


def offline(routes: dict[str, httpx.Response], **options) -> Fetcher:
    return Fetcher(FetchOptions(min_interval=0, **options), transport=transport(routes), resolver=resolver)


def test_a_redirect_to_a_private_address_is_refused():
    routes = {
        "news.example/robots.txt": httpx.Response(404),
        "news.example/story": httpx.Response(302, headers={"Location": "http://intranet.example/admin"}),
    }
    with offline(routes) as fetcher, pytest.raises(FetchError) as info:
        fetcher.fetch("http://news.example/story")
    assert info.value.reason.startswith("refused: intranet.example is a private address (10.0.0.7)")


def test_an_unresolvable_host_fails_cleanly():
    with offline({}) as fetcher, pytest.raises(FetchError) as info:
        fetcher.fetch("http://unknown.example/")
    assert info.value.reason == "cannot resolve host: unknown.example"


def test_a_non_web_address_is_refused():
    with offline({}) as fetcher, pytest.raises(FetchError) as info:
        fetcher.fetch("file:///etc/passwd")
    assert info.value.reason.startswith("not a web address")


def test_an_unreachable_robots_txt_means_disallow():
    routes = {"news.example/robots.txt": httpx.Response(503), "news.example/story": httpx.Response(200, content=b"x")}
    with offline(routes) as fetcher, pytest.raises(FetchError) as info:
        fetcher.fetch("http://news.example/story")
    assert info.value.reason == "disallowed by robots.txt"


def test_robots_rules_for_dotterel_apply():
    robots = b"User-agent: dotterel\nDisallow: /\n\nUser-agent: *\nAllow: /\n"
    routes = {
        "news.example/robots.txt": httpx.Response(200, content=robots),
        "news.example/a": httpx.Response(200, content=b"x"),
    }
    with offline(routes) as fetcher, pytest.raises(FetchError):
        fetcher.fetch("http://news.example/a")
    with offline(routes, respect_robots=False) as fetcher:
        assert fetcher.fetch("http://news.example/a").body == b"x"


def test_a_gzip_bomb_stops_at_the_cap():
    bomb = gzip.compress(b"\0" * 20_000_000)
    routes = {
        "news.example/robots.txt": httpx.Response(404),
        "news.example/bomb": (200, {"Content-Encoding": "gzip", "Content-Type": "text/html"}, bomb),
    }
    with offline(routes, max_bytes=100_000) as fetcher, pytest.raises(FetchError) as info:
        fetcher.fetch("http://news.example/bomb")
    assert info.value.reason == "too large: over the limit of 100,000 bytes"


def test_requests_to_one_host_are_spaced_out():
    clock = {"now": 100.0}
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        clock["now"] += seconds

    routes = {
        "news.example/robots.txt": httpx.Response(200, content=b"User-agent: *\nCrawl-delay: 3\n"),
        "news.example/a": httpx.Response(200, content=b"a"),
        "news.example/b": httpx.Response(200, content=b"b"),
        "cdn.example/robots.txt": httpx.Response(404),
        "cdn.example/c": httpx.Response(200, content=b"c"),
    }
    fetcher = Fetcher(
        FetchOptions(min_interval=1.0),
        transport=transport(routes),
        resolver=resolver,
        sleep=sleep,
        clock=lambda: clock["now"],
    )
    with fetcher:
        fetcher.fetch("http://news.example/a")  # robots.txt (t=100), then /a after its Crawl-delay: 3 s
        fetcher.fetch("http://cdn.example/c")  # another host: robots.txt at once, /c 1 s later (t=104)
        fetcher.fetch("http://news.example/b")  # 1 s passed since /a: 2 s more to wait
    assert waits == [3.0, 1.0, 2.0]


def test_the_connected_address_is_checked_too():
    class Stream:
        def get_extra_info(self, name):
            return ("10.0.0.9", 80) if name == "server_addr" else None

    response = httpx.Response(200, extensions={"network_stream": Stream()})
    fetcher = Fetcher(FetchOptions())
    try:
        with pytest.raises(FetchError) as info:
            fetcher._check_peer(response, "news.example")
        assert info.value.reason.startswith("refused: news.example connected to a private address (10.0.0.9)")
    finally:
        fetcher.close()


@pytest.mark.parametrize("changes", [{"timeout": 0}, {"max_bytes": 0}, {"min_interval": -1}, {"max_redirects": -1}])
def test_bad_fetch_options_are_coded_errors(changes):
    from dotterel.errors import DotterelError

    with pytest.raises(DotterelError) as info:
        FetchOptions(**changes)
    assert info.value.code == "E101"


def test_a_host_that_resolves_differently_on_connect_is_caught(http_server):
    """DNS rebinding: the check sees a public address, the connection goes to loopback."""
    port = http_server.base.rsplit(":", 1)[1]
    fetcher = Fetcher(FetchOptions(min_interval=0, respect_robots=False), resolver=lambda host, port: ["93.184.216.34"])
    with fetcher, pytest.raises(FetchError) as info:
        fetcher.fetch(f"http://localhost:{port}/articles/1.html")
    assert info.value.reason.startswith("refused: localhost connected to a loopback address (127.0.0.1)")
