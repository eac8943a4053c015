"""Invariants under arbitrary input: bounds, order, mirror symmetry, hash-seed independence."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.align import Alignment, Coverage, Span, align, coverage, mirror
from app.align.serialize import alignment_to_dict

ROOT = Path(__file__).resolve().parents[2]

WORDS = [
    "the",
    "U.S.",
    "US",
    "Nato",
    "NATO",
    "won't",
    "will",
    "not",
    "metres",
    "meters",
    "100,000",
    "said",
    "“quote”",
    "«x»",
    "—",
    "\n\n",
    "Putin",
    "Xi",
    "agreed",
    "on",
    "a",
    "deal",
]
word_text = st.lists(st.sampled_from(WORDS), max_size=120).map(" ".join)
any_text = st.text(max_size=300)
texts = st.one_of(word_text, any_text)


def _check_spans(al: Alignment, a: str, b: str) -> None:
    for side, text in (("a", a), ("b", b)):
        spans = sorted((getattr(p, side) for p in al.passages), key=lambda s: s.start)
        last = 0
        for s in spans:
            assert 0 <= s.start < s.end <= len(text)
            assert s.start >= last, "passages overlap"
            last = s.end
    for p in al.passages:
        for e in p.edits:
            for span, outer in ((e.a, p.a), (e.b, p.b)):
                if span is not None:
                    assert isinstance(span, Span)
                    assert outer.start <= span.start < span.end <= outer.end
            assert (e.op == "equal") == (e.a is not None and e.b is not None)
    ids = [p.id for p in al.passages]
    assert len(set(ids)) == len(ids)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, texts)
def test_spans_valid_and_mirror_exact(a: str, b: str) -> None:
    al = align(a, b)
    _check_spans(al, a, b)
    assert align(b, a) == mirror(al)


def _coverage_of(al: Alignment) -> Coverage:
    s = al.stats
    return Coverage(s.words_a, s.words_b, s.share_a, s.share_b)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, texts, st.integers(0, 3))
def test_coverage_is_align_s_shares_without_the_passages(a: str, b: str, repeat: int) -> None:
    a, b = a + " " + b * repeat, b + " " + a * repeat  # shared text, in both orders
    assert coverage(a, b) == _coverage_of(align(a, b))
    assert coverage(b, a) == _coverage_of(align(b, a))
    assert coverage(a, a) == _coverage_of(align(a, a))


@settings(max_examples=100, deadline=None)
@given(word_text, st.integers(0, 40), st.integers(0, 40))
def test_shared_block_inside_noise(shared: str, pre: int, post: int) -> None:
    a = "alpha " * pre + shared + " omega" * post
    b = "beta " * post + shared + " gamma" * pre
    al = align(a, b)
    _check_spans(al, a, b)
    assert align(b, a) == mirror(al)


SAMPLES = [
    ("שלום עולם " * 20 + "مرحبا بالعالم", "مرحبا بالعالم " + "שלום עולם " * 20),
    ("e\u0301" * 50 + " 👩‍👩‍👧 " * 30, " 👩‍👩‍👧 " * 30 + "e\u0301" * 50),
    ("a\x00b\x00 " * 100, "a\x00b\x00 " * 99),
    ("line one here\r\nline two here\r\n" * 40, "line one here\nline two here\n" * 40),
    ("\ud800 lone surrogate " * 10, " lone surrogate " * 10),
]


def test_unicode_edge_cases_do_not_crash() -> None:
    for a, b in SAMPLES:
        al = align(a, b)
        _check_spans(al, a, b)
        assert align(b, a) == mirror(al)


def test_one_ten_megabyte_line() -> None:
    # Long words keep the token count (and the time) moderate; no line break anywhere.
    words = " ".join(f"{'ab' * 16}{i % 997}é\u0301{i % 13}שלום" for i in range(260_000))
    words = words[: 10 * 2**20]
    b = words[5_000_000:5_020_000]
    al = align(words, b)
    _check_spans(al, words, b)
    assert al.passages


_SCRIPT = """
import json, sys
from app.align import align
from app.align.serialize import alignment_to_dict
a, b = json.load(sys.stdin)
print(json.dumps(alignment_to_dict(align(a, b)), sort_keys=True))
"""


def test_output_does_not_depend_on_hash_seed(seeds_dir: Path) -> None:
    a = (seeds_dir / next(p.name for p in seeds_dir.glob("001_*.txt"))).read_text(encoding="utf-8")
    b = (seeds_dir / next(p.name for p in seeds_dir.glob("004_*.txt"))).read_text(encoding="utf-8")
    a += "\nthe the the the the the the " * 50 + "“one two three four five six seven”"
    b += "\nthe the the the the the " * 40 + "said “one two three four five six seven” today"
    outputs = []
    for seed in ("1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
        done = subprocess.run(
            [sys.executable, "-c", _SCRIPT],
            input=json.dumps([a, b]),
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            check=True,
        )
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    assert json.loads(outputs[0]) == json.loads(
        json.dumps(alignment_to_dict(align(a, b)), sort_keys=True)
    )


def test_coverage_matches_align_on_the_demo_s_reprints() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "app/demo/corpus").glob("*"))]
    shared = 0
    for a in texts:
        for b in texts:
            full = _coverage_of(align(a, b))
            assert coverage(a, b) == full
            shared += full.share_a > 0.2
    assert shared > len(texts)  # reprints among them, not only the diagonal
