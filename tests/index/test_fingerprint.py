"""Fingerprints: stable across processes, normalised like alignment, winnowing's guarantee."""

from __future__ import annotations

import os
import subprocess
import sys
import zlib

from hypothesis import given, settings
from hypothesis import strategies as st

from app.index import IndexParams, fingerprint, shingle_hashes, winnow

PARAMS = IndexParams()
GUARANTEE = PARAMS.ngram + PARAMS.window - 1  # words of shared text that always show
TEXT = (
    "Vladimir Putin and Xi Jinping met in Beijing before the Winter Olympics opening and "
    "issued a joint statement opposing NATO expansion."
)


def words(seed: int, n: int) -> list[str]:
    """n pseudo-random made-up words, deterministic in seed."""
    return [f"w{zlib.crc32(f'{seed}:{i}'.encode()) % 5000}" for i in range(n)]


def test_values_are_pinned_64_bit_and_in_text_order() -> None:
    hashes = shingle_hashes("The quick brown fox jumps over the lazy dog")
    assert len(hashes) == 9 - PARAMS.ngram + 1
    # Pinned: a stored index is only valid while these never change.
    assert hashes[:2] == [-183422845730746578, 3962990845286194689]
    assert all(-(2**63) <= h < 2**63 for h in fingerprint(TEXT))


def test_same_values_in_another_process_with_another_hash_seed() -> None:
    code = f"from app.index import fingerprint; print(fingerprint({TEXT!r}))"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.strip() == str(fingerprint(TEXT))


def test_normalised_like_the_alignment_engine() -> None:
    shouted = TEXT.upper().replace(" and ", ", and ").replace(".", "!")
    assert fingerprint(shouted) == fingerprint(TEXT)
    assert fingerprint("The U.S. defence programme") == fingerprint("the US defense program")


def test_short_texts() -> None:
    assert fingerprint("") == [] and fingerprint("four words only here") == []
    assert len(fingerprint("exactly five words in here")) == 1


def reference_winnow(hashes: list[int], window: int) -> set[int]:
    if len(hashes) <= window:
        return {min(hashes)} if hashes else set()
    return {min(hashes[i : i + window]) for i in range(len(hashes) - window + 1)}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(-50, 50), max_size=60), st.integers(1, 8))
def test_winnow_picks_the_minimum_of_every_window(hashes: list[int], window: int) -> None:
    chosen = winnow(hashes, window)
    assert set(chosen) == reference_winnow(hashes, window)
    assert len(chosen) == len(set(chosen))


@settings(max_examples=100, deadline=None)
@given(
    st.integers(0, 10**6),
    st.integers(0, 40),
    st.integers(0, 40),
    st.integers(GUARANTEE, GUARANTEE + 30),
)
def test_a_shared_run_of_ngram_plus_window_minus_one_words_shares_a_fingerprint(
    seed: int, before_a: int, before_b: int, shared: int
) -> None:
    run = words(seed, shared)
    a = words(seed + 1, before_a) + run + words(seed + 2, 20)
    b = words(seed + 3, before_b) + run + words(seed + 4, 5)
    assert set(fingerprint(" ".join(a))) & set(fingerprint(" ".join(b)))


def test_unrelated_texts_share_nothing_and_density_is_about_two_in_window_plus_one() -> None:
    a, b = " ".join(words(1, 2000)), " ".join(words(2, 2000))
    fa = fingerprint(a)
    assert not set(fa) & set(fingerprint(b))
    density = len(fa) / len(shingle_hashes(a))
    assert abs(density - 2 / (PARAMS.window + 1)) < 0.05
    assert fingerprint(a) == fa  # deterministic
