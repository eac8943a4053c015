"""Average-linkage clustering over a sparse graph of linking scores."""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence

from app.stories.extent import Extent, within_span


def average_linkage(
    n: int,
    scores: Mapping[tuple[int, int], float],
    link: float,
    merge_min: float,
    extents: Sequence[Extent] | None = None,
    max_span: int = 0,
) -> list[list[int]]:
    """Clusters of nodes 0..n-1, merged greedily by highest average score.

    `scores` holds the known pair scores (i < j); a missing pair scores 0. Two clusters
    merge only if some cross pair scores at least `link` and the average over all their
    cross pairs is at least `merge_min`: a chain of single links through a broad
    article cannot pull two distinct events together, because the average over the
    pairs that do not link drags it down. Ties break on the smallest member ids, so
    the result is deterministic.

    With `extents` (one per node: its date and earliest day), two clusters merge only
    while they may be one story by the date rule with a window of `max_span` days
    (`extent.within_span`).
    """
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    extent: dict[int, Extent] = dict(enumerate(extents)) if extents is not None else {}

    def fits(a: int, b: int) -> bool:
        return not extent or within_span([extent[a], extent[b]], max_span)

    # Per cluster: the summed score and the best score towards each neighbouring cluster.
    total: dict[int, dict[int, float]] = {i: {} for i in range(n)}
    best: dict[int, dict[int, float]] = {i: {} for i in range(n)}
    for (i, j), s in scores.items():
        if s > 0:
            total[i][j] = total[j][i] = s
            best[i][j] = best[j][i] = s
    heap: list[tuple[float, int, int]] = []

    def push(a: int, b: int) -> None:
        if best[a][b] >= link and fits(a, b):
            avg = total[a][b] / (len(members[a]) * len(members[b]))
            if avg >= merge_min:
                heapq.heappush(heap, (-avg, min(a, b), max(a, b)))

    for a in range(n):
        for b in total[a]:
            if a < b:
                push(a, b)
    while heap:
        neg, a, b = heapq.heappop(heap)
        if a not in members or b not in members:
            continue  # one side was merged since this entry was pushed
        current = total[a].get(b, 0.0) / (len(members[a]) * len(members[b]))
        if abs(current + neg) > 1e-12:
            continue  # a stale average: the fresh one was pushed when it changed
        _merge(a, b, members, total, best)
        if extent:
            extent[a] = extent[a].widened(extent.pop(b))
        for c in total[a]:
            push(a, c)
    return sorted(members.values())


def _merge(
    a: int,
    b: int,
    members: dict[int, list[int]],
    total: dict[int, dict[int, float]],
    best: dict[int, dict[int, float]],
) -> None:
    """Fold cluster b into cluster a (a keeps its key, the smaller id)."""
    members[a] = sorted(members[a] + members.pop(b))
    for c, s in total.pop(b).items():
        if c == a:
            continue
        total[a][c] = total[c][a] = total[a].get(c, 0.0) + s
        del total[c][b]
    for c, s in best.pop(b).items():
        if c == a:
            continue
        best[a][c] = best[c][a] = max(best[a].get(c, 0.0), s)
        del best[c][b]
    total[a].pop(b, None)
    best[a].pop(b, None)
