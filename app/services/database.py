"""The database as the pages and the command line see it: opened, upgraded, one session.

`app/web` and `app/cli` reach storage only through services; this is where they get the
engine and the session a request or a command works in (app.db holds the mechanics).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager

from sqlalchemy.engine import Engine
from sqlmodel import Session

from app import db


def open_database(
    url: str, announce: Callable[[str], None] | None = None, pool_size: int | None = None
) -> Engine:
    """An engine on `url` with the schema brought up to the newest migration."""
    engine = db.make_engine(url, pool_size=pool_size)
    db.upgrade_schema(engine, announce=announce)
    return engine


def reading(engine: Engine) -> Session:
    """The session one request reads in (a context manager: closed when it is done)."""
    return db.read_session(engine)


def writing(engine: Engine) -> AbstractContextManager[Session]:
    """A session holding the write lock, committed on success and rolled back on error."""
    return db.write_session(engine)


def edition(engine: Engine) -> int:
    """How many changes were written so far: rendered pages made under another number may
    show what has changed since."""
    return db.edition(engine)
