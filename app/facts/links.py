"""Same-fact links: sentences of A paired with the sentences of B that state the same fact.

Only sentences copy detection left alone take part: a sentence that overlaps a copied
passage on its side is already linked, and a link never overlaps one. The steps:

1. **Sentences** (`split_sentences`) with enough content words to state a fact.
2. **Candidates**: every sentence of A against every sentence of B by embedding cosine
   (one matrix product); a pair is scored when it is among the `candidates` best of its A
   sentence or of its B sentence, by cosine or by the rare words both use, and its cosine
   reaches `min_cosine` (below it the score never reached the threshold on the seeds).
3. **Scoring** (`FactSignals`, `FACT_WEIGHTS`): one sentence usually states a fact of the
   other while each says more, so the signals ask how much of the shorter sentence the
   longer one covers: word for word, by meaning (a word of the other with a close vector),
   weighted by how rare each word is in the two articles (every sentence of a summit story
   names both leaders; few name the gas pipeline), plus the names and numbers both use.
4. **Pairing**: best scores first, each sentence in one link; a sentence next to a linked
   one joins that link when it also states the same fact as the other side (one long
   sentence of A restating two of B becomes one link to both). Two sentences the texts
   say two different people said are never paired (`app.facts.speakers`): each may still
   pair with another sentence.
"""

from __future__ import annotations

import math
import threading
from collections import Counter, OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from app.align.types import Span
from app.facts.embedding import Embedder, Vectors, embedder
from app.facts.lexicon import Words, stem
from app.facts.params import FactParams
from app.facts.sentences import fact_sentences
from app.facts.similarity import logistic, shared_words
from app.facts.speakers import Statements, speaker_at
from app.facts.types import Sentence, WordSpan

# A logistic regression over `FactSignals.vector()`, fitted on the hand-labelled seed pairs
# (tests/facts/seed_fact_labels.py) by `python -m bench.bench_facts --fit`, whose output
# is pasted here; the threshold in `FactParams` is chosen there too. `same_speaker`, added
# later, was fitted alone with the others held (`--fit` prints that weight too): refitting
# them all on 33 labelled positives moved every weight and, on unlabelled Helsinki reports,
# traded right links for wrong ones.
FACT_WEIGHTS: dict[str, float] = {
    "cosine": 2.0853,
    "cover": 1.7600,
    "soft_cover": 1.7907,
    "rare_cover": 2.1226,
    "rarest": 1.0973,
    "names": 1.1410,
    "numbers": 1.0382,
    "number_clash": -0.4233,
    "same_speaker": 0.80,
}
FACT_BIAS = -5.8870
# Word cosine above which two different words count as saying the same thing.
SOFT_MATCH = 0.7


@dataclass(frozen=True, slots=True)
class FactSignals:
    """What says one sentence states a fact of the other; each about 0..1."""

    cosine: float  # sentence embeddings
    cover: float  # content stems of the shorter sentence found in the longer
    soft_cover: float  # the same, a word counting when a word of the other means the same
    rare_cover: float  # `soft_cover` with each word weighted by its rarity in both articles
    rarest: float  # rarity of the rarest word covered
    names: float  # names both use, a third each, at most 1
    numbers: float  # numbers both use, a half each, at most 1
    number_clash: float  # 1 when both give numbers and share none
    # 1 when the texts say one person said both (a quotation cut or translated differently,
    # "Putin praised ..." beside "Putin celebrated ..."): the same speaker on the same
    # subject is most often the same statement.
    same_speaker: float

    def vector(self) -> tuple[float, ...]:
        return tuple(getattr(self, name) for name in FACT_FEATURES)


FACT_FEATURES: tuple[str, ...] = tuple(FactSignals.__slots__)


@dataclass(frozen=True, slots=True)
class FactLink:
    """Sentences of A and of B that state one fact: spans, score and the words they share."""

    a: Span
    b: Span
    score: float
    shared_a: tuple[Span, ...]  # shared words in A, absolute offsets
    shared_b: tuple[Span, ...]  # their counterparts in B, pairwise


@dataclass(frozen=True, slots=True)
class Side:
    """The sentences of one body that take part, analysed once."""

    sentences: tuple[Sentence, ...]
    words: tuple[Words, ...]
    vectors: Vectors  # one unit row per sentence
    content: tuple[Vectors, ...]  # per sentence, one unit row per content word
    stems: tuple[tuple[str, ...], ...]  # per sentence, the stem of each content word
    # Per sentence, the part a link may cover, absolute offsets: all of it, or, where a
    # copied passage overlaps its edge, the rest (`side`).
    free: tuple[Span, ...]


