"""Same-statement scoring on the Microsoft Research Paraphrase Corpus; prints figures.

Run: .venv/bin/python -m bench.bench_paraphrase [--fit] [--cv]   (needs ../shared beside
the project). Every weight and threshold is chosen on the training pairs; the test pairs
are only scored. `--fit` prints the constants to paste into `app/facts/similarity.py`;
`--cv` prints 5-fold cross-validated accuracy on the training pairs (for choosing signals
without looking at the test pairs).
"""

from __future__ import annotations

import argparse
import csv
import os
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

from app.facts import FEATURE_NAMES, Signals
from app.facts import similarity as sim
from app.facts.embedding import embedder
from app.facts.similarity import pair_signals

ROOT = Path(__file__).resolve().parent.parent
MSRP = ROOT.parent / "shared" / "corpora" / "paraphrase" / "msrp"
Matrix = npt.NDArray[np.float64]
Pair = tuple[int, str, str]
# L2 penalty of the logistic fit, chosen by 5-fold accuracy on the training pairs
# (0.01, 0.1, 1, 3 and 10 tried).
L2 = 0.1


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


def fit_logistic(x: Matrix, y: Matrix, l2: float | None = None) -> tuple[Matrix, float]:
    """Weights and bias maximising the L2-penalised log-likelihood (Newton / IRLS)."""
    l2 = L2 if l2 is None else l2
    xb = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(xb.shape[1])
    penalty = np.full(xb.shape[1], l2)
    penalty[-1] = 0.0  # the bias is not shrunk
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


def cross_validated(x: Matrix, y: Matrix, folds: int = 5) -> float:
    """Mean accuracy of fit-and-threshold on 4/5 of the training pairs, scored on 1/5."""
    index = np.random.default_rng(0).permutation(len(y))
    hits = 0.0
    for k in range(folds):
        held = index[k::folds]
        kept = np.setdiff1d(index, held)
        w, b = fit_logistic(x[kept], y[kept])
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
    print(f"signals for {len(train) + len(test)} pairs: {time.perf_counter() - t0:.1f} s")

    w, bias = fit_logistic(x_train, y_train)
    cut = best_threshold(predict(x_train, w, bias), y_train)
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
        predict(x_train, w, bias),
        predict(x_test, w, bias),
        cut,
        y_train,
        y_test,
    )
    pasted = np.array([sim.WEIGHTS[n] for n in FEATURE_NAMES])
    _row(
        "combined (constants in similarity)",
        predict(x_train, pasted, sim.BIAS),
        predict(x_test, pasted, sim.BIAS),
        sim.SAME_THRESHOLD,
        y_train,
        y_test,
    )
    if args.cv:
        print(f"\n5-fold accuracy on train, all signals: {cross_validated(x_train, y_train):.4f}")
        for i, name in enumerate(FEATURE_NAMES):
            kept = [j for j in range(len(FEATURE_NAMES)) if j != i]
            print(f"  without {name:18s} {cross_validated(x_train[:, kept], y_train):.4f}")
    if args.fit:
        _print_constants(w, bias, cut)


def _row(
    name: str, s_train: Matrix, s_test: Matrix, cut: float, y_train: Matrix, y_test: Matrix
) -> None:
    train_acc, _ = accuracy_f1(s_train, y_train, cut)
    acc, f1 = accuracy_f1(s_test, y_test, cut)
    print(f"{name:34s} {cut:9.4f} {train_acc:9.4f} {acc:9.4f} {f1:8.4f}")


def _print_constants(w: Matrix, bias: float, cut: float) -> None:
    print("\n# paste into app/facts/similarity.py")
    print("WEIGHTS: dict[str, float] = {")
    for name, value in zip(FEATURE_NAMES, w, strict=True):
        print(f'    "{name}": {value:.4f},')
    print("}")
    print(f"BIAS = {bias:.4f}")
    print(f"SAME_THRESHOLD = {cut:.4f}")


if __name__ == "__main__":
    main()
