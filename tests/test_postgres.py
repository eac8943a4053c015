"""The same application on PostgreSQL: migrations, imports, stories, comparisons, search."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ProgrammingError
from sqlmodel import SQLModel

from app import repo
from app.config import Settings
from app.db import make_engine, read_session, upgrade_schema
from app.main import create_app
from app.services import articles, candidates
from app.services.bulk_import import BulkImporter
from app.services.importer import ImportResult
from app.services.records import Defaults, jobs_for_paths, run
from app.services.stories import GROUPING_PARAMS as PARAMS
from app.stories.choosing import Arrival, topical
from tests.conftest import shared_path
from tests.test_migrations import not_search_index

DEMO = Path(__file__).resolve().parent.parent / "app" / "demo" / "corpus"


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    """A fresh, empty database on the server PARALLAX_TEST_POSTGRES_URL names."""
    admin_url = os.environ.get("PARALLAX_TEST_POSTGRES_URL")
    if not admin_url:
        message = "PARALLAX_TEST_POSTGRES_URL is not set (.ci/run starts a PostgreSQL server)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    name = f"parallax_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    _drop(admin, name)
    admin.dispose()


def _drop(admin: Engine, name: str, attempts: int = 40) -> None:
    """Drop a test database. FORCE ends the tests' own connections, but not an autovacuum
    worker the server started on it after the imports (another role's process: refused
    as InsufficientPrivilege); such a worker ends within seconds, so wait and try again."""
    for attempt in range(attempts):
        try:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            return
        except ProgrammingError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.25)


def test_migrations_match_models_on_postgres(pg_url: str) -> None:
    engine = make_engine(pg_url)
    upgrade_schema(engine)
    with engine.connect() as conn:
        opts = {"compare_type": True, "include_name": not_search_index}
        context = MigrationContext.configure(conn, opts=opts)
        assert compare_metadata(context, SQLModel.metadata) == []
    engine.dispose()


def test_the_app_works_on_postgres(pg_url: str) -> None:
    seeds_path = shared_path("seeds")  # skips before any connection is opened, or none closes
    settings = Settings(database_url=pg_url)
    engine = make_engine(pg_url)
    upgrade_schema(engine)
    for job in jobs_for_paths([seeds_path], Defaults(), settings.max_import_bytes):
        assert run(engine, settings, job).article.id
    # The demo through the bulk path: new articles (multi-row inserts, term deltas
    # as JSON) and a revision that supersedes another (a savepoint).
    outcomes: list[object] = []
    with BulkImporter(engine, settings, lambda _, outcome: outcomes.append(outcome), 3) as bulk:
        for job in jobs_for_paths([DEMO], Defaults(), settings.max_import_bytes):
            assert job.request is not None
            bulk.add(job.request, job)
    assert outcomes and all(isinstance(o, ImportResult) and o.created for o in outcomes)
    index = text(
        "SELECT hash, article_id FROM shingle UNION ALL "
        "SELECT hash, article_id FROM shingle_staged ORDER BY hash, article_id"
    )
    with read_session(engine) as session:
        # The index's lookups read both its tables: the same answers with all folded into
        # `shingle` and with half the articles' rows staged.
        ids = session.execute(text("SELECT id FROM article WHERE is_current")).scalars().all()
        hashes = [h for h, _ in session.execute(index)]

        def lookups() -> list[object]:
            held = repo.index.shingle_holders(session=session, hashes=hashes, cap=len(ids))
            capped = repo.index.shingle_holders(session=session, hashes=hashes, cap=2)  # any 2
            near = [candidates.overlapping(session, articles.get(session, i)) for i in ids]
            return [
                {h: sorted(a.split(" ")) for h, a in held},
                {h: a.count(" ") for h, a in capped},
                near,
            ]

        assert repo.index.count_staged_shingles(session=session) > 0  # the bulk import's
        repo.index.fold_staged_shingles(session=session)
        assert repo.index.count_staged_shingles(session=session) == 0
        before = lookups()
        half = {"mid": sorted(ids)[len(ids) // 2]}
        moved = "FROM shingle WHERE article_id < :mid"
        session.execute(text(f"INSERT INTO shingle_staged SELECT hash, article_id {moved}"), half)
        session.execute(text(f"DELETE {moved}"), half)
        assert 0 < repo.index.count_staged_shingles(session=session) < len(hashes)
        assert repo.index.count_shingles(session=session) == len(hashes)
        assert lookups() == before
        session.rollback()
    # A schema upgrade's rebuild of the index (staged in a temporary table) writes it back.
    with read_session(engine) as session:
        written = session.execute(index).all()
        session.execute(text("DELETE FROM shingle WHERE hash % 3 = 0"))
        assert candidates.reindex(session, batch=4) == len({a for _, a in written})
        session.commit()
        assert session.execute(index).all() == written
        # The date windows' latest, read many days per statement, are what one by one
        # imports read.
        days = [None, *session.execute(text("SELECT DISTINCT published FROM article")).scalars()]
        for day in days:
            window = candidates.window_latest(session, [day], PARAMS)
            [latest] = topical([Arrival("new", day, ())], window, PARAMS)
            assert latest == repo.grouping.recent_grouped_ids(
                session=session,
                exclude_id="",
                around=day,
                window_days=PARAMS.window_days,
                limit=PARAMS.topical_candidates,
            )
    engine.dispose()
    with TestClient(create_app(settings)) as client:
        stories = client.get("/api/stories").json()
        seeds = next(s for s in stories if "America Age" in s["outlets"])
        assert len(seeds["articles"]) == 5
        viaduct = next(s for s in stories if "The Harbour Courier" in s["outlets"])
        assert len(viaduct["outlets"]) >= 4  # the batch grouped the demo's reprints together
        a, b = seeds["articles"][:2]
        comparison = client.get(f"/api/compare/{a}/{b}").json()
        assert comparison["passages"]
        assert client.get(f"/compare/{a}/{b}").status_code == 200
        assert client.get(f"/stories/{seeds['id']}").status_code == 200
        assert client.get(f"/api/stories/{seeds['id']}/overview").status_code == 200
        found = client.get("/api/search", params={"q": "viaduct"})
        assert found.status_code == 200
        # Real full-text search: bodies searched, stemmed ("collapsed" finds "collapse"),
        # ranked, phrases and prefixes read, matches marked in title and snippet.
        results = found.json()
        assert results["ranking"] == "ts_rank" and results["total"] >= 4
        hit = results["groups"][0]["hits"][0]
        marked = [s["text"].lower() for s in hit["title"] + hit["snippet"] if s["highlighted"]]
        assert marked and all("viaduct" in m for m in marked)
        body_only = client.get("/api/search", params={"q": "Olympics"}).json()
        assert body_only["total"] >= 3  # no seed headline says it; their bodies do
        stemmed = client.get("/api/search", params={"q": "collapsed"}).json()["total"]
        assert stemmed >= client.get("/api/search", params={"q": "collapse"}).json()["total"] > 0
        phrase = client.get("/api/search", params={"q": '"joint statement"'}).json()
        assert (
            0
            < phrase["total"]
            < client.get("/api/search", params={"q": "statement"}).json()["total"] + 1
        )
        prefix = client.get("/api/search", params={"q": "Beij*"}).json()
        assert prefix["total"] >= 5
        hostile = client.get("/api/search", params={"q": "a & | ! ( ) :* <-> '\\"})
        assert hostile.status_code == 200
        again = client.post("/api/articles", json={"text": comparison["a"]["body"]})
        assert again.status_code in (200, 201)


def test_a_change_waiting_on_a_lock_past_the_wait_is_503_on_postgres(pg_url: str) -> None:
    settings = Settings(database_url=pg_url, lock_wait=0.2)
    holder = create_engine(pg_url)
    with TestClient(create_app(settings)) as client, holder.connect() as conn:
        # An import's transaction holds the rows every import updates (the document count).
        conn.execute(text("LOCK TABLE term_df IN EXCLUSIVE MODE"))
        response = client.post("/api/articles", json={"text": LOCKED_OUT})
        conn.rollback()
        assert response.status_code == 503, response.text
        assert int(response.headers["Retry-After"]) > 0
        assert "busy" in response.json()["error"]["message"]
        assert client.post("/api/articles", json={"text": LOCKED_OUT}).status_code == 201
    holder.dispose()


LOCKED_OUT = (
    "Tram line reopens after repairs\n\n"
    "The city's oldest tram line reopened on Monday after six weeks of track repairs, the "
    "transport authority said, with trams running every eight minutes at peak hours.\n\n"
    "Engineers replaced more than two kilometres of rail and the overhead wires along the "
    "river section, where floods had damaged the foundations last spring."
)
