"""Database tables (SQLModel) and the public models the API and the templates receive."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, cast

import orjson
from pydantic import BaseModel, ConfigDict, computed_field
from pydantic import Field as PydField
from sqlalchemy import JSON, BigInteger, Column, Index, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.align import AlignParams, AlignStats


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


# An article nothing names the publisher of gets a provisional source of its own, so named.
UNNAMED_SOURCE = "Unnamed source"
UNNAMED_SOURCE_NAME = re.compile(rf"{UNNAMED_SOURCE} (\d+)")


class Outlet(SQLModel, table=True):
    """A publication: a newspaper, a site, a wire service."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    slug: str = Field(max_length=200, unique=True, index=True)
    domain: str | None = Field(default=None, max_length=253, index=True)


class Story(SQLModel, table=True):
    """Articles from many outlets about one event; ids are never reused (migration 0012),
    so a link to a story merged away never opens another."""

    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = Field(default=None, primary_key=True)
    title: str
    title_locked: bool = False  # set when a user named the story; grouping then keeps it
    # Set when a user moved articles into or out of the story, merged it or split it:
    # regrouping then keeps its articles, as it keeps a named story's.
    corrected: bool = False
    created_at: dt.datetime = Field(default_factory=utcnow)


class Article(SQLModel, table=True):
    """One revision of an article, exactly as imported; ids are stable and never reused.

    Revisions of one article share `lineage_id` (the id of its first revision); the newest
    has `is_current` set. Older revisions stay readable at their own id forever.
    """

    __table_args__ = (
        Index("ix_article_lineage_revision", "lineage_id", "revision"),
        # Covering indexes for story grouping (migration 0004): is_current and story_id sit
        # after the raw input in each row, so reading them from the table means walking the
        # row's overflow pages; these answer grouping's queries from the index alone.
        Index(
            "ix_article_grouping_window",
            "published",
            "is_current",
            "story_id",
            "imported_at",
            "id",
            "title",
        ),
        Index("ix_article_grouping_id", "id", "is_current", "story_id", "published", "title"),
    )

    id: str = Field(primary_key=True, max_length=16)
    outlet_id: int = Field(foreign_key="outlet.id", index=True)
    title: str
    title_derived: bool = False
    byline: str | None = None
    published: dt.date | None = Field(default=None, index=True)
    url: str | None = Field(default=None, index=True)
    language: str | None = Field(default=None, max_length=16)
    source: str = Field(max_length=16, description="How it came in: text, html, file or url")
    source_name: str | None = Field(default=None, description="File name or fetched URL")
    raw: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    paragraphs: list[str] = Field(sa_column=Column(JSON, nullable=False))
    captions: list[str] = Field(sa_column=Column(JSON, nullable=False))
    content_hash: str = Field(max_length=64, unique=True, index=True)
    imported_at: dt.datetime = Field(default_factory=utcnow, index=True)
    lineage_id: str = Field(index=True, max_length=16)
    revision: int = 1
    is_current: bool = Field(default=True, index=True)
    story_id: int | None = Field(default=None, foreign_key="story.id", index=True)
    # The latest day the text names with its year (`app.stories.mentions.latest`), stored
    # with every revision (migration 0013): an undated member bounds its story's dates by
    # it, read without the text.
    latest_named_day: dt.date | None = None


