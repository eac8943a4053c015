"""Downloads: a comparison as CSV, a story as JSON, the whole corpus as JSON Lines."""

from __future__ import annotations

import base64
import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from app import repo
from app.align import Passage
from app.db import read_session
from app.models import Article, Outlet, Story, StoryExport, StoryPublic
from app.services import articles
from app.services.compare import Compared

CSV_COLUMNS = (
    "id",
    "kind",
    "similarity",
    "a_start",
    "a_end",
    "b_start",
    "b_end",
    "a_text",
    "b_text",
    "edits",
    "speaker",
)
# Spreadsheets run a cell that starts with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
EXPORT_PAGE = 100  # rows per query while streaming the corpus: bounded memory


def attachment(filename: str) -> dict[str, str]:
    """Headers that make a browser save the response as `filename` (ASCII names only)."""
    return {"Content-Disposition": f'attachment; filename="{filename}"'}


def comparison_filename(compared: Compared, extension: str) -> str:
    return f"parallax-{compared.a.id}-{compared.b.id}.{extension}"


def safe_cell(text: str) -> str:
    """A text cell a spreadsheet shows as text, never evaluates."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _edits_summary(passage: Passage, body_a: str, body_b: str) -> str:
    """Word-level edits of a passage in words: `"old" → "new"`, `deleted "x"`, `inserted "y"`."""
    parts: list[str] = []
    pending: str | None = None  # a deletion that an insertion may turn into a replacement
    for edit in passage.edits:
        if edit.op == "delete" and edit.a:
            if pending is not None:
                parts.append(f"deleted “{pending}”")
            pending = body_a[edit.a.start : edit.a.end]
        elif edit.op == "insert" and edit.b:
            inserted = body_b[edit.b.start : edit.b.end]
            if pending is not None:
                parts.append(f"“{pending}” → “{inserted}”")
                pending = None
            else:
                parts.append(f"inserted “{inserted}”")
        elif pending is not None:
            parts.append(f"deleted “{pending}”")
            pending = None
    if pending is not None:
        parts.append(f"deleted “{pending}”")
    return "; ".join(parts)


def comparison_csv(compared: Compared) -> str:
    """One row per passage (in A's order): offsets into each body, both texts, the edits,
    who both articles say said it (empty when they do not).

    Starts with a byte-order mark so spreadsheet programs read it as UTF-8.
    """
    body_a, body_b = articles.body_of(compared.a), articles.body_of(compared.b)
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for p in sorted(compared.alignment.passages, key=lambda p: (p.a.start, p.id)):
        (a_start, a_end), (b_start, b_end) = (p.a.start, p.a.end), (p.b.start, p.b.end)
        writer.writerow(
            [
                p.id,
                p.kind,
                f"{p.similarity:.4f}",
                a_start,
                a_end,
                b_start,
                b_end,
                safe_cell(body_a[a_start:a_end]),
                safe_cell(body_b[b_start:b_end]),
                safe_cell(_edits_summary(p, body_a, body_b)),
                safe_cell(p.speaker or ""),
            ]
        )
    return out.getvalue()


def story_export(*, session: Session, story: StoryPublic, base_url: str) -> StoryExport:
    """`GET /api/stories/{id}` plus each of its articles' full public record."""
    ids = [row.article.id for row in story.articles]
    found = articles.get_with_outlets(session, *ids)
    rows, outlets = [a for a, _ in found], [o for _, o in found]
    records = articles.public_records(session, rows, base_url, outlets)
    return StoryExport(**story.model_dump(), records=records)


# ---------- The corpus as JSON Lines ----------


def _utc_iso(value: dt.datetime) -> str:
    """ISO 8601 with an explicit UTC offset (SQLite hands back naive UTC datetimes)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).isoformat()


def article_record(article: Article, outlet: Outlet, story: Story | None) -> dict[str, Any]:
    """One revision as a record `parallax import` restores exactly (see records.py)."""
    return {
        "id": article.id,
        "outlet": outlet.name,
        "outlet_domain": outlet.domain,
        "title": article.title,
        "title_derived": article.title_derived,
        "byline": article.byline,
        "published": article.published.isoformat() if article.published else None,
        "url": article.url,
        "language": article.language,
        "source": article.source,
        "source_name": article.source_name,
        "imported_at": _utc_iso(article.imported_at),
        "revision": article.revision,
        "story": story.title if story is not None else None,
        "paragraphs": list(article.paragraphs),
        "captions": list(article.captions),
        "raw": base64.b64encode(article.raw).decode("ascii"),
    }


def count_revisions(engine: Engine) -> int:
    with read_session(engine) as session:
        return repo.articles.count_articles(session=session)


def corpus_records(engine: Engine, page_size: int = EXPORT_PAGE) -> Iterator[dict[str, Any]]:
    """Every article revision in import order, so revisions re-form when imported.

    One read transaction (a consistent snapshot on SQLite's WAL), read a page at a time.
    """
    with read_session(engine) as session:
        after: repo.articles.ImportKey | None = None
        while True:
            rows = repo.articles.articles_in_import_order(
                session=session, after=after, limit=page_size
            )
            if not rows:
                return
            for article, outlet, story in rows:
                yield article_record(article, outlet, story)
            last = rows[-1][0]
            after = (last.imported_at, last.revision, last.id)
            session.expunge_all()  # forget the page just written: memory stays bounded


def corpus_lines(engine: Engine, page_size: int = EXPORT_PAGE) -> Iterator[str]:
    """`corpus_records` as JSON Lines: one compact JSON object per line, UTF-8."""
    for record in corpus_records(engine, page_size):
        # ensure_ascii=False keeps text readable; JSON escapes every control character, so
        # "\n" only ever ends a line (readers must not split on U+2028 and the like).
        yield json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"
