"""Frozen result and parameter types of the alignment engine."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Literal

# Bump by hand whenever the algorithm changes in a way that could change output for the
# same parameters; `version_for` adds a digest of the parameters actually used.
ALGORITHM_REVISION = 2

# "paraphrase" passages (same fact, other words) come from `app.facts.analyse`, never
# from `align`, which finds copy only.
PassageKind = Literal["verbatim", "near", "quote", "paraphrase"]
OpName = Literal["equal", "delete", "insert"]


@dataclass(frozen=True, slots=True)
class Span:
    """Half-open range of Python string indices into one original text."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class DiffOp:
    """One word-level edit inside a passage; spans are absolute offsets."""

    op: OpName
    a: Span | None
    b: Span | None


@dataclass(frozen=True, slots=True)
class Passage:
    """A stretch of text shared by A and B."""

    id: int
    kind: PassageKind
    a: Span
    b: Span
    similarity: float
    edits: tuple[DiffOp, ...]
    # Who both texts say said it (a quotation, or a statement reported in other words):
    # set by `app.facts.analyse` when told who said what, never by `align`.
    speaker: str | None = None


@dataclass(frozen=True, slots=True)
class AlignStats:
    """Summary figures of an alignment."""

    words_a: int  # words (tokens) in A
    words_b: int  # words (tokens) in B
    share_a: float  # share of A's words inside passages, 0..1
    share_b: float  # share of B's words inside passages, 0..1
    verbatim: int  # passages by kind
    near: int
    quote: int
    longest_passage_words: int  # longest passage, in words of its longer side
    # From `app.facts.analyse` only (0 from `align`): same-fact links, and the share of each
    # text's words inside them (beside `share_a`/`share_b`, never overlapping them).
    paraphrase: int = 0
    fact_share_a: float = 0.0
    fact_share_b: float = 0.0


@dataclass(frozen=True, slots=True)
class Coverage:
    """How much of each text lies inside the passages two texts share: `AlignStats`'
    first four figures, which `coverage` gets without building the passages."""

    words_a: int
    words_b: int
    share_a: float
    share_b: float


@dataclass(frozen=True, slots=True)
class AlignParams:
    """Tuning knobs; vocabulary borrowed from text-pair (ARTFL)."""

    # Words per seed n-gram. 4 measured best on the labelled pairs: 3 seeds on common
    # phrases, 5 misses shared text between edits one to four words apart.
    ngram: int = 4
    # Largest number of unmatched words (on either side) bridged between two matching
    # stretches, so a few inserted, deleted or replaced words stay inside one passage.
    max_gap: int = 8
    # Matching n-grams a passage needs (outside quotations) to be reported; guards
    # against stock phrases shared by unrelated articles.
    minimum_matching_ngrams: int = 6
    # An n-gram seen more often than this in either text is paired by rank (k-th with
    # k-th) rather than every occurrence with every other, so repeats stay linear.
    common_ngrams_limit: int = 4
    # Words of matched text a shared quotation needs when it is inside quotation marks
    # on at least one side (shorter than a normal passage).
    min_quote_words: int = 6
    # Share of a sentence (on both sides) a passage must cover before it is widened to
    # the whole sentence, so edited words show as edits rather than unshared text.
    sentence_snap: float = 0.5
    # Largest number of words a passage end may be widened by when snapping to a sentence.
    max_snap_words: int = 40


@dataclass(frozen=True, slots=True)
class Alignment:
    """Everything `align(a, b)` found."""

    passages: tuple[Passage, ...]
    stats: AlignStats
    params: AlignParams
    version: str = field(default="")


def version_for(params: AlignParams) -> str:
    """Version string: algorithm revision plus a digest of the parameters used."""
    blob = json.dumps(asdict(params), sort_keys=True).encode()
    return f"align-{ALGORITHM_REVISION}-{hashlib.sha256(blob).hexdigest()[:8]}"
