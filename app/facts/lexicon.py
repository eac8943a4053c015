"""The words of one sentence as the cheap signals see them: content stems, names, numbers."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from app.align.tokenize import tokenize


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Function words carry no fact of their own; a pair sharing only these shares nothing.
STOPWORDS = _word_set(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each
    few for from further had has have having he her here hers herself him himself his how
    i if in into is it its itself just me more most my myself of off on once only or other
    our ours ourselves out over own same she should so some such than that the their theirs
    them themselves then there these they this those through to too under until up very
    was we were what when where which while who whom why will with would you your yours
    yourself yourselves s t said says say told tell according yesterday today"""
)
NEGATIONS = _word_set("not no never nor none nothing neither nobody nowhere without cannot")
# Suffixes stripped, longest first, so that "rising", "rises" and "rise" meet at "ris".
_SUFFIXES = ("ingly", "edly", "ings", "ing", "ies", "ied", "ed", "es", "ly", "s", "e")
_MIN_STEM = 3


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A crude English stem: enough to match "shares"/"shared", never a dictionary form."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            return word[: -len(suffix)]
    return word


@dataclass(frozen=True, slots=True)
class Words:
    """One sentence's words: `norms[i]` is `text[starts[i]:ends[i]]` in matching form."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    norms: tuple[str, ...]
    content: tuple[int, ...]  # indices of words that are neither function words nor negations
    stems: frozenset[str]  # stems of the content words
    names: frozenset[str]  # capitalised words that do not open the sentence
    numbers: frozenset[str]
    negated: bool
    function: frozenset[str]  # the function words and negations it uses ("and", "who", "not")

    def stem_at(self, i: int) -> str:
        return stem(self.norms[i])


def words_of(sentence: str) -> Words:
    """Analyse one sentence (the aligner's tokens: "U.S." is "us", "1,200" is "1200")."""
    tokens = tokenize(sentence)
    norms = tuple(tokens.norms)
    starts = tuple(tokens.starts)
    content: list[int] = []
    function: set[str] = set()
    names: set[str] = set()
    numbers: set[str] = set()
    negated = False
    # One pass over the words: this runs for every sentence of every article compared.
    for i, n in enumerate(norms):
        digit = n[0].isdigit()
        if digit:
            numbers.add(n)
        if n in NEGATIONS or n.endswith(" not"):
            negated = True
            function.add(n)
        elif n in STOPWORDS:
            function.add(n)
        else:
            content.append(i)
            if i > 0 and not digit and sentence[starts[i]].isupper():
                names.add(n)
    return Words(
        text=sentence,
        starts=starts,
        ends=tuple(tokens.ends),
        norms=norms,
        content=tuple(content),
        stems=frozenset(stem(norms[i]) for i in content),
        names=frozenset(names),
        numbers=frozenset(numbers),
        negated=negated,
        function=frozenset(function),
    )
