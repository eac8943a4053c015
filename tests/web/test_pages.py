"""The HTML pages: browsing, the Import page's three ways in, corrections, friendly errors."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.web.test_api_articles import STORY

HOSTILE = (
    "<script>alert('title')</script> Budget vote delayed\n\n"
    "The vote on the budget was delayed on Thursday <img src=x onerror=alert(1)> after the "
    "council ran out of time, officials said, with a new date to be set next week.\n\n"
    "Councillors said they expected the plan to pass comfortably once debate resumed."
)


def test_home_lists_latest_articles_and_outlets(client: TestClient) -> None:
    empty = client.get("/")
    assert empty.status_code == 200 and "Import your first article" in empty.text
    client.post("/api/articles", json={"text": STORY, "outlet": "Harbour Times"})
    page = client.get("/").text
    assert "Ferry service resumes after storm" in page
    assert 'href="/outlets/harbour-times"' in page


def test_outlet_pages(client: TestClient) -> None:
    client.post("/api/articles", json={"text": STORY, "outlet": "Harbour Times"})
    assert "Harbour Times" in client.get("/outlets").text
    outlet = client.get("/outlets/harbour-times")
    assert outlet.status_code == 200 and "Ferry service resumes" in outlet.text
    missing = client.get("/outlets/nobody")
    assert missing.status_code == 404 and "There is no outlet" in missing.text


def test_article_page_shows_the_article(client: TestClient) -> None:
    article = client.post(
        "/api/articles",
        json={"text": STORY, "outlet": "Harbour Times", "url": "https://ht.example/a"},
    ).json()
    page = client.get(f"/articles/{article['id']}")
    assert page.status_code == 200
    assert "<h1>Ferry service resumes after storm</h1>" in page.text
    assert 'href="https://ht.example/a"' in page.text
    assert "Inspectors cleared the pier" in page.text


def test_paste_form_lands_on_the_new_article(client: TestClient) -> None:
    response = client.post(
        "/import/text",
        data={"text": STORY, "outlet": "Bay News", "published": "2026-10-01"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    page = client.get(response.headers["location"])
    assert "Ferry service resumes after storm" in page.text and "Bay News" in page.text


def test_upload_one_file_lands_on_it_many_files_get_a_summary(client: TestClient) -> None:
    one = client.post(
        "/import/files",
        files=[("files", ("ferry.txt", STORY.encode(), "text/plain"))],
        follow_redirects=False,
    )
    assert one.status_code == 303 and one.headers["location"].startswith("/articles/")
    many = client.post(
        "/import/files",
        files=[
            ("files", ("ferry.txt", STORY.encode(), "text/plain")),
            ("files", ("other.txt", STORY.replace("three", "four").encode(), "text/plain")),
            ("files", ("photo.png", b"\x89PNG", "image/png")),
        ],
    )
    assert many.status_code == 200
    assert "already present" in many.text and "imported" in many.text
    assert "unsupported file type" in many.text


def test_form_errors_are_friendly_pages_and_write_nothing(client: TestClient) -> None:
    empty = client.post("/import/text", data={"text": "   "})
    assert empty.status_code == 422
    assert "text/html" in empty.headers["content-type"]
    assert "empty" in empty.text and "Traceback" not in empty.text
    bad_date = client.post("/import/text", data={"text": STORY, "published": "31/12/2026"})
    assert bad_date.status_code == 422 and "YYYY-MM-DD" in bad_date.text
    blocked = client.post("/import/url", data={"url": "http://10.1.2.3/story"})
    assert blocked.status_code == 422 and "public addresses" in blocked.text
    assert client.get("/api/articles").json()["total"] == 0


def test_edit_form_corrects_metadata(client: TestClient) -> None:
    article = client.post("/api/articles", json={"text": STORY}).json()
    response = client.post(
        f"/articles/{article['id']}/edit",
        data={"title": "Ferries back", "outlet": "Bay News", "published": "2026-10-02"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    updated = client.get(f"/api/articles/{article['id']}").json()
    assert (updated["title"], updated["outlet"]["name"], updated["published"]) == (
        "Ferries back",
        "Bay News",
        "2026-10-02",
    )


def test_hostile_text_is_escaped_and_pages_carry_a_strict_csp(client: TestClient) -> None:
    article = client.post(
        "/api/articles",
        json={
            "text": HOSTILE,
            "outlet": "<b onmouseover=alert(2)>Evil</b>",
            "url": "javascript:alert(3)",
        },
    ).json()
    page = client.get(f"/articles/{article['id']}")
    assert "<script>alert" not in page.text
    assert "<img src=x" not in page.text
    assert "<b onmouseover" not in page.text
    assert 'href="javascript:' not in page.text
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "unsafe-inline" not in client.get("/").headers["content-security-policy"]


def test_unknown_page_is_a_friendly_404(client: TestClient) -> None:
    page = client.get("/no/such/page")
    assert page.status_code == 404 and "There is no page at this address" in page.text
    api = client.get("/api/articles/nothing")
    assert api.status_code == 404 and api.json()["error"]["status"] == 404


def test_an_unnamed_source_and_a_missing_headline_invite_a_correction(client: TestClient) -> None:
    body = STORY.split("\n\n", 1)[1]  # no headline line, no outlet
    article = client.post("/api/articles", json={"text": body}).json()
    assert article["outlet"]["unnamed"] is True
    assert article["title"].startswith("Untitled: The harbour ferry returned")
    page = client.get(f"/articles/{article['id']}").text
    assert "name its outlet" in page and '<details id="edit" class="edit" open>' in page
    named = client.patch(f"/api/articles/{article['id']}", json={"outlet": "Bay News"}).json()
    assert named["outlet"]["unnamed"] is False
    assert "name its outlet" not in client.get(f"/articles/{article['id']}").text
