"""The comparison: API contract, storage, permalinks, markup contract, preview image."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, func, select

from app.db import make_engine
from app.models import Comparison
from app.services.records import Defaults, jobs_for_paths

DEMO = Path(__file__).resolve().parents[2] / "app" / "demo" / "corpus"


@pytest.fixture
def demo_ids(client: TestClient) -> dict[str, str]:
    """Import the demo corpus through the API; return outlet name -> current article id."""
    settings = client.app.state.settings  # type: ignore[attr-defined]
    for job in jobs_for_paths([DEMO], Defaults(), settings.max_import_bytes):
        assert job.request is not None
        content = job.request.content
        text = content.decode("utf-8") if isinstance(content, bytes) else content
        key = "html" if job.request.format == "html" else "text"
        payload = {
            key: text,
            "outlet": job.request.outlet,
            "url": job.request.url,
            "published": job.request.published.isoformat() if job.request.published else None,
        }
        assert client.post("/api/articles", json=payload).status_code in (200, 201)
    items = client.get("/api/articles", params={"per_page": 50}).json()["items"]
    return {i["outlet"]["name"]: i["id"] for i in items if "Lantern" not in i["title"]}


def test_api_contract_offsets_index_the_bodies(
    client: TestClient, demo_ids: dict[str, str]
) -> None:
    a, b = demo_ids["Continental Press"], demo_ids["Midland Daily Wire"]
    data = client.get(f"/api/compare/{a}/{b}").json()
    assert set(data) >= {"a", "b", "passages", "stats", "params", "version", "permalink"}
    assert data["permalink"].endswith(f"/compare/{a}/{b}")
    body_a = client.get(f"/api/articles/{a}").json()["body"]
    body_b = client.get(f"/api/articles/{b}").json()["body"]
    assert data["a"]["body"] == body_a and data["b"]["body"] == body_b
    assert data["passages"], "the wire and its reprint share text"
    for passage in data["passages"]:
        assert set(passage) >= {"id", "kind", "a", "b", "similarity", "edits"}
        (sa, ea), (sb, eb) = passage["a"], passage["b"]
        assert 0 <= sa < ea <= len(body_a) and 0 <= sb < eb <= len(body_b)
        if passage["kind"] == "verbatim":
            words_a = re.findall(r"\w+", body_a[sa:ea].lower())
            assert words_a == re.findall(r"\w+", body_b[sb:eb].lower())
    assert data["stats"]["share_b"] > 0.8


def test_result_is_stored_once_per_pair_and_version(
    client: TestClient, demo_ids: dict[str, str]
) -> None:
    a, b = demo_ids["Continental Press"], demo_ids["The Harbour Courier"]
    first = client.get(f"/api/compare/{a}/{b}").json()
    again = client.get(f"/api/compare/{a}/{b}").json()
    client.get(f"/compare/{a}/{b}")
    assert first["passages"] == again["passages"]
    engine = make_engine(client.app.state.settings.database_url)  # type: ignore[attr-defined]
    with Session(engine) as session:
        rows = session.exec(select(func.count()).select_from(Comparison)).one()
    engine.dispose()
    assert rows == 1


def test_swapped_comparison_is_the_mirror(client: TestClient, demo_ids: dict[str, str]) -> None:
    a, b = demo_ids["Continental Press"], demo_ids["The Harbour Courier"]
    ab = client.get(f"/api/compare/{a}/{b}").json()
    ba = client.get(f"/api/compare/{b}/{a}").json()
    assert [(p["id"], p["a"], p["b"]) for p in ab["passages"]] == sorted(
        ((p["id"], p["b"], p["a"]) for p in ba["passages"]), key=lambda t: t[1][0]
    )


def test_page_markup_contract(client: TestClient, demo_ids: dict[str, str]) -> None:
    a, b = demo_ids["Continental Press"], demo_ids["The Harbour Courier"]
    passages = client.get(f"/api/compare/{a}/{b}").json()["passages"]
    page = client.get(f"/compare/{a}/{b}")
    assert page.status_code == 200
    html = page.text
    col_a = html.index('data-side="a"')
    col_b = html.index('data-side="b"')
    gutter = html.index('class="gutter"')
    for passage in passages:
        marker = f'data-passage="{passage["id"]}"'
        assert col_a < html.index(marker, col_a) < gutter
        assert html.find(marker, col_b) > col_b
    assert f'id="p{passages[0]["id"]}"' in html  # the #p<id> deep-link target
    assert "<del>" in html and "<ins>" in html  # word-level edits of near passages
    assert f'property="og:image" content="http://testserver/compare/{a}/{b}/preview.png"' in html
    # The preview quotes the figures the page's head shows, each side's share.
    shown = re.findall(r'class="share-figure">(\d+)% shared<', html)
    assert len(shown) == 2
    title = f"Continental Press vs The Harbour Courier: {shown[0]}% and {shown[1]}% shared"
    assert f'og:title" content="{title}"' in html


def test_preview_image_is_a_png(client: TestClient, demo_ids: dict[str, str]) -> None:
    a, b = demo_ids["Continental Press"], demo_ids["Northline News"]
    response = client.get(f"/compare/{a}/{b}/preview.png")
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/png"
    assert response.content.startswith(b"\x89PNG\r\n\x1a\n")
    assert "immutable" in response.headers["cache-control"]


def test_unrelated_articles_share_nothing(client: TestClient, demo_ids: dict[str, str]) -> None:
    items = client.get("/api/articles", params={"per_page": 50}).json()["items"]
    parade = next(i["id"] for i in items if "Lantern" in i["title"])
    data = client.get(f"/api/compare/{demo_ids['Continental Press']}/{parade}").json()
    assert data["passages"] == []
    page = client.get(f"/compare/{demo_ids['Continental Press']}/{parade}")
    assert "share no passages" in page.text


def test_errors(client: TestClient, demo_ids: dict[str, str]) -> None:
    a = demo_ids["Continental Press"]
    assert client.get(f"/api/compare/{a}/nothing").status_code == 404
    same = client.get(f"/api/compare/{a}/{a}")
    assert same.status_code == 422 and "two different" in same.json()["error"]["message"]
    assert client.get(f"/compare/{a}/nothing").status_code == 404


def test_a_download_suffix_is_part_of_the_address(
    client: TestClient, demo_ids: dict[str, str]
) -> None:
    a, b = demo_ids["Continental Press"], demo_ids["Midland Daily Wire"]
    for suffix, kind in ((".json", "application/json"), (".csv", "text/csv"), ("", "text/html")):
        response = client.get(f"/compare/{a}/{b}{suffix}")
        assert response.status_code == 200 and response.headers["content-type"].startswith(kind)
    # Only the known suffixes are formats: anything else is part of the (unknown) id.
    missing = client.get(f"/compare/{a}/{b}.pdf", headers={"Accept": "application/json"})
    assert missing.status_code == 404 and f"{b}.pdf" in missing.text
    story = client.get(f"/api/articles/{a}").json()["story_id"]
    assert client.get(f"/stories/{story}.csv").status_code == 422
    assert client.get(f"/stories/{story}.json").headers["content-type"] == "application/json"
