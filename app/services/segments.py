"""Cut an article body into highlighted segments for one column of a comparison.

The core never builds markup: a column is paragraphs of segments (text plus the passage,
kind and edit it belongs to); the template wraps them in elements, escaping the text.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Any, Literal

Side = Literal["a", "b"]
# Which word-level edit marks text on each side: deletions exist only in A, insertions in B.
CHANGE_OP: dict[Side, str] = {"a": "delete", "b": "insert"}


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    passage: int | None = None  # passage id, None for text the other article does not share
    kind: str | None = None  # verbatim, near or quote
    change: bool = False  # inside a near passage: words the other side does not have
    anchor: bool = False  # the first segment of its passage on this side (carries the id)


@dataclass(frozen=True, slots=True)
class Band:
    """Where a passage sits in each column, in thousandths of the body length."""

    passage: int
    kind: str
    a_top: int
    a_bottom: int
    b_top: int
    b_bottom: int


def paragraph_spans(body: str) -> list[tuple[int, int]]:
    """[start, end) of each paragraph in a body whose paragraphs are one blank line apart."""
    spans, start = [], 0
    for paragraph in body.split("\n\n"):
        spans.append((start, start + len(paragraph)))
        start += len(paragraph) + 2
    return spans


def column(body: str, passages: list[dict[str, Any]], side: Side) -> list[list[Segment]]:
    """Paragraphs of segments for `side` of a comparison result's passages."""
    ranges = sorted(
        (p[side][0], p[side][1], p["id"], p["kind"]) for p in passages if p[side][1] > p[side][0]
    )
    starts = [r[0] for r in ranges]
    changes = sorted(
        (e[side][0], e[side][1])
        for p in passages
        for e in p["edits"]
        if e["op"] == CHANGE_OP[side] and e[side] and e[side][1] > e[side][0]
    )
    cuts = {0, len(body)}
    for start, end, _, _ in ranges:
        cuts.update((start, end))
    for start, end in changes:
        cuts.update((start, end))
    change_starts = [c[0] for c in changes]
    seen: set[int] = set()
    paragraphs: list[list[Segment]] = []
    for p_start, p_end in paragraph_spans(body):
        points = sorted({p_start, p_end} | {c for c in cuts if p_start < c < p_end})
        segments: list[Segment] = []
        for lo, hi in zip(points, points[1:], strict=False):
            passage = _containing(ranges, starts, lo)
            if passage is None:
                segments.append(Segment(body[lo:hi]))
                continue
            _, _, pid, kind = passage
            changed = _containing(changes, change_starts, lo) is not None
            segments.append(Segment(body[lo:hi], pid, kind, changed, anchor=pid not in seen))
            seen.add(pid)
        paragraphs.append(segments or [Segment("")])
    return paragraphs


def _containing(ranges: list[Any], starts: list[int], offset: int) -> Any | None:
    """The range (start, end, ...) holding `offset`, from ranges sorted and non-overlapping."""
    index = bisect_right(starts, offset) - 1
    if index >= 0 and ranges[index][0] <= offset < ranges[index][1]:
        return ranges[index]
    return None


def bands(len_a: int, len_b: int, passages: list[dict[str, Any]]) -> list[Band]:
    """Each passage's position in both columns, for minimaps and the connector ribbon."""

    def scale(offset: int, length: int) -> int:
        return round(1000 * offset / length) if length else 0

    return [
        Band(
            passage=p["id"],
            kind=p["kind"],
            a_top=scale(p["a"][0], len_a),
            a_bottom=max(scale(p["a"][1], len_a), scale(p["a"][0], len_a) + 4),
            b_top=scale(p["b"][0], len_b),
            b_bottom=max(scale(p["b"][1], len_b), scale(p["b"][0], len_b) + 4),
        )
        for p in passages
    ]
