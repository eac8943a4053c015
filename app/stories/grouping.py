"""Which articles report the same event: pair scores, batch grouping, story titles."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from app.align import coverage
from app.stories.cluster import average_linkage
from app.stories.extent import Extent, earliest_day
from app.stories.params import GroupingParams
from app.stories.text import shingles
from app.stories.tfidf import Corpus, Vector, cosine, doc_counts, doc_vector, vector
from app.stories.titles import choose as choose_title
from app.stories.titles import usable
from app.stories.types import Doc

__all__ = [
    "Corpus",
    "Profile",
    "SharedShare",
    "aligned_share",
    "dates_in_window",
    "doc_profile",
    "group",
    "in_align_band",
    "in_window",
    "may_share",
    "pair_score",
    "passage_score",
    "similarity",
    "story_title",
]

# The passage signal: share of the shorter text's words in passages shared with the other.
SharedShare = Callable[[str, str], float]
# A fallback title keeps this many words of the first body sentence.
_TITLE_WORDS = 12
_SENTENCE = re.compile(r"(?<=[.!?])\s")


def aligned_share(a_text: str, b_text: str) -> float:
    """Share of the shorter text's words inside passages it shares with the other."""
    shared = coverage(a_text, b_text)
    return shared.share_a if shared.words_a <= shared.words_b else shared.share_b


@dataclass(slots=True)
class Profile:
    """What scoring needs of one doc (its vector); shingles are computed only if align may
    be asked, once per profile."""

    doc: Doc
    vec: Vector
    _shingles: set[int] | None = field(default=None)

    def shingles(self, size: int) -> set[int]:
        if self._shingles is None:
            self._shingles = shingles(self.doc.body, size)
        return self._shingles


def doc_profile(doc: Doc, corpus: Corpus, params: GroupingParams) -> Profile:
    return Profile(doc, doc_vector(doc, corpus, params.max_terms))


def in_window(a: Doc, b: Doc, params: GroupingParams) -> bool:
    return dates_in_window(a.published, b.published, params)


def dates_in_window(
    a: datetime.date | None, b: datetime.date | None, params: GroupingParams
) -> bool:
    """Whether articles published on `a` and `b` may share a story."""
    if a is None or b is None:
        return True  # an undated article may belong anywhere: let the text decide
    return abs((a - b).days) <= params.window_days


def pair_score(
    a: Profile, b: Profile, text: float, params: GroupingParams, shared: SharedShare
) -> float:
    """Linking score of a pair in the window whose TF-IDF cosine is `text`.

    The passage share is put on the cosine's scale (shared_threshold maps onto
    tfidf_threshold) so that one number and one threshold decide. align() is asked only when
    it could change the decision: the cosine is below the link threshold but above the
    floor, and a cheap shingle count shows the two share some text (`may_share`).
    """
    if not in_align_band(text, params) or not may_share(a, b, params):
        return text
    return passage_score(text, shared(a.doc.body, b.doc.body), params)


def in_align_band(text: float, params: GroupingParams) -> bool:
    """Whether a pair with cosine `text` is in the band where align() may raise its
    score: below the link threshold, at or above the floor."""
    return params.align_floor <= text < params.tfidf_threshold


def may_share(a: Profile, b: Profile, params: GroupingParams) -> bool:
    """The pre-filter of align(): the word shingles two docs share cover enough of the
    shorter one's to make a passage share at the threshold plausible."""
    sa, sb = a.shingles(params.shingle_words), b.shingles(params.shingle_words)
    estimate = len(sa & sb) / max(1, min(len(sa), len(sb)))
    return estimate >= params.prefilter_ratio * params.shared_threshold


def passage_score(text: float, share: float, params: GroupingParams) -> float:
    """The score of a pair with cosine `text` whose passage share align() found: the
    higher of the two on the cosine's scale; never above 1."""
    return max(text, _on_cosine_scale(share, params))


def _on_cosine_scale(share: float, params: GroupingParams) -> float:
    """A passage share on the cosine's scale, piecewise linear through 0, 1 and the thresholds.

    shared_threshold maps onto tfidf_threshold exactly, so rounding cannot flip a link.
    """
    t, s = params.tfidf_threshold, params.shared_threshold
    if share >= s:
        return t + (1.0 - t) * (share - s) / (1.0 - s) if s < 1.0 else t
    return t * share / s


def similarity(
    a: Doc,
    b: Doc,
    corpus: Corpus,
    params: GroupingParams | None = None,
    shared_share: SharedShare = aligned_share,
) -> float:
    """The linking score of two articles, 0..1; they link when it is >= tfidf_threshold.

    It is the TF-IDF cosine, raised by shared passages when align() finds them; 0 when
    both are dated further apart than window_days.
    """
    params = params or GroupingParams()
    if not in_window(a, b, params):
        return 0.0
    pa, pb = doc_profile(a, corpus, params), doc_profile(b, corpus, params)
    return pair_score(pa, pb, cosine(pa.vec, pb.vec), params, shared_share)


