"""Storage faults on demand: a database another process holds locked, a disk that is full."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine


@contextmanager
def write_locked(path: Path) -> Iterator[None]:
    """The database at `path` with its write lock held by another connection, as a long
    import's batch holds it."""
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        yield
        connection.execute("ROLLBACK")
    finally:
        connection.close()


@contextmanager
def capped(pages: int) -> Iterator[None]:
    """Every SQLite connection opened meanwhile, by any engine, limited to `pages` pages
    (or the size it has, if larger): a write that needs more fails with SQLITE_FULL,
    "database or disk is full", as on a full disk."""

    def cap(dbapi_conn: Any, _record: Any) -> None:
        if isinstance(dbapi_conn, sqlite3.Connection):
            dbapi_conn.execute(f"PRAGMA max_page_count={pages}")

    event.listen(Engine, "connect", cap)
    try:
        yield
    finally:
        event.remove(Engine, "connect", cap)


def compacted(path: Path) -> int:
    """The database at `path` without free pages (which a write would use before it
    grows the file); returns its size in pages."""
    with sqlite3.connect(path, isolation_level=None) as connection:
        connection.execute("VACUUM")
        return int(connection.execute("PRAGMA page_count").fetchone()[0])


def integrity(path: Path) -> str:
    with sqlite3.connect(path) as connection:
        return str(connection.execute("PRAGMA integrity_check").fetchone()[0])
