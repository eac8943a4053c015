"""Same-statement scoring on the Microsoft Research Paraphrase Corpus; prints figures.

Run: .venv/bin/python -m bench.bench_paraphrase [--fit] [--cv]   (needs ../shared beside
the project). Every weight and threshold is chosen on the training pairs; the test pairs
are only scored. `--fit` writes the fitted constants to `app/facts/fitted.py`; `--cv`
prints 5-fold cross-validated accuracy on the training pairs (for choosing signals
without looking at the test pairs).

The fit is one logistic regression over the signals (standardised, L2 penalty `L2`) and
two indicators per function word (both sentences use it / only one does; L2 penalty
`WORD_L2`, the words used in at least `MIN_WORD_PAIRS` training pairs). The indicators'
weights become `WORD_WEIGHTS`, whose sum for a pair is the `function_words` signal, with
weight 1.
"""

from __future__ import annotations

import argparse
import csv
import os
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from app.facts import FEATURE_NAMES, Signals, fitted
from app.facts import similarity as sim
from app.facts.embedding import embedder
from app.facts.lexicon import words_of
from app.facts.similarity import function_word_use, pair_signals

ROOT = Path(__file__).resolve().parent.parent
MSRP = ROOT.parent / "shared" / "corpora" / "paraphrase" / "msrp"
Matrix = npt.NDArray[np.float64]
Pair = tuple[int, str, str]
FITTED = ROOT / "app" / "facts" / "fitted.py"
# L2 penalties of the logistic fit (on standardised signals, and on the function-word
# indicators), chosen by 5-fold accuracy on the training pairs: 0.1, 1 and 3 tried for
# the signals; 1, 3, 10 and 30 for the words (30: 0.779, 3: 0.777).
L2 = 1.0
WORD_L2 = 10.0
# A function word takes part when at least this many training pairs use it.
MIN_WORD_PAIRS = 5
# The signal the word weights make (not fitted as a column: its weight is 1).
LEARNED = "function_words"
SIGNALS = tuple(n for n in FEATURE_NAMES if n != LEARNED)


def load(name: str) -> list[Pair]:
    """(label, sentence 1, sentence 2) rows; the file opens with a BOM and holds stray
    quotes, so csv must not treat quotes specially."""
    path = MSRP / f"msr_paraphrase_{name}.txt"
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    pairs: list[Pair] = []
    for row in rows[1:]:
        if len(row) == 9:
            # One line of the training file holds two rows: the second one's label is
            # glued to the end of the first one's last sentence ("...Wednesday.0").
            first, second = row[:5], [row[4][-1], *row[5:]]
            first[4] = row[4][:-1]
            pairs += [_pair(first), _pair(second)]
        elif len(row) == 5:
            pairs.append(_pair(row))
    return pairs


def _pair(row: list[str]) -> Pair:
    return int(row[0]), row[3], row[4]


def fit_logistic(x: Matrix, y: Matrix, l2: float | Matrix | None = None) -> tuple[Matrix, float]:
    """Weights and bias maximising the L2-penalised log-likelihood (Newton / IRLS); `l2`
    one penalty for every column or one per column."""
    l2 = L2 if l2 is None else l2
    xb = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(xb.shape[1])
    penalty = np.zeros(xb.shape[1])
    penalty[:-1] = l2  # the bias is not shrunk
    for _ in range(100):
        p = 1 / (1 + np.exp(-np.clip(xb @ w, -60, 60)))
        grad = xb.T @ (p - y) + penalty * w
        hess = (xb * (p * (1 - p))[:, None]).T @ xb + np.diag(penalty)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-9:
            break
    return w[:-1], float(w[-1])


def predict(x: Matrix, w: Matrix, bias: float) -> Matrix:
    return np.asarray(1 / (1 + np.exp(-np.clip(x @ w + bias, -60, 60))), dtype=np.float64)


def best_threshold(scores: Matrix, y: Matrix) -> float:
    """The cut maximising accuracy on these scores (midway between neighbouring scores)."""
    order = np.sort(np.unique(scores))
    cuts = np.concatenate([[order[0] - 1e-9], (order[1:] + order[:-1]) / 2, [order[-1] + 1e-9]])
    accuracy = [float(np.mean((scores >= c) == (y == 1))) for c in cuts]
    return float(cuts[int(np.argmax(accuracy))])


