"""Speed and quality of story grouping on the shared corpora; prints figures.

Run: .venv/bin/python -m bench.bench_stories [--labelled]   (needs ../shared beside the
project). The last part, alone with --labelled, scores each grouping in GROUPINGS on the
labelled set of bench/labelled_events.py (per event: stories, largest-story recall, pair
precision) with dates, with half of them stripped, and with none; beside them, what a
user gets (bench/labelled_import.py): the same articles imported as raw files through
Parallax's importer into an empty database, their stories as placed at import and as
`parallax regroup --all` forms them; then the events alone, as a new user's first import
(--no-import leaves these out).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from app.stories import Corpus, Doc, GroupingParams, aligned_share, group, story_title
from app.stories.mentions import earliest
from app.stories.text import shingles
from app.stories.tfidf import cosine, doc_counts, vector
from bench.bench_threads import thread_labels
from bench.labelled_events import (
    Grouping,
    Labelled,
    Scores,
    build,
    score,
    strip_dates,
    table,
)
from bench.labelled_import import Raw, import_labelled, raw_inputs
from tests.stories.corpora import load_csv, load_seeds

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
ARTICLES = SHARED / "corpora" / "news" / "articlecomparisons"
LABELLED = ("seeds", "census", "spotify")  # each is one event
INVENTED = ("holmsey-ferry", "skelness-trawler")  # the invented events, large then small
# The groupings scored side by side on the labelled set: add a new one here to print it
# beside today's.
GROUPINGS: dict[str, Grouping] = {
    "current": lambda docs: group(docs, GroupingParams()),
}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labelled", action="store_true", help="only the labelled-set figures")
    parser.add_argument(
        "--no-import", action="store_true", help="leave out the figures of a real import"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    if not args.labelled:
        corpus_figures()
    labelled_figures(GROUPINGS, imported=not args.no_import)
    print(f"\nelapsed: {time.perf_counter() - started:.1f} s")


def labelled_figures(groupings: dict[str, Grouping], imported: bool = True) -> None:
    """Each grouping on the labelled set, with all dates, half of them, and none; and,
    unless `imported` is false, beside them the stories of a real import of the set."""
    t0 = time.perf_counter()
    labelled = build(SHARED)
    raw = raw_inputs(SHARED) if imported else {}
    docs = labelled.docs
    print(
        f"\nlabelled set: {len(docs)} articles, {len(labelled.events())} events of several "
        f"articles, {len(labelled.pages())} one-page events, and the Helsinki week "
        f"(unlabelled); built in {time.perf_counter() - t0:.1f} s"
    )
    _invented_margins(labelled)
    _named_days(labelled)
    conditions = {
        "with dates": docs,
        "half undated": strip_dates(labelled),
        "undated": [replace(d, published=None) for d in docs],
    }
    for condition, variant in conditions.items():
        results: dict[str, Scores] = {}
        formed: dict[str, list[list[str]]] = {}
        took = []
        for name, grouping in groupings.items():
            t = time.perf_counter()
            formed[name] = grouping(variant)
            results[name] = score(formed[name], labelled.event)
            took.append(f"{name} {time.perf_counter() - t:.1f} s")
        dated = sum(d.published is not None for d in variant)
        print(f"\n{condition} ({dated} of {len(variant)} dated); grouping took {', '.join(took)}")
        if imported:
            formed.update(_imported(labelled, raw, variant))
            results.update({name: score(formed[name], labelled.event) for name in IMPORTED})
        for line in table(labelled, results):
            print(line)
        _developing_precision(labelled, formed)
    if imported:
        _new_user(labelled, raw)


def _developing_precision(labelled: Labelled, formed: dict[str, list[list[str]]]) -> None:
    """The "all pairs" precision again, against the events a reader means: the invented
    aircraft's five news days as one developing event (`bench_threads.thread_labels`), so
    that its news days sharing a story count as right; its thread recall is
    bench_threads'."""
    developing = thread_labels(labelled)
    cells = "".join(
        f" | {'':>7s} {'':>7s} {_fmt(score(stories, developing).precision):>9s}"
        for stories in formed.values()
    )
    print(f"{'all pairs, developing events':33s}{cells}")


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


IMPORTED = ("imported", "regrouped")


