"""Persistence: keyword-only functions; every query Parallax runs lives here."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import cast

from sqlalchemy import (
    ColumnElement,
    Date,
    Integer,
    Select,
    String,
    Text,
    TextualSelect,
    bindparam,
    column,
    func,
    literal_column,
    table,
    text,
    tuple_,
)
from sqlalchemy import (
    cast as sa_cast,
)
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select as sa_select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.orm import QueryableAttribute, defer
from sqlalchemy.orm.util import identity_key
from sqlmodel import Session, col, select

from app.align import Alignment
from app.align.serialize import alignment_from_dict, alignment_to_dict
from app.models import (
    Article,
    ArticleVector,
    Comparison,
    Outlet,
    Shingle,
    ShingleStaged,
    Story,
    decode_weights,
    encode_weights,
    utcnow,
)


def get_article(*, session: Session, article_id: str) -> Article | None:
    return session.get(Article, article_id)


def get_article_by_hash(*, session: Session, content_hash: str) -> Article | None:
    return session.exec(select(Article).where(Article.content_hash == content_hash)).first()


def current_article_for_url(*, session: Session, url: str) -> Article | None:
    query = select(Article).where(Article.url == url, col(Article.is_current).is_(True))
    return session.exec(query.order_by(col(Article.revision).desc())).first()


def revisions_of(*, session: Session, lineage_id: str) -> Sequence[Article]:
    query = select(Article).where(Article.lineage_id == lineage_id)
    return session.exec(query.order_by(col(Article.revision))).all()


def list_articles(
    *,
    session: Session,
    outlet_id: int | None = None,
    offset: int = 0,
    limit: int = 50,
    current_only: bool = True,
) -> tuple[Sequence[Article], int]:
    """A page of articles, newest first (by publication date, then import time)."""
    query = select(Article)
    count = select(func.count()).select_from(Article)
    if current_only:
        query = query.where(col(Article.is_current).is_(True))
        count = count.where(col(Article.is_current).is_(True))
    if outlet_id is not None:
        query = query.where(Article.outlet_id == outlet_id)
        count = count.where(Article.outlet_id == outlet_id)
    query = query.order_by(
        col(Article.published).desc().nulls_last(),
        col(Article.imported_at).desc(),
        col(Article.id),
    )
    rows = session.exec(query.offset(offset).limit(limit)).all()
    total = session.exec(count).one()
    return rows, int(total)


# Pages never show the raw input an article was imported from (only exports do), and it is
# most of a row: the queries pages run leave it to be read if asked for.
_WITHOUT_RAW = defer(cast(QueryableAttribute[bytes], Article.raw))


def articles_with_outlets(
    *, session: Session, article_ids: Sequence[str]
) -> dict[str, tuple[Article, Outlet]]:
    """Articles by id with their outlets, in one query (absent ids left out)."""
    query = (
        select(Article, Outlet)
        .join(Outlet, col(Outlet.id) == col(Article.outlet_id))
        .where(col(Article.id).in_(list(article_ids)))
        .options(_WITHOUT_RAW)
    )
    return {article.id: (article, outlet) for article, outlet in session.exec(query)}


def outlets_by_id(*, session: Session, outlet_ids: Iterable[int]) -> dict[int, Outlet]:
    """Outlets by id, in one query: a listing's outlets, loaded with its rows."""
    found: dict[int, Outlet] = {}
    missing = set()
    for outlet_id in set(outlet_ids):
        loaded = session.identity_map.get(identity_key(Outlet, outlet_id))
        if isinstance(loaded, Outlet):
            found[outlet_id] = loaded  # already read in this session (with its articles)
        else:
            missing.add(outlet_id)
    if missing:
        query = select(Outlet).where(col(Outlet.id).in_(missing))
        found.update((o.id, o) for o in session.exec(query) if o.id is not None)
    return found