def accuracy_f1(scores: Matrix, y: Matrix, threshold: float) -> tuple[float, float]:
    said = scores >= threshold
    truth = y == 1
    tp = float(np.sum(said & truth))
    precision = tp / max(float(np.sum(said)), 1.0)
    recall = tp / max(float(np.sum(truth)), 1.0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return float(np.mean(said == truth)), f1


def matrix(signals: Sequence[Signals]) -> Matrix:
    return np.array([s.vector() for s in signals], dtype=np.float64)


def fitted_columns(x: Matrix) -> Matrix:
    """The columns of `matrix(...)` that are fitted as signals (all but `LEARNED`)."""
    return x[:, [FEATURE_NAMES.index(n) for n in SIGNALS]]


def function_words(pairs: Sequence[Pair]) -> list[list[tuple[str, bool]]]:
    """Per pair, each function word either sentence uses and whether both do."""
    analysed = {t: words_of(t) for _, a, b in pairs for t in (a, b)}
    return [function_word_use(analysed[a], analysed[b]) for _, a, b in pairs]


@dataclass(frozen=True)
class Design:
    """The columns of the fit: the signals, standardised, then two indicators per
    function word (both sentences use it, only one does). Chosen without labels."""

    mean: Matrix
    scale: Matrix
    words: tuple[str, ...]

    @classmethod
    def of(cls, signals: Matrix, uses: Sequence[Sequence[tuple[str, bool]]]) -> Design:
        counts = Counter(w for use in uses for w, _ in use)
        words = tuple(sorted(w for w, c in counts.items() if c >= MIN_WORD_PAIRS))
        scale = signals.std(axis=0)
        scale[scale == 0] = 1.0
        return cls(signals.mean(axis=0), scale, words)

    def matrix(self, signals: Matrix, uses: Sequence[Sequence[tuple[str, bool]]]) -> Matrix:
        column = {w: i for i, w in enumerate(self.words)}
        used = np.zeros((len(uses), 2 * len(self.words)))
        for row, use in enumerate(uses):
            for word, both in use:
                if word in column:
                    used[row, 2 * column[word] + (0 if both else 1)] = 1.0
        return np.hstack([(signals - self.mean) / self.scale, used])

    def penalties(self) -> Matrix:
        return np.r_[np.full(len(self.mean), L2), np.full(2 * len(self.words), WORD_L2)]

    def constants(
        self, w: Matrix, bias: float
    ) -> tuple[dict[str, float], float, dict[str, tuple[float, float]]]:
        """The fit on raw signal values: weights (`LEARNED`'s is 1), bias, word weights."""
        k = len(self.mean)
        raw = w[:k] / self.scale
        weights = {n: float(v) for n, v in zip(SIGNALS, raw, strict=True)}
        weights[LEARNED] = 1.0
        words = {
            word: (float(w[k + 2 * i]), float(w[k + 2 * i + 1]))
            for i, word in enumerate(self.words)
        }
        return weights, bias - float(raw @ self.mean), words


def cross_validated(x: Matrix, y: Matrix, l2: float | Matrix, folds: int = 5) -> float:
    """Mean accuracy of fit-and-threshold on 4/5 of the training pairs, scored on 1/5."""
    index = np.random.default_rng(0).permutation(len(y))
    hits = 0.0
    for k in range(folds):
        held = index[k::folds]
        kept = np.setdiff1d(index, held)
        w, b = fit_logistic(x[kept], y[kept], l2)
        cut = best_threshold(predict(x[kept], w, b), y[kept])
        hits += float(np.sum((predict(x[held], w, b) >= cut) == (y[held] == 1)))
    return hits / len(y)


def speed(test: list[Pair]) -> None:
    """Load time and throughput on one core (the embedding path is plain NumPy indexing
    and sums, single-threaded; the pin keeps any helper threads started now on it too)."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    t0 = time.perf_counter()
    model = embedder()
    print(f"model load (first embedder() call, import included): {time.perf_counter() - t0:.2f} s")
    sentences = list(dict.fromkeys(s for _, a, b in test for s in (a, b)))
    model.sentences(sentences[:64])  # warm
    t0 = time.perf_counter()
    model.sentences(sentences)
    took = time.perf_counter() - t0
    print(f"sentence embeddings: {len(sentences) / took:,.0f} sentences/s ({len(sentences)})")
    pairs = [(a, b) for _, a, b in test]
    t0 = time.perf_counter()
    sim.compare_pairs(pairs)
    took = time.perf_counter() - t0
    print(f"compare_pairs (all signals, warm word cache): {len(pairs) / took:,.0f} pairs/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--fit", action="store_true", help="print the constants to paste")
    parser.add_argument("--cv", action="store_true", help="5-fold accuracy on train")
    args = parser.parse_args()

    train, test = load("train"), load("test")
    print(f"MSRP: {len(train)} train pairs, {len(test)} test pairs")
    speed(test)
    t0 = time.perf_counter()
    x_train = matrix(pair_signals([(a, b) for _, a, b in train]))
    x_test = matrix(pair_signals([(a, b) for _, a, b in test]))
    y_train = np.array([label for label, _, _ in train], dtype=np.float64)
    y_test = np.array([label for label, _, _ in test], dtype=np.float64)
    uses_train, uses_test = function_words(train), function_words(test)
    print(f"signals for {len(train) + len(test)} pairs: {time.perf_counter() - t0:.1f} s")

    design = Design.of(fitted_columns(x_train), uses_train)
    z_train = design.matrix(fitted_columns(x_train), uses_train)
    z_test = design.matrix(fitted_columns(x_test), uses_test)
    w, bias = fit_logistic(z_train, y_train, design.penalties())
    cut = best_threshold(predict(z_train, w, bias), y_train)
    rows: list[tuple[str, Matrix, Matrix]] = [
        ("always 'same'", np.ones(len(y_train)), np.ones(len(y_test))),
    ]
    for name in ("jaccard", "cosine"):
        col = FEATURE_NAMES.index(name)
        rows.append((f"{name} alone", x_train[:, col], x_test[:, col]))
    print("\nthresholds chosen on train; figures on TEST")
    print(f"{'scorer':34s} {'threshold':>9s} {'train acc':>9s} {'test acc':>9s} {'test F1':>8s}")
    for name, s_train, s_test in rows:
        _row(name, s_train, s_test, best_threshold(s_train, y_train), y_train, y_test)
    _row(
        "combined (fitted now)",
        predict(z_train, w, bias),
        predict(z_test, w, bias),
        cut,
        y_train,
        y_test,
    )
    pasted = np.array([fitted.WEIGHTS[n] for n in FEATURE_NAMES])
    _row(
        "combined (constants in fitted.py)",
        predict(x_train, pasted, fitted.BIAS),
        predict(x_test, pasted, fitted.BIAS),
        fitted.SAME_THRESHOLD,
        y_train,
        y_test,
    )
    if args.cv:
        penalties = design.penalties()
        signals = len(SIGNALS)
        accuracy = cross_validated(z_train, y_train, penalties)
        print(f"\n5-fold accuracy on train, all signals and function words: {accuracy:.4f}")
        print(
            f"  without function words     "
            f"{cross_validated(z_train[:, :signals], y_train, penalties[:signals]):.4f}"
        )
        for i, name in enumerate(SIGNALS):
            kept = [j for j in range(z_train.shape[1]) if j != i]
            accuracy = cross_validated(z_train[:, kept], y_train, penalties[kept])
            print(f"  without {name:18s} {accuracy:.4f}")
    if args.fit:
        _write_constants(*design.constants(w, bias), cut)


def _row(
    name: str, s_train: Matrix, s_test: Matrix, cut: float, y_train: Matrix, y_test: Matrix
) -> None:
    train_acc, _ = accuracy_f1(s_train, y_train, cut)
    acc, f1 = accuracy_f1(s_test, y_test, cut)
    print(f"{name:34s} {cut:9.4f} {train_acc:9.4f} {acc:9.4f} {f1:8.4f}")


def _write_constants(
    weights: dict[str, float], bias: float, words: dict[str, tuple[float, float]], cut: float
) -> None:
    lines = [
        '"""Constants of the same-statement score, fitted on the MSRP training pairs only.',
        "",
        "Written by `python -m bench.bench_paraphrase --fit`; do not edit by hand (see",
        '`app.facts.similarity` for what they mean)."""',
        "",
        "WEIGHTS: dict[str, float] = {",
        *(f'    "{name}": {value:.4f},' for name, value in weights.items()),
        "}",
        f"BIAS = {bias:.4f}",
        f"SAME_THRESHOLD = {cut:.4f}",
        "# Function word: (log-odds when both sentences use it, when only one does).",
        "WORD_WEIGHTS: dict[str, tuple[float, float]] = {",
        *(f'    "{word}": ({both:.4f}, {one:.4f}),' for word, (both, one) in words.items()),
        "}",
    ]
    FITTED.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"\nwrote {FITTED.relative_to(ROOT)}; run again to check the constants")


if __name__ == "__main__":
    main()
