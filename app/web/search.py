"""Search: the page and its JSON twin, built from the same SearchResults."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from app.errors import InvalidInput, NotFound
from app.services import articles, search
from app.services.search import SearchResults
from app.web.deps import BaseUrlDep, SessionDep
from app.web.templating import render

api = APIRouter(prefix="/api", tags=["search"])
pages = APIRouter(include_in_schema=False)

QueryText = Annotated[str, Query(description='Words (all must match) and "quoted phrases"')]
Outlet = Annotated[str, Query(description="Only this outlet (its slug)")]
From = Annotated[str, Query(alias="from", description="Published on or after (YYYY-MM-DD)")]
To = Annotated[str, Query(alias="to", description="Published on or before (YYYY-MM-DD)")]


@api.get(
    "/search",
    response_model=SearchResults,
    responses={404: {"description": "No such outlet"}, 422: {"description": "Bad date or page"}},
)
def search_api(
    session: SessionDep,
    base_url: BaseUrlDep,
    q: QueryText = "",
    outlet: Outlet = "",
    date_from: From = "",
    date_to: To = "",
    page: int = 1,
    per_page: int = search.PER_PAGE,
) -> SearchResults:
    """Full-text search over current articles' headlines and bodies, grouped by story."""
    return search.search(
        session,
        q=q,
        outlet=outlet,
        date_from=date_from,
        date_to=date_to,
        page=page,
        per_page=per_page,
        base_url=base_url,
    )


@pages.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    session: SessionDep,
    q: str = "",
    outlet: str = "",
    date_from: From = "",
    date_to: To = "",
    page: int = 1,
) -> Response:
    # The form stays on screen with the user's input, and the problem above the results.
    form = {"q": q[: search.MAX_QUERY_CHARS], "outlet": outlet, "from": date_from, "to": date_to}
    context: dict[str, object] = {"form": form, "outlets": articles.outlet_list(session)}
    try:
        results = search.search(
            session, q=q, outlet=outlet, date_from=date_from, date_to=date_to, page=page
        )
    except (InvalidInput, NotFound) as exc:
        context.update(results=None, error=exc.message)
        return render(request, "search.html", context, status=exc.status_code)
    context.update(results=results, error=None)
    return render(request, "search.html", context)
