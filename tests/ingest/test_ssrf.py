"""Addresses Parallax refuses to fetch, in every spelling, before any connection is made."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.errors import BlockedAddress, FetchFailed, UnusableUrl
from app.ingest.fetch import FetchPolicy, fetch
from app.main import create_app

REFUSING = FetchPolicy(timeout=2.0)  # loopback not allowed, as in production


@pytest.fixture
def listener() -> Iterator[tuple[socket.socket, int]]:
    """A socket listening on 127.0.0.1: every refused URL below points at it."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    sock.setblocking(False)
    yield sock, sock.getsockname()[1]
    sock.close()


def connections(sock: socket.socket) -> int:
    count = 0
    while True:
        try:
            conn, _ = sock.accept()
        except BlockingIOError:
            return count
        conn.close()
        count += 1


def address_forms(port: int) -> list[str]:
    return [
        f"http://127.0.0.1:{port}/",
        f"http://127.0.0.2:{port}/",
        f"http://localhost:{port}/",
        f"http://localhost.:{port}/",
        f"http://admin.localhost:{port}/",
        f"http://127.0.0.1.:{port}/",
        f"http://2130706433:{port}/",  # decimal
        f"http://0x7f000001:{port}/",  # hex
        f"http://0x7f.1:{port}/",  # hex, two parts
        f"http://0177.0.0.1:{port}/",  # octal
        f"http://017700000001:{port}/",  # octal, one part
        f"http://127.1:{port}/",  # two parts
        f"http://127.0.1:{port}/",  # three parts
        f"http://127.000.000.001:{port}/",  # zero-padded
        f"http://0:{port}/",
        f"http://0.0.0.0:{port}/",
        f"http://[::1]:{port}/",
        f"http://[::]:{port}/",
        f"http://[::ffff:127.0.0.1]:{port}/",  # IPv4-mapped
        f"http://[0:0:0:0:0:ffff:7f00:1]:{port}/",  # IPv4-mapped, spelled out
        f"http://[::127.0.0.1]:{port}/",  # IPv4-compatible
        f"http://[64:ff9b::7f00:1]:{port}/",  # NAT64
        f"http://[64:ff9b:1::7f00:1]:{port}/",  # local-use NAT64
        f"http://[2002:7f00:1::1]:{port}/",  # 6to4
        f"http://[2001:0:4136:e378:8000:63bf:80ff:fffe]:{port}/",  # Teredo
        f"http://[fe80::1]:{port}/",  # link-local
        f"http://[fe80::1%25lo]:{port}/",  # link-local with a zone
        f"http://[fc00::1]:{port}/",  # unique local
        f"http://[fec0::1]:{port}/",  # site-local
        f"http://[ff02::1]:{port}/",  # multicast
        f"http://[2001:db8::1]:{port}/",  # documentation
        f"http://224.0.0.1:{port}/",  # multicast
        f"http://239.255.255.250:{port}/",  # multicast (SSDP)
        f"http://255.255.255.255:{port}/",  # broadcast
        f"http://240.0.0.1:{port}/",  # reserved
        f"http://10.0.0.1:{port}/",
        f"http://172.16.0.1:{port}/",
        f"http://192.168.0.1:{port}/",
        f"http://169.254.169.254:{port}/latest/meta-data/",  # cloud metadata
        f"http://100.64.0.1:{port}/",  # carrier-grade NAT
        f"http://198.18.0.1:{port}/",  # benchmarking
        f"http://192.0.0.1:{port}/",  # IETF protocol assignments
        f"http://user:pass@127.0.0.1:{port}/",
        f"https://127.0.0.1:{port}/",
        f"HTTP://LOCALHOST:{port}/",
    ]


def test_at_least_thirty_forms() -> None:
    assert len(address_forms(80)) >= 30


def test_every_form_is_refused_before_connecting(listener: tuple[socket.socket, int]) -> None:
    sock, port = listener
    for url in address_forms(port):
        # Blocked for its address, or (0177.0.0.1) refused by the URL parser itself.
        with pytest.raises((BlockedAddress, UnusableUrl)) as raised:
            fetch(url, REFUSING)
        assert raised.value.status_code == 422
        assert connections(sock) == 0, url


def test_the_api_refuses_them_with_422(tmp_path: Path, listener: tuple[socket.socket, int]) -> None:
    sock, port = listener
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'p.db'}", url_imports_per_minute=0)
    with TestClient(create_app(settings)) as client:
        for url in address_forms(port):
            response = client.post("/api/articles", json={"url": url})
            assert response.status_code == 422, (url, response.text)
            message = response.json()["error"]["message"]
            assert "public addresses" in message or "not a valid URL" in message, message
        assert client.get("/api/articles").json()["total"] == 0
    assert connections(sock) == 0


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "gopher://127.0.0.1:70/_stats",
        "javascript:alert(1)",
        "ftp://example.com/",
        "data:text/html,<p>hi</p>",
        "dict://127.0.0.1:11211/stat",
        "//example.com/no-scheme",
        "http:///no-host",
        "http://[::1/",
    ],
)
def test_other_schemes_and_broken_urls_are_the_users_input(url: str) -> None:
    with pytest.raises(UnusableUrl) as raised:
        fetch(url, REFUSING)
    assert raised.value.status_code == 422


class Redirector(BaseHTTPRequestHandler):
    """Redirects /to?TARGET to TARGET, as a public page could."""

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self.send_response(302)
        self.send_header("Location", self.path.split("?", 1)[1])
        self.send_header("Content-Length", "0")
        self.end_headers()


@pytest.fixture
def redirector() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Redirector)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_every_redirect_hop_is_checked(
    redirector: str, listener: tuple[socket.socket, int]
) -> None:
    sock, port = listener
    # Loopback is allowed here only so that the redirecting server can be reached; what
    # it redirects to is refused all the same.
    policy = FetchPolicy(timeout=2.0, allow_loopback=True)
    for target in [
        f"http://0x7f.1:{port}/",
        f"http://2130706433:{port}/",
        f"http://10.0.0.1:{port}/",
        f"http://[64:ff9b::a00:1]:{port}/",
        f"http://224.0.0.1:{port}/",
    ]:
        with pytest.raises(BlockedAddress):
            fetch(f"{redirector}/to?{target}", policy)
    for target in ["file:///etc/passwd", "gopher://example.com/"]:
        with pytest.raises(UnusableUrl):
            fetch(f"{redirector}/to?{target}", policy)
    assert connections(sock) == 0


def test_refusals_are_fetch_failures_for_callers() -> None:
    # The importer and the command line report any FetchFailed: refusals are among them.
    assert issubclass(BlockedAddress, FetchFailed) and issubclass(UnusableUrl, FetchFailed)
