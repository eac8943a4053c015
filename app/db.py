"""Database engine, SQLite pragmas, schema upgrades and session helpers."""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import orjson
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, create_engine

from app.config import ROOT
from app.errors import DatabaseBusy, DatabaseFull, ParallaxError

# How long a write waits for another writer's lock by default (a long import's batches
# queue behind each other); the web app asks for less (Settings.lock_wait).
SQLITE_BUSY_TIMEOUT_MS = 30_000
# Seconds a server's request waits for a pooled connection before it is answered 503.
POOL_TIMEOUT = 2.0
# Seconds a client told the database is busy is asked to wait before trying again: about
# what one import batch holds the write lock for.
BUSY_RETRY_AFTER = 5
BUSY_MESSAGE = (
    "The database is busy with another change (an import, say) and did not free up in "
    "time; try again in a few seconds."
)
FULL_MESSAGE = "The database's disk is full: nothing more can be stored until space is freed."
_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_FULL = 5, 6, 13  # primary result codes
# Pages added to the write-ahead log since the last checkpoint that make the next one due;
# it runs beside the writers, on a thread of its own (see Checkpointer).
WAL_CHECKPOINT_PAGES = 10_000
# A commit that finds this many pages in the log checkpoints itself (see Checkpointer).
WAL_INLINE_PAGES = 4 * WAL_CHECKPOINT_PAGES


def _json_text(value: object) -> str:
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode("utf-8")


# JSON columns (paragraphs, stored alignments) read and written by orjson: a story page
# decodes an alignment for each of its hundreds of pairs, four times faster than `json`.
_JSON: dict[str, Any] = {"json_serializer": _json_text, "json_deserializer": orjson.loads}


def make_engine(
    url: str, *, pool_size: int | None = None, lock_wait: float | None = None
) -> Engine:
    """Create an engine; on SQLite turn on WAL, foreign keys and a busy timeout, and
    checkpoint a database file's write-ahead log beside the writers (Checkpointer).

    `pool_size`: connections kept, and the most ever open (a server passes its number of
    request threads); a checkout that finds none free for POOL_TIMEOUT seconds raises
    sqlalchemy's TimeoutError, which the web app answers with 503. None: SQLAlchemy's
    defaults, for the command line.

    `lock_wait` is how many seconds a statement waits for a lock another connection
    holds before failing (see `storage_fault`); None: SQLite's SQLITE_BUSY_TIMEOUT_MS,
    and PostgreSQL's own default (no limit).
    """
    parsed = make_url(url)
    pool: dict[str, Any] = {}
    if pool_size is not None:
        pool = {"pool_size": pool_size, "max_overflow": 0, "pool_timeout": POOL_TIMEOUT}
    if parsed.get_backend_name() != "sqlite":
        engine = create_engine(url, pool_pre_ping=True, **_JSON, **pool)
        if lock_wait is not None:
            event.listen(engine, "connect", _postgres_lock_timeout(lock_wait))
        return engine
    connect_args: dict[str, Any] = {
        "check_same_thread": False,
        # sqlite3 sets the connection's busy timeout from this.
        "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000 if lock_wait is None else lock_wait,
    }
    path = parsed.database or ""
    if path and path != ":memory:" and not path.startswith("file:"):
        connect_args["factory"] = _checkpointing(Checkpointer.of(path))
    else:
        pool = {}  # an in-memory database lives in one connection: no pool to size
    engine = create_engine(url, connect_args=connect_args, **_JSON, **pool)
    event.listen(engine, "connect", _sqlite_on_connect)
    event.listen(engine, "begin", _sqlite_on_begin)
    return engine


