"""Cut an article body into highlighted segments for one column of a comparison.

The core never builds markup: a column is paragraphs of segments (text plus the passage,
kind and edit it belongs to); the template wraps them in elements, escaping the text.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal, TypeVar

from app.align import Passage, Span
from app.services.articles import paragraph_spans

Side = Literal["a", "b"]
# Which word-level edit marks text on each side: deletions exist only in A, insertions in B.
CHANGE_OP: dict[Side, str] = {"a": "delete", "b": "insert"}


@dataclass(frozen=True, slots=True)
class ColumnSegment:
    """A run of one column's text with one highlighting."""

    text: str
    passage: int | None = None  # passage id, None for text the other article does not share
    kind: str | None = None  # verbatim, near, quote or paraphrase
    change: bool = False  # inside a near passage: words the other side does not have
    shared: bool = False  # inside a paraphrase passage: a word the other side uses too
    anchor: bool = False  # the first segment of its passage on this side (carries the id)
    speaker: str | None = None  # who both texts say said the passage
    last: bool = False  # the last segment of its passage on this side (the speaker follows)
    only: bool = False  # inside a fact only this side reports (`app.services.fact_counts`)


@dataclass(frozen=True, slots=True)
class Band:
    """Where a passage sits in each column, in thousandths of the body length."""

    passage: int
    kind: str
    a_top: int
    a_bottom: int
    b_top: int
    b_bottom: int


def column(
    body: str, passages: Sequence[Passage], side: Side, only: Sequence[Span] = ()
) -> list[list[ColumnSegment]]:
    """Paragraphs of segments for `side` of an alignment's passages; text inside the `only`
    spans (the facts the other side does not report) is cut apart and flagged."""
    ranges: list[tuple[int, int, int, str]] = sorted(
        (s.start, s.end, p.id, p.kind)
        for p in passages
        if (s := p.a if side == "a" else p.b).end > s.start
    )
    speakers = {p.id: p.speaker for p in passages}
    starts = [r[0] for r in ranges]
    changes = _marks(passages, side, lambda p, op: op == CHANGE_OP[side])
    # A paraphrase passage's `equal` edits are the words both sentences use.
    shared = _marks(passages, side, lambda p, op: p.kind == "paraphrase" and op == "equal")
    cuts = {0, len(body)}
    for start, end, _, _ in ranges:
        cuts.update((start, end))
    for start, end in changes + shared:
        cuts.update((start, end))
    own = sorted((s.start, s.end) for s in only if s.end > s.start)
    for start, end in own:
        cuts.update((start, end))
    change_starts = [c[0] for c in changes]
    shared_starts = [c[0] for c in shared]
    own_starts = [c[0] for c in own]
    seen: set[int] = set()
    paragraphs: list[list[ColumnSegment]] = []
    for p_start, p_end in paragraph_spans(body.split("\n\n")):
        points = sorted({p_start, p_end} | {c for c in cuts if p_start < c < p_end})
        segments: list[ColumnSegment] = []
        for lo, hi in zip(points, points[1:], strict=False):
            passage = _containing(ranges, starts, lo)
            alone = _containing(own, own_starts, lo) is not None
            if passage is None:
                segments.append(ColumnSegment(body[lo:hi], only=alone))
                continue
            _, end, pid, kind = passage
            changed = _containing(changes, change_starts, lo) is not None
            common = _containing(shared, shared_starts, lo) is not None
            segments.append(
                ColumnSegment(
                    body[lo:hi],
                    pid,
                    kind,
                    changed,
                    common,
                    anchor=pid not in seen,
                    speaker=speakers[pid],
                    last=hi == end,
                    only=alone,
                )
            )
            seen.add(pid)
        paragraphs.append(segments or [ColumnSegment("")])
    return paragraphs


def _marks(
    passages: Sequence[Passage], side: Side, wanted: Callable[[Passage, str], bool]
) -> list[tuple[int, int]]:
    """Sorted, non-empty spans on `side` of the edits `wanted` picks."""
    return sorted(
        (edited.start, edited.end)
        for p in passages
        for e in p.edits
        if wanted(p, e.op)
        and (edited := e.a if side == "a" else e.b) is not None
        and edited.end > edited.start
    )


R = TypeVar("R", tuple[int, int], tuple[int, int, int, str])


def _containing(ranges: list[R], starts: list[int], offset: int) -> R | None:
    """The range (start, end, ...) holding `offset`, from ranges sorted and non-overlapping."""
    index = bisect_right(starts, offset) - 1
    if index >= 0 and ranges[index][0] <= offset < ranges[index][1]:
        return ranges[index]
    return None


def bands(len_a: int, len_b: int, passages: Sequence[Passage]) -> list[Band]:
    """Each passage's position in both columns, for minimaps and the connector ribbon."""

    def scale(offset: int, length: int) -> int:
        return round(1000 * offset / length) if length else 0

    return [
        Band(
            passage=p.id,
            kind=p.kind,
            a_top=scale(p.a.start, len_a),
            a_bottom=max(scale(p.a.end, len_a), scale(p.a.start, len_a) + 4),
            b_top=scale(p.b.start, len_b),
            b_bottom=max(scale(p.b.end, len_b), scale(p.b.start, len_b) + 4),
        )
        for p in passages
    ]
