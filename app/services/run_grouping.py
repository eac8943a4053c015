"""Grouping a run of new articles in one pass, as importing them one by one would.

`stories.assign_in` places one stored article with a dozen queries: its candidates (the
index's top sharers and the date window's most recent articles), their stored vectors
(refreshing stale ones), their bodies where align() may be asked; then it scores them
and picks a story. A bulk import does the same for a whole run of new articles, not yet
stored, with a few queries for the run. The decisions are the ones `assign_in` would
take importing the run's articles one by one, in order, because every input it reads is
rebuilt as it would be at that article's turn:

- the index: each article's fingerprint counts are the stored ones plus those of the
  run's articles up to it (so the document-frequency cap drops the same fingerprints),
  and the run's earlier articles are candidates of the later ones;
- the date window: the run's earlier articles are the most recently imported;
- the term frequencies and the corpus size are the stored ones plus the run's so far,
  so every vector, and every refresh of a stale one, weighs terms as it would have then.

It is also what lets the work fall into passes that need no database in between:
candidates first (they do not depend on any story), then vectors and cosines (in import
order, as the corpus grows; `run_vectors`, possibly in another process, a few segments
ahead), then the scores and stories, with align() asked only where its answer could
change the decision (`placing.settle`, as `assign` does). While this process waits on
the weigher, its caller may store the articles already placed (see `Progress`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from functools import partial
from typing import Protocol, TypeVar

from sqlmodel import Session

from app import repo
from app.services import articles, candidates, stories
from app.services.run_vectors import Segment, StoredVector, Weighed, Weighing
from app.stories import Arrival, Candidate, Doc, GroupingParams, choose_story, find_candidates
from app.stories.grouping import Profile, dates_in_window, in_align_band

# Articles whose stored candidates are read together; the vectors read are bounded by
# this many articles' candidates (up to overlap_candidates + topical_candidates each).
SEGMENT = 200
# Segments sent to the weigher before the first is scored: it is kept busy while this
# process reads, aligns and scores, and memory holds this many segments' rows.
AHEAD = 5
T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class NewArticle:
    """An article of the run, checked and given its id, with what indexing computed."""

    id: str
    title: str
    published: dt.date | None
    body: str
    terms: str  # term counts, headline included, as run_vectors.count_lines writes them
    hashes: tuple[int, ...]  # distinct fingerprints (candidates.fingerprints)


@dataclass(slots=True)
class RunGrouping:
    """What grouping the run decided, for the caller to store."""

    story_ids: dict[str, int]  # article id: the story it joins (new stories already added)
    # The run's vectors to store: (article id, encoded, corpus size). The stored ones
    # grouping weighed afresh are already written back.
    vectors: list[tuple[str, str, int]] = field(default_factory=list)
    term_deltas: dict[str, int] = field(default_factory=dict)  # run articles with each term


@dataclass(slots=True)
class _Known:
    """A candidate as scoring sees it: stored, or one of the run's earlier articles."""

    title: str
    published: dt.date | None
    story: int | None
    body: str | None = None  # known where align() may be asked
    profile: Profile | None = None  # made once, with the body


class Mapper(Protocol):
    """`map` as a list: how the pure work on many items (term counts) is run."""

    def __call__(self, fn: Callable[[T], R], items: Sequence[T], /) -> list[R]: ...


def serial_map(fn: Callable[[T], R], items: Sequence[T], /) -> list[R]:
    return [fn(item) for item in items]


class Progress(Protocol):
    """Told how far grouping has come, so the caller can store the run meanwhile."""

    def read(self) -> None:
        """Grouping will not read the index, nor the article table's window, again."""

    def placed(self, article_id: str, story_id: int) -> None:
        """The article's story is chosen (and added, if new)."""


