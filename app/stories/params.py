"""GroupingParams: every knob of story grouping, in one frozen dataclass."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class GroupingParams:
    """Tuning knobs of story grouping; the defaults were measured on the shared corpora.

    How a story is chosen is `app/stories/choosing.py`; these are all the numbers it, the
    pair score (`grouping`) and the services that feed it read.
    """

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
    # reprints always share vocabulary, and align() costs milliseconds per pair. The
    # align band is [align_floor, tfidf_threshold): only there can align() change a link.
    align_floor: float = 0.10
    # Words per shingle of the cheap shared-text pre-filter that picks pairs for align().
    shingle_words: int = 8
    # align() is asked only when the shingles the pair shares cover at least this share
    # of the shorter article's shingles, times shared_threshold: a cheap estimate of the
    # passage share that skips pairs which merely quote the same sentence or two.
    prefilter_ratio: float = 0.5
    # Merge guard: a story (or, in batch grouping, a cluster) is joined only while the
    # average linking score over all the pairs across (unlinked pairs count as 0) is at
    # least this share of the link threshold, so a chain of links cannot join distinct
    # events.
    merge_ratio: float = 0.5
    # The same guard for placing an undated article, which the date window cannot hold
    # back. Measured through the importer on the labelled set with no dates at all: at
    # 0.5, three of the invented trawler's eight reports joined the aircraft's story (a
    # trawler finds its wreckage) and one beach-landing report stayed apart; at 0.75
    # both events are whole, the census story's largest story holds 0.88 (0.91 at 0.5)
    # and the ferry's 0.83 (0.97); at 1.0 the ferry falls to 0.70.
    undated_merge_ratio: float = 0.75
    # An undated article whose text names a day with its year ("July 16, 2018") is from
    # that day or later, less this many days for what it says is coming: it shares no
    # story whose dated members all come before (`app.stories.mentions`). Of the labelled
    # set's 212 articles naming such a day, 2 name one more than 7 days after their own
    # date, as many as at 30.
    named_day_slack: int = 7
    # A new article is compared with at most overlap_candidates + topical_candidates
    # stored articles: those sharing most fingerprints with it (the candidate index),
    # then the most recently imported in its date window (topical neighbours that share
    # no text). Grouping cost grows with their sum.
    overlap_candidates: int = 20
    topical_candidates: int = 40
    # A fingerprint held by more current revisions than this is ignored when looking for
    # candidates (passim's document-frequency cap): boilerplate such as "All rights
    # reserved" or a newsletter footer would otherwise make every article a candidate of
    # every other.
    max_df: int = 100
    # A stored vector is used as it is until the corpus has grown by more than this factor
    # since it was computed, then weighed afresh with the current idf and stored again: so
    # an article is re-weighed a few times in its life (log2 of the corpus growth), not at
    # every import.
    vector_refresh_growth: float = 2.0
    # Below this many documents stored vectors are always weighed afresh (cheap, and there
    # every new article moves idf).
    small_corpus: int = 200
