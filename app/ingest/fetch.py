"""Fetch one web page safely: global addresses only, capped size, few redirects, timeouts."""

from __future__ import annotations

import ipaddress
import socket
import time
import zlib
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from app.errors import BlockedAddress, FetchFailed, TooLarge, UnsupportedType

ACCEPTED_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
USER_AGENT = "Parallax/0.1 (article import; +https://github.com/)"
_CHUNK = 64 * 1024


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
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https"):
        raise FetchFailed(f"Only http and https URLs can be fetched, not {url!r}.")
    if not parts.hostname:
        raise FetchFailed(f"{url!r} has no host name.")
    return url.strip()


def _is_allowed(address: str, policy: FetchPolicy) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if policy.allow_loopback and ip.is_loopback:
        return True
    return ip.is_global


def _check_host(url: str, policy: FetchPolicy) -> None:
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchFailed(f"The host {host!r} could not be resolved.") from exc
    for info in infos:
        address = str(info[4][0])
        if not _is_allowed(address, policy):
            raise BlockedAddress(
                f"{host} resolves to {address}, a private or reserved address; "
                "Parallax only fetches pages from public addresses."
            )


def _check_connected_address(response: httpx.Response, url: str, policy: FetchPolicy) -> None:
    # The name may resolve differently at connect time (DNS rebinding): check the peer
    # actually connected to before reading anything from it.
    stream = response.extensions.get("network_stream")
    peer = stream.get_extra_info("server_addr") if stream is not None else None
    if peer and not _is_allowed(str(peer[0]), policy):
        raise BlockedAddress(
            f"{urlsplit(url).hostname} connected to {peer[0]}, a private or reserved address; "
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
