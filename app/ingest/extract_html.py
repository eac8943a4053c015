"""HTML page -> the article's paragraphs and metadata (trafilatura, then our own rules)."""

from __future__ import annotations

import datetime
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
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
# Page elements that hold a body paragraph, for finding the story on the page.
_PARAGRAPH_TAGS = ("p", "h2", "h3", "h4", "li", "blockquote", "pre")
# Sections of the story's container whose figures are not the story's (a lead image
# in the article's <header> is).
_OUTSIDE_STORY = frozenset({"nav", "aside", "footer", "form"})
_FIGCAPTION = re.compile(r"<figcaption\b", re.I)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
# Block elements of trafilatura's XML that hold paragraph text.
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
    page = _load(html) if _FIGCAPTION.search(html) else None  # most pages have no figures
    figures = _figures(page)
    figcaptions = frozenset(text for text, _ in figures)
    paragraphs: list[str] = []
    captions: list[str] = []
    for block, kind in zip(blocks, kinds, strict=True):
        if kind is Kind.CAPTION or block in figcaptions:
            captions.append(block)
        elif kind is None and block != title:
            paragraphs.append(block)
    if not any(_is_prose(p) for p in paragraphs):
        raise InvalidInput(NO_ARTICLE)  # menus and labels only
    # trafilatura drops <figure> elements: take the story's captions from the page itself.
    story_captions = _story_captions(page, figures, paragraphs)
    captions = list(dict.fromkeys([*story_captions, *captions]))
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


def _load(html: str) -> Any:
    """The page as an lxml tree (trafilatura's loader copes with encodings and bad markup)."""
    from trafilatura import load_html

    return load_html(html)


def _text(element: Any) -> str:
    """An element's text, whitespace-normalised; a <br> counts as a space."""
    return normalize_space("".join(_itertext(element)))


def _itertext(element: Any) -> Iterator[str]:
    yield element.text or ""
    for child in element:
        if child.tag == "br":
            yield " "
        elif isinstance(child.tag, str):  # not a comment or processing instruction
            yield from _itertext(child)
        yield child.tail or ""


def _figures(page: Any) -> list[tuple[str, Any]]:
    """The page's <figcaption> texts with their elements, in document order."""
    if page is None:
        return []
    found = []
    for element in page.iter("figcaption"):
        if text := _text(element):
            found.append((text, element))
    return found


def _story_captions(page: Any, figures: list[tuple[str, Any]], paragraphs: list[str]) -> list[str]:
    """Captions of the figures that belong to the story, in document order.

    The story's container is found from the page elements holding its first and last
    paragraphs: the <article> around both, else their closest common ancestor's parent
    (a figure often sits beside the body's <div>). A figure belongs to the story when it
    is inside that container, not in a <nav>, <aside>, <footer> or <form> within it, and
    not after the story's last paragraph (teaser cards follow the story).
    """
    if page is None or not figures:
        return []
    wanted = set(paragraphs)
    matched = [el for el in page.iter(*_PARAGRAPH_TAGS) if _text(el) in wanted]
    if not matched:
        return []
    first, last = matched[0], matched[-1]
    first_chain = [first, *first.iterancestors()]
    common = next(
        (el for el in (last, *last.iterancestors()) if el in first_chain), first_chain[-1]
    )
    container = next(
        (el for el in (common, *common.iterancestors()) if el.tag == "article"),
        common.getparent() if common.getparent() is not None else common,
    )
    order = {el: i for i, el in enumerate(page.iter())}
    end = order[last]
    captions = []
    for text, element in figures:
        ancestors = list(element.iterancestors())
        if container not in ancestors or order[element] > end:
            continue
        within = ancestors[: ancestors.index(container)]
        if not any(a.tag in _OUTSIDE_STORY for a in within):
            captions.append(text)
    return captions


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
