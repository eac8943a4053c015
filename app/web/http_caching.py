"""HTTP caching: what a page shows depends only on what the database holds, so each server
process keeps the bytes it rendered and sends them again until something is written;
a comparison's permalink is immutable and says so.

Every write transaction counts one more `edition` (see app.models.Edition). A process
reads that one row at most twice a second (at once after a change it made itself), and
keeps rendered pages only under the edition they were rendered in. A page is kept per
address, host and sign-in state (the owner sees write forms); a comparison's permalink
(page, downloads, preview image, API twin) is rendered the same for every reader and
served with `Cache-Control: public, max-age=31536000, immutable`; other pages with
`max-age=10`. Every 200 carries a strong ETag, and a matching If-None-Match gets 304.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qs

import anyio
import anyio.to_thread
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Every address a comparison is served at: the page, its downloads, its preview image,
# and its JSON API twin.
PERMALINK = re.compile(
    r"^(?:/api/compare/[^/.]+/[^/.]+|/compare/[^/.]+/[^/.]+(?:\.(?:json|csv|html)|/preview\.png)?)$"
)
IMMUTABLE = "public, max-age=31536000, immutable"


def _permanent(path: str, query: bytes) -> bool:
    """Whether the address always shows the same thing: a comparison's page and downloads
    (pinned by `?v=`, or without it by the first analysis stored), and the API with `?v=`;
    the API without it answers with the current engine's analysis, which an upgrade
    replaces."""
    if not PERMALINK.match(path):
        return False
    return not path.startswith("/api/") or "v" in parse_qs(query.decode("latin-1"))


# Pages that change as articles arrive: a browser may reuse one for a few seconds, then
# asks again with If-None-Match and gets 304 when nothing changed.
CHANGING = "max-age=10"
# Seconds a process trusts the edition it last read; its own writes mark it stale at once.
EDITION_TTL = 0.5
# The scope key a template reads to render a page that is the same for every reader.
SHARED_PAGE = "parallax.shared_page"
# Never kept: they change per request, or the server and this module set them.
_PER_RESPONSE = {b"date", b"server", b"content-length", b"etag", b"cache-control"}
NOT_CACHED = ("/static/", "/docs")
# Other pages may take this share of the memory: a stream of distinct searches must not
# push out the comparisons that are being shared.
PAGES_SHARE = 4


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


@dataclass(frozen=True, slots=True)
class Shelf:
    """Where one kind of page is kept, and how it is served."""

    cache: RenderedCache
    cache_control: str
    vary: bool  # the page shows the sign-in state, and write forms to the owner


class HttpCaching:
    """Serves GET requests from the rendered pages of the current edition, renders and
    keeps the rest; tags every 200 with an ETag and its Cache-Control; answers 304.

    `edition` reads the database's edition (on a thread); `variant` names what else a
    page depends on for this request (the sign-in state)."""

    def __init__(
        self,
        app: ASGIApp,
        edition: Callable[[], int],
        variant: Callable[[Scope], str],
        max_bytes: int,
    ) -> None:
        self.app = app
        self.read_edition = edition
        self.variant = variant
        self.permalinks = Shelf(RenderedCache(max_bytes), IMMUTABLE, vary=False)
        self.pages = Shelf(RenderedCache(max_bytes // PAGES_SHARE), CHANGING, vary=True)
        self._edition: int | None = None
        self._checked = 0.0
        self._reading = False
        self._limiter = anyio.CapacityLimiter(1)
        self._rendering: dict[tuple[str, ...], _Rendering] = {}

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
        if path.startswith(NOT_CACHED) or path == "/healthz":
            await self.app(scope, receive, send)
            return
        if _permanent(path, scope.get("query_string", b"")):
            scope[SHARED_PAGE] = True
            shelf, variant = self.permalinks, ""
        else:
            shelf, variant = self.pages, self.variant(scope)
        headers = Headers(scope=scope)
        edition = await self._current_edition() if shelf.cache.max_bytes else None
        key = None if edition is None else _key(scope, headers, edition, variant)
        entry = shelf.cache.get(key) if key else None
        if_none_match = headers.get("if-none-match")
        if entry is None and key in self._rendering:
            # Many readers asked for one page at once: one renders it, the others wait for
            # its bytes instead of each rendering it again.
            entry = await self._rendering[key].wait()
        if entry is None:
            await self._render_once(scope, receive, send, key, shelf, if_none_match)
            return
        await _answer(send, entry, if_none_match, shelf)

    async def _render_once(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        key: tuple[str, ...] | None,
        shelf: Shelf,
        if_none_match: str | None,
    ) -> None:
        """Render and keep the page, telling the requests that wait for the same page."""
        waiting = _Rendering()
        if key is not None and key not in self._rendering:
            self._rendering[key] = waiting
        entry = None
        try:
            entry = await self._render(scope, receive, send, if_none_match, shelf)
            if entry is not None and key is not None:
                shelf.cache.put(key, entry)
        finally:
            if key is not None and self._rendering.get(key) is waiting:
                del self._rendering[key]
            waiting.done(entry)

    async def _current_edition(self) -> int | None:
        """The edition, read again when EDITION_TTL has passed; None when it cannot be read."""
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
                self.permalinks.cache.clear()
                self.pages.cache.clear()
                self._edition = edition
            self._checked = now
        return self._edition

    async def _render(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        if_none_match: str | None,
        shelf: Shelf,
    ) -> Rendered | None:
        """Render through the app. A 200 in one piece without a cookie or a Cache-Control
        of its own is answered tagged, and returned to keep; anything else (an error, the
        corpus export streamed in pieces) goes through as it is."""
        kept: Rendered | None = None
        held: Message | None = None

        async def tagged(message: Message) -> None:
            nonlocal held, kept
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
                    kept = Rendered(200, tuple(raw), body, strong_etag(body))
                    await _answer(send, kept, if_none_match, shelf)
                    return
                await send(start)
            await send(message)

        await self.app(scope, receive, tagged)
        return kept


class _Rendering:
    """A page being rendered, for the requests that wait for it: its bytes, or None when
    they cannot be kept (each waiting request then renders for itself)."""

    def __init__(self) -> None:
        self._done = anyio.Event()
        self._entry: Rendered | None = None

    def done(self, entry: Rendered | None) -> None:
        self._entry = entry
        self._done.set()

    async def wait(self) -> Rendered | None:
        await self._done.wait()
        return self._entry


def _key(scope: Scope, headers: Headers, edition: int, variant: str) -> tuple[str, ...]:
    query = scope.get("query_string", b"").decode("latin-1")
    return (scope["path"], query, headers.get("host", ""), str(edition), variant)


def _without_body(send: Send) -> Send:
    """`send` for a HEAD request: the headers of the GET answer, its body left out."""

    async def headers_only(message: Message) -> None:
        if message["type"] == "http.response.body":
            if not message.get("more_body", False):
                await send({"type": "http.response.body", "body": b""})
            return
        await send(message)

    return headers_only


async def _answer(send: Send, entry: Rendered, if_none_match: str | None, shelf: Shelf) -> None:
    """`entry`, or 304 Not Modified when the client already holds these bytes."""
    not_modified = etag_matches(if_none_match, entry.etag)
    headers = MutableHeaders(raw=[] if not_modified else list(entry.headers))
    headers["ETag"] = entry.etag
    headers["Cache-Control"] = shelf.cache_control
    if shelf.vary:
        headers["Vary"] = "Cookie, Authorization"
    if not_modified:
        await send({"type": "http.response.start", "status": 304, "headers": headers.raw})
        await send({"type": "http.response.body", "body": b""})
        return
    headers["Content-Length"] = str(len(entry.body))
    await send({"type": "http.response.start", "status": entry.status, "headers": headers.raw})
    await send({"type": "http.response.body", "body": entry.body})
