"""Per-client token buckets, so that Parallax is not a free fetching proxy."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from starlette.types import ASGIApp, Receive, Scope, Send

from app.errors import TooManyRequests
from app.ingest.fetch import FETCH_GATE

MAX_CLIENTS = 10_000  # buckets kept; beyond this the ones that are full again are dropped


@dataclass(slots=True)
class _Bucket:
    tokens: float
    updated: float


class TokenBucket:
    """`capacity` requests at once per client, refilled at `per_minute` a minute."""

    def __init__(
        self,
        per_minute: int,
        what: str,
        capacity: int | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.rate = per_minute / 60.0
        self.capacity = float(capacity if capacity is not None else per_minute)
        self.what = what
        self.clock = clock
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()  # routes run in a thread pool

    def take(self, client: str) -> None:
        """Spend one token of `client`'s, or raise TooManyRequests saying when to retry."""
        if self.rate <= 0:
            return
        now = self.clock()
        with self._lock:
            bucket = self._buckets.get(client)
            if bucket is None:
                self._forget_full(now)
                bucket = self._buckets[client] = _Bucket(self.capacity, now)
            bucket.tokens = min(self.capacity, bucket.tokens + (now - bucket.updated) * self.rate)
            bucket.updated = now
            if bucket.tokens >= 1:
                bucket.tokens -= 1
                return
            wait = math.ceil((1 - bucket.tokens) / self.rate)
        raise TooManyRequests(
            f"Too many {self.what} from your address; try again in {wait} s.", retry_after=wait
        )

    def _forget_full(self, now: float) -> None:
        if len(self._buckets) < MAX_CLIENTS:
            return
        for client, bucket in list(self._buckets.items()):
            if bucket.tokens + (now - bucket.updated) * self.rate >= self.capacity:
                del self._buckets[client]
        if len(self._buckets) >= MAX_CLIENTS:  # all busy: start again rather than grow
            self._buckets.clear()


def client_key(scope: Scope) -> str:
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


class FetchLimit:
    """Every URL fetch a request causes (an import by address, through the API, the
    Import page or a JSON record in an upload) spends one of its client's tokens."""

    def __init__(self, app: ASGIApp, bucket: TokenBucket) -> None:
        self.app = app
        self.bucket = bucket

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        client = client_key(scope)
        token = FETCH_GATE.set(lambda url: self.bucket.take(client))
        try:
            await self.app(scope, receive, send)
        finally:
            FETCH_GATE.reset(token)
