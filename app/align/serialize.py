"""Alignment to plain JSON-ready dicts (the API shape)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from app.align.types import Alignment, Span


def _span(s: Span | None) -> list[int] | None:
    return None if s is None else [s.start, s.end]


def alignment_to_dict(al: Alignment) -> dict[str, Any]:
    """`{"passages": [...], "stats": {...}, "params": {...}, "version": ...}`."""
    return {
        "passages": [
            {
                "id": p.id,
                "kind": p.kind,
                "a": _span(p.a),
                "b": _span(p.b),
                "similarity": p.similarity,
                "edits": [{"op": e.op, "a": _span(e.a), "b": _span(e.b)} for e in p.edits],
            }
            for p in al.passages
        ],
        "stats": asdict(al.stats),
        "params": asdict(al.params),
        "version": al.version,
    }
