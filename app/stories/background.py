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
_LIST = "small_en.msgpack.gz"


@lru_cache(maxsize=1)
def doc_share() -> dict[str, float]:
    """For each word on the list (lowercase), the share of `DOC_WORDS`-word documents
    that contain it; a word not on it is in (nearly) none.

    Read from wordfreq's data file without importing wordfreq, whose text-cleaning
    dependencies cost a process about 13 MB; its "cBpack" format is a header, then one
    list of words per centibel of frequency, most frequent first.
    """
    packed = msgpack.unpackb(gzip.decompress(_data_file().read_bytes()), raw=False)
    header, *bins = packed
    if header.get("format") != "cB" or header.get("version") != 1:
        raise RuntimeError(f"wordfreq's {_LIST} has a format Parallax does not read: {header}")
    shares: dict[str, float] = {}
    for centibels, words in enumerate(bins):
        share = -math.expm1(-(10.0 ** (-centibels / 100)) * DOC_WORDS)
        for word in words:
            shares.setdefault(word, share)
    return shares


def _data_file() -> Path:
    spec = importlib.util.find_spec("wordfreq")  # finds the package without running it
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("wordfreq is not installed; `pip install -e .` installs it")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / _LIST
