"""Articles, their revisions and outlets, and the stored alignments between them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from sqlalchemy import func, tuple_
from sqlalchemy import select as sa_select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm.util import identity_key
from sqlmodel import Session, col, select

from app.align import Alignment
from app.align.serialize import alignment_from_dict, alignment_to_dict
from app.models import Article, Comparison, Outlet, Story, utcnow
from app.repo import _sql


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


def articles_with_outlets(
    *, session: Session, article_ids: Sequence[str]
) -> dict[str, tuple[Article, Outlet]]:
    """Articles by id with their outlets, in one query (absent ids left out)."""
    query = (
        select(Article, Outlet)
        .join(Outlet, col(Outlet.id) == col(Article.outlet_id))
        .where(col(Article.id).in_(list(article_ids)))
        .options(_sql.WITHOUT_RAW)
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


def article_ids_by_hash(*, session: Session, content_hashes: Sequence[str]) -> dict[str, str]:
    """{content hash: article id} of the stored articles among these hashes."""
    found: dict[str, str] = {}
    for chunk in _sql.chunks(content_hashes):
        query = sa_select(col(Article.content_hash), col(Article.id))
        found.update(session.execute(query.where(col(Article.content_hash).in_(chunk))).all())
    return found


def existing_article_ids(*, session: Session, article_ids: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for chunk in _sql.chunks(article_ids):
        query = sa_select(col(Article.id)).where(col(Article.id).in_(chunk))
        found.update(session.execute(query).scalars())
    return found


def current_urls(*, session: Session, urls: Sequence[str]) -> set[str]:
    """The urls among these that a current revision was imported from."""
    found: set[str] = set()
    for chunk in _sql.chunks(urls):
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


def stored_alignment(
    *, session: Session, a_id: str, b_id: str, version: str | None
) -> Alignment | None:
    """The alignment of two revisions stored under `version`, or the first one stored for
    them under any version when `version` is None."""
    query = select(Comparison.result).where(Comparison.a_id == a_id, Comparison.b_id == b_id)
    if version is None:
        query = query.order_by(col(Comparison.created_at), col(Comparison.id))
    else:
        query = query.where(Comparison.version == version)
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
    insert = postgresql.insert if _sql.dialect(session) == "postgresql" else sqlite.insert
    statement = insert(Comparison).on_conflict_do_nothing(
        index_elements=["a_id", "b_id", "version"]
    )
    session.execute(statement, rows)


def lineage_articles(*, session: Session, lineage_id: str) -> Sequence[Article]:
    return session.exec(select(Article).where(Article.lineage_id == lineage_id)).all()


def current_articles(*, session: Session) -> Sequence[Article]:
    query = select(Article).where(col(Article.is_current).is_(True))
    return session.exec(query.order_by(col(Article.imported_at), col(Article.id))).all()


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


def paragraphs_by_id(*, session: Session, article_ids: Sequence[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for chunk in _sql.chunks(article_ids):
        query = select(Article.id, Article.paragraphs).where(col(Article.id).in_(chunk))
        found.update((i, list(p)) for i, p in session.exec(query).all())
    return found
