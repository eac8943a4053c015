"""What story grouping reads of articles: ids, dates, stories and stored vectors."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Sequence
from functools import lru_cache

from sqlalchemy import (
    ColumnElement,
    Date,
    Select,
    String,
    Text,
    TextualSelect,
    bindparam,
    func,
    text,
)
from sqlalchemy import cast as sa_cast
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from app.models import Article, ArticleVector, decode_weights
from app.repo import _sql

# What story grouping reads of an article: no raw input, and its stored vector if any.
GroupingRow = tuple[str, str, dt.date | None, int | None, dict[str, float] | None, int | None]
EncodedGroupingRow = tuple[str, str, dt.date | None, int | None, str | None, int | None]


# "Current" written so that no index can serve it: without statistics SQLite otherwise
# walks ix_article_is_current, i.e. every current article (and, for each, the overflow
# pages of its row up to is_current), instead of the date window or the ids asked for.
_NOT_INDEXED_CURRENT = func.coalesce(col(Article.is_current), False).is_(True)
_GroupingSelect = Select[str, str, dt.date | None, int | None, str | None, int | None]


def _grouping_rows(*conditions: ColumnElement[bool]) -> _GroupingSelect:
    return (
        sa_select(
            col(Article.id),
            col(Article.title),
            col(Article.published),
            col(Article.story_id),
            sa_cast(col(ArticleVector.weights), Text),  # decoded by _weights, memoised
            col(ArticleVector.corpus_docs),
        )
        .join(ArticleVector, col(ArticleVector.article_id) == col(Article.id), isouter=True)
        .where(_NOT_INDEXED_CURRENT, *conditions)
    )


def _rows(session: Session, query: _GroupingSelect) -> list[GroupingRow]:
    return [
        (i, title, published, story, _weights(stored) if stored is not None else None, docs)
        for i, title, published, story, stored, docs in session.execute(query).all()
    ]


@lru_cache(maxsize=2048)
def _weights(stored: str) -> dict[str, float]:
    """A stored vector, decoded. Grouping reads the same neighbours' vectors again and
    again, and decoding was a tenth of an import: memoised by the stored text, so never
    stale. Callers must not modify the dict."""
    # Terms interned: the same few thousand words recur in every vector in memory.
    return {sys.intern(t): w for t, w in decode_weights(stored).items()}


def recent_grouping_rows(
    *, session: Session, exclude_id: str, around: dt.date | None, window_days: int, limit: int
) -> list[GroupingRow]:
    """Current, grouped articles that may share a story with a new one, as grouping reads
    them (with stored vectors): dated within the window (and undated ones) when the new
    one has a date; the most recently imported first."""
    # The ids first (ix_article_grouping_window covers this), the rows and vectors after:
    # joined before the sort, every vector of the date window (thousands of rows at
    # 100,000 articles) went through the sort to keep `limit` of them.
    ids = recent_grouped_ids(
        session=session, exclude_id=exclude_id, around=around, window_days=window_days, limit=limit
    )
    rows = {r[0]: r for r in grouping_rows_by_id(session=session, article_ids=ids)}
    return [rows[i] for i in ids]


def recent_grouped_ids(
    *, session: Session, exclude_id: str, around: dt.date | None, window_days: int, limit: int
) -> list[str]:
    """The ids of `recent_grouping_rows`, most recently imported first."""
    conditions = [col(Article.story_id).is_not(None), col(Article.id) != exclude_id]
    if around is not None:
        low, high = around - dt.timedelta(days=window_days), around + dt.timedelta(days=window_days)
        conditions.append(
            col(Article.published).is_(None) | col(Article.published).between(low, high)
        )
    query = (
        sa_select(col(Article.id))
        .where(_NOT_INDEXED_CURRENT, *conditions)
        .order_by(col(Article.imported_at).desc(), col(Article.id).desc())
        .limit(limit)
    )
    return list(session.execute(query).scalars())


# Days per statement of `recent_grouped_on_days` (SQLite allows 500 parts in a UNION).
_DAYS_PER_QUERY = 100
_LATEST_ON_DAY = (
    "SELECT * FROM (SELECT published, imported_at, id FROM article "
    # Written as _NOT_INDEXED_CURRENT is, for the same reason.
    "WHERE coalesce(is_current, false) IS true AND story_id IS NOT NULL AND {day} "
    "ORDER BY imported_at DESC, id DESC LIMIT :limit) AS day_{n}"
)


@lru_cache(maxsize=8)
def _latest_on_days(undated: bool, dated: int) -> TextualSelect:
    """The statement of `recent_grouped_on_days` for the undated (or not) and `dated` days:
    written once per shape, as SQL, because building and compiling a hundred-part union
    took longer than running it."""
    days = ["published IS NULL"] if undated else []
    days += [f"published = :day_{n}" for n in range(dated)]
    parts = [_LATEST_ON_DAY.format(day=day, n=n) for n, day in enumerate(days)]
    params = [bindparam(f"day_{n}", type_=Date) for n in range(dated)]
    imported_at = sa_inspect(Article).columns["imported_at"].type  # read back as the ORM does
    statement = text(" UNION ALL ".join(parts)).bindparams(*params)
    return statement.columns(published=Date, imported_at=imported_at, id=String)


def recent_grouped_on_days(
    *, session: Session, days: Sequence[dt.date | None], limit: int
) -> dict[dt.date | None, list[tuple[dt.datetime, str]]]:
    """For each of `days`: (imported_at, id) of the current, grouped articles published
    that day (None: undated), most recently imported first, `recent_grouped_ids`' order:
    up to `limit`. The window of `recent_grouped_ids` is the union of its days and the
    undated. A hundred days per statement: a bulk import asks for every day of a year,
    and a statement per day cost more in SQLAlchemy than in SQLite."""
    found: dict[dt.date | None, list[tuple[dt.datetime, str]]] = {day: [] for day in days}
    wanted = list(found)
    for k in range(0, len(wanted), _DAYS_PER_QUERY):
        part = wanted[k : k + _DAYS_PER_QUERY]
        dated = [day for day in part if day is not None]
        query = _latest_on_days(len(dated) < len(part), len(dated))
        params: dict[str, object] = {f"day_{n}": day for n, day in enumerate(dated)}
        for day, imported, i in session.execute(query, {**params, "limit": limit}):
            found[day].append((imported, i))
    # A UNION ALL keeps no order of its own (PostgreSQL may run its parts in parallel).
    return {day: sorted(rows, reverse=True) for day, rows in found.items()}


def grouping_rows_by_id(*, session: Session, article_ids: Sequence[str]) -> list[GroupingRow]:
    rows: list[GroupingRow] = []
    for chunk in _sql.chunks(article_ids):
        rows += _rows(session, _grouping_rows(col(Article.id).in_(chunk)))
    return rows


def encoded_grouping_rows_by_id(
    *, session: Session, article_ids: Sequence[str]
) -> list[EncodedGroupingRow]:
    """`grouping_rows_by_id` with the vectors as stored, not decoded.

    Through the driver: a bulk import reads tens of thousands of these rows per batch,
    and SQLAlchemy's handling of each row took longer than the query.
    """
    connection = session.connection()
    mark = _sql.mark(connection)
    rows: list[EncodedGroupingRow] = []
    for chunk in _sql.chunks(article_ids):
        sql = (
            "SELECT a.id, a.title, a.published, a.story_id, CAST(v.weights AS TEXT), "
            "v.corpus_docs FROM article AS a "
            "LEFT OUTER JOIN article_vector AS v ON v.article_id = a.id "
            # Written as _NOT_INDEXED_CURRENT is, for the same reason.
            "WHERE coalesce(a.is_current, false) IS true "
            f"AND a.id IN ({', '.join([mark] * len(chunk))})"
        )
        for i, title, day, story, weights, docs in connection.exec_driver_sql(sql, tuple(chunk)):
            # SQLite gives the date as written (ISO), PostgreSQL as a date.
            published = dt.date.fromisoformat(day) if isinstance(day, str) else day
            rows.append((i, title, published, story, weights, docs))
    return rows


def story_grouping_rows(*, session: Session, story_id: int) -> list[GroupingRow]:
    """A story's current articles as grouping reads them, in `story_articles` order."""
    query = _grouping_rows(col(Article.story_id) == story_id).order_by(
        col(Article.published).asc().nulls_last(), col(Article.imported_at), col(Article.id)
    )
    return _rows(session, query)


def stories_grouping_rows(
    *, session: Session, story_ids: Sequence[int]
) -> dict[int, list[GroupingRow]]:
    """`story_grouping_rows` of many stories at once."""
    found: dict[int, list[GroupingRow]] = {}
    unique = sorted(set(story_ids))
    for k in range(0, len(unique), _sql.CHUNK):
        chunk = unique[k : k + _sql.CHUNK]
        query = _grouping_rows(col(Article.story_id).in_(chunk)).order_by(
            col(Article.story_id),
            col(Article.published).asc().nulls_last(),
            col(Article.imported_at),
            col(Article.id),
        )
        for row in _rows(session, query):
            assert row[3] is not None
            found.setdefault(row[3], []).append(row)
    return found
