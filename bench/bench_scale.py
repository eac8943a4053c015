"""Parallax at scale: bulk import, candidate index, grouping and coverage on a big corpus.

Run: .venv/bin/python -m bench.bench_scale [--articles N] [--db PATH]
(needs ../shared beside the project; N defaults to 100,000, which takes about 15 minutes on
a 2-core machine, and about 2.5 GB of disk).

The corpus is synthetic but made of real text: the paragraphs (>= 12 words) of the
Helsinki set's articles, see `describe()`. Everything is imported through `parallax import`
(JSON Lines records with paragraphs, so no extraction), then figures are printed.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import json
import os
import random
import resource
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import typer
from sqlalchemy import text

from app import repo
from app.cli.main import cli
from app.config import Settings
from app.db import make_engine, read_session
from app.ingest import Extracted
from app.services import articles, candidates, compare, importer

ROOT = Path(__file__).resolve().parent.parent
HELSINKI = ROOT.parent / "shared/corpora/news/articlecomparisons/helsinki_articles.csv.gz"
SEED = 20181115
OUTLETS = 100
MIN_WORDS = 12
# Share of the words of every copy of a source paragraph replaced by a random corpus word:
# the Helsinki set has ~6,600 distinct paragraphs, so at 100,000 articles each would be
# reused ~200 times verbatim; replaced words make each use (mostly) its own text.
SCRAMBLE = 0.35
# Share of a wire paragraph's words a reprint edits (replaced), like a copy desk would.
REPRINT_EDITS = 0.02
FIRST_DAY = dt.date(2018, 7, 1)
DAYS = 365
FOOTER = (
    "Copyright 2018 {outlet}. All rights reserved. This material may not be published, "
    "broadcast, rewritten or redistributed."
)


def describe() -> str:
    return (
        f"Synthetic corpus (seed {SEED}) from the real paragraphs (>= {MIN_WORDS} words) of the "
        f"Helsinki set: articles come in stories of 1-30 articles (most 1-3) from {OUTLETS} "
        f"outlets, dated over {DAYS} days (a story's articles within a day). A story has 3-6 "
        f"'wire' paragraphs that every article of it reprints ({REPRINT_EDITS:.0%} of words "
        f"edited per reprint); each article adds 5-14 paragraphs of its own (8-20 in all), "
        f"then its outlet's copyright footer (boilerplate for the df cap). Every source "
        f"paragraph used has {SCRAMBLE:.0%} of its words replaced by random corpus words, so "
        f"that reuse of the ~6,600 paragraphs does not make unrelated articles overlap."
    )


@dataclass(frozen=True, slots=True)
class Synthetic:
    title: str
    outlet: str
    published: dt.date
    paragraphs: list[str]
    story: int

    def record(self) -> str:
        return json.dumps(
            {
                "title": self.title,
                "outlet": self.outlet,
                "published": self.published.isoformat(),
                "language": "en",
                "paragraphs": self.paragraphs,
            }
        )


class Generator:
    """Deterministic stream of synthetic articles, story by story."""

    def __init__(self, seed: int = SEED) -> None:
        csv.field_size_limit(1 << 30)
        with gzip.open(HELSINKI, "rt", encoding="utf-8") as stream:
            texts = [row["text"] for row in csv.DictReader(stream)]
        paragraphs = {
            p.strip() for t in texts for p in t.split(" ### ") if len(p.split()) >= MIN_WORDS
        }
        self.paragraphs = sorted(paragraphs)
        self.vocabulary = sorted({w for p in self.paragraphs for w in p.split()})
        self.rng = random.Random(seed)
        self.stories = 0

    def _scrambled(self, rate: float, paragraph: str | None = None) -> str:
        words = (paragraph or self.rng.choice(self.paragraphs)).split()
        rng, vocabulary = self.rng, self.vocabulary
        return " ".join(rng.choice(vocabulary) if rng.random() < rate else w for w in words)

    def _story_size(self) -> int:
        return min(30, int(self.rng.paretovariate(1.3)))

    def story(self, size: int | None = None, outlets: list[int] | None = None) -> list[Synthetic]:
        rng = self.rng
        size = size or self._story_size()
        self.stories += 1
        wire = [self._scrambled(SCRAMBLE) for _ in range(rng.randint(3, 6))]
        headline = " ".join(wire[0].split()[:9]).rstrip(",.;:")
        day = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
        chosen = outlets or rng.sample(range(OUTLETS), size)
        out = []
        for k in chosen[:size]:
            outlet = f"Outlet {k:03d}"
            own = [self._scrambled(SCRAMBLE) for _ in range(rng.randint(5, 14))]
            reprint = [self._scrambled(REPRINT_EDITS, p) for p in wire]
            at = rng.randint(0, len(own))
            body = own[:at] + reprint + own[at:] + [FOOTER.format(outlet=outlet)]
            out.append(
                Synthetic(
                    title=headline,
                    outlet=outlet,
                    published=day + dt.timedelta(days=rng.randint(0, 1)),
                    paragraphs=body,
                    story=self.stories,
                )
            )
        return out

    def articles(self, n: int) -> Iterator[Synthetic]:
        made = 0
        while made < n:
            for article in self.story()[: n - made]:
                made += 1
                yield article


def write_jsonl(path: Path, articles_: Iterator[Synthetic]) -> int:
    n = 0
    with path.open("w", encoding="utf-8") as stream:
        for article in articles_:
            stream.write(article.record() + "\n")
            n += 1
    return n


def rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    """Peak resident memory of this process, or (RUSAGE_CHILDREN) of the largest of its
    worker processes that have ended."""
    return resource.getrusage(who).ru_maxrss / 1024


def import_file(db: Path, path: Path) -> float:
    """`parallax import path` in this process; returns seconds taken."""
    args = ["import", str(path)]
    started = time.perf_counter()
    try:
        typer.main.get_command(cli).main(args=args, standalone_mode=False)
    except SystemExit as exc:  # typer.Exit: some records failed
        if exc.code:
            raise
    return time.perf_counter() - started


def request_for(article: Synthetic) -> importer.ImportRequest:
    extracted = Extracted(
        title=article.title,
        title_derived=False,
        byline=None,
        published=article.published,
        site_name=None,
        language="en",
        paragraphs=tuple(article.paragraphs),
        captions=(),
    )
    return importer.ImportRequest(
        content="\n\n".join(article.paragraphs),
        outlet=article.outlet,
        title=article.title,
        published=article.published,
        language="en",
        extracted=extracted,
    )


def remembered(
    articles_: Iterator[Synthetic], truth: dict[tuple[str, str, dt.date], int]
) -> Iterator[Synthetic]:
    """`articles_`, noting each one's generated story in `truth` as it passes."""
    for article in articles_:
        truth[(article.outlet, " ".join(article.title.split()), article.published)] = article.story
        yield article


