"""Writes belong to the owner: cross-site posts refused, the write token, sign-in and out."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.errors import TooManyRequests
from app.main import create_app
from app.web.owner import COOKIE, open_write_warning
from app.web.ratelimit import TokenBucket
from tests.web.test_api_articles import STORY

TOKEN = "correct horse battery staple"
ORIGIN = "http://testserver"  # TestClient's own origin


@pytest.fixture
def guarded(tmp_path: Path) -> Iterator[TestClient]:
    """An app with a write token, and a client that has not signed in."""
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'owned.db'}", write_token=TOKEN)
    with TestClient(create_app(settings)) as client:
        yield client


def bearer(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def story_id(client: TestClient, **headers: str) -> int:
    created = client.post("/api/articles", json={"text": STORY}, headers=headers)
    assert created.status_code == 201, created.text
    stories = client.get("/api/stories").json()
    return int(stories[0]["id"])


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "null"},  # a sandboxed frame or a redirect from another site
        {"Origin": "http://testserver.evil.example"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site", "Origin": ORIGIN},  # a sibling subdomain
    ],
)
def test_cross_site_posts_are_refused(client: TestClient, headers: dict[str, str]) -> None:
    story = story_id(client)
    rename = client.post(f"/stories/{story}/rename", data={"title": "Pwned"}, headers=headers)
    assert rename.status_code == 403 and "another site" in rename.text
    imported = client.post("/import/text", data={"text": STORY + " More."}, headers=headers)
    assert imported.status_code == 403
    api = client.post("/api/articles", json={"text": STORY + " Again."}, headers=headers)
    assert api.status_code == 403 and "another site" in api.json()["error"]["message"]
    assert client.get(f"/api/stories/{story}").json()["title"] != "Pwned"
    assert client.get("/api/articles").json()["total"] == 1


@pytest.mark.parametrize(
    "headers",
    [
        {},  # no JavaScript, an old browser, or a tool: no Origin header at all
        {"Origin": ORIGIN},
        {"Origin": ORIGIN, "Sec-Fetch-Site": "same-origin"},
        {"Sec-Fetch-Site": "none"},  # typed by the user, or a bookmark
    ],
)
def test_own_forms_work(client: TestClient, headers: dict[str, str]) -> None:
    story = story_id(client)
    rename = client.post(
        f"/stories/{story}/rename",
        data={"title": "Ferry back"},
        headers=headers,
        follow_redirects=False,
    )
    assert rename.status_code == 303
    assert client.get(f"/api/stories/{story}").json()["title"] == "Ferry back"


def test_the_configured_public_origin_is_same_site(tmp_path: Path) -> None:
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'p.db'}", base_url="https://parallax.example"
    )
    with TestClient(create_app(settings)) as client:
        story = story_id(client)
        moved = client.post(
            f"/stories/{story}/rename",
            data={"title": "Behind a proxy"},
            headers={"Origin": "https://parallax.example"},
            follow_redirects=False,
        )
        assert moved.status_code == 303


def test_the_api_needs_the_token_for_every_write(guarded: TestClient) -> None:
    refused = guarded.post("/api/articles", json={"text": STORY})
    assert refused.status_code == 401
    assert "Bearer" in refused.json()["error"]["message"]
    assert refused.headers["www-authenticate"].startswith("Bearer")
    wrong = guarded.post("/api/articles", json={"text": STORY}, headers=bearer("guess"))
    assert wrong.status_code == 401
    story = story_id(guarded, **bearer())
    article = guarded.get("/api/articles").json()["items"][0]["id"]
    writes = [
        ("PATCH", f"/api/stories/{story}", {"title": "x"}),
        ("POST", f"/api/stories/{story}/merge", {"story": story}),
        ("POST", f"/api/stories/{story}/split", {"articles": [article]}),
        ("PUT", f"/api/articles/{article}/story", {"story": None}),
        ("PATCH", f"/api/articles/{article}", {"title": "x"}),
    ]
    for method, path, body in writes:
        response = guarded.request(method, path, json=body)
        assert response.status_code == 401, (method, path)
    renamed = guarded.patch(f"/api/stories/{story}", json={"title": "Owned"}, headers=bearer())
    assert renamed.status_code == 200 and renamed.json()["title"] == "Owned"


def test_reading_stays_public(guarded: TestClient) -> None:
    story = story_id(guarded, **bearer())
    article = guarded.get("/api/articles").json()["items"][0]["id"]
    for path in ["/", "/articles", f"/articles/{article}", f"/stories/{story}", "/import"]:
        assert guarded.get(path).status_code == 200, path
    assert guarded.get(f"/api/stories/{story}").status_code == 200
    assert guarded.get("/api/search", params={"q": "ferry"}).status_code == 200


def test_readers_see_sign_in_instead_of_write_forms(guarded: TestClient) -> None:
    story = story_id(guarded, **bearer())
    article = guarded.get("/api/articles").json()["items"][0]["id"]
    pages = {
        "/import": "/import/text",
        f"/stories/{story}": f"/stories/{story}/rename",
        f"/articles/{article}": f"/articles/{article}/edit",
    }
    for path, form in pages.items():
        html = guarded.get(path).text
        assert f'action="{form}"' not in html, path
        assert 'href="/sign-in?next=' in html and "Sign in" in html, path


def test_sign_in_sets_a_strict_cookie_and_writes_work(guarded: TestClient) -> None:
    story = story_id(guarded, **bearer())
    refused = guarded.post(f"/stories/{story}/rename", data={"title": "Mine"})
    assert refused.status_code == 401 and 'href="/sign-in' in refused.text
    page = guarded.get("/sign-in", params={"next": f"/stories/{story}"})
    assert 'type="password"' in page.text
    wrong = guarded.post("/sign-in", data={"token": "guess", "next": "/"})
    assert wrong.status_code == 401 and "not the write token" in wrong.text
    signed = guarded.post(
        "/sign-in", data={"token": TOKEN, "next": f"/stories/{story}"}, follow_redirects=False
    )
    assert signed.status_code == 303 and signed.headers["location"] == f"/stories/{story}"
    cookie = signed.headers["set-cookie"]
    assert f"{COOKIE}=" in cookie and TOKEN not in cookie
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
    html = guarded.get(f"/stories/{story}").text
    assert f'action="/stories/{story}/rename"' in html and 'action="/sign-out"' in html
    renamed = guarded.post(f"/stories/{story}/rename", data={"title": "Mine"})
    assert renamed.status_code == 200  # followed to the story page
    assert guarded.get(f"/api/stories/{story}").json()["title"] == "Mine"
    out = guarded.post("/sign-out", follow_redirects=False)
    assert out.status_code == 303 and f'{COOKIE}=""' in out.headers["set-cookie"]
    guarded.cookies.clear()
    assert guarded.post(f"/stories/{story}/rename", data={"title": "x"}).status_code == 401


def test_a_forged_cookie_is_not_the_owner(guarded: TestClient) -> None:
    guarded.cookies.set(COOKIE, TOKEN)
    assert guarded.post("/import/text", data={"text": STORY}).status_code == 401


def test_sign_in_goes_only_to_local_pages(guarded: TestClient) -> None:
    for target in ["https://evil.example/", "//evil.example/", "/\\evil.example"]:
        signed = guarded.post(
            "/sign-in", data={"token": TOKEN, "next": target}, follow_redirects=False
        )
        assert signed.headers["location"] == "/", target


def test_sign_in_from_another_site_is_refused(guarded: TestClient) -> None:
    forged = guarded.post(
        "/sign-in", data={"token": TOKEN}, headers={"Origin": "https://evil.example"}
    )
    assert forged.status_code == 403 and "set-cookie" not in forged.headers


def test_guessing_the_token_is_rate_limited(guarded: TestClient) -> None:
    statuses = [guarded.post("/sign-in", data={"token": f"guess {i}"}) for i in range(7)]
    assert [r.status_code for r in statuses[:5]] == [401] * 5
    assert statuses[6].status_code == 429 and int(statuses[6].headers["retry-after"]) > 0


def test_url_imports_are_rate_limited_per_client(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'r.db'}", url_imports_per_minute=2)
    with TestClient(create_app(settings)) as client:
        # An unresolvable host: refused (422) after spending the client's token.
        url = {"url": "http://no-such-host.invalid/"}
        assert [client.post("/api/articles", json=url).status_code for _ in range(2)] == [422] * 2
        limited = client.post("/api/articles", json=url)
        assert limited.status_code == 429 and "try again" in limited.json()["error"]["message"]
        assert 1 <= int(limited.headers["retry-after"]) <= 30
        page = client.post("/import/url", data={"url": url["url"]})
        assert page.status_code == 429 and "Retry-After" in page.headers
        # Text imports are not fetches and are not limited.
        assert client.post("/api/articles", json={"text": STORY}).status_code == 201
    with TestClient(create_app(settings), client=("203.0.113.9", 5000)) as other:
        assert other.post("/api/articles", json=url).status_code == 422  # its own bucket


def test_token_bucket_refills_evenly() -> None:
    now = [0.0]
    bucket = TokenBucket(6, "fetches", clock=lambda: now[0])  # one every 10 s
    for _ in range(6):
        bucket.take("a")
    with pytest.raises(TooManyRequests) as raised:
        bucket.take("a")
    assert raised.value.retry_after == 10
    bucket.take("b")  # another client is unaffected
    now[0] = 10.0
    bucket.take("a")
    with pytest.raises(TooManyRequests):
        bucket.take("a")


def test_serve_warns_when_anyone_can_write() -> None:
    open_ = Settings(database_url="sqlite://")
    assert open_write_warning("127.0.0.1", open_) is None
    assert open_write_warning("localhost", open_) is None
    assert open_write_warning("::1", open_) is None
    warning = open_write_warning("0.0.0.0", open_)
    assert warning and "anyone" in warning and "PARALLAX_WRITE_TOKEN" in warning
    assert (
        open_write_warning("0.0.0.0", Settings(database_url="sqlite://", write_token="t")) is None
    )
