"""The one import service every entry point (web, API, CLI) calls."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from typing import Literal

from sqlalchemy.engine import Engine
from sqlmodel import Session

from app import repo
from app.config import Settings
from app.db import write_session
from app.errors import InvalidInput, TooLarge, UnsupportedType
from app.ingest import Extracted, decode_bytes, detect_language, extract_html, extract_text
from app.ingest.extract_text import untitled
from app.ingest.fetch import FetchPolicy, fetch
from app.models import Article, Outlet, utcnow
from app.services import articles, candidates, outlets, stories
from app.stories import mentions

Format = Literal["text", "html", "auto"]
TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
_HTML_SNIFF = re.compile(
    r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)


@dataclass(frozen=True, slots=True)
class ImportRequest:
    """One piece of content to import, with what the user said about it."""

    content: bytes | str
    format: Format = "auto"
    source: str = "text"  # text, html, file or url: how it came in
    source_name: str | None = None  # a file name or the fetched URL
    content_type: str | None = None
    charset: str | None = None
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: dt.date | None = None
    language: str | None = None
    # An article already extracted (e.g. a record exported by Parallax): stored as given,
    # with `content` kept as its raw input.
    extracted: Extracted | None = None
    # Restoring an exported article (only with `extracted`): it keeps its id, import time
    # and outlet domain, even where they would now be derived differently.
    article_id: str | None = None
    imported_at: dt.datetime | None = None
    outlet_domain: str | None = None


@dataclass(frozen=True, slots=True)
class ImportResult:
    article: Article
    created: bool  # False: identical content was already stored
    superseded: str | None = None  # id of the revision this one replaced as current


def format_for_filename(name: str) -> Format:
    lower = name.lower()
    if lower.endswith(HTML_SUFFIXES):
        return "html"
    if lower.endswith(TEXT_SUFFIXES):
        return "text"
    raise UnsupportedType(
        f"{name}: unsupported file type; Parallax imports .txt, .html/.htm, .json and .jsonl files."
    )


def import_content(engine: Engine, settings: Settings, request: ImportRequest) -> ImportResult:
    """Extract, deduplicate and store one article, all or nothing."""
    prepared = prepare(settings, request)
    with write_session(engine) as session:
        result = store(session, prepared)
    if result.article.story_id is None:
        # Grouping runs after the article is safely stored: a grouping failure never
        # loses an import, and `parallax regroup` can place it later.
        result.article.story_id = stories.assign_article(engine, result.article.id)
    return result


@dataclass(frozen=True, slots=True)
class Prepared:
    """A request checked and extracted, ready to store: the work that needs no database."""

    request: ImportRequest
    raw: bytes
    extracted: Extracted
    kind: str  # "text" or "html": what the content was read as


def prepare(settings: Settings, request: ImportRequest) -> Prepared:
    """Check the size, decode and extract; raises InvalidInput/TooLarge on bad input."""
    raw = request.content.encode("utf-8") if isinstance(request.content, str) else request.content
    if len(raw) > settings.max_import_bytes:
        raise TooLarge(
            f"The input is {len(raw):,} bytes; the limit is {settings.max_import_bytes:,} bytes."
        )
    if request.extracted is not None:
        return Prepared(request, raw, request.extracted, request.format)
    if isinstance(request.content, str):
        text = request.content
    else:
        text = decode_bytes(request.content, request.charset)
    if "\x00" in text:
        raise InvalidInput(
            "The input contains NUL characters; it looks like binary data, not text."
        )
    if not text.strip():
        raise InvalidInput("The input is empty: there is no text to import.")
    is_html = _is_html(text, request)
    extracted = extract_html(text, url=request.url) if is_html else extract_text(text)
    return Prepared(request, raw, extracted, "html" if is_html else "text")


def import_url(engine: Engine, settings: Settings, request: ImportRequest) -> ImportResult:
    """Fetch `request.url` and import the page."""
    if not request.url:
        raise InvalidInput("No URL given.")
    policy = FetchPolicy(
        timeout=settings.fetch_timeout,
        max_bytes=settings.max_import_bytes,
        max_redirects=settings.fetch_max_redirects,
        allow_loopback=settings.fetch_allow_loopback,
    )
    page = fetch(request.url, policy)
    fetched = ImportRequest(
        content=page.data,
        format="text" if page.content_type == "text/plain" else "html",
        source="url",
        source_name=page.final_url,
        content_type=page.content_type,
        charset=page.charset,
        url=request.url,
        outlet=request.outlet,
        title=request.title,
        published=request.published,
        language=request.language,
    )
    return import_content(engine, settings, fetched)


def _is_html(text: str, request: ImportRequest) -> bool:
    if request.format != "auto":
        return request.format == "html"
    if request.content_type in ("text/html", "application/xhtml+xml"):
        return True
    return bool(_HTML_SNIFF.match(text[:4096]))


def content_hash(*, outlet_slug: str, title: str, paragraphs: list[str]) -> str:
    """What makes two imports the same article: outlet, headline and clean body."""
    digest = hashlib.sha256()
    for part in (outlet_slug, title, *paragraphs):
        digest.update(part.encode("utf-8"))
        digest.update(b"\x1f")
    return digest.hexdigest()


# An article id is the first ID_LENGTH characters of `id_source`; 12 characters are 60
# bits, lengthened to CLASH_LENGTH in the (astronomically unlikely) case of a clash.
ID_LENGTH, CLASH_LENGTH = 12, 16


def id_source(content_hash_hex: str) -> str:
    """The URL-safe text an article's id is cut from, so a re-import gets the same id."""
    return base64.b32encode(bytes.fromhex(content_hash_hex)).decode("ascii").lower()


