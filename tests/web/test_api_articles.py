"""The JSON API for articles: create, read, list, correct, and every kind of bad input."""

from __future__ import annotations

from fastapi.testclient import TestClient

STORY = (
    "Ferry service resumes after storm\n\n"
    "The harbour ferry returned to service on Tuesday after three days of cancellations, "
    "the operator said, with extra sailings added to clear the backlog of passengers.\n\n"
    "\u201cWe are grateful for everyone\u2019s patience this week,\u201d the operator\u2019s "
    "spokeswoman told reporters at the terminal on Tuesday morning.\n\n"
    "Inspectors cleared the pier after checking the moorings for damage overnight."
)


def count(client: TestClient) -> int:
    total: int = client.get("/api/articles").json()["total"]
    return total


def test_create_returns_201_with_the_article(client: TestClient) -> None:
    response = client.post("/api/articles", json={"text": STORY, "outlet": "Harbour Times"})
    assert response.status_code == 201
    article = response.json()
    assert article["title"] == "Ferry service resumes after storm"
    assert article["outlet"]["name"] == "Harbour Times"
    assert article["body"].startswith("The harbour ferry returned")
    assert article["body"].count("\n\n") == 2
    assert article["body"] == "\n\n".join(article["paragraphs"])
    assert article["language"] == "en"
    assert article["permalink"].endswith(f"/articles/{article['id']}")
    fetched = client.get(f"/api/articles/{article['id']}").json()
    assert fetched["body"] == article["body"]


def test_identical_content_returns_200_and_the_same_article(client: TestClient) -> None:
    first = client.post("/api/articles", json={"text": STORY, "outlet": "Harbour Times"})
    again = client.post("/api/articles", json={"text": STORY, "outlet": "Harbour Times"})
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert count(client) == 1


def test_same_url_with_new_text_is_a_new_revision(client: TestClient) -> None:
    url = "https://harbour-times.example/ferry"
    first = client.post("/api/articles", json={"text": STORY, "url": url}).json()
    later = "The operator later said a night sailing would be added on Wednesday for commuters."
    updated = f"{STORY}\n\n{later}"
    second = client.post("/api/articles", json={"text": updated, "url": url}).json()
    assert second["id"] != first["id"]
    assert second["revision"] == 2 and second["is_current"]
    old = client.get(f"/api/articles/{first['id']}").json()
    assert old["is_current"] is False
    assert old["body"] == first["body"]
    assert [r["id"] for r in old["revisions"]] == [first["id"], second["id"]]
    listed = client.get("/api/articles").json()
    assert [item["id"] for item in listed["items"]] == [second["id"]]
    # The outlet comes from the URL's domain when nobody names it.
    assert second["outlet"]["domain"] == "harbour-times.example"


def test_patch_corrects_metadata(client: TestClient) -> None:
    article = client.post("/api/articles", json={"text": STORY}).json()
    assert article["outlet"]["name"] == "Unnamed source 1"
    response = client.patch(
        f"/api/articles/{article['id']}",
        json={"outlet": "Harbour Times", "title": "Ferries sail again", "published": "2026-10-20"},
    )
    assert response.status_code == 200
    patched = response.json()
    assert patched["outlet"]["name"] == "Harbour Times"
    assert patched["title"] == "Ferries sail again"
    assert patched["published"] == "2026-10-20"
    assert patched["body"] == article["body"]
    # The provisional source nobody else used is gone once the article is named.
    names = [o["outlet"]["name"] for o in client.get("/api/outlets").json()]
    assert names == ["Harbour Times"]
    assert client.patch(f"/api/articles/{article['id']}", json={"title": " "}).status_code == 422
    assert client.patch("/api/articles/nope", json={"title": "x"}).status_code == 404


def test_list_is_paged_and_filters_by_outlet(client: TestClient) -> None:
    for n in range(3):
        text = STORY.replace("three days", f"{n + 3} days")
        client.post("/api/articles", json={"text": text, "outlet": "A" if n else "B"})
    page = client.get("/api/articles", params={"per_page": 2}).json()
    assert page["total"] == 3 and len(page["items"]) == 2
    second = client.get("/api/articles", params={"per_page": 2, "page": 2}).json()
    assert len(second["items"]) == 1
    only_a = client.get("/api/articles", params={"outlet": "a"}).json()
    assert only_a["total"] == 2
    assert client.get("/api/articles", params={"outlet": "zzz"}).status_code == 404
    assert client.get("/api/articles", params={"per_page": 0}).status_code == 422


def assert_error(client: TestClient, payload: object, status: int, words: str) -> None:
    response = client.post("/api/articles", json=payload)
    assert response.status_code == status, response.text
    assert words in response.json()["error"]["message"]
    assert count(client) == 0


def test_bad_input_is_refused_and_nothing_is_written(client: TestClient) -> None:
    assert_error(client, {"text": ""}, 422, "empty")
    assert_error(client, {"text": "   \n\t  "}, 422, "empty")
    assert_error(client, {"text": "abc\x00\x01\x02def"}, 422, "binary")
    assert_error(client, {}, 422, "text, html or a url")
    assert_error(client, {"text": STORY, "html": "<p>x</p>"}, 422, "not both")
    assert_error(
        client,
        {"html": "<html><body><nav><a href='/'>Home</a></nav></body></html>"},
        422,
        "article",
    )
    assert_error(client, {"text": STORY, "colour": "red"}, 422, "colour")
    assert_error(client, {"text": STORY, "published": "yesterday"}, 422, "published")
    assert_error(client, {"url": "ftp://example.com/a"}, 422, "http")
    assert_error(client, {"url": "http://no-such-host.invalid/"}, 422, "could not be resolved")


def test_too_large_is_413(client: TestClient) -> None:
    limit = client.app.state.settings.max_import_bytes  # type: ignore[attr-defined]
    assert_error(client, {"text": "word " * (limit // 5 + 10)}, 413, "limit")


def test_openapi_documents_the_api(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/api/articles", "/api/articles/{article_id}", "/api/outlets"} <= set(spec["paths"])
    assert {"get", "patch"} <= set(spec["paths"]["/api/articles/{article_id}"])
    docs = client.get("/docs")
    assert docs.status_code == 200 and "swagger-ui" in docs.text
    assert client.get("/docs/assets/swagger-ui-bundle.js").status_code == 200
