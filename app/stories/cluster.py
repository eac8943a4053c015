"""Average-linkage clustering over a sparse graph of linking scores."""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Mapping, Sequence


def average_linkage(
    n: int,
    scores: Mapping[tuple[int, int], float],
    link: float,
    merge_min: float,
    dates: Sequence[dt.date | None] | None = None,
    max_span: int | None = None,
    floors: Sequence[dt.date | None] | None = None,
) -> list[list[int]]:
    """Clusters of nodes 0..n-1, merged greedily by highest average score.

    `scores` holds the known pair scores (i < j); a missing pair scores 0. Two clusters
    merge only if some cross pair scores at least `link` and the average over all their
    cross pairs is at least `merge_min`: a chain of single links through a broad
    article cannot pull two distinct events together, because the average over the
    pairs that do not link drags it down. Ties break on the smallest member ids, so
    the result is deterministic.

    With `dates` (one per node, None for undated) and `max_span`, two clusters merge
    only while all the dated members of both are within `max_span` days of each other;
    with `floors` (per node, the earliest day an undated one can be from, or None), only
    while a cluster with dated members has one dated on or after each member's floor.
    """
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    # Per cluster: its first and last date (None when no member is dated).
    span: dict[int, tuple[dt.date, dt.date] | None] = {
        i: (d, d) if (d := dates[i] if dates else None) is not None else None for i in range(n)
    }
    # Per cluster: the latest of its members' floors (None when none has one).
    floor: dict[int, dt.date | None] = {i: floors[i] if floors else None for i in range(n)}

    def fits(a: int, b: int) -> bool:
        sa, sb = span[a], span[b]
        lasts = [s[1] for s in (sa, sb) if s is not None]
        highest = max((f for f in (floor[a], floor[b]) if f is not None), default=None)
        if highest is not None and lasts and max(lasts) < highest:
            return False
        if max_span is None or sa is None or sb is None:
            return True
        return (max(sa[1], sb[1]) - min(sa[0], sb[0])).days <= max_span

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
        sa, sb = span[a], span.pop(b)
        span[a] = sa if sb is None else sb if sa is None else (min(sa[0], sb[0]), max(sa[1], sb[1]))
        fa, fb = floor[a], floor.pop(b)
        floor[a] = fa if fb is None else fb if fa is None else max(fa, fb)
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