def new_article_id(session: Session, content_hash_hex: str) -> str:
    """A short, URL-safe id derived from the content, so a re-import gets the same id."""
    encoded = id_source(content_hash_hex)
    for length in (ID_LENGTH, CLASH_LENGTH):
        if not repo.articles.article_id_exists(session=session, article_id=encoded[:length]):
            return encoded[:length]
    raise RuntimeError(f"article id clash for content hash {content_hash_hex}")


@dataclass(frozen=True, slots=True)
class Checked:
    """A prepared article's clean fields, checked: what storing it needs but the outlet."""

    prepared: Prepared
    paragraphs: list[str]
    title: str
    title_derived: bool
    body: str
    language: str | None


def check(prepared: Prepared) -> Checked:
    """The clean body, headline and language; raises InvalidInput if there is no body."""
    request, extracted = prepared.request, prepared.extracted
    paragraphs = [p for p in extracted.paragraphs if p.strip()]
    if not paragraphs:
        raise InvalidInput("No article text was found in the input.")
    if any("\n\n" in p for p in paragraphs):
        # The body joins paragraphs with one blank line; a blank line inside one would
        # make paragraphs, and every offset into the body, ambiguous.
        raise InvalidInput("A paragraph may not contain a blank line.")
    title = (request.title or "").strip() or (extracted.title or "").strip()
    title_derived = not (request.title or "").strip() and extracted.title_derived
    if not title:
        title, title_derived = untitled(paragraphs[0]), True
    body = articles.body_from(paragraphs)
    language = request.language or extracted.language or detect_language(body)
    return Checked(prepared, paragraphs, title, title_derived, body, language)


def is_restore(request: ImportRequest) -> bool:
    """Restoring an exported article: it keeps its id (see ImportRequest)."""
    return request.extracted is not None and request.article_id is not None


# The outlet slug the content hash of an article without any outlet identity is keyed on.
UNKNOWN_SLUG = outlets.slugify(outlets.UNKNOWN_OUTLET)


def gets_own_source(request: ImportRequest, extracted: Extracted) -> bool:
    """Nothing says who published the article: it gets a provisional source of its own."""
    if is_restore(request) and request.outlet:
        return False
    return not outlets.has_identity(
        given=request.outlet, url=request.url, site_name=extracted.site_name
    )


