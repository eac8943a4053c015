"""Adapter around diff-match-patch: word-level opcodes (the only module importing it)."""

from __future__ import annotations

from collections.abc import Sequence

from diff_match_patch import diff_match_patch

# (op, a_lo, a_hi, b_lo, b_hi) in token indices relative to the inputs.
Opcode = tuple[str, int, int, int, int]

_OPS = {0: "equal", -1: "delete", 1: "insert"}


def _code(k: int) -> str:
    """The k-th word's character: skips controls and the surrogate block."""
    k += 0x100
    return chr(k if k < 0xD800 else k + 0x800)


def word_opcodes(a: Sequence[str], b: Sequence[str]) -> list[Opcode]:
    """Diff two word lists with dmp's lines-to-chars trick: one character per word.

    Two shortcuts give exactly what dmp (with semantic cleanup) gives, without its cost:
    one side empty, and lists whose differing middles (after the common prefix and
    suffix, which dmp strips first too) share no word. dmp then returns the prefix, the
    middle deleted, the middle inserted and the suffix, and its cleanup finds no
    equality to drop, shift or extract.
    """
    if not a or not b:
        if a:
            return [("delete", 0, len(a), 0, 0)]
        return [("insert", 0, 0, 0, len(b))] if b else []
    size_a, size_b = len(a), len(b)
    shorter = min(size_a, size_b)
    lo = 0
    while lo < shorter and a[lo] == b[lo]:
        lo += 1
    hi_a, hi_b = size_a, size_b
    while hi_a > lo and hi_b > lo and a[hi_a - 1] == b[hi_b - 1]:
        hi_a -= 1
        hi_b -= 1
    if hi_a > lo and hi_b > lo and set(a[lo:hi_a]).isdisjoint(b[lo:hi_b]):
        ops: list[Opcode] = [("equal", 0, lo, 0, lo)] if lo else []
        ops.append(("delete", lo, hi_a, lo, lo))
        ops.append(("insert", hi_a, hi_a, lo, hi_b))
        if hi_a < size_a:
            ops.append(("equal", hi_a, size_a, hi_b, size_b))
        return ops
    if hi_a == lo and hi_b == lo:
        return [("equal", 0, size_a, 0, size_b)]
    return _dmp_opcodes(a, b)


def _dmp_opcodes(a: Sequence[str], b: Sequence[str]) -> list[Opcode]:
    """The general case: diff-match-patch on one character per word, semantic cleanup."""
    codes: dict[str, str] = {}
    for word in (*a, *b):
        if word not in codes:
            codes[word] = _code(len(codes))
    text_a = "".join(codes[w] for w in a)
    text_b = "".join(codes[w] for w in b)
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0  # a timeout would make the output depend on machine speed
    diffs = dmp.diff_main(text_a, text_b, False)
    dmp.diff_cleanupSemantic(diffs)
    out: list[Opcode] = []
    i = j = 0
    for op, chunk in diffs:
        n = len(chunk)
        name = _OPS[op]
        if name == "equal":
            out.append((name, i, i + n, j, j + n))
            i, j = i + n, j + n
        elif name == "delete":
            out.append((name, i, i + n, j, j))
            i += n
        else:
            out.append((name, i, i, j, j + n))
            j += n
    return out
