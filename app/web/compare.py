"""The comparison: its page and that page's downloads (JSON, CSV, one HTML file), its
JSON API twin and its preview image.

The page and its downloads are one route, `/compare/{a}/{b}` with an optional `.json`,
`.csv` or `.html` suffix on the last part: nothing else can take `….csv` for an id, in
whatever order the routers are included.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from markupsafe import Markup

from app.models import ComparisonPublic
from app.services import compare, compare_view, exports
from app.web import preview
from app.web.deps import BaseUrlDep, SessionDep
from app.web.templating import STATIC_DIR, render

api = APIRouter(prefix="/api", tags=["compare"])
pages = APIRouter(include_in_schema=False)
# `?v=`: the engine version whose stored analysis to show.
VersionQuery = Annotated[
    str | None,
    Query(max_length=80, pattern=r"^[A-Za-z0-9.\-]*$", description="Engine version"),
]
# The downloads a comparison's address takes as a suffix, and what each is.
FORMATS = {"json": "application/json", "csv": "text/csv; charset=utf-8", "html": "text/html"}


def split_format(name: str) -> tuple[str, str]:
    """`"b1.csv"` -> `("b1", "csv")`; a name without a known suffix is all id: `(name, "")`
    (ids never hold a dot)."""
    stem, dot, suffix = name.rpartition(".")
    if dot and suffix in FORMATS:
        return stem, suffix
    return name, ""


@cache
def _inline_css() -> Markup:
    css = (STATIC_DIR / "css" / "app.css").read_text(encoding="utf-8")
    # Inside <style> nothing is escaped: make sure the stylesheet cannot close the element.
    return Markup(css.replace("</", "<\\/"))


@api.get(
    "/compare/{a_id}/{b_id}",
    response_model=ComparisonPublic,
    responses={404: {"description": "No such article"}, 422: {"description": "Same article"}},
)
def compare_api(
    a_id: str, b_id: str, session: SessionDep, base_url: BaseUrlDep, v: VersionQuery = ""
) -> ComparisonPublic:
    """Every passage two article revisions share: copied text (`verbatim`, `near`,
    `quote`) and the same facts in other words (`paraphrase`).

    Offsets are `[start, end)` Python string indices into the `body` strings of
    `GET /api/articles/{id}`. A `paraphrase` passage's `similarity` is its same-fact score
    and its `edits` are `equal` pairs of the words both sides use. `facts` counts, from
    these passages, the facts (sentences) both articles report and those only one does.
    The result is stored per pair of revisions and engine version: without `v` this is
    the current engine's analysis, with `v` the one stored under that version (its
    `permalink` carries it).
    """
    compared = compare.compare(session=session, a_id=a_id, b_id=b_id, version=v)
    return compare_view.build(session=session, compared=compared, base_url=base_url).data


@pages.get("/compare/{a_id}/{b_name}", response_class=HTMLResponse)
def compare_page(
    request: Request,
    a_id: str,
    b_name: str,
    session: SessionDep,
    base_url: BaseUrlDep,
    v: VersionQuery = None,
) -> Response:
    """The comparison page, or with a suffix one of its downloads, from one view model.

    Without `v` (a link written before links carried the version) it shows the first
    analysis stored for the pair, which is what that link showed when it was shared.
    """
    b_id, suffix = split_format(b_name)
    compared = compare.compare(session=session, a_id=a_id, b_id=b_id, version=v)
    view = compare_view.build(session=session, compared=compared, base_url=base_url)
    if not suffix:
        return render(request, "compare.html", {"view": view, "base_url": base_url})
    headers = exports.attachment(exports.comparison_filename(compared, suffix))
    if suffix == "json":
        return JSONResponse(view.data.model_dump(mode="json"), headers=headers)
    if suffix == "csv":
        return Response(
            exports.comparison_csv(compared), media_type=FORMATS[suffix], headers=headers
        )
    context = {
        "view": view,
        "base_url": base_url,
        "css": _inline_css(),
        "exported": dt.datetime.now(dt.UTC),
    }
    return render(request, "export_compare.html", context, headers=headers)


@pages.get("/compare/{a_id}/{b_id}/preview.png")
def compare_preview(
    a_id: str, b_id: str, session: SessionDep, base_url: BaseUrlDep, v: VersionQuery = None
) -> Response:
    compared = compare.compare(session=session, a_id=a_id, b_id=b_id, version=v)
    png = preview.render_png(
        compare_view.build(session=session, compared=compared, base_url=base_url)
    )
    # Both revisions are pinned by the URL: app.web.http_caching serves it as immutable.
    return Response(png, media_type="image/png")
