"""The comparison page's view model: two columns of segments, bands, summary figures."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from app.models import ArticlePublic
from app.services import articles
from app.services.compare import Compared, compare_path, shared_percent
from app.services.segments import Band, Segment, bands, column

KIND_LABELS = {"verbatim": "Verbatim copy", "near": "Edited copy", "quote": "Shared quotation"}


@dataclass(frozen=True, slots=True)
class Column:
    side: str  # "a" or "b"
    article: ArticlePublic
    paragraphs: list[list[Segment]]
    share: float  # share of this article's words found in the other


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


@dataclass(frozen=True, slots=True)
class CompareView:
    a: Column
    b: Column
    passages: list[PassageRow]
    bands: list[Band]
    stats: dict[str, Any]
    percent: int
    path: str
    swap_path: str
    title: str
    description: str
    version: str


def excerpt(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def build(session: Session, compared: Compared, base_url: str = "") -> CompareView:
    result = compared.result
    passages: list[dict[str, Any]] = result["passages"]
    body_a, body_b = articles.body_of(compared.a), articles.body_of(compared.b)
    pub_a = articles.to_public(session, compared.a, base_url)
    pub_b = articles.to_public(session, compared.b, base_url)
    order_b = {p["id"]: rank for rank, p in enumerate(sorted(passages, key=lambda p: p["b"][0]))}
    rows = [
        PassageRow(
            id=p["id"],
            kind=p["kind"],
            label=KIND_LABELS.get(p["kind"], p["kind"]),
            similarity=p["similarity"],
            words=len(body_a[p["a"][0] : p["a"][1]].split()),
            a_excerpt=excerpt(body_a[p["a"][0] : p["a"][1]]),
            b_excerpt=excerpt(body_b[p["b"][0] : p["b"][1]]),
            moved=order_b[p["id"]] != rank,
        )
        for rank, p in enumerate(sorted(passages, key=lambda p: p["a"][0]))
    ]
    stats = result["stats"]
    percent = shared_percent(result)
    title = f"{pub_a.outlet.name} vs {pub_b.outlet.name}: {percent}% shared"
    description = (
        f"{len(passages)} shared passage{'s' if len(passages) != 1 else ''} between "
        f"“{pub_a.title}” and “{pub_b.title}”: "
        f"{round(100 * stats['share_a'])}% of {pub_a.outlet.name}'s text and "
        f"{round(100 * stats['share_b'])}% of {pub_b.outlet.name}'s."
    )
    return CompareView(
        a=Column("a", pub_a, column(body_a, passages, "a"), stats["share_a"]),
        b=Column("b", pub_b, column(body_b, passages, "b"), stats["share_b"]),
        passages=rows,
        bands=bands(len(body_a), len(body_b), passages),
        stats=stats,
        percent=percent,
        path=compare_path(compared.a.id, compared.b.id),
        swap_path=compare_path(compared.b.id, compared.a.id),
        title=title,
        description=description,
        version=result["version"],
    )
