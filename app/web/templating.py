"""The Jinja environment (autoescaped templates, content-hashed static URLs) and `render`."""

from __future__ import annotations

import datetime as dt
import hashlib
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from fastapi import Request, Response
from fastapi.templating import Jinja2Templates

from app.config import ROOT
from app.services.compare import compare_path
from app.web.owner import owner_state

TEMPLATES_DIR = ROOT / "templates"
STATIC_DIR = ROOT / "static"


@cache
def _static_hash(path: str) -> str:
    return hashlib.sha256((STATIC_DIR / path).read_bytes()).hexdigest()[:10]


def static_url(path: str) -> str:
    """/static/... with a content hash, so browsers may cache static files forever."""
    return f"/static/{path}?v={_static_hash(path)}"


def format_date(value: dt.date | dt.datetime | None, missing: str = "date unknown") -> str:
    if value is None:
        return missing
    return f"{value.day} {value:%B %Y}"


def format_date_range(first: dt.date | None, last: dt.date | None) -> str:
    """Two dates as one span, each part said once: "8 – 25 February 2027", "20 April –
    14 May 2027", "30 December 2026 – 2 January 2027"; one date when they are the same."""
    if first is None or last is None or first == last:
        return format_date(first or last)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day} – {format_date(last)}"
    if first.year == last.year:
        return f"{first.day} {first:%B} – {format_date(last)}"
    return f"{format_date(first)} – {format_date(last)}"


def http_url(value: str | None) -> str | None:
    """The URL if it is http(s), else None: a stored `javascript:` URL never becomes a link."""
    if value and urlsplit(value.strip()).scheme.lower() in ("http", "https"):
        return value.strip()
    return None


def make_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=Path(TEMPLATES_DIR))
    templates.env.globals["static_url"] = static_url
    templates.env.filters["date"] = format_date
    templates.env.globals["date_range"] = format_date_range
    templates.env.filters["http_url"] = http_url
    templates.env.globals["owner_state"] = owner_state
    templates.env.globals["compare_path"] = compare_path
    return templates


def render(
    request: Request,
    template: str,
    context: dict[str, object],
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    """A page: `template` rendered with `context` by the app's templates."""
    response: Response = request.app.state.templates.TemplateResponse(
        request, template, context, status_code=status, headers=headers
    )
    return response
