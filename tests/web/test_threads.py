"""Developing stories on the story page and in the story API: the invented Curlew reports
imported among other news, each of its stories linked to the others, the trap to none."""

from __future__ import annotations

import re
from html import unescape

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.errors import ParallaxError
from app.services import importer, threads
from app.services.bulk_import import BulkImporter
from app.services.database import reading
from tests.conftest import shared_path
from tests.stories.corpora import load_csv, load_invented, load_seeds
from tests.web.conftest import engine_of
from tests.web.test_page_queries import statements

THREAD, TRAP = "curlew-aircraft", "sollas-landing"


@pytest.fixture
def imported(client: TestClient, settings: Settings) -> dict[str, str]:
    """The invented Curlew and beach-landing reports, among the seeds, census and Spotify
    articles (for idf), imported as a user would; returns article id -> thread."""
    news = shared_path("corpora", "news", "articlecomparisons")
    background = [
        *load_seeds(shared_path("seeds")),
        *load_csv(news / "census_articles.csv", "c"),
        *load_csv(news / "spotify_articles.csv", "s"),
    ]
    reports = [r for r in load_invented() if r.thread in (THREAD, TRAP)]
    requests = [
        (None, importer.ImportRequest(f"{d.title}\n\n{d.body}", published=d.published))
        for d in background
    ] + [
        (
            r.thread,
            importer.ImportRequest(
                r.body, outlet=r.outlet, title=r.headline, published=r.published
            ),
        )
        for r in reports
    ]
    thread_of: dict[str, str] = {}

    def report(thread: str | None, outcome: importer.ImportResult | ParallaxError) -> None:
        if thread is not None:
            assert isinstance(outcome, importer.ImportResult), outcome
            thread_of[outcome.article.id] = thread

    with BulkImporter[str | None](engine_of(client), settings, report) as bulk:
        for thread, request in requests:
            bulk.add(request, thread)
    assert len(thread_of) == len(reports)
    return thread_of


def _story_of(client: TestClient, article_id: str) -> int:
    story: int = client.get(f"/api/articles/{article_id}").json()["story_id"]
    return story


def test_every_curlew_story_shows_the_whole_developing_story(
    client: TestClient, imported: dict[str, str]
) -> None:
    curlew = {a for a, t in imported.items() if t == THREAD}
    stories = {_story_of(client, a) for a in curlew}
    assert len(stories) > 1  # five news days, more than three days apart
    for story_id in stories:
        developing = client.get(f"/api/stories/{story_id}").json()["developing"]
        assert {s["id"] for s in developing["stories"]} == stories
        assert {a["id"] for a in developing["articles"]} == curlew
        days = [s["first_date"] for s in developing["stories"]]
        assert days == sorted(days)
        assert (developing["first_date"], developing["last_date"]) == ("2027-02-08", "2027-05-14")
        page = client.get(f"/stories/{story_id}")
        assert page.status_code == 200 and "Developing story" in page.text
        # A link to every other story of the thread, and each leads to its page.
        links = {int(i) for i in re.findall(r'<a href="/stories/(\d+)">', page.text)}
        assert links == stories - {story_id}
        for other in links:
            assert "Developing story" in client.get(f"/stories/{other}").text
        # The picker across the thread offers every report of the event.
        section = page.text.split('id="thread-picker-h"', 1)[1].split("</form>", 1)[0]
        left, right = section.split('name="b"', 1)
        assert set(re.findall(r'<option value="([^"]+)"', left)) == curlew
        assert set(re.findall(r'<option value="([^"]+)"', right)) == curlew


def test_the_thread_picker_compares_two_outlets_from_different_news_days(
    client: TestClient, imported: dict[str, str]
) -> None:
    story_id = _story_of(client, next(a for a, t in imported.items() if t == THREAD))
    page = client.get(f"/stories/{story_id}").text
    section = page.split('id="thread-picker-h"', 1)[1].split("</form>", 1)[0]
    chosen = re.findall(r'<option value="([^"]+)" selected>([^<]+)</option>', section)
    assert len(chosen) == 2
    (a, a_label), (b, b_label) = chosen
    assert _story_of(client, a) == story_id != _story_of(client, b)
    assert unescape(a_label).split(" — ")[0] != unescape(b_label).split(" — ")[0]
    picked = client.get(
        f"/stories/{story_id}/compare", params={"a": a, "b": b}, follow_redirects=False
    )
    assert picked.status_code == 303
    assert client.get(picked.headers["location"]).status_code == 200


def test_a_story_linked_to_no_other_shows_no_developing_story(
    client: TestClient, imported: dict[str, str]
) -> None:
    trap = {_story_of(client, a) for a, t in imported.items() if t == TRAP}
    curlew = {_story_of(client, a) for a, t in imported.items() if t == THREAD}
    assert not trap & curlew
    for story_id in trap:
        assert client.get(f"/api/stories/{story_id}").json()["developing"] is None
        assert "Developing story" not in client.get(f"/stories/{story_id}").text
    # The story's JSON download carries the same field.
    some = min(curlew)
    download = client.get(f"/stories/{some}.json").json()
    assert {s["id"] for s in download["developing"]["stories"]} == curlew


def test_finding_the_developing_story_only_reads(
    client: TestClient, imported: dict[str, str]
) -> None:
    story_id = _story_of(client, next(a for a, t in imported.items() if t == THREAD))
    with statements(client) as seen, reading(engine_of(client)) as session:
        assert threads.developing(session, story_id) is not None
    assert seen and all(s.lstrip().upper().startswith(("SELECT", "WITH")) for s in seen), seen
