"""Fetching pages politely and safely with httpx.

- a timeout for the whole fetch, and a size cap: the body is streamed and the
  download stops as soon as it passes the cap (compressed bodies are inflated
  under the same cap, so a gzip bomb stops there too);
- redirects are followed by hand, up to a cap, and every hop is checked again;
- private, loopback, link-local and other non-public addresses are refused (every
  address the host resolves to, and the address actually connected to), unless
  ``allow_private``;
- robots.txt is obeyed (RFC 9309: the rules for the user agent's product token,
  else ``*``; an unreachable robots.txt means "disallow", a missing one "allow");
- one request per host per ``min_interval`` seconds (or robots.txt's Crawl-delay);
- a User-Agent that says what is fetching.

The transport and the name resolver can be injected, so tests run offline.
"""

from __future__ import annotations

import ipaddress
import socket
import time
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from dotterel.ingest._options import FetchOptions
from dotterel.ingest._sources import DocumentError

__all__ = ["Fetcher", "Fetched", "FetchError", "Resolver", "system_resolver", "address_refusal"]

Resolver = Callable[[str, int], Sequence[str]]

_ROBOTS_MAX_BYTES = 512_000
_MAX_CRAWL_DELAY = 60.0
_ACCEPT = "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5"


class FetchError(DocumentError):
    """A URL could not be fetched; ``reason`` says why in one line."""


@dataclass(frozen=True, slots=True)
class Fetched:
    """A fetched body and where it came from."""

    url: str  # the final URL, after redirects
    requested: str
    status: int
    content_type: str | None
    body: bytes


