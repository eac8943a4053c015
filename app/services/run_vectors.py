"""The vectors and cosines of a run's grouping: the part of `run_grouping` that needs no
database, so that it can run in another process while the main one reads and writes.

`run_grouping` reads each segment's stored candidates and sends those it has not sent
before in the run, with their vectors still encoded, to a `Weigher`; the weigher decodes
and keeps them, weighs the run's articles (and the stale stored vectors) with term
frequencies as they grow article after article, and sends back each article's cosine
with its candidates. Stories play no part in any of it,
so a segment can be weighed while the one before it is being scored.

The weigher holds what the database would hold after the segments it has weighed: the
vectors of the run's articles, and the stored vectors it weighed afresh (which
`run_grouping` writes back). A later segment's candidate that was weighed afresh is taken
from there, whatever the row read for it says.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, TypeVar

from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.db import make_engine
from app.models import decode_weights, encode_weights
from app.services import articles, candidates
from app.services.stories import is_stale
from app.stories import GroupingParams
from app.stories.tfidf import Vector, cosine

R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class StoredVector:
    """A stored candidate, as read for a segment."""

    id: str
    title: str
    weights: str | None  # as stored (encode_weights), None if it has no vector
    corpus_docs: int | None
    # Its term counts, where it may be weighed afresh (unless the weigher reads them).
    counts: Counter[str] | None


@dataclass(frozen=True, slots=True)
class Segment:
    """The run's articles `start`..`stop` (indices into the run), to be weighed in order."""

    start: int
    stop: int
    docs_before: int  # corpus size before the run
    neighbours: list[list[str]]  # each article's candidates, in order
    # The stored candidates in a story that no earlier segment of the run sent (the
    # weigher keeps those); one sent again replaces the one kept, unless weighed afresh.
    stored: list[StoredVector]
    df: dict[str, int]  # stored document frequencies of terms the weigher does not know yet
    # Where the weigher reads the term counts of the stale stored vectors, and their terms'
    # frequencies, itself (see Weighing); None: they come with the segment.
    database_url: str | None = None
    # Without database_url: the term counts of stored candidates an earlier segment sent
    # that may be weighed afresh now.
    counts: dict[str, Counter[str]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Weighed:
    cosines: list[list[tuple[str, float]]]  # per article: (candidate, cosine), in order
    # Stored vectors weighed afresh in this segment: (article id, encoded, corpus size).
    refreshed: list[tuple[str, str, int]]


@dataclass(slots=True)
class _Entry:
    weights: Vector | None
    corpus_docs: int | None
    counts: Counter[str] | None


@dataclass(slots=True)
class Weigher:
    """Weighs one run, segment after segment; `begin` with the run, `end` for its vectors."""

    ids: list[str]
    counts: list[Counter[str]]
    params: GroupingParams
    df: dict[str, int] = field(default_factory=dict)
    # The run's articles weighed so far, and the stored ones weighed afresh.
    entries: dict[str, _Entry] = field(default_factory=dict)
    # The stored candidates sent so far (as sent, until weighed afresh), and their titles.
    stored: dict[str, _Entry] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)

    @classmethod
    def begin(cls, run: Sequence[tuple[str, str]], params: GroupingParams) -> Weigher:
        """`run`: (article id, term counts as `count_lines` writes them), in import order."""
        return cls([i for i, _ in run], [parse_counts(lines) for _, lines in run], params)

    def deltas(self) -> dict[str, int]:
        """How many of the run's articles have each term."""
        return dict(Counter(t for counts in self.counts for t in counts))

    def segment(self, part: Segment) -> Weighed:
        self.df.update(part.df)
        stored = self.stored
        for row in part.stored:
            if row.id not in self.entries:
                weights = decode_weights(row.weights) if row.weights is not None else None
                stored[row.id] = _Entry(weights, row.corpus_docs, row.counts)
                self.titles[row.id] = row.title
        for i, counts in part.counts.items():
            if i in stored and stored[i].counts is None:
                stored[i].counts = counts
        if part.database_url is not None:
            theirs = {c: stored[c] for cs in part.neighbours for c in cs if c in stored}
            self._read_stale(part.database_url, theirs, part.docs_before + part.stop)
        refreshed: dict[str, _Entry] = {}
        cosines = []
        for k, neighbours in zip(range(part.start, part.stop), part.neighbours, strict=True):
            now = part.docs_before + k + 1
            counts = self.counts[k]
            for t in counts:
                self.df[t] = self.df.get(t, 0) + 1
            mine = self.entries[self.ids[k]] = _Entry(None, None, counts)
            vector = self._weigh(mine, now)
            pairs = []
            for c in neighbours:
                other = self.entries.get(c) or stored.get(c)
                if other is None:
                    continue  # not current, or stored without a story
                if is_stale(other.weights, other.corpus_docs, now, self.params):
                    self._weigh(other, now)
                    if c in stored:
                        self.entries[c] = refreshed[c] = other
                assert other.weights is not None
                pairs.append((c, cosine(vector, other.weights)))
            cosines.append(pairs)
        return Weighed(cosines, [_encoded(i, e) for i, e in refreshed.items()])

    def end(self) -> list[tuple[str, str, int]]:
        """The run's vectors as they are to be stored: (article id, encoded, corpus size)."""
        return [_encoded(i, self.entries[i]) for i in self.ids if i in self.entries]

    def _read_stale(self, url: str, stored: dict[str, _Entry], docs_at_end: int) -> None:
        """The term counts of the stored vectors that may be weighed afresh before
        `docs_at_end`, and the stored frequencies of their terms not known yet, as
        `run_grouping` would send them."""
        stale = sorted(
            i
            for i, e in stored.items()
            if e.counts is None and is_stale(e.weights, e.corpus_docs, docs_at_end, self.params)
        )
        if not stale:
            return
        with Session(_engine(url)) as session:
            bodies = articles.bodies_by_id(session, stale)
            for i in stale:
                stored[i].counts = candidates.terms_of("", self.titles[i], bodies.get(i, ""))
            new = sorted({t for i in stale for t in stored[i].counts or () if t not in self.df})
            self.df.update(candidates.frequencies(session, new))

    def _weigh(self, entry: _Entry, now: int) -> Vector:
        assert entry.counts is not None, "a stale stored vector came without its term counts"
        entry.weights = candidates.weigh_against(entry.counts, self.df, now, self.params)
        entry.corpus_docs = now
        return entry.weights


