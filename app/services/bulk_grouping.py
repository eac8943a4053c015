"""A bulk import's grouping stages: candidates, weigh, place, for a batch's new articles.

Each stage takes the same decisions `stories.assign_in` takes importing the articles one
by one, in order, because every input it reads is rebuilt as it would be at that
article's turn: the earlier new articles are in the index, the date window and the term
frequencies (so every vector, and every refresh of a stale stored one, weighs terms as
it would have then). Call them before the new articles are stored:

- `find`: each article's candidates (`app.stories.find_candidates`), from one read of
  the index and the date windows; they do not depend on any story;
- `weigh`: each article's TF-IDF vector and cosine with its candidates, in import order
  as the corpus grows (`bulk_vectors.Weigher`, in the weigher's process when there is
  one), a segment at a time, a few segments ahead of `place`;
- `place`: each article's story (`app.stories.choose_story`), a new one if none, with
  the stories it bridges merged into it (`stories.bridge`), a segment at a time, so that
  the caller may write a segment's articles while the weigher works on the next ones.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from functools import partial

from sqlmodel import Session

from app import repo
from app.services import articles, candidates, stories
from app.services.bulk_vectors import StoredVector, StretchPart, Weighed, Weighing
from app.stories import (
    Arrival,
    Candidate,
    Choice,
    Doc,
    Extent,
    GroupingParams,
    choose_story,
    find_candidates,
)
from app.stories.extent import earliest_day
from app.stories.grouping import Profile, dates_in_window, in_align_band

# New articles whose stored candidates are read together; the vectors read are bounded by
# this many articles' candidates (up to overlap_candidates + topical_candidates each).
SEGMENT = 200
# Segments sent to the weigher before the first is placed: it is kept busy while this
# process reads, aligns and places, and memory holds this many segments' rows.
AHEAD = 5


@dataclass(frozen=True, slots=True)
class NewArticle:
    """A new article of the batch, checked and given its id, with what indexing computed."""

    id: str
    title: str
    published: dt.date | None
    body: str
    terms: str  # term counts, headline included, as bulk_vectors.count_lines writes them
    hashes: tuple[int, ...]  # distinct fingerprints (candidates.fingerprints)


@dataclass(slots=True)
class Known:
    """A candidate as placing sees it: stored, or one of the batch's earlier articles."""

    title: str
    published: dt.date | None
    story: int | None  # as read or placed: see `Merged` for the story it is in now
    fixed: bool = False  # its story is one a user named or corrected
    body: str | None = None  # known where align() may be asked
    profile: Profile | None = None  # made once, with the body
    floor: dt.date | None = None  # a new article's earliest day (`extent.earliest_day`)


@dataclass(frozen=True, slots=True)
class WeighedSegment:
    """New articles `part` (indices into the batch's), weighed."""

    part: range
    stored: dict[str, Known]  # their stored candidates in a story
    weighed: Weighed


def find(
    session: Session, new: Sequence[NewArticle], weighing: Weighing, params: GroupingParams
) -> list[list[str]]:
    """Stage "candidates": each new article's, at its turn (the index and the date
    windows are read here, the counting is done in the weigher's process, idle until
    the first segment comes)."""
    arrivals = [Arrival(a.id, a.published, a.hashes) for a in new]
    holders, latest = candidates.sources(session, arrivals, params)
    found: list[list[str]] = weighing.call(
        find_candidates, arrivals, holders, latest, params
    ).result()
    return found


