"""Extraction quality on real pages: our extract_html beside raw trafilatura.

Reads ../shared/corpora/extraction (see its README) and prints, per set, body
precision/recall/F1, title/byline/date accuracy and time per page, then the worst pages.
The same pages saved as plain text (one line per block element, as a browser's "save as
text" does) go through extract_text too, with its lede and headline rules off ("text,
as it was") and on ("text"), in the same run.

    .venv/bin/python bench/bench_extraction.py [--favor-precision] [--favor-recall] [--no-rules]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.errors import InvalidInput  # noqa: E402
from app.ingest.extract_html import HtmlParams, extract_html_with  # noqa: E402
from app.ingest.extract_text import TextParams, extract_text_with  # noqa: E402

CORPORA = ROOT.parent / "shared" / "corpora" / "extraction"
WORST = 5


@dataclass
class Page:
    name: str
    html: str
    url: str | None
    gold_text: str | None  # for bag-of-words sets
    with_: list[str] = field(default_factory=list)  # snippet set: must be extracted
    without: list[str] = field(default_factory=list)  # snippet set: must not be
    title: str | None = None
    byline: str | None = None
    date: str | None = None


@dataclass
class Output:
    text: str
    title: str | None
    byline: str | None
    date: str | None
    seconds: float


@dataclass
class Score:
    tp: float
    fp: float
    fn: float

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _gz(path: Path) -> str:
    with gzip.open(path, "rb") as handle:
        return handle.read().decode("utf-8", errors="replace")


def _html_text(html: str) -> str:
    import lxml.html

    return str(lxml.html.fromstring(html).text_content())


def _str(value: object) -> str | None:
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    return value if isinstance(value, str) and value else None


def readability_pages() -> Iterator[Page]:
    for folder in sorted(p for p in (CORPORA / "readability-news").iterdir() if p.is_dir()):
        meta = json.loads((folder / "expected-metadata.json").read_text(encoding="utf-8"))
        yield Page(
            name=folder.name,
            html=_gz(folder / "source.html.gz"),
            url=None,
            gold_text=_html_text(_gz(folder / "expected.html.gz")),
            title=meta.get("title"),
            byline=meta.get("byline"),
            date=(meta.get("publishedTime") or "")[:10] or None,
        )


def trafilatura_pages() -> Iterator[Page]:
    folder = CORPORA / "trafilatura-eval"
    data = json.loads((folder / "evaldata-subset.json").read_text(encoding="utf-8"))
    for url, item in sorted(data.items()):
        yield Page(
            name=Path(item["file"]).name.removesuffix(".html.gz"),
            html=_gz(folder / item["file"]),
            url=url,
            gold_text=None,
            with_=list(item.get("with") or []),
            without=list(item.get("without") or []),
            title=_str(item.get("title")),
            byline=_str(item.get("author")),
            date=_str(item.get("date")),
        )


def newspaper_pages() -> Iterator[Page]:
    folder = CORPORA / "newspaper4k"
    for path in sorted(folder.glob("*.json")):
        ref = json.loads(path.read_text(encoding="utf-8"))
        yield Page(
            name=path.stem,
            html=_gz(path.with_suffix(".html.gz")),
            url=ref.get("url"),
            gold_text=ref.get("text") or "",
            title=ref.get("title"),
            byline=", ".join(ref.get("authors") or []) or None,
            date=(ref.get("publish_date") or "")[:10] or None,
        )


def ours(params: HtmlParams) -> Callable[[Page], Output]:
    def run(page: Page) -> Output:
        start = time.perf_counter()
        try:
            got = extract_html_with(page.html, page.url, params)
        except InvalidInput:
            return Output("", None, None, None, time.perf_counter() - start)
        return Output(
            "\n".join(got.paragraphs),
            got.title,
            got.byline,
            got.published.isoformat() if got.published else None,
            time.perf_counter() - start,
        )

    return run


# Elements a browser's "save as text" puts on lines of their own.
_BLOCKS = frozenset(
    re.findall(
        r"\w+",
        "p div h1 h2 h3 h4 h5 h6 li ul ol blockquote pre table tr td th header footer nav section"
        " article aside figure figcaption br hr dd dt dl form main address",
    )
)


def page_as_text(html: str) -> str:
    """The page's visible text, one line per block element (scripts and styles left out)."""
    from trafilatura import load_html  # copes with encoding declarations and bad markup

    root = load_html(html)
    if root is None:
        return ""
    for element in list(root.iter("script", "style", "noscript", "template", "svg", "head")):
        if element.getparent() is not None:
            element.drop_tree()
    parts: list[str] = []

    def walk(element: Any) -> None:
        if not isinstance(element.tag, str):  # a comment or processing instruction
            parts.append(element.tail or "")
            return
        block = element.tag in _BLOCKS
        parts.append("\n" if block else "")
        parts.append(element.text or "")
        for child in element:
            walk(child)
        parts.append("\n" if block else "")
        parts.append(element.tail or "")

    walk(root)
    return "".join(parts)


def ours_text(params: TextParams) -> Callable[[Page], Output]:
    def run(page: Page) -> Output:
        start = time.perf_counter()
        try:
            got = extract_text_with(page_as_text(page.html), params)
        except InvalidInput:
            return Output("", None, None, None, time.perf_counter() - start)
        return Output(
            "\n".join(got.paragraphs),
            None if got.title_derived else got.title,
            got.byline,
            got.published.isoformat() if got.published else None,
            time.perf_counter() - start,
        )

    return run