def _imported(labelled: Labelled, raw: Raw, variant: Sequence[Doc]) -> dict[str, list[list[str]]]:
    """The labelled set imported in its order, each article dated as in `variant` (an
    undated one may still get a date the importer finds in its text): its stories as
    placed ("imported") and as `parallax regroup --all` forms them ("regrouped")."""
    t = time.perf_counter()
    dates = {d.id: d.published for d in variant}
    result = import_labelled(labelled, raw, dates.get)
    print(
        f"import took {time.perf_counter() - t:.1f} s: {result.failed} refused, "
        f"{result.present} already present (scored in the story of the copy kept), "
        f"{result.dated} stored articles dated"
    )
    return {"imported": result.placed, "regrouped": result.regrouped}


def _new_user(labelled: Labelled, raw: Raw) -> None:
    """The events of several articles alone, undated, imported one event after another
    into an empty database, as a new user's first import of saved pages: nothing else
    in the database tells idf which words are common."""
    events = labelled.events()
    ids = [d.id for d in labelled.docs if labelled.event[d.id] in events]
    alone = Labelled(
        [d for d in labelled.docs if d.id in set(ids)], {i: labelled.event[i] for i in ids}
    )
    t = time.perf_counter()
    result = import_labelled(alone, raw, lambda _: None, ids)
    print(
        f"\na new user's import: the {len(events)} events alone ({len(ids)} articles, none "
        f"given a date; {result.dated} dated from their text) into an empty database, "
        f"{time.perf_counter() - t:.1f} s; beside it, group() on the same labelled docs "
        "undated"
    )
    undated = [replace(d, published=None) for d in alone.docs]
    results = {
        "group() on the docs": score(group(undated, GroupingParams()), alone.event),
        "imported": score(result.placed, alone.event),
        "regrouped": score(result.regrouped, alone.event),
    }
    lines = table(alone, results)
    # Without the rows of the pages and the Helsinki week, which are not in this import.
    for line in lines[:-5] + lines[-2:]:
        print(line)


def _named_days(labelled: Labelled) -> None:
    """How often the floor an undated article gets from the days its text names
    (`app.stories.mentions.earliest`) would be wrong: of the dated articles naming a day
    with its year, those it would put after their own date."""
    slack = GroupingParams().named_day_slack
    floors = [
        (d.published, floor)
        for d in labelled.docs
        if d.published is not None and (floor := earliest(d.body, slack)) is not None
    ]
    late = sum(floor > published for published, floor in floors)
    print(
        f"named days: {len(floors)} of {len(labelled.docs)} articles name a day with its "
        f"year; for {late} of them the latest is more than {slack} days after their own date"
    )


def _invented_margins(labelled: Labelled) -> None:
    """How far TF-IDF alone sees the invented events: the cosine of pairs within the large
    one, and the highest across the two (the topic trap), idf over the whole set."""
    params = GroupingParams()
    corpus = Corpus(labelled.docs)
    vecs: dict[str, list[dict[str, float]]] = {}
    for d in labelled.docs:
        if (event := labelled.event[d.id]) in INVENTED:
            vecs.setdefault(event, []).append(vector(doc_counts(d), corpus, params.max_terms))
    large, small = (vecs[e] for e in INVENTED)
    within = sorted(_pairs(large, large, same=True))
    across = _pairs(large, small, same=False)
    print(
        f"TF-IDF cosine, {INVENTED[0]} pairs: median {statistics.median(within):.3f}, "
        f"{sum(c >= params.tfidf_threshold for c in within) / len(within):.0%} at or above "
        f"the link threshold {params.tfidf_threshold}; across to {INVENTED[1]}: "
        f"max {max(across):.3f}"
    )


