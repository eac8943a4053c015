"""A labelled grouping set (articles whose event is known) and how a grouping scores on it.

Used by bench/bench_stories.py. The set mixes real coverage of single events (census,
Spotify, the seeds), the invented reports of tests/stories/invented_events, unrelated news
pages from the extraction corpora (each its own event) and the Helsinki summit week
(several events, unlabelled: its articles are there to be confused with, and a story
joining one of them to a labelled article counts against precision, but pairs inside the
week are not scored).
"""

from __future__ import annotations

import gzip
import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields, replace
from pathlib import Path

from app.errors import InvalidInput
from app.ingest import extract_html
from app.stories import Doc
from tests.stories.corpora import load_csv, load_invented, load_seeds

# A grouping: docs in, stories (lists of doc ids) out, as app.stories.group.
Grouping = Callable[[Sequence[Doc]], list[list[str]]]
UNLABELLED = ""  # the event of an article whose event is not known (the Helsinki week)
PAGE = "page:"  # prefix of the event of an extraction-corpus page: one article, one event
GOAL_PRECISION, GOAL_RECALL = 0.95, 0.80  # issue 20's goal for a grouping


@dataclass(frozen=True, slots=True)
class Labelled:
    """Docs and the event of each (UNLABELLED when not known)."""

    docs: list[Doc]
    event: dict[str, str]

    def events(self) -> list[str]:
        """Events of more than one article, in order of first appearance."""
        sizes = Counter(self.event.values())
        return [e for e in dict.fromkeys(self.event.values()) if e and sizes[e] > 1]

    def pages(self) -> list[str]:
        return [e for e in dict.fromkeys(self.event.values()) if e.startswith(PAGE)]


def build(shared: Path) -> Labelled:
    """The labelled set from ../shared and the invented reports (about 820 articles)."""
    news = shared / "corpora" / "news" / "articlecomparisons"
    event: dict[str, str] = {}
    docs: list[Doc] = []

    def add(items: Iterable[Doc], label: Callable[[Doc], str]) -> None:
        for d in items:
            docs.append(d)
            event[d.id] = label(d)

    add(load_seeds(shared / "seeds"), lambda d: "seeds")
    add(load_csv(news / "census_articles.csv", "c"), lambda d: "census")
    add(load_csv(news / "spotify_articles.csv", "s"), lambda d: "spotify")
    invented = {r.file: r.event for r in load_invented()}
    add((r.doc() for r in load_invented()), lambda d: invented[d.id])
    add(load_pages(shared / "corpora" / "extraction"), lambda d: PAGE + d.id)
    add(load_csv(news / "helsinki_articles.csv.gz", "h"), lambda d: UNLABELLED)
    if len(event) != len(docs):
        raise ValueError("doc ids repeat across the sets")
    return Labelled(docs, event)


def load_pages(folder: Path) -> list[Doc]:
    """The extraction corpora's pages through the app's extractor; pages it refuses are
    left out, and so is a page whose title an earlier one had (the sets share a page or
    two). Ids are `x:<set>/<page>`."""
    paths = [
        *sorted(folder.glob("readability-news/*/source.html.gz")),
        *sorted(folder.glob("newspaper4k/*.html.gz")),
        *sorted(folder.glob("trafilatura-eval/html/*.html.gz")),
    ]
    docs = []
    titles: set[str] = set()
    for path in paths:
        name = path.parent.name if path.name == "source.html.gz" else path.name[: -len(".html.gz")]
        with gzip.open(path, "rt", encoding="utf-8", errors="replace") as f:
            html = f.read()
        try:
            page = extract_html(html)
        except InvalidInput:
            continue
        title = (page.title or "").casefold()
        if title and title in titles:
            continue
        titles.add(title)
        docs.append(
            Doc(
                id=f"x:{path.relative_to(folder).parts[0]}/{name}",
                title=page.title or "",
                body="\n\n".join(page.paragraphs),
                published=page.published,
            )
        )
    return docs


def strip_dates(labelled: Labelled, share: float = 0.5) -> list[Doc]:
    """The docs with `share` of each event's dates removed; which ones is decided by a
    hash of the id, so every run strips the same. One-page events are taken together
    (else none would lose its date), as is the unlabelled week."""
    strata: dict[str, list[Doc]] = {}
    for d in labelled.docs:
        e = labelled.event[d.id]
        strata.setdefault(PAGE if e.startswith(PAGE) else e, []).append(d)
    undated: set[str] = set()
    for members in strata.values():
        ranked = sorted(members, key=lambda d: hashlib.sha1(d.id.encode()).hexdigest())
        undated.update(d.id for d in ranked[: round(share * len(ranked))])
    return [replace(d, published=None) if d.id in undated else d for d in labelled.docs]


