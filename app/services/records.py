"""Turning files, folders and JSON records into import requests (CLI and uploads)."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine

from app.config import Settings
from app.errors import InvalidInput, ParallaxError, TooLarge, UnsupportedType
from app.ingest import Extracted
from app.services import importer
from app.services.bulk_import import BulkImporter

JSON_SUFFIXES = (".json", ".jsonl")
MANIFEST = "manifest.json"
# A record is text, html or a url to fetch, or an article already extracted: `paragraphs`,
# as `parallax export` writes them, with the fields that restore it exactly.
CONTENT_FIELDS = {"text", "html", "url", "outlet", "title", "published", "language"}
EXTRACTED_FIELDS = {
    "paragraphs",
    "captions",
    "byline",
    "title_derived",
    "id",
    "outlet_domain",
    "source",
    "source_name",
    "imported_at",
    "revision",  # informational: revisions re-form from the records' order and urls
    "story",  # informational: grouping runs afresh on import
    "raw",
}
RECORD_FIELDS = CONTENT_FIELDS | EXTRACTED_FIELDS
_LIST_FIELDS = {"paragraphs", "captions"}
_BOOL_FIELDS = {"title_derived"}
_INT_FIELDS = {"revision"}
SOURCES = ("text", "html", "file", "url")
_ARTICLE_ID = re.compile(r"[a-z2-7]{12,16}")
# A JSON Lines file may hold a whole corpus, so its size limit applies to each line; a line
# carries the raw input in base64 (4/3 of its size) beside the extracted text.
LINE_LIMIT_FACTOR = 3


@dataclass(frozen=True, slots=True)
class Defaults:
    """Metadata a user gave for a whole batch; used where a record or manifest says nothing."""

    outlet: str | None = None
    url: str | None = None
    published: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Job:
    """One article to import, or the reason it cannot be."""

    label: str  # a path, path:line or path#n: what messages name
    request: importer.ImportRequest | None
    error: str | None = None
    fetch: bool = False  # a record with only a URL: fetch the page


def run(engine: Engine, settings: Settings, job: Job) -> importer.ImportResult:
    """Import one job in its own transaction."""
    if job.request is None:
        raise InvalidInput(job.error or "nothing to import")
    if job.fetch:
        return importer.import_url(engine, settings, job.request)
    return importer.import_content(engine, settings, job.request)


def run_in(
    bulk: BulkImporter[Job], engine: Engine, settings: Settings, job: Job
) -> importer.ImportResult | None:
    """Queue one job in `bulk`; a page to fetch is imported at once, after what is queued
    (no transaction stays open while the network is waited on), and its result returned."""
    if job.request is None:
        raise InvalidInput(job.error or "nothing to import")
    if job.fetch:
        bulk.flush()
        return importer.import_url(engine, settings, job.request)
    bulk.add(job.request, job)
    return None


def import_named_bytes(
    engine: Engine,
    settings: Settings,
    *,
    name: str,
    data: bytes,
    outlet: str | None = None,
    published: dt.date | None = None,
) -> list[importer.ImportResult]:
    """Import an uploaded file; a JSON file may hold many records. Raises on the first failure."""
    defaults = Defaults(outlet=outlet, published=published)
    results = []
    for job in jobs_for_bytes(name, data, defaults, settings.max_import_bytes):
        results.append(run(engine, settings, job))
    return results


def jobs_for_paths(paths: list[Path], defaults: Defaults, max_bytes: int) -> Iterator[Job]:
    for path in paths:
        if path.is_dir():
            yield from _jobs_for_folder(path, defaults, max_bytes)
        elif not path.exists():
            yield Job(str(path), None, "no such file or folder")
        else:
            yield from _jobs_for_file(path, defaults, max_bytes)


def jobs_for_bytes(name: str, data: bytes, defaults: Defaults, max_bytes: int) -> Iterator[Job]:
    if len(data) > max_bytes:
        raise TooLarge(f"{name} is over the limit of {max_bytes:,} bytes.")
    if name.lower().endswith(JSON_SUFFIXES):
        yield from _jobs_for_json(name, data, defaults)
        return
    fmt = importer.format_for_filename(name)
    yield Job(
        name,
        importer.ImportRequest(
            content=data,
            format=fmt,
            source="file",
            source_name=Path(name).name,
            url=defaults.url,
            outlet=defaults.outlet,
            published=defaults.published,
        ),
    )


def _jobs_for_file(path: Path, defaults: Defaults, max_bytes: int) -> Iterator[Job]:
    try:
        size = path.stat().st_size
        if path.name.lower().endswith(".jsonl"):
            yield from _jobs_for_jsonl_file(path, defaults, max_bytes)
            return
        if size > max_bytes:
            raise TooLarge(f"over the limit of {max_bytes:,} bytes ({size:,} bytes)")
        if not path.name.lower().endswith(JSON_SUFFIXES):
            importer.format_for_filename(path.name)  # reject unsupported types before reading
        yield from jobs_for_bytes(str(path), path.read_bytes(), defaults, max_bytes)
    except UnsupportedType:
        yield Job(str(path), None, "unsupported file type (use .txt, .html, .htm, .json or .jsonl)")
    except ParallaxError as exc:
        yield Job(str(path), None, exc.message)
    except OSError as exc:
        yield Job(str(path), None, f"cannot read: {exc.strerror}")


def _jobs_for_folder(folder: Path, defaults: Defaults, max_bytes: int) -> Iterator[Job]:
    """Every importable file in a folder; manifest.json (if any) gives order and metadata."""
    listed: list[dict[str, Any]] = []
    manifest = folder / MANIFEST
    if manifest.is_file():
        try:
            loaded = json.loads(manifest.read_text(encoding="utf-8"))
        except (ValueError, OSError) as exc:
            yield Job(str(manifest), None, f"not a valid manifest: {exc}")
            return
        if not isinstance(loaded, list) or not all(
            isinstance(e, dict) and isinstance(e.get("file"), str) for e in loaded
        ):
            yield Job(
                str(manifest), None, 'a manifest must be a list of {"file": ..., ...} entries'
            )
            return
        listed = loaded
    seen: set[str] = set()
    for entry in listed:
        seen.add(entry["file"])
        path = folder / entry["file"]
        try:
            entry_defaults = Defaults(
                outlet=entry.get("outlet") or defaults.outlet,
                url=entry.get("url") or defaults.url,
                published=_parse_date(entry.get("published")) or defaults.published,
            )
        except InvalidInput as exc:
            yield Job(str(path), None, exc.message)
            continue
        for job in _jobs_for_file(path, entry_defaults, max_bytes):
            if job.request is not None and entry.get("language"):
                job = replace(job, request=replace(job.request, language=entry["language"]))
            yield job
    for path in sorted(folder.iterdir()):
        if path.name in seen or path.name == MANIFEST or path.name.startswith("."):
            continue
        if path.is_file() and path.name.lower().endswith(
            importer.TEXT_SUFFIXES + importer.HTML_SUFFIXES + JSON_SUFFIXES
        ):
            yield from _jobs_for_file(path, defaults, max_bytes)


def _jobs_for_json(name: str, data: bytes, defaults: Defaults) -> Iterator[Job]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        yield Job(name, None, "a JSON file must be UTF-8")
        return
    if name.lower().endswith(".jsonl"):
        # Only "\n" ends a line: str.splitlines() would also split at U+2028 and the like,
        # which JSON strings may hold unescaped.
        for number, line in enumerate(text.split("\n"), 1):
            if line.strip():
                yield _job_for_line(f"{name}:{number}", line, defaults)
        return
    try:
        loaded = json.loads(text)
    except ValueError as exc:
        yield Job(name, None, f"invalid JSON: {exc}")
        return
    items = loaded if isinstance(loaded, list) else [loaded]
    for index, record in enumerate(items, 1):
        yield _job_for_record(f"{name}#{index}" if len(items) > 1 else name, record, defaults)


def _jobs_for_jsonl_file(path: Path, defaults: Defaults, max_bytes: int) -> Iterator[Job]:
    """Records read a line at a time: an exported corpus may be far larger than memory."""
    limit = LINE_LIMIT_FACTOR * max_bytes
    with path.open("rb") as stream:
        number = 0
        while line := stream.readline(limit + 1):
            number += 1
            label = f"{path}:{number}"
            if len(line) > limit and not line.endswith(b"\n"):
                while (rest := stream.readline(limit)) and not rest.endswith(b"\n"):
                    pass  # skip the rest of the over-long line
                yield Job(label, None, f"the line is over the limit of {limit:,} bytes")
                continue
            try:
                text = line.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError:
                yield Job(label, None, "a JSON Lines file must be UTF-8")
                continue
            if text.strip():
                yield _job_for_line(label, text, defaults)


def _job_for_line(label: str, line: str, defaults: Defaults) -> Job:
    try:
        record = json.loads(line)
    except ValueError as exc:
        return Job(label, None, f"invalid JSON: {exc}")
    return _job_for_record(label, record, defaults)


def _type_errors(record: dict[str, Any]) -> list[str]:
    """What is wrong with the types of a record's fields (null is always allowed)."""
    errors = []
    for key, value in sorted(record.items()):
        if value is None:
            continue
        if key in _LIST_FIELDS:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                errors.append(f"{key} must be a list of strings")
        elif key in _BOOL_FIELDS:
            if not isinstance(value, bool):
                errors.append(f"{key} must be true or false")
        elif key in _INT_FIELDS:
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                errors.append(f"{key} must be a positive whole number")
        elif not isinstance(value, str):
            errors.append(f"{key} must be a string")
    return errors


