"""Word-level precision and recall on hand-labelled real pairs; unrelated pairs stay empty."""

from __future__ import annotations

import pytest

from app.align import align
from tests.align.helpers import (
    _helsinki,
    engine_ranges,
    load_labels,
    score,
    sha256,
    source_text,
)

PAIRS = load_labels()


def _texts(pair: dict) -> tuple[str, str]:  # type: ignore[type-arg]
    a, b = source_text(pair["a"]), source_text(pair["b"])
    assert sha256(a) == pair["sha256_a"], "source text changed: relabel"
    assert sha256(b) == pair["sha256_b"], "source text changed: relabel"
    return a, b


@pytest.mark.parametrize("pair", PAIRS, ids=[p["name"] for p in PAIRS])
def test_labelled_pair_precision_and_recall(pair: dict) -> None:  # type: ignore[type-arg]
    a, b = _texts(pair)
    ra, rb = engine_ranges(align(a, b))
    tp = pred = lab = 0
    for text, predicted, truth in ((a, ra, pair["a_ranges"]), (b, rb, pair["b_ranges"])):
        t, p, n = score(text, predicted, [tuple(r) for r in truth])
        tp, pred, lab = tp + t, pred + p, lab + n
    assert pred and tp / pred >= 0.9, f"precision {tp}/{pred}"
    assert tp / lab >= 0.9, f"recall {tp}/{lab}"


def test_all_labels_together_reach_high_precision_and_recall() -> None:
    tp = pred = lab = 0
    for pair in PAIRS:
        a, b = _texts(pair)
        ra, rb = engine_ranges(align(a, b))
        for text, predicted, truth in ((a, ra, pair["a_ranges"]), (b, rb, pair["b_ranges"])):
            t, p, n = score(text, predicted, [tuple(r) for r in truth])
            tp, pred, lab = tp + t, pred + p, lab + n
    assert tp / pred >= 0.95
    assert tp / lab >= 0.95


def test_seed_pairs_share_quotations_of_the_joint_statement() -> None:
    for x, y in (("001", "002"), ("001", "003"), ("002", "003"), ("002", "004"), ("003", "004")):
        a, b = source_text({"seeds": x}), source_text({"seeds": y})
        passages = align(a, b).passages
        assert any("north atlantic" in a[p.a.start : p.a.end].lower() for p in passages), (x, y)


def test_seed_pairs_share_putins_words() -> None:
    for x, y in (("000", "003"), ("001", "003"), ("003", "004")):
        a, b = source_text({"seeds": x}), source_text({"seeds": y})
        passages = align(a, b).passages
        assert any("good new solutions" in a[p.a.start : p.a.end] for p in passages), (x, y)


@pytest.mark.parametrize(
    ("a_src", "b_src"),
    [
        ({"seeds": "001"}, {"helsinki": "1179"}),  # Beijing summit vs Novichok story
        ({"seeds": "004"}, {"helsinki": "8725"}),  # Beijing summit vs US election officials
        ({"helsinki": "1179"}, {"helsinki": "8725"}),  # two different Helsinki-week stories
        ({"helsinki": "6"}, {"helsinki": "1179"}),
        ({"helsinki": "8725"}, {"helsinki": "57"}),
    ],
)
def test_unrelated_articles_share_no_passages(a_src: dict, b_src: dict) -> None:  # type: ignore[type-arg]
    assert align(source_text(a_src), source_text(b_src)).passages == ()


def test_helsinki_source_is_readable() -> None:
    assert len(_helsinki()) > 100
