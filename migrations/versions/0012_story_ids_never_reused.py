"""story ids are never reused: a deleted story's id is not given to a new one

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 04:30:00.000000

SQLite gave a new story the id of the story last deleted when it had the highest id (a
story merged into another is deleted), so a link to the merged story could open an
unrelated one, and a bulk import, which follows merged stories to the story they went
into, could place an article in a story the one-by-one import did not. The table is
copied into one whose ids only grow (AUTOINCREMENT); ids deleted before this revision may
still be given once. PostgreSQL's sequences never reuse an id: nothing to do there.
"""
from collections.abc import Sequence

from alembic import op


revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = 'id, title, title_locked, created_at, corrected'


def upgrade() -> None:
    if op.get_bind().dialect.name != 'sqlite':
        return
    # Articles point to stories: their references are checked at commit, by when every
    # story is back under its old id (a copy's rows inserted before the drop would not
    # count, so the rows wait in a temporary table).
    op.execute('PRAGMA defer_foreign_keys = ON')
    op.execute(f'CREATE TEMP TABLE story_copy AS SELECT {_COLUMNS} FROM story')
    op.execute('DROP TABLE story')
    op.execute(
        'CREATE TABLE story ('
        'id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, '
        'title VARCHAR NOT NULL, '
        'title_locked BOOLEAN NOT NULL, '
        'created_at DATETIME NOT NULL, '
        'corrected BOOLEAN DEFAULT 0 NOT NULL)'
    )
    op.execute(f'INSERT INTO story ({_COLUMNS}) SELECT {_COLUMNS} FROM story_copy')
    op.execute('DROP TABLE story_copy')


def downgrade() -> None:
    # Ids that only grow are what every revision expects: the table stays as it is.
    pass
