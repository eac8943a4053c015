"""Paraphrase finding: which sentences of two articles state the same fact in other words.

A pure library like `app.align`: strings in, frozen dataclasses out. Importing it loads no
model; the embedding weights (wordllama's, shipped in its wheel) load on first use.
"""

from __future__ import annotations

from app.facts.analysis import FACTS_REVISION, analyse, analysis_version
from app.facts.embedding import Embedder, embedder
from app.facts.links import FactLink, FactParams, link_facts
from app.facts.sentences import split_sentences
from app.facts.similarity import SAME_THRESHOLD, compare, compare_pairs, pair_signals
from app.facts.types import FEATURE_NAMES, Sentence, Signals, Similarity, WordSpan

__all__ = [
    "FACTS_REVISION",
    "FEATURE_NAMES",
    "SAME_THRESHOLD",
    "Embedder",
    "FactLink",
    "FactParams",
    "Sentence",
    "Signals",
    "Similarity",
    "WordSpan",
    "analyse",
    "analysis_version",
    "compare",
    "compare_pairs",
    "embedder",
    "link_facts",
    "pair_signals",
    "split_sentences",
]
