"""How a story is chosen: a new article's candidates, and the story it joins among theirs.

The one rule, for importing one article and for a bulk import alike (both call
`find_candidates` and `choose_story`); every number it reads is a `GroupingParams` field.

- Candidates (`find_candidates`): the stored articles sharing most index fingerprints
  with the new one (a fingerprint held by more than `max_df` articles is passed over),
  after the most recently imported in its date window; the articles of the same import
  that came before it count as stored.
- The story (`choose_story`): each candidate's linking score (`grouping.pair_score`: the
  TF-IDF cosine, raised by shared passages; 0 outside the date window) is set against
  its story. A story qualifies when its best member links (a score at or above
  `tfidf_threshold`) and the mean over its members is at least `merge_ratio` times that
  threshold; the qualifying story with the highest mean wins, ties going to the smaller
  key; if none qualifies the article starts a story of its own.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from app.stories.grouping import (
    Profile,
    SharedShare,
    aligned_share,
    dates_in_window,
    doc_profile,
    in_align_band,
    may_share,
    passage_score,
)
from app.stories.params import GroupingParams
from app.stories.tfidf import Corpus, cosine
from app.stories.types import Doc


@dataclass(frozen=True, slots=True)
class Arrival:
    """A new article as the candidate finder sees it."""

    id: str
    published: dt.date | None
    fingerprints: tuple[int, ...]  # distinct (`app.index.fingerprint`)


def find_candidates(
    arrivals: Sequence[Arrival],
    holders: Iterable[tuple[int, str]],
    latest: Mapping[dt.date | None, Sequence[str]],
    params: GroupingParams,
) -> list[list[str]]:
    """Each arrival's candidates at its turn, in import order: its topical neighbours
    (`topical`), then those of its sharers (`sharing`) not among them.

    `holders`: the stored articles holding the arrivals' fingerprints, as the index lists
    them (`repo.index.shingle_holders`, up to `max_df` + 1 each); `latest`: for each arrival's
    date, the stored articles in a story in its window, most recently imported first
    (`topical_candidates` of them). Neither may list the arrivals themselves.
    """
    shared = sharing(arrivals, holders, params.max_df, params.overlap_candidates)
    near = topical(arrivals, latest, params)
    return [
        [*top, *(c for c in share if c not in seen)]
        for top, share in zip(near, shared, strict=True)
        for seen in (set(top),)
    ]


def sharing(
    arrivals: Sequence[Arrival], holders: Iterable[tuple[int, str]], max_df: int, limit: int
) -> list[list[str]]:
    """The `limit` articles sharing most fingerprints with each arrival at its turn (most
    first, ties by id): the stored ones, and the arrivals before it. A fingerprint held
    by more than `max_df` articles, itself included, is passed over."""
    postings: dict[int, list[str]] = {}
    common: set[int] = set()
    for h, ids in holders:
        held = ids.split(" ")
        if len(held) > max_df:
            common.add(h)
        else:
            postings[h] = held
    earlier: dict[int, list[str]] = {}
    out = []
    for arrival in arrivals:
        shared: Counter[str] = Counter()
        for h in arrival.fingerprints:
            new_holders = earlier.setdefault(h, [])
            new_holders.append(arrival.id)  # indexed before its candidates are looked up
            if h in common:
                continue
            stored = postings.get(h, ())
            if len(stored) + len(new_holders) > max_df:
                continue
            shared.update(stored)
            shared.update(new_holders[:-1])
        # Only the articles sharing at least as many as the limit-th most are sorted.
        floor = heapq.nlargest(limit, shared.values())[-1] if len(shared) > limit else 0
        ranked = sorted((-n, i) for i, n in shared.items() if n >= floor)
        out.append([i for _, i in ranked[:limit]])
    return out


def window_days(day: dt.date, params: GroupingParams) -> list[dt.date | None]:
    """The publication days whose articles may share a story with one published on `day`,
    None (the undated, which may share one with any) first."""
    reach = params.window_days
    return [None, *(day + dt.timedelta(days=d) for d in range(-reach, reach + 1))]


def topical(
    arrivals: Sequence[Arrival],
    latest: Mapping[dt.date | None, Sequence[str]],
    params: GroupingParams,
) -> list[list[str]]:
    """Each arrival's `topical_candidates` most recently imported articles in its date
    window at its turn: the arrivals before it in the window (the latest first), then
    the stored ones (`latest` of its date)."""
    limit = params.topical_candidates
    dated: dict[dt.date, list[int]] = {}
    undated: list[int] = []
    out = []
    for k, arrival in enumerate(arrivals):
        day = arrival.published
        if day is None:
            earlier = list(range(k - 1, max(-1, k - 1 - limit), -1))
        else:
            near = [undated if d is None else dated.get(d, []) for d in window_days(day, params)]
            earlier = sorted((p for ps in near for p in ps[-limit:]), reverse=True)
        out.append([*(arrivals[p].id for p in earlier[:limit]), *latest[day]][:limit])
        (undated if day is None else dated.setdefault(day, [])).append(k)
    return out


@dataclass(frozen=True, slots=True)
class Candidate:
    """A candidate as the decision sees it."""

    story: str  # the key of its story
    published: dt.date | None
    cosine: float  # its TF-IDF cosine with the new article
    # Its profile, body included: asked for only when align() may be needed, so a
    # caller may read the body then.
    profile: Callable[[], Profile]


def choose_story(
    mine: Profile,
    candidates: Iterable[Candidate],
    params: GroupingParams,
    shared_share: SharedShare = aligned_share,
) -> str | None:
    """The key of the story the new article `mine` joins among its candidates' (see the
    module's docstring), or None when it starts a new story.

    A pair in the align band (`in_align_band`) needs the shingle pre-filter and align()
    (milliseconds a pair) for its score: it is worked out only while the other scores
    leave the decision open, counting meanwhile as low as its cosine and as high as 1.
    """
    low: dict[str, list[float]] = {}
    open_: list[_OpenPair] = []
    for candidate in candidates:
        scores = low.setdefault(candidate.story, [])
        if not dates_in_window(mine.doc.published, candidate.published, params):
            scores.append(0.0)
            continue
        if in_align_band(candidate.cosine, params):
            open_.append(_OpenPair(candidate.story, len(scores), candidate))
        scores.append(candidate.cosine)
    while True:
        decided, winner, blocking = _decision(low, open_, params)
        if decided:
            return winner
        pair = min(
            (p for p in open_ if p.key == blocking),
            key=lambda p: (p.filtered, -p.candidate.cosine, p.index),  # the cheaper step first
        )
        if not pair.filtered and may_share(mine, pair.candidate.profile(), params):
            pair.filtered = True
            continue
        if pair.filtered:
            share = shared_share(mine.doc.body, pair.candidate.profile().doc.body)
            low[pair.key][pair.index] = passage_score(pair.candidate.cosine, share, params)
        open_.remove(pair)


def decide(scores: Mapping[str, Sequence[float]], params: GroupingParams) -> str | None:
    """`choose_story`'s decision from every member's final score, by story key."""
    return _decision({key: list(s) for key, s in scores.items()}, [], params)[1]


def assign(
    new: Doc,
    stories: Mapping[str, Sequence[Doc]],
    corpus: Corpus,
    params: GroupingParams | None = None,
    shared_share: SharedShare = aligned_share,
) -> str | None:
    """`choose_story` for Docs: the key of the story of `stories` that `new` joins, or
    None. Docs carrying vectors need no `corpus`."""
    params = params or GroupingParams()
    mine = doc_profile(new, corpus, params)

    def candidate(key: str, doc: Doc) -> Candidate:
        if not dates_in_window(new.published, doc.published, params):
            return Candidate(key, doc.published, 0.0, lambda: doc_profile(doc, corpus, params))
        theirs = doc_profile(doc, corpus, params)
        return Candidate(key, doc.published, cosine(mine.vec, theirs.vec), lambda: theirs)

    found = (candidate(key, doc) for key, members in stories.items() for doc in members)
    return choose_story(mine, found, params, shared_share)


@dataclass(slots=True)
class _OpenPair:
    """A pair in the align band whose score is not known yet: between its cosine and 1."""

    key: str  # the candidate's story
    index: int  # the candidate's place among the story's scores
    candidate: Candidate
    filtered: bool = False  # the shingle pre-filter let it through to align()


def _decision(
    low: dict[str, list[float]], open_: Sequence[_OpenPair], params: GroupingParams
) -> tuple[bool, str | None, str]:
    """(decided, the story chosen, the story to work on if not decided), from each
    story's scores where the open pairs' places hold their cosines.

    A story surely qualifies when its lowest scores do, and is out when its highest
    cannot; the leader (the surely qualifying story with the highest lowest mean) is
    chosen when no other story still in the running can reach its mean. With no pair
    open, lowest and highest are the same and this is the rule itself. Float sums are
    monotonic, so the mean of the lowest scores never exceeds the final mean, nor the
    final the highest.
    """
    link, guard = params.tfidf_threshold, params.merge_ratio * params.tfidf_threshold
    high = {key: list(scores) for key, scores in low.items()}
    for pair in open_:
        high[pair.key][pair.index] = 1.0
    leader: tuple[float, str] | None = None
    running: list[tuple[float, str]] = []
    for key in sorted(low):
        if not low[key]:
            continue
        lo, hi = sum(low[key]) / len(low[key]), sum(high[key]) / len(high[key])
        if max(low[key]) >= link and lo >= guard and (leader is None or lo > leader[0]):
            leader = (lo, key)
        if max(high[key]) >= link and hi >= guard:
            running.append((hi, key))
    if not running:
        return True, None, ""
    unsettled = {pair.key for pair in open_}
    rivals = [
        (hi, key)
        for hi, key in running
        if leader is not None
        and key != leader[1]
        and not (leader[0] > hi or (leader[0] == hi and leader[1] < key))
    ]
    if leader is not None and not rivals:
        return True, leader[1], ""
    # Lowering a rival's highest mean settles most: an open pair counts there as 1.
    for _, key in sorted(rivals, key=lambda r: (-r[0], r[1])):
        if key in unsettled:
            return False, None, key
    # No rival left to lower: raise the leader's lowest mean, or, with no leader yet,
    # settle the story that could score highest.
    if leader is not None and leader[1] in unsettled:
        return False, None, leader[1]
    open_running = [(hi, key) for hi, key in running if key in unsettled]
    return False, None, min(open_running, key=lambda r: (-r[0], r[1]))[1]
