"""Fetch one web page safely: global addresses only, capped size, few redirects, timeouts."""

from __future__ import annotations

import ipaddress
import re
import socket
import time
import zlib
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from urllib.parse import urljoin

import httpx

from app.errors import BlockedAddress, FetchFailed, TooLarge, UnsupportedType, UnusableUrl

ACCEPTED_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
USER_AGENT = "Parallax/0.1 (article import; +https://github.com/)"
_CHUNK = 64 * 1024
# Called with the URL before each fetch: the web app sets it per request to spend one of
# the client's fetch tokens (it raises when none is left). The command line sets none.
FETCH_GATE: ContextVar[Callable[[str], None] | None] = ContextVar("fetch_gate", default=None)
# A host written as inet_aton reads numbers (2130706433, 0x7f.1, 0177.0.0.1, 127.1): one
# to four parts, each decimal, octal or hex. Only the plain dotted quad is accepted.
_NUMERIC_HOST = re.compile(r"(0x[0-9a-f]*|[0-9]+)(\.(0x[0-9a-f]*|[0-9]+)){0,3}\.?", re.I)
# Addresses that carry or reach another address (translation and tunnelling prefixes),
# or that are not for the public internet, beyond what `ipaddress` flags on its own.
_REFUSED_NETWORKS = tuple(
    ipaddress.ip_network(net)
    for net in (
        "0.0.0.0/8",  # "this network"
        "100.64.0.0/10",  # carrier-grade NAT
        "192.0.0.0/24",  # IETF protocol assignments
        "198.18.0.0/15",  # benchmarking
        "224.0.0.0/4",  # multicast
        "240.0.0.0/4",  # reserved, and 255.255.255.255 broadcast
        "::/96",  # unspecified, loopback and IPv4-compatible addresses
        "64:ff9b::/96",  # NAT64: reaches any IPv4 address, private ones too
        "64:ff9b:1::/48",  # local-use NAT64
        "100::/64",  # discard
        "2001::/32",  # Teredo
        "2001:db8::/32",  # documentation
        "2002::/16",  # 6to4
        "fc00::/7",  # unique local
        "fe80::/10",  # link-local
        "fec0::/10",  # site-local
        "ff00::/8",  # multicast
    )
)


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    timeout: float = 15.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    allow_loopback: bool = False


@dataclass(frozen=True, slots=True)
class FetchedPage:
    url: str  # the URL asked for
    final_url: str  # where the last redirect led
    content_type: str  # e.g. "text/html"
    charset: str | None  # from the Content-Type header, if any
    data: bytes  # the decoded (decompressed) body


def fetch(url: str, policy: FetchPolicy) -> FetchedPage:
    """Fetch `url`, checking every hop's resolved and connected address."""
    current = _check_url(url)
    gate = FETCH_GATE.get()
    if gate is not None:
        gate(current)
    deadline = time.monotonic() + policy.timeout
    with httpx.Client(
        trust_env=False,  # an environment proxy would bypass the address checks
        follow_redirects=False,
        timeout=httpx.Timeout(policy.timeout),
        headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
    ) as client:
        for _hop in range(policy.max_redirects + 1):
            _check_host(current, policy)
            try:
                with client.stream("GET", current) as response:
                    _check_connected_address(response, current, policy)
                    if response.is_redirect:
                        location = response.headers.get("location")
                        if not location:
                            raise FetchFailed(f"{current} redirected without a Location header.")
                        current = _check_url(urljoin(current, location))
                        continue
                    if response.status_code >= 400:
                        raise FetchFailed(
                            f"{current} answered HTTP {response.status_code} "
                            f"{response.reason_phrase}."
                        )
                    content_type, charset = _content_type(response)
                    data = _read_capped(response, policy.max_bytes, deadline, current)
                    return FetchedPage(url, current, content_type, charset, data)
            except httpx.TimeoutException as exc:
                raise FetchFailed(f"{current} did not answer within {policy.timeout:g} s.") from exc
            except httpx.HTTPError as exc:
                raise FetchFailed(f"Could not fetch {current}: {exc}.") from exc
    raise FetchFailed(f"{url} redirected more than {policy.max_redirects} times.")


def _check_url(url: str) -> str:
    url = url.strip()
    try:
        # httpx's own parser: the host checked is the host httpx will connect to.
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise UnusableUrl(f"{url!r} is not a valid URL: {exc}.") from exc
    if parsed.scheme not in ("http", "https"):
        raise UnusableUrl(f"Only http and https URLs can be fetched, not {url!r}.")
    host = parsed.host
    if not host:
        raise UnusableUrl(f"{url!r} has no host name.")
    if _NUMERIC_HOST.fullmatch(host) and not _is_dotted_quad(host):
        raise BlockedAddress(
            f"{host} is an address written as a number that resolvers read differently; "
            "Parallax only fetches pages from public addresses, written as four decimal "
            "numbers (e.g. 93.184.216.34)."
        )
    return url


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _is_dotted_quad(host: str) -> bool:
    try:
        return str(ipaddress.IPv4Address(host)) == host
    except ValueError:
        return False