def hash_slug(outlet: Outlet | None) -> str:
    """The outlet slug a content hash is keyed on: UNKNOWN_SLUG for a source of its own."""
    return UNKNOWN_SLUG if outlet is None or outlets.is_unnamed(outlet) else outlet.slug


def outlet_of(session: Session, request: ImportRequest, extracted: Extracted) -> Outlet:
    """The outlet an article is stored under (found or created)."""
    if is_restore(request) and request.outlet:
        return outlets.find_or_create(
            session=session, name=request.outlet, domain=request.outlet_domain
        )
    return outlets.resolve(
        session=session, given=request.outlet, url=request.url, site_name=extracted.site_name
    )


def new_article(
    checked: Checked, *, article_id: str, outlet_id: int, digest: str, previous: Article | None
) -> Article:
    """The row of a new article, not yet in a session; `previous` is the revision it
    supersedes, if any."""
    prepared = checked.prepared
    request, extracted = prepared.request, prepared.extracted
    return Article(
        id=article_id,
        outlet_id=outlet_id,
        title=checked.title,
        title_derived=checked.title_derived,
        byline=extracted.byline,
        published=request.published or extracted.published,
        url=request.url,
        language=checked.language,
        source=request.source if request.source != "text" else prepared.kind,
        source_name=request.source_name,
        raw=prepared.raw,
        paragraphs=checked.paragraphs,
        captions=list(extracted.captions),
        content_hash=digest,
        imported_at=(request.imported_at if is_restore(request) else None) or utcnow(),
        lineage_id=previous.lineage_id if previous else article_id,
        revision=previous.revision + 1 if previous else 1,
        latest_named_day=mentions.latest(checked.body),
    )


def store(session: Session, prepared: Prepared) -> ImportResult:
    """Deduplicate and store a prepared article in `session` (the caller commits)."""
    checked = check(prepared)
    request, title, paragraphs = prepared.request, checked.title, checked.paragraphs
    extracted = prepared.extracted
    restoring = is_restore(request)
    # An article that gets a source of its own is looked for before that source is made.
    own_source = gets_own_source(request, extracted)
    outlet = None if own_source else outlet_of(session, request, extracted)
    if restoring:
        assert request.article_id is not None
        same = repo.articles.get_article(session=session, article_id=request.article_id)
        if same is not None:
            # The id was derived from the content at its first import; a later title
            # correction changes the content but not the id, so compare the content.
            same_outlet = own_source or (outlet is not None and same.outlet_id == outlet.id)
            if same_outlet and (same.title, same.paragraphs) == (title, paragraphs):
                return ImportResult(article=same, created=False)
            raise InvalidInput(
                f"Article id {request.article_id} is already used by a different article."
            )
    slug = hash_slug(outlet)
    digest = content_hash(outlet_slug=slug, title=title, paragraphs=paragraphs)
    existing = repo.articles.get_article_by_hash(session=session, content_hash=digest)
    if existing is not None:
        # Same outlet slug, so resolve() found the outlet rather than creating one; an
        # article without an outlet keeps the source a reader may have named since.
        return ImportResult(article=existing, created=False)
    if outlet is None:
        outlet = outlet_of(session, request, extracted)
    article_id = request.article_id if restoring else new_article_id(session, digest)
    assert article_id is not None
    outlet_id = outlet.id
    assert outlet_id is not None  # flushed by outlets.resolve
    previous = (
        repo.articles.current_article_for_url(session=session, url=request.url)
        if request.url
        else None
    )
    article = new_article(
        checked, article_id=article_id, outlet_id=outlet_id, digest=digest, previous=previous
    )
    if previous is not None:
        repo.articles.supersede(session=session, article=previous)
    repo.articles.add_article(session=session, article=article)
    candidates.index_article(session, article, superseded=previous)
    return ImportResult(article=article, created=True, superseded=previous.id if previous else None)
