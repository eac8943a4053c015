"""Full-text search: safe FTS5 queries from user input, snippets as segments, story groups."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel
from pydantic import Field as PydField
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from app import db, repo
from app.errors import InvalidInput, NotFound
from app.models import Article, ArticleSummary
from app.repo.search import SearchFilters as Filters
from app.services import articles, stories

MAX_QUERY_CHARS = 1_000  # longer input is cut here, before it is parsed
MAX_TERMS = 50  # words and phrases; FTS5 handles more, people never need them
MIN_PREFIX = 2  # `a*` would expand to most of the vocabulary
PER_PAGE = 20
MAX_PER_PAGE = 100
MAX_PAGE = 10_000  # keeps OFFSET far from SQLite's integer limit
TITLE_WEIGHT = 5.0  # bm25 weight of a match in the headline against one in the body
SNIPPET_TOKENS = 32  # words in a body snippet (FTS5 allows at most 64)
FALLBACK_SNIPPET_WORDS = 32
ELLIPSIS = "…"
# Private markers FTS5 puts around matches; split into segments, never into markup.
OPEN, CLOSE = "\x02", "\x03"

# One word as FTS5's unicode61 tokenizer sees it: letters and digits (not "_").
_WORD = re.compile(r"[^\W_]+")
# A balanced "quoted phrase", or a word with an optional trailing * (a prefix search).
_PIECE = re.compile(r'"([^"]*)"|([^\W_]+)(\*?)')
_MARKERS = re.compile(f"([{OPEN}{CLOSE}])")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Term:
    """A word, a prefix (`budg*`) or a phrase (`"rail viaduct"`); all terms must match."""

    words: tuple[str, ...]
    prefix: bool = False

    def to_fts(self) -> str:
        # A quoted string is always a literal to FTS5: no operator, column filter or
        # bracket in the input can reach the query language.
        quoted = '"' + " ".join(self.words).replace('"', '""') + '"'
        return quoted + " *" if self.prefix else quoted

    def to_tsquery(self) -> str:
        phrase = " <-> ".join(self.words)
        return f"({phrase}:*)" if self.prefix else f"({phrase})"

    def key(self) -> tuple[tuple[str, ...], bool]:
        # FTS5 ignores case, so `Ferry ferry` is one term.
        return tuple(w.casefold() for w in self.words), self.prefix

    def label(self) -> str:
        text = " ".join(self.words)
        if self.prefix:
            return text + "*"
        return f"“{text}”" if len(self.words) > 1 else text


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    terms: tuple[Term, ...]
    notes: tuple[str, ...]  # what the user should know about how the input was read

    def to_fts(self) -> str:
        return " AND ".join(term.to_fts() for term in self.terms)

    def to_tsquery(self) -> str:
        """The terms in PostgreSQL's to_tsquery syntax: words are letters and digits only,
        so none of its operators can come from the input."""
        return " & ".join(term.to_tsquery() for term in self.terms)

    def words(self) -> list[str]:
        return [word for term in self.terms for word in term.words]


def parse_query(raw: str) -> ParsedQuery:
    """Read user input as words and "phrases"; everything else is dropped, never executed."""
    notes: list[str] = []
    text = unicodedata.normalize("NFKC", raw)
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        notes.append(
            f"Your search was long, so only its first {MAX_QUERY_CHARS:,} characters were used."
        )
    terms: list[Term] = []
    seen: set[tuple[tuple[str, ...], bool]] = set()
    for match in _PIECE.finditer(text):
        phrase, word, star = match.groups()
        if phrase is not None:
            words = tuple(_WORD.findall(phrase))
            term = Term(words) if words else None
        else:
            term = Term((word,), prefix=bool(star) and len(word) >= MIN_PREFIX)
        if term is not None and term.key() not in seen:
            seen.add(term.key())
            terms.append(term)
    if len(terms) > MAX_TERMS:
        terms = terms[:MAX_TERMS]
        notes.append(f"Your search had many words, so only the first {MAX_TERMS} were used.")
    if not terms and text.strip():
        notes.append('There are no words to search for. Try words, or "a phrase in quotes".')
    return ParsedQuery(tuple(terms), tuple(notes))


class Segment(BaseModel):
    """A run of text; `highlighted` runs matched the query (pages wrap them in <mark>)."""

    text: str
    highlighted: bool


class StoryRef(BaseModel):
    id: int
    title: str
    permalink: str


class SearchHit(BaseModel):
    article: ArticleSummary
    title: list[Segment] = PydField(description="the headline, matches highlighted")
    snippet: list[Segment] = PydField(description="the best passage of the body")


class SearchGroup(BaseModel):
    """Hits from one story, or a single article that belongs to no story (`story` null)."""

    story: StoryRef | None
    hits: list[SearchHit]


class SearchResults(BaseModel):
    """One page of results, grouped by story in order of each group's best hit."""

    query: str = PydField(description="the query as read (cut to the length limit)")
    terms: list[str] = PydField(description="what was searched for: words, prefixes, phrases")
    outlet: str | None
    date_from: dt.date | None
    date_to: dt.date | None
    ranking: Literal["bm25", "ts_rank", "basic"]
    total: int = PydField(description="matching articles (current revisions only)")
    page: int
    per_page: int
    groups: list[SearchGroup]
    notes: list[str]


