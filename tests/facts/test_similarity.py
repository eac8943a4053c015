"""The same-statement score: symmetric, bounded, and higher for a paraphrase."""

from __future__ import annotations

import pytest

from app.facts import FEATURE_NAMES, Similarity
from app.facts.fitted import SAME_THRESHOLD, WEIGHTS, WORD_WEIGHTS
from app.facts.similarity import compare, compare_pairs

STATEMENT = "The city council voted on Monday to close the Elm Street bridge for repairs."
PARAPHRASE = "On Monday, city councillors decided the Elm Street bridge will shut for repair work."
SAME_TOPIC = "The Elm Street bridge was built in 1931 and carries 9,000 cars a day."
UNRELATED = "Heavy rain is expected across the north of the country this weekend."
NEGATED = "The city council did not vote on Monday to close the Elm Street bridge for repairs."


@pytest.fixture(scope="module")
def results() -> dict[str, Similarity]:
    others = {"paraphrase": PARAPHRASE, "same topic": SAME_TOPIC, "unrelated": UNRELATED}
    found = compare_pairs([(STATEMENT, o) for o in others.values()])
    return dict(zip(others, found, strict=True))


def test_a_paraphrase_scores_above_a_sentence_on_the_same_topic(
    results: dict[str, Similarity],
) -> None:
    assert results["paraphrase"].score > results["same topic"].score
    assert results["same topic"].score > results["unrelated"].score
    assert results["paraphrase"].same
    assert not results["same topic"].same and not results["unrelated"].same


@pytest.mark.parametrize("other", [PARAPHRASE, SAME_TOPIC, UNRELATED, NEGATED, "", "Yes."])
def test_the_score_is_symmetric_and_bounded(other: str) -> None:
    forward, backward = compare(STATEMENT, other), compare(other, STATEMENT)
    assert forward.score == pytest.approx(backward.score, abs=1e-6)
    assert forward.signals.vector() == pytest.approx(backward.signals.vector(), abs=1e-6)
    assert 0.0 <= forward.score <= 1.0


def test_a_sentence_is_the_same_statement_as_itself() -> None:
    same = compare(STATEMENT, STATEMENT)
    assert same.score >= SAME_THRESHOLD and same.same


def test_negating_the_statement_lowers_the_score() -> None:
    assert compare(STATEMENT, NEGATED).score < compare(STATEMENT, STATEMENT).score
    assert compare(STATEMENT, NEGATED).signals.negation_mismatch == 1.0


def test_shared_words_point_into_each_sentence(results: dict[str, Similarity]) -> None:
    found = results["paraphrase"]
    assert {"monday", "city", "elm", "street", "bridge"} <= set(found.shared)
    assert "the" not in found.shared
    for spans, text in ((found.shared_a, STATEMENT), (found.shared_b, PARAPHRASE)):
        for span in spans:
            assert text[span.start : span.end].lower() == span.norm
    # "repairs" and "repair" share a stem: both are marked.
    assert "repairs" in {s.norm for s in found.shared_a}
    assert "repair" in {s.norm for s in found.shared_b}


def test_every_signal_has_a_fitted_weight() -> None:
    assert set(WEIGHTS) == set(FEATURE_NAMES)
    assert WEIGHTS["function_words"] == 1.0  # the word weights are its weights
    assert 0.0 < SAME_THRESHOLD < 1.0
    assert WORD_WEIGHTS and all(" " not in w or w.endswith(" not") for w in WORD_WEIGHTS)


def test_a_clause_only_one_sentence_has_counts_against_it_and_an_attribution_does_not() -> None:
    report = "The company cut 300 jobs at its Ohio plant on Monday."
    more = "The company cut 300 jobs at its Ohio plant on Monday, and will close a second site."
    attributed = "The company cut 300 jobs at its Ohio plant on Monday, a spokesman told reporters."
    added, said = compare(report, more), compare(report, attributed)
    assert added.signals.function_words < 0.0 < said.signals.function_words
    assert said.same and not added.same
