"""Passage alignment of two texts: which stretches of B reprint stretches of A.

A pure library: text in, frozen dataclasses out (see `types`). The pipeline:

1. **Tokenise** (`tokenize`): a plain word-run split gives words with character offsets
   into the original text (clusters like "U.S." or "100,000" are recut by the full token
   pattern); a cached normal form (case, NFKC, quotes, "U.S."/"US", "100,000",
   "won't"/"will not", British/American spelling) is used for matching only.
2. **Seed** (`matcher.seed_runs`): word n-grams (`ngram`, 4 by measurement), as exact ints
   built from per-call word ids, shared by both texts; n-grams repeated more than
   `common_ngrams_limit` times are paired by rank, so repetitive input stays linear.
   Consecutive seeds on one diagonal become exact runs. Order does not matter: a
   paragraph moved to the end is still found.
3. **Extend and merge** (`matcher.chain_runs`): runs are chained while the gaps on both
   sides stay within `max_gap` words, bridging small edits and paragraph breaks.
4. **Filter, quotes** (`quotes`): a chain needs `minimum_matching_ngrams`, unless it lies
   inside quotation marks on either side and has `min_quote_words` words.
5. **One-to-one** (`matcher.one_to_one`): best chains first; a later chain loses the words
   an accepted one already covers, and is split there.
6. **Sentence snapping** (`matcher.trim_dangling`, `matcher.snap_to_sentences`): words a
   chain carries into a different next sentence are dropped; a passage covering most of a
   sentence on both sides (its own words, plus words the rest of both sentences share by
   diff) is widened to the whole sentence, then neighbours that now touch are merged.
7. **Diff inside pairs** (`passages`, `diffing`): anchors are equal; only the gaps between
   them are diffed with diff-match-patch on word tokens, giving `equal`/`delete`/`insert`
   ops with absolute character spans. Kinds: `verbatim`, `near`, `quote`.

Determinism and symmetry: nothing depends on `hash()` of strings or on set order; the
pair is always computed in one canonical orientation (the smaller string first) and
mirrored, so `align(b, a)` is exactly `mirror(align(a, b))`, ids included. Ids number
passages by position in the canonical first text; the tuple is sorted by position in A.

`Alignment.version` is `align-<ALGORITHM_REVISION>-<digest of the params used>`: bump
`types.ALGORITHM_REVISION` by hand with any change that could alter output.
"""

from __future__ import annotations

from dataclasses import replace

from app.align.matcher import (
    Chain,
    chain_runs,
    merge_adjacent,
    one_to_one,
    seed_runs,
    snap_to_sentences,
    trim_dangling,
)
from app.align.passages import build_passage, compute_coverage, compute_stats
from app.align.quotes import QuoteIndex
from app.align.tokenize import Tokens, tokenized
from app.align.types import (
    Alignment,
    AlignParams,
    AlignStats,
    Coverage,
    DiffOp,
    Passage,
    Span,
    version_for,
)

__all__ = [
    "AlignParams",
    "AlignStats",
    "Alignment",
    "Coverage",
    "DiffOp",
    "Passage",
    "Span",
    "align",
    "coverage",
    "mirror",
]

_SWAP_OP = {"equal": "equal", "delete": "insert", "insert": "delete"}


def align(a: str, b: str, params: AlignParams | None = None) -> Alignment:
    """Find the passages text `b` shares with text `a`."""
    params = params or AlignParams()
    if b < a:
        return mirror(_align(b, a, params))
    return _align(a, b, params)


def coverage(a: str, b: str, params: AlignParams | None = None) -> Coverage:
    """How much of each text lies in the passages `align(a, b)` finds (its stats' words
    and shares, the same numbers), without building the passages: no word diffs, no
    passage kinds. For callers that only weigh how much two texts share."""
    params = params or AlignParams()
    if b < a:
        c = _coverage(b, a, params)
        return Coverage(c.words_b, c.words_a, c.share_b, c.share_a)
    return _coverage(a, b, params)


def _coverage(a: str, b: str, params: AlignParams) -> Coverage:
    ta = tokenized(a)
    tb = tokenized(b) if b != a else ta
    return compute_coverage(_chains(ta, tb, params, []), len(ta), len(tb))


def mirror(al: Alignment) -> Alignment:
    """The same alignment seen from the other side: a<->b, delete<->insert, same ids."""
    passages = [
        replace(
            p,
            a=p.b,
            b=p.a,
            edits=tuple(DiffOp(_SWAP_OP[e.op], e.b, e.a) for e in p.edits),  # type: ignore[arg-type]
        )
        for p in al.passages
    ]
    passages.sort(key=lambda p: (p.a.start, p.b.start))
    s = al.stats
    stats = replace(
        s,
        words_a=s.words_b,
        words_b=s.words_a,
        share_a=s.share_b,
        share_b=s.share_a,
        fact_share_a=s.fact_share_b,
        fact_share_b=s.fact_share_a,
    )
    return replace(al, passages=tuple(passages), stats=stats)


def _align(a: str, b: str, params: AlignParams) -> Alignment:
    ta = tokenized(a)
    tb = tokenized(b) if b != a else ta
    quotes: list[QuoteIndex] = []  # both sides' quotations, built once when first needed
    chains = _chains(ta, tb, params, quotes)
    passages: list[Passage] = []
    if chains:
        if not quotes:
            quotes.extend((QuoteIndex(ta), QuoteIndex(tb)))
        qa, qb = quotes
        passages = [build_passage(c, ta, tb, qa, qb, k + 1) for k, c in enumerate(chains)]
    stats = compute_stats(chains, passages, len(ta), len(tb))
    return Alignment(tuple(passages), stats, params, version_for(params))


def _chains(ta: Tokens, tb: Tokens, params: AlignParams, quotes: list[QuoteIndex]) -> list[Chain]:
    if ta is tb:
        # Identical texts: the whole text, once (the general path could pair repeats
        # off the diagonal and break the mirror property on itself).
        n = len(ta)
        if n < params.ngram + params.minimum_matching_ngrams - 1:
            return []
        return [Chain([(0, 0, n)], 0, n, 0, n, n)]
    runs = seed_runs(ta.norms, tb.norms, params)
    if not runs:
        return []
    chains = chain_runs(runs, params.max_gap)
    n = params.ngram

    def keep(c: Chain) -> bool:
        grams = sum(max(0, k - n + 1) for _, _, k in c.anchors)
        if grams >= params.minimum_matching_ngrams:
            return True
        if c.matched < params.min_quote_words:
            return False
        if not quotes:  # built lazily: most pairs never need it
            quotes.extend((QuoteIndex(ta), QuoteIndex(tb)))
        return quotes[0].contains(c.a_lo, c.a_hi) or quotes[1].contains(c.b_lo, c.b_hi)

    chains = one_to_one(chains, keep)
    trim_dangling(chains, ta, tb, params)
    chains = merge_adjacent(chains, params.max_gap)
    snap_to_sentences(chains, ta, tb, params)
    chains = merge_adjacent(chains, params.max_gap)
    chains.sort(key=lambda c: (c.a_lo, c.b_lo))
    return chains
