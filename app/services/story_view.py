"""What a story page shows: its articles, how much of each is shared, who shares most."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from sqlmodel import Session

from app import repo
from app.align import Alignment
from app.models import Article, Story, StoryArticle, StoryPage, StoryPublic, StorySummary
from app.services import articles, compare, stories, threads

_WORD = re.compile(r"\w+")

# A story page analyses every pair of the reports it compares (copy and same facts: about
# 3 ms a pair the first time, stored after) and draws a matrix of every pair. The Helsinki
# week's largest story has 259 reports: 33,411 analyses, four minutes and twenty seconds
# for its first view and a 19 MB page after. So a page compares at most this many (780
# pairs, a few seconds the first time), and lists the others without comparing them.
COMPARED_REPORTS = 40


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


class Words:
    """The word runs (`\\w+`) of one body, found once: any stretch's word count is then two
    binary searches, `Words(body).count(s, e) == word_count(body[s:e])`.

    The words of `body[s:e]` are the runs that overlap [s, e) (a run cut by an end is
    still one word): those starting before `e`, less those ending by `s`.
    """

    __slots__ = ("ends", "length", "starts")

    def __init__(self, body: str) -> None:
        runs = [m.span() for m in _WORD.finditer(body)]
        self.starts = [start for start, _ in runs]
        self.ends = [end for _, end in runs]
        self.length = len(body)

    def count(self, start: int = 0, end: int | None = None) -> int:
        end = self.length if end is None else end
        if end <= start:
            return 0
        return bisect_left(self.starts, end) - bisect_right(self.ends, start)

    def share(self, spans: list[tuple[int, int]], start: int = 0, end: int | None = None) -> float:
        """Share of the words of [start, end) (the whole body by default) inside the union
        of `spans`: `covered_share(body[start:end], spans made relative and clipped)`."""
        end = self.length if end is None else end
        total = self.count(start, end)
        if not total:
            return 0.0
        clipped = [(max(s, start), min(e, end)) for s, e in spans if s < end and e > start]
        return sum(self.count(s, e) for s, e in _merged(clipped)) / total


def covered_share(body: str, spans: list[tuple[int, int]]) -> float:
    """Share of the body's words inside the union of `spans`."""
    return Words(body).share(spans)


@dataclass(frozen=True, slots=True)
class StoryPairs:
    """A story's current articles and the analysis of every pair of those it compares
    (copied passages and the same facts in other words), read once per request and shared
    by everything the story page shows."""

    story: Story
    members: list[Article]  # every current article, oldest first
    compared: list[Article]  # those compared (`compared_members`), in the same order
    alignments: dict[compare.Pair, Alignment]  # every compared pair once, smaller id first
    bodies: dict[str, str]  # body_of each compared member, joined once
    words: dict[str, Words]  # each compared member's words, found once


def story_pairs(*, session: Session, story_id: int) -> StoryPairs:
    story = stories.get(session, story_id)
    members = list(repo.stories.story_articles(session=session, story_id=story_id))
    compared = compared_members(members)
    bodies = {a.id: articles.body_of(a) for a in compared}
    return StoryPairs(
        story=story,
        members=members,
        compared=compared,
        alignments=compare.among(session=session, members=compared, facts=True),
        bodies=bodies,
        words={i: Words(body) for i, body in bodies.items()},
    )


def compared_members(members: list[Article], limit: int | None = None) -> list[Article]:
    """The reports a story page compares: all of them up to `limit` (`COMPARED_REPORTS`);
    beyond it the earliest report of each outlet, outlets in the order they first reported,
    then the next earliest reports while there is room. `members` are oldest first (the
    story's order), and so is what is returned."""
    limit = COMPARED_REPORTS if limit is None else limit
    if len(members) <= limit:
        return list(members)
    first_of: dict[int | None, Article] = {}
    for article in members:
        first_of.setdefault(article.outlet_id, article)
    chosen = {a.id for a in list(first_of.values())[:limit]}
    for article in members:
        if len(chosen) >= limit:
            break
        chosen.add(article.id)
    return [a for a in members if a.id in chosen]


