"""Fetching pages from a local test server: the happy path and every refusal."""

from __future__ import annotations

import contextlib
import gzip
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from fastapi.testclient import TestClient

from app.errors import BlockedAddress, FetchFailed, TooLarge, UnsupportedType, UnusableUrl
from app.ingest.fetch import FetchPolicy, fetch

PAGE = b"""<!doctype html><html><head><title>Tide gauge breaks record | Coast Post</title>
<meta property="og:site_name" content="Coast Post"></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Tide gauge breaks record</h1>
<p>The tide gauge at the old pier recorded its highest reading in ninety years on Sunday night,
as a storm surge pushed water over the sea wall and into the lower streets of the town.</p>
<p>Engineers said the gauge, installed in 1931, had been checked twice since the surge and was
working correctly, and that the reading would be confirmed by the national survey this week.</p>
<p>Residents were told to move cars from the seafront before the next high tide on Monday.</p>
</article><footer>&copy; 2026 Coast Post</footer></body></html>"""


# 50 MB of spaces in about 50 kB: compressed once, not in every request.
BOMB = gzip.compress(b" " * 50_000_000)


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # keep test output quiet
        pass

    def send(self, status: int, body: bytes, content_type: str, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in headers.items():
            self.send_header(key.replace("_", "-"), value)
        self.end_headers()
        # The client may give up first, as the size and time limits tell it to.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        path = self.path
        if path == "/article":
            self.send(200, PAGE, "text/html; charset=utf-8")
        elif path == "/plain":
            self.send(200, PAGE.replace(b"<p>", b"\n\n").replace(b"</p>", b""), "text/plain")
        elif path.startswith("/hop/"):
            left = int(path.rsplit("/", 1)[1])
            target = "/article" if left == 0 else f"/hop/{left - 1}"
            self.send(302, b"", "text/html", Location=target)
        elif path == "/image":
            self.send(200, b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png")
        elif path == "/bomb":
            self.send(200, BOMB, "text/html", Content_Encoding="gzip")
        elif path == "/big":
            self.send(200, b"<p>" + b"word " * 2_000_000 + b"</p>", "text/html")
        elif path == "/slow":
            time.sleep(3)
            self.send(200, PAGE, "text/html")
        elif path == "/empty":
            self.send(200, b"<html><body><nav>Home</nav></body></html>", "text/html")
        else:
            self.send(404, b"not here", "text/plain")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


LOCAL = FetchPolicy(timeout=10.0, max_bytes=1_000_000, max_redirects=3, allow_loopback=True)


def test_fetches_a_page(server: str) -> None:
    page = fetch(f"{server}/article", LOCAL)
    assert page.content_type == "text/html" and page.charset == "utf-8"
    assert b"Tide gauge breaks record" in page.data


def test_follows_a_few_redirects_but_not_many(server: str) -> None:
    assert fetch(f"{server}/hop/2", LOCAL).final_url.endswith("/article")
    with pytest.raises(FetchFailed, match="redirected more than 3 times"):
        fetch(f"{server}/hop/5", LOCAL)


def test_refuses_loopback_unless_allowed(server: str) -> None:
    with pytest.raises(BlockedAddress, match="a loopback address"):
        fetch(f"{server}/article", FetchPolicy(allow_loopback=False))


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.1/",
        "http://192.168.1.1/",
        "http://169.254.169.254/latest",
        "http://[::1]/",
        "http://0.0.0.0/",
    ],
)
def test_refuses_non_global_addresses_before_connecting(url: str) -> None:
    with pytest.raises(BlockedAddress):
        fetch(url, FetchPolicy(timeout=1.0))


def test_refuses_other_schemes() -> None:
    with pytest.raises(FetchFailed, match="http and https"):
        fetch("file:///etc/passwd", LOCAL)


def test_refuses_wrong_content_type(server: str) -> None:
    with pytest.raises(UnsupportedType, match="image/png"):
        fetch(f"{server}/image", LOCAL)


def test_caps_the_decoded_size(server: str) -> None:
    with pytest.raises(TooLarge):
        fetch(f"{server}/bomb", LOCAL)
    with pytest.raises(TooLarge):
        fetch(f"{server}/big", LOCAL)


def test_times_out(server: str) -> None:
    with pytest.raises(FetchFailed, match="did not answer"):
        fetch(f"{server}/slow", FetchPolicy(timeout=0.5, allow_loopback=True))


def test_http_errors_are_reported(server: str) -> None:
    with pytest.raises(FetchFailed, match="404"):
        fetch(f"{server}/missing", LOCAL)


def test_unresolvable_host() -> None:
    with pytest.raises(UnusableUrl, match="could not be resolved"):
        fetch("http://no-such-host.invalid/", LOCAL)


def test_api_imports_a_url(client: TestClient, server: str) -> None:
    response = client.post("/api/articles", json={"url": f"{server}/article"})
    assert response.status_code == 201, response.text
    article = response.json()
    assert article["title"] == "Tide gauge breaks record"
    assert article["source"] == "url"
    assert article["body"].startswith("The tide gauge at the old pier")
    assert "Home" not in article["body"]
    again = client.post("/api/articles", json={"url": f"{server}/article"})
    assert again.status_code == 200 and again.json()["id"] == article["id"]


@pytest.mark.parametrize(
    ("path", "status", "words"),
    [
        ("/image", 415, "image/png"),
        ("/missing", 502, "404"),
        ("/empty", 422, "article"),
        ("/bomb", 413, "limit"),
    ],
)
def test_api_url_failures_write_nothing(
    client: TestClient, server: str, path: str, status: int, words: str
) -> None:
    response = client.post("/api/articles", json={"url": f"{server}{path}"})
    assert response.status_code == status
    assert words in response.json()["error"]["message"]
    assert client.get("/api/articles").json()["total"] == 0
