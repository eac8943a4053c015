"""Bulk import: thousands of articles per transaction, stored and grouped as one by one.

`importer.import_content` stores, indexes and groups one article in two transactions
and some twenty statements. `BulkImporter` stores a batch of new articles in one
transaction, through stages that read top to bottom (`_Transaction.store_new`):

1. prepare (`prepare`): extract, check, count terms, fingerprint: no database, so a big
   import runs it in a worker process, one batch ahead of the batch being stored;
2. dedupe (`_Transaction.dedupe`): content hashes against the stored articles and the
   batch, ids and outlets, a few lookups for the batch;
3. candidates, 4. weigh, 5. place (`bulk_grouping`): the stories importing the articles
   one by one would have given them; vectors and cosines are weighed in a second worker
   process, a few segments ahead of the placing;
6. write (`_Transaction.write`): multi-row inserts of each placed segment's articles and
   index rows, while the weigher works on the next segments; then one term-frequency
   update and the vectors.

A new revision of a stored page, or a restored article, goes through `importer.store`
and `stories.assign_in` in its place in the stream, in a transaction of its own (as
importing one by one does), and so cuts its batch in two.
"""

from __future__ import annotations

import multiprocessing
import pickle
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from types import TracebackType
from typing import Generic, TypeVar

from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from app import repo
from app.config import Settings
from app.db import count_edition
from app.errors import ParallaxError
from app.models import Article, Outlet
from app.services import bulk_grouping, candidates, importer, outlets, stories
from app.services.bulk_grouping import NewArticle
from app.services.bulk_vectors import Weighing, count_lines

# Articles stored per transaction by default. Twice as many imported 100,000 articles
# about 7% faster, with 170 MB more memory and the write lock held twice as long.
BATCH_SIZE = 1000
# Articles handed to the preparing worker per task: a task costs this process about
# 0.2 ms of sending and receiving besides its data, as much as a tenth of what storing
# an article costs it.
PREPARE_CHUNK = 25
Tag = TypeVar("Tag")
Outcome = importer.ImportResult | ParallaxError


@dataclass(frozen=True, slots=True)
class Indexed:
    """An article checked, with what indexing it computes from its text alone."""

    checked: importer.Checked
    terms: str  # term counts, as bulk_vectors.count_lines writes them
    hashes: tuple[int, ...]


def prepare(
    settings: Settings, requests: list[importer.ImportRequest]
) -> list[Indexed | ParallaxError]:
    """Stage "prepare": each request extracted, checked, its terms counted and its text
    fingerprinted, or the bad input that kept it out. Needs no database."""
    return [_prepared(settings, request) for request in requests]


def _prepared(settings: Settings, request: importer.ImportRequest) -> Indexed | ParallaxError:
    try:
        checked = importer.check(importer.prepare(settings, request))
    except ParallaxError as exc:
        return exc
    counts = candidates.terms_of("", checked.title, checked.body)
    return Indexed(checked, count_lines(counts), candidates.fingerprints(checked.body))


def prepare_packed(settings: Settings, requests: list[importer.ImportRequest]) -> bytes:
    """`prepare`, pickled: what the preparing worker sends back (see `_Chunk`)."""
    return pickle.dumps(prepare(settings, requests), pickle.HIGHEST_PROTOCOL)


@dataclass(slots=True)
class _Chunk:
    """Requests prepared by the worker as one task (`task`, once sent).

    The worker's results come back pickled, and are unpickled here when the first of
    them is stored, not on arrival: a batch waits while the one before it is stored,
    and waits in half the memory as one string; and the objects are made by the
    importing thread, not by the executor's result thread, whose memory (a malloc arena
    of its own) stayed fragmented and resident long after the batch was stored.
    """

    requests: list[importer.ImportRequest] = field(default_factory=list)
    task: Future[bytes] | None = None
    prepared: list[Indexed | ParallaxError] | None = None  # unpickled, once asked for

    def result(self, k: int) -> Indexed | ParallaxError:
        if self.prepared is None:
            assert self.task is not None
            self.prepared = pickle.loads(self.task.result())
            self.task = None  # the pickled results are no longer needed
        return self.prepared[k]