def system_resolver(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def address_refusal(address: str) -> str | None:
    """Why an address must not be fetched from ("loopback", ...), or ``None`` if public."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return "unparseable"
    if isinstance(ip, ipaddress.IPv6Address):
        mapped = ip.ipv4_mapped or ip.sixtofour
        if mapped is not None:
            ip = mapped
    for kind, flag in (
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("unspecified", ip.is_unspecified),
        ("private", ip.is_private),
        ("reserved", ip.is_reserved),
    ):
        if flag:
            return kind
    if not ip.is_global:
        return "non-public"
    return None


class _Inflater:
    """Content-Encoding decoding under a size cap (so a compressed bomb stops early)."""

    def __init__(self, encoding: str | None) -> None:
        name = (encoding or "identity").strip().lower()
        if name in ("", "identity"):
            self._z = None
        elif name in ("gzip", "x-gzip"):
            self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif name == "deflate":
            self._z = zlib.decompressobj()
        else:
            raise FetchError(f"unsupported content encoding: {name}")

    def feed(self, chunk: bytes, room: int) -> bytes:
        """Up to ``room + 1`` decoded bytes of ``chunk`` (more than ``room`` means too large)."""
        if self._z is None:
            return chunk
        try:
            return self._z.decompress(chunk, room + 1)
        except zlib.error as exc:
            raise FetchError(f"corrupt compressed body: {exc}") from None


class Fetcher:
    """Fetches URLs under :class:`FetchOptions`; use it as a context manager or ``close()`` it."""

    def __init__(
        self,
        options: FetchOptions | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        resolver: Resolver | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.options = options or FetchOptions()
        self._resolver = resolver or system_resolver
        self._sleep = sleep
        self._clock = clock
        self._client = httpx.Client(
            transport=transport,
            follow_redirects=False,
            timeout=httpx.Timeout(self.options.timeout),
            headers={"User-Agent": self.options.user_agent, "Accept": _ACCEPT, "Accept-Encoding": "gzip, deflate"},
            trust_env=False,
        )
        self._robots: dict[str, RobotFileParser | None] = {}
        self._last: dict[str, float] = {}
        self._interval: dict[str, float] = {}

    # -- lifecycle --------------------------------------------------------------
    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- public -----------------------------------------------------------------
    def fetch(self, url: str) -> Fetched:
        """The body at ``url``; raises :class:`FetchError` with a one-line reason."""
        return self._follow(url, check_robots=self.options.respect_robots, limit=self.options.max_bytes)

    # -- steps ------------------------------------------------------------------
    def _follow(self, url: str, *, check_robots: bool, limit: int) -> Fetched:
        current = url
        for _hop in range(self.options.max_redirects + 1):
            parts = urlsplit(current)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise FetchError(f"not a web address: {current[:200]}")
            self._check_host(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
            if check_robots and not self._allowed(current):
                raise FetchError("disallowed by robots.txt", status="skipped")
            status, headers, body = self._get(current, limit=limit)
            if status in (301, 302, 303, 307, 308) and headers.get("location"):
                current = urljoin(current, headers["location"].strip())
                continue
            if status >= 400:
                phrase = _PHRASES.get(status, "")
                raise FetchError(f"HTTP {status}" + (f": {phrase}" if phrase else ""))
            return Fetched(
                url=current, requested=url, status=status, content_type=headers.get("content-type"), body=body
            )
        raise FetchError(f"too many redirects: more than {self.options.max_redirects}")

    def _check_host(self, host: str, port: int) -> None:
        if self.options.allow_private:
            return
        try:
            ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
            addresses: Sequence[str] = [host.strip("[]")]
        except ValueError:
            try:
                addresses = self._resolver(host, port)
            except (OSError, UnicodeError) as exc:
                raise FetchError(f"cannot resolve host: {host} ({exc})") from None
        if not addresses:
            raise FetchError(f"cannot resolve host: {host}")
        for address in addresses:
            kind = address_refusal(address)
            if kind:
                raise FetchError(f"refused: {host} is a {kind} address ({address}); give --allow-private to fetch it")

    def _check_peer(self, response: httpx.Response, host: str) -> None:
        """Check the address actually connected to (a second resolution may differ)."""
        if self.options.allow_private:
            return
        stream = response.extensions.get("network_stream")
        if stream is None:
            return
        try:
            peer = stream.get_extra_info("server_addr")
        except Exception:  # noqa: BLE001 - transports that do not say
            return
        if peer:
            kind = address_refusal(str(peer[0]))
            if kind:
                raise FetchError(
                    f"refused: {host} connected to a {kind} address ({peer[0]}); give --allow-private to fetch it"
                )

    def _wait(self, host: str) -> None:
        last = self._last.get(host)
        if last is None:
            return
        interval = max(self.options.min_interval, self._interval.get(host, 0.0))
        remaining = interval - (self._clock() - last)
        if remaining > 0:
            self._sleep(remaining)

    def _get(self, url: str, *, limit: int) -> tuple[int, dict[str, str], bytes]:
        host = (urlsplit(url).hostname or "").lower()
        self._wait(host)
        deadline = self._clock() + self.options.timeout
        try:
            with self._client.stream("GET", url) as response:
                self._check_peer(response, host)
                headers = {k.lower(): v for k, v in response.headers.items()}
                status = response.status_code
                if status >= 300:
                    return status, headers, b""
                length = headers.get("content-length", "")
                if length.isdigit() and int(length) > limit and not headers.get("content-encoding"):
                    raise FetchError(f"too large: {int(length):,} bytes, over the limit of {limit:,}")
                inflater = _Inflater(headers.get("content-encoding"))
                chunks: list[bytes] = []
                size = 0
                # A transport that hands over a body already in memory (httpx.MockTransport)
                # cannot be streamed again: take it whole.
                raw = [response.content] if response.is_stream_consumed else response.iter_raw()
                for chunk in raw:
                    data = inflater.feed(chunk, limit - size)
                    size += len(data)
                    if size > limit:
                        raise FetchError(f"too large: over the limit of {limit:,} bytes")
                    chunks.append(data)
                    if self._clock() > deadline:
                        raise FetchError(f"timed out: no complete response within {self.options.timeout:g} s")
                return status, headers, b"".join(chunks)
        except httpx.TimeoutException:
            raise FetchError(f"timed out: no complete response within {self.options.timeout:g} s") from None
        except httpx.ConnectError as exc:
            raise FetchError(f"cannot connect: {_first_line(exc) or 'connection failed'}") from None
        except httpx.HTTPError as exc:
            raise FetchError(f"HTTP error: {_first_line(exc) or type(exc).__name__}") from None
        finally:
            self._last[host] = self._clock()

    def _allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            self._robots[origin] = self._load_robots(origin)
        rules = self._robots[origin]
        if rules is None:
            return True
        delay = rules.crawl_delay(self.options.user_agent)
        if delay:
            try:
                self._interval[(parts.hostname or "").lower()] = min(float(delay), _MAX_CRAWL_DELAY)
            except (TypeError, ValueError):
                pass
        return rules.can_fetch(self.options.user_agent, url)

    def _load_robots(self, origin: str) -> RobotFileParser | None:
        """The rules at ``origin``/robots.txt; ``None``: no rules (all allowed)."""
        try:
            fetched = self._follow(f"{origin}/robots.txt", check_robots=False, limit=_ROBOTS_MAX_BYTES)
        except FetchError as exc:
            if exc.reason.startswith("HTTP 4"):
                return None  # no robots.txt: everything is allowed
            if exc.reason.startswith("too large"):
                return None
            if exc.reason.startswith("refused"):
                raise
            rules = RobotFileParser()
            rules.disallow_all = True  # unreachable: assume complete disallow (RFC 9309)
            return rules
        rules = RobotFileParser()
        rules.parse(fetched.body.decode("utf-8", "replace").splitlines())
        return rules


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:200] if text else ""


_PHRASES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    406: "Not Acceptable",
    408: "Request Timeout",
    410: "Gone",
    429: "Too Many Requests",
    451: "Unavailable For Legal Reasons",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}
