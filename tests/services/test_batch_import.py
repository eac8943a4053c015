"""Bulk imports give what importing one by one gives: the same articles, index and stories."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from app import repo
from app.cli.main import DEMO_CORPUS
from app.config import Settings
from app.db import make_engine, read_session, upgrade_schema
from app.errors import InvalidInput, ParallaxError
from app.services import articles, bulk_grouping, bulk_import, candidates, records, stories
from app.services.bulk_import import BulkImporter
from app.services.importer import Extracted, ImportRequest, ImportResult
from app.stories import grouping
from app.stories.mentions import earliest
from tests.conftest import shared_path

T = TypeVar("T")

Outcomes = dict[str, ImportResult | ParallaxError]


def _demo_jobs(settings: Settings) -> list[records.Job]:
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
        groups: dict[int, set[str]] = {}
        for (article_id, *_), (story_id,) in zip(
            rows,
            session.execute(text("SELECT story_id FROM article ORDER BY id")).all(),
            strict=True,
        ):
            groups.setdefault(story_id, set()).add(article_id)
        query = lambda sql: sorted(map(tuple, session.execute(text(sql)).all()))  # noqa: E731
        return {
            "articles": [r[:4] for r in rows],
            "stories": sorted(sorted(ids) for ids in groups.values()),
            "titles": sorted(r[4] for r in rows),
            # The index is both tables (a bulk import's rows are staged, then folded in).
            "shingles": query(
                "SELECT hash, article_id FROM shingle "
                "UNION ALL SELECT hash, article_id FROM shingle_staged"
            ),
            "term_df": query("SELECT term, df FROM term_df"),
            # Full-text search indexes what the bulk path's multi-row inserts store.
            "search": query("SELECT article_id FROM article_fts WHERE article_fts MATCH 'said'"),
            # Stored vectors are a cache, refreshed when read stale: a batch refreshes its
            # stories' at its end (with the retitle), so only their presence is compared.
            "vectors": query("SELECT article_id FROM article_vector"),
        }


def _index_rows(engine: Engine) -> tuple[int, int]:
    """Rows in `shingle` and in `shingle_staged`."""
    with read_session(engine) as session:
        count = lambda table: session.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()  # noqa: E731
        return count("shingle"), count("shingle_staged")


def _engine(tmp_path: Path, name: str) -> Engine:
    engine = make_engine(f"sqlite:///{tmp_path / name}")
    upgrade_schema(engine)
    return engine


def _bulk(
    engine: Engine,
    settings: Settings,
    jobs: list[records.Job],
    size: int,
    expected: int | None = None,
) -> Outcomes:
    outcomes: Outcomes = {}

    def report(job: records.Job, outcome: ImportResult | ParallaxError) -> None:
        outcomes[job.label] = outcome

    with BulkImporter(engine, settings, report, size, expected) as bulk:
        for job in jobs:
            assert job.request is not None
            bulk.add(job.request, job)
    return outcomes


@pytest.mark.parametrize(("size", "fold_rows"), [(1, None), (3, 40), (500, None)])
def test_a_bulk_import_stores_and_groups_as_one_by_one(
    tmp_path: Path,
    settings: Settings,
    size: int,
    fold_rows: int | None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With `fold_rows`, the staged index rows are folded into the main table between
    batches, and a revision's predecessor may be in either (revisions are indexed in the
    main table, as one by one)."""
    folds: list[None] = []
    fold = repo.index.fold_staged_shingles
    monkeypatch.setattr(repo.index, "fold_staged_shingles", lambda **kw: folds.append(fold(**kw)))
    if fold_rows:
        monkeypatch.setattr(candidates, "FOLD_ROWS", fold_rows)
    one, bulk = _engine(tmp_path, "one.db"), _engine(tmp_path, "bulk.db")
    jobs = _demo_jobs(settings)
    for job in jobs:
        records.run(one, settings, job)
    outcomes = _bulk(bulk, settings, jobs, size)
    assert len(folds) > 1 if fold_rows else not folds
    assert _index_rows(bulk)[1] > 0 or fold_rows
    assert len(outcomes) == len(jobs)
    assert all(isinstance(o, ImportResult) and o.created for o in outcomes.values())
    assert _state(bulk) == _state(one)
    assert len(_state(bulk)["stories"]) >= 2  # type: ignore[arg-type]
    assert _state(bulk)["search"]
    one.dispose()
    bulk.dispose()


def _held_by_named_days(engine: Engine) -> int:
    """The undated articles naming a day with its year (`_synthetic_jobs`), each checked to
    be in a story with no dated member before that day less the slack: half of them name
    a day a month after the story their words match, which is out of their reach."""
    slack = stories.GROUPING_PARAMS.named_day_slack
    named = 0
    with read_session(engine) as session:
        undated = session.execute(
            text("SELECT id, story_id FROM article WHERE published IS NULL AND is_current")
        ).all()
        bodies = articles.bodies_by_id(session, [a for a, _ in undated])
        for article_id, story_id in undated:
            floor = earliest(bodies[article_id], slack)
            if floor is None:
                continue
            named += 1
            latest = session.execute(
                text("SELECT MAX(published) FROM article WHERE story_id = :s"), {"s": story_id}
            ).scalar()
            assert latest is None or dt.date.fromisoformat(str(latest)[:10]) >= floor, article_id
    return named


