"""The migrations build exactly the schema the models describe."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
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
_OLD_OUTLET = sa.table(
    "outlet", sa.column("id", sa.Integer()), sa.column("name"), sa.column("slug")
)
_OLD_ARTICLE = sa.table(
    "article",
    *(
        sa.column(name)
        for name in [
            "id",
            "outlet_id",
            "title",
            "title_derived",
            "source",
            "content_hash",
            "lineage_id",
            "revision",
            "is_current",
            "story_id",
        ]
    ),
    sa.column("published", sa.Date()),
    sa.column("raw", sa.LargeBinary()),
    sa.column("paragraphs", sa.JSON()),
    sa.column("captions", sa.JSON()),
    sa.column("imported_at", sa.DateTime()),
)

# TEXT's fingerprints as revision 0005 stored them (blake2b, window 8), pinned.
TEXT_0005 = {
    -5227994866907486560,
    -7258902984654355638,
    -8057846796356355666,
    -8103411960077767076,
}


def store_old_article(
    conn: Connection,
    article_id: str,
    paragraphs: list[str],
    *,
    published: dt.date | None = None,
    story_id: int | None = None,
) -> None:
    """Store an article with the columns every revision since 0010 has, in SQL (the
    models describe the newest schema), under an outlet made for it."""
    outlet = conn.execute(
        sa.insert(_OLD_OUTLET).values(name=article_id, slug=article_id).returning(_OLD_OUTLET.c.id)
    ).scalar_one()
    conn.execute(
        sa.insert(_OLD_ARTICLE).values(
            id=article_id,
            outlet_id=outlet,
            title=article_id,
            title_derived=False,
            published=published,
            source="text",
            raw=b"",
            paragraphs=paragraphs,
            captions=[],
            content_hash=article_id,
            imported_at=dt.datetime(2026, 1, 1),
            lineage_id=article_id,
            revision=1,
            is_current=True,
            story_id=story_id,
        )
    )


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
        "Upgrading the database to schema 0013: the latest day each article's text names "
        "with its year, stored with the article",
    ]
    upgrade_schema(engine, announce=told.append)
    assert len(told) == 8  # up to date: nothing to say
    engine.dispose()


def test_story_ids_are_never_reused_and_stored_stories_keep_theirs(tmp_path: Path) -> None:
    """Before 0012, SQLite gave a new story the id of the highest story deleted (merged
    away); 0012 copies the table into one whose ids only grow, and articles keep their
    stories across the copy."""
    engine = make_engine(f"sqlite:///{tmp_path / 'ids.db'}")
    command.upgrade(alembic_config(engine), "0011")
    # Stored as that revision's schema has it (today's models have columns it lacks).
    with engine.begin() as conn:
        story = conn.execute(
            text("INSERT INTO story (title, title_locked, created_at) VALUES ('Beijing', 0, '')")
        ).lastrowid
        store_old_article(conn, "a1", [TEXT], story_id=story)

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


LATEST_NAMED = {
    # id: (paragraphs, published, the latest day they name with its year)
    "a1": (
        ["Talks were held on July 16, 2018.", "The next round is set for 2018-07-25."],
        None,
        dt.date(2018, 7, 25),
    ),
    "a2": ([TEXT], None, None),
    "a3": (["It was 13 November 2015 in Paris."], dt.date(2015, 11, 14), dt.date(2015, 11, 13)),
    "a4": (["On 1 May 2019,", "and on 2 May 2019."], None, dt.date(2019, 5, 2)),
    "a5": (["31 April 2019 is no day; 30 April 2019 is."], None, dt.date(2019, 4, 30)),
}


def check_latest_named_days_backfilled(engine: Engine) -> None:
    """From 0012 up: 0013 fills in every stored article's latest named day from its
    paragraphs, a batch at a time (a batch of 2 here: three of them), and going down
    drops the column."""
    config = alembic_config(engine)
    command.upgrade(config, "0012")
    with engine.begin() as conn:
        for article_id, (paragraphs, published, _) in LATEST_NAMED.items():
            store_old_article(conn, article_id, paragraphs, published=published)
    command.upgrade(config, "0013")
    wanted = {i: day for i, (_, _, day) in LATEST_NAMED.items()}
    day_column = sa.table("article", sa.column("id"), sa.column("latest_named_day", sa.Date()))

    def stored() -> dict[str, dt.date | None]:
        with engine.connect() as conn:
            query = sa.select(day_column.c.id, day_column.c.latest_named_day)
            return {i: day for i, day in conn.execute(query)}

    assert stored() == wanted
    script = ScriptDirectory.from_config(config).get_revision("0013")
    assert script is not None and script.module.BATCH >= 100
    with engine.begin() as conn:
        conn.execute(sa.update(day_column).values(latest_named_day=None))
        reads: list[str] = []
        sa.event.listen(conn, "before_cursor_execute", lambda *a: reads.append(a[2]))
        script.module.backfill(conn, batch=2)
    assert stored() == wanted
    assert sum("paragraphs" in r and r.lstrip().startswith("SELECT") for r in reads) == 4
    command.downgrade(config, "0012")
    with engine.connect() as conn:
        assert "latest_named_day" not in {c["name"] for c in inspect(conn).get_columns("article")}
    upgrade_schema(engine)
    assert stored() == wanted


def test_the_latest_named_days_of_stored_articles_are_filled_in(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'named.db'}")
    check_latest_named_days_backfilled(engine)
    engine.dispose()
