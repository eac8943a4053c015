"""The labelled set imported as a user imports it, and the stories Parallax forms of it.

Used by bench/bench_stories.py. `group()` on the labelled docs is not what a user gets:
a user imports raw pages and texts (`parallax import`: full extraction, then each
article placed in a story at its turn, `app.stories.choose_story`), into a database
that may hold nothing else, so idf comes from their own articles alone. Here each
labelled article goes in as its raw input (a CSV row as plain text, its paragraphs on
lines of their own; a seed or invented report as text, headline first; an extraction
page as HTML) through the bulk importer the command runs, into a fresh SQLite database
in a temporary folder; the stories read back are lists of labelled ids, as `group()`
returns them, so `labelled_events.score` scores them.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import json
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import Engine

from app import repo
from app.config import Settings
from app.errors import ParallaxError
from app.services import importer
from app.services.bulk_import import BulkImporter
from app.services.database import open_database, reading
from app.services.stories import doc_of
from app.stories import GroupingParams, group
from bench.labelled_events import Labelled
from tests.stories.corpora import load_invented

# What a user would have saved: the raw input of each labelled article, by id.
Raw = dict[str, tuple[str, importer.Format]]


@dataclass(frozen=True, slots=True)
class Imported:
    """The stories of one import (labelled ids; an article the importer refused is a story
    of its own), those `group()` forms of the stored articles (`parallax regroup --all`),
    how many articles were refused or found already present, and how many are dated."""

    placed: list[list[str]]
    regrouped: list[list[str]]
    failed: int
    present: int
    dated: int  # stored articles with a date (given, or found in the text)


def raw_inputs(shared: Path) -> Raw:
    """The raw text or HTML of every article `labelled_events.build` labels, by its id."""
    news = shared / "corpora" / "news" / "articlecomparisons"
    raw: Raw = {}
    manifest = json.loads((shared / "seeds" / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest:
        text = (shared / "seeds" / entry["file"]).read_text(encoding="utf-8")
        raw[entry["file"].split("_")[0]] = (text, "text")
    for name, prefix in (("census", "c"), ("spotify", "s"), ("helsinki", "h")):
        path = news / f"{name}_articles.csv"
        if not path.exists():
            path = path.with_name(path.name + ".gz")
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                paragraphs = [p.strip() for p in row["text"].split(" ### ")]
                raw[f"{prefix}{row['id']}"] = ("\n\n".join(paragraphs), "text")
    for report in load_invented():
        raw[report.file] = (f"{report.headline}\n\n{report.body}", "text")
    pages = shared / "corpora" / "extraction"
    for path in pages.rglob("*.html.gz"):
        if path.name == "expected.html.gz":
            continue
        name = path.parent.name if path.name == "source.html.gz" else path.name[: -len(".html.gz")]
        with gzip.open(path, "rt", encoding="utf-8", errors="replace") as f:
            raw[f"x:{path.relative_to(pages).parts[0]}/{name}"] = (f.read(), "html")
    return raw


def import_labelled(
    labelled: Labelled,
    raw: Raw,
    published: Callable[[str], dt.date | None],
    ids: Sequence[str] | None = None,
) -> Imported:
    """Import the labelled articles `ids` (all, by default; in that order) into a fresh
    database, each dated `published(id)` as a user's manifest would date it (None: the
    importer finds a date in the text or leaves it undated), and read back the stories."""
    order = list(ids) if ids is not None else [d.id for d in labelled.docs]
    with tempfile.TemporaryDirectory(prefix="parallax-bench-") as folder:
        settings = Settings(database_url=f"sqlite:///{folder}/parallax.db")
        engine = open_database(settings.database_url)
        try:
            stored, counts = store(engine, settings, order, raw, published)
            with reading(engine) as session:
                current = repo.articles.current_articles(session=session)
                story_of = {a.id: a.story_id for a in current}
                docs = [doc_of(a) for a in current]
        finally:
            engine.dispose()
    placed = _by_story(order, stored, story_of)
    # `parallax regroup --all`: group() over the stored articles, idf from them alone.
    clusters = group(docs, GroupingParams())
    cluster_of = {article: k for k, members in enumerate(clusters) for article in members}
    regrouped = _by_story(order, stored, cluster_of)
    dated = sum(d.published is not None for d in docs)
    return Imported(placed, regrouped, counts["failed"], counts["present"], dated)


def store(
    engine: Engine,
    settings: Settings,
    order: Sequence[str],
    raw: Raw,
    published: Callable[[str], dt.date | None],
) -> tuple[dict[str, str], dict[str, int]]:
    """Import the raw inputs of the labelled ids `order`, in that order, through the bulk
    importer into `engine`'s database; return labelled id -> stored article id, and how
    many were refused ("failed") or found already present ("present")."""
    stored: dict[str, str] = {}
    counts = {"failed": 0, "present": 0}

    def report(doc_id: str, outcome: importer.ImportResult | ParallaxError) -> None:
        if isinstance(outcome, ParallaxError):
            counts["failed"] += 1
            return
        counts["present"] += not outcome.created
        assert outcome.article.id is not None
        stored[doc_id] = outcome.article.id

    with BulkImporter[str](engine, settings, report, expected=len(order)) as bulk:
        for doc_id, request in _requests(order, raw, published):
            bulk.add(request, doc_id)
    return stored, counts


def _requests(
    order: Sequence[str], raw: Raw, published: Callable[[str], dt.date | None]
) -> Iterator[tuple[str, importer.ImportRequest]]:
    for doc_id in order:
        content, fmt = raw[doc_id]
        yield (
            doc_id,
            importer.ImportRequest(
                content=content,
                format=fmt,
                source="file",
                source_name=doc_id,
                published=published(doc_id),
            ),
        )


def _by_story(
    order: Sequence[str], stored: Mapping[str, str], story_of: Mapping[str, object]
) -> list[list[str]]:
    """Labelled ids grouped by the story of their stored article (an article imported
    twice, as identical text, sits in its story twice); a refused one alone."""
    stories: dict[object, list[str]] = {}
    alone = []
    for doc_id in order:
        if doc_id in stored:
            stories.setdefault(story_of[stored[doc_id]], []).append(doc_id)
        else:
            alone.append([doc_id])
    return [*stories.values(), *alone]
