"""Same-statement score of two sentences: embedding meaning plus cheap lexical signals."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np

from app.facts.embedding import Embedder, Vectors, embedder
from app.facts.fitted import BIAS, SAME_THRESHOLD, WEIGHTS, WORD_WEIGHTS
from app.facts.lexicon import Words, words_of
from app.facts.types import FEATURE_NAMES, Signals, Similarity, WordSpan

# The combination is a logistic regression over `Signals.vector()`, fitted on the 3,676
# training pairs of the Microsoft Research Paraphrase Corpus only by
# `python -m bench.bench_paraphrase --fit`, which writes `app/facts/fitted.py`: the
# weights, the threshold that maximises accuracy on those same pairs, and `WORD_WEIGHTS`,
# what each function word adds to the log-odds when both sentences use it or only one
# does. Those say how the people who labelled the pairs read them: a clause that only one
# sentence has ("and", "but", "which", "who", "if") usually adds a fact, so the two are not
# the same statement; an attribution that only one has ("said", "told", "according",
# "yesterday") does not. Weights of correlated signals share the work (the two n-gram
# directions pull opposite ways), so read none of them alone. Re-run that command whenever
# a signal changes.

_NGRAM_MAX = 4
# Unshared numbers counted up to this many (the signal is 1 from there on).
_NUMBERS_UNSHARED_CAP = 3


def compare(a: str, b: str, *, model: Embedder | None = None) -> Similarity:
    """How likely sentences `a` and `b` state the same fact (symmetric in `a` and `b`)."""
    return compare_pairs([(a, b)], model=model)[0]


def compare_pairs(
    pairs: Sequence[tuple[str, str]], *, model: Embedder | None = None
) -> list[Similarity]:
    """`compare` for many pairs, embedding every distinct sentence once."""
    words, signals = _analyse(pairs, model)
    results: list[Similarity] = []
    for (wa, wb), sig in zip(words, signals, strict=True):
        score = combine(sig)
        shared, spans_a, spans_b = shared_words(wa, wb)
        results.append(Similarity(score, score >= SAME_THRESHOLD, sig, shared, spans_a, spans_b))
    return results


def pair_signals(
    pairs: Sequence[tuple[str, str]], *, model: Embedder | None = None
) -> list[Signals]:
    """The signals of each pair, uncombined (what the benchmark fits the weights on)."""
    return _analyse(pairs, model)[1]


def combine(signals: Signals, weights: Sequence[float] | None = None, bias: float = BIAS) -> float:
    """The logistic combination of `signals`, 0..1."""
    w = [WEIGHTS[n] for n in FEATURE_NAMES] if weights is None else weights
    return logistic(w, signals.vector(), bias)


def logistic(weights: Sequence[float], values: Sequence[float], bias: float) -> float:
    """1 / (1 + e^-z) of z = bias + weights . values, 0..1."""
    z = bias + sum(w * x for w, x in zip(weights, values, strict=True))
    return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))


def shared_words(
    a: Words, b: Words
) -> tuple[tuple[str, ...], tuple[WordSpan, ...], tuple[WordSpan, ...]]:
    """Content words of `a` and `b` with a common stem: their forms and where they stand."""
    common = a.stems & b.stems
    spans_a = _spans(a, common)
    spans_b = _spans(b, common)
    shared = tuple(dict.fromkeys(s.norm for s in spans_a))
    return shared, spans_a, spans_b


def _spans(w: Words, stems: frozenset[str]) -> tuple[WordSpan, ...]:
    return tuple(
        WordSpan(w.starts[i], w.ends[i], w.norms[i]) for i in w.content if w.stem_at(i) in stems
    )


def _analyse(
    pairs: Sequence[tuple[str, str]], model: Embedder | None
) -> tuple[list[tuple[Words, Words]], list[Signals]]:
    model = model or embedder()
    texts = list(dict.fromkeys(t for pair in pairs for t in pair))
    row = {t: i for i, t in enumerate(texts)}
    whole = model.sentences(texts)
    analysed = {t: words_of(t) for t in texts}
    content = {t: model.words([w.norms[i] for i in w.content]) for t, w in analysed.items()}
    out_words = [(analysed[a], analysed[b]) for a, b in pairs]
    signals = [
        _signals(
            analysed[a],
            analysed[b],
            float(whole[row[a]] @ whole[row[b]]),
            content[a],
            content[b],
        )
        for a, b in pairs
    ]
    return out_words, signals


def _signals(a: Words, b: Words, cosine: float, va: Vectors, vb: Vectors) -> Signals:
    forward, backward = _ngram_precision(a.norms, b.norms), _ngram_precision(b.norms, a.norms)
    stems_a = [a.stem_at(i) for i in a.content]
    stems_b = [b.stem_at(i) for i in b.content]
    return Signals(
        cosine=_clip(cosine),
        content_cosine=_mean_cosine(va, vb),
        word_alignment=_word_alignment(va, vb),
        jaccard=_jaccard(a.stems, b.stems),
        ngram_min=min(forward, backward),
        ngram_max=max(forward, backward),
        lcs=_lcs_ratio(a.norms, b.norms),
        length_ratio=_ratio(len(a.norms), len(b.norms)),
        names=_jaccard(a.names, b.names),
        numbers=_jaccard(a.numbers, b.numbers),
        number_mismatch=float(a.numbers != b.numbers),
        negation_mismatch=float(a.negated != b.negated),
        content_ngram_min=min(
            _ngram_precision(stems_a, stems_b), _ngram_precision(stems_b, stems_a)
        ),
        content_precision_min=min(_precision(a.stems, b.stems), _precision(b.stems, a.stems)),
        numbers_unshared=min(len(a.numbers ^ b.numbers) / _NUMBERS_UNSHARED_CAP, 1.0),
        function_words=function_word_score(a, b),
    )


def function_word_score(a: Words, b: Words) -> float:
    """The log-odds `WORD_WEIGHTS` give the function words of `a` and `b` (symmetric)."""
    score = 0.0
    for word, both in function_word_use(a, b):
        weights = WORD_WEIGHTS.get(word)
        if weights is not None:
            score += weights[0] if both else weights[1]
    return score


def function_word_use(a: Words, b: Words) -> list[tuple[str, bool]]:
    """Each function word either sentence uses, and whether both do."""
    return [(w, w in b.function) for w in a.function] + [
        (w, False) for w in b.function - a.function
    ]


def _clip(x: float) -> float:
    return max(0.0, min(1.0, x))


def _ratio(m: int, n: int) -> float:
    return min(m, n) / max(m, n) if max(m, n) else 1.0


def _precision(x: frozenset[str], y: frozenset[str]) -> float:
    return len(x & y) / len(x) if x else 1.0


def _jaccard(x: frozenset[str], y: frozenset[str]) -> float:
    union = x | y
    return len(x & y) / len(union) if union else 1.0


def _mean_cosine(va: Vectors, vb: Vectors) -> float:
    if not len(va) or not len(vb):
        return float(not len(va) and not len(vb))
    ma, mb = va.mean(axis=0), vb.mean(axis=0)
    norm = float(np.linalg.norm(ma) * np.linalg.norm(mb))
    return _clip(float(ma @ mb) / norm) if norm else 0.0


def _word_alignment(va: Vectors, vb: Vectors) -> float:
    """Each word's best cosine among the other side's words, averaged, then both ways."""
    if not len(va) or not len(vb):
        return float(not len(va) and not len(vb))
    sims = va @ vb.T
    return _clip((float(sims.max(axis=1).mean()) + float(sims.max(axis=0).mean())) / 2)


def _ngram_precision(a: Sequence[str], b: Sequence[str]) -> float:
    """BLEU-like: geometric mean over n = 1..4 of a's n-grams found in b (clipped counts,
    add-one smoothing so that a pair without a shared 4-gram is not zero)."""
    if not a:
        return float(not b)
    logs = []
    for n in range(1, _NGRAM_MAX + 1):
        grams_a, grams_b = _ngrams(a, n), _ngrams(b, n)
        total = sum(grams_a.values())
        hits = sum(min(c, grams_b[g]) for g, c in grams_a.items())
        logs.append(math.log((hits + 1) / (total + 1)))
    return math.exp(sum(logs) / len(logs))


def _ngrams(words: Sequence[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(tuple(words[i : i + n]) for i in range(len(words) - n + 1))


def _lcs_ratio(a: Sequence[str], b: Sequence[str]) -> float:
    """Longest common subsequence of words over the mean length (symmetric)."""
    if not a or not b:
        return float(not a and not b)
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0]
        for j, y in enumerate(b):
            current.append(previous[j] + 1 if x == y else max(previous[j + 1], current[j]))
        previous = current
    return 2 * previous[-1] / (len(a) + len(b))
