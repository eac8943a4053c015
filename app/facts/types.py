"""Frozen result types of the same-statement library."""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a body: `text == body[start:end]`."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class WordSpan:
    """Half-open range of string indices into one sentence, and the word's matching form."""

    start: int
    end: int
    norm: str


@dataclass(frozen=True, slots=True)
class Signals:
    """The cheap and the learned signals of one pair, each symmetric and about 0..1 (but
    `function_words`, a log-odds)."""

    cosine: float  # sentence embeddings (mean of all token vectors)
    content_cosine: float  # embeddings of the content words only
    word_alignment: float  # each content word's best cosine in the other, averaged both ways
    jaccard: float  # content-word stems
    ngram_min: float  # BLEU-like n-gram precision (n = 1..4), the lower of the two directions
    ngram_max: float  # the same, the higher direction
    lcs: float  # longest common word subsequence over the mean length
    length_ratio: float  # shorter over longer, in words
    names: float  # Jaccard of names (capitalised words not opening the sentence); 1 if none
    numbers: float  # Jaccard of numbers; 1 if neither has any
    number_mismatch: float  # 1 when a number stands in one sentence but not the other
    negation_mismatch: float  # 1 when exactly one side says "not", "never", "no"...
    content_ngram_min: float  # `ngram_min` over content-word stems only
    content_precision_min: float  # share of content stems found in the other, lower side
    numbers_unshared: float  # numbers standing in only one sentence, a third each, at most 1
    # What the function words both use or only one uses add to the log-odds (`WORD_WEIGHTS`,
    # fitted with the weights; its own weight is 1): an "and" or a "which" in one only
    # lowers it, a "said" or a "told" in one only raises it.
    function_words: float

    def vector(self) -> tuple[float, ...]:
        """The values in `FEATURE_NAMES` order."""
        return tuple(getattr(self, name) for name in FEATURE_NAMES)


FEATURE_NAMES: tuple[str, ...] = tuple(f.name for f in fields(Signals))


@dataclass(frozen=True, slots=True)
class Similarity:
    """How likely two sentences make the same statement, and the words they share."""

    score: float  # 0..1, symmetric
    same: bool  # score >= the threshold chosen on the training pairs
    signals: Signals
    shared: tuple[str, ...]  # matching forms of the words both use, in A's order
    shared_a: tuple[WordSpan, ...]  # where they stand in A
    shared_b: tuple[WordSpan, ...]  # and in B
