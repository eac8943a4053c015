"""JSON API for articles and outlets: /api/articles, /api/outlets."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from app.errors import InvalidInput
from app.models import ArticleCreate, ArticlePage, ArticlePublic, ArticleUpdate, OutletWithCount
from app.services import articles, importer
from app.services.database import writing
from app.web.deps import BaseUrlDep, EngineDep, SessionDep, SettingsDep

router = APIRouter(prefix="/api", tags=["articles"])

ERRORS: dict[int | str, dict[str, str]] = {
    404: {"description": "No such article"},
    413: {"description": "Input over the size limit"},
    415: {"description": "Unsupported content type"},
    422: {"description": "Invalid input: empty, binary, no article found, bad field"},
    502: {"description": "The URL could not be fetched"},
}


@router.post(
    "/articles",
    response_model=ArticlePublic,
    status_code=status.HTTP_201_CREATED,
    responses={
        200: {"description": "Identical content was already stored", "model": ArticlePublic},
        **ERRORS,
    },
)
def create_article(
    data: ArticleCreate,
    response: Response,
    engine: EngineDep,
    settings: SettingsDep,
    session: SessionDep,
    base_url: BaseUrlDep,
) -> ArticlePublic:
    """Import an article.

    With `text` (plain text, e.g. pasted from a page) or `html` the content is taken as
    given and `url` is only metadata; with `url` alone the page is fetched. The body is
    cleaned of page furniture (menus, appeals, comments, captions). Returns 201 with the
    new article, or 200 with the existing one when identical content was already stored.
    """
    if data.text is not None and data.html is not None:
        raise InvalidInput("Send either text or html, not both.")
    request = importer.ImportRequest(
        content=data.text if data.text is not None else (data.html or ""),
        format="text" if data.text is not None else "html",
        source="text" if data.text is not None else "html",
        url=data.url,
        outlet=data.outlet,
        title=data.title,
        published=data.published,
        language=data.language,
    )
    if data.text is not None or data.html is not None:
        result = importer.import_content(engine, settings, request)
    elif data.url:
        result = importer.import_url(engine, settings, request)
    else:
        raise InvalidInput("Send text, html or a url to import.")
    if not result.created:
        response.status_code = status.HTTP_200_OK
    return articles.to_public(session, result.article, base_url)


@router.get("/articles", response_model=ArticlePage)
def list_articles(
    session: SessionDep,
    base_url: BaseUrlDep,
    page: Annotated[int, Query(ge=1, description="Page number, from 1")] = 1,
    per_page: Annotated[int, Query(ge=1, le=articles.MAX_PER_PAGE)] = 50,
    outlet: Annotated[str | None, Query(description="Only this outlet (its slug)")] = None,
) -> ArticlePage:
    """Current articles (latest revision of each), newest first."""
    return articles.page(
        session, page=page, per_page=per_page, outlet_slug=outlet, base_url=base_url
    )


@router.get("/articles/{article_id}", response_model=ArticlePublic, responses={404: ERRORS[404]})
def get_article(article_id: str, session: SessionDep, base_url: BaseUrlDep) -> ArticlePublic:
    """One article revision. `body` is the text every comparison offset indexes into."""
    return articles.to_public(session, articles.get(session, article_id), base_url)


@router.patch(
    "/articles/{article_id}",
    response_model=ArticlePublic,
    responses={404: ERRORS[404], 422: ERRORS[422]},
)
def update_article(
    article_id: str,
    changes: ArticleUpdate,
    engine: EngineDep,
    session: SessionDep,
    base_url: BaseUrlDep,
) -> ArticlePublic:
    """Correct an article's outlet, title or publication date (the text never changes)."""
    with writing(engine) as writer:
        articles.update(writer, article_id, changes)
    return articles.to_public(session, articles.get(session, article_id), base_url)


@router.get("/outlets", response_model=list[OutletWithCount], tags=["outlets"])
def list_outlets(session: SessionDep) -> list[OutletWithCount]:
    """Every outlet with its number of articles."""
    return articles.outlet_list(session)
