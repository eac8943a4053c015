"""Developing stories: stories linked into threads, against a wider story window; prints figures.

Run: .venv/bin/python -m bench.bench_threads [--import]   (needs ../shared beside the
project). On the labelled set of bench/labelled_events.py, whose invented Curlew reports
are one developing event over five news days (tests/stories/invented_events):

- per labelled event, with its dates: the stories holding it, largest-story recall and
  pair precision (stories are one news event each: the Curlew's news days are scored
  apart), then the threads `app.stories.threads.link` makes of those stories: largest
  thread recall and pair precision (a thread is the developing event: the Curlew's news
  days are scored together); with all dates, half of them, and none;
- the alternative: one story holding it all, by widening the story window instead
  (`GroupingParams.window_days`), scored the same way, with the alignments a story page
  then runs (every pair of a story's articles);
- with --import: the set imported through Parallax's importer as a user would, and the
  developing story of every story as its page computes it (`services.threads`): the
  threads scored, the time per story, and a story page's time with and without it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from fastapi.testclient import TestClient

from app import repo
from app.config import Settings
from app.main import create_app
from app.services import stories as story_service
from app.services import threads as thread_service
from app.services.database import open_database, reading
from app.stories import Corpus, Doc, GroupingParams, group
from app.stories.threads import StoryDocs, ThreadParams, link
from bench.labelled_events import (
    PAGE,
    UNLABELLED,
    Labelled,
    Scores,
    build,
    score,
    strip_dates,
)
from bench.labelled_import import Raw, import_labelled, raw_inputs, store
from tests.stories.corpora import load_invented

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
THREAD = "curlew-aircraft"  # the invented developing event
TRAP = "sollas-landing"  # an unrelated event on the same days, in the same words
WIDER = (3, 30, 120)  # story windows (days) tried instead of threads
# (link, merge_ratio) pairs the defaults are compared with.
SWEEP = ((0.20, 0.5), (0.25, 0.5), (0.30, 0.5), (0.35, 0.5), (0.25, 0.3), (0.25, 0.7))


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--import", dest="imported", action="store_true", help="also import the set and time pages"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    labelled = build(SHARED)
    threads = thread_labels(labelled)
    print(f"labelled set: {len(labelled.docs)} articles; {ThreadParams()}\n{GroupingParams()}")
    conditions = {
        "with dates": labelled.docs,
        "half undated": strip_dates(labelled),
        "undated": [replace(d, published=None) for d in labelled.docs],
    }
    for condition, docs in conditions.items():
        dated = sum(d.published is not None for d in docs)
        print(f"\n{condition} ({dated} of {len(docs)} dated)")
        t = time.perf_counter()
        stories = group(docs, GroupingParams())
        took_group = time.perf_counter() - t
        t = time.perf_counter()
        linked = link_stories(stories, docs)
        took_link = time.perf_counter() - t
        print(f"group() {took_group:.1f} s, link() {took_link:.2f} s")
        for line in table(labelled, threads, stories, linked):
            print(line)
        print(f"\n  threads at other settings ({condition})")
        for line in sweep(labelled, threads, stories, docs):
            print(line)
        print(f"\n  one story holding it all instead ({condition}): the story window widened")
        for line in wider(labelled, threads, docs):
            print(line)
    if args.imported:
        imported_figures(labelled, threads)
    print(f"\nelapsed: {time.perf_counter() - started:.1f} s")


def thread_labels(labelled: Labelled) -> dict[str, str]:
    """Each article's developing event: the invented reports' `thread`, else its event."""
    of_event = {r.event: r.thread for r in load_invented()}
    return {i: of_event.get(e, e) for i, e in labelled.event.items()}


def link_stories(
    stories: Sequence[Sequence[str]], docs: Sequence[Doc], params: ThreadParams | None = None
) -> list[list[str]]:
    """The threads of `stories` (lists of doc ids) as lists of doc ids, idf from `docs`."""
    by_id = {d.id: d for d in docs}
    keyed = [StoryDocs(str(k), tuple(by_id[i] for i in s)) for k, s in enumerate(stories)]
    threads = link(keyed, params, Corpus(docs))
    return [[i for key in t.keys for i in stories[int(key)]] for t in threads]


def table(
    labelled: Labelled,
    threads: dict[str, str],
    stories: Sequence[Sequence[str]],
    linked: Sequence[Sequence[str]],
) -> list[str]:
    """One row per labelled event (the Curlew thread, then each of its news days): its
    dates; its stories (count, largest-story recall, pair precision against the news-day
    labels); its threads (count, largest-thread recall, pair precision against the
    developing-event labels)."""
    by_event, by_thread = score(stories, labelled.event), score(stories, threads)
    t_event, t_thread = score(linked, labelled.event), score(linked, threads)
    days = _dates(labelled, threads)
    lines = [
        f"{'event':26s}{'arts':>5s} {'dates':23s} | {'stories':>7s} {'recall':>6s} "
        f"{'prec':>6s} | {'threads':>7s} {'recall':>6s} {'prec':>6s}"
    ]

    def row(label: str, name: str, s: Scores, t: Scores, precision: float | None) -> str:
        e, th = s.events[name], t.events[name]
        return (
            f"{label:26.26s}{e.articles:5d} {days.get(name, ''):23s} | {e.stories:7d} "
            f"{e.recall:6.2f} {_fmt(e.precision):>6s} | {th.stories:7d} {th.recall:6.2f} "
            f"{_fmt(precision):>6s}"
        )

    news_days = [e for e in labelled.events() if threads[_first(labelled, e)] == THREAD]
    lines.append(
        row(f"{THREAD} (all)", THREAD, by_thread, t_thread, t_thread.events[THREAD].precision)
    )
    for e in news_days:
        precision = _thread_precision(linked, labelled, threads, e)
        lines.append(row(f"  {e}", e, by_event, t_event, precision))
    for e in labelled.events():
        if e not in news_days:
            lines.append(row(e, e, by_event, t_thread, t_thread.events[e].precision))
    pages = labelled.pages()
    for name, s in (("story", by_event), ("thread", t_thread)):
        sharing = sum(s.events[p].pairs > 0 for p in pages)
        lines.append(
            f"pages, one event each: {len(pages)}; {sharing} share a {name} with another "
            f"article (precision {_fmt(s.total(pages).precision)})"
        )
    lines += [
        f"helsinki week (unscored): {by_event.unlabelled_stories} stories, largest "
        f"{by_event.unlabelled_largest}; {t_thread.unlabelled_stories} threads, largest "
        f"{t_thread.unlabelled_largest}",
        f"all pairs: stories {_fmt(by_event.precision)} against the news days, "
        f"{_fmt(by_thread.precision)} against the developing events; threads "
        f"{_fmt(t_thread.precision)} against the developing events",
    ]
    return lines


def _first(labelled: Labelled, event: str) -> str:
    return next(i for i, e in labelled.event.items() if e == event)


def _thread_precision(
    clusters: Sequence[Sequence[str]], labelled: Labelled, threads: dict[str, str], event: str
) -> float | None:
    """Pair precision of one news day's articles in `clusters`, a pair being right when
    both are of the same developing event (`score` judges against one label map only)."""
    thread = threads[_first(labelled, event)]
    pairs = correct = 0
    for cluster in clusters:
        k = sum(labelled.event[i] == event for i in cluster)
        same = sum(threads[i] == thread for i in cluster)
        pairs += k * (k - 1) // 2 + k * (len(cluster) - k)
        correct += k * (k - 1) // 2 + k * (same - k)
    return correct / pairs if pairs else None


def wider(labelled: Labelled, threads: dict[str, str], docs: Sequence[Doc]) -> list[str]:
    """The Curlew and the precision of all pairs when the story window is widened."""
    lines = [
        f"  {'window':>8s} | {'Curlew stories':>14s} {'recall':>6s} {'pairs aligned':>13s} "
        f"| {'all pairs: news days':>20s} {'developing':>10s} | {'pages sharing':>13s}"
    ]
    pages = labelled.pages()
    for days in WIDER:
        stories = group(docs, replace(GroupingParams(), window_days=days))
        by_event, by_thread = score(stories, labelled.event), score(stories, threads)
        curlew = by_thread.events[THREAD]
        # What the Curlew's story pages align: every pair of articles within a story.
        aligned = sum(
            len(s) * (len(s) - 1) // 2 for s in stories if any(threads[i] == THREAD for i in s)
        )
        lines.append(
            f"  {days:6d} d | {curlew.stories:14d} {curlew.recall:6.2f} {aligned:13d} | "
            f"{_fmt(by_event.precision):>20s} {_fmt(by_thread.precision):>10s} | "
            f"{sum(by_event.events[p].pairs > 0 for p in pages):13d}"
        )
    return lines


def sweep(
    labelled: Labelled,
    threads: dict[str, str],
    stories: Sequence[Sequence[str]],
    docs: Sequence[Doc],
) -> list[str]:
    """Threads at other link thresholds and merge guards: what the defaults were chosen on."""
    lines = [
        f"  {'link':>5s} {'merge':>5s} | {'Curlew threads':>14s} {'recall':>6s} {'prec':>6s} "
        f"| {'trap prec':>9s} | {'pages sharing':>13s} | {'all pairs':>9s} | "
        f"{'largest helsinki':>16s}"
    ]
    pages = labelled.pages()
    for link_at, merge in SWEEP:
        params = replace(ThreadParams(), link=link_at, merge_ratio=merge)
        s = score(link_stories(stories, docs, params), threads)
        curlew = s.events[THREAD]
        lines.append(
            f"  {link_at:5.2f} {merge:5.2f} | {curlew.stories:14d} {curlew.recall:6.2f} "
            f"{_fmt(curlew.precision):>6s} | {_fmt(s.events[TRAP].precision):>9s} | "
            f"{sum(s.events[p].pairs > 0 for p in pages):13d} | {_fmt(s.precision):>9s} | "
            f"{s.unlabelled_largest:16d}"
        )
    return lines


def imported_figures(labelled: Labelled, threads: dict[str, str]) -> None:
    """The set imported as a user would (all dated), then every story's developing story
    as its page finds it: threads scored, time per story, a story page's time."""
    raw = raw_inputs(SHARED)
    dates = {d.id: d.published for d in labelled.docs}
    with tempfile.TemporaryDirectory(prefix="parallax-bench-") as folder:
        settings = Settings(database_url=f"sqlite:///{folder}/parallax.db")
        engine = open_database(settings.database_url)
        try:
            t = time.perf_counter()
            order = [d.id for d in labelled.docs]
            stored, counts = store(engine, settings, order, raw, dates.get)
            print(
                f"\nimported {len(stored)} articles in {time.perf_counter() - t:.1f} s "
                f"({counts['failed']} refused)"
            )
            labelled_of = {article: doc_id for doc_id, article in stored.items()}
            with reading(engine) as session:
                current = repo.articles.current_articles(session=session)
                story_of = {a.id: a.story_id for a in current}
                members: dict[int, list[str]] = {}
                for a in current:
                    if a.story_id is not None and a.id in labelled_of:
                        members.setdefault(a.story_id, []).append(labelled_of[a.id])
                took: list[float] = []
                seen: dict[int, frozenset[int]] = {}
                for story_id in sorted(members):
                    t = time.perf_counter()
                    found = thread_service.developing(session, story_id)
                    took.append(time.perf_counter() - t)
                    shown = {s.id for s in found.stories} if found else {story_id}
                    seen[story_id] = frozenset(shown)
            _score_service(labelled, threads, members, seen)
            print(
                f"developing() per story, each asked once: median "
                f"{1000 * statistics.median(took):.1f} ms, 90th percentile "
                f"{1000 * statistics.quantiles(took, n=10)[-1]:.1f} ms, max "
                f"{1000 * max(took):.1f} ms over {len(took)} stories"
            )
            curlew = {story_of[stored[i]] for i in stored if threads.get(i) == THREAD}
            _page_times(settings, sorted(s for s in curlew if s is not None), members)
        finally:
            engine.dispose()
    _import_wider(labelled, threads, raw)