def _encoded(article_id: str, entry: _Entry) -> tuple[str, str, int]:
    assert entry.weights is not None and entry.corpus_docs is not None
    return article_id, encode_weights(entry.weights), entry.corpus_docs


def parse_counts(lines: str) -> Counter[str]:
    """Term counts written by `count_lines`."""
    terms, _, numbers = lines.partition("\n")
    if not terms:
        return Counter()
    return Counter(dict(zip(terms.split(" "), map(int, numbers.split(" ")), strict=True)))


def count_lines(counts: Counter[str]) -> str:
    """Term counts as two lines, the terms and then their counts, space-separated (terms
    hold no white space): one string travels between processes, and waits in a queue, in
    a tenth of the memory of a Counter of separate strings; and is read back in half the
    time "term count" lines took."""
    return " ".join(counts) + "\n" + " ".join(map(str, counts.values()))


class Weighing:
    """A run's `Weigher`, here or in a worker process (`executor`, one worker, used for
    nothing else while the run is weighed). The calls return futures, so the caller can
    read the next segment while one is being weighed.

    With `database_url` the weigher reads the stale stored vectors' texts, and their
    terms' frequencies, itself, on a connection of its own. Give it only where what is
    committed there is what the caller's transaction sees of articles and term_df: the
    run is the first thing the transaction writes, and the transaction holds the write
    lock (SQLite), so nobody commits meanwhile.
    """

    def __init__(
        self,
        executor: Executor | None = None,
        database_url: str | None = None,
        idle: Callable[[], bool] | None = None,
    ) -> None:
        self.executor, self.database_url = executor, database_url
        # Other work the caller's process takes up while it waits on the weigher: one
        # small step a call, False when there is none.
        self.idle = idle
        self._here: Weigher | None = None

    def result(self, future: Future[R]) -> R:
        """`future.result()`, with this process doing `idle` work while it waits."""
        return future.result() if self.idle is None else result_meanwhile(future, self.idle)

    def begin(
        self, run: Sequence[tuple[str, str]], params: GroupingParams
    ) -> Future[dict[str, int]]:
        """Start a run; the future gives `Weigher.deltas`."""
        if self.executor is not None:
            return self.executor.submit(_begin, list(run), params)
        self._here = Weigher.begin(run, params)
        return _done(self._here.deltas())

    def segment(self, part: Segment) -> Future[Weighed]:
        if self.executor is not None:
            return self.executor.submit(_segment, part)
        assert self._here is not None
        return _done(self._here.segment(part))

    def call(self, fn: Callable[..., R], *args: Any) -> Future[R]:
        """Any other pure work, in the same process as the weighing."""
        if self.executor is not None:
            return self.executor.submit(fn, *args)
        return _done(fn(*args))

    def end(self) -> Future[list[tuple[str, str, int]]]:
        if self.executor is not None:
            return self.executor.submit(_end)
        assert self._here is not None
        vectors, self._here = self._here.end(), None
        return _done(vectors)


def result_meanwhile(future: Future[R], idle: Callable[[], bool]) -> R:
    """`future.result()`, calling `idle` (one small step of other work, False when there
    is none) until the result is in."""
    while not future.done() and idle():
        pass
    return future.result()


def _done(value: R) -> Future[R]:
    future: Future[R] = Future()
    future.set_result(value)
    return future


@lru_cache(maxsize=4)
def _engine(url: str) -> Engine:
    return make_engine(url)


# The worker process's run (one at a time: its executor has one worker, and one importer).
_run: Weigher | None = None


def _begin(run: list[tuple[str, str]], params: GroupingParams) -> dict[str, int]:
    global _run
    _run = Weigher.begin(run, params)
    return _run.deltas()


def _segment(part: Segment) -> Weighed:
    assert _run is not None
    return _run.segment(part)


def _end() -> list[tuple[str, str, int]]:
    global _run
    assert _run is not None
    vectors, _run = _run.end(), None
    return vectors