def _job_for_record(label: str, record: object, defaults: Defaults) -> Job:
    if not isinstance(record, dict):
        return Job(label, None, "a record must be a JSON object")
    unknown = sorted(set(record) - RECORD_FIELDS)
    if unknown:
        return Job(
            label,
            None,
            f"unknown field(s) {', '.join(unknown)}; allowed: {', '.join(sorted(RECORD_FIELDS))}",
        )
    errors = _type_errors(record)
    if errors:
        return Job(label, None, "; ".join(errors))
    if record.get("paragraphs") is not None:
        return _job_for_extracted(label, record, defaults)
    only_extracted = sorted(k for k in EXTRACTED_FIELDS if record.get(k) is not None)
    if only_extracted:
        return Job(label, None, f"field(s) {', '.join(only_extracted)} need a list of paragraphs")
    text, html, url = record.get("text"), record.get("html"), record.get("url") or defaults.url
    if text is not None and html is not None:
        return Job(label, None, "a record has either text or html, not both")
    try:
        published = _parse_date(record.get("published")) or defaults.published
    except InvalidInput as exc:
        return Job(label, None, exc.message)
    request = importer.ImportRequest(
        content=text if text is not None else (html or ""),
        format="html" if html is not None else "text",
        source="html" if html is not None else "text",
        source_name=label,
        url=url,
        outlet=record.get("outlet") or defaults.outlet,
        title=record.get("title"),
        published=published,
        language=record.get("language"),
    )
    if text is None and html is None:
        if not url:
            return Job(label, None, "a record needs text, html or url")
        return Job(label, request, fetch=True)
    return Job(label, request)


