"""Every quotation in a story, grouped across outlets, with how each version differs."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from sqlmodel import Session

from app import repo
from app.align.tokenize import normalise
from app.services import articles, stories
from app.services.quote_speakers import attribute, speaker_key

# Share of the shorter quotation's words that must line up with the other's, in order,
# for two quotations to be versions of one statement ...
SAME_QUOTE = 0.6
# ... and at least this many words in all: two six-word quotations sharing "the United
# States and its allies" are not one statement.
MIN_SHARED_WORDS = 5
_WORD = re.compile(r"[\w'’-]+")


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
    speaker: str | None  # None: no version says who spoke (shown as "unattributed")
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

    @property
    def speaker_key(self) -> str | None:
        return speaker_key(self.speaker)


def _keys(text: str) -> tuple[str, ...]:
    # The alignment engine's normal form: case, quotes, US/UK spelling ("metre"/"meter").
    return tuple(normalise(w) for w in _WORD.findall(text))


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


@dataclass(frozen=True, slots=True)
class Source:
    """One article of a story, as the tracker reads it."""

    article: str
    outlet: str
    paragraphs: list[str]


def track(session: Session, story_id: int) -> list[QuoteGroup]:
    stories.get(session, story_id)
    sources = [
        Source(article.id, articles.to_summary(session, article).outlet.name, article.paragraphs)
        for article in repo.stories.story_articles(session=session, story_id=story_id)
    ]
    return group_quotations(sources)


def _same_statement(quote: _Quote, full: _Quote) -> bool:
    """Is `quote` a version of the statement `full` is the fullest version of?"""
    if quote.speaker_key and full.speaker_key and quote.speaker_key != full.speaker_key:
        return False
    matcher = SequenceMatcher(None, quote.keys, full.keys, autojunk=False)
    shared = sum(block.size for block in matcher.get_matching_blocks())
    return shared >= MIN_SHARED_WORDS and shared >= SAME_QUOTE * min(
        len(quote.keys), len(full.keys)
    )


def group_quotations(sources: Sequence[Source]) -> list[QuoteGroup]:
    """Every quotation of the sources, grouped with the other versions of its statement.

    Longest first, a quotation joins the first group whose fullest version it matches
    (same speaker where both are known, enough words in order) or starts one: matching
    the fullest version, not any member, keeps a chain of partial overlaps from pulling
    an unrelated quotation in. An outlet appears once per group, with its fullest version.
    """
    quotes: list[_Quote] = []
    for source in sources:
        for _, found in attribute(source.paragraphs):
            keys = _keys(found.text)
            quotes.append(_Quote(source.article, source.outlet, found.text, found.speaker, keys))
    quotes.sort(key=lambda q: (-len(q.keys), q.text, q.article))
    groups: list[list[_Quote]] = []
    for quote in quotes:
        home = next((g for g in groups if _same_statement(quote, g[0])), None)
        if home is None:
            groups.append([quote])
        elif all(q.outlet != quote.outlet for q in home):
            home.append(quote)  # else the outlet's fuller version is there already
    result = []
    for members in groups:
        full = members[0]
        speakers = [q.speaker for q in members if q.speaker]
        result.append(
            QuoteGroup(
                speaker=max(speakers, key=lambda s: (speakers.count(s), len(s)))
                if speakers
                else None,
                text=full.text,
                outlets=[q.outlet for q in members],
                variants=[_variant(q, full) for q in members],
            )
        )
    result.sort(key=lambda g: (-len(g.outlets), -len(g.text)))
    return result


def multi_outlet(groups: Sequence[QuoteGroup]) -> list[QuoteGroup]:
    return [g for g in groups if len(g.outlets) > 1]
