"""Fixtures of the web tests: the demo corpus imported into the test's own database."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from app.services import records

DEMO = Path(__file__).resolve().parents[2] / "app" / "demo" / "corpus"


def engine_of(client: TestClient) -> Engine:
    engine: Engine = client.app.state.engine  # type: ignore[attr-defined]
    return engine


@pytest.fixture
def demo_corpus(client: TestClient) -> dict[str, str]:
    """Import the demo corpus; return outlet name -> current article id."""
    settings = client.app.state.settings  # type: ignore[attr-defined]
    for job in records.jobs_for_paths([DEMO], records.Defaults(), settings.max_import_bytes):
        records.run(engine_of(client), settings, job)
    items = client.get("/api/articles", params={"per_page": 50}).json()["items"]
    return {i["outlet"]["name"]: i["id"] for i in items if "Lantern" not in i["title"]}
