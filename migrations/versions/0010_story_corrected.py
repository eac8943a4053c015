"""stories remember that a user corrected them (moved articles, merged, split)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 00:10:00.000000

Set when a user moves articles into or out of a story, merges it or splits it: `parallax
regroup --all` then leaves its articles where the user put them, as it does a named one's.
Stories stored before this revision start uncorrected: their corrections were not recorded.
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ADD COLUMN (no batch copy of the table, which articles point to); the default
    # fills the stored stories.
    op.add_column(
        'story', sa.Column('corrected', sa.Boolean(), nullable=False, server_default=sa.false())
    )


def downgrade() -> None:
    op.drop_column('story', 'corrected')