def group_run(
    session: Session,
    run: Sequence[NewArticle],
    map_: Mapper = serial_map,
    weighing: Weighing | None = None,
    progress: Progress | None = None,
) -> RunGrouping:
    """Choose (or create) the story of each of `run`'s articles, in order.

    Call before the run is stored: the article table, the index and term_df must not
    hold it yet. Once `progress` is told they are `read`, the run's index rows may be
    written, and each article once it is `placed`; its vectors and term counts only
    after grouping. New stories are added to `session`, and so are the stored vectors
    that were weighed afresh. `map_` runs the term counts, which need nothing but their
    arguments (e.g. on several cores); `weighing` the vectors and cosines (by default
    here), one segment ahead of the scoring.
    """
    result = RunGrouping({})
    if not run:
        return result
    weighing = weighing or Weighing()
    params = stories.PARAMS
    began = weighing.begin([(new.id, new.terms) for new in run], params)
    docs_before = candidates.corpus_size(session)
    arrivals = [Arrival(new.id, new.published, new.hashes) for new in run]
    holders, latest = candidates.sources(session, arrivals, params)
    if progress is not None:
        progress.read()
    # Counted in the weigher's process, which is idle until the first segment comes.
    neighbours: list[list[str]] = weighing.result(
        weighing.call(find_candidates, arrivals, holders, latest, params)
    )
    mine = {new.id: _Known(new.title, new.published, None, new.body) for new in run}
    result.term_deltas = weighing.result(began)
    terms, read = _Terms(), _Read()
    run_df = terms.stored(session, result.term_deltas)
    # Stored candidates are read a segment at a time, each once in the run (`_Read`
    # keeps what scoring needs of them, the weigher their vectors: bounded by the run).
    # While one segment is scored here, the next one is weighed.
    parts = [range(k, min(k + SEGMENT, len(run))) for k in range(0, len(run), SEGMENT)]
    pending: deque[tuple[range, dict[str, _Known], Future[Weighed]]] = deque()

    def weigh(part: range, df: dict[str, int]) -> None:
        ids = sorted({c for k in part for c in neighbours[k] if c not in mine})
        at_end, url = docs_before + part.stop, weighing.database_url
        stored, rows, counts, learned = _stored(
            session, ids, at_end, terms, map_, url is None, read
        )
        neighbours_of = [neighbours[k] for k in part]
        segment = Segment(
            part.start, part.stop, docs_before, neighbours_of, rows, df | learned, url, counts
        )
        pending.append((part, stored, weighing.segment(segment)))

    for n, part in enumerate(parts[:AHEAD]):
        weigh(part, run_df if n == 0 else {})
    for n in range(len(parts)):
        if n + AHEAD < len(parts):
            weigh(parts[n + AHEAD], {})
        part, stored, future = pending.popleft()
        weighed = weighing.result(future)
        known = mine | stored
        for new, pairs in zip((run[k] for k in part), weighed.cosines, strict=True):
            key = _placed(session, new, pairs, known, params)
            if key is not None:
                story_id = int(key)
            else:
                story = repo.add_story(session=session, title=new.title)
                assert story.id is not None
                story_id = story.id
            # Set before the next article is scored: it may have this one as candidate.
            mine[new.id].story = result.story_ids[new.id] = story_id
            if progress is not None:
                progress.placed(new.id, story_id)
        # Written back where `stories._docs` writes them; the weigher already has them.
        repo.put_encoded_vectors(session=session, vectors=weighed.refreshed)
    result.vectors = weighing.result(weighing.end())
    return result


@dataclass(slots=True)
class _Read:
    """The stored candidates read so far in the run: a candidate of several segments is
    read, and sent to the weigher, once (stored articles keep their stories in a run)."""

    known: dict[str, _Known] = field(default_factory=dict)  # those in a story
    # The corpus size each one's stored vector was weighed at; None: it has no vector.
    docs: dict[str, int | None] = field(default_factory=dict)
    left_out: set[str] = field(default_factory=set)  # not current, or without a story
    counted: set[str] = field(default_factory=set)  # whose term counts were sent

    def may_be_stale(self, article_id: str, docs_at_end: int) -> bool:
        # No corpus size noted: no vector, which is_stale calls stale whatever the weights.
        return stories.is_stale(True, self.docs[article_id], docs_at_end, stories.PARAMS)


