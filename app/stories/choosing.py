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
  key; if none qualifies the article starts a story of its own. A story is one news
  event: a dated article does not join a story whose dated members it would stretch
  past `window_days` from first to last, and no merge below may do so either, so an
  undated article, which may join any story, cannot bridge two news days. An undated
  article needs a stronger mean to join or merge (`undated_merge_ratio`), and one whose
  text names a day with its year is from that day or later, less `named_day_slack`
  (`app.stories.mentions`): a story is not joined, nor merged, when none of its dated
  members and the article would then be from that day or later (`Extent.floor`).
- Bridged stories (`Choice.merged`): another story that qualifies too is merged with the
  one joined when the article's scores summed over both stories, divided by all their
  members (a member that is not a candidate counts as 0), still reach the guard; the
  qualifying stories are taken in key order, each against what is merged so far, and
  one that would stretch the merged story past `window_days` is left apart. So an event
  whose first reports linked nothing before them becomes one story once a report links
  them, while a big story is merged only by an article close to most of it. A story a
  user corrected (`fixed`) may be joined, never merged.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from app.stories.extent import Extent, earliest_day, within_span
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


# The extent of each of these stories (by key).
Extents = Callable[[Sequence[str]], Mapping[str, Extent]]


@dataclass(frozen=True, slots=True)
class Choice:
    """The story a new article joins, and the other stories it bridges: those that
    qualify too, to be merged with it (keys in order)."""

    story: str
    merged: tuple[str, ...] = ()

    @property
    def keys(self) -> tuple[str, ...]:
        """Every story the article's story is made of."""
        return (self.story, *self.merged)


def choose_story(
    mine: Profile,
    candidates: Iterable[Candidate],
    params: GroupingParams,
    shared_share: SharedShare = aligned_share,
    fixed: Collection[str] = (),
    extents: Extents | None = None,
) -> Choice | None:
    """The story the new article `mine` joins among its candidates' and the stories it
    bridges (see the module's docstring), or None when it starts a new story. `fixed`:
    the keys of stories a user corrected, which are never merged; `extents`, asked for
    the winner when the article is dated and for the stories it may bridge: theirs
    (None: as many members as candidates, undated).

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

    def settle(key: str) -> None:
        """One step towards a score of one of the story's open pairs."""
        pair = min(
            (p for p in open_ if p.key == key),
            key=lambda p: (p.filtered, -p.candidate.cosine, p.index),  # the cheaper step first
        )
        if not pair.filtered and may_share(mine, pair.candidate.profile(), params):
            pair.filtered = True
            return
        if pair.filtered:
            share = shared_share(mine.doc.body, pair.candidate.profile().doc.body)
            low[pair.key][pair.index] = passage_score(pair.candidate.cosine, share, params)
        open_.remove(pair)

    day = mine.doc.published
    floor = earliest_day(day, mine.doc.body, params)
    params = _for_date(params, day)
    while True:
        decided, winner, blocking = _decision(low, open_, params)
        if (
            decided
            and winner is not None
            and (day is not None or floor is not None)
            and extents is not None
            and not within_span([extents([winner])[winner]], params.window_days, day, floor)
        ):
            # Joining would stretch the story past the date window: it is out.
            del low[winner]
            open_[:] = [p for p in open_ if p.key != winner]
            continue
        if decided:
            break
        settle(blocking)
    if winner is None or winner in fixed:
        return None if winner is None else Choice(winner)
    while True:
        bridged, blocking = _bridged(low, open_, winner, fixed, params)
        if not blocking:
            break
        settle(blocking)
    if not bridged:
        return Choice(winner)
    known = extents([winner, *bridged]) if extents is not None else _undated(low)
    merged: list[str] = []
    for key in bridged:
        while (
            joins := _merges(low, open_, [winner, *merged], key, known, (day, floor), params)
        ) is None:
            settle(next(k for k in (key, winner, *merged) if any(p.key == k for p in open_)))
        if joins:
            merged.append(key)
    return Choice(winner, tuple(merged))


def decide(
    scores: Mapping[str, Sequence[float]],
    params: GroupingParams,
    fixed: Collection[str] = (),
    extents: Mapping[str, Extent] | None = None,
    day: dt.date | None = None,
    floor: dt.date | None = None,
) -> Choice | None:
    """`choose_story`'s decision from every candidate's final score, by story key (and
    each story's extent, the new article's date `day` and, when it is undated, the
    earliest day it can be from, `floor` (`earliest_day`), when the date window asks
    them)."""
    low = {key: list(s) for key, s in scores.items()}
    params = _for_date(params, day)
    while True:
        winner = _decision(low, [], params)[1]
        if (
            winner is None
            or (day is None and floor is None)
            or extents is None
            or within_span([extents[winner]], params.window_days, day, floor)
        ):
            break
        del low[winner]
    if winner is None or winner in fixed:
        return None if winner is None else Choice(winner)
    known = extents if extents is not None else _undated(low)
    merged: list[str] = []
    for key in _bridged(low, [], winner, fixed, params)[0]:
        if _merges(low, [], [winner, *merged], key, known, (day, floor), params):
            merged.append(key)
    return Choice(winner, tuple(merged))


