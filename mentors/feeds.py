"""Fetching a mentor's external calendar (an iCalendar feed URL) without opening the way into our
own network.

A feed URL is the mentor's own input, fetched by our servers every 15 minutes. Unchecked, it
could read cloud metadata (169.254.169.254), an admin console on 10.x or a service on localhost,
and the mentor would see the answer in "last error" or as busy time (SSRF). So:

- only http and https (webcal, Apple's name for the same feeds, is read as https);
- the host is resolved here and every address it resolves to must be a public one: private,
  loopback, link-local, multicast, reserved, unspecified and shared addresses are refused, also
  when carried inside an IPv6 address (IPv4-mapped, 6to4, Teredo, NAT64). A test or intranet
  deployment may allow them with CALENDAR_FEEDS_ALLOW_PRIVATE;
- the connection goes to the very address that was checked, with the real host in the Host
  header and in TLS (SNI and the certificate check), so a DNS answer that changes between the
  check and the connection (rebinding) cannot move it elsewhere;
- redirects are followed here, at most CALENDAR_FEEDS_MAX_REDIRECTS, each hop checked the same
  way, and never to a refused address;
- the body is read in chunks and cut at CALENDAR_FEEDS_MAX_BYTES whatever Content-Length says,
  and the whole fetch, every hop included, is cut at CALENDAR_FEEDS_TIMEOUT seconds.

Error messages are shown to the mentor: they name the host at most, never the secret path.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import threading
import time
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit

import certifi
from django.conf import settings
from urllib3 import HTTPConnectionPool, HTTPSConnectionPool, Timeout
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.exceptions import HTTPError as Urllib3Error
from urllib3.exceptions import NewConnectionError
from urllib3.exceptions import TimeoutError as Urllib3Timeout

SCHEMES = {"http": 80, "https": 443}
REDIRECTS = {301, 302, 303, 307, 308}
CHUNK = 16 * 1024
USER_AGENT = "Mentora-Calendar-Sync/1.0"
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
NAT64 = ipaddress.ip_network("64:ff9b::/96")


class FeedError(Exception):
    """A feed could not be fetched or read. The message is safe to show the mentor."""


class FeedRefused(FeedError):
    """The URL, or an address it leads to, is not one we fetch."""


class FeedTooLarge(FeedError):
    pass


class FeedTimeout(FeedError):
    pass


@dataclass(frozen=True)
class FeedTarget:
    scheme: str
    host: str  # lower case, IDNA-encoded, no brackets around an IPv6 address
    port: int
    path: str  # path and query, as sent in the request line

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port == SCHEMES[self.scheme] else f"{host}:{self.port}"


@dataclass(frozen=True)
class FetchResult:
    not_modified: bool
    body: bytes = b""
    etag: str = ""
    last_modified: str = ""


# --- the URL and its addresses --------------------------------------------------------------------


def normalize_url(url: str) -> str:
    url = (url or "").strip()
    if url.lower().startswith("webcal://"):
        url = "https://" + url[len("webcal://") :]
    return url


def parse_target(url: str) -> FeedTarget:
    if any(ord(ch) <= 0x20 or ord(ch) == 0x7F for ch in url):
        raise FeedRefused("A calendar address cannot contain spaces or control characters.")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise FeedRefused("This is not a valid web address.") from None
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise FeedRefused("Use the calendar's http:// or https:// (or webcal://) address.")
    if parts.username is not None or parts.password is not None:
        raise FeedRefused(
            "Use the calendar's secret address; a user name and password in it are not supported."
        )
    if not parts.hostname:
        raise FeedRefused("This address has no host name.")
    try:
        host = parts.hostname.encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise FeedRefused("This host name is not valid.") from None
    path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
    if parts.query:
        path += "?" + quote(parts.query, safe="/%:@!$&'()*+,;=-._~?")
    return FeedTarget(scheme=scheme, host=host, port=port or SCHEMES[scheme], path=path)


def mask_url(url: str) -> str:
    """What we show of a feed URL: its scheme and host. The path is the calendar's secret."""
    try:
        target = parse_target(normalize_url(url))
    except FeedError:
        return "…"
    return f"{target.scheme}://{target.host_header}/…"


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if ip in NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def address_refusal(ip: IPAddress) -> str | None:
    """Why we do not connect to `ip`, or None for a public address."""
    if isinstance(ip, ipaddress.IPv6Address):
        inner = _embedded_ipv4(ip)
        if inner is not None:
            return address_refusal(inner)
    for flag, what in (
        ("is_unspecified", "unspecified"),
        ("is_loopback", "loopback"),
        ("is_link_local", "link-local"),
        ("is_multicast", "multicast"),
        ("is_reserved", "reserved"),
        ("is_private", "private"),
    ):
        if getattr(ip, flag):
            return what
    if getattr(ip, "is_site_local", False):
        return "site-local"
    if not ip.is_global:  # shared address space (100.64/10) and the like
        return "not public"
    return None


