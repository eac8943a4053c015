"""Every quotation in a story, grouped across outlets, with how each version differs."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from sqlmodel import Session

from app import repo
from app.align.tokenize import normalise
from app.services import articles, stories

MIN_QUOTE_WORDS = 6
# Share of the shorter quotation's words that must line up with the other's, in order,
# for two quotations to be versions of one.
SAME_QUOTE = 0.6
_QUOTE = re.compile(r"[“\"]([^”\"]{10,}?)[”\"]")
_WORD = re.compile(r"[\w'’-]+")
_NAME = r"((?:[A-Z][\w'’.-]+)(?:\s+(?:[A-Z][\w'’.-]+|de|van|von|al)){0,3})"
_SPEAKER_AFTER = re.compile(
    r"^[\s,]*(?:(?:said|says|told \w+|added|wrote)\s+"
    + _NAME
    + r"|"
    + _NAME
    + r"\s+(?:said|says|told|added|wrote))"
)
_FULL_NAME = re.compile(r"\b([A-Z][a-z’'-]+(?:\s+[A-Z][a-z’'-]+){1,2})\b")
_NOT_NAMES = {"He", "She", "They", "It", "We", "I", "The", "This", "That", "But", "And"}
_SPEAKER_BEFORE = re.compile(_NAME + r"\s+(?:said|says|told \w+|added|wrote|stated)[^“\"]{0,40}$")


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    change: str | None  # None: as in the fullest version; "extra": only in this version;
    # "missing": in the fullest version, cut from this one (shown struck through)


@dataclass(frozen=True, slots=True)
class Variant:
    article: str
    outlet: str
    text: str
    words: list[Word]
    verdict: str  # identical, trimmed, extended, reworded


@dataclass(frozen=True, slots=True)
class QuoteGroup:
    speaker: str | None
    text: str  # the fullest version
    outlets: list[str]
    variants: list[Variant]


@dataclass(frozen=True, slots=True)
class _Quote:
    article: str
    outlet: str
    text: str
    speaker: str | None
    keys: tuple[str, ...]


def _keys(text: str) -> tuple[str, ...]:
    # The alignment engine's normal form: case, quotes, US/UK spelling ("metre"/"meter").
    return tuple(normalise(w) for w in _WORD.findall(text))


def find_quotes(paragraph: str) -> list[tuple[str, str | None]]:
    """(quotation, speaker or None) for each quotation of enough words in a paragraph."""
    found = []
    for match in _QUOTE.finditer(paragraph):
        text = match.group(1).strip().rstrip(",")
        if len(_WORD.findall(text)) < MIN_QUOTE_WORDS:
            continue
        after = _SPEAKER_AFTER.search(paragraph[match.end() :])
        before = _SPEAKER_BEFORE.search(paragraph[: match.start()])
        speaker = None
        if after:
            speaker = after.group(1) or after.group(2)
        elif before:
            speaker = before.group(1)
        if speaker is None or speaker.split()[0] in _NOT_NAMES:
            # "..., he said": the nearest full name in the paragraph is the best guess.
            names = _FULL_NAME.findall(paragraph[: match.start()]) or _FULL_NAME.findall(
                paragraph[match.end() :]
            )
            speaker = names[-1] if names else None
        found.append((text, speaker))
    return found


def _overlap(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    same = sum(block.size for block in matcher.get_matching_blocks())
    return same / min(len(a), len(b))


def _variant(quote: _Quote, full: _Quote) -> Variant:
    words = _WORD.findall(quote.text)
    full_words = _WORD.findall(full.text)
    matcher = SequenceMatcher(None, full.keys, quote.keys, autojunk=False)
    out: list[Word] = []
    kinds = set()
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.extend(Word(w, None) for w in words[j1:j2])
            continue
        if i2 > i1:
            out.extend(Word(w, "missing") for w in full_words[i1:i2])
            edge = i1 == 0 or i2 == len(full_words)
            kinds.add("trimmed" if op == "delete" and edge else "reworded")
        if j2 > j1:
            out.extend(Word(w, "extra") for w in words[j1:j2])
            kinds.add("extended" if op == "insert" else "reworded")
    verdict = (
        "identical" if not kinds else "reworded" if "reworded" in kinds else "/".join(sorted(kinds))
    )
    return Variant(quote.article, quote.outlet, quote.text, out, verdict)


def track(session: Session, story_id: int) -> list[QuoteGroup]:
    stories.get(session, story_id)
    quotes: list[_Quote] = []
    for article in repo.story_articles(session=session, story_id=story_id):
        outlet = articles.to_summary(session, article).outlet.name
        for paragraph in article.paragraphs:
            for text, speaker in find_quotes(paragraph):
                quotes.append(_Quote(article.id, outlet, text, speaker, _keys(text)))
    parent = list(range(len(quotes)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i in range(len(quotes)):
        for j in range(i + 1, len(quotes)):
            if (
                quotes[i].article != quotes[j].article
                and _overlap(quotes[i].keys, quotes[j].keys) >= SAME_QUOTE
            ):
                parent[find(j)] = find(i)
    groups: dict[int, list[_Quote]] = defaultdict(list)
    for index, quote in enumerate(quotes):
        groups[find(index)].append(quote)
    result = []
    for members in groups.values():
        full = max(members, key=lambda q: (len(q.keys), q.text))
        speakers = [q.speaker for q in members if q.speaker]
        result.append(
            QuoteGroup(
                speaker=max(set(speakers), key=speakers.count) if speakers else None,
                text=full.text,
                outlets=list(dict.fromkeys(q.outlet for q in members)),
                variants=[_variant(q, full) for q in members],
            )
        )
    result.sort(key=lambda g: (-len(g.outlets), -len(g.text)))
    return result


def multi_outlet(groups: Sequence[QuoteGroup]) -> list[QuoteGroup]:
    return [g for g in groups if len(g.outlets) > 1]
