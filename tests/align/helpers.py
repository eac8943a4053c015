"""Shared helpers for alignment tests: labelled pairs and word-level scoring."""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
import re
from difflib import SequenceMatcher
from functools import cache
from pathlib import Path

from app.align import Alignment
from tests.conftest import shared_path

LABELS = Path(__file__).with_name("labels.json")
_WORD = re.compile(r"\w+")


def load_labels() -> list[dict]:  # type: ignore[type-arg]
    return list(json.loads(LABELS.read_text(encoding="utf-8"))["pairs"])


@cache
def _helsinki() -> dict[str, str]:
    path = shared_path("corpora", "news", "articlecomparisons", "helsinki_articles.csv.gz")
    with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
        return {row["id"]: row["text"] for row in csv.DictReader(f)}


def source_text(src: dict[str, str]) -> str:
    """The raw text a label refers to: a seed file by number, or a Helsinki row by id."""
    if "seeds" in src:
        (path,) = shared_path("seeds").glob(f"{src['seeds']}_*.txt")
        return path.read_text(encoding="utf-8")
    return _helsinki()[src["helsinki"]]


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def word_starts(text: str) -> list[int]:
    """Evaluation words: plain \\w+ runs, independent of the engine's tokeniser."""
    return [m.start() for m in _WORD.finditer(text)]


def _inside(pos: int, ranges: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in ranges)


def score(
    text: str, predicted: list[tuple[int, int]], truth: list[tuple[int, int]]
) -> tuple[int, int, int]:
    """(true positives, predicted, labelled) word counts for one side."""
    tp = pred = lab = 0
    for w in word_starts(text):
        p, t = _inside(w, predicted), _inside(w, truth)
        tp += p and t
        pred += p
        lab += t
    return tp, pred, lab


def engine_ranges(al: Alignment) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    return [(p.a.start, p.a.end) for p in al.passages], [(p.b.start, p.b.end) for p in al.passages]


def difflib_ranges(
    a: str, b: str, min_words: int = 5
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Baseline: difflib matching blocks of at least `min_words` lower-cased words."""
    ma, mb = list(_WORD.finditer(a)), list(_WORD.finditer(b))
    wa, wb = [m.group().lower() for m in ma], [m.group().lower() for m in mb]
    ra: list[tuple[int, int]] = []
    rb: list[tuple[int, int]] = []
    for blk in SequenceMatcher(None, wa, wb, autojunk=False).get_matching_blocks():
        if blk.size >= min_words:
            ra.append((ma[blk.a].start(), ma[blk.a + blk.size - 1].end()))
            rb.append((mb[blk.b].start(), mb[blk.b + blk.size - 1].end()))
    return ra, rb
