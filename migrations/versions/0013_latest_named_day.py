"""the latest day each article's text names with its year, stored with the article

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 07:30:00.000000

An undated article is from no earlier than the latest day its text names with its year,
less a slack (`app.stories.mentions`). Placing an article read the text of every undated
member of each candidate story to learn that day; now each revision stores it
(`article.latest_named_day`) when it is imported, and this revision fills it in for the
stored ones from their paragraphs, a batch of rows at a time (the body is the paragraphs
one blank line apart, as `app.services.articles.body_from` joins them).
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.stories import mentions


revision: str = '0013'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Rows read (and bodies parsed) per statement: a large database's text is never all in
# memory at once.
BATCH = 1000

_article = sa.table(
    'article',
    sa.column('id', sa.String()),
    sa.column('paragraphs', sa.JSON()),
    sa.column('latest_named_day', sa.Date()),
)


def upgrade() -> None:
    # A plain ADD COLUMN (no batch copy of the table, which other tables point to).
    op.add_column('article', sa.Column('latest_named_day', sa.Date(), nullable=True))
    backfill(op.get_bind())


def backfill(conn: sa.Connection, batch: int = BATCH) -> None:
    """Store the latest named day of every article, `batch` rows at a time, in id order."""
    last = ''
    update = (
        sa.update(_article)
        .where(_article.c.id == sa.bindparam('article_id'))
        .values(latest_named_day=sa.bindparam('day'))
    )
    while True:
        rows = conn.execute(
            sa.select(_article.c.id, _article.c.paragraphs)
            .where(_article.c.id > last)
            .order_by(_article.c.id)
            .limit(batch)
        ).all()
        if not rows:
            return
        days = [
            {'article_id': i, 'day': day}
            for i, paragraphs in rows
            if (day := mentions.latest('\n\n'.join(paragraphs))) is not None
        ]
        if days:
            conn.execute(update, days)
        last = rows[-1][0]


def downgrade() -> None:
    op.drop_column('article', 'latest_named_day')
