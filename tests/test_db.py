"""The SQLite engine: write-ahead log checkpoints beside the writers, with a bounded log."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from app import db

BLOB = os.urandom(40_000)  # ten pages of the log per commit


@pytest.fixture
def small_log(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(db, "WAL_CHECKPOINT_PAGES", 64)
    monkeypatch.setattr(db, "WAL_INLINE_PAGES", 256)


def _engine(path: Path) -> Engine:
    engine = db.make_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE t (x BLOB)")
    return engine


def _log_pages(path: Path) -> int:
    return os.path.getsize(f"{path}-wal") // (4096 + 24)


def _insert(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.exec_driver_sql("INSERT INTO t VALUES (?)", (BLOB,))


def test_commits_leave_checkpoints_to_the_thread(tmp_path: Path, small_log: None) -> None:
    path = tmp_path / "paused.db"
    engine = _engine(path)
    checkpointer = db.Checkpointer.of(str(path))
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 0
    largest = 0
    for _ in range(100):
        _insert(engine)
        assert checkpointer.wait_idle(timeout=30)
        largest = max(largest, _log_pages(path))
    # Left alone, the log would hold a thousand pages; the thread copied it back, and
    # the next transaction started it again, every 64 pages or so.
    assert checkpointer.background >= 5
    assert largest < 64 + 2 * 12
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM t").scalar() == 100
    engine.dispose()


def test_writers_that_never_pause_keep_the_log_bounded(tmp_path: Path, small_log: None) -> None:
    path = tmp_path / "busy.db"
    engine = _engine(path)
    largest = 0
    for _ in range(300):
        _insert(engine)
        largest = max(largest, _log_pages(path))
    assert largest < 256 + 2 * 12  # not the 3,000 pages written
    db.Checkpointer.of(str(path)).wait_idle(timeout=30)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM t").scalar() == 300
    engine.dispose()


def test_a_database_in_memory_checkpoints_nothing() -> None:
    engine = db.make_engine("sqlite://")
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE t (x BLOB)")
        connection.exec_driver_sql("INSERT INTO t VALUES (?)", (BLOB,))
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM t").scalar() == 1


def test_a_failed_checkpoint_leaves_the_thread_idle_and_alive(
    tmp_path: Path, small_log: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "failing.db"
    engine = _engine(path)
    checkpointer = db.Checkpointer.of(str(path))
    checkpoint, failures = checkpointer._checkpoint, list[int]()

    def fail_once() -> None:
        if not failures:
            failures.append(1)
            raise RuntimeError("the disk went away")
        checkpoint()

    monkeypatch.setattr(checkpointer, "_checkpoint", fail_once)
    for _ in range(30):
        _insert(engine)
        assert checkpointer.wait_idle(timeout=30)
    assert failures and checkpointer.background >= 2
    engine.dispose()