def corpus_figures() -> None:
    t0 = time.perf_counter()
    corpora = {
        "seeds": load_seeds(SHARED / "seeds"),
        "helsinki": load_csv(ARTICLES / "helsinki_articles.csv.gz", "h"),
        "census": load_csv(ARTICLES / "census_articles.csv", "c"),
        "spotify": load_csv(ARTICLES / "spotify_articles.csv", "s"),
    }
    docs = [d for ds in corpora.values() for d in ds]
    source = {d.id: name for name, ds in corpora.items() for d in ds}
    params = GroupingParams()
    print(f"loaded {len(docs)} articles in {time.perf_counter() - t0:.1f} s; {params}")

    calls = [0, 0.0]

    def timed_share(a: str, b: str) -> float:
        t = time.perf_counter()
        share = aligned_share(a, b)
        calls[0] += 1
        calls[1] += time.perf_counter() - t
        return share

    t0 = time.perf_counter()
    clusters = group(docs, params, timed_share)
    took = time.perf_counter() - t0
    print(
        f"\ngroup(): {took:.2f} s for {len(docs)} articles, {calls[0]} align() calls "
        f"taking {calls[1]:.2f} s; {len(clusters)} clusters"
    )
    sizes = sorted((len(c) for c in clusters), reverse=True)
    print(f"  sizes: largest {sizes[:12]}, singletons {sizes.count(1)}")
    mixed = sum(len({source[i] for i in c}) > 1 for c in clusters)
    print(f"  clusters mixing corpora: {mixed}")

    print("\ncorpus     n  clusters  largest  in-largest  purity(largest)")
    for name in LABELLED:
        _report(name, {d.id for d in corpora[name]}, clusters)
    helsinki = {d.id for d in corpora["helsinki"]}
    own = [c for c in clusters if helsinki & set(c)]
    print(f"helsinki {len(helsinki):3d}  {len(own):8d}  {max(map(len, own)):7d}")
    _reprints(corpora["helsinki"], clusters)

    print("\nalone (idf from the corpus itself) vs beside the others (background corpus):")
    background = Corpus(docs)
    for name in LABELLED:
        alone = group(corpora[name], params)
        beside = group(corpora[name], params, corpus=background)
        print(
            f"  {name:8s} alone: {len(alone):2d} clusters, largest {max(map(len, alone)):2d}"
            f" | beside: {len(beside):2d} clusters, largest {max(map(len, beside)):2d}"
        )
    print(f"\nseeds' story title: {story_title(corpora['seeds'], background)!r}")
    _distributions(corpora, background, params)


def _report(name: str, ids: set[str], clusters: list[list[str]]) -> None:
    touched = [c for c in clusters if ids & set(c)]
    largest = max(touched, key=lambda c: len(ids & set(c)))
    inside = len(ids & set(largest))
    print(
        f"{name:8s} {len(ids):3d}  {len(touched):8d}  {len(largest):7d}  "
        f"{inside / len(ids):10.2f}  {inside / len(largest):15.2f}"
    )


def _reprints(helsinki: list[Doc], clusters: list[list[str]]) -> None:
    """Pairs sharing over half their 8-word shingles: how many landed together."""
    where = {i: k for k, c in enumerate(clusters) for i in c}
    sets = [(d.id, shingles(d.body, 8)) for d in helsinki]
    total = together = 0
    for x, (a, sa) in enumerate(sets):
        for b, sb in sets[x + 1 :]:
            if min(len(sa), len(sb)) >= 200 and len(sa & sb) > 0.5 * min(len(sa), len(sb)):
                total += 1
                together += where[a] == where[b]
    print(f"helsinki reprint pairs (>50% shared 8-grams): {together}/{total} in one cluster")


def _distributions(corpora: dict[str, list[Doc]], corpus: Corpus, params: GroupingParams) -> None:
    """TF-IDF cosine of same-story and different-story pairs (no dates, no align)."""
    vecs = {
        name: [vector(doc_counts(d), corpus, params.max_terms) for d in ds]
        for name, ds in corpora.items()
    }
    groups: dict[str, list[float]] = {}
    names = list(vecs)
    for x, a in enumerate(names):
        for b in names[x:]:
            if a == b and a == "helsinki":
                continue  # unlabelled: several events
            key = (
                f"same story ({a})"
                if a == b
                else ("different, with seeds" if "seeds" in (a, b) else "different, others")
            )
            groups.setdefault(key, []).extend(_pairs(vecs[a], vecs[b], same=a == b))
    print("\nTF-IDF cosine             n     min    p10 median    p90    p99    max")
    for key, values in sorted(groups.items()):
        v = sorted(values)
        q = [
            v[0],
            v[len(v) // 10],
            statistics.median(v),
            v[9 * len(v) // 10],
            v[99 * len(v) // 100],
            v[-1],
        ]
        print(f"{key:22s} {len(v):6d} " + " ".join(f"{x:6.3f}" for x in q))
    print(f"(link threshold {params.tfidf_threshold})")


def _pairs(a: list[dict[str, float]], b: list[dict[str, float]], same: bool) -> list[float]:
    if same:
        return [cosine(a[i], a[j]) for i in range(len(a)) for j in range(i + 1, len(a))]
    return [cosine(x, y) for x in a for y in b]


if __name__ == "__main__":
    main()
