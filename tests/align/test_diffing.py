"""Word diffs: the shortcuts in `word_opcodes` give exactly what plain diff-match-patch gives."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.align.diffing import _dmp_opcodes, word_opcodes

VOCAB = ["the", "a", "said", "deal", "Putin", "Xi"]


@st.composite
def word_lists(draw: st.DrawFn) -> tuple[list[str], list[str]]:
    """Two short lists over a small vocabulary, so that repeats and overlaps are common."""
    words = VOCAB[: draw(st.integers(3, len(VOCAB)))]
    side = st.lists(st.sampled_from(words), max_size=12)
    return draw(side), draw(side)


@st.composite
def edited_middles(draw: st.DrawFn) -> tuple[list[str], list[str]]:
    """Shared prefix and suffix around two middles: the shape the shortcut serves."""
    words = st.sampled_from(VOCAB)
    prefix, suffix = draw(st.lists(words, max_size=4)), draw(st.lists(words, max_size=4))
    middle_a, middle_b = draw(st.lists(words, max_size=5)), draw(st.lists(words, max_size=5))
    return prefix + middle_a + suffix, prefix + middle_b + suffix


def _tiles(ops: list[tuple[str, int, int, int, int]], a: list[str], b: list[str]) -> bool:
    """Ops cover both lists in order, and equal ops pair equal words."""
    i = j = 0
    for op, a0, a1, b0, b1 in ops:
        if (a0, b0) != (i, j) or (op == "equal" and a[a0:a1] != b[b0:b1]):
            return False
        i, j = a1, b1
    return (i, j) == (len(a), len(b))


@settings(max_examples=3000, deadline=None)
@given(word_lists())
def test_shortcuts_match_plain_dmp(pair: tuple[list[str], list[str]]) -> None:
    a, b = pair
    got = word_opcodes(a, b)
    assert got == _dmp_opcodes(a, b)
    assert _tiles(got, a, b)


@settings(max_examples=2000, deadline=None)
@given(edited_middles())
def test_shortcuts_match_plain_dmp_around_shared_ends(pair: tuple[list[str], list[str]]) -> None:
    a, b = pair
    assert word_opcodes(a, b) == _dmp_opcodes(a, b)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("x y", "z", [("delete", 0, 2, 0, 0), ("insert", 2, 2, 0, 1)]),
        (
            "p x q",
            "p y z q",
            [
                ("equal", 0, 1, 0, 1),
                ("delete", 1, 2, 1, 1),
                ("insert", 2, 2, 1, 3),
                ("equal", 2, 3, 3, 4),
            ],
        ),
        ("p q", "p q", [("equal", 0, 2, 0, 2)]),
        ("", "p", [("insert", 0, 0, 0, 1)]),
    ],
)
def test_shortcut_examples(a: str, b: str, expected: list[tuple[str, int, int, int, int]]) -> None:
    assert word_opcodes(a.split(), b.split()) == expected == _dmp_opcodes(a.split(), b.split())
