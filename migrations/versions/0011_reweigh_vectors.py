"""stored article vectors forgotten, to be weighed again with the background idf prior

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 01:40:00.000000

Story grouping's idf now counts 500 background documents holding each word as often as
English text does (`app.stories.background`). Vectors weighed before were weighed with the
old prior; grouping weighs a missing vector from the article's text when it first needs
it and stores it, so forgetting them all is enough, and costs only time.
"""
from collections.abc import Sequence

from alembic import op


revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute('DELETE FROM article_vector')


def downgrade() -> None:
    # The vectors weighed since are weighed with the newer prior: forget them as well.
    op.execute('DELETE FROM article_vector')
