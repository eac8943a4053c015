"""The comparison's one view model: the page renders it, its JSON twin is its data.

`CompareView.data` (a `ComparisonPublic`) is what `/api/compare/{a}/{b}` and the `.json`
download return; the rest is that same comparison laid out for reading (two columns of
segments, the passage list, the ribbon's bands, the summary and its count of facts both
report), derived from it once.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from sqlmodel import Session

from app.align import Alignment, AlignStats, Passage, Span
from app.models import (
    ArticlePublic,
    ComparisonPublic,
    FactsPublic,
    PassagePublic,
    SpanEditPublic,
)
from app.services import articles
from app.services.compare import (
    Compared,
    compare_address,
    compare_path,
    is_current,
    links_facts,
    version_query,
)
from app.services.fact_counts import FactCount, SideFacts, count_facts
from app.services.segments import Band, ColumnSegment, bands, column

KIND_LABELS = {
    "verbatim": "Verbatim copy",
    "near": "Edited copy",
    "quote": "Shared quotation",
    "paraphrase": "Same fact",
}


@dataclass(frozen=True, slots=True)
class Column:
    side: str  # "a" or "b"
    article: ArticlePublic
    paragraphs: list[list[ColumnSegment]]
    share: float  # share of this article's words found in the other
    fact_share: float  # share stating facts the other states in other words
    facts: SideFacts  # its facts (sentences), those the other reports too and the rest

    @property
    def percent(self) -> int:
        return as_percent(self.share)

    @property
    def fact_percent(self) -> int:
        return as_percent(self.fact_share)


def as_percent(share: float) -> int:
    """A share as the page prints it (half up), so a preview quotes the page's figure."""
    return int(100 * share + 0.5)


@dataclass(frozen=True, slots=True)
class PassageRow:
    """A passage as the summary list shows it: where it is on each side."""

    id: int
    kind: str
    label: str
    similarity: float
    words: int
    a_excerpt: str
    b_excerpt: str
    moved: bool  # its rank among passages differs between the columns
    speaker: str | None = None  # who both articles say said it


