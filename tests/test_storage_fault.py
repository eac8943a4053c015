"""Which database failures are the storage's (locked past the wait, full), on both backends."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy.exc import IntegrityError, OperationalError

from app.db import BUSY_RETRY_AFTER, storage_fault
from app.errors import DatabaseBusy, DatabaseFull


class PostgresError(Exception):
    """What psycopg raises: the SQLSTATE names the condition."""

    def __init__(self, sqlstate: str) -> None:
        super().__init__(f"SQLSTATE {sqlstate}")
        self.sqlstate = sqlstate


def sqlite_error(message: str, code: int) -> sqlite3.OperationalError:
    error = sqlite3.OperationalError(message)
    error.sqlite_errorcode = code
    return error


def wrapped(orig: Exception) -> OperationalError:
    return OperationalError("INSERT ...", {}, orig)


@pytest.mark.parametrize(
    ("orig", "kind"),
    [
        (sqlite_error("database is locked", 5), DatabaseBusy),
        (sqlite_error("database is locked", 517), DatabaseBusy),  # SQLITE_BUSY_SNAPSHOT
        (sqlite_error("database table is locked", 6), DatabaseBusy),
        (sqlite_error("database or disk is full", 13), DatabaseFull),
        (PostgresError("55P03"), DatabaseBusy),  # lock_not_available: lock_timeout
        (PostgresError("57014"), DatabaseBusy),  # query_canceled: statement_timeout
        (PostgresError("53100"), DatabaseFull),  # disk_full
        (Exception("database is locked"), DatabaseBusy),  # a driver without codes
        (Exception("database or disk is full"), DatabaseFull),
    ],
)
def test_storage_faults_are_named(orig: Exception, kind: type[Exception]) -> None:
    fault = storage_fault(wrapped(orig))
    assert isinstance(fault, kind)
    if isinstance(fault, DatabaseBusy):
        assert fault.retry_after == BUSY_RETRY_AFTER


@pytest.mark.parametrize(
    "exc",
    [
        wrapped(sqlite_error("no such table: article", 1)),
        wrapped(PostgresError("42P01")),  # undefined_table: a bug, not the storage
        IntegrityError("INSERT ...", {}, PostgresError("23505")),
        ValueError("database is locked"),  # not from the database at all
    ],
)
def test_other_failures_are_not(exc: Exception) -> None:
    assert storage_fault(exc) is None