def _lookup(host: str, port: int) -> list[str]:
    """The addresses `host` resolves to, in the resolver's order (an IP literal is itself)."""
    try:
        return [str(ipaddress.ip_address(host))]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        raise FeedError(f"The calendar's server {host} could not be found.") from None
    found: list[str] = []
    for *_, sockaddr in infos:
        address = str(sockaddr[0]).split("%", 1)[0]  # a scope id (fe80::1%eth0) is not part of it
        if address not in found:
            found.append(address)
    return found


def checked_addresses(target: FeedTarget) -> list[str]:
    """The addresses to connect to. All of them must pass: a host that resolves to one public
    and one private address could otherwise be steered to the private one."""
    addresses = _lookup(target.host, target.port)
    if not addresses:
        raise FeedError(f"The calendar's server {target.host} could not be found.")
    if not settings.CALENDAR_FEEDS_ALLOW_PRIVATE:
        for address in addresses:
            reason = address_refusal(ipaddress.ip_address(address))
            if reason:
                raise FeedRefused(
                    f"{target.host} leads to a non-public address ({reason}); only calendars on "
                    "the public internet can be added."
                )
    return addresses


def check_feed_url(url: str) -> str:
    """The URL as it will be stored, once its scheme and addresses are acceptable."""
    url = normalize_url(url)
    checked_addresses(parse_target(url))
    return url


# --- the fetch ------------------------------------------------------------------------------------


class _Deadline:
    """One clock for the whole fetch. Socket timeouts bound each read; a server that sends a
    byte now and then would never trip them, so a timer also shuts the sockets down when the
    time is up, which ends any read that is still waiting."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.ends = time.monotonic() + seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self._timer.cancel()

    def remaining(self) -> float:
        left = self.ends - time.monotonic()
        if left <= 0 or self.expired:
            raise self.error()
        return left

    def error(self) -> FeedTimeout:
        return FeedTimeout(f"The calendar server did not answer within {self.seconds:g} seconds.")

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            expired = self.expired
        if expired:
            _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            sockets = list(self._sockets)
        for sock in sockets:
            _shut(sock)


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed
        sock.shutdown(socket.SHUT_RDWR)


class _WatchedConnection:
    """Registers each new socket with the fetch's deadline."""

    def __init__(self, *args, deadline: _Deadline, **kwargs):
        super().__init__(*args, **kwargs)
        self._deadline = deadline

    def _new_conn(self):
        sock = super()._new_conn()
        self._deadline.watch(sock)
        return sock


class _HTTPConnection(_WatchedConnection, HTTPConnection):
    pass


class _HTTPSConnection(_WatchedConnection, HTTPSConnection):
    pass


class _HTTPPool(HTTPConnectionPool):
    ConnectionCls = _HTTPConnection


class _HTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _HTTPSConnection


def _pool(target: FeedTarget, address: str, deadline: _Deadline, ca_certs: str | None):
    timeout = Timeout(connect=deadline.remaining(), read=deadline.remaining())
    if target.scheme == "https":
        # Connected to the checked address; TLS still names and verifies the real host.
        return _HTTPSPool(
            address,
            target.port,
            timeout=timeout,
            maxsize=1,
            retries=False,
            cert_reqs="CERT_REQUIRED",
            ca_certs=ca_certs or certifi.where(),
            server_hostname=target.host,
            assert_hostname=target.host,
            deadline=deadline,
        )
    return _HTTPPool(address, target.port, timeout=timeout, maxsize=1, retries=False, deadline=deadline)


