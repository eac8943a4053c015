"""Typed settings, read from PARALLAX_* environment variables; nothing else reads os.environ."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Every knob Parallax has. Each field is documented in the README's settings table."""

    model_config = SettingsConfigDict(env_prefix="PARALLAX_", frozen=True)

    database_url: str = Field(
        default="sqlite:///./parallax.db",
        description="SQLAlchemy URL of the database: a SQLite file by default, "
        "or postgresql+psycopg://user:password@host/db",
    )
    max_import_bytes: int = Field(
        default=5_000_000,
        description="Largest input accepted by any import (a file, pasted text, a page), in bytes.",
    )
    fetch_timeout: float = Field(
        default=15.0,
        description="Seconds allowed for fetching one URL, connection and transfer together.",
    )
    fetch_max_redirects: int = Field(
        default=5, description="Redirect hops followed when fetching a URL."
    )
    fetch_allow_loopback: bool = Field(
        default=False,
        description="Allow fetching from 127.0.0.0/8 and ::1 (for local testing only).",
    )
    base_url: str = Field(
        default="",
        description="Public origin used in permalinks and link previews, "
        "e.g. https://parallax.example; empty means the origin of each request.",
    )
    write_token: str = Field(
        default="",
        repr=False,  # a secret: never in logs or tracebacks
        description="When set, every change (imports, corrections) needs this token: "
        "`Authorization: Bearer TOKEN` on the API, or signing in on the pages. "
        "Empty means anyone who can reach Parallax can write.",
    )
    max_request_bytes: int = Field(
        default=20_000_000,
        description="Largest request body accepted (413 beyond it), in bytes: a few uploads "
        "of PARALLAX_MAX_IMPORT_BYTES each, with room for their encoding.",
    )
    lock_wait: float = Field(
        default=5.0,
        gt=0,
        description="Seconds a change made through the web app or the API waits for the "
        "database's write lock (held by an import, say) before it is answered 503 with "
        "Retry-After. The command line's imports wait up to 30 seconds.",
    )
    url_imports_per_minute: int = Field(
        default=10,
        description="URL fetches one client may ask for per minute (a burst of as many, "
        "refilled evenly); 0 means no limit.",
    )
    worker_threads: int = Field(
        default=8,
        ge=1,
        le=1024,
        description="Threads each server process runs requests on; its database pool holds "
        "as many connections, so a request never waits for one another request holds.",
    )
    max_pending: int = Field(
        default=64,
        ge=1,
        description="Page and API requests one server process works on at once; more are "
        "answered 503 with Retry-After at once (static files, /healthz and pages "
        "already rendered are always served).",
    )
    page_cache_mb: int = Field(
        default=64,
        ge=0,
        description="Memory each server process keeps for rendered comparisons (pages, "
        "downloads, preview images), in MiB, and a quarter as much again for other pages; "
        "0 turns the cache off.",
    )
