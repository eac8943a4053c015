"""The candidate index: which stored articles share text with one, without aligning to all.

On import every current revision gets its winnowed fingerprints (`app.index`) stored in
`shingle` (by a bulk import: in `shingle_staged`, folded into `shingle` later), its terms
counted in `term_df`, and its TF-IDF vector stored in `article_vector`; a revision that is
superseded leaves all three. `overlapping` then finds the articles sharing most
fingerprints with one from a single indexed read.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from heapq import nlargest

from sqlmodel import Session

from app import repo
from app.index import IndexParams, fingerprint
from app.models import Article
from app.services import articles
from app.stories import Arrival, Corpus, Doc, GroupingParams, find_candidates
from app.stories.choosing import window_days
from app.stories.tfidf import Vector, doc_counts, vector, weights

INDEX_PARAMS = IndexParams()
# Bulk imports index into `shingle_staged` and fold it into `shingle` once it holds this
# many rows (about 14 batches of 1,000 articles). A fold writes most of `shingle`'s pages,
# as each batch would have; a larger staged table makes each batch's own writes and
# every lookup's second probe a little dearer.
FOLD_ROWS = 1_000_000
# The term_df row that counts the documents themselves; no real term is empty.
DOCS_KEY = ""
# Weights are stored rounded: a cosine moves by well under 1e-4, and the rows get shorter.
_WEIGHT_DIGITS = 5


@lru_cache(maxsize=8)
def fingerprints(body: str) -> tuple[int, ...]:
    """The fingerprints of a body; memoised, since an import indexes the body and then
    looks for its candidates."""
    return tuple(fingerprint(body, INDEX_PARAMS))


def terms_of(article_id: str, title: str, body: str) -> Counter[str]:
    return doc_counts(Doc(id=article_id, title=title, body=body, published=None))


def corpus_for(session: Session, terms: Iterable[str]) -> Corpus:
    """The corpus of current revisions, read from term_df for just these terms."""
    df = repo.index.term_df(session=session, terms=[DOCS_KEY, *terms])
    total = df.pop(DOCS_KEY, 0)
    return Corpus.from_frequencies(df, total)


def frequencies(session: Session, terms: Sequence[str]) -> dict[str, int]:
    """The stored document frequency of each of `terms`, 0 for a term no revision has."""
    return (
        dict.fromkeys(terms, 0) | repo.index.term_df(session=session, terms=terms) if terms else {}
    )


def corpus_size(session: Session) -> int:
    """How many current revisions term_df counts."""
    return repo.index.term_df(session=session, terms=[DOCS_KEY]).get(DOCS_KEY, 0)


def weigh(counts: Counter[str], corpus: Corpus, params: GroupingParams) -> Vector:
    """A doc's TF-IDF vector as stored: the story library's, with rounded weights."""
    return _rounded(vector(counts, corpus, params.max_terms))


def weigh_against(
    counts: Counter[str], df: Mapping[str, int], docs: int, params: GroupingParams
) -> Vector:
    """`weigh` against a corpus of `docs` documents with frequencies `df` (a term it
    lacks: 0), without making a Corpus of them."""
    return _rounded(weights(counts, df, docs, params.max_terms))


def _rounded(vector: Vector) -> Vector:
    return {t: round(w, _WEIGHT_DIGITS) for t, w in vector.items()}


def index_text(
    session: Session,
    *,
    article_id: str,
    title: str,
    body: str,
    grouping: GroupingParams | None = None,
) -> None:
    """Add a current revision to the index: fingerprints, term counts and vector."""
    repo.index.add_shingle_rows(session=session, rows=[(h, article_id) for h in fingerprints(body)])
    counts = terms_of(article_id, title, body)
    repo.index.add_term_df(session=session, terms=[DOCS_KEY, *counts], delta=1)
    corpus = corpus_for(session, counts)
    weights = weigh(counts, corpus, grouping or GroupingParams())
    repo.index.put_vector(
        session=session, article_id=article_id, weights=weights, corpus_docs=len(corpus)
    )


def stage_fingerprints(session: Session, rows: Sequence[tuple[int, str]]) -> None:
    """Index (fingerprint, article id) rows of a bulk import: in the staged table, which
    `fold_staged` empties into the main one."""
    repo.index.add_shingle_rows(session=session, rows=rows, staged=True)


def fold_staged(session: Session) -> None:
    """Fold the staged rows into the main index once they are `FOLD_ROWS` or more (at
    the end of a bulk import's batch)."""
    if repo.index.count_staged_shingles(session=session) >= FOLD_ROWS:
        repo.index.fold_staged_shingles(session=session)


def unindex_text(session: Session, *, article_id: str, title: str, body: str) -> None:
    """Take a revision out of the index (it was superseded): the inverse of `index_text`.

    Fingerprints are recomputed from the text rather than looked up, so the delete is
    by primary key; this is exact while `INDEX_PARAMS` and the tokenizer are unchanged (a change
    to either needs the index rebuilt anyway).
    """
    repo.index.delete_shingles(session=session, article_id=article_id, hashes=fingerprints(body))
    counts = terms_of(article_id, title, body)
    repo.index.add_term_df(session=session, terms=[DOCS_KEY, *counts], delta=-1)
    repo.index.delete_vector(session=session, article_id=article_id)


def index_article(session: Session, article: Article, superseded: Article | None = None) -> None:
    """Index a newly stored current revision; the revision it supersedes leaves the index.

    Runs inside the import's transaction, so the index never disagrees with the articles.
    """
    if superseded is not None:
        unindex_text(
            session,
            article_id=superseded.id,
            title=superseded.title,
            body=articles.body_of(superseded),
        )
    index_text(session, article_id=article.id, title=article.title, body=articles.body_of(article))


def reindex(
    session: Session,
    fingerprint_of: Callable[[str], Iterable[int]] = fingerprints,
    batch: int = 1000,
    two_level: bool = True,
) -> int:
    """Rebuild the fingerprint index of every current revision from its text; returns how
    many were indexed. For a schema upgrade that changes `INDEX_PARAMS` or the hash (a migration
    passes the fingerprints of the revision it goes to, and `two_level` False before
    `shingle_staged` existed); term counts and vectors are not touched."""
    indexed = 0

    def batches() -> Iterator[list[tuple[int, str]]]:
        nonlocal indexed
        after = ""
        while page := repo.articles.current_paragraphs_after(
            session=session, after=after, limit=batch
        ):
            indexed += len(page)
            after = page[-1][0]
            yield [
                (h, i)
                for i, paragraphs in page
                for h in fingerprint_of(articles.body_from(paragraphs))
            ]

    repo.index.replace_shingle_rows(session=session, batches=batches(), two_level=two_level)
    return indexed


def find(
    session: Session, arrivals: Sequence[Arrival], params: GroupingParams, *, indexed: bool = False
) -> list[list[str]]:
    """Each arrival's candidates at its turn (`app.stories.find_candidates`), from what the
    database holds. `indexed`: the arrivals are in the index already (an article is
    indexed when it is stored, before it is grouped)."""
    return find_candidates(arrivals, *sources(session, arrivals, params, indexed=indexed), params)


def sources(
    session: Session, arrivals: Sequence[Arrival], params: GroupingParams, *, indexed: bool = False
) -> tuple[list[tuple[int, str]], dict[dt.date | None, list[str]]]:
    """What `find_candidates` reads of the database for `arrivals`: the index's holders of
    their fingerprints (without the arrivals, when `indexed`), and their dates' windows'
    latest articles in a story."""
    hashes = sorted({h for a in arrivals for h in a.fingerprints})
    holders = repo.index.shingle_holders(session=session, hashes=hashes, cap=params.max_df + 1)
    if indexed:
        mine = {a.id for a in arrivals}
        holders = [(h, " ".join(i for i in ids.split(" ") if i not in mine)) for h, ids in holders]
        holders = [(h, ids) for h, ids in holders if ids]
    return holders, window_latest(session, {a.published for a in arrivals}, params)


def window_latest(
    session: Session, days: Iterable[dt.date | None], params: GroupingParams
) -> dict[dt.date | None, list[str]]:
    """For each of `days`, the current articles in a story that may share one with an
    article published then (None: undated, which may share one with any), the
    `topical_candidates` most recently imported first (`repo.grouping.recent_grouped_ids`' order).
    A dated day's come from the latest of each day of its window and of the undated, all
    read in a few statements."""
    limit, wanted = params.topical_candidates, set(days)
    latest: dict[dt.date | None, list[str]] = {}
    if None in wanted:
        latest[None] = repo.grouping.recent_grouped_ids(
            session=session, exclude_id="", around=None, window_days=params.window_days, limit=limit
        )
    windows = {day: window_days(day, params) for day in sorted(d for d in wanted if d is not None)}
    each = list(dict.fromkeys(d for window in windows.values() for d in window))
    on_day = (
        repo.grouping.recent_grouped_on_days(session=session, days=each, limit=limit)
        if each
        else {}
    )
    for day, window in windows.items():
        latest[day] = [i for _, i in nlargest(limit, (r for d in window for r in on_day[d]))]
    return latest


def overlapping_body(
    session: Session,
    body: str,
    *,
    exclude_id: str = "",
    limit: int = 20,
    max_df: int = GroupingParams().max_df,
) -> list[tuple[str, int]]:
    """Current revisions sharing fingerprints with `body`: (id, shared), most first (then
    by id), up to `limit` of them.

    A fingerprint held by more than `max_df` revisions is passed over; that test reads at
    most `max_df` + 1 index entries per fingerprint, however common it is, and the same
    read gives the holders of the rarer ones (as `find` reads them).
    """
    shared: Counter[str] = Counter()
    for _, ids in repo.index.shingle_holders(
        session=session, hashes=fingerprints(body), cap=max_df + 1
    ):
        held = ids.split(" ")
        if len(held) <= max_df:
            shared.update(held)
    shared.pop(exclude_id, None)
    return sorted(shared.items(), key=lambda item: (-item[1], item[0]))[:limit]


def overlapping(
    session: Session, article: Article, limit: int = 20, max_df: int = GroupingParams().max_df
) -> list[tuple[str, int]]:
    """The current revisions sharing most text with `article` (itself excluded)."""
    body = articles.body_of(article)
    return overlapping_body(session, body, exclude_id=article.id, limit=limit, max_df=max_df)
