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
    """Diff two word lists with dmp's lines-to-chars trick: one character per word."""
    if not a or not b:
        if a:
            return [("delete", 0, len(a), 0, 0)]
        return [("insert", 0, 0, 0, len(b))] if b else []
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