def pair_shares(pairs: StoryPairs) -> dict[tuple[str, str], tuple[float, float]]:
    """(x, y) -> (share of x's words copied in y, share of x's words stating facts y also
    states in other words), for every ordered pair of members."""
    shares: dict[tuple[str, str], tuple[float, float]] = {}
    for (a, b), alignment in pairs.alignments.items():
        s = alignment.stats
        shares[a, b], shares[b, a] = (s.share_a, s.fact_share_a), (s.share_b, s.fact_share_b)
    return shares


def covered_shares(pairs: StoryPairs) -> dict[str, float]:
    """Share of each compared member's words found in at least one other compared member."""
    spans: dict[str, list[tuple[int, int]]] = {a.id: [] for a in pairs.compared}
    for (a, b), alignment in pairs.alignments.items():
        for passage in alignment.passages:
            spans[a].append((passage.a.start, passage.a.end))
            spans[b].append((passage.b.start, passage.b.end))
    return {i: pairs.words[i].share(spans[i]) for i in spans}


def story_public(
    *, session: Session, story_id: int, base_url: str = "", pairs: StoryPairs | None = None
) -> StoryPublic:
    pairs = pairs or story_pairs(session=session, story_id=story_id)
    story, members = pairs.story, pairs.members
    shares = pair_shares(pairs)
    covered = covered_shares(pairs)
    compared = pairs.compared
    rows = []
    for article, summary in zip(
        members, articles.summaries(session, members, base_url), strict=True
    ):
        if article.id not in covered:
            rows.append(StoryArticle(article=summary, shared=None, closest=None))
            continue
        partners = [(sum(shares[article.id, o.id]), o.id) for o in compared if o.id != article.id]
        best = max(partners, key=lambda t: (t[0], t[1])) if partners else None
        rows.append(
            StoryArticle(
                article=summary,
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
        developing=threads.developing(session, story.id, base_url=base_url),
    )


def story_page(session: Session, *, page: int, per_page: int, base_url: str = "") -> StoryPage:
    rows, total = repo.stories.list_stories(
        session=session, offset=(page - 1) * per_page, limit=per_page
    )
    items = []
    ids = [story.id for story, *_ in rows if story.id is not None]
    members_of = repo.stories.story_members_with_outlets(session=session, story_ids=ids)
    for story, first, last, _count in rows:
        assert story.id is not None
        members = members_of[story.id]
        outlets = list(dict.fromkeys(outlet for _, outlet in members))
        items.append(
            StorySummary(
                id=story.id,
                title=story.title,
                first_date=first,
                last_date=last,
                articles=[article_id for article_id, _ in members],
                outlets=outlets,
                permalink=base_url + stories.story_path(story.id),
            )
        )
    return StoryPage(items=items, total=total, page=page, per_page=per_page)


def compare_candidates(session: Session, article: Article) -> list[tuple[Article, Alignment]]:
    """The other articles of an article's story and their alignments with it, most
    overlapping first."""
    if article.story_id is None:
        return []
    others = [
        o
        for o in repo.stories.story_articles(session=session, story_id=article.story_id)
        if o.id != article.id
    ]
    found = compare.alignments(session=session, pairs=[(article, o) for o in others])
    scored = [(o, found[article.id, o.id]) for o in others]
    return sorted(scored, key=lambda t: (-t[1].stats.share_a, t[0].id))


def provenance(session: Session, article: Article) -> tuple[float, list[tuple[Article, float]]]:
    """How much of an article other outlets share, and the articles it overlaps, most first."""
    others = compare_candidates(session, article)
    spans = [
        (p.a.start, p.a.end)
        for other, alignment in others
        if other.outlet_id != article.outlet_id
        for p in alignment.passages
    ]
    overlapping = [(o, al.stats.share_a) for o, al in others if al.stats.share_a > 0]
    return covered_share(articles.body_of(article), spans), overlapping
