"""Placing one new article among the stories there are, asking align() only where the
answer could change the decision."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from app.stories.grouping import (
    Profile,
    SharedShare,
    aligned_share,
    choose,
    doc_profile,
    in_align_band,
    in_window,
    may_share,
    passage_score,
)
from app.stories.tfidf import Corpus, cosine
from app.stories.types import Doc, GroupingParams


@dataclass(slots=True)
class OpenPair:
    """A pair whose score is not known yet: its cosine is in the band where align() may
    raise it, so it lies between the cosine and 1."""

    key: str  # the candidate's story
    index: int  # the candidate's place among the story's scores
    text: float
    # The candidate's profile, body included: asked for only when the pair is worked out,
    # so a caller may read the body then.
    profile: Callable[[], Profile]
    filtered: bool = False  # the shingle pre-filter let it through to align()


def assign(
    new: Doc,
    stories: Mapping[str, Sequence[Doc]],
    corpus: Corpus,
    params: GroupingParams | None = None,
    shared_share: SharedShare = aligned_share,
) -> str | None:
    """The key of the story `new` joins, or None when it starts a new story.

    A story qualifies when its best member links to `new` and the mean score over all
    its members passes the same guard as batch grouping (merge_ratio); the qualifying
    story with the highest mean wins, ties going to the smaller key (`choose`).

    The decision is `choose`'s over every pair's `pair_score`, but the scores that need
    the pre-filter and align() (milliseconds a pair, for a story's reprints in the band
    below the link threshold) are worked out only while the others leave it open: a
    pair not worked out yet counts as low as its cosine and as high as 1.
    """
    params = params or GroupingParams()
    mine = doc_profile(new, corpus, params)
    low: dict[str, list[float]] = {}
    open_: list[OpenPair] = []
    for key, members in stories.items():
        scores = low[key] = []
        for doc in members:
            if not in_window(new, doc, params):
                scores.append(0.0)
                continue
            theirs = doc_profile(doc, corpus, params)
            text = cosine(mine.vec, theirs.vec)
            if in_align_band(text, params):
                open_.append(OpenPair(key, len(scores), text, _given(theirs)))
            scores.append(text)
    return settle(mine, low, open_, params, shared_share)


def settle(
    mine: Profile,
    low: dict[str, list[float]],
    open_: list[OpenPair],
    params: GroupingParams,
    shared_share: SharedShare = aligned_share,
) -> str | None:
    """`choose` for the new article `mine`, given its scores against each story's members
    (`low`), where the open pairs' places hold their cosines: each open pair is worked out
    (the pre-filter, then align()) only while the decision depends on it. Updates `low`
    and `open_` as pairs are worked out."""
    while True:
        decided, winner, blocking = _decision(low, open_, params)
        if decided:
            return winner
        pair = min(
            (p for p in open_ if p.key == blocking),
            key=lambda p: (p.filtered, -p.text, p.index),  # the cheaper step first
        )
        if not pair.filtered and may_share(mine, pair.profile(), params):
            pair.filtered = True
            continue
        if pair.filtered:
            share = shared_share(mine.doc.body, pair.profile().doc.body)
            low[pair.key][pair.index] = passage_score(pair.text, share, params)
        open_.remove(pair)


def _given(profile: Profile) -> Callable[[], Profile]:
    return lambda: profile


def _decision(
    low: dict[str, list[float]], open_: Sequence[OpenPair], params: GroupingParams
) -> tuple[bool, str | None, str]:
    """(decided, the story chosen, the story to work on if not decided).

    With every pair worked out this is `choose`. Before that, a story surely qualifies
    when its lowest scores do, and is out when its highest cannot; the leader (the
    surely qualifying story with the highest lowest mean) is chosen when no other story
    still in the running can reach its mean. Float sums are monotonic, so the mean of
    the lowest scores never exceeds the final mean, nor the final the highest.
    """
    if not open_:
        return True, choose(low, params), ""
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