class Comparison(SQLModel, table=True):
    """A stored alignment of two article revisions, computed once per algorithm version."""

    __table_args__ = (UniqueConstraint("a_id", "b_id", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    a_id: str = Field(foreign_key="article.id", index=True, max_length=16)
    b_id: str = Field(foreign_key="article.id", index=True, max_length=16)
    version: str = Field(max_length=64)
    result: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    created_at: dt.datetime = Field(default_factory=utcnow)


class Shingle(SQLModel, table=True):
    """The candidate index: one winnowed fingerprint (app.index) of a current revision.

    The primary key (hash, article_id) is the index itself (a WITHOUT ROWID table on
    SQLite): the rows of one hash are adjacent, so its document frequency and the articles
    holding it are one range scan.
    """

    __table_args__ = {"sqlite_with_rowid": False}

    hash: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    # No foreign key (migration 0005): derived data, written with its article.
    article_id: str = Field(primary_key=True, max_length=16)


class ShingleStaged(SQLModel, table=True):
    """Rows of the candidate index written by bulk imports, the index's small second level
    (migration 0007): every lookup reads both tables, and `repo.index.fold_staged_shingles`
    moves these into `shingle` once there are many.

    A batch's rows land at random hashes all over `shingle`: written there, they would
    touch a large share of its pages (each written to the log at commit and again at the
    checkpoint) for a few rows per page. Here they touch a small table's pages, and a fold
    writes each page of `shingle` once for many batches.
    """

    __tablename__ = "shingle_staged"
    __table_args__ = {"sqlite_with_rowid": False}

    hash: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    article_id: str = Field(primary_key=True, max_length=16)


class ArticleVector(SQLModel, table=True):
    """The TF-IDF vector of a current revision (app.stories), kept so that story grouping
    never tokenises stored articles again; recomputed when the corpus has grown since."""

    __tablename__ = "article_vector"

    article_id: str = Field(foreign_key="article.id", primary_key=True, max_length=16)
    weights: dict[str, float] = Field(sa_column=Column(JSON, nullable=False))
    corpus_docs: int  # current revisions term_df counted when the weights were computed


def encode_weights(weights: dict[str, float]) -> str:
    """`ArticleVector.weights` as stored: JSON, written with orjson (a bulk import writes
    and reads vectors by the hundred thousand, and orjson decodes them 2.5 times faster
    than json, with the same floats back)."""
    return orjson.dumps(weights).decode("utf-8")


def decode_weights(stored: str) -> dict[str, float]:
    return cast(dict[str, float], orjson.loads(stored))


class TermDf(SQLModel, table=True):
    """How many current revisions contain each term: idf for grouping, without a scan.

    The row with the empty term (never a real term) counts the revisions themselves.
    """

    __tablename__ = "term_df"

    term: str = Field(primary_key=True)
    df: int


class Edition(SQLModel, table=True):
    """One row counting the changes written: a server process keeps the pages it rendered
    while it stays the same, so a correction (an outlet renamed, an article moved) reaches
    every process, and nothing else is read to tell whether a page is still right."""

    id: int = Field(default=1, primary_key=True)
    value: int = 0


class OutletPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    slug: str
    domain: str | None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def unnamed(self) -> bool:
        """A provisional source ("Unnamed source 3") that a reader can name."""
        return bool(UNNAMED_SOURCE_NAME.fullmatch(self.name))


class RevisionRef(BaseModel):
    id: str
    revision: int
    imported_at: dt.datetime
    is_current: bool


class ArticlePublic(BaseModel):
    """An article as the API returns it and the pages show it."""

    id: str
    title: str
    title_derived: bool
    outlet: OutletPublic
    byline: str | None
    published: dt.date | None
    url: str | None
    language: str | None
    source: str
    body: str
    paragraphs: list[str]
    captions: list[str]
    word_count: int
    content_hash: str
    imported_at: dt.datetime
    revision: int
    is_current: bool
    revisions: list[RevisionRef]
    story_id: int | None
    permalink: str


class ArticleSummary(BaseModel):
    """An article in a list: no body."""

    id: str
    title: str
    outlet: OutletPublic
    published: dt.date | None
    url: str | None
    word_count: int
    revision: int
    imported_at: dt.datetime
    story_id: int | None
    permalink: str


class ArticleCreate(BaseModel):
    """What a client may send to POST /api/articles."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = None
    html: str | None = None
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: dt.date | None = None
    language: str | None = None


class ArticleUpdate(BaseModel):
    """Corrections a user may make to an article's metadata."""

    model_config = ConfigDict(extra="forbid")

    outlet: str | None = None
    title: str | None = None
    published: dt.date | None = None


class ArticlePage(BaseModel):
    items: list[ArticleSummary]
    total: int
    page: int
    per_page: int


class OutletWithCount(BaseModel):
    outlet: OutletPublic
    articles: int


class SpanEditPublic(BaseModel):
    op: str = PydField(description="equal, delete (text only in A) or insert (text only in B)")
    a: list[int] | None = PydField(description="[start, end) into A's body, or null")
    b: list[int] | None = PydField(description="[start, end) into B's body, or null")


class PassagePublic(BaseModel):
    id: int
    kind: str = PydField(description="verbatim, near, quote or paraphrase (same fact)")
    a: list[int] = PydField(description="[start, end) character offsets into A's body")
    b: list[int] = PydField(description="[start, end) character offsets into B's body")
    similarity: float
    edits: list[SpanEditPublic]
    speaker: str | None = PydField(
        default=None,
        description="who both articles say said it (a quotation or reported speech); "
        "null when they do not both name the same person",
    )


class FactsPublic(BaseModel):
    """What the comparison's head says: facts both articles report, and facts only one does.

    A fact is a sentence with at least `min_content_words` content words; it is reported by
    both when a shared passage (any kind) covers one of its content words.
    """

    both: int = PydField(
        description="facts both report: the fewer of shared_a and shared_b, so that a fact "
        "one article tells in two sentences and the other in one counts once"
    )
    only_a: int = PydField(description="facts (sentences) of A that no shared passage covers")
    only_b: int = PydField(description="facts (sentences) of B that no shared passage covers")
    shared_a: int = PydField(description="facts (sentences) of A that a shared passage covers")
    shared_b: int = PydField(description="facts (sentences) of B that a shared passage covers")
    min_content_words: int = PydField(description="content words a sentence needs to be a fact")


class ComparisonPublic(BaseModel):
    """Two article revisions and every passage they share."""

    a: ArticlePublic
    b: ArticlePublic
    passages: list[PassagePublic]
    stats: AlignStats
    facts: FactsPublic
    params: AlignParams
    version: str
    permalink: str


class StorySummary(BaseModel):
    """A story in a list."""

    id: int
    title: str
    first_date: dt.date | None
    last_date: dt.date | None
    articles: list[str] = PydField(description="ids of the story's current articles")
    outlets: list[str] = PydField(description="names of the outlets that covered it")
    permalink: str


class StoryArticle(BaseModel):
    """An article as a story page lists it."""

    article: ArticleSummary
    shared: float | None = PydField(
        description="share of its words found in the other articles the story page compares; "
        "null for an article the page does not compare (a story of more than 40 articles is "
        "compared on the earliest article of each outlet)"
    )
    closest: str | None = PydField(description="id of the article it shares most with")


class ThreadStory(BaseModel):
    """One story of a developing story, as its timeline lists it."""

    id: int
    title: str
    first_date: dt.date | None
    last_date: dt.date | None
    articles: int = PydField(description="how many current articles it holds")
    outlets: list[str] = PydField(description="names of the outlets that reported it")
    permalink: str


class ThreadArticle(BaseModel):
    """A report in a developing story, as its outlet picker offers it."""

    id: str
    title: str
    outlet: str
    published: dt.date | None
    story: int = PydField(description="id of the story it belongs to")


class DevelopingStory(BaseModel):
    """Stories of one event over several news days (app.stories.threads), in order."""

    first_date: dt.date | None
    last_date: dt.date | None
    stories: list[ThreadStory] = PydField(description="by first date, undated last")
    articles: list[ThreadArticle] = PydField(description="every report, story by story")


class StoryPublic(BaseModel):
    id: int
    title: str
    title_locked: bool
    first_date: dt.date | None
    last_date: dt.date | None
    articles: list[StoryArticle]
    permalink: str
    developing: DevelopingStory | None = PydField(
        default=None,
        description="the developing story this story is one news day of; null when it "
        "is linked to no other story",
    )


class StoryPage(BaseModel):
    items: list[StorySummary]
    total: int
    page: int
    per_page: int


class StoryExport(StoryPublic):
    """A story as a download: the API's shape plus every article's full record."""

    records: list[ArticlePublic] = PydField(description="each article in full, in story order")
