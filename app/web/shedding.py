"""Load shedding: past what a server process can work on at once, a request is refused
with 503 and Retry-After at once, rather than queued until every client times out.

Static files and /healthz are never refused: they cost nothing, and a load balancer must
still see the process alive while it sheds.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from app.web.errors import render_error

RETRY_AFTER_SECONDS = 1
ALWAYS_SERVED = ("/static/", "/docs/assets/")


class LoadShedder:
    """At most `max_pending` page and API requests in progress in this process."""

    def __init__(self, app: ASGIApp, max_pending: int) -> None:
        self.app = app
        self.max_pending = max_pending
        self.pending = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "")
        if scope["type"] != "http" or path == "/healthz" or path.startswith(ALWAYS_SERVED):
            await self.app(scope, receive, send)
            return
        if self.pending >= self.max_pending:
            message = "Parallax is busy with other readers just now; try again in a moment."
            headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
            await render_error(Request(scope), 503, message, headers)(scope, receive, send)
            return
        self.pending += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.pending -= 1