def pair_agreement(labels: list[tuple[int, int | None]]) -> tuple[float, float]:
    """Pairwise precision and recall of formed stories against generated ones, from each
    article's (generated story, formed story): of the pairs put in one story, the share
    generated together, and of the pairs generated together, the share put in one."""
    pairs = lambda counts: sum(n * (n - 1) // 2 for n in counts.values())  # noqa: E731
    together = pairs(Counter(labels))
    formed = pairs(Counter(story for _, story in labels))
    generated = pairs(Counter(made for made, _ in labels))
    return together / formed if formed else 1.0, together / generated if generated else 1.0


def ms(values: list[float]) -> str:
    q = statistics.quantiles(values, n=20)
    return f"median {statistics.median(values) * 1000:7.1f} ms   p95 {q[18] * 1000:7.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/parallax-scale.db"))
    parser.add_argument("--probes", type=int, default=100, help="new articles to time")
    args = parser.parse_args()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{args.db}{suffix}").unlink(missing_ok=True)
    url = f"sqlite:///{args.db}"
    os.environ["PARALLAX_DATABASE_URL"] = url
    settings = Settings(database_url=url)
    print(describe())
    gen = Generator()
    print(f"{len(gen.paragraphs):,} source paragraphs, {len(gen.vocabulary):,} distinct words\n")

    # Bulk import in two steps, so peak memory can be read at 10% and at 100%.
    first = max(1, args.articles // 10)
    truth: dict[tuple[str, str, dt.date], int] = {}  # each article's generated story
    stream = remembered(gen.articles(args.articles), truth)
    rows: list[tuple[str, str]] = []
    rss: list[tuple[int, float, float]] = []
    imported = 0
    bulk_seconds = 0.0
    for part, count in (("a", first), ("b", args.articles - first)):
        path = args.db.with_name(f"{args.db.stem}-{part}.jsonl")
        started = time.perf_counter()
        written = write_jsonl(path, (next(stream) for _ in range(count)))
        generated = time.perf_counter() - started
        took = import_file(args.db, path)
        path.unlink()
        imported += written
        bulk_seconds += took
        rss.append((imported, rss_mb(), rss_mb(resource.RUSAGE_CHILDREN)))
        rows.append(
            (
                f"bulk import, articles {imported - written + 1:,}-{imported:,}",
                f"{written / took:8.0f} articles/s  ({took:.0f} s; generating took "
                f"{generated:.0f} s)",
            )
        )
    rows.append(
        ("bulk import, all", f"{imported / bulk_seconds:8.0f} articles/s  ({bulk_seconds:.0f} s)")
    )

    engine = make_engine(url)
    with read_session(engine) as session:
        count = lambda sql: session.execute(text(sql)).scalar_one()  # noqa: E731
        n_articles = count("SELECT count(*) FROM article")
        n_stories = count("SELECT count(*) FROM story")
        n_shingles = repo.index.count_shingles(session=session)
        n_staged = repo.index.count_staged_shingles(session=session)
        formed = session.execute(
            text(
                "SELECT o.name, a.title, a.published, a.story_id FROM article AS a "
                "JOIN outlet AS o ON o.id = a.outlet_id WHERE a.is_current"
            )
        ).all()
        try:
            pages = "SELECT sum(pgsize) FROM dbstat WHERE name IN ('shingle', 'shingle_staged')"
            index_mb = count(pages) / 2**20
            index_size = f"{index_mb:,.0f} MB"
        except Exception:  # dbstat is not compiled into every SQLite
            index_size = "n/a (no dbstat)"
    # Everything into the database file, and the write-ahead log emptied: its file keeps the
    # size of the largest batch written until the last connection closes.
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db_mb = sum(
        Path(f"{args.db}{s}").stat().st_size for s in ("", "-wal") if Path(f"{args.db}{s}").exists()
    )
    rows.append(
        ("database", f"{db_mb / 2**20:,.0f} MB; {n_articles:,} articles, {n_stories:,} stories")
    )
    precision, recall = pair_agreement(
        [
            (truth[(o, " ".join(t.split()), dt.date.fromisoformat(str(d)))], s)
            for o, t, d, s in formed
        ]
    )
    rows.append(
        (
            "stories against the generated ones",
            f"pairwise precision {precision:.4f}, recall {recall:.4f} "
            f"({len(set(truth.values())):,} generated)",
        )
    )
    rows.append(
        (
            "candidate index",
            f"{n_shingles:,} shingle rows ({n_shingles / n_articles:.0f} per article; "
            f"{n_staged:,} staged), {index_size}",
        )
    )

    # Candidates of new articles: each the one article of a new story, made like the stored
    # ones, so its candidates are stored articles that drew on the same source paragraphs.
    probes = [a for _ in range(args.probes) for a in gen.story(size=1)]
    lookup: list[float] = []
    found = 0
    with read_session(engine) as session:
        for article in probes:
            body = "\n\n".join(article.paragraphs)
            started = time.perf_counter()
            hits = candidates.overlapping_body(session, body, limit=20)
            lookup.append(time.perf_counter() - started)
            found += bool(hits)
    rows.append((f"candidates of a new article (n={len(probes)})", ms(lookup)))

    # Import + group + align: the articles of a new 100-outlet story, one by one, each
    # aligned with its top candidate (from the second on, a reprint imported before it).
    full: list[float] = []
    joined = 0
    for article in gen.story(size=min(args.probes, OUTLETS)):
        started = time.perf_counter()
        result = importer.import_content(engine, settings, request_for(article))
        with read_session(engine) as session:
            new = articles.get(session, result.article.id)
            top = candidates.overlapping(session, new, limit=1)
            if top:
                other = articles.get(session, top[0][0])
                compare.alignments(session=session, pairs=[(new, other)])
        full.append(time.perf_counter() - started)
        joined += bool(top)
    rows.append((f"import + group + align a new article (n={len(full)})", ms(full)))

    # Coverage matrix of a 30-outlet story.
    story = gen.story(size=30, outlets=list(range(30)))
    ids = [importer.import_content(engine, settings, request_for(a)).article.id for a in story]
    with read_session(engine) as session:
        members = [articles.get(session, i) for i in ids]
        story_ids = {m.story_id for m in members}
    for label, facts in (
        ("cold: aligns 435 pairs", False),
        ("warm: stored comparisons", False),
        ("with same facts, as the story page: analyses 435 pairs", True),
    ):
        started = time.perf_counter()
        with read_session(engine) as session:
            compare.among(session=session, members=members, facts=facts)
        rows.append(
            (
                f"coverage matrix, 30-outlet story ({label})",
                f"{time.perf_counter() - started:8.2f} s",
            )
        )
    engine.dispose()
    for at, peak, worker in rss:
        rows.append(
            (f"peak RSS after {at:,} articles", f"{peak:,.0f} MB (worker {worker:,.0f} MB)")
        )

    print()
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"{key:<{width}}  {value}")
    print(
        f"\n(30-outlet story landed in {len(story_ids)} story/stories; "
        f"{found}/{len(probes)} probes had candidates)"
    )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
