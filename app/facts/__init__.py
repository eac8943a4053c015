"""Paraphrase finding: which sentences of two articles state the same fact in other words.

A pure library like `app.align`: strings in, frozen dataclasses out. Importing it loads no
model; the embedding weights (wordllama's, shipped in its wheel) load on first use.
"""

from __future__ import annotations

from app.facts.embedding import Embedder, embedder
from app.facts.sentences import split_sentences
from app.facts.similarity import SAME_THRESHOLD, compare, compare_pairs, pair_signals
from app.facts.types import FEATURE_NAMES, Sentence, Signals, Similarity, WordSpan

__all__ = [
    "FEATURE_NAMES",
    "SAME_THRESHOLD",
    "Embedder",
    "Sentence",
    "Signals",
    "Similarity",
    "WordSpan",
    "compare",
    "compare_pairs",
    "embedder",
    "pair_signals",
    "split_sentences",
]
