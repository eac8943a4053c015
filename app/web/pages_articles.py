"""HTML pages for browsing: home, outlets, an outlet, an article (and correcting it)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.errors import InvalidInput
from app.models import ArticleUpdate, StorySummary
from app.services import articles, stories, story_view
from app.services.database import writing
from app.web.deps import BaseUrlDep, EngineDep, SessionDep
from app.web.templating import format_date, render, static_url

router = APIRouter(include_in_schema=False)


@router.get("/favicon.ico")
def favicon() -> Response:
    # Browsers ask for /favicon.ico before reading <link rel="icon">.
    return RedirectResponse(static_url("img/favicon.svg"), status_code=301)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, session: SessionDep, page: int = 1) -> Response:
    listing = story_view.story_page(session, page=max(page, 1), per_page=20)
    days: dict[str, list[StorySummary]] = {}
    for story in listing.items:
        day = format_date(story.last_date, missing="Date unknown")
        days.setdefault(day, []).append(story)
    return render(
        request,
        "home.html",
        {"listing": listing, "days": days, "outlets": articles.outlet_list(session)},
    )


@router.get("/articles", response_class=HTMLResponse)
def latest_articles(request: Request, session: SessionDep, page: int = 1) -> Response:
    latest = articles.page(session, page=max(page, 1), per_page=30)
    return render(request, "articles.html", {"latest": latest})


@router.get("/outlets", response_class=HTMLResponse)
def outlet_index(request: Request, session: SessionDep) -> Response:
    return render(request, "outlets.html", {"outlets": articles.outlet_list(session)})


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(
    request: Request, article_id: str, session: SessionDep, base_url: BaseUrlDep
) -> Response:
    row = articles.get(session, article_id)
    article = articles.to_public(session, row, base_url)
    shared, overlapping = story_view.provenance(session, row)
    listed = articles.summaries(session, [other for other, _ in overlapping])
    others = list(zip(listed, [share for _, share in overlapping], strict=True))
    story = stories.get(session, row.story_id) if row.story_id is not None else None
    return render(
        request,
        "article.html",
        {"article": article, "others": others, "story": story, "shared": shared},
    )


@router.post("/articles/{article_id}/edit")
def edit_article(
    article_id: str,
    engine: EngineDep,
    title: Annotated[str, Form()],
    outlet: Annotated[str, Form()],
    published: Annotated[str, Form()] = "",
) -> Response:
    try:
        date = dt.date.fromisoformat(published) if published.strip() else None
    except ValueError as exc:
        raise InvalidInput(f"{published!r} is not a date; use YYYY-MM-DD.") from exc
    changes = ArticleUpdate(title=title, outlet=outlet, published=date)
    with writing(engine) as session:
        articles.update(session, article_id, changes)
    return RedirectResponse(articles.article_path(article_id), status_code=303)
