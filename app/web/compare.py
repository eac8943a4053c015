"""The comparison: its page, its JSON twin, its preview image."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from app.models import ComparisonPublic
from app.services import compare, compare_view
from app.web import preview
from app.web.deps import BaseUrlDep, EngineDep, SessionDep
from app.web.pages_articles import render

api = APIRouter(prefix="/api", tags=["compare"])
pages = APIRouter(include_in_schema=False)


@api.get(
    "/compare/{a_id}/{b_id}",
    response_model=ComparisonPublic,
    responses={404: {"description": "No such article"}, 422: {"description": "Same article"}},
)
def compare_api(
    a_id: str, b_id: str, engine: EngineDep, session: SessionDep, base_url: BaseUrlDep
) -> ComparisonPublic:
    """Every passage two article revisions share.

    Offsets are `[start, end)` Python string indices into the `body` strings of
    `GET /api/articles/{id}`. The result is stored per pair of revisions and algorithm
    version, so the same link always shows the same result.
    """
    compared = compare.compare(engine, session, a_id, b_id)
    return compare.to_public(session, compared, base_url)


@pages.get("/compare/{a_id}/{b_id}", response_class=HTMLResponse)
def compare_page(
    request: Request,
    a_id: str,
    b_id: str,
    engine: EngineDep,
    session: SessionDep,
    base_url: BaseUrlDep,
) -> Response:
    compared = compare.compare(engine, session, a_id, b_id)
    view = compare_view.build(session, compared, base_url)
    return render(request, "compare.html", {"view": view, "base_url": base_url})


@pages.get("/compare/{a_id}/{b_id}/preview.png")
def compare_preview(
    a_id: str, b_id: str, engine: EngineDep, session: SessionDep, base_url: BaseUrlDep
) -> Response:
    compared = compare.compare(engine, session, a_id, b_id)
    png = preview.render_png(compare_view.build(session, compared, base_url))
    # Both revisions are pinned by the URL, so the image never changes.
    headers = {"Cache-Control": "public, max-age=31536000, immutable"}
    return Response(png, media_type="image/png", headers=headers)