def weigh(
    session: Session,
    new: Sequence[NewArticle],
    found: Sequence[Sequence[str]],
    weighing: Weighing,
    params: GroupingParams,
) -> Iterator[WeighedSegment]:
    """Stage "weigh": the new articles' cosines with their candidates, a segment at a
    time, `AHEAD` segments weighed ahead of the one given out. Stored candidates are read
    a segment at a time, each once in the stretch (`_Read` keeps what placing needs of
    them, the weigher their vectors). Afterwards `weighing` has the new articles' term
    counts (`deltas()`) and vectors (`end()`)."""
    ours = {a.id for a in new}
    read = _Read()
    docs_before = candidates.corpus_size(session)
    weighing.begin([(a.id, a.terms) for a in new], params)
    parts = [range(k, min(k + SEGMENT, len(new))) for k in range(0, len(new), SEGMENT)]
    pending: deque[tuple[range, dict[str, Known], Future[Weighed]]] = deque()

    def send(part: range) -> None:
        ids = sorted({c for k in part for c in found[k] if c not in ours})
        stored, rows = _stored(session, ids, read)
        neighbours = [list(found[k]) for k in part]
        segment = StretchPart(part.start, part.stop, docs_before, neighbours, rows)
        pending.append((part, stored, weighing.segment(segment)))

    for part in parts[:AHEAD]:
        send(part)
    for n in range(len(parts)):
        if n + AHEAD < len(parts):
            send(parts[n + AHEAD])
        part, stored, future = pending.popleft()
        yield WeighedSegment(part, stored, future.result())


@dataclass(slots=True)
class Merged:
    """The stories a batch's articles bridged so far: each merged story's id, to the id
    of the story it is part of now (`stories.bridge`)."""

    into: dict[int, int] = field(default_factory=dict)

    def now(self, story: int) -> int:
        """The story that `story` is, or is part of, now."""
        while story in self.into:
            story = self.into[story]
        return story


def place(
    session: Session,
    new: Sequence[NewArticle],
    segments: Iterable[WeighedSegment],
    params: GroupingParams,
    merged: Merged | None = None,
) -> Iterator[dict[str, int]]:
    """Stage "place": each new article's story id (new stories added to `session`), in
    order, from its cosines with its candidates; given out a segment at a time. The
    stories an article bridges are merged at its turn, in the database (the articles
    stored and written so far) and in the segment's ids not given out yet; `merged`
    tells which ids given out earlier are now part of another story. The stored vectors
    weighed afresh are written back segment by segment, where `stories._docs` writes
    them."""
    merged = merged if merged is not None else Merged()
    mine = {
        a.id: Known(
            a.title, a.published, None, body=a.body, floor=earliest_day(a.published, a.body, params)
        )
        for a in new
    }
    extents = _Extents(session)
    for segment in segments:
        known = mine | segment.stored
        story_ids: dict[str, int] = {}
        extents.unwritten = [(story_ids, mine)]
        extents.of(sorted({str(merged.now(c.story)) for c in segment.stored.values() if c.story}))
        for k, pairs in zip(segment.part, segment.weighed.cosines, strict=True):
            article = new[k]
            choice = _chosen(session, article, pairs, known, merged, extents.of, params)
            if choice is not None:
                story_id = stories.bridge(session, choice)
                gone = {int(key) for key in choice.keys} - {story_id}
                merged.into.update(dict.fromkeys(gone, story_id))
                story_ids.update([(i, story_id) for i, s in story_ids.items() if s in gone])
                extents.merge(story_id, gone)
            else:
                story = repo.stories.add_story(session=session, title=article.title)
                assert story.id is not None
                story_id = story.id
                extents.known[story_id] = Extent(0)
            # Set before the next article is placed: it may have this one as candidate.
            mine[article.id].story = story_ids[article.id] = story_id
            extents.placed(story_id, article.published, mine[article.id].floor)
        repo.index.put_encoded_vectors(session=session, vectors=segment.weighed.refreshed)
        yield story_ids


