"""Comparing article revisions: analyse once per engine version, store, serve.

A stored comparison is never recomputed under its version, and a reader who follows a
link keeps seeing what it showed: `/compare/{a}/{b}?v=<version>` shows that version's
stored result, and a plain `/compare/{a}/{b}` (the form links had before versions were
in them) shows the first result stored for the pair. Every link Parallax writes now
carries the current version; a comparison shown under an older one offers the current.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

from sqlmodel import Session

from app import repo
from app.align import Alignment, AlignParams, AlignStats, align, mirror
from app.align.types import version_for
from app.errors import InvalidInput, NotFound
from app.facts import FactParams, analysis_version
from app.models import Article, Outlet
from app.services import articles
from app.services.statements import statements

ANALYSIS_VERSION = analysis_version(AlignParams(), FactParams())
COPY_VERSION = version_for(AlignParams())

Pair = tuple[str, str]  # (a_id, b_id): the orientation an alignment is seen from


def compare_address(a_id: str, b_id: str) -> str:
    """Where a comparison's page lives (its downloads add a suffix to it)."""
    return f"/compare/{a_id}/{b_id}"


def version_query(version: str) -> str:
    """`?v=<version>`: what pins the engine whose stored analysis a link shows."""
    return f"?v={version}"


def compare_path(a_id: str, b_id: str, version: str = ANALYSIS_VERSION) -> str:
    """The permanent address of a comparison: it pins both revisions and the engine."""
    return compare_address(a_id, b_id) + version_query(version)


@dataclass(frozen=True, slots=True)
class Compared:
    """Two revisions and their alignment, A's side first."""

    a: Article
    b: Article
    alignment: Alignment
    outlets: tuple[Outlet, ...] = ()  # the two articles' outlets, when read with them


def alignments(
    *, session: Session, pairs: Iterable[tuple[Article, Article]], facts: bool = False
) -> dict[Pair, Alignment]:
    """The alignment of each pair of revisions by (a_id, b_id), read in one query and
    computed (then stored) where none is stored yet: copied passages only (`align`, what
    the shares on story, article and outlet pages weigh), or with `facts` the whole
    analysis a comparison page shows (`analyse`: copy and same-fact links).

    One row serves both orientations: it is stored with the smaller id first, and the
    other orientation is its mirror (which `align` guarantees is what it would compute).
    """
    version = ANALYSIS_VERSION if facts else COPY_VERSION
    wanted = {(a.id, b.id): (a, b) for a, b in pairs}
    if not wanted:
        return {}
    canonical = {(min(k), max(k)) for k in wanted}
    ids = {i for pair in canonical for i in pair}
    if len(canonical) == 1:
        ((a_id, b_id),) = canonical
        found = repo.articles.stored_alignment(
            session=session, a_id=a_id, b_id=b_id, version=version
        )
        stored = {} if found is None else {(a_id, b_id): found}
    else:
        stored = repo.articles.alignments_among(
            session=session, article_ids=sorted(ids), version=version
        )
    by_id = {x.id: x for pair in wanted.values() for x in pair}
    run = analyse if facts else align
    fresh = {
        (a_id, b_id): run(articles.body_of(by_id[a_id]), articles.body_of(by_id[b_id]))
        for a_id, b_id in sorted(canonical)
        if (a_id, b_id) not in stored
    }
    if fresh:
        _store(session, version, fresh)
    known = stored | fresh
    return {key: known[key] if key in known else mirror(known[key[1], key[0]]) for key in wanted}


def _store(session: Session, version: str, fresh: dict[Pair, Alignment]) -> None:
    """Store fresh alignments in the request's session, in a transaction of their own.

    The read so far is ended first: on SQLite a read transaction cannot become a write one
    once another writer has committed, while a transaction that begins as a write waits for
    the lock (BEGIN IMMEDIATE, see app.db) like every other writer.
    """
    session.commit()
    session.connection(execution_options={"sqlite_immediate": True})
    repo.articles.add_alignments(session=session, version=version, alignments=fresh)
    session.commit()


def analyse(a: str, b: str) -> Alignment:
    """`app.facts.analysis.analyse`, told who each text says said what (`statements`), so
    that passages name their speaker and no same-fact link joins two speakers. Imported on
    first use: NumPy and the embedding model load when a comparison is first analysed, not
    in every process that imports this."""
    from app.facts.analysis import analyse as analysed

    return analysed(a, b, said=(statements(a), statements(b)))


def analysis_of(*, session: Session, a: Article, b: Article) -> Alignment:
    """The current engine's whole analysis of one pair, as a comparison page shows it."""
    return alignments(session=session, pairs=[(a, b)], facts=True)[a.id, b.id]


def among(
    *, session: Session, members: Sequence[Article], facts: bool = False
) -> dict[Pair, Alignment]:
    """The alignment (with `facts`, the whole analysis) of every pair of `members`, each
    seen from the side of its smaller id (the stored orientation: none needs mirroring)."""
    pairs = [(a, b) if a.id < b.id else (b, a) for a, b in combinations(members, 2)]
    return alignments(session=session, pairs=pairs, facts=facts)


def compare(*, session: Session, a_id: str, b_id: str, version: str | None = "") -> Compared:
    """Two revisions and their analysis: the current one (`version` empty), the one stored
    under `version`, or with `version=None` (a link without one) the first one stored."""
    if a_id == b_id:
        raise InvalidInput("Pick two different articles to compare.")
    (a, outlet_a), (b, outlet_b) = articles.get_with_outlets(session, a_id, b_id)
    if version == ANALYSIS_VERSION:
        version = ""
    alignment = None
    if version is None or version:
        alignment = _stored(session, a_id, b_id, version)
        if alignment is None and version:
            raise NotFound(
                f"This comparison was never analysed by engine version {version!r}; "
                f"the current analysis is at {compare_path(a_id, b_id)}."
            )
    if alignment is None:
        alignment = analysis_of(session=session, a=a, b=b)
    return Compared(a=a, b=b, alignment=alignment, outlets=(outlet_a, outlet_b))


def _stored(session: Session, a_id: str, b_id: str, version: str | None) -> Alignment | None:
    """The stored analysis under `version` (None: the first stored), seen from A's side."""
    lo, hi = min(a_id, b_id), max(a_id, b_id)
    found = repo.articles.stored_alignment(session=session, a_id=lo, b_id=hi, version=version)
    if found is None or lo == a_id:
        return found
    return mirror(found)


def is_current(alignment: Alignment) -> bool:
    return alignment.version == ANALYSIS_VERSION


def links_facts(alignment: Alignment) -> bool:
    """Whether the analysis links same facts (`app.facts`) or, made before it could, only
    copy: an old link shows what its engine found, and says what that was."""
    return ".facts-" in alignment.version


def shared_percent(stats: AlignStats) -> int:
    """One symmetric figure: the share of both articles' words that lie in shared passages."""
    words = stats.words_a + stats.words_b
    if not words:
        return 0
    shared = stats.share_a * stats.words_a + stats.share_b * stats.words_b
    return round(100 * shared / words)
