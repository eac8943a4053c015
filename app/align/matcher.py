"""Seed, extend and merge: shared n-grams chained into passages, then made one-to-one."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from app.align.tokenize import Tokens
from app.align.types import AlignParams

# (a, b, length): tokens a..a+length-1 of A equal tokens b..b+length-1 of B.
Anchor = tuple[int, int, int]


@dataclass(slots=True)
class Chain:
    """A candidate passage: exact anchors, increasing on both sides, within bounds."""

    anchors: list[Anchor]
    a_lo: int
    a_hi: int
    b_lo: int
    b_hi: int
    matched: int = field(default=0)

    @classmethod
    def of(cls, anchors: list[Anchor]) -> Chain:
        a0, b0, _ = anchors[0]
        a1, b1, n1 = anchors[-1]
        return cls(anchors, a0, a1 + n1, b0, b1 + n1, sum(n for _, _, n in anchors))


def seed_runs(na: Sequence[str], nb: Sequence[str], params: AlignParams) -> list[Anchor]:
    """Exact runs of shared words, found from shared n-grams, sorted by (a, b)."""
    n = params.ngram
    if len(na) < n or len(nb) < n:
        return []
    grams_a = list(zip(*(na[k:] for k in range(n)), strict=False))
    grams_b = list(zip(*(nb[k:] for k in range(n)), strict=False))
    # dict(zip(...)) and Counter run in C; the Python loop below only touches n-grams
    # that B shares with A.
    last_a = dict(zip(grams_a, range(len(grams_a)), strict=True))
    last_b = dict(zip(grams_b, range(len(grams_b)), strict=True))
    count_a = Counter(grams_a) if len(last_a) < len(grams_a) else None
    count_b = Counter(grams_b) if len(last_b) < len(grams_b) else None
    # Encode each seed (i, j) as one int ordered by diagonal, then by position: sorting
    # ints is fast, and consecutive seeds on one diagonal are one exact run.
    width = len(na) + 1
    keys: list[int] = []
    repeated: dict[tuple[str, ...], None] = {}
    for gram, j in last_b.items():
        i = last_a.get(gram)
        if i is None:
            continue
        if (count_a is None or count_a[gram] == 1) and (count_b is None or count_b[gram] == 1):
            keys.append((j - i + width) * width + i)
        else:
            repeated[gram] = None
    if repeated:
        keys += _repeat_keys(grams_a, grams_b, repeated, width, params.common_ngrams_limit)
    keys.sort()
    runs: list[Anchor] = []
    prev_d = prev_i = -2
    start_i = 0
    for key in keys:
        d, i = divmod(key, width)
        if d == prev_d and i == prev_i + 1:
            prev_i = i
            continue
        if prev_d >= 0:
            runs.append((start_i, start_i + prev_d - width, prev_i - start_i + n))
        prev_d, prev_i, start_i = d, i, i
    if prev_d >= 0:
        runs.append((start_i, start_i + prev_d - width, prev_i - start_i + n))
    runs.sort()
    return runs


def _repeat_keys(
    grams_a: list[tuple[str, ...]],
    grams_b: list[tuple[str, ...]],
    repeated: dict[tuple[str, ...], None],
    width: int,
    limit: int,
) -> list[int]:
    """Seeds of n-grams repeated on either side: all pairs if few, else by rank."""
    pos_a: dict[tuple[str, ...], list[int]] = {g: [] for g in repeated}
    pos_b: dict[tuple[str, ...], list[int]] = {g: [] for g in repeated}
    for i, gram in enumerate(grams_a):
        if gram in repeated:
            pos_a[gram].append(i)
    for j, gram in enumerate(grams_b):
        if gram in repeated:
            pos_b[gram].append(j)
    keys: list[int] = []
    for gram in repeated:
        la, lb = pos_a[gram], pos_b[gram]
        if len(la) <= limit and len(lb) <= limit:
            keys.extend((j - i + width) * width + i for i in la for j in lb)
        else:
            # The k-th occurrence in A with the k-th in B: linear in the repeats.
            keys.extend((j - i + width) * width + i for i, j in zip(la, lb, strict=False))
    return keys


def chain_runs(runs: list[Anchor], max_gap: int) -> list[Chain]:
    """Greedily join runs whose gaps on both sides are at most `max_gap` words."""
    done: list[Chain] = []
    active: list[Chain] = []
    for a, b, length in runs:
        if active and any(c.a_hi + max_gap < a for c in active):
            done.extend(c for c in active if c.a_hi + max_gap < a)
            active = [c for c in active if c.a_hi + max_gap >= a]
        best: Chain | None = None
        best_gap = best_clip = 0
        for c in active:
            gap_a, gap_b = a - c.a_hi, b - c.b_hi
            if gap_a > max_gap or gap_b > max_gap or b < c.b_lo:
                continue
            # Runs from overlapping n-grams may start inside the chain: drop their head.
            clip = max(0, -gap_a, -gap_b)
            if clip >= length:
                continue
            gap = gap_a + gap_b + 2 * clip
            if best is None or gap < best_gap:
                best, best_gap, best_clip = c, gap, clip
        if best is None:
            active.append(Chain([(a, b, length)], a, a + length, b, b + length, length))
            continue
        k = best_clip
        best.anchors.append((a + k, b + k, length - k))
        best.a_hi, best.b_hi = a + length, b + length
        best.matched += length - k
    done.extend(active)
    return done


class _Intervals:
    """Sorted disjoint half-open intervals with an overlap test."""

    __slots__ = ("los", "his")

    def __init__(self) -> None:
        self.los: list[int] = []
        self.his: list[int] = []

    def overlapping(self, lo: int, hi: int) -> list[tuple[int, int]]:
        k = max(0, bisect_right(self.los, lo) - 1)
        out = []
        while k < len(self.los) and self.los[k] < hi:
            if self.his[k] > lo:
                out.append((self.los[k], self.his[k]))
            k += 1
        return out

    def add(self, lo: int, hi: int) -> None:
        k = bisect_right(self.los, lo)
        self.los.insert(k, lo)
        self.his.insert(k, hi)


def _free_parts(anchor: Anchor, taken_a: _Intervals, taken_b: _Intervals) -> list[Anchor]:
    """The parts of an anchor that touch no accepted passage on either side."""
    a, b, n = anchor
    blocked = [(lo - a, hi - a) for lo, hi in taken_a.overlapping(a, a + n)]
    blocked += [(lo - b, hi - b) for lo, hi in taken_b.overlapping(b, b + n)]
    if not blocked:
        return [anchor]
    blocked.sort()
    parts: list[Anchor] = []
    k = 0
    for lo, hi in blocked:
        if lo > k:
            parts.append((a + k, b + k, min(lo, n) - k))
        k = max(k, hi)
        if k >= n:
            break
    if k < n:
        parts.append((a + k, b + k, n - k))
    return parts


def one_to_one(chains: list[Chain], keep: Callable[[Chain], bool]) -> list[Chain]:
    """Best chains first; later ones lose whatever overlaps, and split where they lost it."""
    chains = sorted(chains, key=lambda c: (-c.matched, c.a_lo, c.b_lo, c.a_hi, c.b_hi))
    taken_a, taken_b = _Intervals(), _Intervals()
    accepted: list[Chain] = []
    for chain in chains:
        if not keep(chain):
            continue
        groups: list[list[Anchor]] = []
        for anchor in chain.anchors:
            for part in _free_parts(anchor, taken_a, taken_b):
                if groups:
                    pa, pb, pn = groups[-1][-1]
                    if not taken_a.overlapping(pa + pn, part[0]) and not taken_b.overlapping(
                        pb + pn, part[1]
                    ):
                        groups[-1].append(part)
                        continue
                groups.append([part])
        pieces: list[Chain] = []
        for group in groups:
            piece = chain if len(groups) == 1 and group == chain.anchors else Chain.of(group)
            if piece is chain or keep(piece):
                pieces.append(piece)
        # Pieces of one chain are disjoint; register them together so none blocks another.
        for piece in pieces:
            taken_a.add(piece.a_lo, piece.a_hi)
            taken_b.add(piece.b_lo, piece.b_hi)
        accepted.extend(pieces)
    return accepted


def _sentence(tokens: Tokens, i: int, limit: int) -> tuple[int, int] | None:
    """Token bounds of the sentence holding token i, or None if longer than `limit`."""
    lo = tokens.sentence_start(i, limit)
    hi = tokens.sentence_end(i, limit)
    if (lo > 0 and not tokens.is_break_before(lo)) or (
        hi < len(tokens) and not tokens.is_break_before(hi)
    ):
        return None
    return lo, hi


def _covers(c: Chain, sa: tuple[int, int], sb: tuple[int, int], share: float) -> bool:
    """Whether matched words fill at least `share` of both sentences."""
    in_a = in_b = 0
    for a, b, n in c.anchors:
        in_a += max(0, min(a + n, sa[1]) - max(a, sa[0]))
        in_b += max(0, min(b + n, sb[1]) - max(b, sb[0]))
    return in_a >= share * (sa[1] - sa[0]) and in_b >= share * (sb[1] - sb[0])


def trim_dangling(chains: list[Chain], ta: Tokens, tb: Tokens, params: AlignParams) -> None:
    """Drop a few words a chain carries over a sentence break at either end ("... . The").

    A run of equal words does not stop at a full stop, so a chain can end with the first
    word or two of the next, otherwise different, sentence on both sides.
    """
    short = params.ngram
    for c in chains:
        sa = ta.sentence_start(c.a_hi - 1, short)
        sb = tb.sentence_start(c.b_hi - 1, short)
        tail_a, tail_b = c.a_hi - sa, c.b_hi - sb
        if c.a_lo < sa and c.b_lo < sb and tail_a < short and tail_b < short:  # noqa: SIM102
            if ta.is_break_before(sa) and tb.is_break_before(sb):
                _clip(c, c.a_lo, sa, c.b_lo, sb)
        ea = ta.sentence_end(c.a_lo, short)
        eb = tb.sentence_end(c.b_lo, short)
        head_a, head_b = ea - c.a_lo, eb - c.b_lo
        if ea < c.a_hi and eb < c.b_hi and head_a < short and head_b < short:  # noqa: SIM102
            if ta.is_break_before(ea) and tb.is_break_before(eb):
                _clip(c, ea, c.a_hi, eb, c.b_hi)


def _clip(c: Chain, a_lo: int, a_hi: int, b_lo: int, b_hi: int) -> None:
    """Restrict a chain (and its anchors) to new bounds."""
    anchors: list[Anchor] = []
    for a, b, n in c.anchors:
        lo = max(0, a_lo - a, b_lo - b)
        hi = min(n, a_hi - a, b_hi - b)
        if hi > lo:
            anchors.append((a + lo, b + lo, hi - lo))
    if not anchors:
        return
    c.anchors = anchors
    c.a_lo, c.a_hi, c.b_lo, c.b_hi = a_lo, a_hi, b_lo, b_hi
    c.matched = sum(n for _, _, n in anchors)


def _neighbours(chains: list[Chain], side: str) -> tuple[list[int], list[int]]:
    """Index of each chain's previous and next chain along one side (-1: none)."""
    order = sorted(range(len(chains)), key=lambda k: getattr(chains[k], side + "_lo"))
    prev = [-1] * len(chains)
    nxt = [-1] * len(chains)
    for x, y in zip(order, order[1:], strict=False):
        nxt[x], prev[y] = y, x
    return prev, nxt


