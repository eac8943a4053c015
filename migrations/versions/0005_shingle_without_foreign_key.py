"""the candidate index without a foreign key to article

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 10:00:00.000000

`shingle.article_id` no longer references `article`. The index is derived data, written
only by the import paths (`services.candidates`, and `services.bulk_import` for a run)
and taken back by `services.candidates`, always in the transaction that stores or
supersedes its article (as `article_fts` is, which never had one); articles are never
deleted. The constraint cost a lookup in `article` for each of the ~130 rows an article
adds.

On SQLite a constraint is dropped by copying the table; the rows are copied in key
order, so the new B-tree is written page by page.
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_REFERENCE = "REFERENCES article (id)"
_TABLE = (
    "CREATE TABLE {name} (hash BIGINT NOT NULL, article_id VARCHAR(16) NOT NULL {reference}, "
    "PRIMARY KEY (hash, article_id)) WITHOUT ROWID"
)


def _rebuild_on_sqlite(reference: str) -> None:
    op.execute(_TABLE.format(name="shingle_copy", reference=reference))
    op.execute(
        "INSERT INTO shingle_copy (hash, article_id) "
        "SELECT hash, article_id FROM shingle ORDER BY hash, article_id"
    )
    op.execute("DROP TABLE shingle")
    op.execute("ALTER TABLE shingle_copy RENAME TO shingle")


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        _rebuild_on_sqlite(reference="")
        return
    for key in sa.inspect(bind).get_foreign_keys("shingle"):
        op.drop_constraint(key["name"], "shingle", type_="foreignkey")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_on_sqlite(reference=_REFERENCE)
        return
    op.create_foreign_key(None, "shingle", "article", ["article_id"], ["id"])
