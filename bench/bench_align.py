"""Speed, memory and recall of align() against difflib and diff-match-patch; prints a table.

Run: .venv/bin/python -m bench.bench_align   (needs ../shared beside the project)

Then word-level precision and recall on the hand-labelled real pairs of the tests
(tests/align/labels.json), for align() and for difflib's matching blocks of 5+ words.

Times are medians of several runs; the machine is shared, so the 1-minute load average
is printed at the start and beside every align row. "tokenise" is the median time of
tokenising both texts alone: the floor align cannot go below.
"""

from __future__ import annotations

import csv
import gzip
import os
import random
import re
import statistics
import time
import tracemalloc
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

from diff_match_patch import diff_match_patch

from app.align import align
from app.align.tokenize import tokenize

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
HELSINKI = SHARED / "corpora" / "news" / "articlecomparisons" / "helsinki_articles.csv.gz"
WORD = re.compile(r"\w+")
Ranges = list[tuple[int, int]]


@dataclass
class Case:
    name: str
    a: str
    b: str
    truth_a: Ranges  # known shared passages in A (character ranges)
    truth_b: Ranges


def _paragraphs() -> list[str]:
    """Distinct paragraphs: reprints repeat (and lightly edit) paragraphs, so a paragraph
    sharing any 6-word sequence with one already kept is dropped; otherwise the filler
    would share unlabelled text and muddle recall."""
    kept: list[str] = []
    grams: set[tuple[str, ...]] = set()
    with gzip.open(HELSINKI, "rt", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            for para in row["text"].split(" ### "):
                words = [w.lower() for w in WORD.findall(para)]
                if len(words) < 25:
                    continue
                mine = {tuple(words[i : i + 6]) for i in range(len(words) - 5)}
                if mine & grams:
                    continue
                grams |= mine
                kept.append(para)
    return kept


def _edit(words: list[str], rng: random.Random) -> list[str]:
    """Light copy-editing: about one word in 25 replaced, dropped or inserted."""
    out: list[str] = []
    for w in words:
        r = rng.random()
        if r < 0.013:
            out.append("edited")
        elif r < 0.026:
            continue
        elif r < 0.04:
            out.extend((w, "inserted"))
        else:
            out.append(w)
    return out


def synthetic(paras: list[str], words: int, seed: int) -> Case:
    """A and B of ~`words` words; 30% of A reappears lightly edited in B, shuffled."""
    rng = random.Random(seed)
    pool = paras[:]
    rng.shuffle(pool)
    a_paras: list[str] = []
    n = 0
    while n < words:
        a_paras.append(pool.pop())
        n += len(a_paras[-1].split())
    shared = set(rng.sample(range(len(a_paras)), max(1, len(a_paras) * 3 // 10)))
    b_items: list[tuple[int | None, str]] = []
    m = 0
    while m < words * 7 // 10:
        # Unshared filler in B: real paragraphs with their words shuffled (no shared n-grams
        # by construction, even when the distinct-paragraph pool runs out).
        filler = (pool or paras)[rng.randrange(len(pool or paras))].split()
        rng.shuffle(filler)
        b_items.append((None, " ".join(filler)))
        m += len(filler)
    b_items += [(k, " ".join(_edit(a_paras[k].split(), rng))) for k in sorted(shared)]
    rng.shuffle(b_items)
    a = "\n\n".join(a_paras)
    b = "\n\n".join(p for _, p in b_items)
    return Case(
        f"synthetic {words // 1000}k words",
        a,
        b,
        _ranges(a, a_paras, shared),
        _ranges(
            b, [p for _, p in b_items], {i for i, (k, _) in enumerate(b_items) if k is not None}
        ),
    )


def _ranges(text: str, paras: list[str], keep: set[int]) -> Ranges:
    out, pos = [], 0
    for i, p in enumerate(paras):
        if i in keep:
            out.append((pos, pos + len(p)))
        pos += len(p) + 2
    return out


def _words_in(text: str, ranges: Ranges) -> set[int]:
    starts = [m.start() for m in WORD.finditer(text)]
    ranges = sorted(ranges)
    out, k = set(), 0
    for s in starts:
        while k < len(ranges) and ranges[k][1] <= s:
            k += 1
        if k < len(ranges) and ranges[k][0] <= s:
            out.add(s)
    return out


def recall(case: Case, got_a: Ranges, got_b: Ranges) -> float:
    ta, tb = _words_in(case.a, case.truth_a), _words_in(case.b, case.truth_b)
    ga, gb = _words_in(case.a, got_a), _words_in(case.b, got_b)
    return (len(ta & ga) + len(tb & gb)) / max(1, len(ta) + len(tb))


# Each method returns matched character ranges on both sides.
def run_engine(a: str, b: str) -> tuple[Ranges, Ranges]:
    al = align(a, b)
    return [(p.a.start, p.a.end) for p in al.passages], [(p.b.start, p.b.end) for p in al.passages]


def run_difflib(a: str, b: str) -> tuple[Ranges, Ranges]:
    ma, mb = list(WORD.finditer(a)), list(WORD.finditer(b))
    sm = SequenceMatcher(
        None, [m.group().lower() for m in ma], [m.group().lower() for m in mb], autojunk=False
    )
    ra, rb = [], []
    for blk in sm.get_matching_blocks():
        if blk.size >= 5:
            ra.append((ma[blk.a].start(), ma[blk.a + blk.size - 1].end()))
            rb.append((mb[blk.b].start(), mb[blk.b + blk.size - 1].end()))
    return ra, rb


def _dmp(timeout: float) -> Callable[[str, str], tuple[Ranges, Ranges]]:
    def run(a: str, b: str) -> tuple[Ranges, Ranges]:
        dmp = diff_match_patch()
        dmp.Diff_Timeout = timeout
        ra, rb, i, j = [], [], 0, 0
        for op, chunk in dmp.diff_main(a, b):
            if op == 0 and len(chunk.split()) >= 5:
                ra.append((i, i + len(chunk)))
                rb.append((j, j + len(chunk)))
            i += len(chunk) if op != 1 else 0
            j += len(chunk) if op != -1 else 0
        return ra, rb

    return run


METHODS: dict[str, Callable[[str, str], tuple[Ranges, Ranges]]] = {
    "align": run_engine,
    "difflib words": run_difflib,
    # "No timeout" is capped at CAP seconds so one run cannot take hours; a capped result
    # is marked in the table (dmp then falls back to delete-all/insert-all).
    "dmp chars, no timeout": _dmp(30.0),
    "dmp chars, 1 s timeout": _dmp(1.0),
}
CAP = 30.0
QUADRATIC = ("difflib words", "dmp chars, no timeout")  # no bound on their running time
BUDGET = 40.0  # seconds: a baseline estimated slower than this is skipped, with the estimate


def measure(
    fn: Callable[[str, str], tuple[Ranges, Ranges]], case: Case, repeats: int
) -> tuple[float, float, float]:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        got = fn(case.a, case.b)
        times.append(time.perf_counter() - t0)
    tracemalloc.start()
    fn(case.a, case.b)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return statistics.median(times), peak / 2**20, recall(case, *got)


def tokenise_time(case: Case, repeats: int) -> float:
    """Median time to tokenise both texts (the shared normal-form memo is warm, as in align)."""
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        tokenize(case.a)
        tokenize(case.b)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _load() -> str:
    return Path("/proc/loadavg").read_text().split()[0]


def _ms(t: float) -> str:
    return f"{t * 1000:.1f} ms" if t < 1 else f"{t:.2f} s"


def _row(case: str, wa: int, wb: int, method: str, t: str, mem: str, rec: str, note: str) -> str:
    return f"{case:30} {f'{wa}/{wb}':>15} {method:24} {t:>10} {mem:>9} {rec:>7}{note}"


def main() -> None:
    seeds = SHARED / "seeds"
    s1 = next(seeds.glob("001_*.txt")).read_text(encoding="utf-8")
    s4 = next(seeds.glob("004_*.txt")).read_text(encoding="utf-8")
    # Known passages of the seed pair: the hand labels used by the tests.
    import json

    label = next(
        p
        for p in json.loads((ROOT / "tests/align/labels.json").read_text())["pairs"]
        if p["name"] == "ap_reprint_001_004"
    )
    paras = _paragraphs()
    sentence = "The committee met again today and agreed nothing new at all. "
    cases = [
        Case(
            "seeds 001 vs 004",
            s1,
            s4,
            [tuple(r) for r in label["a_ranges"]],
            [tuple(r) for r in label["b_ranges"]],
        ),
        synthetic(paras, 1_000, 1),
        synthetic(paras, 10_000, 2),
        synthetic(paras, 100_000, 3),
        Case(
            "repetitive 5,000 x sentence",
            sentence * 5000,
            "One extra opening line. " + sentence * 5000,
            [(0, len(sentence) * 5000)],
            [(24, 24 + len(sentence) * 5000)],
        ),
    ]
    print(f"load average at start: {_load()} (1 min; {len(os.sched_getaffinity(0))} cores)")
    print(
        f"{'case':30} {'words A/B':>15} {'method':24} {'median':>10} {'peak MiB':>9} {'recall':>7}"
    )
    estimates: dict[str, tuple[int, float]] = {}
    for case in cases:
        size = len(WORD.findall(case.a)) + len(WORD.findall(case.b))
        wa, wb = len(WORD.findall(case.a)), len(WORD.findall(case.b))
        align_t = 0.0
        for name, fn in METHODS.items():
            if name in QUADRATIC and case.name.startswith("repetitive"):
                # Size-based estimates do not hold here: difflib without autojunk and dmp
                # without a timeout go quadratic on 5,000 copies of one sentence (difflib
                # ran for over 20 minutes before it was stopped).
                print(_row(case.name, wa, wb, name, "skipped", "", "", "  (quadratic on repeats)"))
                continue
            est = None
            if name in estimates and name != "align":
                prev_size, prev_t = estimates[name]
                # Quadratic worst case; the 1 s timeout variant grows about linearly.
                power = 1 if name.endswith("1 s timeout") else 2
                est = prev_t * (size / prev_size) ** power
            if est is not None and est > BUDGET:
                print(_row(case.name, wa, wb, name, "skipped", "", "", f"  (est. ~{est:,.0f} s)"))
                continue
            repeats = 15 if name == "align" and size < 50_000 else (5 if name == "align" else 1)
            load = _load()
            t, mem, rec = measure(fn, case, repeats)
            estimates[name] = (size, t)
            note = "  (hit the 30 s cap)" if name.startswith("dmp chars, no") and t >= CAP else ""
            if name == "align":
                align_t = t
                tok = tokenise_time(case, repeats)
                note = f"  tokenise {_ms(tok)} ({t / tok:.1f}x), load {load}"
            elif name == "difflib words" and align_t:
                note = f"  align is {t / align_t:.1f}x faster"
            print(_row(case.name, wa, wb, name, _ms(t), f"{mem:.1f}", f"{rec:.3f}", note))

    quality()


def quality() -> None:
    """Precision and recall of shared words on the labelled pairs, engine vs difflib."""
    with warnings.catch_warnings():  # the test helpers' imports warn about the test client
        warnings.simplefilter("ignore")
        from tests.align.helpers import (
            difflib_ranges,
            engine_ranges,
            load_labels,
            score,
            source_text,
        )

    print("\nlabelled pairs (words)                 align P   align R   difflib P  difflib R")
    totals = {"align": [0, 0, 0], "difflib": [0, 0, 0]}
    for pair in load_labels():
        a, b = source_text(pair["a"]), source_text(pair["b"])
        found = {"align": engine_ranges(align(a, b)), "difflib": difflib_ranges(a, b)}
        cells = []
        for method, (ra, rb) in found.items():
            tp = pred = lab = 0
            for text, got, truth in ((a, ra, pair["a_ranges"]), (b, rb, pair["b_ranges"])):
                t, p, n = score(text, got, [tuple(r) for r in truth])
                tp, pred, lab = tp + t, pred + p, lab + n
            totals[method] = [x + y for x, y in zip(totals[method], (tp, pred, lab), strict=True)]
            cells.append(f"{tp / max(1, pred):9.3f} {tp / max(1, lab):9.3f}")
        print(f"{pair['name']:36} {'  '.join(cells)}")
    cells = [
        f"{tp / max(1, pred):9.3f} {tp / max(1, lab):9.3f}" for tp, pred, lab in totals.values()
    ]
    print(f"{'all labelled words':36} {'  '.join(cells)}")


if __name__ == "__main__":
    main()
