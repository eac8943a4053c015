"""Words with character offsets, and the normalisation used only for matching."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, compress, repeat
from operator import le, sub

# Combining marks and joiners that Python's \w leaves out (Latin, Greek, Cyrillic, Hebrew,
# Arabic, Indic, Thai); without them a decomposed "é" or a Devanagari vowel sign would
# cut a word in two.
_MARKS = (
    "\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670"
    "\u06d6-\u06ed\u0900-\u0dff\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\u1ab0-\u1aff"
    "\u1dc0-\u1dff\u200c\u200d\u20d0-\u20ff\ufe00-\ufe0f\ufe20-\ufe2f"
)
_W = rf"[\w{_MARKS}]"
_NEGATABLE = frozenset(
    ("do", "does", "did", "is", "are", "was", "were", "has", "have", "had", "will")
    + ("would", "could", "should", "can", "must", "need", "might", "shall")
)
# One pass over the text, wrapped in one capturing group so that `re.split` hands back
# gaps and words alternately at C speed. Order matters: "U.S." keeps its dots so it
# matches "US"; "100,000" stays one number.
_TOKEN_RE = re.compile(
    r"((?:[^\W\d_]\.){2,}"
    r"|\d+(?:[.,]\d+)+"
    rf"|{_W}+(?:['’]{_W}+)*)"
)
# The same without the combining marks: a long character class costs time at every gap
# character, and most texts have no combining marks at all (one C-level search tells).
_PLAIN_TOKEN_RE = re.compile(r"((?:[^\W\d_]\.){2,}|\d+(?:[.,]\d+)+|\w+(?:['’]\w+)*)")
_MARKS_RE = re.compile(f"[{_MARKS}]")
# Break between two words: sentence punctuation or a line break in the gap ("###" and "|"
# join paragraphs and page furniture in scraped text).
_BREAK_CHARS = ".!?…\n#|•"
_BREAK_RE = re.compile(f"[{re.escape(_BREAK_CHARS)}]")
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "gen",
        "sen",
        "rep",
        "gov",
        "lt",
        "col",
        "sgt",
        "jr",
        "sr",
        "vs",
        "mt",
        "ft",
        "prof",
        "rev",
        "capt",
        "adm",
        "maj",
    ]
)

_NEGATIONS = {"wo": "will", "ca": "can", "sha": "shall", "ai": "is"}
_SPELLING = {
    "defence": "defense",
    "offence": "offense",
    "licence": "license",
    "pretence": "pretense",
    "grey": "gray",
    "programme": "program",
    "programmes": "programs",
    "aluminium": "aluminum",
    "judgement": "judgment",
    "ageing": "aging",
    "catalogue": "catalog",
    "plough": "plow",
    "mould": "mold",
    "sceptical": "skeptical",
    "sceptic": "skeptic",
    "cheque": "check",
    "tyre": "tire",
    "tyres": "tires",
    "cannot": "can not",
    "storey": "story",
    "jewellery": "jewelry",
    "towards": "toward",
    "practise": "practice",
}
# "-our" words spelled "-or" in American English; an explicit list because "four", "hour"
# and "your" must stay as they are.
_OUR_RE = re.compile(
    r"^(neighb|col|fav|hon|lab|behavi|harb|hum|rum|vig|val|flav|arm|endeav|sav|savi|od"
    r"|parl|clam|rig|tum|splend|cand|demean|ferv|vap|ard)our"
)
_ISE_RE = re.compile(r"(?<=\w{3})([iy])z(e|es|ed|ing|ation|ations|er|ers|able)$")
_TRE_RE = re.compile(r"(?<=\w{2})([tb])r(e|es|ed)$")
_LL_RE = re.compile(r"^(\w*?[aeiou])ll(ed|ing|er|ers|ous)$")
_VOWELS_RE = re.compile(r"[aeiouy]+")
_OE_RE = re.compile(r"(?<=\w)(oe|ae)(?=\w)")
_OE_WORDS = re.compile(r"^(man|pa|encyclop|orthop|an|h|di|oestr|f|am)")


def _break_spots(text: str) -> list[int]:
    """Sorted offsets of every `_BREAK_CHARS` character: one C-level `find` per hit is
    over twice as fast as a regex scan, whose character class is tested at every offset."""
    spots: list[int] = []
    find = text.find
    for char in _BREAK_CHARS:
        i = find(char)
        while i >= 0:
            spots.append(i)
            i = find(char, i + 1)
    spots.sort()
    return spots


def _spelling(word: str) -> str:
    """Fold British spellings onto one form (matching only; collisions are rare words)."""
    fixed = _SPELLING.get(word)
    if fixed is not None:
        return fixed
    if "our" in word:
        word = _OUR_RE.sub(r"\1or", word)
    if "z" in word:
        # Fold -ize onto -ise (not the other way) so short words like "size" never move.
        word = _ISE_RE.sub(r"\1s\2", word)
    if "re" in word:
        m = _TRE_RE.search(word)
        if m:
            tail = {"e": "er", "es": "ers", "ed": "ered"}[m.group(2)]
            word = word[: m.start()] + m.group(1) + tail
    if "ll" in word:
        m = _LL_RE.match(word)
        # British doubles the l only after an unstressed vowel: "travelled", "fuelled";
        # "filled" and "called" (one syllable stems) must stay apart from "filed".
        if m and (len(_VOWELS_RE.findall(m.group(1))) >= 2 or m.group(1) in ("fue", "dia")):
            word = f"{m.group(1)}l{m.group(2)}"
    if ("oe" in word or "ae" in word) and _OE_WORDS.match(word):
        word = _OE_RE.sub("e", word, count=1)
        if word.startswith("manevr"):  # "manoeuvre" -> "maneuver" needs both folds
            word = "maneuver" + word[6:]
    if word.startswith("maneuvre"):
        word = "maneuver" + word[8:]
    return word


def normalise(raw: str) -> str:
    """The matching form of one token: case, NFKC, quotes, dots, commas, spelling."""
    if raw.isascii():
        word = raw.lower()
    else:
        word = unicodedata.normalize("NFKC", raw).casefold().replace("’", "'")
    if word.endswith("n't") and len(word) > 3:
        stem = word[:-3]
        return f"{_NEGATIONS.get(stem, stem)} not"
    first = word[0]
    if first.isdigit():
        # 100,000 and 100000 are the same number; a decimal point stays.
        return word.replace(",", "")
    if "." in word:
        return word.replace(".", "")
    if first.isascii() and first.isalpha():
        return _spelling(word)
    return word


@dataclass(slots=True)
class Tokens:
    """Parallel lists: token i is text[starts[i]:ends[i]], matched as norms[i]."""

    text: str
    starts: list[int]
    ends: list[int]
    norms: list[str]
    _breaks: list[int] | None = None

    def __len__(self) -> int:
        return len(self.starts)

    def breaks(self) -> list[int]:
        """Sorted token indices that start a sentence (after a break in the gap before)."""
        if self._breaks is None:
            starts, ends, n = self.starts, self.ends, len(self.starts)
            spots = _break_spots(self.text) if n else []
            # Token after each spot; the spot counts if it lies in the gap before that
            # token (dots inside tokens, "U.S.", are no break); map() and compress() run in C.
            after = list(map(bisect_right, repeat(starts), spots))
            before_end = map(ends.__getitem__, map(sub, after, repeat(1)))
            found = [
                i for i in dict.fromkeys(compress(after, map(le, before_end, spots))) if 0 < i < n
            ]
            # Only a gap after an abbreviation ("Mr. Putin") needs a closer look.
            norms = self.norms
            self._breaks = [
                i for i in found if norms[i - 1] not in _ABBREVIATIONS or self.is_break_before(i)
            ]
        return self._breaks

    def is_break_before(self, i: int) -> bool:
        """True when a sentence (or line) ends between token i-1 and token i."""
        if i <= 0 or i >= len(self.starts):
            return True
        lo, hi = self.ends[i - 1], self.starts[i]
        if _BREAK_RE.search(self.text, lo, hi) is None:
            return False
        if self.norms[i - 1] not in _ABBREVIATIONS:
            return True
        # "Mr. Putin" is one sentence, unless a line break follows the dot.
        gap = self.text[lo:hi]
        return not (gap.lstrip().startswith(".") and "\n" not in gap)

    def sentence_start(self, i: int, limit: int) -> int:
        """First token of the sentence holding token i (looking back at most `limit`)."""
        breaks = self.breaks()
        k = bisect_right(breaks, i) - 1
        return max(breaks[k] if k >= 0 else 0, i - limit, 0)

    def sentence_end(self, i: int, limit: int) -> int:
        """One past the last token of the sentence holding token i (at most `limit` on)."""
        breaks = self.breaks()
        k = bisect_right(breaks, i)
        end = breaks[k] if k < len(breaks) else len(self.starts)
        return min(end, i + 1 + limit, len(self.starts))

    def token_range(self, start: int, end: int) -> tuple[int, int]:
        """Tokens lying wholly inside the character range [start, end)."""
        return bisect_left(self.starts, start), bisect_right(self.ends, end)


# Normal forms of words seen so far. A pure function's memo: it never changes output, and
# it is emptied when large, so memory stays bounded.
_MEMO: dict[str, str] = {}
_MEMO_MAX = 400_000
# The fast first cut: plain runs of \w, about twice as fast as `_PLAIN_TOKEN_RE` because
# it has no alternatives to try at each word. Words it splits apart that the full
# pattern keeps whole ("U.S.", "100,000", "won't") are always separated by exactly one
# of `_JOINERS`; only those clusters are cut again with the full pattern.
_RUN_RE = re.compile(r"(\w+)")
_JOINERS = frozenset(".,'’")
_APOSTROPHES = frozenset("'’")


@lru_cache(maxsize=64)
def tokenized(text: str) -> Tokens:
    """`tokenize(text)`, memoised: grouping aligns one new article with many others, and
    the candidate index fingerprints the same text. Callers must not modify the result."""
    return tokenize(text)


def tokenize(text: str, cache: dict[str, str] | None = None) -> Tokens:
    """Split `text` into words with offsets; `cache` overrides the shared memo."""
    if cache is None:
        if len(_MEMO) > _MEMO_MAX:
            _MEMO.clear()
        cache = _MEMO
    memo = cache
    plain = _MARKS_RE.search(text) is None
    # parts = [gap, word, gap, word, ..., gap]; running lengths give every offset.
    parts = (_RUN_RE if plain else _TOKEN_RE).split(text)
    ends_all = list(accumulate(map(len, parts)))
    starts = ends_all[0:-1:2]
    ends = ends_all[1::2]
    words = parts[1::2]
    if plain and len(words) > 1:
        # Gap k lies between word k-1 and word k (gap 0 precedes the first word).
        joins = list(compress(range(len(words)), map(_JOINERS.__contains__, parts[2:-1:2])))
        if joins:
            starts, ends, words = _recut(text, starts, ends, words, joins)
    norms = list(map(memo.get, words))
    if None in norms:
        for i, norm in enumerate(norms):
            if norm is None:
                raw = words[i]
                norm = memo.get(raw)
                if norm is None:
                    norm = memo[raw] = normalise(raw)
                norms[i] = norm
    tokens = Tokens(text, starts, ends, norms)  # type: ignore[arg-type]
    if "not" in norms:
        _join_negations(tokens)
    return tokens


def _recut(
    text: str, starts: list[int], ends: list[int], words: list[str], joins: list[int]
) -> tuple[list[int], list[int], list[str]]:
    """Cut clusters of runs joined by single `_JOINERS` again with the full pattern.

    `joins` holds k where runs k and k+1 are joined. A token of the full pattern never
    crosses any other gap, so each cluster is cut exactly as the whole text would be; the
    only character it can take from outside is one trailing dot ("U.S." at a word end).
    """
    new_starts: list[int] = []
    new_ends: list[int] = []
    new_words: list[str] = []
    last = 0  # first run not yet copied
    k = 0
    while k < len(joins):
        lo = joins[k]
        hi = lo + 1
        k += 1
        while k < len(joins) and joins[k] == hi:
            hi += 1
            k += 1
        new_starts += starts[last:lo]
        new_ends += ends[last:lo]
        new_words += words[last:lo]
        base = starts[lo]
        if all(text[ends[k]] in _APOSTROPHES for k in range(lo, hi)):
            # Runs joined by apostrophes only ("Trump's", "rock'n'roll") are one token:
            # no other alternative of the full pattern can start at a word character
            # that is not followed by a dot or a comma.
            new_starts.append(base)
            new_ends.append(ends[hi])
            new_words.append(text[base : ends[hi]])
            last = hi + 1
            continue
        end = ends[hi] + 1 if text.startswith(".", ends[hi]) else ends[hi]
        for m in _PLAIN_TOKEN_RE.finditer(text, base, end):
            new_starts.append(m.start())
            new_ends.append(m.end())
            new_words.append(m.group())
        last = hi + 1
    new_starts += starts[last:]
    new_ends += ends[last:]
    new_words += words[last:]
    return new_starts, new_ends, new_words


def _join_negations(t: Tokens) -> None:
    """ "will not" becomes one token, so that it matches "won't" (one token too)."""
    norms, text, starts, ends = t.norms, t.text, t.starts, t.ends
    hits: list[int] = []
    i = 0
    while True:
        try:
            i = norms.index("not", i + 1)
        except ValueError:
            break
        if norms[i - 1] in _NEGATABLE and text[ends[i - 1] : starts[i]].isspace():
            hits.append(i)
    if not hits:
        return
    new_starts: list[int] = []
    new_ends: list[int] = []
    new_norms: list[str] = []
    last = 0
    for i in hits:
        new_starts += starts[last : i - 1]
        new_ends += ends[last : i - 1]
        new_norms += norms[last : i - 1]
        new_starts.append(starts[i - 1])
        new_ends.append(ends[i])
        new_norms.append(f"{norms[i - 1]} not")
        last = i + 1
    t.starts = new_starts + starts[last:]
    t.ends = new_ends + ends[last:]
    t.norms = new_norms + norms[last:]
