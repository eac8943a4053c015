"""Word n-gram shingles with a stable 64-bit hash, and winnowing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from xxhash import xxh3_64_intdigest

from app.align.tokenize import tokenized


@dataclass(frozen=True, slots=True)
class IndexParams:
    """Tuning knobs of the candidate index; changing any means re-indexing every article."""

    # Words per shingle. passim uses 5: long enough that unrelated articles rarely share
    # one by chance, short enough that a reprint with light edits keeps most of them.
    ngram: int = 5
    # Winnowing window, in shingles: every run of ngram + window - 1 = 20 shared words
    # yields a common fingerprint (a long sentence; reprints share paragraphs), and about
    # 2 / (window + 1) = 12% of the shingles are stored. Each stored row costs a B-tree
    # write on import, so the window trades recall of short shared runs for speed: at 8
    # (12 words) the index had twice the rows and a bulk import ran 12-20% slower. The
    # index only proposes candidates; articles sharing less are still found by topic.
    window: int = 16


DEFAULT_PARAMS = IndexParams()
# Separates words inside a shingle before hashing; never part of a normalised word.
_SEP = "\x1f"
_HALF = 1 << 63


def shingle_hashes(body: str, ngram: int = DEFAULT_PARAMS.ngram) -> list[int]:
    """Stable signed 64-bit hashes of every word `ngram`-gram of `body`, in text order.

    XXH3, not built-in hash(): the values are stored, and hash() is salted per process.
    Shifted down by 2**63 so that every value fits SQLite's signed INTEGER.
    """
    norms = tokenized(body).norms
    grams = map(str.encode, map(_SEP.join, zip(*(norms[k:] for k in range(ngram)), strict=False)))
    return [h - _HALF for h in map(xxh3_64_intdigest, grams)]


def winnow(hashes: Sequence[int], window: int) -> list[int]:
    """The fingerprints winnowing selects: the minimum of every `window` consecutive hashes.

    Ties go to the rightmost minimum, and a window whose minimum is the one already
    chosen adds nothing (robust winnowing). Fewer hashes than one window: their minimum.
    Returns distinct values in order of first selection.
    """
    if not hashes:
        return []
    if len(hashes) <= window:
        return [min(hashes)]
    chosen: dict[int, None] = {}
    last = -1  # position of the last chosen minimum
    for start in range(len(hashes) - window + 1):
        if last < start:
            # The previous minimum left the window: scan it afresh (rightmost minimum).
            last = start
            for k in range(start + 1, start + window):
                if hashes[k] <= hashes[last]:
                    last = k
        else:
            k = start + window - 1  # only the new hash can beat the current minimum
            if hashes[k] <= hashes[last]:
                last = k
            else:
                continue
        chosen[hashes[last]] = None
    return list(chosen)


def fingerprint(body: str, params: IndexParams = DEFAULT_PARAMS) -> list[int]:
    """The winnowed fingerprints of `body`: distinct stable 64-bit ints, in text order."""
    return winnow(shingle_hashes(body, params.ngram), params.window)