def _import_wider(labelled: Labelled, threads: dict[str, str], raw: Raw) -> None:
    """The alternative on the import path: the set imported with the story window widened
    to the thread window, its stories as placed."""
    days = ThreadParams().window_days
    dates = {d.id: d.published for d in labelled.docs}
    kept = story_service.GROUPING_PARAMS
    story_service.GROUPING_PARAMS = replace(kept, window_days=days)
    try:
        t = time.perf_counter()
        placed = import_labelled(labelled, raw, dates.get).placed
    finally:
        story_service.GROUPING_PARAMS = kept
    s, by_event = score(placed, threads), score(placed, labelled.event)
    curlew = s.events[THREAD]
    print(
        f"imported with a {days}-day story window instead ({time.perf_counter() - t:.1f} s): "
        f"the Curlew in {curlew.stories} stories (largest recall {curlew.recall:.2f}, "
        f"precision {_fmt(curlew.precision)}); trap precision {_fmt(s.events[TRAP].precision)}; "
        f"all pairs {_fmt(by_event.precision)} against the news days, {_fmt(s.precision)} "
        f"against the developing events; pages sharing a story "
        f"{sum(by_event.events[p].pairs > 0 for p in labelled.pages())}"
    )


def _score_service(
    labelled: Labelled,
    threads: dict[str, str],
    members: dict[int, list[str]],
    seen: dict[int, frozenset[int]],
) -> None:
    """Score the threads pages show: stories joined when one's page lists the other."""
    parent = {s: s for s in members}

    def find(s: int) -> int:
        while parent[s] != s:
            parent[s] = parent[parent[s]]
            s = parent[s]
        return s

    for story_id, shown in seen.items():
        for other in shown:
            if other in parent:
                parent[find(other)] = find(story_id)
    joined: dict[int, list[str]] = {}
    for story_id, ids in members.items():
        joined.setdefault(find(story_id), []).extend(ids)
    # Pages that disagree: a story whose page lists another whose page does not list it;
    # how many of them hold a labelled article (the rest: the Helsinki week's alone).
    disagree = [(s, o) for s, shown in seen.items() for o in shown if s not in seen.get(o, {o})]
    labelled_too = sum(
        any(threads[i] != UNLABELLED for i in members[s] + members[o]) for s, o in disagree
    )
    stories = score(list(members.values()), threads)
    linked = score(list(joined.values()), threads)
    curlew_s, curlew_t = stories.events[THREAD], linked.events[THREAD]
    pages = labelled.pages()
    print(
        f"as placed at import: the Curlew in {curlew_s.stories} stories (largest recall "
        f"{curlew_s.recall:.2f}); its pages' developing story: {curlew_t.stories} thread(s), "
        f"recall {curlew_t.recall:.2f}, precision {_fmt(curlew_t.precision)}; trap "
        f"precision {_fmt(linked.events[TRAP].precision)}; all pairs "
        f"{_fmt(stories.precision)} -> {_fmt(linked.precision)}; pages sharing a thread "
        f"{sum(linked.events[p].pairs > 0 for p in pages)}; story pages listing one that "
        f"does not list them back: {len(disagree)} ({labelled_too} with a labelled article)"
    )