def group(
    docs: Sequence[Doc],
    params: GroupingParams | None = None,
    shared_share: SharedShare = aligned_share,
    *,
    corpus: Corpus | None = None,
) -> list[list[str]]:
    """Batch grouping: clusters of doc ids, one per story.

    Pairs come from an inverted index over the (truncated) TF-IDF vectors, so only
    articles sharing a heavy term are ever compared; scores feed average-linkage
    clustering guarded by merge_ratio. Clusters are ordered by their earliest dated
    article (undated clusters last), then by first position in `docs`; ids keep input order.

    idf comes from `docs` alone unless a wider `corpus` is given (a copy of it, with the
    docs added, is used): within one story's articles its own key words are in every doc
    and weigh least, so the 32 census articles grouped alone fall into 15 clusters (the
    largest 13), but into 6 (the largest 26) with the other corpora as background.
    """
    params = params or GroupingParams()
    ids = [d.id for d in docs]
    if len(set(ids)) != len(ids):
        raise ValueError("group() needs unique doc ids")
    corpus = corpus.copy() if corpus is not None else Corpus()
    counts = [doc_counts(d) for d in docs]
    for doc, c in zip(docs, counts, strict=True):
        corpus.add_terms(doc.id, c)
    profiles = [
        Profile(d, vector(c, corpus, params.max_terms)) for d, c in zip(docs, counts, strict=True)
    ]
    scores = {
        pair: pair_score(profiles[pair[0]], profiles[pair[1]], text, params, shared_share)
        for pair, text in _cosines(profiles, params).items()
    }
    clusters = average_linkage(
        len(docs),
        scores,
        params.tfidf_threshold,
        params.merge_ratio * params.tfidf_threshold,
        [Extent.of([d.published], [earliest_day(d.published, d.body, params)]) for d in docs],
        params.window_days,
    )
    clusters.sort(key=lambda members: (_earliest(docs, members), members[0]))
    return [[ids[i] for i in members] for members in clusters]


def _cosines(profiles: Sequence[Profile], params: GroupingParams) -> dict[tuple[int, int], float]:
    """Cosine of every pair (i < j) in the date window that shares at least one term."""
    postings: dict[str, list[tuple[int, float]]] = {}
    for i, p in enumerate(profiles):
        for term, w in p.vec.items():
            postings.setdefault(term, []).append((i, w))
    dots: dict[tuple[int, int], float] = {}
    for plist in postings.values():
        for x, (i, wi) in enumerate(plist):
            for j, wj in plist[x + 1 :]:
                dots[i, j] = dots.get((i, j), 0.0) + wi * wj
    return {
        (i, j): s
        for (i, j), s in dots.items()
        if in_window(profiles[i].doc, profiles[j].doc, params)
    }


def _earliest(docs: Sequence[Doc], members: Sequence[int]) -> datetime.date:
    dates = [d for i in members if (d := docs[i].published) is not None]
    return min(dates) if dates else datetime.date.max


def story_title(docs: Sequence[Doc], corpus: Corpus, params: GroupingParams | None = None) -> str:
    """A short title for a story: the headline most of its articles carry (a reprinted wire
    headline), else that of its most central article; never empty (see `titles`).

    Central means the highest mean TF-IDF cosine to the other articles (ties: earliest
    date, then first in `docs`); articles without a headline, or with one that is page
    furniture, are passed over, and a story without any is named after the first words
    of its first article.
    """
    params = params or GroupingParams()
    titled = usable(docs)
    if titled:
        vecs = [doc_vector(d, corpus, params.max_terms) for d in docs]
        index = {id(d): k for k, d in enumerate(docs)}
        # The summed cosine of a doc with all the others is its dot product with the sum
        # of all the vectors, less its own: linear in the story's size, not quadratic.
        # Rounding keeps ties (duplicate articles) ties whatever the order of summing.
        total: dict[str, float] = {}
        for v in vecs:
            for term, w in v.items():
                total[term] = total.get(term, 0.0) + w

        def centrality(doc: Doc) -> tuple[float, datetime.date, int]:
            k = index[id(doc)]
            mean = round(cosine(vecs[k], total) - cosine(vecs[k], vecs[k]), 9)
            return (-mean, doc.published or datetime.date.max, k)

        return choose_title(titled, centrality)
    for doc in docs:
        words = _SENTENCE.split(doc.body.strip(), maxsplit=1)[0].split()
        if words:
            return " ".join(words[:_TITLE_WORDS]) + ("…" if len(words) > _TITLE_WORDS else "")
    return "Untitled story"
