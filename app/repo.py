"""Persistence: keyword-only functions; every query Parallax runs lives here."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.models import Article, Outlet


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
