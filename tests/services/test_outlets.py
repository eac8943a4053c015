"""Who published an article: the user's word, the page's own name, its domain, or a source
of its own; aliases of one outlet resolve to it."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.services.outlets import alias_key
from tests.web.test_api_articles import STORY

PAGE = """<!doctype html><html><head><title>Ferry service resumes after storm</title>
<meta property="og:site_name" content="The Harbour Times"></head><body><article>
<h1>Ferry service resumes after storm</h1>
<p>The harbour ferry returned to service on Tuesday after three days of cancellations,
the operator said, with extra sailings added to clear the backlog of passengers.</p>
<p>Inspectors cleared the pier after checking the moorings for damage overnight, and the
first sailing left on time with more than two hundred passengers on board.</p>
</article></body></html>"""


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("theguardian.com", "The Guardian"),
        ("www.TheGuardian.com", "the guardian"),
        ("TheJournal.ie", "The Journal"),
        ("harbourtimes.co.uk", "Harbour Times"),
    ],
)
def test_aliases_of_one_outlet_share_a_key(a: str, b: str) -> None:
    assert alias_key(a) == alias_key(b)


def test_different_outlets_keep_different_keys() -> None:
    assert alias_key("The Times") != alias_key("The Sunday Times")
    assert alias_key("Theatre News") != alias_key("Atre News")


def outlet_of(client: TestClient, payload: dict[str, str]) -> dict[str, object]:
    response = client.post("/api/articles", json=payload)
    assert response.status_code in (200, 201), response.text
    outlet: dict[str, object] = response.json()["outlet"]
    return outlet


def test_articles_without_an_outlet_are_never_merged(client: TestClient) -> None:
    first = outlet_of(client, {"text": STORY})
    second = outlet_of(client, {"text": STORY.replace("Tuesday", "Wednesday")})
    assert first["name"] == "Unnamed source 1"
    assert second["name"] == "Unnamed source 2"
    # The same text again is the same article, under the same source.
    assert outlet_of(client, {"text": STORY}) == first


def test_the_page_names_itself_before_its_domain(client: TestClient) -> None:
    url = "https://www.harbour-times.example/ferry"
    named = outlet_of(client, {"html": PAGE, "url": url})
    assert named["name"] == "The Harbour Times"
    assert named["domain"] == "harbour-times.example"
    # A later page from the same domain that does not name itself joins that outlet.
    plain = outlet_of(client, {"text": STORY, "url": url + "-2"})
    assert plain["id"] == named["id"]


def test_an_outlet_named_after_its_domain_takes_the_pages_name(client: TestClient) -> None:
    url = "https://harbour-times.example/ferry"
    by_domain = outlet_of(client, {"text": STORY, "url": url})
    assert by_domain["name"] == "harbour-times.example"
    named = outlet_of(client, {"html": PAGE, "url": url + "-2"})
    assert named["id"] == by_domain["id"] and named["name"] == "The Harbour Times"


def test_an_alias_given_by_the_user_finds_the_outlet(client: TestClient) -> None:
    first = outlet_of(client, {"text": STORY, "url": "https://www.theguardian.com/a"})
    second = outlet_of(client, {"text": STORY, "outlet": "The Guardian"})
    assert second["id"] == first["id"]
