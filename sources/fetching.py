"""Fetching a web page safely, on behalf of a user who gave us its address.

Every request is checked before it leaves: the host is resolved and the
connection goes to an address we have vetted (no loopback, private,
link-local, multicast or reserved address, however it is spelled, unless
CARRE_FETCH_ALLOW_PRIVATE), again at each redirect. Reads stop at a size cap
and a time limit; only HTML is accepted for a snapshot.
"""

import ipaddress
import socket
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import urllib3
from django.conf import settings

from sources.normalization import InvalidURL, normalize_url

MAX_REDIRECTS = 5
HTML_TYPES = {"text/html", "application/xhtml+xml"}
USER_AGENT = "CarreBot/1.0 (+source archiving for a citizen watchdog)"


class FetchFailed(Exception):
    """A fetch that failed for a reason a reader can understand."""

    def __init__(self, code: str, *, http_status: int | None = None):
        super().__init__(code)
        self.code = code
        self.http_status = http_status


@dataclass
class FetchedPage:
    url: str  # the final address, after redirects
    status: int
    content_type: str
    body: bytes
    headers: dict = field(default_factory=dict)

    @property
    def text(self) -> str:
        charset = "utf-8"
        for part in self.headers.get("content-type", "").split(";")[1:]:
            name, _, value = part.strip().partition("=")
            if name.lower() == "charset" and value:
                charset = value.strip("\"'")
        try:
            return self.body.decode(charset, errors="replace")
        except LookupError:
            return self.body.decode("utf-8", errors="replace")


def _setting(name, default):
    return getattr(settings, name, default)


def _low_32_bits(ip: ipaddress.IPv6Address) -> tuple[ipaddress.IPv4Address, ...]:
    return (ipaddress.IPv4Address(int(ip) & 0xFFFF_FFFF),)


def _teredo_ends(ip: ipaddress.IPv6Address) -> tuple[ipaddress.IPv4Address, ...]:
    return ip.teredo  # (server, client); the client is the inverted last 32 bits


def _sixtofour_host(ip: ipaddress.IPv6Address) -> tuple[ipaddress.IPv4Address, ...]:
    return (ip.sixtofour,)


# IPv6 forms that carry an IPv4 address. A connection to one of them can end at
# that IPv4 address (the kernel's dual stack for mapped addresses, a NAT64
# gateway, a 6to4 or Teredo relay), so each is judged by the IPv4 inside it.
# For the first four the IPv6 address is only a spelling of the IPv4 one: the
# IPv4 address alone decides. The others must also be public IPv6 addresses
# (Teredo and NAT64 local use never are).
_IPV4_SPELLINGS = (
    (ipaddress.IPv6Network("::ffff:0:0/96"), _low_32_bits),  # IPv4-mapped
    (ipaddress.IPv6Network("::/96"), _low_32_bits),  # IPv4-compatible (:: and ::1 too)
    (ipaddress.IPv6Network("::ffff:0:0:0/96"), _low_32_bits),  # IPv4-translated
    (ipaddress.IPv6Network("64:ff9b::/96"), _low_32_bits),  # NAT64 well-known
)
_IPV4_TUNNELS = (
    (ipaddress.IPv6Network("64:ff9b:1::/48"), _low_32_bits),  # NAT64 local use
    (ipaddress.IPv6Network("2002::/16"), _sixtofour_host),  # 6to4
    (ipaddress.IPv6Network("2001::/32"), _teredo_ends),  # Teredo
)
# Non-global in IANA's special-purpose registries, but global for the
# `ipaddress` of Python 3.12 before 3.12.4.
_NOT_GLOBAL = (
    ipaddress.IPv4Network("192.0.0.0/24"),  # IETF protocol assignments
    ipaddress.IPv4Network("192.88.99.0/24"),  # 6to4 relay anycast (deprecated)
    ipaddress.IPv6Network("64:ff9b:1::/48"),  # NAT64 local use
    ipaddress.IPv6Network("100:0:0:1::/64"),  # dummy prefix
    ipaddress.IPv6Network("3fff::/20"),  # documentation
    ipaddress.IPv6Network("5f00::/16"),  # SRv6 SIDs
)