def link_facts(
    a: str,
    b: str,
    copied: Sequence[tuple[Span, Span]] = (),
    params: FactParams | None = None,
    *,
    model: Embedder | None = None,
    said: tuple[Statements, Statements] = ((), ()),
) -> tuple[FactLink, ...]:
    """Same-fact links between bodies `a` and `b`, outside the `copied` (A, B) spans; with
    `said` (who each text says said what), none between two speakers' statements."""
    params = params or FactParams()
    model = model or embedder()
    side_a = side(a, [s for s, _ in copied], params, model)
    side_b = side(b, [s for _, s in copied], params, model)
    if not side_a.sentences or not side_b.sentences:
        return ()
    speakers_a, speakers_b = _speakers(side_a, said[0]), _speakers(side_b, said[1])
    pairs, signals = candidate_signals(side_a, side_b, params, (speakers_a, speakers_b))
    scores = {
        (i, j): combine_fact(sig)
        for (i, j), sig in zip(pairs, signals, strict=True)
        if not (speakers_a[i] and speakers_b[j] and speakers_a[i] != speakers_b[j])
    }
    return tuple(
        _link(side_a, side_b, group, scores)
        for group in _pair_up(scores, params.threshold, len(side_a.sentences))
    )


def _speakers(side: Side, said: Statements) -> list[str | None]:
    """The speaker (`Said.key`) of each sentence of `side`, None where the text names none."""
    if not said:
        return [None] * len(side.sentences)
    found = (speaker_at(Span(s.start, s.end), said) for s in side.sentences)
    return [x.key if x else None for x in found]


def side(body: str, copied: Sequence[Span], params: FactParams, model: Embedder) -> Side:
    """The sentences of `body` that can take part: enough content, and none copied, or
    only at an edge: a passage copied from the other text that ends in a sentence's first
    words or starts in its last ("... the hospital said. "The crew did ...") leaves the
    rest of it free, which may be linked when it holds most of the sentence's content
    words and at least `min_content_words` (the sentence is still scored whole)."""
    whole = _read(body, params.min_content_words, model)
    if not copied:
        return whole
    kept: list[int] = []
    free: list[Span] = []
    for k, s in enumerate(whole.sentences):
        rest = _uncopied(s, whole.words[k], copied, params.min_content_words)
        if rest is not None:
            kept.append(k)
            free.append(rest)
    return Side(
        tuple(whole.sentences[k] for k in kept),
        tuple(whole.words[k] for k in kept),
        whole.vectors[kept],
        tuple(whole.content[k] for k in kept),
        tuple(whole.stems[k] for k in kept),
        tuple(free),
    )


def _uncopied(
    sentence: Sentence, words: Words, copied: Sequence[Span], min_content_words: int
) -> Span | None:
    """The part of `sentence` outside the `copied` spans, when it is one stretch holding
    most of its content words (at least `min_content_words`); None otherwise."""
    start, end = sentence.start, sentence.end
    for c in copied:
        if not (c.start < end and start < c.end):
            continue
        if c.start <= start and c.end >= end:
            return None  # copied whole
        if c.start <= start:
            start = c.end
        elif c.end >= end:
            end = c.start
        else:
            return None  # copied in its middle: no one stretch is left
    if (start, end) == (sentence.start, sentence.end):
        return Span(start, end)
    inside = [
        i
        for i in words.content
        if start <= sentence.start + words.starts[i] and sentence.start + words.ends[i] <= end
    ]
    if len(inside) < min_content_words or 2 * len(inside) <= len(words.content):
        return None
    # From its first free word to its last.
    offsets = [
        (sentence.start + a, sentence.start + b)
        for a, b in zip(words.starts, words.ends, strict=True)
        if start <= sentence.start + a and sentence.start + b <= end
    ]
    return Span(offsets[0][0], offsets[-1][1])


# Bodies read lately, so that a story page's pairs read each article once (an entry is
# about 50 KB for a 1,000-word article).
_READ_CACHE_SIZE = 128
_read_cache: OrderedDict[tuple[str, int, int], Side] = OrderedDict()
_read_lock = threading.Lock()


def _read(body: str, min_content_words: int, model: Embedder) -> Side:
    """Every sentence of `body` with enough content words, analysed and embedded once."""
    key = (body, min_content_words, id(model))
    with _read_lock:
        if (found := _read_cache.get(key)) is not None:
            _read_cache.move_to_end(key)
            return found
    kept = fact_sentences(body, min_content_words)
    sentences = tuple(s for s, _ in kept)
    words = tuple(w for _, w in kept)
    # Every content word of the body in one call (one tokenizer batch), then cut per sentence.
    rows = model.words([w.norms[i] for w in words for i in w.content])
    bounds = np.cumsum([0, *(len(w.content) for w in words)])
    read = Side(
        sentences,
        words,
        model.sentences([s.text for s in sentences]),
        tuple(rows[lo:hi] for lo, hi in zip(bounds[:-1], bounds[1:], strict=True)),
        tuple(tuple(stem(w.norms[i]) for i in w.content) for w in words),
        tuple(Span(s.start, s.end) for s in sentences),
    )
    with _read_lock:
        _read_cache[key] = read
        while len(_read_cache) > _READ_CACHE_SIZE:
            _read_cache.popitem(last=False)
    return read