def _page_times(settings: Settings, curlew: list[int], members: dict[int, list[str]]) -> None:
    """Median time of a warm story page (alignments stored, rendered pages not kept),
    with the developing story and without it, for a Curlew story and a larger one."""
    app = create_app(settings.model_copy(update={"page_cache_mb": 0}))
    largest = max((s for s in members if len(members[s]) <= 12), key=lambda s: len(members[s]))
    developing = thread_service.developing
    with TestClient(app) as client:
        for story_id in [curlew[0], largest]:
            client.get(f"/stories/{story_id}")  # aligns and stores every pair
            times = {}
            for label, compute in (("with", developing), ("without", _none)):
                thread_service.developing = compute
                samples = []
                for _ in range(5):
                    t = time.perf_counter()
                    assert client.get(f"/stories/{story_id}").status_code == 200
                    samples.append(time.perf_counter() - t)
                times[label] = statistics.median(samples)
            thread_service.developing = developing
            print(
                f"story page {story_id} ({len(members[story_id])} articles): "
                f"{1000 * times['with']:.0f} ms with the developing story, "
                f"{1000 * times['without']:.0f} ms without"
            )


def _none(*_args: object, **_kwargs: object) -> None:
    return None


def _dates(labelled: Labelled, threads: dict[str, str]) -> dict[str, str]:
    """Each event's (and thread's) first and last date, as the labelled docs give them."""
    found: dict[str, list[dt.date]] = {}
    for d in labelled.docs:
        if d.published is None:
            continue
        for name in {labelled.event[d.id], threads[d.id]}:
            if name and not name.startswith(PAGE) and name != UNLABELLED:
                found.setdefault(name, []).append(d.published)
    out = {}
    for name, days in found.items():
        first, last = min(days), max(days)
        out[name] = f"{first}" if first == last else f"{first}..{last}"
    return out


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


if __name__ == "__main__":
    main()