def revisions_of_lineages(
    *, session: Session, lineage_ids: Iterable[str]
) -> dict[str, list[tuple[str, int, dt.datetime, bool]]]:
    """(id, revision, imported_at, is_current) of every revision of each lineage, oldest
    first, in one query and without loading the revisions' texts."""
    wanted = set(lineage_ids)
    found: dict[str, list[tuple[str, int, dt.datetime, bool]]] = {i: [] for i in wanted}
    query = (
        sa_select(
            col(Article.lineage_id),
            col(Article.id),
            col(Article.revision),
            col(Article.imported_at),
            col(Article.is_current),
        )
        .where(col(Article.lineage_id).in_(wanted))
        .order_by(col(Article.lineage_id), col(Article.revision))
    )
    for lineage, article_id, revision, imported_at, is_current in session.execute(query):
        found[lineage].append((article_id, revision, imported_at, is_current))
    return found


def get_outlet(*, session: Session, outlet_id: int) -> Outlet | None:
    return session.get(Outlet, outlet_id)


def get_outlet_by_slug(*, session: Session, slug: str) -> Outlet | None:
    return session.exec(select(Outlet).where(Outlet.slug == slug)).first()


def get_outlet_by_domain(*, session: Session, domain: str) -> Outlet | None:
    query = select(Outlet).where(Outlet.domain == domain).order_by(col(Outlet.id))
    return session.exec(query).first()


def add_outlet(*, session: Session, name: str, slug: str, domain: str | None) -> Outlet:
    outlet = Outlet(name=name, slug=slug, domain=domain)
    session.add(outlet)
    session.flush()
    return outlet


def list_outlets(*, session: Session, except_prefix: str | None = None) -> Sequence[Outlet]:
    """Every outlet, oldest first; without those whose name starts with `except_prefix`."""
    query = select(Outlet).order_by(col(Outlet.id))
    if except_prefix:
        query = query.where(~col(Outlet.name).startswith(except_prefix, autoescape=True))
    return session.exec(query).all()


def highest_numbered_outlet(*, session: Session, prefix: str) -> str | None:
    """The name "prefix N" with the highest N (the longest, then last in order), if any."""
    query = (
        select(Outlet.name)
        .where(col(Outlet.name).startswith(prefix, autoescape=True))
        .order_by(func.length(Outlet.name).desc(), col(Outlet.name).desc())
        .limit(1)
    )
    return session.exec(query).first()


def count_outlet_articles(*, session: Session, outlet_id: int) -> int:
    """Revisions of every article stored under the outlet, current or not."""
    query = select(func.count(col(Article.id))).where(Article.outlet_id == outlet_id)
    return int(session.exec(query).one())


def delete_outlet(*, session: Session, outlet: Outlet) -> None:
    session.delete(outlet)
    session.flush()


def list_outlets_with_counts(*, session: Session) -> Sequence[tuple[Outlet, int]]:
    """Every outlet with the number of current articles it has, by name."""
    articles = func.count(col(Article.id))
    query = (
        select(Outlet, articles)
        .join(
            Article,
            (col(Article.outlet_id) == col(Outlet.id)) & col(Article.is_current),
            isouter=True,
        )
        .group_by(col(Outlet.id))
        .order_by(func.lower(Outlet.name))
    )
    return [(outlet, int(n)) for outlet, n in session.exec(query).all()]


def add_article(*, session: Session, article: Article) -> Article:
    session.add(article)
    session.flush()
    return article


def supersede(*, session: Session, article: Article) -> None:
    """Mark a revision as no longer current."""
    article.is_current = False
    session.add(article)
    session.flush()


def article_id_exists(*, session: Session, article_id: str) -> bool:
    return session.get(Article, article_id) is not None


# Lookups for many articles at once (bulk import), in chunks under every driver's limit
# on bound parameters.
_CHUNK = 500


def _chunks(values: Sequence[str]) -> list[list[str]]:
    unique = sorted(set(values))
    return [unique[k : k + _CHUNK] for k in range(0, len(unique), _CHUNK)]


