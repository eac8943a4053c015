"""candidate index: winnowed shingles, term document frequencies, stored TF-IDF vectors

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 12:00:00.000000

`shingle` is the candidate index (app.index fingerprints of every current revision),
`term_df` the document frequencies story grouping weighs terms by, `article_vector` each
current revision's TF-IDF vector. Articles already stored are indexed here, through the
same service the importer uses.
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('shingle',
    sa.Column('hash', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('article_id', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['article.id'], ),
    sa.PrimaryKeyConstraint('hash', 'article_id'),
    sqlite_with_rowid=False,
    )
    op.create_table('article_vector',
    sa.Column('article_id', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('weights', sa.JSON(), nullable=False),
    sa.Column('corpus_docs', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['article.id'], ),
    sa.PrimaryKeyConstraint('article_id')
    )
    op.create_table('term_df',
    sa.Column('term', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('df', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('term')
    )
    with op.batch_alter_table('article', schema=None) as batch_op:
        batch_op.create_index('ix_article_grouping_window', ['published', 'is_current', 'story_id', 'imported_at', 'id', 'title'], unique=False)
        batch_op.create_index('ix_article_grouping_id', ['id', 'is_current', 'story_id', 'published', 'title'], unique=False)
    _backfill()


def _backfill() -> None:
    import json

    from sqlmodel import Session

    from app.services import candidates

    with Session(bind=op.get_bind()) as session:
        rows = session.execute(
            sa.text(
                "SELECT id, title, paragraphs FROM article WHERE is_current "
                "ORDER BY imported_at, id"
            )
        ).all()
        for article_id, title, paragraphs in rows:
            body = "\n\n".join(json.loads(paragraphs))
            candidates.index_text(session, article_id=article_id, title=title, body=body)
        session.flush()


def downgrade() -> None:
    with op.batch_alter_table('article', schema=None) as batch_op:
        batch_op.drop_index('ix_article_grouping_id')
        batch_op.drop_index('ix_article_grouping_window')
    op.drop_table('term_df')
    op.drop_table('article_vector')
    op.drop_table('shingle')
