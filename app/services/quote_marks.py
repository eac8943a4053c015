"""Where a paragraph's quotations start and stop, pairing the marks as a reader would."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Double quotation marks; two apostrophes ('') stand for a straight one in some copy.
_MARK = re.compile(r"[“”\"]|''")
# What stands before an opening mark, and after a closing one.
_BEFORE_OPENING = "([{—–-/:"
_AFTER_CLOSING = ".,;:!?)]}—–-…'’"


@dataclass(frozen=True, slots=True)
class Span:
    """One quotation: its marks and its text, as offsets into the paragraph."""

    start: int  # the opening mark
    end: int  # after the closing mark, or where an unclosed quotation stops
    text_start: int
    text_end: int
    runs_on: bool  # no closing mark before the paragraph's end: it goes on in the next


def quote_spans(paragraph: str) -> list[Span]:
    """The paragraph's quotations, in order. Marks pair by what stands around them, so
    copy that mixes them still reads right:
    - a curly mark closed by a straight one (“...") pairs, as does '...'';
    - a quotation inside one (“... "fake news" ...”, “... “standards” ...”) stays in it;
    - a quotation not closed before the next one opens stops there ("Meet the Press.
      "I really ..."), and one not closed at all runs to the paragraph's end, as a
      quotation continued in the next paragraph is printed;
    - a closing mark with nothing open is a stray and is passed over.
    """
    marks = [(mark, _role(paragraph, mark)) for mark in _MARK.finditer(paragraph)]
    spans: list[Span] = []
    outer: re.Match[str] | None = None
    depth = 0  # quotations open inside `outer`
    for k, (mark, role) in enumerate(marks):
        if outer is None:
            if role != "close":
                outer, depth = mark, 0
            continue
        nested = _curly(mark) != _curly(outer) or (
            # “... “democratic standards” ...”: nested when enough closing marks follow.
            _curly(mark) and sum(r == "close" for _, r in marks[k + 1 :]) >= depth + 2
        )
        if role == "open" and nested:
            depth += 1
        elif role == "open":  # the one open was never closed: it stops here
            end = mark.start()
            spans.append(_span(paragraph, outer, end, end, False))
            outer, depth = mark, 0
        elif depth and (role == "close" or _curly(mark) != _curly(outer)):
            depth -= 1
        else:
            spans.append(_span(paragraph, outer, mark.start(), mark.end(), False))
            outer = None
    if outer is not None:
        spans.append(_span(paragraph, outer, len(paragraph), len(paragraph), True))
    return [s for s in spans if s.text_end > s.text_start]


def _curly(mark: re.Match[str]) -> bool:
    return mark.group() in "“”"


def _role(paragraph: str, mark: re.Match[str]) -> str:
    """ "open", "close", or "either" when what stands around the mark does not say (then
    a curly mark's shape does)."""
    left = paragraph[mark.start() - 1] if mark.start() else " "
    right = paragraph[mark.end()] if mark.end() < len(paragraph) else " "
    opens = (left.isspace() or left in _BEFORE_OPENING) and not right.isspace()
    closes = not left.isspace() and (right.isspace() or right in _AFTER_CLOSING)
    if opens != closes:
        return "open" if opens else "close"
    return {"“": "open", "”": "close"}.get(mark.group(), "either")


def _span(paragraph: str, opening: re.Match[str], stop: int, end: int, runs_on: bool) -> Span:
    start = opening.end()
    while start < stop and paragraph[start].isspace():
        start += 1
    while stop > start and paragraph[stop - 1].isspace():
        stop -= 1
    return Span(opening.start(), end, start, stop, runs_on)
