"""Outlets: an outlet's page, outlet against outlet (page and JSON twin), and the revisions
picker's target."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.errors import InvalidInput, NotFound
from app.services import articles, compare, outlet_pair, outlets
from app.web.deps import SessionDep
from app.web.templating import render

api = APIRouter(prefix="/api", tags=["outlets"])
pages = APIRouter(include_in_schema=False)


@api.get(
    "/outlets/{a}/vs/{b}",
    response_model=outlet_pair.OutletPair,
    responses={404: {"description": "No such outlet"}},
)
def outlet_pair_api(a: str, b: str, session: SessionDep) -> outlet_pair.OutletPair:
    """Every story both outlets covered, with the share of each one's text found in the
    other's (per story and overall, weighted by length) and a link to each comparison."""
    return outlet_pair.build(session=session, slug_a=a, slug_b=b)


@pages.get("/outlets/compare", response_class=HTMLResponse)
def outlet_pair_page(request: Request, session: SessionDep, a: str = "", b: str = "") -> Response:
    known = outlet_pair.known_outlets(session)
    pair = outlet_pair.build(session=session, slug_a=a, slug_b=b) if a and b else None
    return render(request, "outlet_pair.html", {"outlets": known, "pair": pair, "a": a, "b": b})


# After /outlets/compare, in this module: an outlet's slug is any other name.
@pages.get("/outlets/{slug}", response_class=HTMLResponse)
def outlet_page(request: Request, slug: str, session: SessionDep, page: int = 1) -> Response:
    outlet = outlets.by_slug(session=session, slug=slug)
    if outlet is None:
        raise NotFound(f"There is no outlet {slug!r}.")
    listing = articles.page(session, page=max(page, 1), per_page=50, outlet_slug=slug)
    return render(request, "outlet.html", {"outlet": outlet, "listing": listing})


@pages.get("/revisions/compare")
def pick_revisions(session: SessionDep, a: str = "", b: str = "") -> Response:
    """The revision picker's target: two revisions of one article, side by side."""
    first, second = articles.get(session, a), articles.get(session, b)
    if first.lineage_id != second.lineage_id:
        raise InvalidInput("Those are not revisions of the same article.")
    if first.id == second.id:
        raise InvalidInput("Choose two different revisions.")
    return RedirectResponse(compare.compare_path(first.id, second.id), status_code=303)
