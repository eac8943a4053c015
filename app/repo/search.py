"""Full-text search: the FTS5 index on SQLite, the tsvector index on PostgreSQL, a title
match where there is neither."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, cast

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Date,
    FromClause,
    Integer,
    String,
    bindparam,
    column,
    func,
    literal_column,
    table,
    text,
    union_all,
)
from sqlmodel import Session, col, select

from app.models import Article
from app.repo import _sql

# Full-text search. The FTS5 table is raw SQL from migration 0003 (SQLite only), so it is
# described here as a lightweight table, outside the models' metadata.
_FTS = table("article_fts", column("rowid", Integer), column("article_id", String))
_FTS_NAME = literal_column("article_fts", String)
_ARTICLE = cast(FromClause, Article.__table__)  # type: ignore[attr-defined]


# PostgreSQL's index (migration 0009): a stored tsvector of title (weight A) and body (B).
_TS = table(
    "article_fts",
    column("article_id", String),
    column("title", String),
    column("body", String),
    column("document"),
)
# ts_rank's weights for D, C, B, A: a match in the headline counts five times one in the body.
_TS_WEIGHTS = "{0.04, 0.1, 0.2, 1.0}"


def search_index(*, session: Session) -> Literal["fts5", "tsvector"] | None:
    """Which full-text index the database has: SQLite's FTS5 table (migration 0003), a
    PostgreSQL tsvector (0009), or none."""
    if _sql.dialect(session) == "sqlite":
        found = session.execute(
            text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'article_fts'")
        ).first()
        return "fts5" if found is not None else None
    found = session.execute(text("SELECT to_regclass('article_fts')")).scalar()
    return "tsvector" if found is not None else None


@dataclass(frozen=True, slots=True)
class SearchFilters:
    """Which current articles a search may return, and which page of them."""

    outlet_id: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    offset: int = 0
    limit: int = 20

    def where(self) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = [col(Article.is_current).is_(True)]
        if self.outlet_id is not None:
            conditions.append(col(Article.outlet_id) == self.outlet_id)
        if self.date_from is not None:
            conditions.append(col(Article.published) >= self.date_from)
        if self.date_to is not None:
            conditions.append(col(Article.published) <= self.date_to)
        return conditions


def _total(session: Session, source: FromClause, where: list[ColumnElement[bool]]) -> int:
    """How many rows match in all, beyond the page asked for."""
    return int(session.exec(select(func.count()).select_from(source).where(*where)).one())


def search_articles(
    *, session: Session, match: str, title_weight: float, filters: SearchFilters
) -> tuple[Sequence[tuple[Article, int]], int]:
    """A page of current articles matching an FTS5 expression, best (bm25) first.

    Returns (article, index rowid) pairs, for `search_snippets`, and the number of matches.
    """
    # bm25 takes one weight per column: article_id (unindexed), title, body.
    rank = func.bm25(_FTS_NAME, 0.0, title_weight, 1.0)
    where = [_FTS_NAME.op("MATCH")(match), *filters.where()]
    joined = _FTS.join(Article, col(Article.id) == _FTS.c.article_id)
    query = select(Article, _FTS.c.rowid).select_from(joined).where(*where).order_by(rank)
    page = query.order_by(col(Article.id)).offset(filters.offset).limit(filters.limit)
    rows = [(article, int(rowid)) for article, rowid in session.exec(page).all()]
    return rows, _total(session, joined, where)


def search_snippets(
    *,
    session: Session,
    match: str,
    rowids: Sequence[int],
    marks: tuple[str, str],
    ellipsis: str,
    tokens: int,
) -> dict[int, tuple[str, str]]:
    """rowid -> (title with every match marked, the body's best fragment with matches marked).

    A second query on purpose: snippets are costly, so only the page's rows get them.
    """
    if not rowids:
        return {}
    start, end = marks
    query = (
        select(
            _FTS.c.rowid,
            func.highlight(_FTS_NAME, 1, start, end),
            func.snippet(_FTS_NAME, 2, start, end, ellipsis, tokens),
        )
        .select_from(_FTS)
        .where(_FTS_NAME.op("MATCH")(match), _FTS.c.rowid.in_(rowids))
    )
    return {
        int(rowid): (str(title or ""), str(body or ""))
        for rowid, title, body in session.exec(query).all()
    }


def ts_search_articles(
    *, session: Session, tsquery: str, filters: SearchFilters
) -> tuple[Sequence[Article], int]:
    """A page of current articles matching a tsquery (to_tsquery syntax, English), best
    (ts_rank, the headline weighted up) first; and the number of matches."""
    matched = func.to_tsquery(literal_column("'english'"), tsquery)
    where = [_TS.c.document.op("@@")(matched), *filters.where()]
    joined = _TS.join(Article, col(Article.id) == _TS.c.article_id)
    rank = func.ts_rank(literal_column(f"'{_TS_WEIGHTS}'::float4[]"), _TS.c.document, matched)
    query = select(Article).select_from(joined).where(*where).order_by(rank.desc())
    page = query.order_by(col(Article.id)).offset(filters.offset).limit(filters.limit)
    return session.exec(page).all(), _total(session, joined, where)


def ts_snippets(
    *,
    session: Session,
    tsquery: str,
    article_ids: Sequence[str],
    marks: tuple[str, str],
    ellipsis: str,
    words: int,
) -> dict[str, tuple[str, str]]:
    """article id -> (title with every match marked, the body's best fragment marked), by
    ts_headline; only for the page's rows, as snippets are costly."""
    if not article_ids:
        return {}
    start, end = marks
    query = func.to_tsquery(literal_column("'english'"), tsquery)
    every = f'HighlightAll=true, StartSel="{start}", StopSel="{end}"'
    best = (
        f'MaxWords={words}, MinWords={words // 2}, MaxFragments=1, StartSel="{start}", '
        f'StopSel="{end}", FragmentDelimiter="{ellipsis}"'
    )
    english = literal_column("'english'", String)
    rows = session.execute(
        select(
            _TS.c.article_id,
            func.ts_headline(english, _TS.c.title, query, every),
            func.ts_headline(english, _TS.c.body, query, best),
        ).where(_TS.c.article_id.in_(article_ids))
    ).all()
    return {str(i): (str(title or ""), str(body or "")) for i, title, body in rows}


def search_titles_like(
    *, session: Session, words: Sequence[str], filters: SearchFilters
) -> tuple[Sequence[Article], int]:
    """Current articles whose title contains every word (any case); newest first.

    The fallback where there is no full-text index: no ranking, bodies not searched.
    """
    where = filters.where()
    for word in words:
        pattern = word.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        where.append(func.lower(Article.title).like(f"%{pattern}%", escape="\\"))
    newest = col(Article.published).desc().nulls_last(), col(Article.imported_at).desc()
    query = select(Article).where(*where).order_by(*newest, col(Article.id))
    page = query.offset(filters.offset).limit(filters.limit)
    return session.exec(page).all(), _total(session, _ARTICLE, where)


# Lookups per statement of `stories_with_terms`: SQLite allows 500 parts in a UNION.
_LOOKUPS_PER_QUERY = 100


@dataclass(frozen=True, slots=True)
class TermLookup:
    """A single word, and the dates an article holding it may have (None: any date);
    undated articles always may."""

    term: str
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def stories_with_terms(*, session: Session, lookups: Sequence[TermLookup]) -> list[set[int]]:
    """For each lookup, the stories with a current article dated in its range (or
    undated) whose title or body holds its term; a hundred lookups a statement. Empty
    sets without a full-text index."""
    found: list[set[int]] = [set() for _ in lookups]
    index = search_index(session=session)
    if index is None:
        return found
    for k in range(0, len(lookups), _LOOKUPS_PER_QUERY):
        part = lookups[k : k + _LOOKUPS_PER_QUERY]
        params: dict[str, object] = {}
        for n, x in enumerate(part):
            term = '"' + x.term.replace('"', '""') + '"' if index == "fts5" else x.term
            params |= {f"term_{n}": term, f"from_{n}": x.date_from, f"to_{n}": x.date_to}
        for n, story_id in session.execute(_term_stories(index, len(part)), params).all():
            found[k + int(n)].add(int(story_id))
    return found


@lru_cache(maxsize=2 * _LOOKUPS_PER_QUERY)
def _term_stories(index: str, lookups: int) -> CompoundSelect[tuple[int, int | None]]:
    """The statement of `stories_with_terms` for `lookups` lookups (bound parameters
    term_n, from_n, to_n), built once per shape: building a hundred-part union took longer
    than running it. Each part's rows are labelled with its number."""
    parts = []
    for n in range(lookups):
        term = bindparam(f"term_{n}", type_=String)
        date_from = bindparam(f"from_{n}", type_=Date)
        date_to = bindparam(f"to_{n}", type_=Date)
        if index == "fts5":
            # The term arrives quoted: a literal to FTS5, whatever it holds.
            matched = _FTS_NAME.op("MATCH")(term)
            joined = _FTS.join(Article, col(Article.id) == _FTS.c.article_id)
        else:
            query = func.plainto_tsquery(literal_column("'english'"), term)
            matched = _TS.c.document.op("@@")(query)
            joined = _TS.join(Article, col(Article.id) == _TS.c.article_id)
        dated = (
            col(Article.published).is_(None)
            | date_from.is_(None)
            | col(Article.published).between(date_from, date_to)
        )
        parts.append(
            select(literal_column(str(n), Integer).label("lookup"), col(Article.story_id))
            .select_from(joined)
            .where(
                matched,
                col(Article.is_current).is_(True),
                col(Article.story_id).is_not(None),
                dated,
            )
            .distinct()
        )
    return union_all(*parts)
