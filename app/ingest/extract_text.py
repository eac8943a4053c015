"""Plain text (pasted, or saved from a web page) -> the article's paragraphs and metadata."""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass

from app.errors import InvalidInput
from app.ingest.classify import CfClass, context_free_classes
from app.ingest.headlines import UNTITLED, not_a_headline, title_cased
from app.ingest.language import detect_language
from app.ingest.rules import (
    Kind,
    byline_name,
    classify_line,
    copyright_holder,
    ends_sentence,
    normalize_space,
    parse_date,
    self_reference,
    words,
)
from app.ingest.types import Extracted


@dataclass(frozen=True, slots=True)
class TextParams:
    """Which of the plain-text extractor's judgements run (the benchmark compares them)."""

    # Keep short lines that read as part of the story: a dateline lede, the first
    # sentence above the body, a one-sentence paragraph or quotation between body ones.
    keep_ledes: bool = True
    # The headline is the nearest line above the story that reads as one (never a caption,
    # byline, navigation line, date or counter). False: the nearest short line above it.
    headline_rules: bool = True


DEFAULT_PARAMS = TextParams()

NO_ARTICLE = "No article text found: the text has no paragraphs that read like a story."
# A derived title keeps at most this many words of the first sentence.
MAX_TITLE_WORDS = 12
# A headline line has between these many words.
TITLE_MIN_WORDS, TITLE_MAX_WORDS = 3, 25
# A line with more words than this reads as prose even without a final full stop.
PROSE_WORDS = 25
# Hard-wrapped text (e-mail, terminals) has lines of about this many characters.
WRAP_MIN, WRAP_MAX, WRAP_SPREAD = 45, 100, 30
# Words a derived title should not end on.
_DANGLING = frozenset(
    re.findall(
        r"\w+",
        "a an the and or but of to in on at by for with from as amid into over after before"
        " while that which who than its their his her",
    )
)
# A dateline in front of the first sentence: "BEIJING (AP) —", "Beijing:".
_DATELINE = re.compile(
    r"^[A-Z][\w.'’-]*(?:[ ,/]+[A-Z][\w.'’-]*){0,3}(?:,?\s*\([\w ]{1,20}\))?\s*[:—–]\s+(?=\S)"
)
# A wire dateline: "HELSINKI (AP) —", "BERLIN, July 15 (Reuters) -", "MOSCOW, Russia (AFP) --".
_WIRE_DATELINE = re.compile(
    r"^[A-Z][\w.'’-]*(?:[ ,/]+[\w.'’-]+){0,4}\s*\((?:AP|Reuters|AFP|UPI|PTI|IANS|dpa|Xinhua"
    r"|Bloomberg|CNN|TASS|ANI|CP|PA)\)\s*(?:—|–|--?)\s*\S"
)
# A sentence-shaped line has at least this many words.
SENTENCE_MIN_WORDS = 4
# Lines above the first body paragraph that may be kept as its opening sentences.
LEDE_MAX_LINES = 2


# Kinds of line the story runs on around, for deciding which lines are story.
_TRANSPARENT = (Kind.INSERT, Kind.CAPTION)


@dataclass(frozen=True, slots=True)
class _Line:
    text: str  # whitespace-normalised, never empty
    block: int  # index of the blank-line separated block the line came from


def split_lines(text: str) -> list[_Line]:
    """Non-empty lines, whitespace-normalised, each remembering its blank-line block."""
    lines: list[_Line] = []
    block = 0
    for raw in text.splitlines():
        line = normalize_space(raw)
        if line:
            lines.append(_Line(line, block))
        elif lines and lines[-1].block == block:
            block += 1
    return _unwrap(lines)


def _unwrap(lines: list[_Line]) -> list[_Line]:
    """Join blocks that are one paragraph hard-wrapped at a fixed width."""
    out: list[_Line] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and lines[j].block == lines[i].block:
            j += 1
        block = lines[i:j]
        if _hard_wrapped([line.text for line in block]):
            out.append(_Line(" ".join(line.text for line in block), block[0].block))
        else:
            out.extend(block)
        i = j
    return out


def _hard_wrapped(block: Sequence[str]) -> bool:
    if len(block) < 2:
        return False
    heads = [len(line) for line in block[:-1]]
    return (
        min(heads) >= WRAP_MIN
        and max(heads) <= WRAP_MAX
        and max(heads) - min(heads) <= WRAP_SPREAD
        and len(block[-1]) <= max(heads) + 5
        and sum(ends_sentence(line) for line in block[:-1]) * 2 < len(heads)
    )


def extract_text(text: str) -> Extracted:
    """The article in a plain text: title, body paragraphs, captions and what metadata it shows.

    Raises InvalidInput when nothing in the text reads like an article.
    """
    return extract_text_with(text, DEFAULT_PARAMS)


