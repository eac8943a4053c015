"""Comparing article revisions: align once per algorithm version, store, serve."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

from sqlmodel import Session

from app import repo
from app.align import Alignment, AlignParams, AlignStats, align, mirror
from app.align.types import version_for
from app.errors import InvalidInput
from app.models import Article, Outlet
from app.services import articles

ALIGN_VERSION = version_for(AlignParams())

Pair = tuple[str, str]  # (a_id, b_id): the orientation an alignment is seen from


def compare_path(a_id: str, b_id: str) -> str:
    """The canonical, permanent address of a comparison: it pins both revisions."""
    return f"/compare/{a_id}/{b_id}"


@dataclass(frozen=True, slots=True)
class Compared:
    """Two revisions and their alignment, A's side first."""

    a: Article
    b: Article
    alignment: Alignment
    outlets: tuple[Outlet, ...] = ()  # the two articles' outlets, when read with them


def alignments(
    *, session: Session, pairs: Iterable[tuple[Article, Article]]
) -> dict[Pair, Alignment]:
    """The alignment of each pair of revisions by (a_id, b_id), read in one query and
    computed (then stored) where none is stored yet.

    One row serves both orientations: it is stored with the smaller id first, and the
    other orientation is its mirror (which `align` guarantees is what it would compute).
    """
    wanted = {(a.id, b.id): (a, b) for a, b in pairs}
    if not wanted:
        return {}
    canonical = {(min(k), max(k)) for k in wanted}
    ids = {i for pair in canonical for i in pair}
    if len(canonical) == 1:
        ((a_id, b_id),) = canonical
        found = repo.articles.get_alignment(
            session=session, a_id=a_id, b_id=b_id, version=ALIGN_VERSION
        )
        stored = {} if found is None else {(a_id, b_id): found}
    else:
        stored = repo.articles.alignments_among(
            session=session, article_ids=sorted(ids), version=ALIGN_VERSION
        )
    by_id = {x.id: x for pair in wanted.values() for x in pair}
    fresh = {
        (a_id, b_id): align(articles.body_of(by_id[a_id]), articles.body_of(by_id[b_id]))
        for a_id, b_id in sorted(canonical)
        if (a_id, b_id) not in stored
    }
    if fresh:
        _store(session, fresh)
    known = stored | fresh
    return {key: known[key] if key in known else mirror(known[key[1], key[0]]) for key in wanted}


def _store(session: Session, fresh: dict[Pair, Alignment]) -> None:
    """Store fresh alignments in the request's session, in a transaction of their own.

    The read so far is ended first: on SQLite a read transaction cannot become a write one
    once another writer has committed, while a transaction that begins as a write waits for
    the lock (BEGIN IMMEDIATE, see app.db) like every other writer.
    """
    session.commit()
    session.connection(execution_options={"sqlite_immediate": True})
    repo.articles.add_alignments(session=session, version=ALIGN_VERSION, alignments=fresh)
    session.commit()


def alignment_of(*, session: Session, a: Article, b: Article) -> Alignment:
    return alignments(session=session, pairs=[(a, b)])[a.id, b.id]


def among(*, session: Session, members: Sequence[Article]) -> dict[Pair, Alignment]:
    """The alignment of every pair of `members`, each seen from the side of its smaller id
    (the stored orientation: none needs mirroring)."""
    pairs = [(a, b) if a.id < b.id else (b, a) for a, b in combinations(members, 2)]
    return alignments(session=session, pairs=pairs)


def compare(*, session: Session, a_id: str, b_id: str) -> Compared:
    if a_id == b_id:
        raise InvalidInput("Pick two different articles to compare.")
    (a, outlet_a), (b, outlet_b) = articles.get_with_outlets(session, a_id, b_id)
    alignment = alignment_of(session=session, a=a, b=b)
    return Compared(a=a, b=b, alignment=alignment, outlets=(outlet_a, outlet_b))


def shared_percent(stats: AlignStats) -> int:
    """One symmetric figure: the share of both articles' words that lie in shared passages."""
    words = stats.words_a + stats.words_b
    if not words:
        return 0
    shared = stats.share_a * stats.words_a + stats.share_b * stats.words_b
    return round(100 * shared / words)
