"""Bulk imports in shared transactions give what importing one by one gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from app.cli.main import DEMO_CORPUS
from app.config import Settings
from app.db import make_engine, read_session, upgrade_schema
from app.errors import InvalidInput
from app.services import importer, records


def _jobs(settings: Settings) -> list[records.Job]:
    jobs = list(
        records.jobs_for_paths([DEMO_CORPUS], records.Defaults(), settings.max_import_bytes)
    )
    assert len(jobs) >= 7
    return jobs


def _state(engine: Engine) -> dict[str, object]:
    """Everything an import writes, without import times."""
    with read_session(engine) as session:
        rows = session.execute(
            text(
                "SELECT a.id, a.revision, a.is_current, a.lineage_id, s.title "
                "FROM article a JOIN story s ON s.id = a.story_id ORDER BY a.id"
            )
        ).all()
        stories: dict[str, set[str]] = {}
        for article_id, _, _, _, title in rows:
            stories.setdefault(title, set()).add(article_id)
        query = lambda sql: sorted(map(tuple, session.execute(text(sql)).all()))  # noqa: E731
        return {
            "articles": [r[:4] for r in rows],
            "stories": sorted((title, sorted(ids)) for title, ids in stories.items()),
            "shingles": query("SELECT hash, article_id FROM shingle"),
            "term_df": query("SELECT term, df FROM term_df"),
            # Stored vectors are a cache, refreshed when read stale: a batch refreshes a
            # story's at its end (with the retitle), so only their presence is compared.
            "vectors": query("SELECT article_id FROM article_vector"),
        }


def _engine(tmp_path: Path, name: str) -> Engine:
    engine = make_engine(f"sqlite:///{tmp_path / name}")
    upgrade_schema(engine)
    return engine


@pytest.mark.parametrize("size", [1, 3, 500])
def test_a_batch_import_stores_and_groups_as_one_by_one(
    tmp_path: Path, settings: Settings, size: int
) -> None:
    one, batched = _engine(tmp_path, "one.db"), _engine(tmp_path, "batch.db")
    for job in _jobs(settings):
        records.run(one, settings, job)
    with importer.BatchImporter(batched, settings, size=size) as batch:
        for job in _jobs(settings):
            records.run(batched, settings, job, batch)
    assert _state(batched) == _state(one)
    assert len(_state(batched)["stories"]) >= 2  # type: ignore[arg-type]
    one.dispose()
    batched.dispose()


def test_a_failing_article_rolls_back_alone(engine: Engine, settings: Settings) -> None:
    jobs = _jobs(settings)
    bad = importer.ImportRequest(
        content="x",
        extracted=importer.Extracted(None, False, None, None, None, "en", ("one\n\ntwo",), ()),
    )
    with importer.BatchImporter(engine, settings, size=100) as batch:
        first = records.run(engine, settings, jobs[0], batch)
        with pytest.raises(InvalidInput, match="blank line"):
            batch.add(bad)
        second = records.run(engine, settings, jobs[1], batch)
        again = records.run(engine, settings, jobs[0], batch)  # a duplicate within the batch
    assert first.created and second.created and not again.created
    assert again.article.id == first.article.id
    with read_session(engine) as session:
        stored = session.execute(text("SELECT id, story_id FROM article ORDER BY id")).all()
    assert sorted(i for i, _ in stored) == sorted([first.article.id, second.article.id])
    assert all(story is not None for _, story in stored)


def test_leaving_the_batch_on_an_error_keeps_what_was_imported(
    engine: Engine, settings: Settings
) -> None:
    jobs = _jobs(settings)
    with pytest.raises(KeyboardInterrupt), importer.BatchImporter(engine, settings) as batch:
        records.run(engine, settings, jobs[0], batch)
        raise KeyboardInterrupt
    with read_session(engine) as session:
        assert session.execute(text("SELECT count(*) FROM article")).scalar_one() == 1
        titles = session.execute(text("SELECT title FROM story")).scalars().all()
    assert len(titles) == 1 and titles[0]
