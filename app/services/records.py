"""Turning files, folders and JSON records into import requests (CLI and uploads)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine

from app.config import Settings
from app.errors import InvalidInput, ParallaxError, TooLarge, UnsupportedType
from app.services import importer

JSON_SUFFIXES = (".json", ".jsonl")
MANIFEST = "manifest.json"
RECORD_FIELDS = {"text", "html", "url", "outlet", "title", "published", "language"}


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
    if job.request is None:
        raise InvalidInput(job.error or "nothing to import")
    if job.fetch:
        return importer.import_url(engine, settings, job.request)
    return importer.import_content(engine, settings, job.request)


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
        lines = [(i, line) for i, line in enumerate(text.splitlines(), 1) if line.strip()]
        for number, line in lines:
            label = f"{name}:{number}"
            try:
                record = json.loads(line)
            except ValueError as exc:
                yield Job(label, None, f"invalid JSON: {exc}")
                continue
            yield _job_for_record(label, record, defaults)
        return
    try:
        loaded = json.loads(text)
    except ValueError as exc:
        yield Job(name, None, f"invalid JSON: {exc}")
        return
    items = loaded if isinstance(loaded, list) else [loaded]
    for index, record in enumerate(items, 1):
        yield _job_for_record(f"{name}#{index}" if len(items) > 1 else name, record, defaults)


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
    bad = [k for k, v in record.items() if v is not None and not isinstance(v, str)]
    if bad:
        return Job(label, None, f"field(s) {', '.join(sorted(bad))} must be strings")
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


def _parse_date(value: object) -> dt.date | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise InvalidInput(f"published must be a YYYY-MM-DD string, not {value!r}")
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError as exc:
        raise InvalidInput(f"published {value!r} is not a date (use YYYY-MM-DD)") from exc
