"""Persistence: keyword-only functions; every query Parallax runs lives here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.models import Article, Comparison, Outlet, Story


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


def get_comparison(*, session: Session, a_id: str, b_id: str, version: str) -> Comparison | None:
    query = select(Comparison).where(
        Comparison.a_id == a_id, Comparison.b_id == b_id, Comparison.version == version
    )
    return session.exec(query).first()


def add_comparison(*, session: Session, comparison: Comparison) -> Comparison:
    session.add(comparison)
    session.flush()
    return comparison


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
    query = select(Article).where(Article.story_id == story_id)
    if current_only:
        query = query.where(col(Article.is_current).is_(True))
    query = query.order_by(
        col(Article.published).asc().nulls_last(), col(Article.imported_at), col(Article.id)
    )
    return session.exec(query).all()


def lineage_articles(*, session: Session, lineage_id: str) -> Sequence[Article]:
    return session.exec(select(Article).where(Article.lineage_id == lineage_id)).all()


def grouping_candidates(
    *, session: Session, exclude_id: str, around: dt.date | None, window_days: int, limit: int
) -> Sequence[Article]:
    """Current, grouped articles that may share a story with a new one.

    Dated articles within the window (and undated ones) when the new one has a date; the
    most recently imported otherwise.
    """
    query = select(Article).where(
        col(Article.is_current).is_(True),
        col(Article.story_id).is_not(None),
        Article.id != exclude_id,
    )
    if around is not None:
        low, high = around - dt.timedelta(days=window_days), around + dt.timedelta(days=window_days)
        query = query.where(
            col(Article.published).is_(None) | col(Article.published).between(low, high)
        )
    return session.exec(query.order_by(col(Article.imported_at).desc()).limit(limit)).all()


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
