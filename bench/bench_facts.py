"""Same-fact links on the hand-labelled seed pairs: precision, recall, speed; prints figures.

Run: .venv/bin/python -m bench.bench_facts [--fit] [--misses]   (needs ../shared beside it)

The labels (tests/facts/seed_fact_labels.py) say, for six pairs of seed articles, which
sentences report the same fact; they were written by reading alone, before any link was
computed on these pairs. A labelled pair counts for recall when neither sentence lies in
a copied passage (copy detection links those) and the label is "sure"; a link counts as
right when every sentence pair it joins is labelled, "sure" or "maybe".

- pair recall: labelled sentence pairs the links join;
- fact recall: labelled sentences (either side) joined to one of their labelled partners
  (a fact restated in three sentences of B is found once one of them is linked);
- precision: linked sentence pairs that are labelled.

Links are counted as the app makes them: `app.services.compare.analyse`, which tells
`analyse` who each text says said what, so that no link joins two speakers' statements;
the total without that (`app.facts.analysis.analyse` alone) is printed beside it.

The weights in `app.facts.links` were fitted on these six pairs, so the figures printed
for them are what the labels can measure, not a held-out estimate. The four other seed
pairs (`HELD_OUT_LABELS`) were labelled later, by reading alone, and never fitted on: their
figures are. `--fit` also prints the leave-one-pair-out figures on the six (each pair
scored by weights fitted on the other five), the constants to paste and the threshold
chosen on the out-of-pair scores: the lowest that keeps precision >= 0.85.

`--misses` prints every labelled sure pair the links miss, on the six and the four, with
the step that dropped it: a sentence with too few content words, not a candidate (its
cosine), a score below the threshold (the score and its main signals), the speaker veto,
or lost in pairing (each sentence joins one link, best first). It is what to read before
changing the linking: on the six, 23 of the 35 misses score below the threshold, 11 are
no candidate (eight with a cosine under `min_cosine`, three outside the best two of both
sentences) and one sentence has too few content words; most are two long sentences of
which one clause states the fact of the other, so that neither covers much of the other.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from app.align import align
from app.facts import FactParams, split_sentences
from app.facts import links as fl
from app.facts.analysis import analyse
from app.facts.embedding import embedder
from app.services.compare import analyse as analyse_as_the_app
from app.services.statements import statements
from bench.bench_paraphrase import fit_logistic, predict
from tests.facts.helsinki_link_labels import JUDGED, STORY_ROWS
from tests.facts.seed_fact_labels import HELD_OUT_LABELS, LABELS
from tests.stories.corpora import load_csv, load_seeds

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
Pair = tuple[int, int]  # sentence indices in split_sentences(body) of A, of B


@dataclass
class Labelled:
    key: tuple[str, str]
    a: str
    b: str
    sure: set[Pair]
    maybe: set[Pair]
    copied_a: set[int]  # sentences overlapping a copied passage
    copied_b: set[int]


def labelled_pairs(
    labels: dict[tuple[str, str], list[tuple[str, str, str]]] = LABELS,
) -> list[Labelled]:
    bodies = {d.id: d.body for d in load_seeds(SHARED / "seeds")}
    out = []
    for (x, y), rows in labels.items():
        a, b = bodies[x], bodies[y]
        sa, sb = split_sentences(a), split_sentences(b)
        sure, maybe = set(), set()
        for ea, eb, confidence in rows:
            pair = (_find(sa, ea), _find(sb, eb))
            (sure if confidence == "sure" else maybe).add(pair)
        copied = align(a, b).passages
        out.append(
            Labelled(
                (x, y),
                a,
                b,
                sure,
                maybe,
                _overlapping(sa, [p.a for p in copied]),
                _overlapping(sb, [p.b for p in copied]),
            )
        )
    return out


def _find(sentences: Sequence[fl.Sentence], excerpt: str) -> int:
    return next(k for k, s in enumerate(sentences) if s.text.startswith(excerpt))


def _overlapping(sentences: Sequence[fl.Sentence], spans: Sequence[fl.Span]) -> set[int]:
    return {
        k
        for k, s in enumerate(sentences)
        if any(t.start < s.end and s.start < t.end for t in spans)
    }


def linked_pairs(body_a: str, body_b: str, spans: Sequence[tuple[fl.Span, fl.Span]]) -> set[Pair]:
    """Sentence pairs (indices in split_sentences) the given link spans join."""
    sa, sb = split_sentences(body_a), split_sentences(body_b)
    out = set()
    for span_a, span_b in spans:
        for i in _overlapping(sa, [span_a]):
            for j in _overlapping(sb, [span_b]):
                out.add((i, j))
    return out


@dataclass
class Score:
    predicted: int = 0
    right: int = 0
    wanted: int = 0
    found: int = 0
    facts: int = 0
    facts_found: int = 0

    def add(self, lab: Labelled, predicted: set[Pair]) -> None:
        labelled = lab.sure | lab.maybe
        self.predicted += len(predicted)
        self.right += len(predicted & labelled)
        wanted = {(i, j) for i, j in lab.sure if i not in lab.copied_a and j not in lab.copied_b}
        self.wanted += len(wanted)
        self.found += len(wanted & predicted)
        for side in (0, 1):
            partners: dict[int, set[int]] = {}
            for pair in wanted:
                partners.setdefault(pair[side], set()).add(pair[1 - side])
            for k, theirs in partners.items():
                self.facts += 1
                self.facts_found += any(
                    (k, t) in predicted if side == 0 else (t, k) in predicted for t in theirs
                )

    def line(self, name: str) -> str:
        p = self.right / self.predicted if self.predicted else float("nan")
        r = self.found / self.wanted if self.wanted else float("nan")
        fr = self.facts_found / self.facts if self.facts else float("nan")
        return (
            f"{name:16s} links {self.predicted:3d}  precision {p:.3f}  "
            f"pair recall {r:.3f} ({self.found}/{self.wanted})  "
            f"fact recall {fr:.3f} ({self.facts_found}/{self.facts})"
        )


def evaluate(pairs: list[Labelled], name: str) -> None:
    """The shipped weights and threshold, through `analyse` as the app calls it (who said
    what included); then the total without speakers."""
    total, alone = Score(), Score()
    for lab in pairs:
        result = analyse_as_the_app(lab.a, lab.b)
        spans = [(p.a, p.b) for p in result.passages if p.kind == "paraphrase"]
        score = Score()
        score.add(lab, linked_pairs(lab.a, lab.b, spans))
        total.add(lab, linked_pairs(lab.a, lab.b, spans))
        print(score.line("-".join(lab.key)))
        plain = analyse(lab.a, lab.b)
        spans = [(p.a, p.b) for p in plain.passages if p.kind == "paraphrase"]
        alone.add(lab, linked_pairs(lab.a, lab.b, spans))
    print(total.line(name))
    print(alone.line("no speakers"))


@dataclass
class Rows:
    key: tuple[str, str]
    pairs: list[Pair]  # in split_sentences indices
    x: np.ndarray
    y: np.ndarray  # 1 sure or maybe, 0 not labelled
    fit: np.ndarray  # rows used for fitting (maybe-labelled rows are left out)


def feature_rows(lab: Labelled) -> Rows:
    params, model = FactParams(), embedder()
    copied = [(p.a, p.b) for p in align(lab.a, lab.b).passages]
    side_a = fl.side(lab.a, [s for s, _ in copied], params, model)
    side_b = fl.side(lab.b, [s for _, s in copied], params, model)
    speakers = fl._speakers(side_a, statements(lab.a)), fl._speakers(side_b, statements(lab.b))
    candidates, signals = fl.candidate_signals(side_a, side_b, params, speakers)
    index_a = _indices(lab.a, side_a)
    index_b = _indices(lab.b, side_b)
    pairs = [(index_a[i], index_b[j]) for i, j in candidates]
    labelled = lab.sure | lab.maybe
    y = np.array([float(p in labelled) for p in pairs])
    fit = np.array([p not in lab.maybe for p in pairs])
    x = np.array([sig.vector() for sig in signals], dtype=np.float64)
    return Rows(lab.key, pairs, x, y, fit)


def _indices(body: str, side: fl.Side) -> list[int]:
    starts = {s.start: k for k, s in enumerate(split_sentences(body))}
    return [starts[s.start] for s in side.sentences]


def fit(pairs: list[Labelled]) -> None:
    rows = [feature_rows(lab) for lab in pairs]
    held_scores: dict[tuple[str, str], np.ndarray] = {}
    for k, r in enumerate(rows):
        others = [o for j, o in enumerate(rows) if j != k]
        x = np.vstack([o.x[o.fit] for o in others])
        y = np.concatenate([o.y[o.fit] for o in others])
        w, b = fit_logistic(x, y, l2=1.0)
        held_scores[r.key] = predict(r.x, w, b)
    print("\nleave-one-pair-out (each pair scored by weights fitted on the other five):")
    best = None
    for cut in np.arange(0.05, 0.61, 0.05):
        total = Score()
        for lab, r in zip(pairs, rows, strict=True):
            scores = {p: float(s) for p, s in zip(r.pairs, held_scores[r.key], strict=True)}
            total.add(lab, _pairs_of_groups(fl._pair_up(scores, float(cut), 10**6)))
        print(total.line(f"threshold {cut:.2f}"))
        precision = total.right / total.predicted if total.predicted else 0.0
        if best is None and precision >= 0.85:
            best = float(cut)
    x = np.vstack([r.x[r.fit] for r in rows])
    y = np.concatenate([r.y[r.fit] for r in rows])
    w, b = fit_logistic(x, y, l2=1.0)
    print(f"\n# paste into app/facts/links.py ({int(y.sum())} positives, {len(y)} rows)")
    print("FACT_WEIGHTS: dict[str, float] = {")
    for name, value in zip(fl.FACT_FEATURES, w, strict=True):
        print(f'    "{name}": {value:.4f},')
    print("}")
    print(f"FACT_BIAS = {b:.4f}")
    print(f"# threshold: lowest with out-of-pair precision >= 0.85: {best}")
    for name in ADDED_ALONE:
        print(f"# {name} alone, the shipped weights held: {_fit_one(x, y, name):.2f}")


# Signals added after the shipped weights were fitted, each fitted alone with the others
# held: refitting all of them on the 33 labelled positives moved every weight and, on the
# unlabelled Helsinki reports, traded many right links for wrong ones.
ADDED_ALONE = ("same_speaker",)


def _fit_one(x: np.ndarray, y: np.ndarray, name: str) -> float:
    """The weight of signal `name` that maximises the L2-penalised (1.0) likelihood of the
    labels with every other weight and the bias as shipped (a grid of 0.05 steps)."""
    k = fl.FACT_FEATURES.index(name)
    held = np.array([0.0 if n == name else fl.FACT_WEIGHTS[n] for n in fl.FACT_FEATURES])
    base = x @ held + fl.FACT_BIAS
    grid = np.arange(-3.0, 3.0001, 0.05)
    p = 1 / (1 + np.exp(-(base[:, None] + x[:, k : k + 1] * grid[None, :])))
    p = np.clip(p, 1e-12, 1 - 1e-12)
    ll = (y[:, None] * np.log(p) + (1 - y[:, None]) * np.log(1 - p)).sum(axis=0) - grid**2 / 2
    return float(grid[int(np.argmax(ll))])


def _pairs_of_groups(groups: list[fl.Group]) -> set[Pair]:
    return {(i, j) for xs, ys in groups for i in xs for j in ys}


def misses(pairs: list[Labelled], name: str) -> None:
    """Each labelled sure pair (outside copy) the app's links miss, and what dropped it."""
    params, model = FactParams(), embedder()
    print(f"\nmissed sure pairs, {name}:")
    stages: dict[str, int] = {}
    for lab in pairs:
        result = analyse_as_the_app(lab.a, lab.b)
        spans = [(p.a, p.b) for p in result.passages if p.kind == "paraphrase"]
        linked = linked_pairs(lab.a, lab.b, spans)
        copied = [(p.a, p.b) for p in align(lab.a, lab.b).passages]
        side_a = fl.side(lab.a, [s for s, _ in copied], params, model)
        side_b = fl.side(lab.b, [s for _, s in copied], params, model)
        row_a = {k: i for i, k in enumerate(_indices(lab.a, side_a))}
        row_b = {k: j for j, k in enumerate(_indices(lab.b, side_b))}
        speakers_a = fl._speakers(side_a, statements(lab.a))
        speakers_b = fl._speakers(side_b, statements(lab.b))
        candidates, signals = fl.candidate_signals(side_a, side_b, params, (speakers_a, speakers_b))
        found = dict(zip(candidates, signals, strict=True))
        sa, sb = split_sentences(lab.a), split_sentences(lab.b)
        for i, j in sorted(lab.sure - linked):
            if i in lab.copied_a or j in lab.copied_b:
                continue
            stage, detail = _stage(i, j, row_a, row_b, found, speakers_a, speakers_b, params)
            stages[stage] = stages.get(stage, 0) + 1
            if stage == "not a candidate":
                cos = float(side_a.vectors[row_a[i]] @ side_b.vectors[row_b[j]])
                detail = f"cosine {cos:.2f}"
            print(f"{'-'.join(lab.key)} [{i:2d},{j:2d}] {stage}{': ' + detail if detail else ''}")
            print(f"    A: {sa[i].text[:110]}")
            print(f"    B: {sb[j].text[:110]}")
    print(", ".join(f"{stage} {n}" for stage, n in sorted(stages.items())))


