"""What a regroup would change, worked out before anything changes: each new cluster
matched to the story whose id it keeps, and the merges, splits, moves, new stories and
removals that follow. Pure: story ids and article ids in, a `RegroupPlan` out."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Cluster:
    """A story after regrouping: its articles (in the order grouping gave them) and the
    existing story whose id it keeps, so links to that story still lead to it; None for
    a new story, which is numbered 1, 2, ... (`number`) in the plan."""

    article_ids: tuple[str, ...]
    story_id: int | None
    number: int = 0  # new stories only
    title: str = ""  # the kept story's title; a new story's first article's


@dataclass(frozen=True, slots=True)
class Move:
    """An article that changes story: from `source` (None: it was in none) to the story
    `cluster` (an index into `RegroupPlan.clusters`) becomes."""

    article_id: str
    source: int | None
    cluster: int


@dataclass(frozen=True, slots=True)
class Merge:
    """Whole stories that join the story `into` becomes, and disappear (their ids with
    them)."""

    into: int  # index into RegroupPlan.clusters; always a kept story
    stories: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Split:
    """A story whose articles end up in more than one story: (cluster index, how many)
    for each, the part that stays first, then the largest."""

    story: int
    parts: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class RegroupPlan:
    """What regrouping would do to the stories no user corrected or named.

    `before` and `ungrouped` are the grouping the plan was made from; applying it checks
    that they are still true, so that a plan is never applied over changes made since.
    `clusters` is the grouping after: applying makes exactly these stories.
    """

    before: Mapping[int, frozenset[str]]  # story id -> its current articles
    ungrouped: frozenset[str]  # current articles in no story
    titles: Mapping[int, str]  # story id -> title, for the stories in `before`
    clusters: tuple[Cluster, ...]
    unchanged: int  # stories whose articles stay exactly as they are
    moves: tuple[Move, ...]
    merges: tuple[Merge, ...]
    splits: tuple[Split, ...]
    removed: tuple[int, ...]  # stories no cluster keeps: emptied, then deleted
    left_alone: int = 0  # stories a user corrected or named, outside the plan

    @property
    def new(self) -> tuple[Cluster, ...]:
        return tuple(c for c in self.clusters if c.story_id is None)

    @property
    def changes_anything(self) -> bool:
        return bool(self.moves or self.removed)

    def changed_story_ids(self) -> list[int]:
        """The kept stories whose articles change (to be titled afresh), by id."""
        moved = {self.clusters[m.cluster].story_id for m in self.moves}
        moved |= {m.source for m in self.moves}
        return sorted(i for i in moved - set(self.removed) if i is not None)


def plan(
    before: Mapping[int, Collection[str]],
    clusters: Sequence[Sequence[str]],
    *,
    titles: Mapping[int, str],
    article_titles: Mapping[str, str] | None = None,
    left_alone: int = 0,
) -> RegroupPlan:
    """The plan that turns the grouping `before` (story id -> its articles) into
    `clusters` (lists of article ids; articles in no story yet may be among them).

    Each cluster keeps the id of the story it shares most articles with, one story to
    one cluster, the largest overlaps first (ties: the pair that leaves fewer articles
    to move, then the lower story id, then the earlier cluster), so that a story whose
    articles are unchanged always keeps its id and its title. Clusters left without a
    story become new stories; stories left without a cluster are removed.
    """
    story_of = {a: s for s, members in before.items() for a in members}
    if len(story_of) != sum(len(m) for m in before.values()):
        raise ValueError("an article is in two stories of `before`")
    placed = [a for c in clusters for a in c]
    if len(set(placed)) != len(placed):
        raise ValueError("an article is in two clusters")
    if not set(story_of) <= set(placed):
        raise ValueError("the clusters leave out articles of `before`")
    keeps = _match(before, clusters, story_of)
    kept_by = {s: k for k, s in keeps.items()}
    numbered = iter(range(1, len(clusters) + 1))
    made = tuple(
        Cluster(
            tuple(c),
            keeps.get(k),
            0 if k in keeps else next(numbered),
            titles.get(keeps[k], "") if k in keeps else (article_titles or {}).get(c[0], c[0]),
        )
        for k, c in enumerate(clusters)
    )
    cluster_of = {a: k for k, c in enumerate(clusters) for a in c}
    moves = tuple(
        Move(a, story_of.get(a), k)
        for k, c in enumerate(made)
        for a in c.article_ids
        if c.story_id is None or story_of.get(a) != c.story_id
    )
    merged: dict[int, list[int]] = {}
    splits = []
    for story_id in sorted(before):
        counts = Counter(cluster_of[a] for a in before[story_id])
        home = kept_by.get(story_id)
        if len(counts) > 1:
            parts = sorted(counts.items(), key=lambda p: (p[0] != home, -p[1], p[0]))
            splits.append(Split(story_id, tuple(parts)))
        elif home is None and counts:
            merged.setdefault(next(iter(counts)), []).append(story_id)
    unchanged = sum(1 for s, k in kept_by.items() if set(before[s]) == set(clusters[k]))
    return RegroupPlan(
        before={s: frozenset(m) for s, m in before.items()},
        ungrouped=frozenset(placed) - set(story_of),
        titles=dict(titles),
        clusters=made,
        unchanged=unchanged,
        moves=moves,
        merges=tuple(Merge(k, tuple(s)) for k, s in sorted(merged.items())),
        splits=tuple(splits),
        removed=tuple(sorted(s for s in before if s not in kept_by)),
        left_alone=left_alone,
    )


def _match(
    before: Mapping[int, Collection[str]],
    clusters: Sequence[Sequence[str]],
    story_of: Mapping[str, int],
) -> dict[int, int]:
    """cluster index -> the story whose id it keeps: greedily, one to one, the largest
    overlap first."""
    pairs = []
    for k, cluster in enumerate(clusters):
        for story_id, shared in Counter(story_of[a] for a in cluster if a in story_of).items():
            # Articles that would move if this pair were kept: the fewer, the better.
            moving = len(cluster) + len(before[story_id]) - 2 * shared
            pairs.append((-shared, moving, story_id, k))
    keeps: dict[int, int] = {}
    taken: set[int] = set()
    for _, _, story_id, k in sorted(pairs):
        if k not in keeps and story_id not in taken:
            keeps[k] = story_id
            taken.add(story_id)
    return keeps
