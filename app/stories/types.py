"""Frozen input and parameter types of story grouping."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Doc:
    """One article as grouping sees it: clean title and body, and its date if known.

    `vector`, when given, is the doc's TF-IDF vector (`tfidf.vector`) computed earlier,
    e.g. stored at import: grouping then uses it instead of tokenising title and body.
    """

    id: str
    title: str
    body: str
    published: datetime.date | None
    vector: Mapping[str, float] | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class GroupingParams:
    """Tuning knobs of story grouping; the defaults were measured on the shared corpora."""

    # Articles further apart than this many days (when both are dated) never share a story.
    window_days: int = 3
    # TF-IDF cosine at or above which two articles are about the same event; also the
    # link threshold of the score `similarity` returns. Measured on seeds + Helsinki +
    # census + spotify (685 articles): pairs from different stories reach 0.20 at most
    # (seeds against anything else 0.11), same-story seed pairs score 0.14-0.77; 0.17
    # let the Helsinki week's events run together, 0.25 split census into 12 pieces.
    tfidf_threshold: float = 0.20
    # Share of the shorter article's words inside passages shared with the other (the
    # alignment engine) that links two articles whatever their TF-IDF. Reprints with
    # local edits score 0.5-0.9; articles quoting the same few sentences 0.05-0.15.
    shared_threshold: float = 0.30
    # Terms kept per article vector (the heaviest by TF-IDF weight; see tfidf.vector).
    max_terms: int = 100
    # Body cosine below which the alignment engine is never asked about a pair: passage
    # reprints always share vocabulary, and align() costs milliseconds per pair.
    align_floor: float = 0.10
    # Words per shingle of the cheap shared-text pre-filter that picks pairs for align().
    shingle_words: int = 8
    # align() is asked only when the shingles the pair shares cover at least this share
    # of the shorter article's shingles, times shared_threshold: a cheap estimate of the
    # passage share that skips pairs which merely quote the same sentence or two.
    prefilter_ratio: float = 0.5
    # Merge guard of batch grouping: two clusters merge only while the average linking
    # score over all their cross pairs (unlinked pairs count as 0) is at least this share
    # of the link threshold, so a chain of links cannot join distinct events.
    merge_ratio: float = 0.5
