"""What a story page shows: its articles, how much of each is shared, who shares most."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import combinations

from sqlalchemy.engine import Engine
from sqlmodel import Session

from app import repo
from app.models import Article, StoryArticle, StoryPage, StoryPublic, StorySummary
from app.services import articles, compare, stories

_WORD = re.compile(r"\w+")


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def covered_share(body: str, spans: list[tuple[int, int]]) -> float:
    """Share of the body's words inside the union of `spans`."""
    total = word_count(body)
    if not total:
        return 0.0
    inside = sum(word_count(body[s:e]) for s, e in _merged(spans))
    return inside / total


def pair_shares(engine: Engine, members: Sequence[Article]) -> dict[tuple[str, str], float]:
    """(x, y) -> share of x's words found in y, for every ordered pair of members."""
    shares: dict[tuple[str, str], float] = {}
    for a, b in combinations(members, 2):
        stats = compare.result_for(engine, a, b)["stats"]
        shares[a.id, b.id], shares[b.id, a.id] = stats["share_a"], stats["share_b"]
    return shares


def coverage(engine: Engine, members: Sequence[Article]) -> dict[str, float]:
    """Share of each member's words found in at least one other member."""
    spans: dict[str, list[tuple[int, int]]] = {a.id: [] for a in members}
    for a, b in combinations(members, 2):
        for passage in compare.result_for(engine, a, b)["passages"]:
            spans[a.id].append((passage["a"][0], passage["a"][1]))
            spans[b.id].append((passage["b"][0], passage["b"][1]))
    return {a.id: covered_share(articles.body_of(a), spans[a.id]) for a in members}


def story_public(
    engine: Engine, session: Session, story_id: int, base_url: str = ""
) -> StoryPublic:
    story = stories.get(session, story_id)
    members = repo.story_articles(session=session, story_id=story_id)
    shares = pair_shares(engine, members)
    covered = coverage(engine, members)
    rows = []
    for article in members:
        partners = [(shares[article.id, o.id], o.id) for o in members if o.id != article.id]
        best = max(partners, key=lambda t: (t[0], t[1])) if partners else None
        rows.append(
            StoryArticle(
                article=articles.to_summary(session, article, base_url),
                shared=covered[article.id],
                closest=best[1] if best and best[0] > 0 else None,
            )
        )
    first, last = stories.date_range(members)
    assert story.id is not None
    return StoryPublic(
        id=story.id,
        title=story.title,
        title_locked=story.title_locked,
        first_date=first,
        last_date=last,
        articles=rows,
        permalink=base_url + stories.story_path(story.id),
    )


def story_page(session: Session, *, page: int, per_page: int, base_url: str = "") -> StoryPage:
    rows, total = repo.list_stories(session=session, offset=(page - 1) * per_page, limit=per_page)
    items = []
    for story, first, last, _count in rows:
        assert story.id is not None
        members = repo.story_articles(session=session, story_id=story.id)
        outlets = list(dict.fromkeys(articles.to_summary(session, a).outlet.name for a in members))
        items.append(
            StorySummary(
                id=story.id,
                title=story.title,
                first_date=first,
                last_date=last,
                articles=[a.id for a in members],
                outlets=outlets,
                permalink=base_url + stories.story_path(story.id),
            )
        )
    return StoryPage(items=items, total=total, page=page, per_page=per_page)


def compare_candidates(
    engine: Engine, session: Session, article: Article
) -> list[tuple[Article, float]]:
    """The other articles of an article's story, most overlapping first."""
    if article.story_id is None:
        return []
    others = [
        o
        for o in repo.story_articles(session=session, story_id=article.story_id)
        if o.id != article.id
    ]
    scored = [(o, compare.result_for(engine, article, o)["stats"]["share_a"]) for o in others]
    return sorted(scored, key=lambda t: (-t[1], t[0].id))


def provenance(
    engine: Engine, session: Session, article: Article
) -> tuple[float, list[tuple[Article, float]]]:
    """How much of an article other outlets share, and the articles it overlaps, most first."""
    others = compare_candidates(engine, session, article)
    outlet = article.outlet_id
    spans = [
        (p["a"][0], p["a"][1])
        for other, _ in others
        if other.outlet_id != outlet
        for p in compare.result_for(engine, article, other)["passages"]
    ]
    overlapping = [(o, share) for o, share in others if share > 0]
    return covered_share(articles.body_of(article), spans), overlapping
