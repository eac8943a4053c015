"""Outlet against outlet: the page, its JSON twin, and the revisions picker's target."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.errors import InvalidInput
from app.services import articles, compare, outlet_pair
from app.web.deps import EngineDep, SessionDep
from app.web.pages_articles import render

api = APIRouter(prefix="/api", tags=["outlets"])
pages = APIRouter(include_in_schema=False)


@api.get(
    "/outlets/{a}/vs/{b}",
    response_model=outlet_pair.OutletPair,
    responses={404: {"description": "No such outlet"}},
)
def outlet_pair_api(
    a: str, b: str, engine: EngineDep, session: SessionDep
) -> outlet_pair.OutletPair:
    """Every story both outlets covered, with the share of each one's text found in the
    other's (per story and overall, weighted by length) and a link to each comparison."""
    return outlet_pair.build(engine, session, a, b)


@pages.get("/outlets/compare", response_class=HTMLResponse)
def outlet_pair_page(
    request: Request, engine: EngineDep, session: SessionDep, a: str = "", b: str = ""
) -> Response:
    outlets = outlet_pair.known_outlets(session)
    pair = outlet_pair.build(engine, session, a, b) if a and b else None
    return render(request, "outlet_pair.html", {"outlets": outlets, "pair": pair, "a": a, "b": b})


@pages.get("/revisions/compare")
def pick_revisions(session: SessionDep, a: str = "", b: str = "") -> Response:
    """The revision picker's target: two revisions of one article, side by side."""
    first, second = articles.get(session, a), articles.get(session, b)
    if first.lineage_id != second.lineage_id:
        raise InvalidInput("Those are not revisions of the same article.")
    if first.id == second.id:
        raise InvalidInput("Choose two different revisions.")
    return RedirectResponse(compare.compare_path(first.id, second.id), status_code=303)
