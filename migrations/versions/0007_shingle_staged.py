"""the candidate index's second level, for bulk imports

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 11:00:00.000000

`shingle_staged` has the shape of `shingle`. Bulk imports write their fingerprints here,
and `repo.index.fold_staged_shingles` moves them into `shingle` in key order once there are
many; every lookup reads both tables. A batch's rows written straight into `shingle`
touched a large share of its pages each time (see `app.models.ShingleStaged`).

Going down, the staged rows are folded into `shingle` before the table is dropped.
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('shingle_staged',
    sa.Column('hash', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('article_id', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.PrimaryKeyConstraint('hash', 'article_id'),
    sqlite_with_rowid=False,
    )


def downgrade() -> None:
    op.execute(
        "INSERT INTO shingle (hash, article_id) "
        "SELECT hash, article_id FROM shingle_staged ORDER BY hash, article_id"
    )
    op.drop_table('shingle_staged')