def _sqlite_on_connect(dbapi_conn: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's implicit BEGIN is
    # deferred, and a deferred transaction that later writes can fail with "database is
    # locked" without waiting on the busy timeout).
    dbapi_conn.isolation_level = None
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # The candidate index is a B-tree written at random places: a bigger page cache (a
    # fixed 32 MiB, not growing with the data) and rarer checkpoints write each hot page
    # less often.
    cursor.execute("PRAGMA cache_size=-32768")
    if isinstance(dbapi_conn, _CheckpointingConnection):
        cursor.execute("PRAGMA wal_autocheckpoint=0")  # the Checkpointer does it
        # The log is cut back when it starts again, so its size tells what it holds.
        cursor.execute("PRAGMA journal_size_limit=0")
    else:
        cursor.execute(f"PRAGMA wal_autocheckpoint={WAL_CHECKPOINT_PAGES}")
    cursor.close()


def _postgres_lock_timeout(seconds: float) -> Callable[[Any, Any], None]:
    def on_connect(dbapi_conn: Any, _record: Any) -> None:
        # For the connection's whole life, not one transaction; a lock waited on longer
        # fails with lock_not_available (55P03).
        with dbapi_conn.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('lock_timeout', %s, false)", (f"{round(seconds * 1000)}ms",)
            )
        dbapi_conn.commit()

    return on_connect


def storage_fault(exc: BaseException) -> ParallaxError | None:
    """What a database failure means to the user when the storage, not Parallax, is at
    fault: a lock held by another writer past the wait, or a full disk; None otherwise.

    SQLite: SQLITE_BUSY/SQLITE_LOCKED, SQLITE_FULL. PostgreSQL: lock_not_available (55P03),
    query_canceled (57014, a statement or lock timeout), disk_full (53100).
    """
    if not isinstance(exc, DBAPIError):
        return None
    orig = exc.orig
    code = getattr(orig, "sqlite_errorcode", None)
    state = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    said = str(orig).lower()
    primary = code & 0xFF if isinstance(code, int) else None  # extended codes keep it low
    if primary in (_SQLITE_BUSY, _SQLITE_LOCKED) or state in ("55P03", "57014"):
        return DatabaseBusy(BUSY_MESSAGE, retry_after=BUSY_RETRY_AFTER)
    if primary == _SQLITE_FULL or state == "53100":
        return DatabaseFull(FULL_MESSAGE)
    if code is None and state is None:  # a driver that gives no code: its words
        if "database is locked" in said or "database is busy" in said:
            return DatabaseBusy(BUSY_MESSAGE, retry_after=BUSY_RETRY_AFTER)
        if "database or disk is full" in said:
            return DatabaseFull(FULL_MESSAGE)
    return None


