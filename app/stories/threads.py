"""Developing stories: stories (one news event each) linked into threads over weeks.

A story holds the reports of one news event, dated at most `window_days` apart; an event
that runs for months (an aircraft goes missing, the search, the debris, the inquiry) is
several stories. `link` joins such stories into threads: two stories link when the
cosine of their centroids (the mean of their articles' TF-IDF vectors) reaches
`ThreadParams.link` and their nearest dates are at most `ThreadParams.window_days`
apart; average linkage (`cluster.average_linkage`) keeps a chain of links from joining
distinct events.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from app.stories.cluster import average_linkage
from app.stories.tfidf import Corpus, Vector, cosine, doc_vector
from app.stories.types import Doc

__all__ = [
    "Profile",
    "StoryDocs",
    "Thread",
    "ThreadParams",
    "centroid",
    "cluster",
    "gap_days",
    "link",
    "profile",
    "score",
]


@dataclass(frozen=True, slots=True)
class ThreadParams:
    """Knobs of developing stories; the defaults were measured with bench/bench_threads.py
    on the labelled set (the invented Curlew thread and its trap, the shared corpora)."""

    # Stories whose nearest dates are further apart than this never link (undated ones
    # may link to anything). The Curlew's five news days span 95 days.
    window_days: int = 120
    # Centroid cosine at or above which two stories are one developing event.
    link: float = 0.25
    # Merge guard: two threads join only while the mean cosine over all their story pairs
    # is at least this share of `link`.
    merge_ratio: float = 0.5
    # Terms kept per story centroid (the heaviest), as tfidf keeps per article.
    max_terms: int = 100
    # For finding candidate stories in a database (services.threads): the heaviest terms
    # of the story's centroid that other stories' articles are looked up by, and how many
    # of the stories sharing most of them are scored. A term held by more articles than
    # candidate_df_share of all is passed over (such a word does not single out one
    # event), but never below candidate_df_floor (in a small corpus every word is in a
    # good share of it) nor above candidate_max_df (reading its postings grows with it).
    candidate_terms: int = 8
    candidate_df_share: float = 0.05
    candidate_df_floor: int = 50
    candidate_max_df: int = 1000
    max_candidates: int = 20
    # A story's centroid is taken over at most this many of its articles (the first, in
    # the order given): a page's walk may profile a hundred candidate stories, and the
    # Helsinki summit's largest hold over a hundred articles each.
    centroid_articles: int = 30
    # Stories one page's walk of the link graph reaches at most (services.threads): the
    # bound on its cost where hundreds of stories of one week all link (the Helsinki
    # summit's), where pages may then show different threads.
    max_stories: int = 20


@dataclass(frozen=True, slots=True)
class StoryDocs:
    """One story as threading sees it: its key and its articles (with vectors, or text to
    weigh against a corpus)."""

    key: str
    docs: tuple[Doc, ...]

    def dates(self) -> tuple[datetime.date, datetime.date] | None:
        """Its first and last dates; None when no article is dated."""
        days = [d.published for d in self.docs if d.published is not None]
        return (min(days), max(days)) if days else None


@dataclass(frozen=True, slots=True)
class Thread:
    """Stories of one developing event, by first date (undated last), then key."""

    keys: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Profile:
    """What linking needs of a story: its key, centroid and first and last dates."""

    key: str
    centroid: Vector
    dates: tuple[datetime.date, datetime.date] | None

    def heavy_terms(self, n: int) -> list[str]:
        """The `n` heaviest terms of its centroid (ties by term)."""
        return sorted(self.centroid, key=lambda t: (-self.centroid[t], t))[:n]


def profile(story: StoryDocs, params: ThreadParams, corpus: Corpus | None = None) -> Profile:
    """A story's profile; an article without a vector is weighed against `corpus`."""
    corpus = corpus or Corpus()
    docs = story.docs[: params.centroid_articles]
    vectors = (doc_vector(d, corpus, params.max_terms) for d in docs)
    return Profile(story.key, centroid(vectors, params.max_terms), story.dates())


def centroid(vectors: Iterable[Vector], max_terms: int) -> Vector:
    """The mean direction of L2-normalised vectors: their sum, cut to the `max_terms`
    heaviest terms (ties by term), L2-normalised. Empty if they are."""
    total: dict[str, float] = {}
    get = total.get
    for v in vectors:
        for term, w in v.items():
            total[term] = get(term, 0.0) + w
    if len(total) > max_terms:
        # Only the terms as heavy as the max_terms-th are sorted by weight and term: a
        # large story's sum holds thousands.
        cut = sorted(total.values(), reverse=True)[max_terms - 1]
        total = {t: w for t, w in total.items() if w >= cut}
    ranked = sorted(total.items(), key=lambda tw: (-tw[1], tw[0]))[:max_terms]
    norm = sum(w * w for _, w in ranked) ** 0.5
    return {t: w / norm for t, w in ranked} if norm else {}


def gap_days(
    a: tuple[datetime.date, datetime.date] | None, b: tuple[datetime.date, datetime.date] | None
) -> int | None:
    """Days between the nearest dates of two date ranges (0 when they overlap); None when
    either story is undated."""
    if a is None or b is None:
        return None
    return max(0, (b[0] - a[1]).days, (a[0] - b[1]).days)


def score(a: Profile, b: Profile, params: ThreadParams) -> float:
    """How alike two stories are: the cosine of their centroids; 0 when their nearest
    dates are further apart than the window."""
    gap = gap_days(a.dates, b.dates)
    if gap is not None and gap > params.window_days:
        return 0.0
    return cosine(a.centroid, b.centroid)


def link(
    stories: Sequence[StoryDocs], params: ThreadParams | None = None, corpus: Corpus | None = None
) -> list[Thread]:
    """The threads `stories` form, one per developing event (a story alone is a thread
    of one): `cluster` of their profiles.

    An article's vector is its own `Doc.vector` if it carries one, else weighed against
    `corpus` (an empty one if none is given: give one, as idf from a few stories alone
    weighs a story's own key words least).
    """
    params = params or ThreadParams()
    corpus = corpus or Corpus()
    return cluster([profile(s, params, corpus) for s in stories], params)


def cluster(profiles: Sequence[Profile], params: ThreadParams) -> list[Thread]:
    """Average linkage of stories scored by `score`: two stories link at `params.link`,
    two threads join while their mean score stays at least `merge_ratio` of it. Threads
    are ordered by first date (undated last), then first key; so are their stories."""
    if len({p.key for p in profiles}) != len(profiles):
        raise ValueError("threads need unique story keys")
    scores: dict[tuple[int, int], float] = {}
    for i, a in enumerate(profiles):
        for j in range(i + 1, len(profiles)):
            if (s := score(a, profiles[j], params)) > 0:
                scores[i, j] = s
    clusters = average_linkage(len(profiles), scores, params.link, params.merge_ratio * params.link)

    def start(i: int) -> tuple[datetime.date, str]:
        span = profiles[i].dates
        return (span[0] if span else datetime.date.max, profiles[i].key)

    ordered = sorted(
        (sorted(members, key=start) for members in clusters), key=lambda m: start(m[0])
    )
    return [Thread(tuple(profiles[i].key for i in members)) for members in ordered]
