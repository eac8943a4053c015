"""What a page costs the database: statements per request, alignments read per pair."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from app import repo
from app.align import Alignment
from app.services import compare
from tests.web.conftest import engine_of

# Transaction control is not a query: BEGIN is issued by app.db's "begin" listener.
_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


@contextmanager
def statements(client: TestClient) -> Iterator[list[str]]:
    """The SQL statements the app's engine runs inside the block (transaction control left
    out)."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not statement.lstrip().upper().startswith(_CONTROL):
            seen.append(statement)

    engine = engine_of(client)
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


@pytest.mark.parametrize("suffix", ["", ".json", ".csv", ".html"])
def test_cached_comparison_costs_at_most_three_queries(
    client: TestClient, demo_corpus: dict[str, str], suffix: str
) -> None:
    a, b = demo_corpus["Continental Press"], demo_corpus["The Harbour Courier"]
    assert client.get(f"/compare/{a}/{b}{suffix}").status_code == 200  # aligns and stores
    with statements(client) as seen:
        response = client.get(f"/compare/{a}/{b}{suffix}")
    assert response.status_code == 200
    assert len(seen) <= 3, "\n".join(s[:90] for s in seen)


def test_cached_comparison_api_costs_at_most_three_queries(
    client: TestClient, demo_corpus: dict[str, str]
) -> None:
    a, b = demo_corpus["Continental Press"], demo_corpus["Midland Daily Wire"]
    client.get(f"/api/compare/{b}/{a}")
    with statements(client) as seen:
        assert client.get(f"/api/compare/{b}/{a}").status_code == 200
    assert len(seen) <= 3, "\n".join(s[:90] for s in seen)


def test_listings_read_outlets_with_their_rows(
    client: TestClient, demo_corpus: dict[str, str]
) -> None:
    # Five outlets among the rows: one query per row would make this at least six.
    with statements(client) as seen:
        items = client.get("/api/articles", params={"per_page": 50}).json()["items"]
    assert len({i["outlet"]["id"] for i in items}) >= 4
    assert len(seen) <= 3, "\n".join(s[:90] for s in seen)
    with statements(client) as seen:
        assert client.get("/api/stories").status_code == 200
    assert len(seen) <= 3, "\n".join(s[:90] for s in seen)


def test_story_page_reads_each_pair_once(
    client: TestClient, demo_corpus: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    story_id = client.get(f"/api/articles/{demo_corpus['Continental Press']}").json()["story_id"]
    members = client.get(f"/api/stories/{story_id}").json()["articles"]
    pairs = len(members) * (len(members) - 1) // 2
    assert pairs >= 3
    aligned: list[tuple[str, str]] = []
    decoded: list[int] = []
    real_align, real_decode = compare.analyse, repo.articles.alignment_from_dict

    def counting_align(a: str, b: str) -> Alignment:
        aligned.append((a[:40], b[:40]))
        return real_align(a, b)

    def counting_decode(data: Any) -> Alignment:
        decoded.append(1)
        return real_decode(data)

    monkeypatch.setattr(compare, "analyse", counting_align)
    monkeypatch.setattr(repo.articles, "alignment_from_dict", counting_decode)
    engine = engine_of(client)
    with engine.begin() as connection:  # forget what the API call above stored
        connection.exec_driver_sql("DELETE FROM comparison")
    assert client.get(f"/stories/{story_id}").status_code == 200
    assert len(aligned) == len(set(aligned)) == pairs and not decoded
    aligned.clear()
    # Another address of the same page: rendered again (the same one would be sent from
    # the rendered pages of this edition, see app.web.http_caching), reading what is stored.
    assert client.get(f"/stories/{story_id}?again=1").status_code == 200
    assert not aligned and len(decoded) == pairs
