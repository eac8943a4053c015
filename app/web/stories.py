"""Stories: the JSON API, the pages, the outlet picker and users' corrections."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request, status
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict

from app.errors import InvalidInput
from app.models import ArticlePublic, StoryPublic, StorySummary
from app.services import (
    articles,
    compare,
    exports,
    quote_tracker,
    stories,
    story_overview,
    story_view,
)
from app.web.deps import BaseUrlDep, EngineDep, SessionDep
from app.web.params import MAX_INT, too_large
from app.web.templating import render

api = APIRouter(prefix="/api", tags=["stories"])
pages = APIRouter(include_in_schema=False)
NOT_FOUND: dict[int | str, dict[str, str]] = {404: {"description": "No such story or article"}}


class StoryRename(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str


class StoryMerge(BaseModel):
    model_config = ConfigDict(extra="forbid")
    story: int


class StorySplit(BaseModel):
    model_config = ConfigDict(extra="forbid")
    articles: list[str]


class StoryMove(BaseModel):
    model_config = ConfigDict(extra="forbid")
    story: int | None = None  # None: a new story of its own


@api.get("/stories", response_model=list[StorySummary])
def list_stories(
    session: SessionDep,
    base_url: BaseUrlDep,
    page: Annotated[int, Query(ge=1)] = 1,
    per_page: Annotated[int, Query(ge=1, le=200)] = 50,
) -> list[StorySummary]:
    """Stories, latest news first, each with its articles' ids and outlets."""
    return story_view.story_page(session, page=page, per_page=per_page, base_url=base_url).items


@api.get("/stories/{story_id}", response_model=StoryPublic, responses=NOT_FOUND)
def get_story(story_id: int, session: SessionDep, base_url: BaseUrlDep) -> StoryPublic:
    """A story: its articles by outlet, and how much of each is shared with the others."""
    return story_view.story_public(session=session, story_id=story_id, base_url=base_url)


@api.patch("/stories/{story_id}", response_model=StoryPublic, responses=NOT_FOUND)
def rename_story(
    story_id: int, body: StoryRename, engine: EngineDep, session: SessionDep, base_url: BaseUrlDep
) -> StoryPublic:
    """Give a story a title of your own (grouping will not change it again)."""
    stories.rename(engine, story_id, body.title)
    return story_view.story_public(session=session, story_id=story_id, base_url=base_url)


@api.post("/stories/{story_id}/merge", response_model=StoryPublic, responses=NOT_FOUND)
def merge_stories(
    story_id: int, body: StoryMerge, engine: EngineDep, session: SessionDep, base_url: BaseUrlDep
) -> StoryPublic:
    """Merge another story into this one."""
    stories.merge(engine, story_id, body.story)
    return story_view.story_public(session=session, story_id=story_id, base_url=base_url)


@api.post(
    "/stories/{story_id}/split",
    response_model=StoryPublic,
    status_code=status.HTTP_201_CREATED,
    responses=NOT_FOUND,
)
def split_story(
    story_id: int, body: StorySplit, engine: EngineDep, session: SessionDep, base_url: BaseUrlDep
) -> StoryPublic:
    """Move some articles of a story into a new story; returns the new story."""
    new_id = stories.split(engine, story_id, body.articles)
    return story_view.story_public(session=session, story_id=new_id, base_url=base_url)


@api.put(
    "/articles/{article_id}/story",
    response_model=ArticlePublic,
    responses=NOT_FOUND,
    tags=["articles"],
)
def move_article(
    article_id: str, body: StoryMove, engine: EngineDep, session: SessionDep, base_url: BaseUrlDep
) -> ArticlePublic:
    """Move an article (and its revisions) to another story, or to a new one (`story: null`)."""
    stories.move(engine, article_id, body.story)
    return articles.to_public(session, articles.get(session, article_id), base_url)


@api.get(
    "/stories/{story_id}/overview", response_model=story_overview.Overview, responses=NOT_FOUND
)
def story_overview_api(story_id: int, session: SessionDep) -> story_overview.Overview:
    """Who shares what in a story: the coverage matrix of every pair of articles (share of
    the row article's words found in the column article), the passages three or more
    outlets carry (likely wire copy), and what each outlet reports alone. A story of more
    than 40 articles is compared on 40 of them (`members`; `reports` counts them all): the
    earliest article of each outlet, in the order they first reported."""
    return story_overview.build(session=session, story_id=story_id)


