"""Tokens keep offsets into the original; normal forms fold the variants outlets differ on."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.align.tokenize import (
    _BREAK_RE,
    _PLAIN_TOKEN_RE,
    _break_spots,
    normalise,
    tokenize,
)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("US", "U.S."),
        ("UN", "U.N."),
        ("NATO", "Nato"),
        ("metres", "meters"),
        ("fuelled", "fueled"),
        ("manoeuvres", "maneuvers"),
        ("defence", "defense"),
        ("neighbour", "neighbor"),
        ("organise", "organize"),
        ("realised", "realized"),
        ("COVID", "Covid"),
        ("100,000", "100000"),
        ("won't", "will not"),
        ("won’t", "will not"),
        ("can't", "cannot"),
        ("Russia’s", "Russia's"),
        ("ｆｕｌｌ", "full"),  # NFKC folds full-width letters
        ("centre", "center"),
        ("travelled", "traveled"),
    ],
)
def test_variants_share_a_normal_form(left: str, right: str) -> None:
    assert normalise(left) == normalise(right)


@pytest.mark.parametrize(("left", "right"), [("filled", "filed"), ("four", "for"), ("hour", "hor")])
def test_distinct_words_stay_distinct(left: str, right: str) -> None:
    assert normalise(left) != normalise(right)


def test_offsets_point_into_the_original() -> None:
    text = "“We won’t go,” the U.S. envoy said — 100,000 troops.\r\nCOVID-19"
    t = tokenize(text)
    surface = [text[s:e] for s, e in zip(t.starts, t.ends, strict=True)]
    assert surface == [
        "We",
        "won’t",
        "go",
        "the",
        "U.S.",
        "envoy",
        "said",
        "100,000",
        "troops",
        "COVID",
        "19",
    ]
    assert t.norms[1] == "will not"
    assert t.norms[4] == "us"


def test_two_word_negation_is_one_token() -> None:
    t = tokenize("They will\nnot expand.")
    assert t.norms == ["they", "will not", "expand"]


def test_combining_marks_stay_inside_words() -> None:
    text = "cafe\u0301 नमस्ते"
    t = tokenize(text)
    assert [text[s:e] for s, e in zip(t.starts, t.ends, strict=True)] == ["cafe\u0301", "नमस्ते"]
    assert t.norms[0] == "café"


def test_sentence_breaks_ignore_abbreviation_dots() -> None:
    t = tokenize("Mr. Putin met the U.S. envoy. Then he left.")
    assert not t.is_break_before(1)  # after "Mr."
    assert not t.is_break_before(5)  # after "U.S."
    assert t.is_break_before(6)  # "Then"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="aZé1_.,'’ -\n", max_size=40))
def test_fast_cut_matches_the_full_token_pattern(text: str) -> None:
    # tokenize() cuts plain \w runs first and recuts only clusters joined by one of
    # . , ' ’ : the result must be what the full pattern gives over the whole text (the
    # alphabet cannot spell "not", so no negation is joined afterwards).
    t = tokenize(text, cache={})
    expected = [m.span() for m in _PLAIN_TOKEN_RE.finditer(text)]
    assert list(zip(t.starts, t.ends, strict=True)) == expected


@pytest.mark.parametrize(
    "text",
    ["U.S.A. is", "e.g. this", "1,000,000th and 3.5m", "rock'n'roll’s", "a.b.c", "x.", ".U.S."],
)
def test_fast_cut_examples(text: str) -> None:
    t = tokenize(text, cache={})
    got = [text[s:e] for s, e in zip(t.starts, t.ends, strict=True)]
    assert got == [m.group() for m in _PLAIN_TOKEN_RE.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="a .!?…\n#|•", max_size=60))
def test_break_spots_match_the_break_pattern(text: str) -> None:
    assert _break_spots(text) == [m.start() for m in _BREAK_RE.finditer(text)]
