"""Reading and correcting articles; builds the view models pages and the API share."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session

from app import repo
from app.errors import InvalidInput, NotFound
from app.models import (
    Article,
    ArticlePage,
    ArticlePublic,
    ArticleSummary,
    ArticleUpdate,
    Outlet,
    OutletPublic,
    OutletWithCount,
    RevisionRef,
)
from app.services import outlets

MAX_PER_PAGE = 200


def article_path(article_id: str) -> str:
    return f"/articles/{article_id}"


def body_from(paragraphs: Sequence[str]) -> str:
    """The clean text every offset in Parallax indexes into: paragraphs, one blank line apart."""
    return "\n\n".join(paragraphs)


def body_of(article: Article) -> str:
    return body_from(article.paragraphs)


def paragraph_spans(paragraphs: Sequence[str]) -> list[tuple[int, int]]:
    """[start, end) of each paragraph in the body `body_from(paragraphs)` builds."""
    spans, start = [], 0
    for paragraph in paragraphs:
        spans.append((start, start + len(paragraph)))
        start += len(paragraph) + 2
    return spans


def bodies_by_id(session: Session, article_ids: Sequence[str]) -> dict[str, str]:
    """`body_of` of many stored articles, read without loading them (absent ids left out)."""
    found = repo.articles.paragraphs_by_id(session=session, article_ids=article_ids)
    return {i: body_from(paragraphs) for i, paragraphs in found.items()}


def _outlets_of(
    session: Session, rows: Sequence[Article], known: Sequence[Outlet] = ()
) -> dict[int, OutletPublic]:
    found = {o.id: o for o in known if o.id is not None}
    wanted = {a.outlet_id for a in rows} - set(found)
    found.update(repo.articles.outlets_by_id(session=session, outlet_ids=wanted))
    missing = {a.outlet_id for a in rows} - set(found)
    if missing:
        raise NotFound(f"Outlet {min(missing)} does not exist.")
    return {i: OutletPublic.model_validate(o) for i, o in found.items()}


def public_records(
    session: Session, rows: Sequence[Article], base_url: str = "", outlets: Sequence[Outlet] = ()
) -> list[ArticlePublic]:
    """`ArticlePublic` of each row, with their revisions read in one query and their outlets
    in another (unless all are among the `outlets` already read with the rows)."""
    outlet_of = _outlets_of(session, rows, outlets)
    lineages = repo.articles.revisions_of_lineages(
        session=session, lineage_ids={a.lineage_id for a in rows}
    )
    records = []
    for article in rows:
        body = body_of(article)
        records.append(
            ArticlePublic(
                id=article.id,
                title=article.title,
                title_derived=article.title_derived,
                outlet=outlet_of[article.outlet_id],
                byline=article.byline,
                published=article.published,
                url=article.url,
                language=article.language,
                source=article.source,
                body=body,
                paragraphs=list(article.paragraphs),
                captions=list(article.captions),
                word_count=len(body.split()),
                content_hash=article.content_hash,
                imported_at=article.imported_at,
                revision=article.revision,
                is_current=article.is_current,
                revisions=[
                    RevisionRef(id=i, revision=n, imported_at=at, is_current=current)
                    for i, n, at, current in lineages[article.lineage_id]
                ],
                story_id=article.story_id,
                permalink=base_url + article_path(article.id),
            )
        )
    return records


def to_public(session: Session, article: Article, base_url: str = "") -> ArticlePublic:
    return public_records(session, [article], base_url)[0]


def summaries(
    session: Session, rows: Sequence[Article], base_url: str = ""
) -> list[ArticleSummary]:
    """`ArticleSummary` of each row, with their outlets read in one query."""
    outlets = _outlets_of(session, rows)
    return [
        ArticleSummary(
            id=article.id,
            title=article.title,
            outlet=outlets[article.outlet_id],
            published=article.published,
            url=article.url,
            word_count=sum(len(p.split()) for p in article.paragraphs),
            revision=article.revision,
            imported_at=article.imported_at,
            story_id=article.story_id,
            permalink=base_url + article_path(article.id),
        )
        for article in rows
    ]


def to_summary(session: Session, article: Article, base_url: str = "") -> ArticleSummary:
    return summaries(session, [article], base_url)[0]


def get_with_outlets(session: Session, *article_ids: str) -> list[tuple[Article, Outlet]]:
    """Articles with their outlets, in one query."""
    found = repo.articles.articles_with_outlets(session=session, article_ids=article_ids)
    for article_id in article_ids:
        if article_id not in found:
            raise NotFound(f"There is no article with id {article_id!r}.")
    return [found[i] for i in article_ids]


def get(session: Session, article_id: str) -> Article:
    article = repo.articles.get_article(session=session, article_id=article_id)
    if article is None:
        raise NotFound(f"There is no article with id {article_id!r}.")
    return article


def page(
    session: Session,
    *,
    page: int = 1,
    per_page: int = 50,
    outlet_slug: str | None = None,
    base_url: str = "",
) -> ArticlePage:
    if page < 1 or not 1 <= per_page <= MAX_PER_PAGE:
        raise InvalidInput(f"page must be >= 1 and per_page between 1 and {MAX_PER_PAGE}.")
    outlet_id = None
    if outlet_slug:
        outlet = repo.articles.get_outlet_by_slug(session=session, slug=outlet_slug)
        if outlet is None:
            raise NotFound(f"There is no outlet {outlet_slug!r}.")
        outlet_id = outlet.id
    rows, total = repo.articles.list_articles(
        session=session, outlet_id=outlet_id, offset=(page - 1) * per_page, limit=per_page
    )
    return ArticlePage(
        items=summaries(session, rows, base_url),
        total=total,
        page=page,
        per_page=per_page,
    )


def outlet_list(session: Session) -> list[OutletWithCount]:
    return [
        OutletWithCount(outlet=OutletPublic.model_validate(o), articles=n)
        for o, n in repo.articles.list_outlets_with_counts(session=session)
    ]


def update(session: Session, article_id: str, changes: ArticleUpdate) -> Article:
    """Correct outlet, title or date; the text itself never changes."""
    article = get(session, article_id)
    if changes.title is not None:
        title = " ".join(changes.title.split())
        if not title:
            raise InvalidInput("The title cannot be empty.")
        article.title, article.title_derived = title, False
    if changes.outlet is not None:
        if not changes.outlet.strip():
            raise InvalidInput("The outlet name cannot be empty.")
        outlet = outlets.find_or_create(session=session, name=changes.outlet)
        assert outlet.id is not None
        before, article.outlet_id = article.outlet_id, outlet.id
        if before != outlet.id:
            session.add(article)
            session.flush()
            outlets.orphan_unnamed(session=session, outlet_id=before)
    if "published" in changes.model_fields_set:
        article.published = changes.published
    session.add(article)
    session.flush()
    return article