@api.get(
    "/stories/{story_id}/quotes", response_model=list[quote_tracker.QuoteGroup], responses=NOT_FOUND
)
def story_quotes_api(story_id: int, session: SessionDep) -> list[quote_tracker.QuoteGroup]:
    """Every quotation in a story, grouped across outlets, with each version's differences
    from the fullest one (`missing` words were cut, `extra` words were added)."""
    return quote_tracker.track(session, story_id)


@pages.get("/stories/{story_name}", response_class=HTMLResponse)
def story_page(
    request: Request, story_name: str, session: SessionDep, base_url: BaseUrlDep
) -> Response:
    """The story page, or with `.json` its download, from one read of its pairs."""
    name, dot, suffix = story_name.rpartition(".")
    if not dot or suffix != "json":
        name, suffix = story_name, ""
    if not (name.isascii() and name.isdigit()) or too_large(name):
        raise InvalidInput(f"story_id {name!r} is not a story number (1 to {MAX_INT:,}).")
    story_id = int(name)
    pairs = story_view.story_pairs(session=session, story_id=story_id)
    story = story_view.story_public(
        session=session, story_id=story_id, base_url=base_url, pairs=pairs
    )
    if suffix == "json":
        export = exports.story_export(session=session, story=story, base_url=base_url)
        headers = exports.attachment(f"parallax-story-{story_id}.json")
        return JSONResponse(export.model_dump(mode="json"), headers=headers)
    overview = story_overview.build(session=session, story_id=story_id, pairs=pairs)
    quotes = quote_tracker.multi_outlet(quote_tracker.track(session, story_id))
    return render(
        request, "story.html", {"story": story, "overview": overview, "quote_count": len(quotes)}
    )


@pages.get("/stories/{story_id}/quotes", response_class=HTMLResponse)
def quotes_page(request: Request, story_id: int, session: SessionDep) -> Response:
    story = stories.get(session, story_id)
    groups = quote_tracker.track(session, story_id)
    return render(request, "quotes.html", {"story": story, "groups": groups})


@pages.get("/stories/{story_id}/compare")
def pick_pair(story_id: int, session: SessionDep, a: str = "", b: str = "") -> Response:
    """The outlet picker's target: leads (303) to the comparison's canonical address."""
    stories.get(session, story_id)
    if not a or not b:
        raise InvalidInput("Choose two articles to compare.")
    if a == b:
        raise InvalidInput("Choose two different articles to compare.")
    articles.get(session, a)
    articles.get(session, b)
    return RedirectResponse(compare.compare_path(a, b), status_code=303)


def _story_id(value: str) -> int | None:
    value = value.strip().lstrip("#").removeprefix("/stories/")
    if not value:
        return None
    if not value.isdigit():
        raise InvalidInput(f"{value!r} is not a story number.")
    return int(value)


@pages.post("/stories/{story_id}/rename")
def rename_form(story_id: int, engine: EngineDep, title: Annotated[str, Form()] = "") -> Response:
    stories.rename(engine, story_id, title)
    return RedirectResponse(stories.story_path(story_id), status_code=303)


@pages.post("/stories/{story_id}/merge")
def merge_form(story_id: int, engine: EngineDep, other: Annotated[str, Form()] = "") -> Response:
    other_id = _story_id(other)
    if other_id is None:
        raise InvalidInput("Give the number of the story to merge into this one.")
    stories.merge(engine, story_id, other_id)
    return RedirectResponse(stories.story_path(story_id), status_code=303)


@pages.post("/stories/{story_id}/split")
def split_form(
    story_id: int,
    engine: EngineDep,
    articles_: Annotated[list[str] | None, Form(alias="articles")] = None,
) -> Response:
    new_id = stories.split(engine, story_id, articles_ or [])
    return RedirectResponse(stories.story_path(new_id), status_code=303)


@pages.post("/articles/{article_id}/story")
def move_form(article_id: str, engine: EngineDep, story: Annotated[str, Form()] = "") -> Response:
    stories.move(engine, article_id, _story_id(story))
    return RedirectResponse(articles.article_path(article_id), status_code=303)
