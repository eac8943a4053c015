"""Comparing two article revisions: align once per algorithm version, store, serve."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from app import repo
from app.align import AlignParams, align
from app.align.serialize import alignment_to_dict
from app.align.types import version_for
from app.db import read_session, write_session
from app.errors import InvalidInput
from app.models import Article, Comparison, ComparisonPublic
from app.services import articles

ALIGN_VERSION = version_for(AlignParams())


def compare_path(a_id: str, b_id: str) -> str:
    """The canonical, permanent address of a comparison: it pins both revisions."""
    return f"/compare/{a_id}/{b_id}"


@dataclass(frozen=True, slots=True)
class Compared:
    a: Article
    b: Article
    result: dict[str, Any]  # alignment_to_dict's shape


def result_for(engine: Engine, a: Article, b: Article) -> dict[str, Any]:
    """The stored alignment of two revisions, computed and stored on first use.

    One row serves both orientations: it is stored with the smaller id first, and the
    other orientation is its mirror (which `align` guarantees is what it would compute).
    """
    if a.id > b.id:
        return mirror(result_for(engine, b, a))
    with read_session(engine) as session:
        stored = repo.get_comparison(session=session, a_id=a.id, b_id=b.id, version=ALIGN_VERSION)
    if stored is not None:
        return stored.result
    result = alignment_to_dict(align(articles.body_of(a), articles.body_of(b)))
    try:
        with write_session(engine) as session:
            row = Comparison(a_id=a.id, b_id=b.id, version=ALIGN_VERSION, result=result)
            repo.add_comparison(session=session, comparison=row)
    except IntegrityError:
        pass  # another request stored the same result first; it is identical
    return result


_SWAP_OP = {"equal": "equal", "delete": "insert", "insert": "delete"}


def mirror(result: dict[str, Any]) -> dict[str, Any]:
    """The result of aligning B with A, from that of A with B."""
    passages = [
        {
            **p,
            "a": p["b"],
            "b": p["a"],
            "edits": [{"op": _SWAP_OP[e["op"]], "a": e["b"], "b": e["a"]} for e in p["edits"]],
        }
        for p in result["passages"]
    ]
    passages.sort(key=lambda p: (p["a"][0], p["a"][1]))
    stats = dict(result["stats"])
    stats["words_a"], stats["words_b"] = stats["words_b"], stats["words_a"]
    stats["share_a"], stats["share_b"] = stats["share_b"], stats["share_a"]
    return {**result, "passages": passages, "stats": stats}


def compare(engine: Engine, session: Session, a_id: str, b_id: str) -> Compared:
    if a_id == b_id:
        raise InvalidInput("Pick two different articles to compare.")
    a, b = articles.get(session, a_id), articles.get(session, b_id)
    return Compared(a=a, b=b, result=result_for(engine, a, b))


def to_public(session: Session, compared: Compared, base_url: str = "") -> ComparisonPublic:
    return ComparisonPublic(
        a=articles.to_public(session, compared.a, base_url),
        b=articles.to_public(session, compared.b, base_url),
        permalink=base_url + compare_path(compared.a.id, compared.b.id),
        **compared.result,
    )


def shared_percent(result: dict[str, Any]) -> int:
    """One symmetric figure: the share of both articles' words that lie in shared passages."""
    stats = result["stats"]
    words: int = stats["words_a"] + stats["words_b"]
    if not words:
        return 0
    shared: float = stats["share_a"] * stats["words_a"] + stats["share_b"] * stats["words_b"]
    return round(100 * shared / words)
