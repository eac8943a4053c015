"""Alignment to plain JSON-ready dicts (the stored and API shape), and back."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, fields
from typing import Any

from app.align.types import Alignment, AlignParams, AlignStats, DiffOp, Passage, Span

_PARAM_NAMES = {f.name for f in fields(AlignParams)}


def _span(s: Span | None) -> list[int] | None:
    return None if s is None else [s.start, s.end]


def _from_span(value: list[int] | None) -> Span | None:
    return None if value is None else Span(value[0], value[1])


def _passage(p: Passage) -> dict[str, Any]:
    out = {
        "id": p.id,
        "kind": p.kind,
        "a": _span(p.a),
        "b": _span(p.b),
        "similarity": p.similarity,
        "edits": [{"op": e.op, "a": _span(e.a), "b": _span(e.b)} for e in p.edits],
    }
    # Only where there is one: `align` never names speakers, and its output keeps its shape.
    return out if p.speaker is None else {**out, "speaker": p.speaker}


def alignment_to_dict(al: Alignment) -> dict[str, Any]:
    """`{"passages": [...], "stats": {...}, "params": {...}, "version": ...}`; a passage has
    a `"speaker"` only when both texts name who said it (`app.facts.analyse`)."""
    return {
        "passages": [_passage(p) for p in al.passages],
        "stats": asdict(al.stats),
        "params": asdict(al.params),
        "version": al.version,
    }


def alignment_from_dict(data: Mapping[str, Any]) -> Alignment:
    """The `Alignment` that `alignment_to_dict` wrote: `alignment_from_dict(alignment_to_dict(x))
    == x`."""
    passages = tuple(
        Passage(
            id=p["id"],
            kind=p["kind"],
            a=Span(p["a"][0], p["a"][1]),
            b=Span(p["b"][0], p["b"][1]),
            similarity=p["similarity"],
            edits=tuple(
                DiffOp(e["op"], _from_span(e["a"]), _from_span(e["b"])) for e in p["edits"]
            ),
            # Stored before passages had speakers: none, as the analysis then showed.
            speaker=p.get("speaker"),
        )
        for p in data["passages"]
    )
    # Parameters a newer engine no longer has are dropped; the version string says which ran.
    params = AlignParams(**{k: v for k, v in data["params"].items() if k in _PARAM_NAMES})
    return Alignment(passages, AlignStats(**data["stats"]), params, data["version"])
