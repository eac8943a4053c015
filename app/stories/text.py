"""Words for topical similarity: lowercase terms without stopwords, and word shingles."""

from __future__ import annotations

import re
from collections import Counter

# Letters only (digits and underscores excluded), with inner apostrophes: "Putin's", "don't".
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# Any run of word characters, numbers included: shingles should see "2018" and "12".
_ANY_WORD = re.compile(r"\w+")
# Function words and newsroom filler ("said", "told", weekdays) that every story has;
# idf would shrink them anyway, but on a small corpus idf is too blunt to do it.
_STOPWORD_TEXT = """
a about above after again against all also am an and any are as at be because been
before being below between both but by can could did do does doing down during each
few for from further had has have having he her here hers herself him himself his how
i if in into is it its itself just me more most my myself no nor not now of off on once
only or other our ours ourselves out over own same she should so some such than that
the their theirs them themselves then there these they this those through to too under
until up very was we were what when where which while who whom why will with would you
your yours yourself yourselves may might must shall us one two three however
said says say saying told tells tell according added asked including like news
monday tuesday wednesday thursday friday saturday sunday week weeks day days year years
mr mrs ms dr new time people many much well even still back since another get got make
made going go way
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
# Endings of contractions that are function words in disguise ("don't", "they're").
_CONTRACTIONS = ("n't", "'ll", "'re", "'ve", "'d", "'m")


def terms(text: str) -> list[str]:
    """Lowercase content words of `text`: no stopwords, no one-letter words, no numbers."""
    out = []
    for word in _WORD.findall(text.lower().replace("’", "'")):
        if "'" in word:
            if word.endswith(_CONTRACTIONS):
                continue
            if word.endswith("'s"):
                word = word[:-2]  # "Putin's" counts as "putin"
        if len(word) > 1 and word not in STOPWORDS:
            out.append(word)
    return out


def term_counts(text: str) -> Counter[str]:
    """How often each term occurs in `text`."""
    return Counter(terms(text))


def shingles(text: str, size: int) -> set[int]:
    """Hashes of the lowercase word `size`-grams of `text` (numbers kept).

    Built-in hash() is salted per process, which is fine here: the sets are only
    intersected within one call and never stored, and the size of an intersection does
    not depend on the salt (collisions aside, at 1 in 2**64).
    """
    words = [w.lower() for w in _ANY_WORD.findall(text)]
    return {hash(gram) for gram in zip(*(words[k:] for k in range(size)), strict=False)}
