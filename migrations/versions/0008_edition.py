"""a counter of changes written, read by the servers' caches of rendered comparisons

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 20:45:00.000000

Every write transaction adds one to `edition.value` (see `app.db.write_session`); a server
process compares the value with the one its rendered comparisons were made under.
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    edition = op.create_table('edition',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    )
    op.bulk_insert(edition, [{'id': 1, 'value': 0}])


def downgrade() -> None:
    op.drop_table('edition')