def extract_text_with(text: str, params: TextParams) -> Extracted:
    """`extract_text` with explicit parameters (the benchmark compares settings)."""
    lines = split_lines(text)
    if not lines:
        raise InvalidInput(NO_ARTICLE)
    texts = [line.text for line in lines]
    language = detect_language("\n".join(texts))
    kinds = [classify_line(t) for t in texts]
    classes = context_free_classes(texts, language)
    first = _first_prose(texts, kinds, classes, params)
    if first is None:
        raise InvalidInput(NO_ARTICLE)
    if params.headline_rules:
        title_at = _headline_index(texts, kinds, first)
    else:
        title_at = _title_index(texts, kinds, first)
    start = title_at + 1 if title_at is not None else 0
    end = next((i for i in range(first, len(texts)) if kinds[i] is Kind.END), len(texts))
    good = _revise(classes, kinds, start, end)
    if params.headline_rules:
        # Between the headline and the story only prose (a standfirst) is story: what
        # else sits there is a byline, a date or a label the line rules did not know.
        good = [g and (not start <= i < first or _story_line(texts[i])) for i, g in enumerate(good)]
    if params.keep_ledes:
        good = _keep_story_sentences(texts, kinds, good, start, end)
    title = texts[title_at] if title_at is not None else None
    body = [texts[i] for i in range(start, end) if good[i] and texts[i] != title]
    if not body:
        raise InvalidInput(NO_ARTICLE)
    derived = title is None
    if title is None:
        title = untitled(body[0]) if params.headline_rules else derive_title(body[0])
    language = detect_language(" ".join(body)) or language
    return Extracted(
        title=title,
        title_derived=derived,
        byline=_byline(texts, kinds, texts.index(title) if not derived else start, end),
        published=_published(texts, kinds, start, end),
        site_name=_site_name(texts, kinds),
        language=language,
        paragraphs=tuple(body),
        captions=tuple(_captions(lines, kinds, classes, end, title)),
    )


def _is_prose(line: str) -> bool:
    return ends_sentence(line) or len(words(line)) > PROSE_WORDS


def _first_prose(
    texts: list[str], kinds: list[Kind | None], classes: list[CfClass], params: TextParams
) -> int | None:
    """Index of the first line that reads like a story paragraph.

    A title-cased question or exclamation ("Will Putin Spare Trump the Lecture?") is a
    headline, not the story's first paragraph.
    """
    for i, line in enumerate(texts):
        prose = kinds[i] is None and classes[i] in ("good", "neargood") and _is_prose(line)
        if prose and not (params.headline_rules and _headline_question(line)):
            return i
    return None


def _headline_question(line: str) -> bool:
    return line.rstrip("\"'”’")[-1:] in "?!" and not_a_headline(line) is None and title_cased(line)


def _headline_index(texts: list[str], kinds: list[Kind | None], first: int) -> int | None:
    """The headline: the nearest line above the story's first paragraph that reads as one.

    Nearest, not first: bylines, dates and photo blocks sit between a headline and its
    story, which the headline test skips, while a page's top holds taglines and teasers.
    """
    for i in range(first - 1, -1, -1):
        if kinds[i] is None and not_a_headline(texts[i]) is None and " | " not in texts[i]:
            return i
    return None


def _title_index(texts: list[str], kinds: list[Kind | None], first: int) -> int | None:
    """The headline: the nearest short, unpunctuated line above the first paragraph."""
    for i in range(first - 1, -1, -1):
        line = texts[i]
        n = len(words(line))
        if (
            kinds[i] is None
            and TITLE_MIN_WORDS <= n <= TITLE_MAX_WORDS
            and line[-1] not in ".,;:"
            and " | " not in line
        ):
            return i
    return None


def _revise(classes: list[CfClass], kinds: list[Kind | None], start: int, end: int) -> list[bool]:
    """Decide good/bad per line from its class and its neighbours' (jusText's idea, simplified).

    Lines a rule flagged, and lines outside [start, end), count as bad, except inserts and
    captions: the story runs on around them. A near-good line is good next to a good one;
    a short line is good only between good ones.
    """
    order = [i for i, kind in enumerate(kinds) if kind not in _TRANSPARENT]
    base: list[CfClass] = [
        classes[i] if start <= i < end and kinds[i] is None else "bad" for i in order
    ]
    if "good" not in base:
        base = ["good" if c == "neargood" else c for c in base]

    def neighbour(cls: list[CfClass], i: int, step: int, skip: tuple[str, ...]) -> str:
        j = i + step
        while 0 <= j < len(cls) and cls[j] in skip:
            j += step
        return cls[j] if 0 <= j < len(cls) else "bad"

    resolved = list(base)
    for i, c in enumerate(base):
        if c == "neargood":
            near = [neighbour(base, i, s, ("short", "neargood")) for s in (-1, 1)]
            resolved[i] = "good" if "good" in near else "bad"
    good = [False] * len(classes)
    for i, c in enumerate(resolved):
        if c == "short":
            between = {neighbour(resolved, i, step, ("short",)) for step in (-1, 1)}
            c = "good" if between == {"good"} else "bad"
        good[order[i]] = c == "good"
    return good