def _stage(
    i: int,
    j: int,
    row_a: dict[int, int],
    row_b: dict[int, int],
    found: dict[Pair, fl.FactSignals],
    speakers_a: list[str | None],
    speakers_b: list[str | None],
    params: FactParams,
) -> tuple[str, str]:
    """The step that dropped sentence pair (i, j), and what it saw."""
    if i not in row_a or j not in row_b:
        return "too few content words", ""
    x, y = row_a[i], row_b[j]
    if (x, y) not in found:
        return "not a candidate", ""
    sig = found[x, y]
    score = fl.combine_fact(sig)
    detail = (
        f"score {score:.3f}, cosine {sig.cosine:.2f}, cover {sig.cover:.2f}, "
        f"soft {sig.soft_cover:.2f}, rare {sig.rare_cover:.2f}"
    )
    if score < params.threshold:
        return "below the threshold", detail
    if speakers_a[x] and speakers_b[y] and speakers_a[x] != speakers_b[y]:
        return "speaker veto", detail
    return "lost in pairing", detail


def judged() -> None:
    """The links a reader judged on one Helsinki story (tests/facts/helsinki_link_labels.py):
    how many the engine makes now and how many of those are right, and the story's links."""
    docs = load_csv(SHARED / "corpora/news/articlecomparisons/helsinki_articles.csv.gz", "h")
    story = docs[slice(*STORY_ROWS)]
    bodies = {d.id: d.body for d in story}
    links = sum(
        p.kind == "paraphrase"
        for x, y in itertools.combinations(story, 2)
        for p in analyse_as_the_app(x.body, y.body).passages
    )
    made = right = 0
    for id_a, excerpt_a, id_b, excerpt_b, is_right in JUDGED:
        a, b = bodies[id_a], bodies[id_b]
        pair = (_find(split_sentences(a), excerpt_a), _find(split_sentences(b), excerpt_b))
        result = analyse_as_the_app(a, b)
        same_facts = [(p.a, p.b) for p in result.passages if p.kind == "paraphrase"]
        if pair in linked_pairs(a, b, same_facts):
            made += 1
            right += is_right
    print(
        f"\nthe Helsinki story ({len(story)} reports): {links} same-fact links; of the "
        f"{len(JUDGED)} links a reader judged ({sum(r[4] for r in JUDGED)} right), it makes "
        f"{made}, {right} of them right (precision {right / made if made else float('nan'):.2f})"
    )


