"""Alembic environment: migrates the engine Parallax hands over, or PARALLAX_DATABASE_URL."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import app.models  # noqa: F401  (registers the tables on SQLModel.metadata)
from app.config import Settings
from app.db import make_engine

config = context.config
target_metadata = SQLModel.metadata


def include_name(name: str | None, type_: str, _parents: object) -> bool:
    """Leave the full-text index (SQLite's FTS5 table and its shadow tables, PostgreSQL's
    tsvector table and its GIN index) out of autogenerate."""
    return not (type_ in ("table", "index") and name is not None and name.startswith("article_fts"))


def run_migrations() -> None:
    engine = config.attributes.get("engine") or make_engine(Settings().database_url)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,  # SQLite can only alter tables by copying them
            compare_type=True,
            include_name=include_name,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations()