def _read_body(response, max_bytes: int, deadline: _Deadline) -> bytes:
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise _too_large(max_bytes)
    chunks, size = [], 0
    for chunk in response.stream(CHUNK, decode_content=True):
        size += len(chunk)
        if size > max_bytes:
            raise _too_large(max_bytes)
        chunks.append(chunk)
        deadline.remaining()
    return b"".join(chunks)


def _too_large(max_bytes: int) -> FeedTooLarge:
    return FeedTooLarge(f"The calendar is larger than {max_bytes // 1024} kB, the most we read.")


def _request_once(target, addresses, headers, deadline, max_bytes, ca_certs) -> tuple[int, dict, bytes]:
    """(status, headers, body) from the first of the checked addresses that takes the connection."""
    last_error: Exception | None = None
    for address in addresses:
        pool = _pool(target, address, deadline, ca_certs)
        try:
            response = pool.urlopen(
                "GET",
                target.path,
                headers={**headers, "Host": target.host_header},
                retries=False,
                redirect=False,
                assert_same_host=False,
                preload_content=False,
                decode_content=True,
            )
            try:
                body = b""
                if response.status == 200:
                    body = _read_body(response, max_bytes, deadline)
                return response.status, dict(response.headers), body
            finally:
                response.release_conn()
        except Urllib3Error as error:
            # NewConnectionError is a kind of ConnectTimeoutError in urllib3: a refused
            # connection is not a timeout, so it moves on to the next address.
            timed_out = isinstance(error, Urllib3Timeout) and not isinstance(error, NewConnectionError)
            if deadline.expired or timed_out:
                raise deadline.error() from None
            last_error = error
        except OSError as error:
            if deadline.expired:
                raise deadline.error() from None
            last_error = error
        finally:
            pool.close()
    raise FeedError(f"Could not connect to {target.host}: {_plain(last_error)}.")


def _plain(error: Exception | None) -> str:
    text = str(getattr(error, "reason", None) or error or "no answer")
    if "CERTIFICATE_VERIFY_FAILED" in text or ("hostname" in text.lower() and "match" in text.lower()):
        return "its certificate is not valid for this host"
    return "the connection failed"


def fetch(url: str, *, etag: str = "", last_modified: str = "", ca_certs: str | None = None) -> FetchResult:
    """GET a feed, conditionally when etag/last_modified are known. Raises FeedError."""
    headers = {
        "User-Agent": USER_AGENT,
        "Accept": "text/calendar, text/plain;q=0.8, */*;q=0.5",
        "Accept-Encoding": "gzip",
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    max_bytes = settings.CALENDAR_FEEDS_MAX_BYTES
    target = parse_target(normalize_url(url))
    with _Deadline(settings.CALENDAR_FEEDS_TIMEOUT) as deadline:
        for hop in range(settings.CALENDAR_FEEDS_MAX_REDIRECTS + 1):
            try:
                addresses = checked_addresses(target)
            except FeedRefused as error:
                if not hop:
                    raise
                raise FeedRefused(f"The calendar redirected to an address we do not fetch: {error}") from None
            status, reply, body = _request_once(target, addresses, headers, deadline, max_bytes, ca_certs)
            lowered = {name.lower(): value for name, value in reply.items()}
            if status in REDIRECTS and lowered.get("location"):
                current = f"{target.scheme}://{target.host_header}{target.path}"
                try:
                    target = parse_target(urljoin(current, lowered["location"]))
                except FeedRefused as error:
                    raise FeedRefused(
                        f"The calendar redirected to an address we do not fetch: {error}"
                    ) from None
                continue
            if status == 304:
                return FetchResult(
                    not_modified=True,
                    etag=lowered.get("etag", etag),
                    last_modified=lowered.get("last-modified", last_modified),
                )
            if status != 200:
                raise FeedError(f"The calendar server {target.host} answered HTTP {status}.")
            return FetchResult(
                not_modified=False,
                body=body,
                etag=lowered.get("etag", ""),
                last_modified=lowered.get("last-modified", ""),
            )
    raise FeedError(f"The calendar redirected more than {settings.CALENDAR_FEEDS_MAX_REDIRECTS} times.")
