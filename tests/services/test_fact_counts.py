"""Counting facts both articles report and facts only one does, and marking the latter."""

from __future__ import annotations

from app.align import Passage, Span
from app.services.fact_counts import count_facts, side_facts
from app.services.segments import column

GAS = "Russia agreed to sell China more gas through a new pipeline from Siberia."
TAIWAN = "Both leaders affirmed that the island of Taiwan is part of China."
OLYMPICS = "Western governments staged a diplomatic boycott of the Beijing Olympics."
SHORT = "Read more."  # three words, no fact of its own
GAS_DEAL = "The two countries signed a deal to send more Russian gas to China."
PIPELINE = "That gas will flow through a new pipeline crossing Siberia and Mongolia."


def body(*sentences: str) -> str:
    return " ".join(sentences)


def span_of(text: str, sentence: str) -> Span:
    start = text.index(sentence)
    return Span(start, start + len(sentence))


def passage(pid: int, kind: str, a: Span, b: Span) -> Passage:
    return Passage(pid, kind, a, b, 1.0, ())  # type: ignore[arg-type]


def test_no_shared_passage_leaves_every_fact_to_its_own_article() -> None:
    a, b = body(GAS, TAIWAN, SHORT), body(OLYMPICS)
    count = count_facts(a, b, [])
    assert (count.both, count.only_a, count.only_b) == (0, 2, 1)
    assert count.a.only == (span_of(a, GAS), span_of(a, TAIWAN))  # "Read more." is no fact
    assert count.a.total == 2 and count.min_content_words == 4


def test_everything_shared_leaves_nothing_only_in_either() -> None:
    a = b = body(GAS, TAIWAN, OLYMPICS)
    whole = Span(0, len(a))
    count = count_facts(a, b, [passage(1, "verbatim", whole, whole)])
    assert (count.both, count.only_a, count.only_b) == (3, 0, 0)


def test_one_sentence_linked_to_two_counts_one_fact_both_report() -> None:
    """One sentence of A states what two of B state: both report one fact, told in one
    sentence on A's side and two on B's; neither side has anything of its own left."""
    a, b = body(GAS, TAIWAN), body(GAS_DEAL, PIPELINE, OLYMPICS)
    two = Span(b.index(GAS_DEAL), b.index(PIPELINE) + len(PIPELINE))
    count = count_facts(a, b, [passage(1, "paraphrase", span_of(a, GAS), two)])
    assert (len(count.a.shared), len(count.b.shared)) == (1, 2)
    assert (count.both, count.only_a, count.only_b) == (1, 1, 1)
    assert count.b.only == (span_of(b, OLYMPICS),)


def test_a_passage_covering_half_a_sentence_makes_it_shared() -> None:
    a, b = body(GAS, TAIWAN), body(TAIWAN)
    half = a.index("island of Taiwan")
    quote = passage(1, "quote", Span(half, half + len("island of Taiwan")), Span(0, 10))
    facts = count_facts(a, b, [quote]).a
    assert facts.shared == (span_of(a, TAIWAN),) and facts.only == (span_of(a, GAS),)


def test_a_passage_grazing_only_punctuation_or_function_words_shares_nothing() -> None:
    a = body(GAS, TAIWAN)
    # From the full stop of the first sentence to "Both" of the next: no content word.
    graze = Span(a.index("."), a.index("leaders"))
    assert side_facts(a, [graze], 4).shared == ()
    assert side_facts(a, [graze], 4).only == (span_of(a, GAS), span_of(a, TAIWAN))
    # One content word is enough.
    word = a.index("Siberia")
    assert side_facts(a, [Span(word, word + 7)], 4).shared == (span_of(a, GAS),)


def test_counts_are_the_mirror_of_the_swapped_comparison() -> None:
    a, b = body(GAS, TAIWAN), body(GAS_DEAL, PIPELINE, OLYMPICS)
    two = Span(b.index(GAS_DEAL), len(b))
    ab = count_facts(a, b, [passage(1, "paraphrase", span_of(a, GAS), two)])
    ba = count_facts(b, a, [passage(1, "paraphrase", two, span_of(a, GAS))])
    assert (ab.both, ab.only_a, ab.only_b) == (ba.both, ba.only_b, ba.only_a)


def test_a_column_flags_the_text_of_facts_only_its_article_reports() -> None:
    a, b = body(GAS, TAIWAN) + "\n\n" + OLYMPICS, body(GAS_DEAL)
    shared = passage(1, "paraphrase", span_of(a, GAS), span_of(b, GAS_DEAL))
    only = count_facts(a, b, [shared]).a.only
    paragraphs = column(a, [shared], "a", only)
    flagged = ["".join(s.text for s in p if s.only) for p in paragraphs]
    assert flagged == [TAIWAN, OLYMPICS]
    marked = [s for p in paragraphs for s in p if s.passage is not None]
    assert "".join(s.text for s in marked) == GAS and not any(s.only for s in marked)
    # Without the spans (a caller that does not ask), nothing is flagged.
    assert not any(s.only for p in column(a, [shared], "a") for s in p)
