"""Permalinks are served as immutable, kept rendered, and answered 304 when unchanged;
pages that change carry an ETag and a short max-age; overload is shed with 503."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from app.config import Settings
from app.main import create_app
from app.web.http_caching import (
    CHANGING,
    IMMUTABLE,
    PERMALINK,
    HttpCaching,
    Rendered,
    RenderedCache,
    etag_matches,
)
from app.web.owner import COOKIE, session_value
from app.web.shedding import LoadShedder
from tests.web.conftest import engine_of
from tests.web.test_page_queries import statements

SUFFIXES = ["", ".json", ".csv", ".html", "/preview.png"]


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_a_permalink_is_immutable_and_answers_if_none_match(
    client: TestClient, demo_corpus: dict[str, str], suffix: str
) -> None:
    a, b = demo_corpus["Continental Press"], demo_corpus["The Harbour Courier"]
    first = client.get(f"/compare/{a}/{b}{suffix}")
    assert first.status_code == 200
    assert first.headers["cache-control"] == IMMUTABLE
    etag = first.headers["etag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    with statements(client) as seen:
        again = client.get(f"/compare/{a}/{b}{suffix}")
        not_modified = client.get(f"/compare/{a}/{b}{suffix}", headers={"If-None-Match": etag})
    assert again.content == first.content and again.headers["etag"] == etag
    assert again.headers["content-type"] == first.headers["content-type"]
    assert again.headers.get("content-disposition") == first.headers.get("content-disposition")
    assert again.headers["content-security-policy"] == first.headers["content-security-policy"]
    assert not_modified.status_code == 304 and not_modified.content == b""
    assert not_modified.headers["etag"] == etag
    # Served from the rendered bytes: nothing but (at most) the edition row is read.
    assert len(seen) <= 1, seen


def test_head_answers_with_the_get_headers(client: TestClient, demo_corpus: dict[str, str]) -> None:
    a, b = demo_corpus["Continental Press"], demo_corpus["The Harbour Courier"]
    got = client.get(f"/compare/{a}/{b}")
    head = client.head(f"/compare/{a}/{b}")
    assert head.status_code == 200 and head.content == b""
    assert head.headers["etag"] == got.headers["etag"]
    assert head.headers["content-length"] == str(len(got.content))
    assert client.head("/").status_code == 200
    assert client.head("/compare/nope/none").status_code == 404


def test_the_api_twin_is_immutable_when_it_names_the_version(
    client: TestClient, demo_corpus: dict[str, str]
) -> None:
    a, b = demo_corpus["Continental Press"], demo_corpus["Midland Daily Wire"]
    current = client.get(f"/api/compare/{a}/{b}")  # the current engine's: an upgrade changes it
    assert current.headers["cache-control"] == CHANGING
    pinned = f"/api/compare/{a}/{b}?v={current.json()['version']}"
    first = client.get(pinned)
    assert first.headers["cache-control"] == IMMUTABLE
    again = client.get(pinned, headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304


def test_a_correction_reaches_a_rendered_comparison(
    client: TestClient, demo_corpus: dict[str, str]
) -> None:
    a, b = demo_corpus["Continental Press"], demo_corpus["The Harbour Courier"]
    before = client.get(f"/compare/{a}/{b}")
    assert "Continental Press" in before.text
    fixed = client.patch(f"/api/articles/{a}", json={"outlet": "Continental Press Agency"})
    assert fixed.status_code == 200
    after = client.get(f"/compare/{a}/{b}")
    assert "Continental Press Agency" in after.text
    assert after.headers["etag"] != before.headers["etag"]
    stale = client.get(f"/compare/{a}/{b}", headers={"If-None-Match": before.headers["etag"]})
    assert stale.status_code == 200


def test_a_write_in_another_process_reaches_the_cache(
    client: TestClient, demo_corpus: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.db import write_session
    from app.web import http_caching

    a, b = demo_corpus["Continental Press"], demo_corpus["The Harbour Courier"]
    first = client.get(f"/compare/{a}/{b}.json")
    monkeypatch.setattr(http_caching, "EDITION_TTL", 0.0)
    with write_session(engine_of(client)):  # another process's change: only the edition moves
        pass
    with statements(client) as seen:
        again = client.get(f"/compare/{a}/{b}.json")
    assert again.content == first.content
    assert len(seen) > 1  # the edition moved: rendered again, from the database


def test_an_unknown_comparison_is_not_kept(client: TestClient) -> None:
    assert client.get("/compare/nope/nothing").status_code == 404
    response = client.get("/compare/nope/nothing")
    assert response.status_code == 404 and "immutable" not in response.headers.get(
        "cache-control", ""
    )


def test_changing_pages_carry_an_etag_and_a_short_max_age(
    client: TestClient, demo_corpus: dict[str, str]
) -> None:
    story_id = client.get(f"/api/articles/{demo_corpus['Continental Press']}").json()["story_id"]
    for path in ["/", f"/stories/{story_id}", f"/api/stories/{story_id}", "/outlets"]:
        first = client.get(path)
        assert first.status_code == 200, path
        assert first.headers["cache-control"] == "max-age=10", path
        assert "Cookie" in first.headers["vary"]
        again = client.get(path, headers={"If-None-Match": first.headers["etag"]})
        assert again.status_code == 304 and again.content == b"", path
    renamed = client.patch(f"/api/stories/{story_id}", json={"title": "A new title"})
    assert renamed.status_code == 200
    page = client.get(f"/stories/{story_id}", headers={"If-None-Match": first.headers["etag"]})
    assert page.status_code == 200


def test_a_changing_page_is_kept_until_something_is_written(
    client: TestClient, demo_corpus: dict[str, str]
) -> None:
    story_id = client.get(f"/api/articles/{demo_corpus['Continental Press']}").json()["story_id"]
    first = client.get(f"/stories/{story_id}")
    with statements(client) as seen:
        again = client.get(f"/stories/{story_id}")
    assert again.content == first.content and len(seen) <= 1, seen
    client.patch(f"/api/stories/{story_id}", json={"title": "The viaduct, renamed"})
    assert "The viaduct, renamed" in client.get(f"/stories/{story_id}").text


def test_a_changing_page_is_kept_per_sign_in_state(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'p.db'}", write_token="secret")
    with TestClient(create_app(settings)) as client:
        auth = {"Authorization": "Bearer secret"}
        article = client.post("/api/articles", json={"text": TEXT, "outlet": "One"}, headers=auth)
        path = f"/articles/{article.json()['id']}"
        as_reader = client.get(path)
        client.cookies.set(COOKIE, session_value("secret"))
        as_owner = client.get(path)
        client.cookies.clear()
        assert "Sign out" in as_owner.text and "Sign out" not in as_reader.text
        assert client.get(path).content == as_reader.content


def test_the_corpus_export_streams_untouched(
    client: TestClient, demo_corpus: dict[str, str]
) -> None:
    response = client.get("/api/export.jsonl")
    assert response.status_code == 200 and "etag" not in response.headers
    assert len(response.text.splitlines()) >= len(demo_corpus)


def test_a_shared_page_is_the_same_for_owner_and_reader(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'p.db'}", write_token="secret")
    with TestClient(create_app(settings)) as client:
        auth = {"Authorization": "Bearer secret"}
        made = client.post("/api/articles", json={"text": TEXT, "outlet": "One"}, headers=auth)
        other = client.post("/api/articles", json={"text": TEXT_B, "outlet": "Two"}, headers=auth)
        a, b = made.json()["id"], other.json()["id"]
        client.cookies.set(COOKIE, session_value("secret"))
        as_owner = client.get(f"/compare/{a}/{b}")
        client.cookies.clear()
        as_reader = client.get(f"/compare/{a}/{b}")
        assert as_owner.content == as_reader.content
        assert 'href="/sign-in">Owner<' in as_reader.text and "Sign out" not in as_owner.text
        client.cookies.set(COOKIE, session_value("secret"))
        assert "You are signed in" in client.get("/sign-in").text


TEXT = (
    "The harbour bridge reopened on Monday after three weeks of repairs, the city council "
    "said. Engineers replaced two bearings and the deck joints, and traffic returned to "
    "both lanes by the evening rush hour."
)
TEXT_B = (
    "Traffic returned to both lanes of the harbour bridge on Monday evening. The bridge "
    "reopened after three weeks of repairs, the city council said, once engineers had "
    "replaced two bearings and the deck joints."
)


def test_permalink_addresses() -> None:
    for path in [
        "/compare/a1/b2",
        "/compare/a1/b2.json",
        "/compare/a1/b2.csv",
        "/compare/a1/b2.html",
        "/compare/a1/b2/preview.png",
        "/api/compare/a1/b2",
    ]:
        assert PERMALINK.match(path), path
    for path in ["/compare/a1", "/compare/a1/b2.txt", "/api/compare/a1/b2.json", "/stories/1"]:
        assert not PERMALINK.match(path), path


def test_etag_matching() -> None:
    assert etag_matches('"x"', '"x"') and etag_matches('W/"x"', '"x"')
    assert etag_matches('"y", "x"', '"x"') and etag_matches("*", '"x"')
    assert not etag_matches('"y"', '"x"') and not etag_matches(None, '"x"')


def test_the_cache_keeps_within_its_bytes() -> None:
    cache = RenderedCache(max_bytes=800)
    for n in range(10):
        cache.put((str(n),), Rendered(200, (), b"x" * 100, f'"{n}"'))
    assert len(cache) == 8 and cache.get(("0",)) is None and cache.get(("9",)) is not None
    cache.put(("huge",), Rendered(200, (), b"x" * 500, '"h"'))
    assert cache.get(("huge",)) is None  # over an eighth of the cache: not kept


def test_overload_is_shed_while_health_answers() -> None:
    release = asyncio.Event()

    async def slow(request: Request) -> Response:
        await release.wait()
        return JSONResponse({"ok": True})

    async def healthz(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    inner = Starlette(
        routes=[Route("/api/slow", slow), Route("/healthz", healthz), Route("/static/x", healthz)]
    )
    app = LoadShedder(inner, max_pending=2)

    async def scenario() -> list[int]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
            held = [asyncio.create_task(http.get("/api/slow")) for _ in range(2)]
            await asyncio.sleep(0.05)
            shed = await http.get("/api/slow")
            health = await http.get("/healthz")
            static = await http.get("/static/x")
            assert shed.headers["retry-after"] == "1"
            assert "busy" in shed.json()["error"]["message"]
            release.set()
            done = [r.status_code for r in await asyncio.gather(*held)]
            after = await http.get("/api/slow")
            return [
                shed.status_code,
                health.status_code,
                static.status_code,
                *done,
                after.status_code,
            ]

    assert asyncio.run(scenario()) == [503, 200, 200, 200, 200, 200]


def test_no_free_connection_is_a_503_not_a_wait(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'p.db'}", worker_threads=1)
    with TestClient(create_app(settings)) as client:
        engine = engine_of(client)
        held = [engine.connect() for _ in range(engine.pool.size())]  # type: ignore[attr-defined]
        try:
            response = client.get("/api/stories")
        finally:
            for connection in held:
                connection.close()
        assert response.status_code == 503
        assert response.headers["retry-after"] == "1"
        assert client.get("/healthz").json() == {"status": "ok"}
        assert client.get("/api/stories").status_code == 200


def test_readers_asking_at_once_share_one_render() -> None:
    renders: list[str] = []

    async def story(request: Request) -> Response:
        renders.append(request.url.path)
        await asyncio.sleep(0.05)
        return JSONResponse({"story": request.path_params["n"]})

    inner = Starlette(routes=[Route("/stories/{n}", story)])
    app = HttpCaching(inner, edition=lambda: 7, variant=lambda scope: "open", max_bytes=2**20)

    async def scenario() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
            asked = [http.get("/stories/1") for _ in range(20)]
            return list(await asyncio.gather(*asked))

    answers = asyncio.run(scenario())
    assert renders == ["/stories/1"]
    assert {a.status_code for a in answers} == {200}
    assert len({a.headers["etag"] for a in answers}) == 1