def raw_trafilatura(page: Page) -> Output:
    from trafilatura import bare_extraction

    start = time.perf_counter()
    doc = bare_extraction(page.html, url=page.url, with_metadata=True)
    seconds = time.perf_counter() - start
    if doc is None:
        return Output("", None, None, None, seconds)
    return Output(doc.text or "", doc.title, doc.author, (doc.date or "")[:10] or None, seconds)


def _words(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", text.lower()))


def _space(text: str) -> str:
    return " ".join(text.split()).lower()


def body_score(page: Page, out: Output) -> Score:
    if page.gold_text is not None:
        got, gold = _words(out.text), _words(page.gold_text)
        common = sum((got & gold).values())
        return Score(common, sum(got.values()) - common, sum(gold.values()) - common)
    text = _space(out.text)
    found = sum(_space(s) in text for s in page.with_)
    leaked = sum(_space(s) in text for s in page.without)
    return Score(found, leaked, len(page.with_) - found)


def _norm(value: str | None) -> str:
    return " ".join(re.findall(r"\w+", (value or "").lower()))


def title_ok(gold: str, got: str | None) -> bool:
    return _norm(gold) == _norm(got)


def byline_ok(gold: str, got: str | None) -> bool:
    a, b = set(_norm(gold).split()) - {"by", "and"}, set(_norm(got).split()) - {"by", "and"}
    return bool(a and b) and (a <= b or b <= a)


@dataclass
class Row:
    scores: list[tuple[str, Score]] = field(default_factory=list)
    title: list[bool] = field(default_factory=list)
    byline: list[bool] = field(default_factory=list)
    date: list[bool] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)


def evaluate(pages: list[Page], extractor: Callable[[Page], Output]) -> Row:
    row = Row()
    for page in pages:
        out = extractor(page)
        row.scores.append((page.name, body_score(page, out)))
        row.seconds.append(out.seconds)
        if page.title:
            row.title.append(title_ok(page.title, out.title))
        if page.byline:
            row.byline.append(byline_ok(page.byline, out.byline))
        if page.date:
            row.date.append(page.date == out.date)
    return row


def _share(values: list[bool]) -> str:
    return f"{sum(values) / len(values):.2f} ({sum(values)}/{len(values)})" if values else "-"


def summary(row: Row, pooled: bool) -> tuple[float, float, float]:
    """Mean P/R/F1 over pages, or over pooled snippet counts as trafilatura's evaluation does."""
    if pooled:
        total = Score(*(sum(getattr(s, k) for _, s in row.scores) for k in ("tp", "fp", "fn")))
        return total.precision, total.recall, total.f1
    scores = [s for _, s in row.scores]
    return (
        statistics.fmean(s.precision for s in scores),
        statistics.fmean(s.recall for s in scores),
        statistics.fmean(s.f1 for s in scores),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--favor-precision", action="store_true")
    parser.add_argument("--favor-recall", action="store_true")
    parser.add_argument("--no-rules", action="store_true")
    parser.add_argument("--fast", action="store_true")
    args = parser.parse_args()
    if not CORPORA.exists():
        sys.exit(f"{CORPORA} is missing: this benchmark needs ../shared beside the project.")
    warnings.simplefilter("ignore")
    params = HtmlParams(
        favor_precision=args.favor_precision,
        favor_recall=args.favor_recall,
        apply_rules=not args.no_rules,
        fast=args.fast,
    )
    sets = [
        ("readability-news", list(readability_pages()), False),
        ("trafilatura-eval", list(trafilatura_pages()), True),
        ("newspaper4k", list(newspaper_pages()), False),
    ]
    extractors = [
        ("ours", ours(params)),
        ("trafilatura raw", raw_trafilatura),
        ("text, as it was", ours_text(TextParams(keep_ledes=False, headline_rules=False))),
        ("text", ours_text(TextParams())),
    ]
    head = f"{'set':17} {'extractor':16} {'pages':>5} {'P':>5} {'R':>5} {'F1':>5}"
    head += f"  {'title':12} {'byline':12} {'date':12} {'ms/page':>7}"
    print(head)
    print("-" * len(head))
    f1s: dict[str, list[float]] = {}
    rows: dict[tuple[str, str], Row] = {}
    for set_name, pages, pooled in sets:
        for name, extractor in extractors:
            row = evaluate(pages, extractor)
            rows[set_name, name] = row
            p, r, f1 = summary(row, pooled)
            f1s.setdefault(name, []).append(f1)
            ms = 1000 * statistics.median(row.seconds)
            print(
                f"{set_name:17} {name:16} {len(pages):5d} {p:5.3f} {r:5.3f} {f1:5.3f}  "
                f"{_share(row.title):12} {_share(row.byline):12} {_share(row.date):12} {ms:7.1f}"
            )
    print("-" * len(head))
    for name, values in f1s.items():
        print(f"mean body F1 over the three sets, {name}: {statistics.fmean(values):.3f}")
    print(f"\nworst pages for ours (body P/R/F1; raw trafilatura F1 beside), {WORST} per set:")
    for set_name, _pages, _pooled in sets:
        raw = dict(rows[set_name, "trafilatura raw"].scores)
        worst = sorted(rows[set_name, "ours"].scores, key=lambda item: item[1].f1)[:WORST]
        for page_name, s in worst:
            print(
                f"  {set_name:17} {page_name[:38]:38} P={s.precision:.2f} R={s.recall:.2f} "
                f"F1={s.f1:.2f}  raw F1={raw[page_name].f1:.2f}"
            )


if __name__ == "__main__":
    main()