def _stored(
    session: Session,
    ids: list[str],
    docs_at_end: int,
    terms: _Terms,
    map_: Mapper,
    stale_counts: bool,
    read: _Read,
) -> tuple[dict[str, _Known], list[StoredVector], dict[str, Counter[str]], dict[str, int]]:
    """A segment's stored candidates as grouping reads them (those without a story left
    out): as scoring sees them; as the weigher gets those it has not been sent yet; with
    `stale_counts`, the term counts of earlier-sent ones that may be weighed afresh
    before `docs_at_end` (a new one carries its own); and the stored frequencies of
    those terms the weigher does not know yet."""
    new = [i for i in ids if i not in read.known and i not in read.left_out]
    rows: list[tuple[str, str | None, int | None]] = []
    for i, title, published, story, weights, docs in repo.encoded_grouping_rows_by_id(
        session=session, article_ids=new
    ):
        if story is not None:  # grouping passes over stored articles without a story
            read.known[i] = _Known(title, published, story)
            read.docs[i] = docs if weights is not None else None
            rows.append((i, weights, docs))
    read.left_out.update(i for i in new if i not in read.known)
    mine = [i for i in ids if i in read.known]
    stale = [
        i
        for i in mine
        if stale_counts and i not in read.counted and read.may_be_stale(i, docs_at_end)
    ]
    read.counted.update(stale)
    _read_bodies(session, read.known, [i for i in stale if read.known[i].body is None])
    texts = [(read.known[i].title, read.known[i].body or "") for i in stale]
    counts = dict(zip(stale, map_(_term_counts, texts), strict=True))
    learned = terms.stored(session, [t for c in counts.values() for t in c])
    vectors = [StoredVector(i, read.known[i].title, w, d, counts.pop(i, None)) for i, w, d in rows]
    return {i: read.known[i] for i in mine}, vectors, counts, learned


def _read_bodies(session: Session, known: dict[str, _Known], ids: Sequence[str]) -> None:
    for i, body in articles.bodies_by_id(session, ids).items():
        known[i].body = body


class _Terms:
    """The terms whose stored document frequency the weigher has been sent."""

    def __init__(self) -> None:
        self.sent: set[str] = set()

    def stored(self, session: Session, terms: Iterable[str]) -> dict[str, int]:
        """The stored frequencies of those of `terms` not sent yet (0 if none). term_df
        does not hold the run yet, so for a term of the run's articles it is the
        frequency before the run; for any other term, its frequency throughout."""
        new = sorted({t for t in terms if t not in self.sent})
        self.sent.update(new)
        return candidates.frequencies(session, new)


def _profile(article_id: str, entry: _Known) -> Profile:
    """The profile scoring needs of a candidate whose body is known."""
    assert entry.body is not None, "a profile made before its body was read"
    if entry.profile is None:
        doc = Doc(article_id, entry.title, entry.body, entry.published)
        entry.profile = Profile(doc, {})  # scoring is given the cosine, not the vectors
    return entry.profile


def _placed(
    session: Session,
    new: NewArticle,
    pairs: list[tuple[str, float]],
    known: dict[str, _Known],
    params: GroupingParams,
) -> str | None:
    """The story `new` joins (its key), given its cosines with its candidates
    (`choose_story`). The bodies of stored candidates are read only where align() may be
    asked, all of this article's at once."""
    unread = [
        c
        for c, text in pairs
        if known[c].body is None
        and in_align_band(text, params)
        and dates_in_window(new.published, known[c].published, params)
    ]

    def profile(article_id: str) -> Profile:
        if unread:
            _read_bodies(session, known, unread)
            unread.clear()
        return _profile(article_id, known[article_id])

    found = (
        Candidate(str(known[c].story), known[c].published, text, partial(profile, c))
        for c, text in pairs
    )
    return choose_story(_profile(new.id, known[new.id]), found, params)


def _term_counts(text: tuple[str, str]) -> Counter[str]:
    return candidates.terms_of("", *text)
