"""The migrations build exactly the schema the models describe."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine
from sqlmodel import SQLModel

import app.models  # noqa: F401  (registers the tables)
from app.config import Settings
from app.db import alembic_config, make_engine, upgrade_schema
from app.index import fingerprint
from app.ingest import Extracted
from app.services import importer

TEXT = (
    "Vladimir Putin and Xi Jinping met in Beijing before the Winter Olympics opening and "
    "issued a joint statement opposing NATO expansion."
)
# TEXT's fingerprints as revision 0005 stored them (blake2b, window 8), pinned.
TEXT_0005 = {
    -5227994866907486560,
    -7258902984654355638,
    -8057846796356355666,
    -8103411960077767076,
}


def not_search_index(name: str | None, type_: str, _parents: object) -> bool:
    # The full-text index (see migrations/env.py) is raw SQL with no model.
    return not (type_ in ("table", "index") and name is not None and name.startswith("article_fts"))


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


def test_the_index_loses_its_foreign_key_and_keeps_its_rows(tmp_path: Path) -> None:
    """0005 copies `shingle` without the constraint (SQLite cannot drop one in place);
    going down puts it back."""
    path = tmp_path / "index.db"
    engine = make_engine(f"sqlite:///{path}")
    config = alembic_config(engine)
    command.upgrade(config, "0004")
    rows = [(-(2**63), "a1"), (7, "a1"), (7, "b2"), (2**63 - 1, "c3")]
    raw = sqlite3.connect(path)  # rows of articles that do not exist: no checks here
    with raw:
        raw.executemany("INSERT INTO shingle (hash, article_id) VALUES (?, ?)", rows)
    raw.close()

    def state() -> tuple[list[tuple[int, str]], int, str]:
        with engine.connect() as conn:
            stored = [(h, a) for h, a in conn.execute(text("SELECT * FROM shingle"))]
            keys = len(conn.execute(text("PRAGMA foreign_key_list(shingle)")).all())
            sql = conn.execute(text("SELECT sql FROM sqlite_master WHERE name = 'shingle'"))
            return stored, keys, sql.scalar_one()

    assert state()[1] == 1
    command.upgrade(config, "0005")
    stored, keys, sql = state()
    assert (stored, keys) == (rows, 0)
    assert "WITHOUT ROWID" in sql
    with engine.begin() as conn:  # the constraint would refuse them on the way back
        conn.execute(text("DELETE FROM shingle"))
    command.downgrade(config, "0004")
    stored, keys, sql = state()
    assert (stored, keys) == ([], 1)
    assert "WITHOUT ROWID" in sql
    engine.dispose()


def test_the_index_is_fingerprinted_again_on_the_way_up_and_down(
    engine: Engine, settings: Settings
) -> None:
    """0006 changes the hash and the window, so it rebuilds the index from the text."""
    extracted = Extracted(None, False, None, None, None, "en", (TEXT,), ())
    request = importer.ImportRequest(content=TEXT, extracted=extracted)
    article_id = importer.import_content(engine, settings, request).article.id

    def stored() -> set[tuple[int, str]]:
        with engine.connect() as conn:
            return {(h, a) for h, a in conn.execute(text("SELECT hash, article_id FROM shingle"))}

    now = {(h, article_id) for h in fingerprint(TEXT)}
    assert stored() == now and len(now) == 1
    config = alembic_config(engine)
    command.downgrade(config, "0005")
    assert stored() == {(h, article_id) for h in TEXT_0005}
    upgrade_schema(engine)
    assert stored() == now


def test_the_staged_index_rows_are_folded_in_on_the_way_down(tmp_path: Path) -> None:
    """0007 adds `shingle_staged`; going down moves its rows into `shingle` first."""
    engine = make_engine(f"sqlite:///{tmp_path / 'staged.db'}")
    upgrade_schema(engine)
    main, staged = [(-5, "a1"), (9, "b2")], [(-(2**63), "c3"), (9, "c3"), (2**63 - 1, "c3")]
    with engine.begin() as conn:
        for table, rows in (("shingle", main), ("shingle_staged", staged)):
            for h, a in rows:
                conn.execute(text(f"INSERT INTO {table} VALUES (:h, :a)"), {"h": h, "a": a})
    command.downgrade(alembic_config(engine), "0006")
    with engine.connect() as conn:
        assert "shingle_staged" not in inspect(conn).get_table_names()
        stored = conn.execute(text("SELECT hash, article_id FROM shingle")).all()
        sql = conn.execute(text("SELECT sql FROM sqlite_master WHERE name = 'shingle'"))
        assert "WITHOUT ROWID" in sql.scalar_one()
    assert [tuple(r) for r in stored] == sorted(main + staged)
    upgrade_schema(engine)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM shingle_staged")).scalar_one() == 0
        sql = conn.execute(text("SELECT sql FROM sqlite_master WHERE name = 'shingle_staged'"))
        assert "WITHOUT ROWID" in sql.scalar_one()
    engine.dispose()


def test_an_existing_database_is_told_which_migrations_it_goes_through(tmp_path: Path) -> None:
    told: list[str] = []
    fresh = make_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    upgrade_schema(fresh, announce=told.append)
    assert told == []  # a new database is simply created
    fresh.dispose()
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    command.upgrade(alembic_config(engine), "0005")
    upgrade_schema(engine, announce=told.append)
    assert told == [
        "Upgrading the database to schema 0006: the candidate index re-fingerprinted: "
        "XXH3 hashes, winnowing window 16",
        "Upgrading the database to schema 0007: the candidate index's second level, for "
        "bulk imports",
        "Upgrading the database to schema 0008: a counter of changes written, read by the "
        "servers' caches of rendered comparisons",
        "Upgrading the database to schema 0009: full-text search on PostgreSQL: a tsvector "
        "of each article, GIN-indexed",
        "Upgrading the database to schema 0010: stories remember that a user corrected them "
        "(moved articles, merged, split)",
        "Upgrading the database to schema 0011: stored article vectors forgotten, to be "
        "weighed again with the background idf prior",
        "Upgrading the database to schema 0012: story ids are never reused: a deleted "
        "story's id is not given to a new one",
    ]
    upgrade_schema(engine, announce=told.append)
    assert len(told) == 7  # up to date: nothing to say
    engine.dispose()


def test_story_ids_are_never_reused_and_stored_stories_keep_theirs(
    tmp_path: Path, settings: Settings
) -> None:
    """Before 0012, SQLite gave a new story the id of the highest story deleted (merged
    away); 0012 copies the table into one whose ids only grow, and articles keep their
    stories across the copy."""
    engine = make_engine(f"sqlite:///{tmp_path / 'ids.db'}")
    command.upgrade(alembic_config(engine), "0011")
    extracted = Extracted(None, False, None, None, None, "en", (TEXT,), ())
    request = importer.ImportRequest(content=TEXT, extracted=extracted)
    importer.import_content(engine, settings, request)

    def new_story(conn: Connection) -> int:
        insert = "INSERT INTO story (title, title_locked, created_at) VALUES ('x', 0, '')"
        made = conn.execute(text(insert)).lastrowid
        conn.execute(text("DELETE FROM story WHERE id = :i"), {"i": made})  # merged away
        return int(made)

    with engine.begin() as conn:
        kept = conn.execute(text("SELECT id, title FROM story")).one()
        assert new_story(conn) == new_story(conn) == kept.id + 1  # reused
    upgrade_schema(engine)
    with engine.begin() as conn:
        assert conn.execute(text("SELECT id, title FROM story")).one() == kept
        assert conn.execute(text("SELECT story_id FROM article")).scalar_one() == kept.id
        assert conn.execute(text("PRAGMA foreign_key_check")).all() == []
        # The copy cannot know the ids deleted before it: the next is given once more.
        assert new_story(conn) == kept.id + 1
        assert new_story(conn) == kept.id + 2
        assert new_story(conn) == kept.id + 3
    engine.dispose()