def _synthetic_jobs(count: int) -> Iterator[records.Job]:
    """Articles in stories of 1-30 from 100 outlets, sharing wire paragraphs (see bench)."""
    shared_path("corpora", "news", "articlecomparisons")
    from bench.bench_scale import Generator, request_for

    for k, article in enumerate(Generator(seed=7).articles(count)):
        request = request_for(article)
        if k % 10 == 0:
            request = ImportRequest(content=request.content, outlet=article.outlet)  # undated
        elif k % 10 == 5 and article.published is not None:
            # Undated, naming a day: its own, or one a month later that keeps it out of
            # the story its words match (`app.stories.mentions`).
            named = article.published + dt.timedelta(days=30 * (k % 20 == 5))
            said = (
                "Officials said the figures would be checked again and published in full on "
                f"{named:%B %d, %Y}, once the review was over."
            )
            lede, rest = str(request.content).split("\n\n", 1)  # before the page's footer
            content = f"{lede}\n\n{said}\n\n{rest}"
            request = ImportRequest(content=content, outlet=article.outlet)
        yield records.Job(f"synthetic {k}", request)


@pytest.mark.parametrize(
    ("size", "segment", "expected", "fold_rows"),
    [(64, 200, None, 10_000), (1000, 45, None, None), (100, 30, 360, 1)],
)
def test_bulk_grouping_of_many_articles_matches_one_by_one(
    tmp_path: Path,
    settings: Settings,
    size: int,
    segment: int,
    expected: int | None,
    fold_rows: int | None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Enough articles for every rule bulk_grouping rebuilds to take part: vectors weighed
    afresh as the corpus grows (and written back between segments), fingerprints over the
    document-frequency cap (lowered, so the outlets' footers pass it), undated articles,
    the window's most recent articles. With `expected`, the workers prepare even the
    first batch. With `fold_rows`, the index's staged rows are folded into its main table
    every few batches (10,000: a batch of 64 adds about 4,400) or after each (1), so
    candidates are read from both. Some articles bridge two stories, which are merged
    (`stories.bridge`): the same ones, at the same turn, in bulk."""
    if fold_rows:
        monkeypatch.setattr(candidates, "FOLD_ROWS", fold_rows)
    monkeypatch.setattr(bulk_grouping, "SEGMENT", segment)
    params = replace(stories.GROUPING_PARAMS, max_df=12, topical_candidates=10)
    monkeypatch.setattr(stories, "GROUPING_PARAMS", params)
    merges: dict[str, list[int]] = {"one": [], "bulk": []}
    counting = ["one"]
    absorb = repo.stories.absorb_stories

    def counted(*, session: Any, into: int, others: list[int]) -> None:
        merges[counting[0]].extend(others)
        absorb(session=session, into=into, others=others)

    monkeypatch.setattr(repo.stories, "absorb_stories", counted)
    jobs = list(_synthetic_jobs(360))
    one, bulk = _engine(tmp_path, "one.db"), _engine(tmp_path, "bulk.db")
    for job in jobs:
        records.run(one, settings, job)
    counting[0] = "bulk"
    _bulk(bulk, settings, jobs, size, expected)
    got = _state(bulk)
    assert got == _state(one)
    assert len(merges["bulk"]) == len(merges["one"]) > 0
    assert _held_by_named_days(one) > 0
    assert 60 < len(got["stories"]) < 300  # type: ignore[arg-type]
    main, staged = _index_rows(bulk)
    assert (main > 0) if fold_rows else (main == 0 < staged)
    assert staged == 0 or fold_rows != 1


def test_stored_vectors_going_stale_within_a_batch_are_weighed_as_one_by_one(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With vectors weighed afresh after 5% growth, a stored candidate sent to the weigher
    in one segment goes stale in a later one of the same batch: its term counts reach the
    weigher then."""
    monkeypatch.setattr(
        stories, "GROUPING_PARAMS", replace(stories.GROUPING_PARAMS, vector_refresh_growth=1.05)
    )
    monkeypatch.setattr(bulk_grouping, "SEGMENT", 4)
    jobs = list(_synthetic_jobs(300))
    one, bulk = _engine(tmp_path, "one.db"), _engine(tmp_path, "bulk.db")
    for job in jobs:
        records.run(one, settings, job)
    for run in (jobs[:200], jobs[200:]):
        _bulk(bulk, settings, run, len(run))  # one batch, no workers
    assert _state(bulk) == _state(one)
    one.dispose()
    bulk.dispose()


@pytest.mark.parametrize("expected", [None, 500])
def test_a_failing_article_is_refused_alone(
    engine: Engine, settings: Settings, expected: int | None
) -> None:
    """Also when the worker prepares the articles (`expected`), in one task for all four."""
    jobs = _demo_jobs(settings)
    bad = ImportRequest(
        content="x", extracted=Extracted(None, False, None, None, None, "en", ("one\n\ntwo",), ())
    )
    outcomes: list[tuple[str, ImportResult | ParallaxError]] = []
    report = lambda tag, o: outcomes.append((tag, o))  # noqa: E731
    with BulkImporter(engine, settings, report, 100, expected) as bulk:
        assert jobs[0].request is not None and jobs[1].request is not None
        bulk.add(jobs[0].request, "first")
        bulk.add(bad, "bad")
        bulk.add(jobs[1].request, "second")
        bulk.add(jobs[0].request, "again")  # a duplicate within the batch
    results = dict(outcomes)
    assert sorted(results) == ["again", "bad", "first", "second"]
    failed = results["bad"]
    assert isinstance(failed, InvalidInput) and "blank line" in failed.message
    first, second, again = (results[k] for k in ("first", "second", "again"))
    assert isinstance(first, ImportResult) and isinstance(second, ImportResult)
    assert isinstance(again, ImportResult)
    assert first.created and second.created and not again.created
    assert again.article.id == first.article.id
    with read_session(engine) as session:
        stored = session.execute(text("SELECT id, story_id FROM article ORDER BY id")).all()
    assert sorted(i for i, _ in stored) == sorted([first.article.id, second.article.id])
    assert all(story is not None for _, story in stored)


def test_an_article_already_stored_is_reported_present(engine: Engine, settings: Settings) -> None:
    jobs = _demo_jobs(settings)[:2]
    first = _bulk(engine, settings, jobs, 10)
    again = _bulk(engine, settings, jobs, 10)
    for label, outcome in again.items():
        before = first[label]
        assert isinstance(outcome, ImportResult) and isinstance(before, ImportResult)
        assert not outcome.created and outcome.article.id == before.article.id


def test_leaving_on_an_error_keeps_what_was_queued(engine: Engine, settings: Settings) -> None:
    jobs = _demo_jobs(settings)
    with pytest.raises(KeyboardInterrupt), BulkImporter(engine, settings, print) as bulk:
        assert jobs[0].request is not None
        bulk.add(jobs[0].request, jobs[0])
        raise KeyboardInterrupt
    with read_session(engine) as session:
        assert session.execute(text("SELECT count(*) FROM article")).scalar_one() == 1
        titles = session.execute(text("SELECT title FROM story")).scalars().all()
    assert len(titles) == 1 and titles[0]


def test_bulk_grouping_asks_align_no_more_often_than_one_by_one(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run asks align() only where its answer could change a decision, as placing one
    article does (`choose_story`), not for every pair the pre-filter lets through."""
    calls = {"one": 0, "bulk": 0}
    counting = ["one"]
    align = grouping.coverage

    def counted(a: str, b: str) -> Any:
        calls[counting[0]] += 1
        return align(a, b)

    monkeypatch.setattr(grouping, "coverage", counted)
    jobs = list(_synthetic_jobs(240))
    one, bulk = _engine(tmp_path, "one.db"), _engine(tmp_path, "bulk.db")
    for job in jobs:
        records.run(one, settings, job)
    counting[0] = "bulk"
    _bulk(bulk, settings, jobs, len(jobs))  # one batch, in this process
    assert _state(bulk) == _state(one)
    assert 0 < calls["bulk"] <= calls["one"]
    one.dispose()
    bulk.dispose()


def test_the_prepare_stage_needs_no_database(settings: Settings) -> None:
    """Stage "prepare" alone: each request checked, counted and fingerprinted, or its
    error, in order (it runs in a worker process without a connection)."""
    [job] = _demo_jobs(settings)[:1]
    assert job.request is not None
    blank = ImportRequest(content="   ")
    good, bad = bulk_import.prepare(settings, [job.request, blank])
    assert isinstance(good, bulk_import.Indexed)
    assert good.hashes == candidates.fingerprints(good.checked.body)
    assert isinstance(bad, InvalidInput)


@pytest.mark.parametrize("expected", [None, 200])
def test_every_article_read_is_told_as_it_is_read(
    engine: Engine, settings: Settings, expected: int | None
) -> None:
    # In the calling process (a small import), or by the preparing worker (a big one): the
    # progress bar moves with articles read, not with batches stored.
    jobs = list(_synthetic_jobs(60))
    told: list[int] = []
    stored_when_told: list[int] = []
    outcomes: list[object] = []

    def read(count: int) -> None:
        told.append(count)
        stored_when_told.append(len(outcomes))

    with BulkImporter(
        engine, settings, lambda _, o: outcomes.append(o), 50, expected, prepared=read
    ) as bulk:
        for job in jobs:
            assert job.request is not None
            bulk.add(job.request, job)
    assert sum(told) == len(jobs) == len(outcomes)
    assert len(told) > 2 and stored_when_told[0] == 0  # told before the first batch stored
