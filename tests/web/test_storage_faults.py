"""A database locked past the wait is 503 with Retry-After; a full disk is 507; both intact."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from tests.faults import capped, compacted, integrity, write_locked
from tests.web.test_api_articles import STORY

LATER = (
    "The operator later said a night sailing would be added on Wednesday for commuters, "
    "and that the timetable for the rest of the month would be published on Friday."
)


@pytest.fixture
def database(settings: Settings) -> Path:
    return Path(settings.database_url.removeprefix("sqlite:///"))


@pytest.fixture
def impatient(settings: Settings) -> Iterator[TestClient]:
    """The app, waiting a twentieth of a second for the write lock."""
    app = create_app(settings.model_copy(update={"lock_wait": 0.05}))
    with TestClient(app) as test_client:
        yield test_client


def test_the_web_app_waits_less_for_the_lock_than_an_import() -> None:
    assert Settings().lock_wait == 5.0


def test_a_change_to_a_locked_database_is_503_with_retry_after(
    impatient: TestClient, database: Path
) -> None:
    with write_locked(database):
        started = time.monotonic()
        response = impatient.post("/api/articles", json={"text": STORY})
        waited = time.monotonic() - started
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) > 0
    message = response.json()["error"]["message"]
    assert "busy" in message and "try again" in message
    assert waited < 5  # the web app's wait, not the command line's 30 s
    assert integrity(database) == "ok"
    assert impatient.get("/api/articles").json()["total"] == 0
    assert impatient.post("/api/articles", json={"text": STORY}).status_code == 201


def test_a_page_that_changes_a_locked_database_shows_a_503_page(
    impatient: TestClient, database: Path
) -> None:
    with write_locked(database):
        response = impatient.post("/import/text", data={"text": STORY})
    assert response.status_code == 503
    assert "Retry-After" in response.headers
    assert "text/html" in response.headers["content-type"]
    assert "Busy: try again shortly" in response.text and "busy with another" in response.text


def test_a_full_disk_is_507_and_keeps_what_was_stored(client: TestClient, database: Path) -> None:
    first = client.post("/api/articles", json={"text": STORY, "outlet": "Harbour Times"})
    assert first.status_code == 201
    engine = client.app.state.engine  # type: ignore[attr-defined]
    with capped(compacted(database)):
        engine.dispose()  # the connections it opens next are capped
        # Long enough to need new pages, not only the room left in the ones there are.
        story = "\n\n".join([STORY, *(f"{LATER} ({n} of 100)" for n in range(100))])
        api = client.post("/api/articles", json={"text": story, "outlet": "Harbour Post"})
        page = client.post("/import/text", data={"text": story, "outlet": "Harbour Post"})
    assert api.status_code == 507
    assert "full" in api.json()["error"]["message"]
    assert page.status_code == 507 and "Out of storage space" in page.text
    engine.dispose()
    assert integrity(database) == "ok"
    listed = client.get("/api/articles").json()
    assert [item["id"] for item in listed["items"]] == [first.json()["id"]]