@dataclass(frozen=True)
class CompareView:
    """One comparison: `data` for JSON, and the page's layout of it, each derived on first
    use (a JSON request never lays out the columns, a page never builds the JSON models)."""

    pub_a: ArticlePublic
    pub_b: ArticlePublic
    alignment: Alignment  # the passages, as the engine's types
    base_url: str = ""

    @cached_property
    def data(self) -> ComparisonPublic:
        """The JSON twin: exactly what the API returns."""
        return comparison_public(
            self.pub_a, self.pub_b, self.alignment, self.base_url, self.fact_count
        )

    @cached_property
    def fact_count(self) -> FactCount:
        """Facts both report and facts only one does, from the passages shown."""
        return count_facts(self.pub_a.body, self.pub_b.body, self.alignment.passages)

    @cached_property
    def a(self) -> Column:
        body, facts = self.pub_a.body, self.fact_count.a
        columns = column(body, self.alignment.passages, "a", facts.only)
        return Column("a", self.pub_a, columns, self.stats.share_a, self.stats.fact_share_a, facts)

    @cached_property
    def b(self) -> Column:
        body, facts = self.pub_b.body, self.fact_count.b
        columns = column(body, self.alignment.passages, "b", facts.only)
        return Column("b", self.pub_b, columns, self.stats.share_b, self.stats.fact_share_b, facts)

    @cached_property
    def passages(self) -> list[PassageRow]:
        passages = self.alignment.passages
        body_a, body_b = self.pub_a.body, self.pub_b.body
        by_b = sorted(passages, key=lambda p: p.b.start)
        order_b = {p.id: rank for rank, p in enumerate(by_b)}
        return [
            PassageRow(
                id=p.id,
                kind=p.kind,
                label=KIND_LABELS.get(p.kind, p.kind),
                similarity=p.similarity,
                words=len(body_a[p.a.start : p.a.end].split()),
                a_excerpt=excerpt(body_a[p.a.start : p.a.end]),
                b_excerpt=excerpt(body_b[p.b.start : p.b.end]),
                moved=order_b[p.id] != rank,
                speaker=p.speaker,
            )
            for rank, p in enumerate(sorted(passages, key=lambda p: p.a.start))
        ]

    @cached_property
    def bands(self) -> list[Band]:
        return bands(len(self.pub_a.body), len(self.pub_b.body), self.alignment.passages)

    @property
    def stats(self) -> AlignStats:
        return self.alignment.stats

    @property
    def version(self) -> str:
        return self.alignment.version

    @property
    def address(self) -> str:
        """The page's address without the version (downloads add their suffix to it)."""
        return compare_address(self.pub_a.id, self.pub_b.id)

    @property
    def query(self) -> str:
        """`?v=<version>`: what pins the engine's result the page shows."""
        return version_query(self.version)

    @property
    def path(self) -> str:
        """The permalink of exactly what this page shows."""
        return compare_path(self.pub_a.id, self.pub_b.id, self.version)

    @property
    def swap_path(self) -> str:
        return compare_path(self.pub_b.id, self.pub_a.id, self.version)

    @property
    def current(self) -> bool:
        """Whether this is the current engine's analysis (not one pinned by an old link)."""
        return is_current(self.alignment)

    @property
    def facts(self) -> bool:
        """Whether the analysis shown links same facts (one from before them links copy only)."""
        return links_facts(self.alignment)

    @property
    def current_path(self) -> str:
        return compare_path(self.pub_a.id, self.pub_b.id)

    @property
    def title(self) -> str:
        # The two figures the page's head shows, each side's share, never a blend of them.
        a, b = self.pub_a.outlet.name, self.pub_b.outlet.name
        share_a, share_b = as_percent(self.stats.share_a), as_percent(self.stats.share_b)
        return f"{a} vs {b}: {share_a}% and {share_b}% shared"

    @property
    def description(self) -> str:
        a, b, n = self.pub_a, self.pub_b, len(self.alignment.passages)
        return (
            f"{n} shared passage{'s' if n != 1 else ''} between "
            f"“{a.title}” and “{b.title}”: "
            f"{as_percent(self.stats.share_a)}% of {a.outlet.name}'s text and "
            f"{as_percent(self.stats.share_b)}% of {b.outlet.name}'s."
        )


def excerpt(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _span(span: Span | None) -> list[int] | None:
    return None if span is None else [span.start, span.end]


def passage_public(p: Passage) -> PassagePublic:
    return PassagePublic(
        id=p.id,
        kind=p.kind,
        a=[p.a.start, p.a.end],
        b=[p.b.start, p.b.end],
        similarity=p.similarity,
        edits=[SpanEditPublic(op=e.op, a=_span(e.a), b=_span(e.b)) for e in p.edits],
        speaker=p.speaker,
    )


def facts_public(count: FactCount) -> FactsPublic:
    return FactsPublic(
        both=count.both,
        only_a=count.only_a,
        only_b=count.only_b,
        shared_a=len(count.a.shared),
        shared_b=len(count.b.shared),
        min_content_words=count.min_content_words,
    )


def comparison_public(
    pub_a: ArticlePublic,
    pub_b: ArticlePublic,
    alignment: Alignment,
    base_url: str,
    count: FactCount,
) -> ComparisonPublic:
    return ComparisonPublic(
        a=pub_a,
        b=pub_b,
        passages=[passage_public(p) for p in alignment.passages],
        stats=alignment.stats,
        facts=facts_public(count),
        params=alignment.params,
        version=alignment.version,
        permalink=base_url + compare_path(pub_a.id, pub_b.id, alignment.version),
    )


def build(*, session: Session, compared: Compared, base_url: str = "") -> CompareView:
    rows = [compared.a, compared.b]
    pub_a, pub_b = articles.public_records(session, rows, base_url, compared.outlets)
    return CompareView(pub_a, pub_b, compared.alignment, base_url)
