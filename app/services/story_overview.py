"""Across a story: the coverage matrix, copy carried by many outlets, what each adds alone."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from app import repo
from app.models import Article, OutletPublic
from app.services import articles, compare, stories
from app.services.compare_view import excerpt
from app.services.story_view import covered_share, word_count

# Outlets that must carry the same passage before it is marked as common (likely wire) copy.
COMMON_MIN_OUTLETS = 3
# A paragraph is carried by another article when their passages cover this share of it.
CARRIED = 0.6
# A paragraph counts as an outlet's own when this share of its words is shared with nobody.
OWN_PARAGRAPH = 0.8


@dataclass(frozen=True, slots=True)
class Cell:
    row: str  # article id
    col: str  # article id
    share: float  # share of the row article's words found in the column article
    heat: int  # 0..10, for the heat-map class


@dataclass(frozen=True, slots=True)
class Member:
    id: str
    outlet: str
    outlet_slug: str
    title: str
    words: int


@dataclass(frozen=True, slots=True)
class Carrier:
    article: str
    outlet: str


@dataclass(frozen=True, slots=True)
class CommonPassage:
    excerpt: str
    words: int
    reference: str  # the article the excerpt and offsets are from
    start: int
    end: int
    carriers: list[Carrier]  # every article that carries it, the reference included


@dataclass(frozen=True, slots=True)
class OwnText:
    article: str
    outlet: str
    own_share: float  # share of its words nobody else in the story has
    paragraphs: list[str]  # its paragraphs that are (nearly) all its own


@dataclass(frozen=True, slots=True)
class Overview:
    story_id: int
    title: str
    members: list[Member]
    matrix: list[list[Cell]]
    common: list[CommonPassage]
    own: list[OwnText]


def build(engine: Engine, session: Session, story_id: int) -> Overview:
    story = stories.get(session, story_id)
    members = list(repo.story_articles(session=session, story_id=story_id))
    bodies = {a.id: articles.body_of(a) for a in members}
    outlet_of = {a.id: articles.to_summary(session, a).outlet for a in members}
    results = {(a.id, b.id): compare.result_for(engine, a, b) for a, b in combinations(members, 2)}
    share: dict[tuple[str, str], float] = {}
    sides: list[tuple[str, int, int]] = []  # (article, start, end) of every passage side
    for (a, b), result in results.items():
        share[a, b], share[b, a] = result["stats"]["share_a"], result["stats"]["share_b"]
        for passage in result["passages"]:
            sides.append((a, *passage["a"]))
            sides.append((b, *passage["b"]))
    matrix = [
        [
            Cell(
                r.id,
                c.id,
                1.0 if r.id == c.id else share[r.id, c.id],
                10 if r.id == c.id else round(10 * share[r.id, c.id]),
            )
            for c in members
        ]
        for r in members
    ]
    return Overview(
        story_id=story_id,
        title=story.title,
        members=[
            Member(
                a.id, outlet_of[a.id].name, outlet_of[a.id].slug, a.title, word_count(bodies[a.id])
            )
            for a in members
        ],
        matrix=matrix,
        common=_common(members, bodies, outlet_of, results),
        own=_own(members, bodies, outlet_of, sides),
    )


def _paragraph_spans(article: Article) -> list[tuple[int, int]]:
    spans, offset = [], 0
    for paragraph in article.paragraphs:
        spans.append((offset, offset + len(paragraph)))
        offset += len(paragraph) + 2
    return spans


def _common(
    members: Sequence[Article],
    bodies: dict[str, str],
    outlet_of: dict[str, OutletPublic],
    results: dict[tuple[str, str], dict[str, Any]],
) -> list[CommonPassage]:
    """Paragraphs of the most-copied article that at least two other outlets carry.

    A paragraph is carried by another article when that pair's passages cover most of
    its words. The reference is the article with the most such words (usually the wire
    copy); consecutive paragraphs with the same carriers are joined into one passage.
    """
    covering: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for (a, b), result in results.items():
        for passage in result["passages"]:
            covering[a, b].append((passage["a"][0], passage["a"][1]))
            covering[b, a].append((passage["b"][0], passage["b"][1]))
    best: tuple[int, str, list[tuple[int, int, frozenset[str]]]] | None = None
    for article in members:
        body = bodies[article.id]
        units = []
        for start, end in _paragraph_spans(article):
            carriers = frozenset(
                other.id
                for other in members
                if other.id != article.id
                and outlet_of[other.id].name != outlet_of[article.id].name
                and _share_in(body, start, end, covering[article.id, other.id]) >= CARRIED
            )
            outlets = {outlet_of[c].name for c in carriers}
            if len(outlets) + 1 >= COMMON_MIN_OUTLETS:
                units.append((start, end, carriers))
        words = sum(word_count(body[s:e]) for s, e, _ in units)
        if units and (best is None or words > best[0]):
            best = (words, article.id, units)
    if best is None:
        return []
    _, reference, units = best
    body = bodies[reference]
    merged: list[tuple[int, int, frozenset[str]]] = []
    for start, end, carriers in units:
        if merged and merged[-1][2] == carriers and merged[-1][1] + 2 == start:
            merged[-1] = (merged[-1][0], end, carriers)
        else:
            merged.append((start, end, carriers))
    order = {a.id: k for k, a in enumerate(members)}
    common = []
    for start, end, carriers in merged:
        ids = sorted({reference, *carriers}, key=order.__getitem__)
        common.append(
            CommonPassage(
                excerpt=excerpt(body[start:end], limit=240),
                words=word_count(body[start:end]),
                reference=reference,
                start=start,
                end=end,
                carriers=[Carrier(i, outlet_of[i].name) for i in ids],
            )
        )
    return common


def _share_in(body: str, start: int, end: int, spans: list[tuple[int, int]]) -> float:
    clipped = [
        (max(s, start) - start, min(e, end) - start) for s, e in spans if s < end and e > start
    ]
    return covered_share(body[start:end], clipped)


def _own(
    members: Sequence[Article],
    bodies: dict[str, str],
    outlet_of: dict[str, OutletPublic],
    sides: list[tuple[str, int, int]],
) -> list[OwnText]:
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for article_id, start, end in sides:
        spans[article_id].append((start, end))
    own = []
    for article in members:
        body = bodies[article.id]
        shared = covered_share(body, spans[article.id])
        paragraphs, offset = [], 0
        for paragraph in article.paragraphs:
            covered = covered_share(
                paragraph,
                [
                    (max(s - offset, 0), min(e - offset, len(paragraph)))
                    for s, e in spans[article.id]
                    if s < offset + len(paragraph) and e > offset
                ],
            )
            if 1 - covered >= OWN_PARAGRAPH and word_count(paragraph) >= 8:
                paragraphs.append(paragraph)
            offset += len(paragraph) + 2
        own.append(OwnText(article.id, outlet_of[article.id].name, 1 - shared, paragraphs))
    return own
