"""What the stores' queries share: the dialect, the driver's placeholder, id chunks."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from sqlalchemy.engine import Connection
from sqlalchemy.orm import QueryableAttribute, defer
from sqlmodel import Session

from app.models import Article


def dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def mark(connection: Connection) -> str:
    """The driver's own placeholder, for SQL sent through exec_driver_sql."""
    return "?" if connection.dialect.paramstyle == "qmark" else "%s"


# Lookups for many articles at once (bulk import), in chunks under every driver's limit
# on bound parameters.
CHUNK = 500


def chunks(values: Sequence[str]) -> list[list[str]]:
    unique = sorted(set(values))
    return [unique[k : k + CHUNK] for k in range(0, len(unique), CHUNK)]


# Pages never show the raw input an article was imported from (only exports do), and it is
# most of a row: the queries pages run leave it to be read if asked for.
WITHOUT_RAW = defer(cast(QueryableAttribute[bytes], Article.raw))