@dataclass(slots=True)
class _Extents:
    """The extents of stories (`app.stories.Extent`) as placing asks them, many times an
    import: each story's is read from the database once (a segment's stored candidates'
    stories in one query, before it is placed), with the articles placed in it but not
    written yet, then kept up to date as articles are placed and stories merged; a story
    the import makes starts empty."""

    session: Session
    known: dict[int, Extent] = field(default_factory=dict)
    # The segment being placed: its story ids so far, and the new articles' dates.
    unwritten: list[tuple[dict[str, int], dict[str, Known]]] = field(default_factory=list)

    def of(self, keys: Sequence[str]) -> dict[str, Extent]:
        missing = [key for key in keys if int(key) not in self.known]
        if missing:
            placed = [
                (s, mine[i].published, mine[i].floor)
                for ids, mine in self.unwritten
                for i, s in ids.items()
            ]
            for key, extent in stories.extents_in(self.session, missing, placed).items():
                self.known[int(key)] = extent
        return {key: self.known[int(key)] for key in keys}

    def placed(self, story: int, published: dt.date | None, floor: dt.date | None) -> None:
        """An article of date `published` and earliest day `floor` placed in `story`."""
        if story in self.known:
            self.known[story] = self.known[story].widened(Extent.of([published], [floor]))

    def merge(self, into: int, gone: Iterable[int]) -> None:
        """Stories `gone` merged into `into` (all of them read: bridging asked them)."""
        for story in gone:
            if story in self.known and into in self.known:
                self.known[into] = self.known[into].widened(self.known.pop(story))
            else:
                self.known.pop(into, None)  # read afresh when next asked
                self.known.pop(story, None)


@dataclass(slots=True)
class _Read:
    """The stored candidates read so far in the stretch: a candidate of several segments
    is read, and sent to the weigher, once (stored articles keep their stories)."""

    known: dict[str, Known] = field(default_factory=dict)  # those in a story
    left_out: set[str] = field(default_factory=set)  # not current, or without a story


def _stored(
    session: Session, ids: list[str], read: _Read
) -> tuple[dict[str, Known], list[StoredVector]]:
    """A segment's stored candidates in a story (others are passed over): as placing sees
    them, and as the weigher gets those it has not been sent yet."""
    unseen = [i for i in ids if i not in read.known and i not in read.left_out]
    rows: list[StoredVector] = []
    found = [
        row
        for row in repo.grouping.encoded_grouping_rows_by_id(session=session, article_ids=unseen)
        if row[3] is not None
    ]
    in_stories = [held for row in found if (held := row[3]) is not None]
    fixed = repo.stories.fixed_story_ids(session=session, story_ids=in_stories)
    for i, title, published, story, weights, docs in found:
        read.known[i] = Known(title, published, story, fixed=story in fixed)
        rows.append(StoredVector(i, title, weights, docs))
    read.left_out.update(i for i in unseen if i not in read.known)
    return {i: read.known[i] for i in ids if i in read.known}, rows


def _read_bodies(session: Session, known: dict[str, Known], ids: Sequence[str]) -> None:
    for i, body in articles.bodies_by_id(session, ids).items():
        known[i].body = body


def _profile(article_id: str, entry: Known) -> Profile:
    """The profile placing needs of a candidate whose body is known."""
    assert entry.body is not None, "a profile made before its body was read"
    if entry.profile is None:
        doc = Doc(article_id, entry.title, entry.body, entry.published)
        entry.profile = Profile(doc, {})  # choose_story is given the cosine, not the vectors
    return entry.profile


def _chosen(
    session: Session,
    new: NewArticle,
    pairs: list[tuple[str, float]],
    known: dict[str, Known],
    merged: Merged,
    extents: Callable[[Sequence[str]], Mapping[str, Extent]],
    params: GroupingParams,
) -> Choice | None:
    """The story `new` joins and those it bridges, given its cosines with its candidates
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

    def story(article_id: str) -> str:
        placed = known[article_id].story
        assert placed is not None, "a candidate without a story"
        return str(merged.now(placed))

    found = (
        Candidate(story(c), known[c].published, text, partial(profile, c)) for c, text in pairs
    )
    # A story a user corrected is never merged, so it keeps its id.
    fixed = {str(known[c].story) for c, _ in pairs if known[c].fixed}
    mine = _profile(new.id, known[new.id])
    return choose_story(mine, found, params, fixed=fixed, extents=extents)
