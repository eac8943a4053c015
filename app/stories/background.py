"""How common each English word is in writing at large: the prior behind idf.

A small corpus cannot tell which words are common. Among the 32 reports of one census
story, "census" and "citizenship" are in most of them, and idf from those reports alone
weighs exactly the words that name the event least; a new user's first import is such
a corpus. So `tfidf.Corpus` counts imaginary background documents besides the real ones,
and a term is in each of them as often as it is in news-length English text: "question"
in a third of them, "census" in 1 in 170, a name no dictionary holds in none. The
frequencies are wordfreq's (Robyn Speer's word-frequency lists, built from many kinds of
text); its small English list, the 29,000 words more frequent than 1 in a million,
covers every word common enough to matter, and any other word counts as rare.

Pages in other languages are imported too, and with an English prior alone their
function words ("le", "dans", "para") weighed like names: two unrelated French pages
scored 0.32, above the link threshold. So the most frequent `OTHER_TOP` words of each
of `OTHER_LANGUAGES` count as common too (a word common in several counts at its
highest share). On the labelled set, undated, this halved the unrelated pages sharing
a story (4 to 2) and changed no event's stories.
"""

from __future__ import annotations

import gzip
import importlib.util
import math
from functools import lru_cache
from pathlib import Path

import msgpack

# Words of a typical news article: a word of frequency f is in 1 - exp(-f * this) of them.
DOC_WORDS = 400
# Other languages whose commonest words count as common, and how many of each.
OTHER_LANGUAGES = ("fr", "de", "es", "it", "pt", "nl")
OTHER_TOP = 1000


@lru_cache(maxsize=1)
def doc_share() -> dict[str, float]:
    """For each word on the list (lowercase), the share of `DOC_WORDS`-word documents
    that contain it; a word not on it is in (nearly) none.

    Read from wordfreq's data file without importing wordfreq, whose text-cleaning
    dependencies cost a process about 13 MB; its "cBpack" format is a header, then one
    list of words per centibel of frequency, most frequent first.
    """
    shares = dict(_shares("en"))
    for language in OTHER_LANGUAGES:
        for word, share in _shares(language, OTHER_TOP):
            if share > shares.get(word, 0.0):
                shares[word] = share
    return shares


def _shares(language: str, top: int | None = None) -> list[tuple[str, float]]:
    """The words of wordfreq's small list of `language` (the `top` most frequent, or
    all), most frequent first, each with its `doc_share`. Read bin by bin, so that a few
    words of a list cost no more memory than those words."""
    name = f"small_{language}.msgpack.gz"
    with gzip.open(_data_folder() / name, "rb") as packed:
        unpacker = msgpack.Unpacker(packed)
        bins = unpacker.read_array_header() - 1
        header = unpacker.unpack()
        if header.get("format") != "cB" or header.get("version") != 1:
            raise RuntimeError(f"wordfreq's {name} has a format Parallax does not read")
        shares: list[tuple[str, float]] = []
        for centibels in range(bins):
            if top is not None and len(shares) >= top:
                break
            share = -math.expm1(-(10.0 ** (-centibels / 100)) * DOC_WORDS)
            shares.extend((word, share) for word in unpacker.unpack())
    return shares if top is None else shares[:top]


def _data_folder() -> Path:
    spec = importlib.util.find_spec("wordfreq")  # finds the package without running it
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("wordfreq is not installed; `pip install -e .` installs it")
    return Path(next(iter(spec.submodule_search_locations))) / "data"