Speakers = tuple[Sequence[str | None], Sequence[str | None]]


def candidate_signals(
    a: Side, b: Side, params: FactParams, speakers: Speakers | None = None
) -> tuple[list[tuple[int, int]], list[FactSignals]]:
    """The (i, j) pairs worth scoring, in a fixed order, and their signals; `speakers`
    (`_speakers` of A's sentences, of B's) says who the texts say said each sentence."""
    cos = a.vectors @ b.vectors.T
    rarity = _rarity([*a.words, *b.words])
    column = {s: k for k, s in enumerate(rarity)}
    shared = _incidence(a, rarity, column) @ _incidence(b, rarity, column).T  # rare stems both use
    k = params.candidates
    near: set[tuple[int, int]] = set()
    for matrix in (cos, shared):
        for i, row in enumerate(np.argsort(-matrix, axis=1, kind="stable")[:, :k]):
            near.update((i, int(j)) for j in row if matrix[i, j] > 0)
        for j, col in enumerate(np.argsort(-matrix, axis=0, kind="stable")[:k, :].T):
            near.update((int(i), j) for i in col if matrix[i, j] > 0)
    # A word in only the two sentences compared is specific however short the texts.
    floor = min(params.specific_rarity, _rarity_of(2, len(a.words) + len(b.words)))
    pairs = sorted(
        (i, j)
        for i, j in near
        if cos[i, j] >= params.min_cosine
        and _says_something_specific(a.words[i], b.words[j], rarity, floor)
    )
    by_a, by_b = speakers or ([None] * len(a.sentences), [None] * len(b.sentences))
    return pairs, [
        _signals(a, b, i, j, float(cos[i, j]), rarity, by_a[i] is not None and by_a[i] == by_b[j])
        for i, j in pairs
    ]


