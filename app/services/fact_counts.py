"""Facts both articles report and facts only one reports, counted in sentences.

A **fact** is a sentence with enough content words to state something of its own
(`FactParams.min_content_words`: "Read more." states nothing): the sentences same-fact
linking reads (`app.facts.sentences.fact_sentences`). A fact is **reported by both** when
a passage the two articles share (copied, quoted, or the same fact in other words) covers
at least one of its content words, so a passage that covers half a sentence makes the
sentence shared, while a passage that only grazes it (a quotation mark, a "the") does not.
Every other fact is **only in** its article.

Outlets cut facts differently: one long sentence of A may state what two sentences of B
state. "Both report N" counts each shared fact once, on the side that tells the shared
facts in fewer sentences (`FactCount.both`); each side's own count stays available
(`SideFacts.shared`), and the page says so when the two differ. The counts follow from the
stored passages at view time, so an analysis pinned by an old link counts what it linked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.align import Passage, Span
from app.facts import FactParams
from app.facts.sentences import fact_sentences

# The floor same-fact linking uses for a sentence to state a fact.
MIN_CONTENT_WORDS = FactParams().min_content_words
# A fact: its sentence, and the spans of its content words (offsets into the body).
Fact = tuple[Span, tuple[tuple[int, int], ...]]


@dataclass(frozen=True, slots=True)
class SideFacts:
    """One article's facts (sentence spans into its body), split by whether the other
    article reports them too."""

    shared: tuple[Span, ...]  # facts a shared passage covers
    only: tuple[Span, ...]  # facts no shared passage covers

    @property
    def total(self) -> int:
        return len(self.shared) + len(self.only)


@dataclass(frozen=True, slots=True)
class FactCount:
    """Both sides' facts, and the three figures the comparison's head states."""

    a: SideFacts
    b: SideFacts
    min_content_words: int  # content words a sentence needs to count as a fact

    @property
    def both(self) -> int:
        """Facts both report: the fewer of the two sides' shared sentences, so that a fact
        one outlet tells in two sentences and the other in one counts once."""
        return min(len(self.a.shared), len(self.b.shared))

    @property
    def only_a(self) -> int:
        return len(self.a.only)

    @property
    def only_b(self) -> int:
        return len(self.b.only)


def count_facts(
    body_a: str,
    body_b: str,
    passages: Sequence[Passage],
    min_content_words: int = MIN_CONTENT_WORDS,
) -> FactCount:
    """The facts of `body_a` and `body_b` that `passages` (any kind) share, and the rest."""
    return FactCount(
        side_facts(body_a, [p.a for p in passages], min_content_words),
        side_facts(body_b, [p.b for p in passages], min_content_words),
        min_content_words,
    )


def side_facts(body: str, covered: Sequence[Span], min_content_words: int) -> SideFacts:
    """`body`'s facts, each shared when a span of `covered` holds one of its content words."""
    spans = sorted((c.start, c.end) for c in covered if c.end > c.start)
    shared: list[Span] = []
    only: list[Span] = []
    for sentence, content in facts_of(body, min_content_words):
        near = [(s, e) for s, e in spans if s < sentence.end and sentence.start < e]
        hit = any(s < w_end and w_start < e for s, e in near for w_start, w_end in content)
        (shared if hit else only).append(sentence)
    return SideFacts(tuple(shared), tuple(only))


def facts_of(body: str, min_content_words: int) -> tuple[Fact, ...]:
    """Each fact (sentence) of `body` and where its content words stand in `body` (the
    sentences same-fact linking reads, `fact_sentences`, read once for both)."""
    return tuple(
        (
            Span(sentence.start, sentence.end),
            tuple(
                (sentence.start + words.starts[i], sentence.start + words.ends[i])
                for i in words.content
            ),
        )
        for sentence, words in fact_sentences(body, min_content_words)
    )