def speed() -> None:
    """ms per analysis (as the app makes it, who said what included) of two ~1,000-word
    reports never read before (model loaded), and the time a story page's first view
    takes to analyse every pair of 30 reports."""
    docs = load_csv(SHARED / "corpora/news/articlecomparisons/helsinki_articles.csv.gz", "h")
    long = [d for d in docs if 850 <= len(d.body.split()) <= 1150]
    warm, fresh = long[:4], long[4:36]
    for a, b in zip(warm[::2], warm[1::2], strict=True):
        analyse_as_the_app(a.body, b.body)
    pairs = list(zip(fresh[::2], fresh[1::2], strict=True))
    times, copy = [], []
    for a, b in pairs:
        t = time.perf_counter()
        analyse_as_the_app(a.body, b.body)
        times.append(1000 * (time.perf_counter() - t))
        t = time.perf_counter()
        align(a.body, b.body)
        copy.append(1000 * (time.perf_counter() - t))
    print(
        f"\nspeed on {len(pairs)} pairs of 850-1,150-word Helsinki reports, each read for the "
        f"first time: analyse median {statistics.median(times):.1f} ms, max "
        f"{max(times):.1f} ms (copy detection alone median {statistics.median(copy):.1f} ms)"
    )
    story = docs[200:230]
    t = time.perf_counter()
    for x, y in itertools.combinations(story, 2):
        analyse_as_the_app(x.body, y.body)
    took = time.perf_counter() - t
    n = len(story) * (len(story) - 1) // 2
    print(
        f"a 30-report story's {n} pairs analysed (a story page's first view): {took:.1f} s, "
        f"{1000 * took / n:.1f} ms a pair"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--fit", action="store_true", help="fit and print the constants")
    parser.add_argument("--misses", action="store_true", help="print what each miss lost to")
    args = parser.parse_args()
    if not SHARED.is_dir():
        sys.exit("../shared is missing beside the project: nothing to measure")
    t0 = time.perf_counter()
    embedder()
    print(f"model loaded in {time.perf_counter() - t0:.2f} s; {FactParams()}")
    pairs, held_out = labelled_pairs(), labelled_pairs(HELD_OUT_LABELS)
    print(
        f"{sum(len(p.sure) for p in pairs)} sure and {sum(len(p.maybe) for p in pairs)} maybe "
        "labelled pairs over six seed pairs\n\nshipped weights, on the pairs fitted on:"
    )
    evaluate(pairs, "all six")
    print("\nshipped weights, on the four held-out pairs (never fitted on):")
    evaluate(held_out, "all four")
    if args.misses:
        misses(pairs, "six pairs fitted on")
        misses(held_out, "four held-out pairs")
    if args.fit:
        fit(pairs)
    judged()
    speed()


if __name__ == "__main__":
    main()