_FLAGGED = (
    ("is_loopback", "a loopback address"),
    ("is_unspecified", "an unspecified address"),
    ("is_multicast", "a multicast address"),
    ("is_link_local", "a link-local address"),
    ("is_private", "a private address"),
    ("is_reserved", "a reserved address"),
)


def refusal(address: str, policy: FetchPolicy) -> str | None:
    """Why Parallax will not connect to `address`, or None if it may."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return "not an IP address"
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:a.b.c.d is a.b.c.d
    if policy.allow_loopback and ip.is_loopback:
        return None
    for flag, what in _FLAGGED:
        if getattr(ip, flag):
            return what
    if any(ip in net for net in _REFUSED_NETWORKS if net.version == ip.version):
        return "a special-purpose address"
    if not ip.is_global:
        return "not a public address"
    return None


def _check_host(url: str, policy: FetchPolicy) -> None:
    parsed = httpx.URL(url)
    host = parsed.host
    # RFC 6761: localhost and its subdomains are loopback, whatever a resolver says.
    if host.rstrip(".").lower().split(".")[-1] == "localhost" and not policy.allow_loopback:
        raise BlockedAddress(
            f"{host} is this machine (a loopback name); "
            "Parallax only fetches pages from public addresses."
        )
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    literal = host.split("%", 1)[0]  # an IPv6 zone (fe80::1%25eth0) names no address
    if _is_ip(literal) and (reason := refusal(literal, policy)):
        raise BlockedAddress(
            f"{host} is {reason}; Parallax only fetches pages from public addresses."
        )
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise UnusableUrl(f"The host {host!r} could not be resolved.") from exc
    for info in infos:
        address = str(info[4][0])
        reason = refusal(address, policy)
        if reason:
            raise BlockedAddress(
                f"{host} resolves to {address}, {reason}; "
                "Parallax only fetches pages from public addresses."
            )


def _check_connected_address(response: httpx.Response, url: str, policy: FetchPolicy) -> None:
    # The name may resolve differently at connect time (DNS rebinding): check the peer
    # actually connected to before reading anything from it.
    stream = response.extensions.get("network_stream")
    peer = stream.get_extra_info("server_addr") if stream is not None else None
    address = str(peer[0]) if peer else None
    reason = refusal(address, policy) if address else None
    if reason:
        raise BlockedAddress(
            f"{httpx.URL(url).host} connected to {address}, {reason}; "
            "Parallax only fetches pages from public addresses."
        )


def _content_type(response: httpx.Response) -> tuple[str, str | None]:
    header = response.headers.get("content-type", "")
    mime = header.split(";", 1)[0].strip().lower()
    if mime not in ACCEPTED_TYPES:
        shown = mime or "no content type"
        raise UnsupportedType(
            f"{response.url} is {shown}; Parallax imports web pages (HTML) and plain text."
        )
    charset = None
    for param in header.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip('"')
    return mime, charset


def _read_capped(response: httpx.Response, max_bytes: int, deadline: float, url: str) -> bytes:
    """Read the body, decompressing by hand so the cap holds on the *decoded* size."""
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    decompressor: zlib._Decompress | None
    if encoding in ("", "identity"):
        decompressor = None
    elif encoding in ("gzip", "x-gzip"):
        decompressor = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    elif encoding == "deflate":
        decompressor = zlib.decompressobj()
    else:
        raise FetchFailed(f"{url} sent an unsupported content encoding {encoding!r}.")
    too_large = TooLarge(f"{url} is larger than the limit of {max_bytes:,} bytes.")
    out = bytearray()
    for chunk in response.iter_raw(_CHUNK):
        if time.monotonic() > deadline:
            raise FetchFailed(f"{url} took too long to download.")
        if decompressor is None:
            out += chunk
        else:
            data = chunk
            while data:
                try:
                    # max_length bounds what one call may inflate: a compression bomb
                    # cannot expand a whole chunk in memory before the cap acts.
                    out += decompressor.decompress(data, max_bytes + 1 - len(out))
                except zlib.error as exc:
                    raise FetchFailed(f"{url} sent a corrupt compressed body.") from exc
                if len(out) > max_bytes:
                    raise too_large
                data = decompressor.unconsumed_tail
        if len(out) > max_bytes:
            raise too_large
    return bytes(out)
