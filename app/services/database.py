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
from app.errors import ParallaxError


def open_database(url: str, announce: Callable[[str], None] | None = None) -> Engine:
    """An engine on `url` with the schema brought up to the newest migration."""
    engine = db.make_engine(url)
    db.upgrade_schema(engine, announce=announce)
    return engine


def reading(engine: Engine) -> Session:
    """The session one request reads in (a context manager: closed when it is done)."""
    return db.read_session(engine)


def writing(engine: Engine) -> AbstractContextManager[Session]:
    """A session holding the write lock, committed on success and rolled back on error."""
    return db.write_session(engine)


def storage_fault(exc: BaseException) -> ParallaxError | None:
    """The DatabaseBusy or DatabaseFull a database failure means, else None (a bug)."""
    return db.storage_fault(exc)