def _job_for_extracted(label: str, record: dict[str, Any], defaults: Defaults) -> Job:
    """An article already extracted (e.g. by `parallax export`): stored as given."""
    if record.get("text") is not None or record.get("html") is not None:
        return Job(label, None, "a record has text, html or paragraphs, not more than one")
    paragraphs: list[str] = record["paragraphs"]
    if not any(p.strip() for p in paragraphs):
        return Job(label, None, "paragraphs holds no text")
    article_id, source = record.get("id"), record.get("source") or "text"
    if article_id is not None and not _ARTICLE_ID.fullmatch(article_id):
        return Job(label, None, f"id {article_id!r} is not a Parallax article id")
    if source not in SOURCES:
        return Job(label, None, f"source must be one of {', '.join(SOURCES)}, not {source!r}")
    try:
        published = _parse_date(record.get("published")) or defaults.published
        imported_at = _parse_datetime(record.get("imported_at"))
        raw = _parse_base64(record.get("raw"))
    except InvalidInput as exc:
        return Job(label, None, exc.message)
    title = record.get("title")
    extracted = Extracted(
        title=title,
        title_derived=bool(record.get("title_derived")) and bool(title),
        byline=record.get("byline"),
        published=published,
        site_name=None,
        language=record.get("language"),
        paragraphs=tuple(paragraphs),
        captions=tuple(record.get("captions") or ()),
    )
    request = importer.ImportRequest(
        content=raw if raw is not None else "\n\n".join(paragraphs),
        format="html" if source == "html" else "text",
        source=source,
        source_name=record.get("source_name", label),
        url=record.get("url") or defaults.url,
        outlet=record.get("outlet") or defaults.outlet,
        published=published,
        extracted=extracted,
        article_id=article_id,
        imported_at=imported_at,
        outlet_domain=record.get("outlet_domain"),
    )
    return Job(label, request)


def _parse_datetime(value: str | None) -> dt.datetime | None:
    """An ISO 8601 time, as UTC (a time without an offset is taken to be UTC)."""
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError as exc:
        raise InvalidInput(f"imported_at {value!r} is not an ISO 8601 date and time") from exc
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=dt.UTC)
    return parsed.astimezone(dt.UTC)


def _parse_base64(value: str | None) -> bytes | None:
    if value is None:
        return None
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise InvalidInput(f"raw is not valid base64: {exc}") from exc


def _parse_date(value: object) -> dt.date | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise InvalidInput(f"published must be a YYYY-MM-DD string, not {value!r}")
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError as exc:
        raise InvalidInput(f"published {value!r} is not a date (use YYYY-MM-DD)") from exc