# Days and months are capitalised but name no one: "met on Monday" says when.
_CALENDAR = frozenset(
    stem(w)
    for w in [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)


def _says_something_specific(x: Words, y: Words, rarity: dict[str, float], floor: float) -> bool:
    """Whether `x` and `y` share a word that is neither a name nor common in the two
    articles: in a story about one summit, every other sentence names both leaders, the
    city and the day, and two sentences sharing only those rarely state one fact."""
    names = {stem(n) for n in x.names | y.names} - _CALENDAR
    return any(rarity.get(s, 1.0) >= floor for s in (x.stems & y.stems) - names)


def _incidence(
    side: Side, rarity: dict[str, float], column: dict[str, int]
) -> npt.NDArray[np.float64]:
    """One row per sentence, one column per stem of both articles: the square root of the
    stem's rarity where the sentence uses it (a product of two rows sums the rarity)."""
    out = np.zeros((len(side.words), len(column)))
    for i, w in enumerate(side.words):
        out[i, [column[s] for s in w.stems]] = [math.sqrt(rarity[s]) for s in w.stems]
    return out


def _rarity(words: Sequence[Words]) -> dict[str, float]:
    """Each stem's rarity among the sentences of both articles: 1 in one sentence only,
    falling to 0 for a stem in every sentence (inverse document frequency, scaled)."""
    df = Counter(s for w in words for s in w.stems)
    return {s: _rarity_of(n, len(words)) for s, n in df.items()}


def _rarity_of(n: int, sentences: int) -> float:
    """The rarity of a stem standing in `n` of `sentences` sentences."""
    return math.log((sentences + 1) / n) / (math.log(sentences + 1) or 1.0)


def _signals(
    a: Side,
    b: Side,
    i: int,
    j: int,
    cosine: float,
    rarity: dict[str, float],
    same_speaker: bool,
) -> FactSignals:
    wa, wb = a.words[i], b.words[j]
    if len(wa.content) <= len(wb.content):
        short, long, vs, vl, stems = wa, wb, a.content[i], b.content[j], a.stems[i]
    else:
        short, long, vs, vl, stems = wb, wa, b.content[j], a.content[i], b.stems[j]
    best = (vs @ vl.T).max(axis=1) if len(vs) and len(vl) else np.zeros(len(vs))
    close = (best >= SOFT_MATCH).tolist()
    matched = [s in long.stems or c for s, c in zip(stems, close, strict=True)]
    weights = [rarity.get(s, 1.0) for s in stems]
    total = sum(weights) or 1.0
    shared_names = len(wa.names & wb.names)
    shared_numbers = len(wa.numbers & wb.numbers)
    return FactSignals(
        cosine=max(0.0, cosine),
        cover=len(short.stems & long.stems) / len(short.stems) if short.stems else 0.0,
        soft_cover=sum(matched) / len(matched) if matched else 0.0,
        rare_cover=sum(w for w, m in zip(weights, matched, strict=True) if m) / total,
        rarest=max((w for w, m in zip(weights, matched, strict=True) if m), default=0.0),
        names=min(shared_names / 3, 1.0),
        numbers=min(shared_numbers / 2, 1.0),
        number_clash=float(bool(wa.numbers and wb.numbers) and not shared_numbers),
        same_speaker=float(same_speaker),
    )


def combine_fact(
    signals: FactSignals, weights: Sequence[float] | None = None, bias: float = FACT_BIAS
) -> float:
    """The logistic combination of `signals`, 0..1."""
    w = [FACT_WEIGHTS[n] for n in FACT_FEATURES] if weights is None else weights
    return logistic(w, signals.vector(), bias)


Group = tuple[tuple[int, ...], tuple[int, ...]]  # sentence indices on A, on B


def _pair_up(scores: dict[tuple[int, int], float], threshold: float, n_a: int) -> list[Group]:
    """One-to-one links, best first; then neighbours that state the same fact join."""
    ranked = sorted(
        (pair for pair, s in scores.items() if s >= threshold),
        key=lambda p: (-scores[p], p),
    )
    link_of_a: dict[int, int] = {}
    link_of_b: dict[int, int] = {}
    groups: list[tuple[list[int], list[int]]] = []
    for i, j in ranked:
        if i not in link_of_a and j not in link_of_b:
            link_of_a[i] = link_of_b[j] = len(groups)
            groups.append(([i], [j]))
    for i, j in ranked:  # many-to-one: an unlinked neighbour of a linked sentence
        if i in link_of_a and j not in link_of_b:
            g = link_of_a[i]
            if _next_to(groups[g][1], j):
                groups[g][1].append(j)
                link_of_b[j] = g
        elif j in link_of_b and i not in link_of_a:
            g = link_of_b[j]
            if _next_to(groups[g][0], i):
                groups[g][0].append(i)
                link_of_a[i] = g
    out = [(tuple(sorted(xs)), tuple(sorted(ys))) for xs, ys in groups]
    return sorted(out, key=lambda g: (g[0][0] if g[0] else n_a, g[1][0]))


def _next_to(members: list[int], k: int) -> bool:
    return min(members) - 1 == k or max(members) + 1 == k


def _link(a: Side, b: Side, group: Group, scores: dict[tuple[int, int], float]) -> FactLink:
    xs, ys = group
    found = [(i, j) for i in xs for j in ys if (i, j) in scores]
    score = max(scores[pair] for pair in found)
    shared_a: list[Span] = []
    shared_b: list[Span] = []
    span_a = Span(a.free[xs[0]].start, a.free[xs[-1]].end)
    span_b = Span(b.free[ys[0]].start, b.free[ys[-1]].end)
    for i, j in found:
        _, words_a, words_b = shared_words(a.words[i], b.words[j])
        for wa, wb in _word_pairs(words_a, words_b):
            x, y = _absolute(a.sentences[i], wa), _absolute(b.sentences[j], wb)
            if _within(x, span_a) and _within(y, span_b):
                shared_a.append(x)
                shared_b.append(y)
    pairs = sorted(
        set(zip(shared_a, shared_b, strict=True)), key=lambda p: (p[0].start, p[1].start)
    )
    return FactLink(
        a=span_a,
        b=span_b,
        score=round(score, 4),
        shared_a=tuple(p[0] for p in pairs),
        shared_b=tuple(p[1] for p in pairs),
    )


def _word_pairs(xs: Sequence[WordSpan], ys: Sequence[WordSpan]) -> list[tuple[WordSpan, WordSpan]]:
    """Each shared word of A with an occurrence in B of the same stem, k-th with k-th."""
    pending: dict[str, list[WordSpan]] = {}
    for y in ys:
        pending.setdefault(stem(y.norm), []).append(y)
    out: list[tuple[WordSpan, WordSpan]] = []
    for x in xs:
        if found := pending.get(stem(x.norm)):
            out.append((x, found.pop(0)))
    return out


def _within(inner: Span, outer: Span) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


def _absolute(sentence: Sentence, w: WordSpan) -> Span:
    return Span(sentence.start + w.start, sentence.start + w.end)
