"""The migrations build exactly the schema the models describe."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlmodel import SQLModel

import app.models  # noqa: F401  (registers the tables)
from app.db import alembic_config, make_engine, upgrade_schema


def not_search_index(name: str | None, type_: str, _parents: object) -> bool:
    # The FTS5 index (see migrations/env.py) is raw SQL with no model.
    return not (type_ == "table" and name is not None and name.startswith("article_fts"))


def test_upgrade_empty_database_to_head_matches_models(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    upgrade_schema(engine)
    upgrade_schema(engine)  # a second run is a no-op
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_name": not_search_index}
        )
        assert compare_metadata(context, SQLModel.metadata) == []
        assert set(inspect(conn).get_table_names()) >= {"outlet", "article", "alembic_version"}
    engine.dispose()


def test_sqlite_runs_in_wal_with_foreign_keys(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'p.db'}")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 5000
    engine.dispose()


def test_downgrade_to_base_and_up_again(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'roundtrip.db'}")
    upgrade_schema(engine)
    command.downgrade(alembic_config(engine), "base")
    with engine.connect() as conn:
        assert set(inspect(conn).get_table_names()) == {"alembic_version"}
    upgrade_schema(engine)
    with engine.connect() as conn:
        assert {"story", "comparison", "article"} <= set(inspect(conn).get_table_names())
    engine.dispose()
