"""Plain-text import of the Helsinki week: AP ledes kept, and the share of junk headlines.

Reads ../shared/corpora/news/articlecomparisons/helsinki_articles.csv.gz (612 scraped
articles, paragraphs joined by " ### "), imports each as a plain text with one blank line
between paragraphs, and prints, for the extractor as it was (no lede rules, the nearest
short line as headline) and as it is, in the same run:
- how many articles open their story with a wire dateline ("HELSINKI (AP) — ...") and
  how many of those keep that paragraph in the body;
- the share of headlines the independent checker in bench/headline_junk.py calls junk,
  by kind, and how many articles got an "Untitled: ..." headline.

    .venv/bin/python -m bench.bench_helsinki [--show-junk]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import re
import sys
import warnings
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.errors import InvalidInput  # noqa: E402
from app.ingest.extract_text import TextParams, extract_text_with  # noqa: E402
from bench.headline_junk import junk_kind  # noqa: E402

HELSINKI = ROOT.parent / "shared" / "corpora" / "news" / "articlecomparisons"
HELSINKI_CSV = HELSINKI / "helsinki_articles.csv.gz"
# A paragraph that opens an AP story: "HELSINKI (AP) — ", "WASHINGTON (AP) -- ".
AP_LEDE = re.compile(r"^[A-Z][A-Za-z .,'/-]{1,60}\(AP\) (—|–|--?) ")
SETTINGS = (
    ("as it was", TextParams(keep_ledes=False, headline_rules=False)),
    ("as it is", TextParams()),
)


@dataclass(frozen=True)
class Row:
    id: str
    publisher: str
    paragraphs: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def ap_lede(self) -> str | None:
        """The first paragraph that opens an AP story, whitespace-normalised."""
        found = next((p for p in self.paragraphs if AP_LEDE.match(p)), None)
        return " ".join(found.split()) if found else None


def helsinki_rows(path: Path = HELSINKI_CSV) -> Iterator[Row]:
    csv.field_size_limit(10**9)
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            paragraphs = tuple(p.strip() for p in row["text"].split(" ### ") if p.strip())
            yield Row(row["id"], row["publisher"], paragraphs)


@dataclass
class Tally:
    imported: int = 0
    refused: int = 0
    ap: int = 0
    ap_kept: int = 0
    untitled: int = 0
    junk: Counter[str] | None = None


def run(rows: list[Row], params: TextParams, show: bool) -> Tally:
    tally = Tally(junk=Counter())
    assert tally.junk is not None
    for row in rows:
        try:
            got = extract_text_with(row.text, params)
        except InvalidInput:
            tally.refused += 1
            continue
        tally.imported += 1
        if lede := row.ap_lede:
            tally.ap += 1
            tally.ap_kept += lede in got.paragraphs
            if show and lede not in got.paragraphs:
                print(f"    lost AP lede: {row.id} {row.publisher}: {lede[:70]}")
        title = got.title or ""
        tally.untitled += got.title_derived
        if kind := junk_kind(title):
            tally.junk[kind] += 1
            if show:
                print(f"    junk ({kind}): {row.id} {row.publisher}: {title[:80]}")
    return tally


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-junk", action="store_true", help="list junk and lost ledes")
    args = parser.parse_args()
    if not HELSINKI_CSV.exists():
        sys.exit(f"{HELSINKI_CSV} is missing: this benchmark needs ../shared beside the project.")
    warnings.simplefilter("ignore")
    rows = list(helsinki_rows())
    head = f"{'extractor':10} {'articles':>8} {'refused':>7} {'AP ledes kept':>14}"
    head += f" {'junk headlines':>15} {'untitled':>8}"
    print(head)
    print("-" * len(head))
    kinds: dict[str, Counter[str]] = {}
    for name, params in SETTINGS:
        if args.show_junk:
            print(f"  {name}:")
        t = run(rows, params, args.show_junk)
        assert t.junk is not None
        kinds[name] = t.junk
        junk = sum(t.junk.values())
        print(
            f"{name:10} {t.imported:8d} {t.refused:7d} {f'{t.ap_kept}/{t.ap}':>14}"
            f" {f'{junk} ({junk / t.imported:.1%})':>15} {t.untitled:8d}"
        )
    print("\njunk headlines by kind:")
    for name, counter in kinds.items():
        listed = ", ".join(f"{k} {n}" for k, n in counter.most_common()) or "none"
        print(f"  {name:10} {listed}")


if __name__ == "__main__":
    main()
