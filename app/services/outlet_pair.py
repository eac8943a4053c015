"""Outlet against outlet: every story both covered, and how much text they have in common."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from app import repo
from app.errors import InvalidInput, NotFound
from app.models import Outlet
from app.services import articles, compare


@dataclass(frozen=True, slots=True)
class SharedStory:
    story_id: int
    story_title: str
    a_article: str
    b_article: str
    a_share: float  # share of A's article found in B's
    b_share: float
    compare_path: str


@dataclass(frozen=True, slots=True)
class OutletPair:
    a: str  # outlet names
    b: str
    a_slug: str
    b_slug: str
    stories: list[SharedStory]
    a_share: float  # over all the stories, word-weighted
    b_share: float


def _outlet(session: Session, slug: str) -> Outlet:
    outlet = repo.articles.get_outlet_by_slug(session=session, slug=slug)
    if outlet is None:
        raise NotFound(f"There is no outlet {slug!r}.")
    return outlet


def build(*, session: Session, slug_a: str, slug_b: str) -> OutletPair:
    if slug_a == slug_b:
        raise InvalidInput("Choose two different outlets.")
    a, b = _outlet(session, slug_a), _outlet(session, slug_b)
    assert a.id is not None and b.id is not None
    rows: list[SharedStory] = []
    words_a = words_b = shared_a = shared_b = 0.0
    for story_id in repo.stories.stories_covered_by_both(
        session=session, outlet_a=a.id, outlet_b=b.id
    ):
        story = repo.stories.get_story(session=session, story_id=story_id)
        assert story is not None
        best: tuple[float, SharedStory, int, int] | None = None
        xs = repo.stories.outlet_articles_in_story(
            session=session, story_id=story_id, outlet_id=a.id
        )
        ys = repo.stories.outlet_articles_in_story(
            session=session, story_id=story_id, outlet_id=b.id
        )
        found = compare.alignments(session=session, pairs=[(x, y) for x in xs for y in ys])
        for x in xs:
            for y in ys:
                stats = found[x.id, y.id].stats
                row = SharedStory(
                    story_id,
                    story.title,
                    x.id,
                    y.id,
                    stats.share_a,
                    stats.share_b,
                    compare.compare_path(x.id, y.id),
                )
                score = compare.shared_percent(stats)
                if best is None or score > best[0]:
                    best = (score, row, stats.words_a, stats.words_b)
        if best is None:
            continue
        _, row, wa, wb = best
        rows.append(row)
        words_a, words_b = words_a + wa, words_b + wb
        shared_a, shared_b = shared_a + row.a_share * wa, shared_b + row.b_share * wb
    return OutletPair(
        a=a.name,
        b=b.name,
        a_slug=a.slug,
        b_slug=b.slug,
        stories=rows,
        a_share=shared_a / words_a if words_a else 0.0,
        b_share=shared_b / words_b if words_b else 0.0,
    )


def known_outlets(session: Session) -> list[tuple[str, str]]:
    return [(row.outlet.slug, row.outlet.name) for row in articles.outlet_list(session)]
