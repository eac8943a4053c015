"""Same facts in other words: which sentences of two articles state the same fact.

A pure library like `app.align`: strings in, frozen dataclasses out. Importing the package
loads neither the embedding model nor NumPy (storage and links only need the version
string, `params`); what scores imports them: `analysis.analyse` (a whole comparison),
`links.link_facts`, `similarity.compare`, and `embedding` (wordllama's weights, shipped in
its wheel, loaded on first use).
"""

from __future__ import annotations

from app.facts.params import FACTS_REVISION, FactParams, analysis_version
from app.facts.sentences import split_sentences
from app.facts.types import FEATURE_NAMES, Sentence, Signals, Similarity, WordSpan

__all__ = [
    "FACTS_REVISION",
    "FEATURE_NAMES",
    "FactParams",
    "Sentence",
    "Signals",
    "Similarity",
    "WordSpan",
    "analysis_version",
    "split_sentences",
]