def _sentence_shaped(line: str) -> bool:
    """Does the line read as prose: a capital first, a stop last, not in title case or capitals?"""
    n = len(words(line))
    return (
        n >= SENTENCE_MIN_WORDS
        and bool(re.match(r"[\"'“‘(]?[A-Z0-9]", line))
        and ends_sentence(line)
        and not line.isupper()
        and not (title_cased(line) and n <= MAX_TITLE_WORDS)
        and " | " not in line
    )


def _story_line(line: str) -> bool:
    """A sentence of prose, or a wire lede ("PHILADELPHIA (AP) - The Latest on ...:")."""
    return _sentence_shaped(line) or bool(_WIRE_DATELINE.match(line))


def _keep_story_sentences(
    texts: list[str], kinds: list[Kind | None], good: list[bool], start: int, end: int
) -> list[bool]:
    """Keep the short lines that read as part of the story, which the classifier dropped.

    A wire dateline lede ("HELSINKI (AP) — ...") next to a body paragraph, up to
    LEDE_MAX_LINES sentence-shaped lines right above the first body paragraph (a one-line
    lede, a standfirst), and a sentence-shaped line between two body paragraphs (a
    one-line quotation). Lines a rule recognised never come back.
    """
    order = [i for i in range(start, end) if kinds[i] not in _TRANSPARENT]
    kept = list(good)
    body = [k for k, i in enumerate(order) if good[i]]
    if not body:
        return kept

    def candidate(k: int) -> bool:
        i = order[k]
        return kinds[i] is None and not kept[i] and _story_line(texts[i])

    for k in range(body[0] - 1, max(body[0] - 1 - LEDE_MAX_LINES, -1), -1):
        if not candidate(k):
            break
        kept[order[k]] = True
    for k in range(len(order)):
        before = k > 0 and good[order[k - 1]]
        after = k + 1 < len(order) and good[order[k + 1]]
        if candidate(k) and (
            (before and after and _sentence_shaped(texts[order[k]]))
            or ((before or after) and _WIRE_DATELINE.match(texts[order[k]]))
        ):
            kept[order[k]] = True
    return kept


def untitled(paragraph: str) -> str:
    """The headline of an article that has none: "Untitled: " and the body's first words."""
    words_taken = derive_title(paragraph)
    full = _DATELINE.sub("", paragraph, count=1).rstrip(" .")
    return f"{UNTITLED}: {words_taken}" + ("" if full.endswith(words_taken) else "…")


def derive_title(paragraph: str) -> str:
    """A headline-like title from a paragraph's first sentence, at most MAX_TITLE_WORDS long."""
    sentence = _DATELINE.sub("", paragraph, count=1)
    taken: list[str] = []
    for word in words(sentence):
        taken.append(word)
        if _ends_sentence_word(word):
            break
    cut = len(taken) > MAX_TITLE_WORDS
    taken = taken[:MAX_TITLE_WORDS]
    if cut:
        while len(taken) > 1 and taken[-1].lower().strip(",;:") in _DANGLING:
            taken.pop()
    title = " ".join(taken).rstrip(",;:—–-")
    if not cut and title.endswith(".") and not title.endswith(".."):
        title = title[:-1]
    return title[:1].upper() + title[1:]


def _ends_sentence_word(word: str) -> bool:
    bare = word.rstrip("\"'”’)")
    if not bare or bare[-1] not in ".!?":
        return False
    # "U.S." and "Mr." end abbreviations, not sentences.
    return not re.fullmatch(r"(?:[A-Za-z]\.)+|[A-Z][a-z]{0,3}\.", bare)


def _byline(texts: list[str], kinds: list[Kind | None], start: int, end: int) -> str | None:
    for i in range(start, end):
        if kinds[i] is Kind.BYLINE:
            return byline_name(texts[i])
    return None


def _published(
    texts: list[str], kinds: list[Kind | None], start: int, end: int
) -> datetime.date | None:
    for i in range(start, end):
        if kinds[i] in (Kind.DATE, Kind.BYLINE) and (date := parse_date(texts[i])):
            return date
    return None


def _site_name(texts: list[str], kinds: list[Kind | None]) -> str | None:
    for line in texts:
        if name := copyright_holder(line):
            return name
    for i, line in enumerate(texts):
        if kinds[i] is Kind.BOILER and (name := self_reference(line)):
            return name
    return None


def _captions(
    lines: list[_Line], kinds: list[Kind | None], classes: list[CfClass], end: int, title: str
) -> list[str]:
    """Caption lines before the end of the story, with a short caption heading above one."""
    out: list[int] = []
    for i in range(end):
        if kinds[i] is not Kind.CAPTION:
            continue
        above = i - 1
        if (
            above >= 0
            and above not in out
            and lines[above].block == lines[i].block
            and kinds[above] is None
            and classes[above] == "short"
            and not ends_sentence(lines[above].text)
            and lines[above].text != title
        ):
            out.append(above)
        out.append(i)
    return [lines[i].text for i in out]
