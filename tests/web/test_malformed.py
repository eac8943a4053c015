"""Malformed and hostile requests get a 4xx with a message, and the connection survives."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.requests import Request

from app.config import Settings
from app.main import create_app
from app.web.errors import render_error
from tests.conftest import running
from tests.web.test_api_articles import STORY

LIMIT = 200_000  # the request-size limit of the server below
HUGE = "99999999999999999999"  # beyond 2**63 - 1


@dataclass(frozen=True)
class Bad:
    method: str
    path: str
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    words: str = ""  # in the message

    @staticmethod
    def json(method: str, path: str, value: object, words: str = "") -> Bad:
        return Bad.raw_json(method, path, json.dumps(value).encode(), words)

    @staticmethod
    def raw_json(method: str, path: str, body: bytes, words: str = "") -> Bad:
        return Bad(method, path, body, {"Content-Type": "application/json"}, words)

    @staticmethod
    def form(path: str, body: bytes, words: str = "") -> Bad:
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        return Bad("POST", path, body, headers, words)


def cases(story: int, article: str) -> list[Bad]:
    return [
        # Integers too large for the database, in paths, queries, JSON and forms.
        Bad("GET", f"/?page={HUGE}", words="page"),
        Bad("GET", f"/articles?page={HUGE}", words="page"),
        Bad("GET", f"/api/articles?page={HUGE}", words="page"),
        Bad("GET", f"/api/stories?page={HUGE}", words="page"),
        Bad("GET", f"/api/search?q=ferry&page={HUGE}", words="page"),
        Bad("GET", f"/api/stories/{HUGE}", words="story_id"),
        Bad("GET", f"/stories/{HUGE}", words="story_id"),
        Bad("GET", f"/stories/{HUGE}.json", words="story_id"),
        Bad("GET", f"/api/stories/{HUGE}/overview", words="story_id"),
        Bad("GET", f"/stories/{HUGE}/quotes", words="story_id"),
        Bad("GET", f"/api/stories/-{HUGE}", words="story_id"),
        Bad("GET", f"/api/stories/{'9' * 5000}", words="story_id"),
        Bad.json("PUT", f"/api/articles/{article}/story", {"story": int(HUGE)}, "story"),
        Bad.json("POST", f"/api/stories/{story}/merge", {"story": -int(HUGE)}, "story"),
        Bad.raw_json("POST", f"/api/stories/{story}/merge", b'{"story": ' + b"9" * 5000 + b"}"),
        Bad.form(f"/stories/{story}/merge", f"other={HUGE}".encode(), "number"),
        Bad.form(f"/articles/{article}/story", f"story={HUGE}".encode()),
        # Negative numbers.
        Bad("GET", "/api/articles?page=-1", words="page"),
        Bad("GET", "/api/stories?per_page=-5", words="per_page"),
        Bad("GET", "/api/search?q=ferry&per_page=-1", words="per_page"),
        Bad("GET", "/api/stories/-1"),
        Bad.json("POST", f"/api/stories/{story}/merge", {"story": -3}),
        # Lone surrogates, in JSON (escaped and raw), keys, forms, queries and paths.
        Bad.raw_json("POST", "/api/articles", b'{"text": "\\ud800"}', "surrogate"),
        Bad.raw_json("POST", "/api/articles", b'{"text": "x \\udfff y"}', "surrogate"),
        Bad.raw_json("POST", "/api/articles", b'{"text": "\xed\xa0\x80"}', "surrogate"),
        Bad.raw_json("POST", "/api/articles", b'{"\\ud800": 1}', "surrogate"),
        Bad.raw_json("PATCH", f"/api/stories/{story}", b'{"title": "\\udc00"}', "surrogate"),
        Bad.raw_json("PATCH", f"/api/articles/{article}", b'{"outlet": "\\ud83d"}', "surrogate"),
        Bad.raw_json(
            "POST", f"/api/stories/{story}/split", b'{"articles": ["\\ud800"]}', "articles[0]"
        ),
        Bad.form("/import/text", b"text=%ED%A0%80abc", "UTF-8"),
        Bad.form(f"/stories/{story}/rename", b"title=%ED%B0%80", "UTF-8"),
        Bad("GET", "/search?q=%ED%A0%80", words="UTF-8"),
        Bad("GET", "/api/search?q=%FF", words="UTF-8"),
        Bad("GET", "/articles/%ED%A0%80", words="UTF-8"),
        Bad("GET", "/api/articles/%ED%A0%80", words="UTF-8"),
        # Wrong JSON types and shapes.
        Bad.json("POST", "/api/articles", {"text": 5}, "text"),
        Bad.json("POST", "/api/articles", {"text": ["a"]}, "text"),
        Bad.json("POST", "/api/articles", [STORY], "dictionary"),
        Bad.json("POST", "/api/articles", "text", "dictionary"),
        Bad.json("POST", "/api/articles", None, "dictionary"),
        Bad.json("POST", "/api/articles", {"text": STORY, "published": 20260101}, "published"),
        Bad.json("POST", f"/api/stories/{story}/merge", {"story": "one"}, "story"),
        Bad.json("POST", f"/api/stories/{story}/merge", {"story": 1.5}, "story"),
        Bad.json("POST", f"/api/stories/{story}/merge", {"story": True}, "story"),
        Bad.json("POST", f"/api/stories/{story}/split", {"articles": "x"}, "articles"),
        Bad.json("PATCH", f"/api/stories/{story}", {"title": {"a": 1}}, "title"),
        Bad.raw_json("POST", "/api/articles", b'{"text": NaN}', "text"),
        Bad.raw_json("POST", "/api/articles", b'{"text": "a", ', "not valid JSON"),
        Bad.raw_json("POST", "/api/articles", b'{"text": "\xff\xfe"}', "not valid JSON"),
        Bad("POST", "/api/articles", b'{"text": "abc"}', {"Content-Type": "text/plain"}),
        # Deep nesting.
        Bad.raw_json("POST", "/api/articles", b"[" * 100_000, "nested"),
        Bad.raw_json(
            "POST", "/api/articles", b'{"text": ' + b"[" * 50 + b"]" * 50 + b"}", "nested"
        ),
        Bad.json("PATCH", f"/api/stories/{story}", {"title": [[[[[[[[[[[[]]]]]]]]]]]]}, "title"),
        # Oversized bodies.
        Bad.json("POST", "/api/articles", {"text": "word " * (LIMIT // 5)}, "limit"),
        Bad.form("/import/text", b"text=" + b"a" * LIMIT, "limit"),
        Bad("POST", "/import/files", b"x" * (LIMIT + 1), {"Content-Type": "multipart/form-data"}),
        Bad.form("/import/text", b"&".join(b"f%d=1" % i for i in range(2_000)), "fields"),
        # Path tricks.
        Bad("GET", "/static/..%2f..%2fpyproject.toml", words=".."),
        Bad("GET", "/static/%2e%2e/%2e%2e/app/config.py", words=".."),
        Bad("GET", "/articles/..%2F..%2Fetc%2Fpasswd", words=".."),
        Bad("GET", "/articles/%00", words="control"),
        Bad("GET", "/compare/a%0Ab/c", words="control"),
        Bad("GET", "/static/css/app.css%00.png", words="control"),
        Bad("GET", "/docs/assets/../../../../etc/passwd"),
        # URLs Parallax refuses to fetch are the user's input: 422, not 502.
        Bad.json("POST", "/api/articles", {"url": "file:///etc/passwd"}, "http and https"),
        Bad.json("POST", "/api/articles", {"url": "gopher://example.com/"}, "http and https"),
        Bad.json("POST", "/api/articles", {"url": "javascript:alert(1)"}, "http and https"),
        Bad.json("POST", "/api/articles", {"url": "http://no-such-host.invalid/"}, "resolved"),
        Bad.json("POST", "/api/articles", {"url": "http://224.0.0.1/"}, "multicast"),
        Bad.json("POST", "/api/articles", {"url": "http://[::1"}, "not a valid URL"),
        Bad.form("/import/url", b"url=gopher%3A%2F%2Fexample.com%2F", "http and https"),
        # Methods and routes that do not exist.
        Bad("DELETE", f"/api/stories/{story}"),
        Bad("GET", "/no/such/page", words="no page"),
    ]


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int, str]]:
    folder: Path = tmp_path_factory.mktemp("malformed")
    settings = Settings(
        database_url=f"sqlite:///{folder / 'parallax.db'}",
        max_request_bytes=LIMIT,
        url_imports_per_minute=0,
    )
    app = create_app(settings)
    boom = FastAPI().router

    @boom.get("/api/boom")
    def explode() -> None:
        raise RuntimeError("a bug")

    app.router.routes[:0] = boom.routes  # a route that fails, as a bug would
    with running(app) as origin:
        article = httpx.post(f"{origin}/api/articles", json={"text": STORY}).json()["id"]
        story = httpx.get(f"{origin}/api/stories").json()[0]["id"]
        yield origin, story, article


@contextmanager
def connection(origin: str) -> Iterator[http.client.HTTPConnection]:
    """One keep-alive connection to the server (http.client, unlike httpx, does not hide
    a closed connection by opening another one: the tests check the socket stays)."""
    conn = http.client.HTTPConnection(urlsplit(origin).netloc, timeout=30)
    conn.connect()
    try:
        yield conn
    finally:
        conn.close()


def exchange(conn: http.client.HTTPConnection, bad: Bad) -> tuple[int, str, str | None]:
    conn.request(bad.method, bad.path, body=bad.body or None, headers=bad.headers)
    response = conn.getresponse()
    text = response.read().decode("utf-8")
    return response.status, text, response.getheader("connection")


def message_of(status: int, text: str) -> str:
    try:
        return str(json.loads(text)["error"]["message"])
    except ValueError:
        return text


def test_every_bad_request_gets_a_4xx_and_the_connection_stays_open(
    live: tuple[str, int, str],
) -> None:
    origin, story, article = live
    all_cases = cases(story, article)
    assert len(all_cases) >= 60
    with connection(origin) as conn:
        check_all(conn, all_cases)


def check_all(conn: http.client.HTTPConnection, all_cases: list[Bad]) -> None:
    first_socket = conn.sock
    problems = []
    for bad in all_cases:
        status, text, connection = exchange(conn, bad)
        message = message_of(status, text)
        if not 400 <= status < 500 or bad.words not in message:
            problems.append(f"{bad.method} {bad.path[:80]}: {status} {message[:200]!r}")
        # The same socket answers the next request: the server kept the connection.
        assert conn.sock is first_socket and connection != "close", bad
        status, _, _ = exchange(conn, Bad("GET", "/api/outlets"))
        assert status == 200 and conn.sock is first_socket, f"after {bad}"
    assert not problems, "\n".join(problems)


def test_an_unexpected_error_is_a_500_page_and_the_connection_stays_open(
    live: tuple[str, int, str],
) -> None:
    origin, _, _ = live
    with connection(origin) as conn:
        first_socket = conn.sock
        status, text, _ = exchange(conn, Bad("GET", "/api/boom"))
        assert status == 500 and "unexpected error" in message_of(status, text)
        assert "a bug" not in text  # no internals
        status, _, _ = exchange(conn, Bad("GET", "/api/outlets"))
        assert status == 200 and conn.sock is first_socket


def test_the_error_handler_renders_messages_with_lone_surrogates(client: TestClient) -> None:
    app = client.app
    for path in ["/api/articles", "/articles"]:
        scope = {"type": "http", "method": "GET", "path": path, "headers": [], "app": app}
        scope |= {"query_string": b"", "root_path": "", "scheme": "http"}
        scope |= {"server": ("testserver", 80), "router": app}
        response = render_error(Request(scope), 422, "no story '\ud800' here")
        assert response.status_code == 422
        body = bytes(response.body).decode("utf-8")
        assert "no story '?' here" in body.replace("&#39;", "'")


def test_a_declared_oversized_body_is_refused_unread(client: TestClient) -> None:
    limit = client.app.state.settings.max_request_bytes  # type: ignore[attr-defined]
    response = client.post(
        "/api/articles",
        content=b"{}",
        headers={"Content-Type": "application/json", "Content-Length": str(limit + 1)},
    )
    assert response.status_code == 413 and "limit" in response.json()["error"]["message"]
