"""The hand-labelled same-fact pairs point at real sentences of the seed bodies."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.facts import split_sentences
from tests.facts.seed_fact_labels import CONFIDENCES, HELD_OUT_LABELS, LABELS, SEED_FILES
from tests.stories.corpora import load_seeds


@pytest.fixture
def sentences(seeds_dir: Path) -> dict[str, list[str]]:
    """Sentence texts of each seed body, by seed id (skips without ../shared, fails in CI)."""
    docs = load_seeds(seeds_dir)
    assert {doc.id for doc in docs} == set(SEED_FILES)
    for seed_id, name in SEED_FILES.items():
        assert name.startswith(f"{seed_id}_") and (seeds_dir / name).is_file(), name
    return {doc.id: [s.text for s in split_sentences(doc.body)] for doc in docs}


def test_every_excerpt_names_exactly_one_sentence(sentences: dict[str, list[str]]) -> None:
    problems = []
    for (a, b), rows in [*LABELS.items(), *HELD_OUT_LABELS.items()]:
        for row in rows:
            for seed_id, excerpt in ((a, row[0]), (b, row[1])):
                hits = [t for t in sentences[seed_id] if t.startswith(excerpt)]
                if len(hits) != 1:
                    problems.append(f"{a}-{b} {seed_id} {excerpt!r}: {len(hits)} sentences")
                elif hits[0] == excerpt:
                    problems.append(f"{a}-{b} {seed_id} {excerpt!r} is a whole sentence")
    assert not problems, "\n".join(problems)


def test_labels_are_well_formed() -> None:
    assert set(LABELS) == {
        ("000", "002"),
        ("000", "003"),
        ("002", "003"),
        ("000", "001"),
        ("001", "002"),
        ("003", "004"),
    }
    assert set(HELD_OUT_LABELS) == {("000", "004"), ("001", "003"), ("001", "004"), ("002", "004")}
    for pair, rows in [*LABELS.items(), *HELD_OUT_LABELS.items()]:
        assert pair[0] < pair[1] and set(pair) <= set(SEED_FILES), pair
        assert rows, pair
        assert len({(a, b) for a, b, _ in rows}) == len(rows), f"{pair} has a duplicate"
        for row in rows:
            assert row[2] in CONFIDENCES, (pair, row)
            assert all(len(excerpt.split()) <= 10 for excerpt in row[:2]), (pair, row)