def split_marked(text: str) -> list[Segment]:
    """Turn text with OPEN/CLOSE markers into segments; whitespace runs become one space."""
    segments: list[Segment] = []
    highlighted = False
    for part in _MARKERS.split(text):
        if part in (OPEN, CLOSE):
            highlighted = part == OPEN
            continue
        part = _SPACE.sub(" ", part)
        if not part:
            continue
        if segments and segments[-1].highlighted == highlighted:
            segments[-1] = Segment(text=segments[-1].text + part, highlighted=highlighted)
        else:
            segments.append(Segment(text=part, highlighted=highlighted))
    return segments


def mark_words(text: str, words: list[str]) -> str:
    """Put markers around case-insensitive occurrences of `words` (the LIKE fallback)."""
    text = _MARKERS.sub("", text)
    if not words:
        return text
    pattern = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
    return re.sub(f"({pattern})", f"{OPEN}\\1{CLOSE}", text, flags=re.IGNORECASE)


def _opening(article: Article) -> str:
    words = articles.body_of(article).split()
    cut = words[:FALLBACK_SNIPPET_WORDS]
    return " ".join(cut) + (ELLIPSIS if len(words) > len(cut) else "")


def parse_date(value: str, name: str) -> dt.date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        shown = value if len(value) <= 40 else value[:40] + ELLIPSIS
        raise InvalidInput(f"{shown!r} is not a date for “{name}”; use YYYY-MM-DD.") from None


def search(
    session: Session,
    *,
    q: str,
    outlet: str = "",
    date_from: str = "",
    date_to: str = "",
    page: int = 1,
    per_page: int = PER_PAGE,
    base_url: str = "",
) -> SearchResults:
    """Search current articles; raises InvalidInput for bad dates or paging, NotFound for
    an unknown outlet."""
    start, end = parse_date(date_from, "from"), parse_date(date_to, "to")
    if start and end and start > end:
        raise InvalidInput("The “from” date is after the “to” date.")
    if not 1 <= page <= MAX_PAGE or not 1 <= per_page <= MAX_PER_PAGE:
        raise InvalidInput(f"page must be 1 to {MAX_PAGE:,} and per_page 1 to {MAX_PER_PAGE}.")
    outlet_slug = outlet.strip() or None
    outlet_id = None
    if outlet_slug:
        row = repo.articles.get_outlet_by_slug(session=session, slug=outlet_slug)
        if row is None:
            raise NotFound(f"There is no outlet {outlet_slug[:60]!r}.")
        outlet_id = row.id
    parsed = parse_query(q)
    index = repo.search.search_index(session=session)
    notes = list(parsed.notes)
    if index is None:
        notes.append(
            "Full-text search is not available here: only headlines are searched, newest first."
        )
    hits: list[SearchHit] = []
    total = 0
    if parsed.terms:
        filters = Filters(outlet_id, start, end, offset=(page - 1) * per_page, limit=per_page)
        run = {"fts5": _ranked, "tsvector": _ts_ranked, None: _basic}[index]
        hits, total = run(session, parsed, filters, base_url)
    return SearchResults(
        query=q[:MAX_QUERY_CHARS],
        terms=[term.label() for term in parsed.terms],
        outlet=outlet_slug,
        date_from=start,
        date_to=end,
        ranking={"fts5": "bm25", "tsvector": "ts_rank", None: "basic"}[index],
        total=total,
        page=page,
        per_page=per_page,
        groups=group_by_story(session, hits, base_url),
        notes=notes,
    )


