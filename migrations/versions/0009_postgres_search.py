"""full-text search on PostgreSQL: a tsvector of each article, GIN-indexed

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 21:30:00.000000

On PostgreSQL only (SQLite has its FTS5 index from 0003): a table `article_fts` holding
each article's title and body as Parallax shows them, a stored tsvector of both (the title
weighted A, the body B; English stemming), a GIN index on it, a trigger that keeps it in
step with `article`, and a backfill. Like SQLite's, the table is raw SQL outside the models.
"""
from collections.abc import Sequence

from alembic import op


revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The body as Parallax shows it: paragraphs, one blank line apart (services.articles.body_of).
_BODY = "array_to_string(ARRAY(SELECT json_array_elements_text({row}.paragraphs)), E'\\n\\n')"

_TABLE = """
CREATE TABLE article_fts (
    article_id VARCHAR(16) PRIMARY KEY REFERENCES article (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    document TSVECTOR GENERATED ALWAYS AS (
        setweight(to_tsvector('english', title), 'A')
        || setweight(to_tsvector('english', body), 'B')
    ) STORED
)
"""
_FUNCTION = f"""
CREATE FUNCTION article_fts_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO article_fts (article_id, title, body)
    VALUES (NEW.id, NEW.title, {_BODY.format(row='NEW')})
    ON CONFLICT (article_id) DO UPDATE SET title = EXCLUDED.title, body = EXCLUDED.body;
    RETURN NULL;
END $$
"""
_TRIGGER = (
    "CREATE TRIGGER article_fts_sync AFTER INSERT OR UPDATE OF title, paragraphs ON article "
    "FOR EACH ROW EXECUTE FUNCTION article_fts_sync()"
)
_BACKFILL = (
    "INSERT INTO article_fts (article_id, title, body) "
    f"SELECT id, title, {_BODY.format(row='article')} FROM article"
)


def _on_postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    if not _on_postgres():
        return
    op.execute(_TABLE)
    op.execute("CREATE INDEX article_fts_document ON article_fts USING GIN (document)")
    op.execute(_FUNCTION)
    op.execute(_TRIGGER)
    op.execute(_BACKFILL)


def downgrade() -> None:
    if not _on_postgres():
        return
    op.execute("DROP TRIGGER IF EXISTS article_fts_sync ON article")
    op.execute("DROP FUNCTION IF EXISTS article_fts_sync()")
    op.execute("DROP TABLE IF EXISTS article_fts")
