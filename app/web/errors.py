"""One place that turns errors into responses: JSON under /api, a friendly page elsewhere."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import DatabaseBusy, NotSignedIn, ParallaxError, TooManyRequests
from app.services.database import storage_fault
from app.web.params import MAX_INT

log = logging.getLogger("parallax")

TITLES = {
    400: "Bad request",
    401: "Sign in to make changes",
    403: "Refused",
    404: "Not found",
    405: "Method not allowed",
    413: "Too large",
    415: "Unsupported type",
    422: "Cannot import this",
    429: "Too many requests",
    500: "Something went wrong",
    502: "Could not fetch the page",
    503: "Busy: try again shortly",
    507: "Out of storage space",
}
UNEXPECTED = "Parallax hit an unexpected error. It has been logged."
BUSY = "Parallax is busy with other readers just now; try again in a moment."
BUSY_RETRY_AFTER = {"Retry-After": "1"}  # seconds: a busy moment passes quickly


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/api"


def safe_text(message: str) -> str:
    """The message as text that encodes to UTF-8: a lone surrogate from the request
    (echoed in a message) becomes "?" instead of failing the response itself."""
    return message.encode("utf-8", "replace").decode("utf-8")


def render_error(
    request: Request, status: int, message: str, headers: Mapping[str, str] | None = None
) -> Response:
    """The error as JSON or a page; never raises, whatever the message holds."""
    message = safe_text(message)
    try:
        if wants_json(request):
            return JSONResponse(
                {"error": {"status": status, "message": message}},
                status_code=status,
                headers=headers,
            )
        templates = request.app.state.templates
        response: Response = templates.TemplateResponse(
            request,
            "error.html",
            {"status": status, "heading": TITLES.get(status, "Error"), "message": message},
            status_code=status,
            headers=headers,
        )
        return response
    except Exception:
        # The error page itself failed (a template, a broken request): plain text still goes.
        log.exception("the error page failed on %s", safe_text(request.url.path))
        return PlainTextResponse(message, status_code=status, headers=headers)


def _headers_for(exc: ParallaxError) -> dict[str, str] | None:
    if isinstance(exc, TooManyRequests | DatabaseBusy):
        return {"Retry-After": str(exc.retry_after)}
    if isinstance(exc, NotSignedIn):
        return {"WWW-Authenticate": 'Bearer realm="parallax"'}
    return None


def error_response(request: Request, exc: ParallaxError) -> Response:
    return render_error(request, exc.status_code, exc.message, _headers_for(exc))


def unexpected_response(request: Request, exc: Exception) -> Response:
    """500 for a bug, logged; a database locked past the wait (503) or a full disk (507)
    is not one, and the user is told which."""
    fault = storage_fault(exc)
    if fault is None:
        log.exception("unhandled error on %s", safe_text(request.url.path), exc_info=exc)
        return render_error(request, 500, UNEXPECTED)
    log.warning("%s on %s: %s", type(fault).__name__, safe_text(request.url.path), exc)
    return error_response(request, fault)


class CatchAll:
    """Answers 500 for an exception nothing else handled (503 or 507 for a database locked
    or full: `unexpected_response`), and does not re-raise it.

    Starlette's own last handler re-raises after answering, and the server then drops
    the connection: the client's next request on it would get no answer at all."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracked(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracked)
        except Exception as exc:
            if started:  # too late for an error page: let the server close the connection
                raise
            await unexpected_response(Request(scope), exc)(scope, receive, send)


def install(app: FastAPI) -> None:
    app.add_middleware(CatchAll)

    @app.exception_handler(ParallaxError)
    async def parallax_error(request: Request, exc: ParallaxError) -> Response:
        return error_response(request, exc)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = (
            exc.detail if isinstance(exc.detail, str) else TITLES.get(exc.status_code, "Error")
        )
        if exc.status_code == 404 and message == "Not Found":
            message = "There is no page at this address."
        return render_error(request, exc.status_code, message, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'] if p != 'body')}: {err['msg']}"
            for err in exc.errors()
        )
        return render_error(request, 422, f"Invalid request: {problems}")

    @app.exception_handler(OverflowError)
    async def overflow(request: Request, exc: OverflowError) -> Response:
        # A number a parameter check let through (a form field read as a story number)
        # reached the database, which stores 64-bit integers.
        log.warning("number out of range on %s: %s", safe_text(request.url.path), exc)
        return render_error(request, 422, f"A number in this request is over {MAX_INT:,}.")

    @app.exception_handler(PoolTimeout)
    async def pool_timeout(request: Request, exc: PoolTimeout) -> Response:
        # Every database connection of this process stayed in use for the pool's timeout.
        log.warning("no database connection free for %s", safe_text(request.url.path))
        return render_error(request, 503, BUSY, BUSY_RETRY_AFTER)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        return unexpected_response(request, exc)
