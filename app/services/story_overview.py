"""Across a story: the coverage matrix, copy carried by many outlets, what each adds alone."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import Session

from app.align import Alignment
from app.models import Article, OutletPublic
from app.services import articles
from app.services.compare_view import excerpt
from app.services.story_view import StoryPairs, Words, pair_shares, story_pairs

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
    share: float  # share of the row article's words copied in the column article
    facts: float  # share of its words stating facts the column article states in other words
    heat: int  # 0..10 for the heat-map class, from both shares


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
    reports: int  # the story's articles; `members` are those compared (`compared_members`)
    members: list[Member]
    matrix: list[list[Cell]]
    common: list[CommonPassage]
    own: list[OwnText]


def build(*, session: Session, story_id: int, pairs: StoryPairs | None = None) -> Overview:
    pairs = pairs or story_pairs(session=session, story_id=story_id)
    story, members, results = pairs.story, pairs.compared, pairs.alignments
    bodies, words = pairs.bodies, pairs.words
    summaries = articles.summaries(session, members)
    outlet_of = {a.id: summary.outlet for a, summary in zip(members, summaries, strict=True)}
    share = pair_shares(pairs)
    sides: list[tuple[str, int, int]] = []  # (article, start, end) of every passage side
    for (a, b), alignment in results.items():
        for passage in alignment.passages:
            sides.append((a, passage.a.start, passage.a.end))
            sides.append((b, passage.b.start, passage.b.end))
    matrix = [[_cell(r.id, c.id, share) for c in members] for r in members]
    return Overview(
        story_id=story_id,
        title=story.title,
        reports=len(pairs.members),
        members=[
            Member(a.id, outlet_of[a.id].name, outlet_of[a.id].slug, a.title, words[a.id].count())
            for a in members
        ],
        matrix=matrix,
        common=_common(members, bodies, words, outlet_of, results),
        own=_own(members, words, outlet_of, sides),
    )


def _cell(row: str, col: str, share: dict[tuple[str, str], tuple[float, float]]) -> Cell:
    if row == col:
        return Cell(row, col, 1.0, 0.0, 10)
    copied, facts = share[row, col]
    return Cell(row, col, copied, facts, min(10, round(10 * (copied + facts))))


def _common(
    members: Sequence[Article],
    bodies: dict[str, str],
    words: dict[str, Words],
    outlet_of: dict[str, OutletPublic],
    results: dict[tuple[str, str], Alignment],
) -> list[CommonPassage]:
    """Paragraphs of the most-copied article that at least two other outlets carry.

    A paragraph is carried by another article when that pair's copied passages (not the
    same facts in other words) cover most of its words. The reference is the article with
    the most such words (usually the wire copy); consecutive paragraphs with the same
    carriers are joined into one passage.
    """
    covering: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for (a, b), alignment in results.items():
        for passage in alignment.passages:
            if passage.kind == "paraphrase":
                continue
            covering[a, b].append((passage.a.start, passage.a.end))
            covering[b, a].append((passage.b.start, passage.b.end))
    best: tuple[int, str, list[tuple[int, int, frozenset[str]]]] | None = None
    outlet_name = {a.id: outlet_of[a.id].name for a in members}
    for article in members:
        counted, own_id = words[article.id], article.id
        others = [
            (o, covering[own_id, o])
            for o in outlet_name
            if o != own_id and outlet_name[o] != outlet_name[own_id]
        ]
        units = []
        for start, end in articles.paragraph_spans(article.paragraphs):
            carriers = frozenset(
                other for other, spans in others if counted.share(spans, start, end) >= CARRIED
            )
            outlets = {outlet_of[c].name for c in carriers}
            if len(outlets) + 1 >= COMMON_MIN_OUTLETS:
                units.append((start, end, carriers))
        carried = sum(counted.count(s, e) for s, e, _ in units)
        if units and (best is None or carried > best[0]):
            best = (carried, article.id, units)
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
                words=words[reference].count(start, end),
                reference=reference,
                start=start,
                end=end,
                carriers=[Carrier(i, outlet_of[i].name) for i in ids],
            )
        )
    return common


def _own(
    members: Sequence[Article],
    words: dict[str, Words],
    outlet_of: dict[str, OutletPublic],
    sides: list[tuple[str, int, int]],
) -> list[OwnText]:
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for article_id, start, end in sides:
        spans[article_id].append((start, end))
    own = []
    for article in members:
        counted, sides_of = words[article.id], spans[article.id]
        shared = counted.share(sides_of)
        paragraphs = []
        for paragraph, (start, end) in zip(
            article.paragraphs, articles.paragraph_spans(article.paragraphs), strict=True
        ):
            covered = counted.share(sides_of, start, end)
            if 1 - covered >= OWN_PARAGRAPH and counted.count(start, end) >= 8:
                paragraphs.append(paragraph)
        own.append(OwnText(article.id, outlet_of[article.id].name, 1 - shared, paragraphs))
    return own
