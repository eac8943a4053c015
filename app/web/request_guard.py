"""Requests Parallax refuses before any route sees them: bodies over the size limit,
addresses and forms that are not UTF-8, JSON that is malformed, too deep, holds lone
surrogates or integers beyond 64 bits."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from urllib.parse import parse_qsl, unquote_to_bytes

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.web.errors import render_error
from app.web.params import MAX_INT

MAX_JSON_DEPTH = 32  # no Parallax request nests more than three levels
MAX_FORM_FIELDS = 1_000
# A refused body is still read (and dropped) up to this much, so that the client's
# connection stays usable for its next request; a larger one closes it.
DRAIN_LIMIT = 64_000_000
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class RefusedRequest(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def address_problem(raw_path: bytes, query: bytes) -> str | None:
    """Why the path or query string cannot be read as text, if it cannot."""
    try:
        path = unquote_to_bytes(raw_path).decode("utf-8")
    except UnicodeDecodeError:
        return "The address is not UTF-8 text once its %-escapes are decoded."
    if _CONTROL.search(path):
        return "The address holds control characters."
    if ".." in path.split("/"):
        return "The address holds a '..' segment."
    try:
        parse_qsl(query.decode("latin-1"), keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        return "The query string is not UTF-8 text once its %-escapes are decoded."
    return None


def _walk(value: object) -> Iterator[tuple[str, int, object]]:
    """(where, depth, value) of every value inside a decoded JSON document, keys too."""
    stack: list[tuple[str, int, object]] = [("the body", 1, value)]
    while stack:
        where, depth, item = stack.pop()
        yield where, depth, item
        if isinstance(item, dict):
            for key, child in item.items():
                yield f"a key in {where}", depth, key
                name = key if where == "the body" else f"{where}.{key}"
                stack.append((name, depth + 1, child))
        elif isinstance(item, list):
            stack.extend((f"{where}[{i}]", depth + 1, child) for i, child in enumerate(item))


def json_problem(body: bytes) -> str | None:
    """Why a JSON body is refused, if it is."""
    try:
        document = json.loads(body)
    except RecursionError:
        return f"The JSON body is nested more than {MAX_JSON_DEPTH} levels deep."
    except ValueError as exc:  # bad syntax, bad UTF-8, an integer of thousands of digits
        return f"The request body is not valid JSON: {exc}."
    for where, depth, value in _walk(document):
        if depth > MAX_JSON_DEPTH:
            return f"The JSON body is nested more than {MAX_JSON_DEPTH} levels deep."
        if isinstance(value, str) and (found := _SURROGATE.search(value)):
            return (
                f"{where} holds a lone surrogate (\\u{ord(found.group()):04x}), "
                "which is not a character: send valid Unicode text."
            )
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INT:
            return f"{where} is a number beyond {MAX_INT:,}."
    return None


def form_problem(body: bytes) -> str | None:
    """Why a URL-encoded form body is refused, if it is."""
    try:
        parse_qsl(
            body.decode("utf-8"),
            keep_blank_values=True,
            errors="strict",
            max_num_fields=MAX_FORM_FIELDS,
        )
    except UnicodeDecodeError:
        return "The form is not UTF-8 text once its %-escapes are decoded."
    except ValueError:
        return f"The form has more than {MAX_FORM_FIELDS:,} fields."
    return None


def _media_type(scope: Scope) -> str | None:
    for key, value in scope["headers"]:
        if key == b"content-type":
            media: str = value.decode("latin-1")
            return media.split(";", 1)[0].strip().lower()
    return None


def _content_length(scope: Scope) -> int | None:
    for key, value in scope["headers"]:
        if key == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


class _Body:
    """The request body as it arrives, counted; remembers whether it has all arrived."""

    def __init__(self, receive: Receive, limit: int) -> None:
        self.receive = receive
        self.limit = limit
        self.size = 0
        self.done = False

    @property
    def exceeded(self) -> bool:
        return self.size > self.limit

    async def next(self) -> Message:
        message = await self.receive()
        self.size += len(message.get("body", b""))
        if message["type"] == "http.disconnect" or not message.get("more_body", False):
            self.done = True
        return message

    async def read_all(self) -> bytes:
        chunks: list[bytes] = []
        while not self.done:
            chunks.append((await self.next()).get("body", b""))
            if self.exceeded:
                raise _too_large(self.limit)
        return b"".join(chunks)

    async def drain(self) -> None:
        while not self.done and self.size <= DRAIN_LIMIT:
            await self.next()


def _too_large(limit: int) -> RefusedRequest:
    return RefusedRequest(413, f"The request is larger than the limit of {limit:,} bytes.")


BODY_METHODS = ("POST", "PUT", "PATCH", "DELETE")


class RequestGuard:
    """Checks every request's address, and the bodies routes decode as JSON or forms,
    before the app sees them; counts the bytes of any other body as it streams."""

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        body = _Body(receive, self.max_body)
        try:
            app_receive = await self._checked(scope, body)
        except RefusedRequest as refused:
            await self._refuse(scope, body, refused, send)
            return
        started = replaced = False

        async def guarded_send(message: Message) -> None:
            # A streamed body (an upload) went over the limit while the app read it: the
            # app's answer to the broken stream is replaced by the 413 it deserves.
            nonlocal started, replaced
            if message["type"] == "http.response.start":
                started = True
                if body.exceeded:
                    replaced = True
                    await self._refuse(scope, body, _too_large(self.max_body), send)
            if not replaced:
                await send(message)

        try:
            await self.app(scope, app_receive, guarded_send)
        except RefusedRequest as refused:
            if started:
                raise
            await self._refuse(scope, body, refused, send)

    @staticmethod
    async def _refuse(scope: Scope, body: _Body, refused: RefusedRequest, send: Send) -> None:
        await body.drain()
        response = render_error(Request(scope), refused.status, refused.message)
        await response(scope, body.next, send)

    async def _checked(self, scope: Scope, body: _Body) -> Receive:
        problem = address_problem(scope.get("raw_path") or b"", scope.get("query_string", b""))
        if problem:
            raise RefusedRequest(400, problem)
        declared = _content_length(scope)
        if declared is not None and declared > self.max_body:
            raise _too_large(self.max_body)
        media = _media_type(scope)
        # FastAPI reads a body without a content type as JSON, too.
        is_json = media is None or media == "application/json" or media.endswith("+json")
        is_form = media == "application/x-www-form-urlencoded"
        if scope["method"] not in BODY_METHODS or not (is_json or is_form):
            return self._counting(body)
        data = await body.read_all()
        if data:
            problem = json_problem(data) if is_json else form_problem(data)
            if problem:
                raise RefusedRequest(400, problem)
        return _replay(data, body)

    def _counting(self, body: _Body) -> Receive:
        async def counted() -> Message:
            message = await body.next()
            if body.exceeded:
                raise _too_large(self.max_body)
            return message

        return counted


def _replay(data: bytes, body: _Body) -> Receive:
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": data, "more_body": False}
        return await body.next()  # after the body: wait for the client to go, as usual

    return replayed