@dataclass(frozen=True, slots=True)
class EventScore:
    """How one event fared: its articles, the stories holding them, and the pairs of one
    of its articles with any labelled article that a story put together."""

    articles: int
    stories: int
    largest: int  # of the event's articles, how many are in its largest story
    pairs: int
    correct: int  # of those pairs, both from the event

    @property
    def recall(self) -> float:
        """Largest-story recall: share of the event's articles in its largest story."""
        return self.largest / self.articles

    @property
    def precision(self) -> float | None:
        return self.correct / self.pairs if self.pairs else None


@dataclass(frozen=True, slots=True)
class Scores:
    events: dict[str, EventScore]
    pairs: int  # all pairs sharing a story, except those of two unlabelled articles
    correct: int
    unlabelled_stories: int  # stories holding the unlabelled articles
    unlabelled_largest: int

    @property
    def precision(self) -> float | None:
        return self.correct / self.pairs if self.pairs else None

    def total(self, events: Sequence[str]) -> EventScore:
        """The events taken together (sums; `largest` sums each event's own)."""
        rows = [self.events[e] for e in events]
        return EventScore(*(sum(getattr(r, f.name) for r in rows) for f in fields(EventScore)))


def score(stories: Sequence[Sequence[str]], event: dict[str, str]) -> Scores:
    """Pair precision and largest-story recall of `stories` against the labels."""
    sizes = Counter(event.values())
    touched: Counter[str] = Counter()
    largest: Counter[str] = Counter()
    pairs: Counter[str] = Counter()
    correct: Counter[str] = Counter()
    all_pairs = all_correct = 0
    for story in stories:
        counts = Counter(event[i] for i in story)
        n, u = len(story), counts[UNLABELLED]
        all_pairs += _pairs(n) - _pairs(u)
        for e, k in counts.items():
            touched[e] += 1
            largest[e] = max(largest[e], k)
            if e == UNLABELLED:
                continue
            pairs[e] += _pairs(k) + k * (n - k)
            correct[e] += _pairs(k)
            all_correct += _pairs(k)
    events = {
        e: EventScore(sizes[e], touched[e], largest[e], pairs[e], correct[e])
        for e in sizes
        if e != UNLABELLED
    }
    return Scores(events, all_pairs, all_correct, touched[UNLABELLED], largest[UNLABELLED])


def _pairs(k: int) -> int:
    return k * (k - 1) // 2


def table(labelled: Labelled, results: dict[str, Scores]) -> list[str]:
    """Lines of a table: one row per event, one block of columns per grouping."""
    pages, events = labelled.pages(), labelled.events()
    week = sum(1 for e in labelled.event.values() if e == UNLABELLED)

    def line(label: str, articles: object, cells: Iterable[tuple[object, str, str]]) -> str:
        return f"{label:28.28s}{articles!s:>5s}" + "".join(
            f" | {s!s:>7s} {r:>7s} {p:>9s}" for s, r, p in cells
        )

    scores = list(results.values())
    lines = [
        f"{'':33s}" + "".join(f" | {name:^25.25s}" for name in results),
        line("event", "arts", [("stories", "recall", "precision")] * len(scores)),
    ]
    for e in events:
        rows = [s.events[e] for s in scores]
        lines.append(
            line(
                e,
                rows[0].articles,
                [(r.stories, f"{r.recall:.2f}", _fmt(r.precision)) for r in rows],
            )
        )
    lines += [
        line(
            "pages (one event each)",
            len(pages),
            [("", "", _fmt(s.total(pages).precision)) for s in scores],
        ),
        line(
            "  pages sharing a story",
            "",
            [(sum(s.events[p].pairs > 0 for p in pages), "", "") for s in scores],
        ),
        line(
            "helsinki week (unscored)",
            week,
            [(s.unlabelled_stories, f"max {s.unlabelled_largest}", "") for s in scores],
        ),
        line("all pairs", "", [("", "", _fmt(s.precision)) for s in scores]),
        line(
            f"events >= {GOAL_RECALL:.0%} in largest",
            len(events),
            [(sum(s.events[e].recall >= GOAL_RECALL for e in events), "", "") for s in scores],
        ),
    ]
    return lines


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"