@dataclass(frozen=True, slots=True)
class _Queued(Generic[Tag]):
    tag: Tag
    work: Indexed | ParallaxError | tuple[_Chunk, int]  # prepared, or its place in a chunk

    def result(self) -> Indexed | ParallaxError:
        if isinstance(self.work, tuple):
            chunk, k = self.work
            return chunk.result(k)
        return self.work

    def ready(self) -> bool:
        if not isinstance(self.work, tuple):
            return True
        chunk = self.work[0]
        task = chunk.task
        return chunk.prepared is not None or (
            task is not None and task.done() and task.exception() is None
        )


def _tell(prepared: Callable[[int], None], count: int, task: Future[bytes]) -> None:
    if not task.cancelled() and task.exception() is None:
        prepared(count)


class BulkImporter(Generic[Tag]):
    """Imports a stream of articles, `size` at a time, each batch in one transaction (but
    for the revisions and restores in it, each stored in a transaction of its own).

    `add` queues an article; once `size` are ready they are stored and grouped, and
    `report(tag, outcome)` is called for each with its ImportResult, or the ParallaxError
    that kept it out (bad input). Use as a context manager: leaving it stores what is
    queued; on Ctrl-C, what was ready.

    From the second batch on (from the first when `expected` says a second is coming),
    two worker processes help: one prepares the next batch while this one stores a
    batch, the other weighs vectors and cosines for the batch being stored. A batch
    holds the write lock while it is stored and grouped (seconds for 1,000 articles);
    readers are never blocked.
    """

    def __init__(
        self,
        engine: Engine,
        settings: Settings,
        report: Callable[[Tag, Outcome], None],
        size: int = BATCH_SIZE,
        expected: int | None = None,
        prepared: Callable[[int], None] | None = None,
    ) -> None:
        self.engine, self.settings, self.report, self.size = engine, settings, report, size
        # Told how many more articles are read and extracted, as they are (a progress bar
        # moves with each, not with each stored batch); from a worker's thread too.
        self.prepared = prepared
        # How many articles are coming, where the caller knows: more than a batch, and the
        # workers start with the first article instead of the first of the second batch.
        self.expected = expected
        self._queue: list[_Queued[Tag]] = []
        self._added = 0
        self._chunk = _Chunk()  # requests for the preparer, not sent yet
        self._preparer: ProcessPoolExecutor | None = None
        self._weigher: ProcessPoolExecutor | None = None
        # Where the weigher reads from a connection of its own: not a database in memory.
        url = engine.url
        in_memory = url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")
        self._url = None if in_memory else url.render_as_string(hide_password=False)

    def __enter__(self) -> BulkImporter[Tag]:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            if isinstance(exc, DBAPIError):
                # The database refused a batch (locked, full): the rest would fail the same
                # way, after as long a wait.
                self._queue, self._chunk = [], _Chunk()
            elif exc is not None:  # interrupted: keep what is ready, drop what is not
                self._queue = [q for q in self._queue if q.ready()]
                self._chunk = _Chunk()
            self.flush()
        finally:
            for pool in (self._preparer, self._weigher):
                if pool is not None:
                    pool.shutdown(cancel_futures=True)
            self._preparer = self._weigher = None

    def add(self, request: importer.ImportRequest, tag: Tag) -> None:
        """Queue one article."""
        self._added += 1
        if self._preparer is None and max(self._added, self.expected or 0) > self.size:
            # A big import: a second batch is coming. Spawned, not forked: the parent
            # holds database connections and threads.
            spawn = multiprocessing.get_context("spawn")
            # The preparer runs at the same priority as this process and the weigher: run
            # at a lower one (nice 10) it fell behind at scale and left this process waiting
            # for the next batch (bench_scale_ab, 20,000 articles: 274 and 270 articles/s
            # against the baseline's 305 and 307; at the same priority 308 and 290 against
            # 313 and 320).
            self._preparer = ProcessPoolExecutor(1, mp_context=spawn)
            self._weigher = ProcessPoolExecutor(1, mp_context=spawn)
        work: Indexed | ParallaxError | tuple[_Chunk, int]
        if self._preparer is not None:
            work = (self._chunk, len(self._chunk.requests))
            self._chunk.requests.append(request)
            if len(self._chunk.requests) >= PREPARE_CHUNK:
                self._send()
        else:
            work = _prepared(self.settings, request)
            if self.prepared is not None:
                self.prepared(1)
        self._queue.append(_Queued(tag, work))
        # With the workers, one batch is stored while the next one is being prepared.
        if len(self._queue) >= (2 if self._preparer is not None else 1) * self.size:
            self.flush(self.size)

    def _send(self) -> None:
        """Hand the requests waiting for the preparer to it, as one task."""
        if self._chunk.requests and self._preparer is not None:
            task = self._preparer.submit(prepare_packed, self.settings, self._chunk.requests)
            if self.prepared is not None:
                task.add_done_callback(partial(_tell, self.prepared, len(self._chunk.requests)))
            self._chunk.task = task
            self._chunk = _Chunk()

    def flush(self, count: int | None = None) -> None:
        """Store and group the first `count` queued articles (all by default), and report
        the outcomes."""
        self._send()
        taken = len(self._queue) if count is None else count
        queue, self._queue = self._queue[:taken], self._queue[taken:]
        outcomes: list[tuple[Tag, Outcome]] = []
        ready: list[tuple[Tag, Indexed]] = []
        for queued in queue:
            work = queued.result()
            if isinstance(work, ParallaxError):
                outcomes.append((queued.tag, work))
            else:
                ready.append((queued.tag, work))
        bind = self.engine.execution_options(sqlite_immediate=True)
        while ready:
            with Session(bind, expire_on_commit=False) as session, session.begin():
                done, stored = _Transaction[Tag](session, self._weigher, self._url).store(ready)
                count_edition(session)
            outcomes += stored
            ready = ready[done:]
        for tag, outcome in outcomes:
            self.report(tag, outcome)


