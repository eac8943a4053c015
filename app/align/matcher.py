"""Seed, extend and merge: shared n-grams chained into passages, then made one-to-one."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import compress, count, islice, repeat
from operator import add, mul, ne, not_, sub

from app.align.diffing import word_opcodes
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
    # Words become small ints and n-grams exact ints (digits in base len(vocab)): unlike
    # tuples, ints are not tracked by the garbage collector, which otherwise rescans the
    # heap many times while 2 x 100k n-grams are built. Every pass below runs in C but
    # loops over the repeats of n-grams the two texts share.
    vocab: defaultdict[str, int] = defaultdict(count().__next__)  # dense ids, in one pass
    ids_a = list(map(vocab.__getitem__, na))
    ids_b = list(map(vocab.__getitem__, nb))
    grams_a = _gram_keys(ids_a, n, len(vocab))
    grams_b = _gram_keys(ids_b, n, len(vocab))
    # First position + 1 of each n-gram of A (so that a miss, None, is the only false
    # value); `setdefault` also tells, at each position, whether the n-gram is new there.
    first_a: dict[int, int] = {}
    seen_a = list(map(first_a.setdefault, grams_a, count(1)))
    found = list(map(first_a.get, grams_b))
    # B is only indexed where its n-grams occur in A.
    hits = list(compress(count(), found))
    if not hits:
        return []
    hit_grams = list(compress(grams_b, found))
    first_b: dict[int, int] = {}
    seen_b = list(map(first_b.setdefault, hit_grams, hits))
    # Positions of every occurrence but the first of each repeated n-gram.
    dup_b = list(compress(hits, map(ne, seen_b, hits)))
    repeated = set(map(grams_b.__getitem__, dup_b))
    dup_a: list[int] = []
    if len(first_a) < len(grams_a):
        dup_a = list(compress(count(), map(ne, seen_a, count(1))))
        repeated |= first_b.keys() & set(map(grams_a.__getitem__, dup_a))
    # Encode each seed (i, j) as one int ordered by diagonal, then by position,
    # (j - i) * width + i, less a constant: sorting ints is fast, and consecutive seeds on
    # one diagonal are one exact run.
    width = len(na) + 1
    jj: Iterable[int] = hits
    ii: Iterable[int] = filter(None, found)  # position + 1 in A
    if repeated:
        unique = list(map(not_, map(repeated.__contains__, hit_grams)))
        jj, ii = compress(jj, unique), compress(ii, unique)
    keys = list(map(sub, map(mul, jj, repeat(width)), map(mul, ii, repeat(width - 1))))
    if repeated:
        pos_a = _positions(grams_a, dup_a, first_a, 1, repeated)
        pos_b = _positions(grams_b, dup_b, first_b, 0, repeated)
        keys += _repeat_keys(pos_a, pos_b, width, params.common_ngrams_limit)
    keys.sort()
    # A run ends where the next key is not this key + 1 (same diagonal, next position).
    ends = list(compress(count(1), map(ne, islice(keys, 1, None), map(add, keys, repeat(1)))))
    ends.append(len(keys))
    runs: list[Anchor] = []
    lo = 0
    for hi in ends:
        d, i = divmod(keys[lo] + width - 1, width)
        runs.append((i, i + d, hi - lo - 1 + n))
        lo = hi
    runs.sort()
    return runs


def _gram_keys(ids: list[int], n: int, base: int) -> list[int]:
    """The n-grams of `ids` as exact ints, sum of ids[i + k] * base ** (n - 1 - k)."""
    keys, size = ids, 1  # keys of size-grams
    while size < n:
        step = min(size, n - size)  # double while possible, then add the rest
        tail = keys if step == size else _gram_keys(ids, step, base)
        keys = list(map(add, map(mul, keys, repeat(base**step)), islice(tail, size, None)))
        size += step
    return keys


def _positions(
    grams: list[int], dups: list[int], first: dict[int, int], shift: int, wanted: set[int]
) -> dict[int, list[int]]:
    """Every position of each wanted n-gram, increasing: its first, `first[g] - shift`,
    then the others (`dups` holds all but the first occurrence of every repeat)."""
    pos = {g: [first[g] - shift] for g in wanted}
    for k in dups:
        at = pos.get(grams[k])
        if at is not None:
            at.append(k)
    return pos


def _repeat_keys(
    pos_a: dict[int, list[int]], pos_b: dict[int, list[int]], width: int, limit: int
) -> list[int]:
    """Seeds of n-grams repeated on either side: all pairs if few, else by rank."""
    keys: list[int] = []
    w = width - 1
    for gram, la in pos_a.items():
        lb = pos_b[gram]
        if len(la) <= limit and len(lb) <= limit:
            keys.extend(j * width - (i + 1) * w for i in la for j in lb)
        else:
            # The k-th occurrence in A with the k-th in B: linear in the repeats.
            diag = map(mul, map(add, la, repeat(1)), repeat(w))
            keys.extend(map(sub, map(mul, lb, repeat(width)), diag))
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


def _covers(
    c: Chain,
    sa: tuple[int, int],
    sb: tuple[int, int],
    ta: Tokens,
    tb: Tokens,
    share: float,
    end: bool,
) -> bool:
    """Whether shared words fill at least `share` of both sentences (at the chain's end
    or start).

    Shared words are the chain's own, plus (if those fall short) the words the two
    sentences' uncovered parts before or after the chain have in common, so a sentence
    whose shared words are broken up by edits into stretches shorter than an n-gram
    ("I felt like [a] dog, he said") still counts.
    """
    in_a = in_b = 0
    for a, b, n in c.anchors:
        in_a += max(0, min(a + n, sa[1]) - max(a, sa[0]))
        in_b += max(0, min(b + n, sb[1]) - max(b, sb[0]))
    need_a, need_b = share * (sa[1] - sa[0]), share * (sb[1] - sb[0])
    if in_a >= need_a and in_b >= need_b:
        return True
    if end:
        rest_a, rest_b = (c.a_hi, sa[1]), (c.b_hi, sb[1])
    else:
        rest_a, rest_b = (sa[0], c.a_lo), (sb[0], c.b_lo)
    words_a, words_b = ta.norms[rest_a[0] : rest_a[1]], tb.norms[rest_b[0] : rest_b[1]]
    # Words in common regardless of order bound the diff's equal words from above, and
    # are far cheaper: most different sentences are turned away here.
    most = sum((Counter(words_a) & Counter(words_b)).values())
    if most == 0 or in_a + most < need_a or in_b + most < need_b:
        return False
    ops = word_opcodes(words_a, words_b)
    same = sum(a1 - a0 for op, a0, a1, _, _ in ops if op == "equal")
    return in_a + same >= need_a and in_b + same >= need_b


def _shares_sentence(c: Chain, ta: Tokens, tb: Tokens, params: AlignParams, end: bool) -> bool:
    """Whether the sentence holding the chain's last (or first) token is shared on both sides."""
    limit = params.max_snap_words
    i, j = (c.a_hi - 1, c.b_hi - 1) if end else (c.a_lo, c.b_lo)
    sa, sb = _sentence(ta, i, limit), _sentence(tb, j, limit)
    return (
        sa is not None and sb is not None and _covers(c, sa, sb, ta, tb, params.sentence_snap, end)
    )


