"""From resolved chains to Passage values: kinds, word edits, similarity, stats."""

from __future__ import annotations

from app.align.diffing import word_opcodes
from app.align.matcher import Chain
from app.align.quotes import QuoteIndex
from app.align.tokenize import Tokens
from app.align.types import AlignStats, Coverage, DiffOp, Passage, PassageKind, Span

# (op, a_lo, a_hi, b_lo, b_hi) in absolute token indices.
_TokenOp = tuple[str, int, int, int, int]


def _token_ops(c: Chain, ta: Tokens, tb: Tokens) -> list[_TokenOp]:
    """Anchors are equal by construction; only the gaps between them are diffed."""
    ops: list[_TokenOp] = []
    i, j = c.a_lo, c.b_lo
    for a, b, n in [*c.anchors, (c.a_hi, c.b_hi, 0)]:
        if a > i or b > j:
            for op, a0, a1, b0, b1 in word_opcodes(ta.norms[i:a], tb.norms[j:b]):
                ops.append((op, i + a0, i + a1, j + b0, j + b1))
        if n:
            ops.append(("equal", a, a + n, b, b + n))
        i, j = a + n, b + n
    merged: list[_TokenOp] = []
    for cur in ops:
        if merged and merged[-1][0] == cur[0]:
            p = merged[-1]
            merged[-1] = (cur[0], p[1], cur[2], p[3], cur[4])
        else:
            merged.append(cur)
    return merged


def _span(t: Tokens, lo: int, hi: int) -> Span | None:
    return Span(t.starts[lo], t.ends[hi - 1]) if hi > lo else None


def _whole_sentences(t: Tokens, lo: int, hi: int) -> bool:
    return t.is_break_before(lo) and t.is_break_before(hi)


def build_passage(
    c: Chain, ta: Tokens, tb: Tokens, qa: QuoteIndex, qb: QuoteIndex, pid: int
) -> Passage:
    """Classify a chain and compute its edits."""
    ops = _token_ops(c, ta, tb)
    same = sum(a1 - a0 for op, a0, a1, _, _ in ops if op == "equal")
    size = (c.a_hi - c.a_lo) + (c.b_hi - c.b_lo)
    similarity = round(2 * same / size, 4) if size else 1.0
    kind: PassageKind
    if (qa.contains(c.a_lo, c.a_hi) or qb.contains(c.b_lo, c.b_hi)) and not (
        _whole_sentences(ta, c.a_lo, c.a_hi) and _whole_sentences(tb, c.b_lo, c.b_hi)
    ):
        kind = "quote"
    elif len(ops) == 1 and ops[0][0] == "equal":
        kind = "verbatim"
    else:
        kind = "near"
    edits = tuple(
        DiffOp(op, _span(ta, a0, a1), _span(tb, b0, b1))  # type: ignore[arg-type]
        for op, a0, a1, b0, b1 in ops
    )
    a_span = Span(ta.starts[c.a_lo], ta.ends[c.a_hi - 1])
    b_span = Span(tb.starts[c.b_lo], tb.ends[c.b_hi - 1])
    return Passage(pid, kind, a_span, b_span, similarity, edits)


def compute_coverage(chains: list[Chain], na: int, nb: int) -> Coverage:
    """Shares of words inside the passages the chains become."""
    in_a = sum(c.a_hi - c.a_lo for c in chains)
    in_b = sum(c.b_hi - c.b_lo for c in chains)
    return Coverage(
        words_a=na,
        words_b=nb,
        share_a=round(in_a / na, 4) if na else 0.0,
        share_b=round(in_b / nb, 4) if nb else 0.0,
    )


def compute_stats(chains: list[Chain], passages: list[Passage], na: int, nb: int) -> AlignStats:
    """Shares of words inside passages, counts by kind, the longest passage."""
    covered = compute_coverage(chains, na, nb)
    kinds = [p.kind for p in passages]
    return AlignStats(
        words_a=na,
        words_b=nb,
        share_a=covered.share_a,
        share_b=covered.share_b,
        verbatim=kinds.count("verbatim"),
        near=kinds.count("near"),
        quote=kinds.count("quote"),
        longest_passage_words=max(
            (max(c.a_hi - c.a_lo, c.b_hi - c.b_lo) for c in chains), default=0
        ),
    )
