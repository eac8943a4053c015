"""A body split into sentences with character offsets, by the aligner's own tokenizer."""

from __future__ import annotations

from functools import lru_cache

from app.align.tokenize import Tokens, tokenize
from app.facts.lexicon import Words, words_of
from app.facts.types import Sentence

# Page furniture the tokenizer treats as breaks but that belongs to no sentence.
_FURNITURE = frozenset("#|•")


def split_sentences(body: str) -> tuple[Sentence, ...]:
    """Sentences of `body` where `body[s.start:s.end] == s.text`.

    The breaks are `Tokens.breaks()`, the ones passage snapping uses ("Mr. Putin" and
    "U.S." do not end a sentence; a line break does). Each sentence runs from its first
    word to its last, widened over the punctuation touching them: an opening quote before,
    the full stop and closing quote after.
    """
    tokens = tokenize(body)
    if not len(tokens):
        return ()
    firsts = [0, *tokens.breaks()]
    lasts = [i - 1 for i in firsts[1:]] + [len(tokens) - 1]
    sentences: list[Sentence] = []
    previous_end = 0
    for first, last in zip(firsts, lasts, strict=True):
        start = _widen_back(tokens, first, previous_end)
        end = _widen_forward(tokens, last)
        sentences.append(Sentence(start, end, body[start:end]))
        previous_end = end
    return tuple(sentences)


# Splitting and reading a 1,000-word body takes several milliseconds, and a comparison
# page reads each body twice (to link facts, then to count them): read once, kept a while.
@lru_cache(maxsize=128)
def fact_sentences(body: str, min_content_words: int) -> tuple[tuple[Sentence, Words], ...]:
    """The sentences of `body` with at least `min_content_words` content words, the
    ones that can state a fact of their own ("Read more." does not), with their words."""
    return tuple(
        (s, w)
        for s in split_sentences(body)
        if len((w := words_of(s.text)).content) >= min_content_words
    )


def _widen_back(tokens: Tokens, first: int, floor: int) -> int:
    """Start of the sentence opening with token `first`: back over touching punctuation."""
    text, start = tokens.text, tokens.starts[first]
    while start > floor and not text[start - 1].isspace() and text[start - 1] not in _FURNITURE:
        start -= 1
    return start


def _widen_forward(tokens: Tokens, last: int) -> int:
    """End of the sentence closing with token `last`: on over touching punctuation."""
    text, end = tokens.text, tokens.ends[last]
    limit = tokens.starts[last + 1] if last + 1 < len(tokens) else len(text)
    while end < limit and not text[end].isspace() and text[end] not in _FURNITURE:
        end += 1
    return end