def assign(
    new: Doc,
    stories: Mapping[str, Sequence[Doc]],
    corpus: Corpus,
    params: GroupingParams | None = None,
    shared_share: SharedShare = aligned_share,
    fixed: Collection[str] = (),
) -> Choice | None:
    """`choose_story` for Docs: the story of `stories` that `new` joins and those it
    bridges, or None. Docs carrying vectors need no `corpus`."""
    params = params or GroupingParams()
    mine = doc_profile(new, corpus, params)

    def candidate(key: str, doc: Doc) -> Candidate:
        if not dates_in_window(new.published, doc.published, params):
            return Candidate(key, doc.published, 0.0, lambda: doc_profile(doc, corpus, params))
        theirs = doc_profile(doc, corpus, params)
        return Candidate(key, doc.published, cosine(mine.vec, theirs.vec), lambda: theirs)

    found = (candidate(key, doc) for key, members in stories.items() for doc in members)

    def extents(keys: Sequence[str]) -> dict[str, Extent]:
        return {key: extent_of(stories[key], params) for key in keys}

    return choose_story(mine, found, params, shared_share, fixed, extents)


def extent_of(members: Sequence[Doc], params: GroupingParams) -> Extent:
    """The extent of a story of these docs."""
    return Extent.of(
        (d.published for d in members), (earliest_day(d.published, d.body, params) for d in members)
    )


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
    high = _highest(low, open_)
    leader: tuple[float, str] | None = None
    running: list[tuple[float, str]] = []
    for key in sorted(low):
        if not low[key]:
            continue
        lo, hi = sum(low[key]) / len(low[key]), sum(high[key]) / len(high[key])
        if _qualifies(low[key], params) and (leader is None or lo > leader[0]):
            leader = (lo, key)
        if _qualifies(high[key], params):
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


def _bridged(
    low: dict[str, list[float]],
    open_: Sequence[_OpenPair],
    winner: str,
    fixed: Collection[str],
    params: GroupingParams,
) -> tuple[tuple[str, ...], str]:
    """(the stories besides `winner` that surely qualify, by key, a story that may
    qualify and has a pair open: "" when there is none), leaving out those a user
    corrected. Those qualifying are bridged, and merged if `_merges` says so."""
    high = _highest(low, open_)
    merged = []
    for key in sorted(low):
        if key == winner or key in fixed or not low[key]:
            continue
        if _qualifies(low[key], params):
            merged.append(key)
        elif _qualifies(high[key], params):
            return (), key  # only an open pair makes lowest and highest differ
    return tuple(merged), ""


def _merges(
    low: Mapping[str, Sequence[float]],
    open_: Sequence[_OpenPair],
    into: Sequence[str],
    key: str,
    extents: Mapping[str, Extent],
    when: tuple[dt.date | None, dt.date | None],
    params: GroupingParams,
) -> bool | None:
    """Whether story `key` is merged with the stories `into` (the one joined, and those
    merged with it so far) by the new article of date and earliest day `when`: the dated
    members of all of them and the article are within the date window of each other
    (`within_span`), and its scores summed over all of them, divided by all their
    members, reach the merge guard. None while open pairs leave it undecided (each
    counts between its cosine and 1)."""
    day, floor = when
    if not within_span([*(extents[k] for k in into), extents[key]], params.window_days, day, floor):
        return False
    keys = {*into, key}
    # Never fewer members than candidates.
    members = sum(max(extents[k].members, len(low[k])) for k in keys)
    lowest = sum(sum(low[k]) for k in keys)
    highest = lowest + sum(1.0 - low[p.key][p.index] for p in open_ if p.key in keys)
    guard = params.merge_ratio * params.tfidf_threshold
    if lowest / members >= guard:
        return True
    if highest / members < guard:
        return False
    return None


def _for_date(params: GroupingParams, day: dt.date | None) -> GroupingParams:
    """The knobs that place an article of date `day`: an undated one, which the date
    window cannot hold back, needs the stronger guard `undated_merge_ratio`."""
    return params if day is not None else replace(params, merge_ratio=params.undated_merge_ratio)


def _undated(scores: Mapping[str, Sequence[float]]) -> dict[str, Extent]:
    """Each story's extent when every member is a candidate, and none is dated."""
    return {key: Extent(len(s)) for key, s in scores.items()}


def _highest(low: dict[str, list[float]], open_: Sequence[_OpenPair]) -> dict[str, list[float]]:
    """Each story's scores with its open pairs at their highest, 1."""
    high = {key: list(scores) for key, scores in low.items()}
    for pair in open_:
        high[pair.key][pair.index] = 1.0
    return high


def _qualifies(scores: Sequence[float], params: GroupingParams) -> bool:
    """The rule a story is joined by: its best member links, and the mean over its
    members passes the merge guard."""
    guard = params.merge_ratio * params.tfidf_threshold
    return max(scores) >= params.tfidf_threshold and sum(scores) / len(scores) >= guard
