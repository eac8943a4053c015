"""A whole comparison of two bodies: copied passages (`app.align`) and same-fact links.

`analyse(a, b)` is `align(a, b)` with `paraphrase` passages added after the copied ones
and counted in `stats.paraphrase`. Copy detection runs exactly as alone: its passages, ids
and shares are unchanged, the paraphrase passages take the ids after them and never
overlap them. Like `align`, the pair is computed in one canonical orientation (the
smaller string first) and mirrored, so `analyse(b, a) == mirror(analyse(a, b))`.

A paraphrase passage's `similarity` is its same-fact score; its `edits` are `equal` ops
pairing the words both sentences use (names, numbers, content words), nothing else.

Given `said` (who each text says said what: quotations and reported speech, found by the
caller), a passage whose two sides the texts say one speaker said carries that speaker
(`Passage.speaker`), copied or not; and no same-fact link joins two sentences the texts
say two different speakers said (`app.facts.speakers`). Without it, passages carry no
speaker and nothing is vetoed.
"""

from __future__ import annotations

from dataclasses import replace

from app.align import Alignment, AlignParams, DiffOp, Passage, Span, align, mirror
from app.align.tokenize import tokenized
from app.facts.embedding import Embedder
from app.facts.links import FactLink, link_facts
from app.facts.params import FactParams, analysis_version
from app.facts.speakers import Statements, different_speakers, shared_speaker


def analyse(
    a: str,
    b: str,
    align_params: AlignParams | None = None,
    fact_params: FactParams | None = None,
    *,
    model: Embedder | None = None,
    said: tuple[Statements, Statements] = ((), ()),
) -> Alignment:
    """Every passage `b` shares with `a`: copied ones, then the same facts in other words;
    with `said` (A's statements, B's), the speaker of each passage both name."""
    align_params = align_params or AlignParams()
    fact_params = fact_params or FactParams()
    if b < a:
        swapped = (said[1], said[0])
        return mirror(_analyse(b, a, align_params, fact_params, model, swapped))
    return _analyse(a, b, align_params, fact_params, model, said)


def _analyse(
    a: str,
    b: str,
    align_params: AlignParams,
    fact_params: FactParams,
    model: Embedder | None,
    said: tuple[Statements, Statements],
) -> Alignment:
    copied = align(a, b, align_params)
    spans = [(p.a, p.b) for p in copied.passages]
    links = link_facts(a, b, spans, fact_params, model=model, said=said) if a != b else ()
    # A link of several sentences is checked whole too: its pairs were, not its sides.
    links = tuple(k for k in links if not different_speakers(k.a, k.b, *said))
    first_id = len(copied.passages) + 1
    added = [_passage(link, first_id + k) for k, link in enumerate(links)]
    passages = sorted(
        (replace(p, speaker=shared_speaker(p.a, p.b, *said)) for p in [*copied.passages, *added]),
        key=lambda p: (p.a.start, p.b.start),
    )
    stats = replace(
        copied.stats,
        paraphrase=len(added),
        fact_share_a=_share(a, [p.a for p in added]),
        fact_share_b=_share(b, [p.b for p in added]),
    )
    version = analysis_version(align_params, fact_params)
    return Alignment(tuple(passages), stats, align_params, version)


def _share(text: str, spans: list[Span]) -> float:
    """Share of `text`'s words (the aligner's tokens, as `share_a` counts them) in `spans`."""
    tokens = tokenized(text)
    if not spans or not len(tokens):
        return 0.0
    inside = sum(any(s.start <= t < s.end for s in spans) for t in tokens.starts)
    return round(inside / len(tokens), 4)


def _passage(link: FactLink, pid: int) -> Passage:
    edits = tuple(DiffOp("equal", x, y) for x, y in zip(link.shared_a, link.shared_b, strict=True))
    return Passage(pid, "paraphrase", link.a, link.b, link.score, edits)
