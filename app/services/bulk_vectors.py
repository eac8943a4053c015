"""The "weigh" stage's work: TF-IDF vectors of a bulk import's new articles, and their
cosines with their candidates, in a process of its own when there is one.

`bulk_grouping.weigh` reads each segment's stored candidates and sends those it has not
sent before in the stretch, with their vectors still encoded, to a `Weigher`; the weigher
decodes and keeps them, weighs the new articles (and the stale stored vectors) with term
frequencies as they grow article after article, and sends back each article's cosine
with its candidates. Stories play no part in any of it, so a segment can be weighed
while the one before it is being placed.

The weigher reads what it needs besides (the stored frequencies of the terms it weighs,
and the texts of the stale stored vectors, to count their terms) through a `Reader`: on
a read-only connection of its own when it runs in another process. That reads what the
importing transaction reads, because the transaction writes term frequencies only after
the weighing, and stored articles' texts never change.

The weigher holds what the database would hold after the segments it has weighed: the
vectors of the new articles, and the stored vectors it weighed afresh (which
`bulk_grouping.place` writes back). A later segment's candidate that was weighed afresh
is taken from there, whatever the row read for it says.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Protocol, TypeVar

from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.db import make_engine
from app.models import decode_weights, encode_weights
from app.services import articles, candidates
from app.services.stories import is_stale
from app.stories import GroupingParams
from app.stories.tfidf import Vector, cosine

R = TypeVar("R")


class Reader(Protocol):
    """What the weigher reads of the database."""

    def frequencies(self, terms: Sequence[str]) -> dict[str, int]:
        """The stored document frequency of each of `terms` (0 for a term none has)."""

    def bodies(self, article_ids: Sequence[str]) -> dict[str, str]:
        """The bodies of these stored articles."""


@dataclass(frozen=True, slots=True)
class SessionReader:
    """A `Reader` on a session (the importing one, or one of the weigher's own)."""

    session: Session

    def frequencies(self, terms: Sequence[str]) -> dict[str, int]:
        return candidates.frequencies(self.session, terms)

    def bodies(self, article_ids: Sequence[str]) -> dict[str, str]:
        return articles.bodies_by_id(self.session, article_ids)


@dataclass(frozen=True, slots=True)
class StoredVector:
    """A stored candidate, as read for a segment."""

    id: str
    title: str
    weights: str | None  # as stored (encode_weights), None if it has no vector
    corpus_docs: int | None


@dataclass(frozen=True, slots=True)
class StretchPart:
    """New articles `start`..`stop` (indices into the stretch's), to be weighed in order."""

    start: int
    stop: int
    docs_before: int  # corpus size before the stretch
    neighbours: list[list[str]]  # each article's candidates, in order
    # The stored candidates in a story that no earlier segment of the stretch sent (the
    # weigher keeps those); one sent again replaces the one kept, unless weighed afresh.
    stored: list[StoredVector]


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
    """Weighs one stretch of new articles, segment after segment; `begin` with them,
    `end` for their vectors."""

    ids: list[str]
    counts: list[Counter[str]]
    params: GroupingParams
    df: dict[str, int]  # document frequencies as they are at the article being weighed
    # The new articles weighed so far, and the stored ones weighed afresh.
    entries: dict[str, _Entry] = field(default_factory=dict)
    # The stored candidates sent so far (as sent, until weighed afresh), and their titles.
    stored: dict[str, _Entry] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)

    @classmethod
    def begin(
        cls, new: Sequence[tuple[str, str]], params: GroupingParams, reader: Reader
    ) -> Weigher:
        """`new`: (article id, term counts as `count_lines` writes them), in import order."""
        counts = [parse_counts(lines) for _, lines in new]
        df = reader.frequencies(sorted({t for c in counts for t in c}))
        return cls([i for i, _ in new], counts, params, df)

    def deltas(self) -> dict[str, int]:
        """How many of the new articles have each term."""
        return dict(Counter(t for counts in self.counts for t in counts))

    def segment(self, part: StretchPart, reader: Reader) -> Weighed:
        stored = self.stored
        for row in part.stored:
            if row.id not in self.entries:
                weights = decode_weights(row.weights) if row.weights is not None else None
                known = stored.get(row.id)
                counts = known.counts if known is not None else None
                stored[row.id] = _Entry(weights, row.corpus_docs, counts)
                self.titles[row.id] = row.title
        self._count_stale(part, reader)
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
        """The new articles' vectors as they are to be stored: (article id, encoded, corpus
        size)."""
        return [_encoded(i, self.entries[i]) for i in self.ids if i in self.entries]

    def _count_stale(self, part: StretchPart, reader: Reader) -> None:
        """Count the terms of the segment's stored candidates that may be weighed afresh
        before its end, and learn the stored frequencies of those terms not known yet."""
        at_end = part.docs_before + part.stop
        mine = {c for cs in part.neighbours for c in cs if c in self.stored}
        stale = sorted(
            i
            for i in mine
            if self.stored[i].counts is None
            and is_stale(self.stored[i].weights, self.stored[i].corpus_docs, at_end, self.params)
        )
        if not stale:
            return
        bodies = reader.bodies(stale)
        for i in stale:
            self.stored[i].counts = candidates.terms_of("", self.titles[i], bodies.get(i, ""))
        unknown = sorted(
            {t for i in stale for t in self.stored[i].counts or () if t not in self.df}
        )
        self.df.update(reader.frequencies(unknown))

    def _weigh(self, entry: _Entry, now: int) -> Vector:
        assert entry.counts is not None, "a stale stored vector's terms were not counted"
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
    """A stretch's `Weigher`, in this process (reading through the importing session)
    or in a worker process (`executor`: one worker, used for nothing else meanwhile,
    reading the database at `database_url` on its own connection).

    Give the worker only a transaction that has written nothing else before the
    stretch, so that what it reads is what the transaction sees.
    """

    def __init__(
        self,
        session: Session,
        executor: Executor | None = None,
        database_url: str | None = None,
    ) -> None:
        self.session = session
        # The worker and the address it reads from, or None to weigh here.
        self.remote = (executor, database_url) if executor and database_url else None
        self._deltas: Future[dict[str, int]] | None = None
        self._here: Weigher | None = None

    def begin(self, new: Sequence[tuple[str, str]], params: GroupingParams) -> None:
        """Start weighing the stretch's new articles."""
        if self.remote is not None:
            executor, url = self.remote
            self._deltas = executor.submit(_begin, list(new), params, url)
        else:
            self._here = Weigher.begin(new, params, SessionReader(self.session))
            self._deltas = _done(self._here.deltas())

    def deltas(self) -> dict[str, int]:
        """`Weigher.deltas`: how many of the new articles have each term."""
        assert self._deltas is not None, "deltas asked for before the weighing began"
        return self._deltas.result()

    def segment(self, part: StretchPart) -> Future[Weighed]:
        if self.remote is not None:
            executor, url = self.remote
            return executor.submit(_segment, part, url)
        assert self._here is not None
        return _done(self._here.segment(part, SessionReader(self.session)))

    def call(self, fn: Callable[..., R], *args: Any) -> Future[R]:
        """Any other pure work, in the same process as the weighing."""
        if self.remote is not None:
            return self.remote[0].submit(fn, *args)
        return _done(fn(*args))

    def end(self) -> list[tuple[str, str, int]]:
        """The new articles' vectors as they are to be stored (see `Weigher.end`)."""
        if self.remote is not None:
            return self.remote[0].submit(_end).result()
        assert self._here is not None
        vectors, self._here = self._here.end(), None
        return vectors


def _done(value: R) -> Future[R]:
    future: Future[R] = Future()
    future.set_result(value)
    return future


@lru_cache(maxsize=4)
def _engine(url: str) -> Engine:
    return make_engine(url)


# The worker process's stretch (one at a time: its executor has one worker, and one
# importer).
_stretch: Weigher | None = None


def _begin(new: list[tuple[str, str]], params: GroupingParams, url: str) -> dict[str, int]:
    global _stretch
    with Session(_engine(url)) as session:
        _stretch = Weigher.begin(new, params, SessionReader(session))
    return _stretch.deltas()


def _segment(part: StretchPart, url: str) -> Weighed:
    assert _stretch is not None
    with Session(_engine(url)) as session:
        return _stretch.segment(part, SessionReader(session))


def _end() -> list[tuple[str, str, int]]:
    global _stretch
    assert _stretch is not None
    vectors, _stretch = _stretch.end(), None
    return vectors
