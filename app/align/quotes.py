"""Quotation spans, so short shared quotations can count as passages."""

from __future__ import annotations

import re
from bisect import bisect_right

from app.align.tokenize import Tokens

# An opening mark runs to its closing mark or to the end of the paragraph (a quotation
# continued over paragraphs reopens each one). A closing ’ followed by a letter is an
# apostrophe, not the end of a single-quoted quotation.
_QUOTE_RE = re.compile(
    r"“[^“”\n]*(?:”|$)"
    r'|"[^"\n]*(?:"|$)'
    r"|«[^«»\n]*(?:»|$)"
    r"|„[^„“”\n]*(?:[“”]|$)"
    r"|‹[^‹›\n]*(?:›|$)"
    r"|‘[^‘\n]*?(?:’(?!\w)|$)",
    re.MULTILINE,
)


class QuoteIndex:
    """Token ranges of the quotations in one text, sorted and non-overlapping."""

    __slots__ = ("_los", "_his")

    def __init__(self, tokens: Tokens) -> None:
        los: list[int] = []
        his: list[int] = []
        for m in _QUOTE_RE.finditer(tokens.text):
            lo, hi = tokens.token_range(m.start(), m.end())
            if hi > lo:
                los.append(lo)
                his.append(hi)
        self._los = los
        self._his = his

    def contains(self, lo: int, hi: int) -> bool:
        """True when tokens [lo, hi) all lie inside one quotation."""
        k = bisect_right(self._los, lo) - 1
        return k >= 0 and self._his[k] >= hi
