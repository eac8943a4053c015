"""HTTP caching: a comparison's permalink is immutable, so its rendered bytes are kept and
served with a strong ETag; pages that can change get a short max-age and an ETag.

A comparison's address pins two article revisions, and the alignment is stored per
algorithm version: what it shows never changes, except where a correction renames an
outlet or moves an article (written as a new `edition`, see app.models.Edition). Each
server process keeps the bytes it rendered under the current edition and serves them
again without rendering or reading anything but, at most twice a second, that one row.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

import anyio.to_thread
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Every address a comparison is served at: the page, its downloads, its preview image,
# and its JSON API twin.
PERMALINK = re.compile(
    r"^(?:/api/compare/[^/.]+/[^/.]+|/compare/[^/.]+/[^/.]+(?:\.(?:json|csv|html)|/preview\.png)?)$"
)
IMMUTABLE = "public, max-age=31536000, immutable"
# Pages that change as articles arrive: a browser may reuse one for a few seconds, then
# asks again with If-None-Match and gets 304 when nothing changed.
CHANGING = "max-age=10"
# Seconds a process trusts the edition it last read; its own writes mark it stale at once.
EDITION_TTL = 0.5
# The scope key a template reads to render a page that is the same for every reader.
SHARED_PAGE = "parallax.shared_page"
# Headers the server adds itself to every response; never stored with the bytes.
_PER_RESPONSE = {b"date", b"server", b"content-length", b"etag", b"cache-control"}


@dataclass(frozen=True, slots=True)
class Rendered:
    """A response kept to be served again as it was."""

    status: int
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes
    etag: str


def strong_etag(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    """Whether an If-None-Match header names `etag` (or `*`); weak forms match too, as
    RFC 9110 asks of If-None-Match."""
    if not if_none_match:
        return False
    for candidate in if_none_match.split(","):
        candidate = candidate.strip()
        if candidate == "*" or candidate.removeprefix("W/") == etag:
            return True
    return False


class RenderedCache:
    """Rendered responses by key, the least recently used dropped beyond `max_bytes`."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[tuple[str, ...], Rendered] = OrderedDict()
        self._size = 0

    def get(self, key: tuple[str, ...]) -> Rendered | None:
        entry = self._entries.get(key)
        if entry is not None:
            self._entries.move_to_end(key)
        return entry

    def put(self, key: tuple[str, ...], entry: Rendered) -> None:
        if len(entry.body) > self.max_bytes // 8:
            return  # one huge export must not push out everything else
        old = self._entries.pop(key, None)
        if old is not None:
            self._size -= len(old.body)
        self._entries[key] = entry
        self._size += len(entry.body)
        while self._size > self.max_bytes:
            _, dropped = self._entries.popitem(last=False)
            self._size -= len(dropped.body)

    def clear(self) -> None:
        self._entries.clear()
        self._size = 0

    def __len__(self) -> int:
        return len(self._entries)


