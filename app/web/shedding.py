"""Load shedding: past what a server process can work on at once, a request is refused
with 503 and Retry-After at once, rather than queued until every client times out.

Static files and /healthz are never refused: they cost nothing, and a load balancer must
still see the process alive while it sheds. A refusal costs little too: its page (or its
JSON under /api) is rendered once and its bytes sent again, so that a flood of refused
requests does not keep the event loop from answering /healthz.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.web.errors import BUSY, BUSY_RETRY_AFTER, render_error
from app.web.http_caching import SHARED_PAGE

ALWAYS_SERVED = ("/static/", "/docs/assets/")


class LoadShedder:
    """At most `max_pending` page and API requests in progress in this process."""

    def __init__(self, app: ASGIApp, max_pending: int) -> None:
        self.app = app
        self.max_pending = max_pending
        self.pending = 0
        self._refusals: dict[bool, list[Message]] = {}  # by "under /api", once rendered

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "")
        if scope["type"] != "http" or path == "/healthz" or path.startswith(ALWAYS_SERVED):
            await self.app(scope, receive, send)
            return
        if self.pending >= self.max_pending:
            for message in await self._refusal(scope, receive, path.startswith("/api/")):
                if "headers" in message:  # a copy: the middlewares outside set headers on it
                    message = {**message, "headers": list(message["headers"])}
                await send(message)
            return
        self.pending += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.pending -= 1

    async def _refusal(self, scope: Scope, receive: Receive, api: bool) -> list[Message]:
        """The 503's messages, the same for every reader (no sign-in state in its menu)."""
        if api not in self._refusals:
            messages: list[Message] = []

            async def keep(message: Message) -> None:
                messages.append(message)

            scope = dict(scope, **{SHARED_PAGE: True})
            refusal = render_error(Request(scope), 503, BUSY, BUSY_RETRY_AFTER)
            await refusal(scope, receive, keep)
            self._refusals[api] = messages
        return self._refusals[api]