class Checkpointer:
    """Copies a database file's write-ahead log back into it (a checkpoint) on a daemon
    thread, once WAL_CHECKPOINT_PAGES were added since the last one.

    SQLite's automatic checkpoint runs inside the commit that fills the log, and that
    commit waits while thousands of pages are written back and synced: a tenth of a
    second or more added to one import in fifty. Here a commit only looks at the log's
    size; the copying (PASSIVE: it neither waits for nor blocks readers and writers)
    overlaps with what comes next.

    The log starts again from its beginning only when a write transaction begins with
    all of it copied. Writers that never pause leave no such moment, so a commit that
    finds WAL_INLINE_PAGES in the log checkpoints itself, as SQLite would have: little is
    left to copy by then, and the next transaction starts the log afresh.
    """

    _by_path: dict[str, Checkpointer] = {}
    _registry_lock = threading.Lock()

    def __init__(self, path: str) -> None:
        self.path = path
        self.background = 0  # checkpoints done by the thread
        self._copied = 0  # pages of the log the last checkpoint found copied
        self._page = 0  # bytes, read once
        self._wake = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    @classmethod
    def of(cls, path: str) -> Checkpointer:
        """The one checkpointer of a database file in this process, shared by its engines."""
        path = os.path.abspath(path)
        with cls._registry_lock:
            return cls._by_path.setdefault(path, cls(path))

    def committed(self, connection: sqlite3.Connection) -> None:
        """After each commit on `connection`: checkpoint when one is due."""
        try:
            size = os.stat(self.path + "-wal").st_size
        except OSError:
            return
        if not self._page:
            self._page = connection.execute("PRAGMA page_size").fetchone()[0]
        pages = size // (self._page + 24)  # a frame is a page and its 24-byte header
        if pages < self._copied:  # the log started again from its beginning
            self._copied = 0
        if pages >= WAL_INLINE_PAGES:
            # A checkpoint running there would make this one a no-op.
            self.wait_idle(timeout=SQLITE_BUSY_TIMEOUT_MS / 1000)
            self._checkpointed(connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone())
        elif pages - self._copied >= WAL_CHECKPOINT_PAGES:
            with self._lock:
                self._idle.clear()
                self._wake.set()
                if self._thread is None:
                    name = f"parallax-checkpoint-{os.path.basename(self.path)}"
                    self._thread = threading.Thread(target=self._run, name=name, daemon=True)
                    self._thread.start()

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Wait until no background checkpoint is due or running; False on timeout."""
        return self._idle.wait(timeout)

    def _checkpointed(self, result: tuple[int, int, int]) -> None:
        _busy, _log, copied = result
        self._copied = max(self._copied, copied)

    def _checkpoint(self) -> None:
        connection = sqlite3.connect(self.path, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000)
        try:
            self._checkpointed(connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone())
            self.background += 1
        finally:
            connection.close()

    def _run(self) -> None:
        while True:
            self._wake.wait()
            with self._lock:
                self._wake.clear()
            try:
                self._checkpoint()
            except Exception:  # the thread must live on, and say it is idle
                pass  # the next commit asks again; SQLite checkpoints on the last close
            finally:
                with self._lock:
                    if not self._wake.is_set():
                        self._idle.set()


class _CheckpointingConnection(sqlite3.Connection):
    checkpointer: Checkpointer

    def commit(self) -> None:
        super().commit()
        self.checkpointer.committed(self)


def _checkpointing(checkpointer: Checkpointer) -> type[_CheckpointingConnection]:
    """sqlite3.connect's factory: connections whose commits tell `checkpointer`."""
    attributes = {"checkpointer": checkpointer}
    return type("CheckpointingConnection", (_CheckpointingConnection,), attributes)


def _sqlite_on_begin(conn: Any) -> None:
    # Write transactions take the write lock up front, so concurrent writers queue on the
    # busy timeout instead of failing; read transactions stay deferred and never block.
    immediate = conn.get_execution_options().get("sqlite_immediate", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    config.attributes["engine"] = engine
    return config


def upgrade_schema(engine: Engine, announce: Callable[[str], None] | None = None) -> None:
    """Bring the schema up to the newest migration (idempotent). `announce` is told of each
    migration an existing database is about to go through (some rebuild an index)."""
    config = alembic_config(engine)
    if announce is not None:
        with engine.connect() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
        if current is not None:
            pending = ScriptDirectory.from_config(config).iterate_revisions("head", current)
            for revision in reversed(list(pending)):
                title = (revision.doc or "").strip().partition("\n")[0]
                announce(f"Upgrading the database to schema {revision.revision}: {title}")
    command.upgrade(config, "head")


def read_session(engine: Engine) -> Session:
    return Session(engine, expire_on_commit=False)


@contextmanager
def write_session(engine: Engine) -> Iterator[Session]:
    """A session whose transaction holds the write lock from its first statement.

    Commits on success, rolls back on any error: a failed import leaves nothing behind.
    """
    bind = engine.execution_options(sqlite_immediate=True)
    with Session(bind, expire_on_commit=False) as session:
        try:
            yield session
            count_edition(session)
            session.commit()
        except BaseException:
            session.rollback()
            raise


def count_edition(session: Session) -> None:
    """Count one more change, in the transaction that writes it (see models.Edition)."""
    session.execute(text("UPDATE edition SET value = value + 1 WHERE id = 1"))


def edition(engine: Engine) -> int:
    """The number of changes written so far (0 on a database that counts none yet)."""
    with engine.connect() as connection:
        value = connection.execute(text("SELECT value FROM edition WHERE id = 1")).scalar()
    return int(value or 0)