def article_ids_by_hash(*, session: Session, content_hashes: Sequence[str]) -> dict[str, str]:
    """{content hash: article id} of the stored articles among these hashes."""
    found: dict[str, str] = {}
    for chunk in _chunks(content_hashes):
        query = sa_select(col(Article.content_hash), col(Article.id))
        found.update(session.execute(query.where(col(Article.content_hash).in_(chunk))).all())
    return found


def existing_article_ids(*, session: Session, article_ids: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for chunk in _chunks(article_ids):
        query = sa_select(col(Article.id)).where(col(Article.id).in_(chunk))
        found.update(session.execute(query).scalars())
    return found


def current_urls(*, session: Session, urls: Sequence[str]) -> set[str]:
    """The urls among these that a current revision was imported from."""
    found: set[str] = set()
    for chunk in _chunks(urls):
        query = sa_select(col(Article.url)).where(
            col(Article.url).in_(chunk), col(Article.is_current).is_(True)
        )
        found.update(u for u in session.execute(query).scalars() if u is not None)
    return found


def add_articles(*, session: Session, articles: Sequence[Article]) -> None:
    """Insert new articles in one statement (executemany); the objects stay detached."""
    if articles:
        rows = [a.model_dump() for a in articles]
        session.execute(Article.__table__.insert(), rows)  # type: ignore[attr-defined]


def get_alignment(*, session: Session, a_id: str, b_id: str, version: str) -> Alignment | None:
    """The stored alignment of two revisions (in that orientation), decoded, or None."""
    query = select(Comparison.result).where(
        Comparison.a_id == a_id, Comparison.b_id == b_id, Comparison.version == version
    )
    stored = session.exec(query).first()
    return None if stored is None else alignment_from_dict(stored)


def alignments_among(
    *, session: Session, article_ids: Sequence[str], version: str
) -> dict[tuple[str, str], Alignment]:
    """Every stored alignment between two of `article_ids`, by (a_id, b_id), in one query."""
    ids = list(article_ids)
    query = select(Comparison.a_id, Comparison.b_id, Comparison.result).where(
        Comparison.version == version,
        col(Comparison.a_id).in_(ids),
        col(Comparison.b_id).in_(ids),
    )
    return {(a, b): alignment_from_dict(result) for a, b, result in session.exec(query)}


def add_alignments(
    *, session: Session, version: str, alignments: dict[tuple[str, str], Alignment]
) -> None:
    """Store alignments by (a_id, b_id); a pair another writer stored first is kept as it is
    (it is the same result)."""
    if not alignments:
        return
    rows = [
        {
            "a_id": a,
            "b_id": b,
            "version": version,
            "result": alignment_to_dict(al),
            "created_at": utcnow(),
        }
        for (a, b), al in alignments.items()
    ]
    insert = postgresql.insert if _dialect(session) == "postgresql" else sqlite.insert
    statement = insert(Comparison).on_conflict_do_nothing(
        index_elements=["a_id", "b_id", "version"]
    )
    session.execute(statement, rows)


def add_story(*, session: Session, title: str) -> Story:
    story = Story(title=title)
    session.add(story)
    session.flush()
    return story


def get_story(*, session: Session, story_id: int) -> Story | None:
    return session.get(Story, story_id)


def story_articles(
    *, session: Session, story_id: int, current_only: bool = True
) -> Sequence[Article]:
    """A story's articles, oldest first (undated last), then by import order."""
    query = select(Article).where(Article.story_id == story_id).options(_WITHOUT_RAW)
    if current_only:
        query = query.where(col(Article.is_current).is_(True))
    query = query.order_by(
        col(Article.published).asc().nulls_last(), col(Article.imported_at), col(Article.id)
    )
    return session.exec(query).all()


def lineage_articles(*, session: Session, lineage_id: str) -> Sequence[Article]:
    return session.exec(select(Article).where(Article.lineage_id == lineage_id)).all()


def lineage_story_id(*, session: Session, lineage_id: str, exclude_id: str) -> int | None:
    """The story of another revision in the lineage, if one is grouped."""
    query = select(Article.story_id).where(
        Article.lineage_id == lineage_id,
        Article.id != exclude_id,
        col(Article.story_id).is_not(None),
    )
    return session.exec(query.limit(1)).first()


def story_members_with_outlets(
    *, session: Session, story_ids: Iterable[int]
) -> dict[int, list[tuple[str, str]]]:
    """(article id, outlet name) of each story's current articles, in `story_articles`
    order, for many stories in one query (a listing's rows)."""
    wanted = set(story_ids)
    found: dict[int, list[tuple[str, str]]] = {i: [] for i in wanted}
    query = (
        sa_select(col(Article.story_id), col(Article.id), col(Outlet.name))
        .join(Outlet, col(Outlet.id) == col(Article.outlet_id))
        .where(col(Article.story_id).in_(wanted), col(Article.is_current).is_(True))
        .order_by(
            col(Article.published).asc().nulls_last(), col(Article.imported_at), col(Article.id)
        )
    )
    for story_id, article_id, outlet_name in session.execute(query):
        found[story_id].append((article_id, outlet_name))
    return found


def list_stories(
    *, session: Session, offset: int = 0, limit: int = 30
) -> tuple[Sequence[tuple[Story, dt.date | None, dt.date | None, int]], int]:
    """Stories with their date range and article count, latest news first."""
    current = col(Article.is_current).is_(True)
    first = func.min(Article.published)
    last = func.max(Article.published)
    count = func.count(col(Article.id))
    query = (
        select(Story, first, last, count)
        .join(Article, (col(Article.story_id) == col(Story.id)) & current)
        .group_by(col(Story.id))
        .order_by(
            last.desc().nulls_last(), func.max(Article.imported_at).desc(), col(Story.id).desc()
        )
    )
    rows = session.exec(query.offset(offset).limit(limit)).all()
    total = session.exec(
        select(func.count(func.distinct(Article.story_id))).where(
            current, col(Article.story_id).is_not(None)
        )
    ).one()
    return [(s, f, la, int(n)) for s, f, la, n in rows], int(total)


def delete_story_if_empty(*, session: Session, story_id: int) -> None:
    left = session.exec(
        select(func.count()).select_from(Article).where(Article.story_id == story_id)
    ).one()
    if not left:
        story = session.get(Story, story_id)
        if story is not None:
            session.delete(story)
            session.flush()


def ungrouped_article_ids(*, session: Session) -> Sequence[str]:
    query = select(Article.id).where(col(Article.story_id).is_(None), col(Article.is_current))
    return session.exec(query.order_by(col(Article.imported_at), col(Article.id))).all()


def current_articles(*, session: Session) -> Sequence[Article]:
    query = select(Article).where(col(Article.is_current).is_(True))
    return session.exec(query.order_by(col(Article.imported_at), col(Article.id))).all()


def delete_empty_stories(*, session: Session) -> None:
    used = select(Article.story_id).where(col(Article.story_id).is_not(None)).distinct()
    for story in session.exec(select(Story).where(col(Story.id).not_in(used))).all():
        session.delete(story)
    session.flush()


def count_stories(*, session: Session) -> int:
    return int(session.exec(select(func.count()).select_from(Story)).one())


# Full-text search. The FTS5 table is raw SQL from migration 0003 (SQLite only), so it is
# described here as a lightweight table, outside the models' metadata.
_FTS = table("article_fts", column("rowid", Integer), column("article_id", String))
_FTS_NAME = literal_column("article_fts", String)


def has_search_index(*, session: Session) -> bool:
    """True on SQLite when migration 0003 built the FTS5 index."""
    if _dialect(session) != "sqlite":
        return False
    found = session.execute(
        text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'article_fts'")
    ).first()
    return found is not None


def _search_filters(
    outlet_id: int | None, date_from: dt.date | None, date_to: dt.date | None
) -> list[ColumnElement[bool]]:
    filters: list[ColumnElement[bool]] = [col(Article.is_current).is_(True)]
    if outlet_id is not None:
        filters.append(col(Article.outlet_id) == outlet_id)
    if date_from is not None:
        filters.append(col(Article.published) >= date_from)
    if date_to is not None:
        filters.append(col(Article.published) <= date_to)
    return filters


def search_articles(
    *,
    session: Session,
    match: str,
    title_weight: float,
    outlet_id: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    offset: int = 0,
    limit: int = 20,
) -> tuple[Sequence[tuple[Article, int]], int]:
    """A page of current articles matching an FTS5 expression, best (bm25) first.

    Returns (article, index rowid) pairs, for `search_snippets`, and the number of matches.
    """
    # bm25 takes one weight per column: article_id (unindexed), title, body.
    rank = func.bm25(_FTS_NAME, 0.0, title_weight, 1.0)
    where = [_FTS_NAME.op("MATCH")(match), *_search_filters(outlet_id, date_from, date_to)]
    joined = _FTS.join(Article, col(Article.id) == _FTS.c.article_id)
    query = (
        select(Article, _FTS.c.rowid)
        .select_from(joined)
        .where(*where)
        .order_by(rank, col(Article.id))
        .offset(offset)
        .limit(limit)
    )
    rows = [(article, int(rowid)) for article, rowid in session.exec(query).all()]
    total = session.exec(select(func.count()).select_from(joined).where(*where)).one()
    return rows, int(total)


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


def search_titles_like(
    *,
    session: Session,
    words: Sequence[str],
    outlet_id: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    offset: int = 0,
    limit: int = 20,
) -> tuple[Sequence[Article], int]:
    """Current articles whose title contains every word (any case); newest first.

    The fallback where there is no full-text index: no ranking, bodies not searched.
    """
    where = _search_filters(outlet_id, date_from, date_to)
    for word in words:
        pattern = word.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        where.append(func.lower(Article.title).like(f"%{pattern}%", escape="\\"))
    query = (
        select(Article)
        .where(*where)
        .order_by(
            col(Article.published).desc().nulls_last(),
            col(Article.imported_at).desc(),
            col(Article.id),
        )
    )
    rows = session.exec(query.offset(offset).limit(limit)).all()
    total = session.exec(select(func.count()).select_from(Article).where(*where)).one()
    return rows, int(total)


def count_articles(*, session: Session) -> int:
    """Every article revision, current or not."""
    return int(session.exec(select(func.count()).select_from(Article)).one())


ImportKey = tuple[dt.datetime, int, str]


def articles_in_import_order(
    *, session: Session, after: ImportKey | None, limit: int
) -> Sequence[tuple[Article, Outlet, Story | None]]:
    """A page of every revision, oldest import first, with its outlet and story.

    Keyset-paged on (imported_at, revision, id): pass the last row's key as `after`.
    Revision breaks ties so an earlier revision always comes before a later one.
    """
    query = select(Article, Outlet, Story).join(Outlet, col(Outlet.id) == col(Article.outlet_id))
    query = query.join(Story, col(Story.id) == col(Article.story_id), isouter=True)
    key = tuple_(col(Article.imported_at), col(Article.revision), col(Article.id))
    if after is not None:
        query = query.where(key > tuple_(*after))
    query = query.order_by(col(Article.imported_at), col(Article.revision), col(Article.id)).limit(
        limit
    )
    return session.exec(query).all()


def stories_covered_by_both(*, session: Session, outlet_a: int, outlet_b: int) -> Sequence[int]:
    """Stories in which both outlets have a current article, latest first."""
    current = col(Article.is_current).is_(True)
    has_a = select(Article.story_id).where(current, Article.outlet_id == outlet_a)
    has_b = select(Article.story_id).where(current, Article.outlet_id == outlet_b)
    query = (
        select(Story.id)
        .where(col(Story.id).in_(has_a), col(Story.id).in_(has_b))
        .order_by(col(Story.id).desc())
    )
    return [i for i in session.exec(query).all() if i is not None]


def outlet_articles_in_story(
    *, session: Session, story_id: int, outlet_id: int
) -> Sequence[Article]:
    query = select(Article).where(
        Article.story_id == story_id, Article.outlet_id == outlet_id, col(Article.is_current)
    )
    return session.exec(query.order_by(col(Article.id))).all()


# The candidate index (migration 0004): winnowed shingles, term document frequencies and
# stored TF-IDF vectors of current revisions. The shingles are two tables of one shape
# (migration 0007): `shingle`, and the small `shingle_staged` that bulk imports write and
# `fold_staged_shingles` empties into it. Every lookup reads both; an article's rows are
# all in one of them.
_SHINGLE_TABLES = ("shingle", "shingle_staged")

# Lists of terms and fingerprints travel as one JSON array, one bound parameter however
# long, unpacked in SQL per dialect: one statement per article instead of one per row.
_JSON_TEXTS = {
    "sqlite": "SELECT value FROM json_each(:values)",
    "postgresql": "SELECT json_array_elements_text(CAST(:values AS json)) AS value",
}
_JSON_INTS = {
    "sqlite": "SELECT value FROM json_each(:values)",
    "postgresql": "SELECT CAST(v AS bigint) AS value "
    "FROM json_array_elements_text(CAST(:values AS json)) AS v",
}
# "WHERE true": SQLite's parser needs it to tell an upsert's ON CONFLICT from a join's ON.
_ADD_TERMS = {
    dialect: text(
        f"INSERT INTO term_df (term, df) SELECT t.value, :delta FROM ({values}) AS t "
        "WHERE true ON CONFLICT (term) DO UPDATE SET df = term_df.df + excluded.df"
    )
    for dialect, values in _JSON_TEXTS.items()
}
_DELETE_SHINGLES = {
    dialect: [
        text(f"DELETE FROM {table} WHERE article_id = :article_id AND hash IN ({values})")
        for table in _SHINGLE_TABLES
    ]
    for dialect, values in _JSON_INTS.items()
}
_TERM_DF = {
    dialect: text(f"SELECT term, df FROM term_df WHERE term IN ({values})")
    for dialect, values in _JSON_TEXTS.items()
}
_PUT_VECTOR = text(
    "INSERT INTO article_vector (article_id, weights, corpus_docs) VALUES (:id, :weights, :docs) "
    "ON CONFLICT (article_id) DO UPDATE SET weights = excluded.weights, "
    "corpus_docs = excluded.corpus_docs"
)


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def _mark(connection: Connection) -> str:
    """The driver's own placeholder, for SQL sent through exec_driver_sql."""
    return "?" if connection.dialect.paramstyle == "qmark" else "%s"


def add_shingle_rows(
    *, session: Session, rows: Sequence[tuple[int, str]], staged: bool = False
) -> None:
    """Index many (fingerprint, article id) at once, in `shingle` or (`staged`) in
    `shingle_staged`, in index order: a B-tree takes sorted keys page by page instead of
    jumping across the whole index for every row."""
    if rows:
        # The driver's own executemany: a million rows through SQLAlchemy's parameter
        # handling took longer than the inserts themselves.
        connection = session.connection()
        mark = _mark(connection)
        table = "shingle_staged" if staged else "shingle"
        sql = f"INSERT INTO {table} (hash, article_id) VALUES ({mark}, {mark})"
        connection.exec_driver_sql(sql, sorted(rows))


def count_staged_shingles(*, session: Session) -> int:
    return int(session.exec(select(func.count()).select_from(ShingleStaged)).one())


def fold_staged_shingles(*, session: Session) -> None:
    """Move the staged index rows into `shingle`, in key order: each of its pages that
    they reach is written once for all of them."""
    connection = session.connection()
    connection.exec_driver_sql(
        "INSERT INTO shingle (hash, article_id) "
        "SELECT hash, article_id FROM shingle_staged ORDER BY hash, article_id"
    )
    connection.exec_driver_sql("DELETE FROM shingle_staged")


def replace_shingle_rows(
    *, session: Session, batches: Iterable[Sequence[tuple[int, str]]], two_level: bool = True
) -> None:
    """Replace the whole index with the (fingerprint, article id) rows of `batches`, all
    in `shingle`. `two_level` False: the schema is older than `shingle_staged` (a migration
    before 0007 rebuilding the index).

    The rows are collected in a temporary table and copied in key order once all are
    known, so the index's B-tree is written page by page, not a random page per row.
    """
    connection = session.connection()
    mark = _mark(connection)
    connection.exec_driver_sql(
        "CREATE TEMPORARY TABLE shingle_rebuild "
        "(hash BIGINT NOT NULL, article_id VARCHAR(16) NOT NULL)"
    )
    sql = f"INSERT INTO shingle_rebuild (hash, article_id) VALUES ({mark}, {mark})"
    for rows in batches:
        if rows:
            connection.exec_driver_sql(sql, list(rows))
    for name in _SHINGLE_TABLES if two_level else _SHINGLE_TABLES[:1]:
        connection.exec_driver_sql(f"DELETE FROM {name}")
    connection.exec_driver_sql(
        "INSERT INTO shingle (hash, article_id) SELECT DISTINCT hash, article_id "
        "FROM shingle_rebuild ORDER BY hash, article_id"
    )
    connection.exec_driver_sql("DROP TABLE shingle_rebuild")


def current_paragraphs_after(
    *, session: Session, after: str, limit: int
) -> list[tuple[str, list[str]]]:
    """Up to `limit` current revisions with ids after `after`, in id order: (id, paragraphs)."""
    query = (
        select(Article.id, Article.paragraphs)
        .where(col(Article.is_current).is_(True), col(Article.id) > after)
        .order_by(col(Article.id))
        .limit(limit)
    )
    return [(i, list(p)) for i, p in session.exec(query).all()]


def delete_shingles(*, session: Session, article_id: str, hashes: Sequence[int]) -> None:
    if hashes:
        params = {"values": json.dumps(list(hashes)), "article_id": article_id}
        for statement in _DELETE_SHINGLES[_dialect(session)]:
            session.execute(statement, params)


# Up to :cap of the index entries of fingerprint q.hash, from both tables.
_ENTRIES = """
    SELECT s.article_id FROM shingle AS s WHERE s.hash = q.hash
    UNION ALL SELECT s.article_id FROM shingle_staged AS s WHERE s.hash = q.hash
    LIMIT :cap
    """
# Per fingerprint, up to :cap of the revisions holding it, space-separated (ids have no
# spaces): one index probe per fingerprint tells both whether it is rarer than the cap
# and who holds it.
_HOLDERS = {
    "sqlite": f"(SELECT group_concat(h.article_id, ' ') FROM ({_ENTRIES}) AS h)",
    "postgresql": f"(SELECT string_agg(h.article_id, ' ') FROM ({_ENTRIES}) AS h)",
}
_POSTINGS = {
    dialect: text(
        f"WITH q(hash) AS (SELECT DISTINCT j.value FROM ({values}) AS j) "
        f"SELECT hash, holders FROM (SELECT q.hash AS hash, {_HOLDERS[dialect]} AS holders "
        "FROM q) AS p WHERE holders IS NOT NULL"
    )
    for dialect, values in _JSON_INTS.items()
}


def shingle_holders(*, session: Session, hashes: Sequence[int], cap: int) -> list[tuple[int, str]]:
    """The index entries of many fingerprints at once: (fingerprint, up to `cap` of the
    revisions holding it, space-separated) for those held by any."""
    if not hashes:
        return []
    params = {"values": json.dumps(sorted(set(hashes))), "cap": cap}
    return [(int(h), ids) for h, ids in session.execute(_POSTINGS[_dialect(session)], params)]


_ADD_TERM_COUNTS = {
    "sqlite": text(
        "INSERT INTO term_df (term, df) SELECT t.key, t.value FROM json_each(:deltas) AS t "
        "WHERE true ON CONFLICT (term) DO UPDATE SET df = term_df.df + excluded.df"
    ),
    "postgresql": text(
        "INSERT INTO term_df (term, df) SELECT t.key, CAST(t.value AS integer) "
        "FROM json_each_text(CAST(:deltas AS json)) AS t "
        "ON CONFLICT (term) DO UPDATE SET df = term_df.df + excluded.df"
    ),
}


def add_term_deltas(*, session: Session, deltas: dict[str, int]) -> None:
    """Add each term's own delta to its document frequency (rows made as needed)."""
    if deltas:
        session.execute(_ADD_TERM_COUNTS[_dialect(session)], {"deltas": json.dumps(deltas)})


def count_shingles(*, session: Session) -> int:
    """Rows in the whole index, both tables."""
    return sum(
        int(session.exec(select(func.count()).select_from(model)).one())
        for model in (Shingle, ShingleStaged)
    )


def add_term_df(*, session: Session, terms: Sequence[str], delta: int) -> None:
    """Add `delta` to the document frequency of each term (distinct; rows made as needed)."""
    if terms:
        params = {"values": json.dumps(list(terms)), "delta": delta}
        session.execute(_ADD_TERMS[_dialect(session)], params)


def term_df(*, session: Session, terms: Sequence[str]) -> dict[str, int]:
    """Document frequencies of `terms` (absent terms are left out)."""
    if not terms:
        return {}
    params = {"values": json.dumps(list(terms))}
    query = _TERM_DF[_dialect(session)]
    return {t: int(n) for t, n in session.execute(query, params).all()}


def put_vector(
    *, session: Session, article_id: str, weights: dict[str, float], corpus_docs: int
) -> None:
    params = {"id": article_id, "weights": encode_weights(weights), "docs": corpus_docs}
    session.execute(_PUT_VECTOR, params)


def put_vectors(*, session: Session, vectors: Sequence[tuple[str, dict[str, float], int]]) -> None:
    """Store many (article id, weights, corpus size) at once."""
    put_encoded_vectors(session=session, vectors=[(i, encode_weights(w), n) for i, w, n in vectors])


def put_encoded_vectors(*, session: Session, vectors: Sequence[tuple[str, str, int]]) -> None:
    """`put_vectors` of vectors already encoded (models.encode_weights)."""
    if vectors:
        rows = [{"id": i, "weights": w, "docs": n} for i, w, n in vectors]
        session.execute(_PUT_VECTOR, rows)


def delete_vector(*, session: Session, article_id: str) -> None:
    session.execute(text("DELETE FROM article_vector WHERE article_id = :id"), {"id": article_id})


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
    for chunk in _chunks(article_ids):
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
    mark = _mark(connection)
    rows: list[EncodedGroupingRow] = []
    for chunk in _chunks(article_ids):
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


def paragraphs_by_id(*, session: Session, article_ids: Sequence[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for chunk in _chunks(article_ids):
        query = select(Article.id, Article.paragraphs).where(col(Article.id).in_(chunk))
        found.update((i, list(p)) for i, p in session.exec(query).all())
    return found


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
    for k in range(0, len(unique), _CHUNK):
        chunk = unique[k : k + _CHUNK]
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


def get_stories(*, session: Session, story_ids: Sequence[int]) -> dict[int, Story]:
    found: dict[int, Story] = {}
    unique = sorted(set(story_ids))
    for k in range(0, len(unique), _CHUNK):
        query = select(Story).where(col(Story.id).in_(unique[k : k + _CHUNK]))
        found.update((s.id, s) for s in session.exec(query).all() if s.id is not None)
    return found
