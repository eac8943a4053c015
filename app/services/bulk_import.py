"""Bulk import: thousands of articles per transaction, stored and grouped as one by one.

`importer.import_content` stores, indexes and groups one article in two transactions
and some twenty statements. `BulkImporter` collects articles and stores a whole run of
them at once: a few lookups for the run (duplicates, ids, urls, outlets), one multi-row
insert per table, one term-frequency update, and `run_grouping` to place them in the
stories importing them one by one would have given. A new revision of a stored page, or
a restored article, goes through `importer.store` in its place in the stream.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from types import TracebackType
from typing import Generic, TypeVar

from sqlalchemy.engine import Engine
from sqlmodel import Session

from app import repo
from app.config import Settings
from app.errors import ParallaxError
from app.models import Article, Outlet
from app.services import candidates, importer, outlets, stories
from app.services.run_grouping import Mapper, NewArticle, group_run
from app.services.run_vectors import Weighing, count_lines, result_meanwhile

# Articles stored per transaction by default. Twice as many imported 100,000 articles
# about 7% faster, with 170 MB more memory and the write lock held twice as long.
BATCH_SIZE = 1000
# Articles handed to the preparing worker per task: a task costs this process about
# 0.2 ms of sending and receiving besides its data, as much as a tenth of what storing
# an article costs it.
PREPARE_CHUNK = 25
# The preparing worker yields its core to the weigher, which the batch being stored waits
# for: it prepares the next batch with what time the weigher leaves.
PREPARER_NICENESS = 10
Tag = TypeVar("Tag")
T = TypeVar("T")
R = TypeVar("R")
Outcome = importer.ImportResult | ParallaxError


@dataclass(frozen=True, slots=True)
class _Indexed:
    """An article checked, with what indexing it computes from its text alone."""

    checked: importer.Checked
    terms: str  # term counts, as run_vectors.count_lines writes them
    hashes: tuple[int, ...]


def _indexed(settings: Settings, request: importer.ImportRequest) -> _Indexed:
    """Extract, check, count terms and fingerprint: all that needs no database (and runs in
    the worker process)."""
    checked = importer.check(importer.prepare(settings, request))
    counts = candidates.terms_of("", checked.title, checked.body)
    return _Indexed(checked, count_lines(counts), candidates.fingerprints(checked.body))


def _prepared(settings: Settings, request: importer.ImportRequest) -> _Indexed | ParallaxError:
    """`_indexed`, or the bad input that kept the article out."""
    try:
        return _indexed(settings, request)
    except ParallaxError as exc:
        return exc


def _indexed_all(
    settings: Settings, requests: list[importer.ImportRequest]
) -> list[_Indexed | ParallaxError]:
    """`_prepared` of each request: one task for the worker, not one per article."""
    return [_prepared(settings, request) for request in requests]


def _settle(future: Future[_Indexed], outcome: _Indexed | BaseException) -> None:
    if isinstance(outcome, BaseException):
        future.set_exception(outcome)
    else:
        future.set_result(outcome)


@dataclass(frozen=True, slots=True)
class _Chunk:
    """Articles handed to the preparing worker as one task."""

    requests: list[importer.ImportRequest]
    each: list[Future[_Indexed]]  # each article's
    task: Future[list[_Indexed | ParallaxError]]


def _hand_out(chunk: Future[list[_Indexed | ParallaxError]], each: list[Future[_Indexed]]) -> None:
    """Settle each article's future from its chunk's (a done callback)."""
    if chunk.cancelled():  # taken back (see BulkImporter._help), or the import stopped
        return
    error = chunk.exception()
    results = chunk.result() if error is None else [error] * len(each)
    for future, result in zip(each, results, strict=True):
        if future.set_running_or_notify_cancel():
            _settle(future, result)


@dataclass(frozen=True, slots=True)
class _Queued(Generic[Tag]):
    tag: Tag
    work: Future[_Indexed] | _Indexed | ParallaxError


class BulkImporter(Generic[Tag]):
    """Imports a stream of articles, `size` at a time, each batch in one transaction.

    `add` queues an article; once `size` are ready they are stored and grouped, and
    `report(tag, outcome)` is called for each with its ImportResult, or the ParallaxError
    that kept it out (bad input). Use as a context manager: leaving it stores what is
    queued; on Ctrl-C, what was ready.

    From the second batch on (from the first when `expected` says a second is coming),
    the work that needs no database (extraction, checks, term counts, fingerprints) runs
    in a worker process, one batch ahead, on another core; the vectors and cosines of
    grouping (run_vectors) in a second one, which this process waits on while it scores.
    Meanwhile this process writes the articles already placed and the index rows
    (`_RunWriter`), and, with those written, prepares articles the first worker has not
    started on (`_help`); that worker runs at a lower priority than the weigher.
    A batch holds the write lock while it is stored and grouped (seconds for 1,000
    articles); readers are never blocked.
    """

    def __init__(
        self,
        engine: Engine,
        settings: Settings,
        report: Callable[[Tag, Outcome], None],
        size: int = BATCH_SIZE,
        expected: int | None = None,
    ) -> None:
        self.engine, self.settings, self.report, self.size = engine, settings, report, size
        # How many articles are coming, where the caller knows: more than a batch, and the
        # workers start with the first article instead of the first of the second batch.
        self.expected = expected
        self._queue: list[_Queued[Tag]] = []
        self._added = 0
        self._pool: ProcessPoolExecutor | None = None
        self._weigher: ProcessPoolExecutor | None = None  # run_vectors' worker
        # Articles for the first worker, not handed to it yet (see PREPARE_CHUNK); the
        # tasks handed to it that may not be done; articles taken back from it.
        self._unsent: list[tuple[importer.ImportRequest, Future[_Indexed]]] = []
        self._sent: deque[_Chunk] = deque()
        self._taken: list[tuple[importer.ImportRequest, Future[_Indexed]]] = []
        # Where that worker may read from a connection of its own: not a database in memory.
        url = engine.url
        in_memory = url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")
        self._url = None if in_memory else url.render_as_string(hide_password=False)

    def __enter__(self) -> BulkImporter[Tag]:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            if exc is None:
                self.flush()
            else:  # interrupted: keep what is ready, drop what the worker had not done
                self._queue = [q for q in self._queue if _ready(q.work)]
                self._unsent, self._taken = [], []
                self.flush()
        finally:
            for pool in (self._pool, self._weigher):
                if pool is not None:
                    pool.shutdown(cancel_futures=True)
            self._pool = self._weigher = None

    def add(self, request: importer.ImportRequest, tag: Tag) -> None:
        """Queue one article."""
        self._added += 1
        if self._pool is None and max(self._added, self.expected or 0) > self.size:
            # A big import: a second batch is coming. Spawned, not forked: the parent
            # holds database connections and threads.
            spawn = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(
                1, mp_context=spawn, initializer=os.nice, initargs=(PREPARER_NICENESS,)
            )
            # Vectors and cosines get a process of their own: the one above is still
            # preparing the next batch when a batch's first segment is to be weighed.
            self._weigher = ProcessPoolExecutor(1, mp_context=spawn)
        work: Future[_Indexed] | _Indexed | ParallaxError
        if self._pool is not None:
            work = Future()
            self._unsent.append((request, work))
            if len(self._unsent) >= PREPARE_CHUNK:
                self._send()
        else:
            work = _prepared(self.settings, request)
        self._queue.append(_Queued(tag, work))
        # With the worker, one batch is stored while the next one is being prepared.
        if len(self._queue) >= (2 if self._pool is not None else 1) * self.size:
            self.flush(self.size)

    def _send(self) -> None:
        """Hand the articles queued for the worker to it, as one task."""
        self._forget_done()
        if self._unsent and self._pool is not None:
            requests = [request for request, _ in self._unsent]
            each = [future for _, future in self._unsent]
            task = self._pool.submit(_indexed_all, self.settings, requests)
            task.add_done_callback(partial(_hand_out, each=each))
            self._sent.append(_Chunk(requests, each, task))
        self._unsent = []

    def _help(self) -> bool:
        """Prepare here one article the worker has not started on, the newest: what this
        process does while it waits on a worker, so that neither core idles while the
        other has a queue. False if the worker has started on every article."""
        if not self._taken:
            self._take_back()
        if not self._taken:
            return False
        request, future = self._taken.pop()
        _settle(future, _prepared(self.settings, request))
        return True

    def _take_back(self) -> None:
        """Take back the newest articles not prepared yet: those not sent to the worker,
        or else its last task, if it has not started on it (tasks start in order)."""
        if self._unsent:
            self._taken, self._unsent = self._unsent, []
            return
        self._forget_done()
        if self._sent and self._sent[-1].task.cancel():
            chunk = self._sent.pop()
            self._taken = list(zip(chunk.requests, chunk.each, strict=True))

    def _forget_done(self) -> None:
        """Drop the tasks the worker has finished (they hold their articles' texts)."""
        while self._sent and self._sent[0].task.done():
            self._sent.popleft()

    def _map(self, fn: Callable[[T], R], items: Sequence[T], /) -> list[R]:
        """`map` on both cores: the workers take chunks from the front while this process
        works from the back, and does itself any chunk a worker has not finished."""
        pools = [p for p in (self._pool, self._weigher) if p is not None]
        if not pools or len(items) < 16:
            return _map_chunk(fn, items)
        step = max(4, -(-len(items) // 32))
        chunks = [items[k : k + step] for k in range(0, len(items), step)]
        futures = [
            pools[k % len(pools)].submit(_map_chunk, fn, chunk)
            for k, chunk in enumerate(chunks[:-1])
        ]
        done = [_map_chunk(fn, chunks[-1])]
        for future, chunk in zip(reversed(futures), reversed(chunks[:-1]), strict=True):
            # A chunk handed to a worker may wait there behind longer work (a segment
            # being weighed, the next batch being prepared): this process, which everything
            # else waits for, does it again rather than waiting; the worker's copy is dropped.
            finished = not future.cancel() and future.done()
            done.append(future.result() if finished else _map_chunk(fn, chunk))
        return [r for part in reversed(done) for r in part]

    def flush(self, count: int | None = None) -> None:
        """Store and group the first `count` queued articles (all by default), in one
        transaction, and report the outcomes."""
        self._send()
        taken = len(self._queue) if count is None else count
        queue, self._queue = self._queue[:taken], self._queue[taken:]
        outcomes: list[tuple[Tag, Outcome]] = []
        ready: list[tuple[Tag, _Indexed]] = []
        for queued in queue:
            work = queued.work
            if isinstance(work, Future):
                try:
                    work = result_meanwhile(work, self._help)
                except ParallaxError as exc:
                    work = exc
            if isinstance(work, ParallaxError):
                outcomes.append((queued.tag, work))
            else:
                ready.append((queued.tag, work))
        if ready:
            bind = self.engine.execution_options(sqlite_immediate=True)
            with Session(bind, expire_on_commit=False) as session, session.begin():
                batch = _Batch[Tag](session, self._map, self._weigher, self._url, self._help)
                outcomes += batch.store(ready)
        for tag, outcome in outcomes:
            self.report(tag, outcome)


class _RunWriter:
    """Writes a run's articles and index rows while grouping waits on the weigher (what
    this process would otherwise spend idle, or preparing articles): the index rows once
    grouping has read the index, each article once it is placed in its story, `STEP` at
    a time. `finish` writes what is left. The rows are the ones storing the run after
    grouping wrote, in the same order."""

    STEP = 25  # articles a step: some 15 ms of writing

    def __init__(self, session: Session, articles: list[Article], rows: list[tuple[int, str]]):
        self.session = session
        self.articles = {a.id: a for a in articles}
        self.ready: list[Article] = []  # placed, not written yet
        self.rows = rows  # index rows not written yet
        self.per_article = -(-len(rows) // max(1, len(articles)))
        self.indexable = False

    def read(self) -> None:
        self.indexable = True

    def placed(self, article_id: str, story_id: int) -> None:
        article = self.articles[article_id]
        article.story_id = story_id
        self.ready.append(article)

    def step(self) -> bool:
        """Write some of what may be written; False if nothing may be yet."""
        if self.ready:
            placed, self.ready = self.ready[: self.STEP], self.ready[self.STEP :]
            repo.add_articles(session=self.session, articles=placed)
            return True
        if self.indexable and self.rows:
            cut = self.STEP * self.per_article
            rows, self.rows = self.rows[:cut], self.rows[cut:]
            candidates.stage_fingerprints(self.session, rows)
            return True
        return False

    def finish(self) -> None:
        repo.add_articles(session=self.session, articles=self.ready)
        candidates.stage_fingerprints(self.session, self.rows)
        self.ready, self.rows = [], []


def _map_chunk(fn: Callable[[T], R], items: Sequence[T]) -> list[R]:
    return [fn(item) for item in items]


def _ready(work: Future[_Indexed] | _Indexed | ParallaxError) -> bool:
    return not isinstance(work, Future) or (
        work.done() and not work.cancelled() and work.exception() is None
    )


class _Batch(Generic[Tag]):
    """One transaction's work: runs of new articles, and the revisions and restores
    between them, in order."""

    def __init__(
        self,
        session: Session,
        map_: Mapper,
        weigher: Executor | None,
        url: str | None,
        idle: Callable[[], bool],
    ) -> None:
        self.session, self.map, self.weigher, self.url = session, map_, weigher, url
        self.idle = idle  # work for this process while it waits on the weigher
        self.written = False  # whether anything of this transaction's is written yet
        self.outlets: dict[tuple[str | None, str | None, str | None], Outlet] = {}
        self.touched: set[int] = set()

    def store(self, queue: list[tuple[Tag, _Indexed]]) -> list[tuple[Tag, Outcome]]:
        session = self.session
        urls = [u for _, q in queue if (u := q.checked.prepared.request.url)]
        stored_urls = repo.current_urls(session=session, urls=urls)
        seen: set[str] = set()
        outcomes: list[tuple[Tag, Outcome]] = []
        run: list[tuple[Tag, _Indexed]] = []
        for tag, indexed in queue:
            request = indexed.checked.prepared.request
            revision = request.url is not None and (
                request.url in stored_urls or request.url in seen
            )
            if request.url is not None:
                seen.add(request.url)
            if not revision and not importer.is_restore(request):
                run.append((tag, indexed))
                continue
            outcomes += self._store_run(run)
            run = []
            outcomes.append((tag, self._store_one(indexed.checked)))
        outcomes += self._store_run(run)
        stories.retitle(session, sorted(self.touched))
        return outcomes

    def _store_one(self, checked: importer.Checked) -> Outcome:
        """A revision or a restore, the way `importer.import_content` stores it."""
        session = self.session
        self.written = True
        try:
            with session.begin_nested():
                result = importer.store(session, checked.prepared)
                if result.article.story_id is None:
                    story_id = stories.assign_in(session, result.article, retitle=False)
                    self.touched.add(story_id)
        except ParallaxError as exc:
            return exc
        return result

    def _outlet(self, checked: importer.Checked) -> Outlet:
        request = checked.prepared.request
        if importer.gets_own_source(request, checked.prepared.extracted):
            # A new source per article: never shared, so never cached.
            return importer.outlet_of(self.session, request, checked.prepared.extracted)
        key = (request.outlet, outlets.domain_of(request.url), checked.prepared.extracted.site_name)
        if key not in self.outlets:
            self.outlets[key] = importer.outlet_of(
                self.session, request, checked.prepared.extracted
            )
        return self.outlets[key]

    def _outlet_known(self, checked: importer.Checked) -> Outlet | None:
        """The article's outlet, or None when it gets a source of its own (made on storing)."""
        if importer.gets_own_source(checked.prepared.request, checked.prepared.extracted):
            return None
        return self._outlet(checked)

    def _store_run(self, run: list[tuple[Tag, _Indexed]]) -> list[tuple[Tag, Outcome]]:
        """New articles: deduplicated, given ids, grouped, then stored and indexed."""
        if not run:
            return []
        session = self.session
        digests = []
        for _, indexed in run:
            checked = indexed.checked
            digests.append(
                importer.content_hash(
                    outlet_slug=importer.hash_slug(self._outlet_known(checked)),
                    title=checked.title,
                    paragraphs=checked.paragraphs,
                )
            )
        stored = repo.article_ids_by_hash(session=session, content_hashes=digests)
        ids = self._ids([d for d in digests if d not in stored])
        outcomes: list[tuple[Tag, Outcome]] = []
        new: dict[str, tuple[Article, _Indexed]] = {}  # by content hash
        for (tag, indexed), digest in zip(run, digests, strict=True):
            if digest in stored:
                article = repo.get_article(session=session, article_id=stored[digest])
                assert article is not None
                outcomes.append((tag, importer.ImportResult(article, created=False)))
            elif digest in new:  # the same article twice in the run
                outcomes.append((tag, importer.ImportResult(new[digest][0], created=False)))
            else:
                outlet_id = self._outlet(indexed.checked).id
                assert outlet_id is not None
                article = importer.new_article(
                    indexed.checked,
                    article_id=ids[digest],
                    outlet_id=outlet_id,
                    digest=digest,
                    previous=None,
                )
                new[digest] = (article, indexed)
                outcomes.append((tag, importer.ImportResult(article, created=True)))
        self._add(list(new.values()))
        return outcomes

    def _ids(self, digests: list[str]) -> dict[str, str]:
        """`importer.new_article_id` for many, with one query for all of them."""
        short = {d: importer.id_source(d)[: importer.ID_LENGTH] for d in digests}
        taken = repo.existing_article_ids(session=self.session, article_ids=list(short.values()))
        ids: dict[str, str] = {}
        for digest, candidate in short.items():
            clash = candidate in taken
            ids[digest] = importer.new_article_id(self.session, digest) if clash else candidate
            taken.add(ids[digest])
        return ids

    def _add(self, new: list[tuple[Article, _Indexed]]) -> None:
        session = self.session
        run = [
            NewArticle(
                id=a.id,
                title=a.title,
                published=a.published,
                body=indexed.checked.body,
                terms=indexed.terms,
                hashes=indexed.hashes,
            )
            for a, indexed in new
        ]
        # The weigher reads the database itself only where what is committed is what
        # this transaction sees: nothing of it written yet (and the write lock held).
        url = self.url if not self.written else None
        self.written = True
        writer = _RunWriter(
            session, [a for a, _ in new], [(h, a.id) for a in run for h in a.hashes]
        )
        weighing = Weighing(self.weigher, url, lambda: writer.step() or self.idle())
        grouping = group_run(session, run, self.map, weighing, writer)
        self.touched.update(grouping.story_ids.values())
        writer.finish()
        candidates.fold_staged(session)
        deltas = grouping.term_deltas | {candidates.DOCS_KEY: len(run)}
        repo.add_term_deltas(session=session, deltas=deltas)
        repo.put_encoded_vectors(session=session, vectors=grouping.vectors)