def snap_to_sentences(chains: list[Chain], ta: Tokens, tb: Tokens, params: AlignParams) -> None:
    """Widen chain ends to sentence ends when most of that sentence is shared on both sides.

    Widening stops at neighbouring chains, so chains stay disjoint.
    """
    limit = params.max_snap_words
    share = params.sentence_snap
    prev_a, next_a = _neighbours(chains, "a")
    prev_b, next_b = _neighbours(chains, "b")
    for k in sorted(range(len(chains)), key=lambda k: (chains[k].a_lo, chains[k].b_lo)):
        c = chains[k]
        sa, sb = _sentence(ta, c.a_hi - 1, limit), _sentence(tb, c.b_hi - 1, limit)
        if sa and sb and _covers(c, sa, sb, share):
            hi_a = sa[1] if next_a[k] < 0 else min(sa[1], chains[next_a[k]].a_lo)
            hi_b = sb[1] if next_b[k] < 0 else min(sb[1], chains[next_b[k]].b_lo)
            c.a_hi, c.b_hi = max(hi_a, c.a_hi), max(hi_b, c.b_hi)
        sa, sb = _sentence(ta, c.a_lo, limit), _sentence(tb, c.b_lo, limit)
        if sa and sb and _covers(c, sa, sb, share):
            lo_a = sa[0] if prev_a[k] < 0 else max(sa[0], chains[prev_a[k]].a_hi)
            lo_b = sb[0] if prev_b[k] < 0 else max(sb[0], chains[prev_b[k]].b_hi)
            c.a_lo, c.b_lo = min(lo_a, c.a_lo), min(lo_b, c.b_lo)


def merge_adjacent(chains: list[Chain], max_gap: int) -> list[Chain]:
    """Join chains that follow each other on both sides with small gaps (sorted by A)."""
    chains = sorted(chains, key=lambda c: (c.a_lo, c.b_lo))
    _, next_b = _neighbours(chains, "b")
    out: list[Chain] = []
    last = -1
    for k, c in enumerate(chains):
        if out and next_b[last] == k:
            p = out[-1]
            if 0 <= c.a_lo - p.a_hi <= max_gap and 0 <= c.b_lo - p.b_hi <= max_gap:
                p.anchors.extend(c.anchors)
                p.a_hi, p.b_hi = c.a_hi, c.b_hi
                p.matched += c.matched
                last = k
                continue
        out.append(c)
        last = k
    return out