def _is_global(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return (
        ip.is_global
        and not ip.is_multicast
        and not any(ip in network for network in _NOT_GLOBAL)
    )


def is_public_address(address: str) -> bool:
    """Whether address is a public (global unicast) one, whatever its spelling.

    An IPv6 address that embeds an IPv4 address is refused when the IPv4
    address inside it is not public: ``::ffff:127.0.0.1``, ``::127.0.0.1``,
    ``64:ff9b::7f00:1`` and ``2002:7f00:1::1`` all lead to the loopback.
    """
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        for network, ipv4_inside in _IPV4_SPELLINGS:
            if ip in network:
                return all(map(_is_global, ipv4_inside(ip)))
        for network, ipv4_inside in _IPV4_TUNNELS:
            if ip in network and not all(map(_is_global, ipv4_inside(ip))):
                return False
    return _is_global(ip)


def resolve(host: str, port: int) -> str:
    """Resolve host to one address we may connect to, or raise FetchFailed."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchFailed("unreachable") from error
    addresses = [info[4][0] for info in infos]
    if not addresses:
        raise FetchFailed("unreachable")
    # Every address must be public: a name resolving to both a public and a
    # private address could otherwise be used to reach the inside.
    allow_private = _setting("CARRE_FETCH_ALLOW_PRIVATE", False)
    if not allow_private and not all(map(is_public_address, addresses)):
        raise FetchFailed("refused_address")
    return addresses[0]


def _request_once(url: str, *, method: str, deadline: float, max_bytes: int):
    parts = urlsplit(url)
    scheme, host = parts.scheme, parts.hostname
    port = parts.port or (443 if scheme == "https" else 80)
    address = resolve(host, port)
    timeout = _setting("CARRE_FETCH_TIMEOUT", 10.0)
    options = {
        "port": port,
        "timeout": urllib3.Timeout(connect=timeout, read=timeout),
        "retries": False,
        "maxsize": 1,
    }
    if scheme == "https":
        # Connect to the vetted address, but check the certificate for the name.
        pool = urllib3.HTTPSConnectionPool(
            address, server_hostname=host, assert_hostname=host, **options
        )
    else:
        pool = urllib3.HTTPConnectionPool(address, **options)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    host_header = host if not parts.port else f"{host}:{parts.port}"
    try:
        response = pool.urlopen(
            method,
            path,
            headers={
                "Host": host_header,
                "User-Agent": USER_AGENT,
                "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
                "Accept-Language": "fr,en;q=0.8",
            },
            redirect=False,
            preload_content=False,
            decode_content=True,
        )
    except urllib3.exceptions.TimeoutError as error:
        raise FetchFailed("timeout") from error
    except urllib3.exceptions.HTTPError as error:
        raise FetchFailed("unreachable") from error
    try:
        headers = {name.lower(): value for name, value in response.headers.items()}
        body = b""
        if method == "GET" and 200 <= response.status < 300:
            body = _read_capped(response, headers, deadline, max_bytes)
        return response.status, headers, body
    finally:
        response.release_conn()
        pool.close()


def _read_capped(response, headers, deadline, max_bytes) -> bytes:
    declared = headers.get("content-length", "")
    # isdigit() alone is true for "²", which int() refuses.
    if declared.isascii() and declared.isdigit() and int(declared) > max_bytes:
        raise FetchFailed("too_big")
    chunks, size = [], 0
    try:
        for chunk in response.stream(64 * 1024):
            size += len(chunk)
            if size > max_bytes:
                raise FetchFailed("too_big")
            if time.monotonic() > deadline:
                raise FetchFailed("timeout")
            chunks.append(chunk)
    except urllib3.exceptions.TimeoutError as error:
        raise FetchFailed("timeout") from error
    except urllib3.exceptions.HTTPError as error:
        raise FetchFailed("unreachable") from error
    return b"".join(chunks)


def fetch(url: str, *, method: str = "GET", require_html: bool = True) -> FetchedPage:
    """Fetch url following redirects, each one vetted; raise FetchFailed."""
    try:
        url = normalize_url(url)
    except InvalidURL as error:
        raise FetchFailed("invalid_url") from error
    max_bytes = _setting("CARRE_FETCH_MAX_BYTES", 5 * 1024 * 1024)
    deadline = time.monotonic() + 2 * _setting("CARRE_FETCH_TIMEOUT", 10.0)
    for _hop in range(MAX_REDIRECTS + 1):
        status, headers, body = _request_once(
            url, method=method, deadline=deadline, max_bytes=max_bytes
        )
        if status in (301, 302, 303, 307, 308) and headers.get("location"):
            try:
                url = normalize_url(urljoin(url, headers["location"]))
            except InvalidURL as error:
                raise FetchFailed("invalid_url") from error
            continue
        if status in (404, 410):
            raise FetchFailed("not_found", http_status=status)
        if status >= 400:
            raise FetchFailed("http_error", http_status=status)
        content_type = headers.get("content-type", "").split(";")[0].strip().lower()
        if require_html and method == "GET" and content_type not in HTML_TYPES:
            raise FetchFailed("not_html", http_status=status)
        return FetchedPage(
            url=url,
            status=status,
            content_type=content_type,
            body=body,
            headers=headers,
        )
    raise FetchFailed("too_many_redirects")