class HttpCaching:
    """Serves comparisons from `cache` while the edition stays the same; gives every other
    page it answers 200 to an ETag and a short max-age; answers If-None-Match with 304."""

    def __init__(self, app: ASGIApp, edition: Callable[[], int], max_bytes: int) -> None:
        self.app = app
        self.read_edition = edition
        self.cache = RenderedCache(max_bytes)
        self._edition: int | None = None
        self._checked = 0.0
        self._reading = False
        self._limiter = anyio.CapacityLimiter(1)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["method"] not in ("GET", "HEAD"):
            try:
                await self.app(scope, receive, send)
            finally:
                self._checked = 0.0  # it may have written: read the edition again
            return
        if scope["method"] == "HEAD":
            # Answered as GET without its body (the routes know only GET).
            await self(dict(scope, method="GET"), receive, _without_body(send))
            return
        path: str = scope["path"]
        if path.startswith(("/static/", "/docs")) or path == "/healthz":
            await self.app(scope, receive, send)
            return
        request_headers = Headers(scope=scope)
        if_none_match = request_headers.get("if-none-match")
        if not PERMALINK.match(path) or self.cache.max_bytes == 0:
            await self._revalidated(scope, receive, send, if_none_match)
            return
        scope[SHARED_PAGE] = True
        key = await self._key(scope, request_headers)
        entry = self.cache.get(key) if key else None
        if entry is None:
            entry = await self._rendered(scope, receive, send, if_none_match)
            if entry is not None and key:
                self.cache.put(key, entry)
            return
        await _answer(send, entry, if_none_match, IMMUTABLE)

    async def _key(self, scope: Scope, headers: Headers) -> tuple[str, ...] | None:
        """What a rendered comparison depends on; None when the edition cannot be read."""
        now = time.monotonic()
        if now - self._checked > EDITION_TTL and not (self._reading and self._edition is not None):
            # One request reads it, on a thread of its own (never waiting behind the
            # requests' threads); the others meanwhile go on with the edition known.
            self._reading = True
            try:
                edition = await anyio.to_thread.run_sync(self.read_edition, limiter=self._limiter)
            except Exception:  # the database is busy or away: render as if uncached
                return None
            finally:
                self._reading = False
            if edition != self._edition:
                self.cache.clear()
                self._edition = edition
            self._checked = now
        query = scope.get("query_string", b"").decode("latin-1")
        return (scope["path"], query, headers.get("host", ""), str(self._edition))

    async def _rendered(
        self, scope: Scope, receive: Receive, send: Send, if_none_match: str | None
    ) -> Rendered | None:
        """Render through the app; a 200 without a cookie is answered, and returned to keep."""
        captured = await _capture(self.app, scope, receive)
        if captured.status != 200 or any(k == b"set-cookie" for k, _ in captured.headers):
            await _replay(send, captured)
            return None
        entry = Rendered(
            status=200,
            headers=tuple((k, v) for k, v in captured.headers if k not in _PER_RESPONSE),
            body=captured.body,
            etag=strong_etag(captured.body),
        )
        await _answer(send, entry, if_none_match, IMMUTABLE)
        return entry

    async def _revalidated(
        self, scope: Scope, receive: Receive, send: Send, if_none_match: str | None
    ) -> None:
        """A page that can change: rendered each time, its ETag from its bytes. A response
        sent in pieces (the corpus export) goes through as it is."""
        held: Message | None = None

        async def tagged(message: Message) -> None:
            nonlocal held
            if message["type"] == "http.response.start":
                headers = Headers(raw=message["headers"])
                if message["status"] == 200 and not (
                    "cache-control" in headers or "set-cookie" in headers
                ):
                    held = message
                    return
            elif held is not None and message["type"] == "http.response.body":
                start, held = held, None
                if not message.get("more_body", False):
                    body = message.get("body", b"")
                    raw = [(k, v) for k, v in start["headers"] if k.lower() not in _PER_RESPONSE]
                    entry = Rendered(200, tuple(raw), body, strong_etag(body))
                    await _answer(send, entry, if_none_match, CHANGING, vary=True)
                    return
                await send(start)
            await send(message)

        await self.app(scope, receive, tagged)


@dataclass(slots=True)
class _Captured:
    status: int = 500
    headers: list[tuple[bytes, bytes]] = field(default_factory=list)
    body: bytes = b""


async def _capture(app: ASGIApp, scope: Scope, receive: Receive) -> _Captured:
    """The whole response the app gives, held back instead of sent."""
    captured = _Captured()
    chunks: list[bytes] = []

    async def keep(message: Message) -> None:
        if message["type"] == "http.response.start":
            captured.status = message["status"]
            captured.headers = [(bytes(k).lower(), bytes(v)) for k, v in message["headers"]]
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, keep)
    captured.body = b"".join(chunks)
    return captured


def _without_body(send: Send) -> Send:
    """`send` for a HEAD request: the headers of the GET answer, its body left out."""

    async def headers_only(message: Message) -> None:
        if message["type"] == "http.response.body":
            if not message.get("more_body", False):
                await send({"type": "http.response.body", "body": b""})
            return
        await send(message)

    return headers_only


async def _replay(send: Send, captured: _Captured) -> None:
    headers = [(k, v) for k, v in captured.headers if k != b"content-length"]
    headers.append((b"content-length", str(len(captured.body)).encode()))
    await send({"type": "http.response.start", "status": captured.status, "headers": headers})
    await send({"type": "http.response.body", "body": captured.body})


async def _answer(
    send: Send, entry: Rendered, if_none_match: str | None, cache_control: str, vary: bool = False
) -> None:
    """`entry`, or 304 Not Modified when the client already holds these bytes."""
    not_modified = etag_matches(if_none_match, entry.etag)
    headers = MutableHeaders(raw=[] if not_modified else list(entry.headers))
    headers["ETag"] = entry.etag
    headers["Cache-Control"] = cache_control
    if vary:
        # The page shows the sign-in state, and write forms to the owner.
        headers["Vary"] = "Cookie, Authorization"
    if not_modified:
        await send({"type": "http.response.start", "status": 304, "headers": headers.raw})
        await send({"type": "http.response.body", "body": b""})
        return
    headers["Content-Length"] = str(len(entry.body))
    await send({"type": "http.response.start", "status": entry.status, "headers": headers.raw})
    await send({"type": "http.response.body", "body": entry.body})
