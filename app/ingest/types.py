"""The result of extracting one article: clean body paragraphs plus page metadata."""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Extracted:
    """One article as extracted from a page or a pasted text."""

    title: str | None  # None if nothing found
    title_derived: bool  # True when the title was derived (e.g. from the first sentence)
    byline: str | None  # author(s) as the page names them
    published: datetime.date | None  # publication date shown by the page
    site_name: str | None  # the outlet as the page names itself
    language: str | None  # ISO 639-1 code such as "en"
    paragraphs: tuple[str, ...]  # the article body, in order, boilerplate removed
    captions: tuple[str, ...]  # photo captions, kept apart from the body
