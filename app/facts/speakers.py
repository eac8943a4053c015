"""Who said a passage: the statements each text attributes, matched across the two texts.

The caller finds the statements (a quotation or a sentence of reported speech, and who the
text says said it: `app.services.statements`); this module only reads spans. A side of a
passage is a speaker's when that speaker's statements cover at least half of it. Two
sides naming the same speaker (the same `key`) give the passage its speaker; two naming
different ones say a same-fact link is wrong: two people said similar things.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.align.types import Span

# Share of a passage's side that one speaker's statements must cover to make it theirs.
MIN_SPOKEN = 0.5


@dataclass(frozen=True, slots=True)
class Said:
    """A stretch of a body that the text says someone said: `body[start:end]`."""

    start: int
    end: int
    speaker: str  # as the page names them: "Vladimir Putin"
    key: str  # what every name of that speaker shares ("putin"): two names, one person


Statements = Sequence[Said]  # one body's, in any order


def speaker_at(span: Span, said: Statements) -> Said | None:
    """The statement of the speaker whose statements cover at least MIN_SPOKEN of `span`
    (the one covering most; the fullest name that speaker is given there), or None."""
    if span.end <= span.start:
        return None
    inside: dict[str, list[Said]] = {}
    for s in said:
        if s.start < span.end and span.start < s.end:
            inside.setdefault(s.key, []).append(s)
    covered = {key: _covered(span, found) for key, found in inside.items()}
    best = min(covered, key=lambda k: (-covered[k], k), default=None)
    if best is None or covered[best] < MIN_SPOKEN * (span.end - span.start):
        return None
    return max(inside[best], key=lambda s: (len(s.speaker), -s.start))


def _covered(span: Span, said: list[Said]) -> int:
    """Characters of `span` inside any of `said` (overlapping statements counted once)."""
    total, reach = 0, span.start
    for s in sorted(said, key=lambda s: s.start):
        lo, hi = max(s.start, reach), min(s.end, span.end)
        if hi > lo:
            total += hi - lo
            reach = hi
    return total


def shared_speaker(a: Span, b: Span, said_a: Statements, said_b: Statements) -> str | None:
    """The speaker both sides of a passage are said by, by the fuller of their two names."""
    x, y = speaker_at(a, said_a), speaker_at(b, said_b)
    if x is None or y is None or x.key != y.key:
        return None
    return y.speaker if len(y.speaker) > len(x.speaker) else x.speaker


def different_speakers(a: Span, b: Span, said_a: Statements, said_b: Statements) -> bool:
    """Whether the two sides are said by two different speakers."""
    x, y = speaker_at(a, said_a), speaker_at(b, said_b)
    return x is not None and y is not None and x.key != y.key