def _ranked(
    session: Session, parsed: ParsedQuery, filters: Filters, base_url: str
) -> tuple[list[SearchHit], int]:
    match = parsed.to_fts()
    try:
        rows, total = repo.search.search_articles(
            session=session, match=match, title_weight=TITLE_WEIGHT, filters=filters
        )
        marked = repo.search.search_snippets(
            session=session,
            match=match,
            rowids=[rowid for _, rowid in rows],
            marks=(OPEN, CLOSE),
            ellipsis=ELLIPSIS,
            tokens=SNIPPET_TOKENS,
        )
    except OperationalError as exc:
        if db.storage_fault(exc) is not None:  # the database's trouble, not the words'
            raise
        # parse_query only emits quoted literals, so this is not expected; if FTS5 still
        # refuses the query, the user gets a message rather than an error page.
        raise InvalidInput("Parallax could not run this search; try simpler words.") from exc
    by_id = {article.id: marked[rowid] for article, rowid in rows if rowid in marked}
    return _marked_hits(session, [article for article, _ in rows], by_id, base_url), total


def _ts_ranked(
    session: Session, parsed: ParsedQuery, filters: Filters, base_url: str
) -> tuple[list[SearchHit], int]:
    tsquery = parsed.to_tsquery()
    rows, total = repo.search.ts_search_articles(session=session, tsquery=tsquery, filters=filters)
    marked = repo.search.ts_snippets(
        session=session,
        tsquery=tsquery,
        article_ids=[article.id for article in rows],
        marks=(OPEN, CLOSE),
        ellipsis=ELLIPSIS,
        words=SNIPPET_TOKENS,
    )
    return _marked_hits(session, rows, marked, base_url), total


def _marked_hits(
    session: Session,
    rows: Sequence[Article],
    marked: dict[str, tuple[str, str]],
    base_url: str,
) -> list[SearchHit]:
    """Hits whose title and snippet the index marked (by article id)."""
    hits = []
    for article in rows:
        title, body = marked.get(article.id, (article.title, _opening(article)))
        hits.append(
            SearchHit(
                article=articles.to_summary(session, article, base_url),
                title=split_marked(title),
                snippet=split_marked(body),
            )
        )
    return hits


def _basic(
    session: Session, parsed: ParsedQuery, filters: Filters, base_url: str
) -> tuple[list[SearchHit], int]:
    words = parsed.words()
    rows, total = repo.search.search_titles_like(session=session, words=words, filters=filters)
    marked = {
        article.id: (mark_words(article.title, words), _MARKERS.sub("", _opening(article)))
        for article in rows
    }
    return _marked_hits(session, rows, marked, base_url), total


def group_by_story(
    session: Session, hits: list[SearchHit], base_url: str = ""
) -> list[SearchGroup]:
    """Gather hits under their story, keeping the order of each story's best hit."""
    groups: list[SearchGroup] = []
    by_story: dict[int, SearchGroup] = {}
    for hit in hits:
        story_id = hit.article.story_id
        if story_id is None:
            groups.append(SearchGroup(story=None, hits=[hit]))
        elif story_id in by_story:
            by_story[story_id].hits.append(hit)
        else:
            story = repo.stories.get_story(session=session, story_id=story_id)
            ref = (
                StoryRef(
                    id=story_id,
                    title=story.title,
                    permalink=base_url + stories.story_path(story_id),
                )
                if story is not None
                else None
            )
            by_story[story_id] = SearchGroup(story=ref, hits=[hit])
            groups.append(by_story[story_id])
    return groups