def trim_dangling(chains: list[Chain], ta: Tokens, tb: Tokens, params: AlignParams) -> None:
    """Drop a few words a chain carries over a sentence break at either end ("... . The").

    A run of equal words does not stop at a full stop, so a chain can end with the first
    word or two of the next, otherwise different, sentence on both sides. Words of a
    sentence that is shared (see `_covers`) are not dangling: they stay, and
    `snap_to_sentences` widens the chain over the rest of that sentence.
    """
    short = params.ngram
    for c in chains:
        sa = ta.sentence_start(c.a_hi - 1, short)
        sb = tb.sentence_start(c.b_hi - 1, short)
        tail_a, tail_b = c.a_hi - sa, c.b_hi - sb
        if c.a_lo < sa and c.b_lo < sb and tail_a < short and tail_b < short:  # noqa: SIM102
            if (
                ta.is_break_before(sa)
                and tb.is_break_before(sb)
                and not _shares_sentence(c, ta, tb, params, end=True)
            ):
                _clip(c, c.a_lo, sa, c.b_lo, sb)
        ea = ta.sentence_end(c.a_lo, short)
        eb = tb.sentence_end(c.b_lo, short)
        head_a, head_b = ea - c.a_lo, eb - c.b_lo
        if ea < c.a_hi and eb < c.b_hi and head_a < short and head_b < short:  # noqa: SIM102
            if (
                ta.is_break_before(ea)
                and tb.is_break_before(eb)
                and not _shares_sentence(c, ta, tb, params, end=False)
            ):
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
        if sa and sb and _covers(c, sa, sb, ta, tb, share, True):
            hi_a = sa[1] if next_a[k] < 0 else min(sa[1], chains[next_a[k]].a_lo)
            hi_b = sb[1] if next_b[k] < 0 else min(sb[1], chains[next_b[k]].b_lo)
            c.a_hi, c.b_hi = max(hi_a, c.a_hi), max(hi_b, c.b_hi)
        sa, sb = _sentence(ta, c.a_lo, limit), _sentence(tb, c.b_lo, limit)
        if sa and sb and _covers(c, sa, sb, ta, tb, share, False):
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
