"""HTML page -> the article's paragraphs and metadata (trafilatura, then our own rules)."""

from __future__ import annotations

import datetime
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from html import unescape
from typing import Any

from app.errors import InvalidInput
from app.ingest.language import detect_language
from app.ingest.rules import Kind, classify_line, normalize_space
from app.ingest.types import Extracted

NO_ARTICLE = "No article text found: the page has no paragraphs that read like a story."


@dataclass(frozen=True, slots=True)
class HtmlParams:
    """How trafilatura is run and how its output is cleaned."""

    favor_precision: bool = False  # trafilatura: drop more borderline text
    favor_recall: bool = False  # trafilatura: keep more borderline text
    include_tables: bool = True  # tables inside the article stay as rows of text
    apply_rules: bool = True  # drop lines our boilerplate rules recognise
    fast: bool = False  # trafilatura: skip its fallback extractors (faster, a little worse)


DEFAULT_PARAMS = HtmlParams()
# A page is an article only if at least one paragraph has this many words.
MIN_PROSE_WORDS = 8
# A related-articles or comments header ends the story once this share of its words came before.
END_MIN_SHARE = 0.5
# Block elements of trafilatura's XML that hold paragraph text.
_FIGCAPTION = re.compile(r"<figcaption\b[^>]*>(.*?)</figcaption\s*>", re.I | re.S)
_TAG = re.compile(r"<[^>]*>")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_TEXT_TAGS = frozenset({"p", "head", "code", "item", "cell", "quote"})


def extract_html(html: str, url: str | None = None) -> Extracted:
    """The article in an HTML page. Raises InvalidInput when the page holds no article."""
    return extract_html_with(html, url, DEFAULT_PARAMS)


def extract_html_with(html: str, url: str | None, params: HtmlParams) -> Extracted:
    """`extract_html` with explicit parameters (the benchmark compares settings)."""
    if not html.strip():
        raise InvalidInput(NO_ARTICLE)
    document = _trafilatura(html, url, params)
    body = getattr(document, "body", None)
    if document is None or body is None:
        raise InvalidInput(NO_ARTICLE)
    title = _clean(getattr(document, "title", None))
    blocks = list(_blocks(body))
    kinds = [classify_line(b) if params.apply_rules else None for b in blocks]
    blocks, kinds = _cut_at_end(blocks, kinds)
    figcaptions = _figcaptions(html)
    paragraphs: list[str] = []
    captions: list[str] = []
    for block, kind in zip(blocks, kinds, strict=True):
        if kind is Kind.CAPTION or block in figcaptions:
            captions.append(block)
        elif kind is None and block != title:
            paragraphs.append(block)
    if not any(_is_prose(p) for p in paragraphs):
        raise InvalidInput(NO_ARTICLE)  # menus and labels only
    language = _clean(getattr(document, "language", None))
    return Extracted(
        title=title,
        title_derived=False,
        byline=_clean(getattr(document, "author", None)),
        published=_date(getattr(document, "date", None)),
        site_name=_clean(getattr(document, "sitename", None)),
        language=(language or "")[:2].lower() or detect_language(" ".join(paragraphs)),
        paragraphs=tuple(paragraphs),
        captions=tuple(captions),
    )


def _is_prose(paragraph: str) -> bool:
    # Chinese, Japanese and Korean are written without spaces: count their characters.
    return (
        len(paragraph.split()) >= MIN_PROSE_WORDS
        or len(_CJK.findall(paragraph)) >= 2 * MIN_PROSE_WORDS
    )


def _figcaptions(html: str) -> frozenset[str]:
    """Texts of the page's <figcaption> elements (cheaper than parsing the page again)."""
    found = set()
    for match in _FIGCAPTION.finditer(html):
        text = normalize_space(unescape(_TAG.sub(" ", match.group(1))))
        if text:
            found.add(text)
    return frozenset(found)


def _cut_at_end(blocks: list[str], kinds: list[Kind | None]) -> tuple[list[str], list[Kind | None]]:
    """Drop everything after a "Related articles" or comments header that follows the story.

    The header only ends the story once most of the text is behind it; earlier, it is
    more likely a box inside the article, and only the header line itself is dropped.
    """
    sizes = [len(b.split()) if k is None else 0 for b, k in zip(blocks, kinds, strict=True)]
    total, seen = sum(sizes), 0
    for i, kind in enumerate(kinds):
        if kind is Kind.END and seen >= END_MIN_SHARE * total:
            return blocks[:i], kinds[:i]
        seen += sizes[i]
    return blocks, kinds


def _trafilatura(html: str, url: str | None, params: HtmlParams) -> Any:
    from trafilatura import bare_extraction

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=params.include_tables,
            favor_precision=params.favor_precision,
            favor_recall=params.favor_recall,
            fast=params.fast,
        )


def _blocks(element: Any) -> Iterator[str]:
    """Paragraph texts of trafilatura's XML body, in order; a line break splits a paragraph."""
    for child in element:
        tag = child.tag
        nested = any(c.tag in _TEXT_TAGS or c.tag in ("list", "table") for c in child)
        if tag in _TEXT_TAGS and not nested:
            for lb in child.iter("lb"):
                lb.tail = "\n" + (lb.tail or "")
            for piece in "".join(child.itertext()).split("\n"):
                if text := normalize_space(piece):
                    yield text
            if child.tail and (tail := normalize_space(child.tail)):
                yield tail
        elif tag == "row":
            cells = [normalize_space("".join(cell.itertext())) for cell in child]
            if row := " ".join(c for c in cells if c):
                yield row
        else:
            if tag not in ("list", "table") and (own := normalize_space(child.text or "")):
                yield own
            yield from _blocks(child)


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return normalize_space(value) or None


def _date(value: object) -> datetime.date | None:
    if not isinstance(value, str):
        return None
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
    if not match:
        return None
    try:
        return datetime.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None