class _Transaction(Generic[Tag]):
    """One transaction's work: a stretch of new articles, or one revision or restore."""

    def __init__(self, session: Session, weigher: Executor | None, url: str | None) -> None:
        self.session, self.weigher, self.url = session, weigher, url
        self.outlets: dict[tuple[str | None, str | None, str | None], Outlet] = {}

    def store(self, queue: list[tuple[Tag, Indexed]]) -> tuple[int, list[tuple[Tag, Outcome]]]:
        """Store the first of `queue` if it is a revision or a restore, else the new
        articles up to the next one; returns how many were taken, and their outcomes."""
        urls = [u for _, q in queue if (u := q.checked.prepared.request.url)]
        stored_urls = repo.articles.current_urls(session=self.session, urls=urls)
        seen: set[str] = set()
        stretch: list[tuple[Tag, Indexed]] = []
        for tag, indexed in queue:
            request = indexed.checked.prepared.request
            if importer.is_restore(request) or request.url in stored_urls | seen:
                break
            if request.url is not None:
                seen.add(request.url)
            stretch.append((tag, indexed))
        if not stretch:
            tag, indexed = queue[0]
            return 1, [(tag, self.store_one(indexed.checked))]
        return len(stretch), self.store_new(stretch)

    def store_new(self, stretch: list[tuple[Tag, Indexed]]) -> list[tuple[Tag, Outcome]]:
        """New articles, through the stages after "prepare"."""
        outcomes, new = self.dedupe(stretch)
        if not new:
            return outcomes
        session, params = self.session, stories.GROUPING_PARAMS
        arrivals = [_new_article(article, indexed) for article, indexed in new]
        weighing = Weighing(session, self.weigher, self.url)
        found = bulk_grouping.find(session, arrivals, weighing, params)
        segments = bulk_grouping.weigh(session, arrivals, found, weighing, params)
        rows = {article.id: (article, indexed) for article, indexed in new}
        merged = bulk_grouping.Merged()
        for placed in bulk_grouping.place(session, arrivals, segments, params, merged):
            self.write([rows[i] for i in placed], placed)
        for article, _ in new:  # written before a later article merged its story
            if article.story_id is not None:
                article.story_id = merged.now(article.story_id)
        self.write_counts(len(new), weighing)
        stories.retitle(session, sorted({story for a, _ in new if (story := a.story_id)}))
        return outcomes

    def store_one(self, checked: importer.Checked) -> Outcome:
        """A revision or a restore, the way `importer.import_content` stores it."""
        session = self.session
        try:
            with session.begin_nested():
                result = importer.store(session, checked.prepared)
                if result.article.story_id is None:
                    stories.assign_in(session, result.article)
        except ParallaxError as exc:
            return exc
        return result

    def dedupe(
        self, stretch: list[tuple[Tag, Indexed]]
    ) -> tuple[list[tuple[Tag, Outcome]], list[tuple[Article, Indexed]]]:
        """Stage "dedupe": each article's outcome, and the rows of those new to the
        database and to the batch (ids given, not in the session yet)."""
        session = self.session
        digests = [
            importer.content_hash(
                outlet_slug=importer.hash_slug(self._outlet_known(indexed.checked)),
                title=indexed.checked.title,
                paragraphs=indexed.checked.paragraphs,
            )
            for _, indexed in stretch
        ]
        stored = repo.articles.article_ids_by_hash(session=session, content_hashes=digests)
        ids = self._ids([d for d in digests if d not in stored])
        outcomes: list[tuple[Tag, Outcome]] = []
        new: dict[str, tuple[Article, Indexed]] = {}  # by content hash
        for (tag, indexed), digest in zip(stretch, digests, strict=True):
            if digest in stored:
                article = repo.articles.get_article(session=session, article_id=stored[digest])
                assert article is not None
                outcomes.append((tag, importer.ImportResult(article, created=False)))
            elif digest in new:  # the same article twice in the batch
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
        return outcomes, list(new.values())

    def write(self, new: list[tuple[Article, Indexed]], story_ids: dict[str, int]) -> None:
        """Stage "write", for a segment: its articles in their stories, and their index
        rows (staged)."""
        for article, _ in new:
            article.story_id = story_ids[article.id]
        repo.articles.add_articles(session=self.session, articles=[article for article, _ in new])
        rows = [(h, article.id) for article, indexed in new for h in indexed.hashes]
        candidates.stage_fingerprints(self.session, rows)

    def write_counts(self, count: int, weighing: Weighing) -> None:
        """Stage "write", at the end: the term frequencies and vectors of the `count` new
        articles; the staged index rows folded in when there are enough."""
        session = self.session
        candidates.fold_staged(session)
        deltas = weighing.deltas() | {candidates.DOCS_KEY: count}
        repo.index.add_term_deltas(session=session, deltas=deltas)
        repo.index.put_encoded_vectors(session=session, vectors=weighing.end())

    def _outlet_known(self, checked: importer.Checked) -> Outlet | None:
        """The article's outlet, or None when it gets a source of its own (made on storing)."""
        if importer.gets_own_source(checked.prepared.request, checked.prepared.extracted):
            return None
        return self._outlet(checked)

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

    def _ids(self, digests: list[str]) -> dict[str, str]:
        """`importer.new_article_id` for many, with one query for all of them."""
        short = {d: importer.id_source(d)[: importer.ID_LENGTH] for d in digests}
        taken = repo.articles.existing_article_ids(
            session=self.session, article_ids=list(short.values())
        )
        ids: dict[str, str] = {}
        for digest, candidate in short.items():
            clash = candidate in taken
            ids[digest] = importer.new_article_id(self.session, digest) if clash else candidate
            taken.add(ids[digest])
        return ids


def _new_article(article: Article, indexed: Indexed) -> NewArticle:
    return NewArticle(
        id=article.id,
        title=article.title,
        published=article.published,
        body=indexed.checked.body,
        terms=indexed.terms,
        hashes=indexed.hashes,
    )
