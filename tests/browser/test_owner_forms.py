"""The owner's forms in Chromium: sign in, change, sign out; another site's form refused."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from app.config import Settings
from app.main import create_app
from tests.conftest import running
from tests.web.test_api_articles import STORY

TOKEN = "the owner's token"


@pytest.fixture(scope="module")
def owned(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """Parallax with a write token and one story; yields its origin and the story id."""
    folder: Path = tmp_path_factory.mktemp("owned")
    settings = Settings(database_url=f"sqlite:///{folder / 'p.db'}", write_token=TOKEN)
    with running(create_app(settings)) as origin:
        auth = {"Authorization": f"Bearer {TOKEN}"}
        assert httpx.post(f"{origin}/api/articles", json={"text": STORY}, headers=auth)
        yield origin, httpx.get(f"{origin}/api/stories").json()[0]["id"]


def evil_site(target: str) -> ThreadingHTTPServer:
    """Another origin whose page posts a rename to Parallax as soon as it loads."""
    page = (
        f'<!doctype html><form id="f" method="post" action="{target}">'
        '<input name="title" value="Renamed by another site"></form>'
        "<script>document.getElementById('f').submit()</script>"
    ).encode()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

    return ThreadingHTTPServer(("127.0.0.1", 0), Handler)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    yield context.new_page()
    context.close()


def title_of(origin: str, story: int) -> str:
    return str(httpx.get(f"{origin}/api/stories/{story}").json()["title"])


@pytest.mark.parametrize("javascript", [True, False])
def test_sign_in_change_and_sign_out(
    browser: Browser, owned: tuple[str, int], javascript: bool
) -> None:
    origin, story = owned
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(f"{origin}/stories/{story}")
    expect(page.locator('form[action$="/rename"]')).to_have_count(0)
    page.locator("header nav").get_by_role("link", name="Sign in").click()
    page.locator('input[name="token"]').fill(TOKEN)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{origin}/stories/{story}")
    cookie = next(c for c in context.cookies() if c["name"] == "parallax_owner")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert page.evaluate("document.cookie") == "" or not javascript  # hidden from scripts
    page.locator("details.edit summary").click()
    title = f"Renamed by the owner ({'with' if javascript else 'without'} JavaScript)"
    page.locator('form[action$="/rename"] input[name="title"]').fill(title)
    page.get_by_role("button", name="Rename").click()
    expect(page.locator("h1")).to_contain_text(title)
    assert title_of(origin, story) == title
    page.get_by_role("button", name="Sign out").click()
    expect(page.locator("header nav").get_by_role("link", name="Sign in")).to_be_visible()
    context.close()


def test_another_sites_form_is_refused(page: Page, owned: tuple[str, int]) -> None:
    origin, story = owned
    before = title_of(origin, story)
    # Signed in, so that the token is not what stops the post: its origin is.
    page.goto(f"{origin}/sign-in")
    page.locator('input[name="token"]').fill(TOKEN)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{origin}/")
    httpd = evil_site(f"{origin}/stories/{story}/rename")
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        with page.expect_navigation(url=f"{origin}/stories/{story}/rename"):
            page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/")
        assert "another site" in page.content()
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert title_of(origin, story) == before
