"""full-text search over article titles and bodies (SQLite FTS5)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 10:00:00.000000

On SQLite only: an FTS5 table `article_fts`, triggers that keep it in step with `article`,
and a backfill. Other databases get nothing here; search then falls back to LIKE.

Rows are matched by `article_id`, not by rowid: a later migration that rebuilds `article`
in batch mode (copy, drop, rename) renumbers rowids. It also drops these triggers, so
such a migration must run `_create_triggers()`'s statements again (and may rebuild the
index with `_BACKFILL`).
"""
from collections.abc import Sequence

from alembic import op


revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The body as Parallax shows it: paragraphs, one blank line apart (services.articles.body_of).
_BODY = "(SELECT group_concat(value, char(10) || char(10)) FROM json_each({row}.paragraphs))"

_TABLE = (
    "CREATE VIRTUAL TABLE article_fts USING fts5("
    "article_id UNINDEXED, title, body, tokenize='unicode61 remove_diacritics 2')"
)
_INSERT_NEW = (
    "INSERT INTO article_fts(article_id, title, body) "
    f"VALUES (new.id, new.title, {_BODY.format(row='new')});"
)
_DELETE_OLD = "DELETE FROM article_fts WHERE article_id = old.id;"
_TRIGGERS = (
    f"CREATE TRIGGER article_fts_insert AFTER INSERT ON article BEGIN {_INSERT_NEW} END",
    f"CREATE TRIGGER article_fts_delete AFTER DELETE ON article BEGIN {_DELETE_OLD} END",
    "CREATE TRIGGER article_fts_update AFTER UPDATE OF id, title, paragraphs ON article "
    f"BEGIN {_DELETE_OLD} {_INSERT_NEW} END",
)
_BACKFILL = (
    "INSERT INTO article_fts(article_id, title, body) "
    f"SELECT id, title, {_BODY.format(row='article')} FROM article"
)


def _on_sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _create_triggers() -> None:
    for statement in _TRIGGERS:
        op.execute(statement)


def upgrade() -> None:
    if not _on_sqlite():
        return
    op.execute(_TABLE)
    _create_triggers()
    op.execute(_BACKFILL)


def downgrade() -> None:
    if not _on_sqlite():
        return
    for trigger in ("article_fts_update", "article_fts_delete", "article_fts_insert"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS article_fts")
