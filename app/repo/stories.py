"""Stories and which articles belong to them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from sqlalchemy import delete, func, or_, update
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from app.models import Article, Outlet, Story
from app.repo import _sql


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
    query = select(Article).where(Article.story_id == story_id).options(_sql.WITHOUT_RAW)
    if current_only:
        query = query.where(col(Article.is_current).is_(True))
    query = query.order_by(
        col(Article.published).asc().nulls_last(), col(Article.imported_at), col(Article.id)
    )
    return session.exec(query).all()


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
        # "Current" written so that no index can serve it (as in repo/grouping.py): else,
        # without statistics, SQLite walks ix_article_is_current, every current article,
        # instead of the stories asked for (15 ms instead of 0.1 at 835 articles).
        .where(
            col(Article.story_id).in_(wanted),
            func.coalesce(col(Article.is_current), False).is_(True),
        )
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


def fixed_story_ids(*, session: Session, story_ids: Iterable[int]) -> set[int]:
    """Those of the stories a user named or corrected (grouping never merges them)."""
    unique = sorted(set(story_ids))
    found: set[int] = set()
    for k in range(0, len(unique), _sql.CHUNK):
        query = select(Story.id).where(
            col(Story.id).in_(unique[k : k + _sql.CHUNK]),
            or_(col(Story.title_locked), col(Story.corrected)),
        )
        found.update(i for i in session.exec(query).all() if i is not None)
    return found


def story_extents(
    *, session: Session, story_ids: Iterable[int]
) -> dict[int, tuple[int, dt.date | None, dt.date | None]]:
    """How many current articles each of the stories holds, and their first and last
    publication dates."""
    wanted = sorted(set(story_ids))
    # Grouped by is_current rather than filtered on it: SQLite's planner, given both,
    # looked a single story up through the is_current index, a scan of every current
    # article (23 ms at 5,000 articles, for what the story index answers in 0.1 ms).
    query = (
        sa_select(
            col(Article.story_id),
            col(Article.is_current),
            func.count(),
            func.min(col(Article.published)),
            func.max(col(Article.published)),
        )
        .where(col(Article.story_id).in_(wanted))
        .group_by(col(Article.story_id), col(Article.is_current))
    )
    found: dict[int, tuple[int, dt.date | None, dt.date | None]] = {
        i: (0, None, None) for i in wanted
    }
    for i, current, n, first, last in session.execute(query).all():
        if current:
            found[i] = (int(n), first, last)
    return found


def undated_named_days(*, session: Session, story_ids: Iterable[int]) -> list[tuple[int, dt.date]]:
    """(story, latest named day) of each current undated article of the stories whose
    text names a day with its year (`Article.latest_named_day`); no text is read."""
    query = sa_select(
        col(Article.story_id), col(Article.is_current), col(Article.latest_named_day)
    ).where(
        col(Article.story_id).in_(sorted(set(story_ids))),
        col(Article.published).is_(None),
        col(Article.latest_named_day).is_not(None),
    )
    # is_current is read, not filtered on: see story_extents.
    return [(int(s), day) for s, current, day in session.execute(query).all() if current]


def absorb_stories(*, session: Session, into: int, others: Sequence[int]) -> None:
    """Move every article of `others` (all revisions) into story `into`; delete `others`."""
    if not others:
        return
    session.execute(update(Article).where(col(Article.story_id).in_(others)).values(story_id=into))
    session.execute(delete(Story).where(col(Story.id).in_(others)))
    session.flush()


def ungrouped_article_ids(*, session: Session) -> Sequence[str]:
    query = select(Article.id).where(col(Article.story_id).is_(None), col(Article.is_current))
    return session.exec(query.order_by(col(Article.imported_at), col(Article.id))).all()


def delete_empty_stories(*, session: Session) -> None:
    used = select(Article.story_id).where(col(Article.story_id).is_not(None)).distinct()
    for story in session.exec(select(Story).where(col(Story.id).not_in(used))).all():
        session.delete(story)
    session.flush()


def count_stories(*, session: Session) -> int:
    return int(session.exec(select(func.count()).select_from(Story)).one())


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


def get_stories(*, session: Session, story_ids: Sequence[int]) -> dict[int, Story]:
    found: dict[int, Story] = {}
    unique = sorted(set(story_ids))
    for k in range(0, len(unique), _sql.CHUNK):
        query = select(Story).where(col(Story.id).in_(unique[k : k + _sql.CHUNK]))
        found.update((s.id, s) for s in session.exec(query).all() if s.id is not None)
    return found
