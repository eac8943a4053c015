"""Downloads: a comparison as JSON, CSV or one HTML file; a story as JSON; the corpus as JSONL.

Included before the page routers: `/compare/{a}/{b}` would otherwise take `….csv` as an id.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from markupsafe import Markup

from app.services import compare, compare_view, exports
from app.web.deps import BaseUrlDep, EngineDep, SessionDep
from app.web.templating import STATIC_DIR

router = APIRouter()


@cache
def _inline_css() -> Markup:
    css = (STATIC_DIR / "css" / "app.css").read_text(encoding="utf-8")
    # Inside <style> nothing is escaped: make sure the stylesheet cannot close the element.
    return Markup(css.replace("</", "<\\/"))


@router.get("/compare/{a_id}/{b_id}.json", include_in_schema=False)
def comparison_json(
    a_id: str, b_id: str, engine: EngineDep, session: SessionDep, base_url: BaseUrlDep
) -> Response:
    compared = compare.compare(engine, session, a_id, b_id)
    public = compare.to_public(session, compared, base_url)
    headers = exports.attachment(exports.comparison_filename(compared, "json"))
    return JSONResponse(public.model_dump(mode="json"), headers=headers)


@router.get("/compare/{a_id}/{b_id}.csv", include_in_schema=False)
def comparison_csv(a_id: str, b_id: str, engine: EngineDep, session: SessionDep) -> Response:
    compared = compare.compare(engine, session, a_id, b_id)
    headers = exports.attachment(exports.comparison_filename(compared, "csv"))
    return Response(
        exports.comparison_csv(compared), media_type="text/csv; charset=utf-8", headers=headers
    )


@router.get("/compare/{a_id}/{b_id}.html", include_in_schema=False)
def comparison_html(
    request: Request,
    a_id: str,
    b_id: str,
    engine: EngineDep,
    session: SessionDep,
    base_url: BaseUrlDep,
) -> Response:
    compared = compare.compare(engine, session, a_id, b_id)
    view = compare_view.build(session, compared, base_url)
    context = {
        "view": view,
        "base_url": base_url,
        "css": _inline_css(),
        "exported": dt.datetime.now(dt.UTC),
    }
    response: Response = request.app.state.templates.TemplateResponse(
        request,
        "export_compare.html",
        context,
        headers=exports.attachment(exports.comparison_filename(compared, "html")),
    )
    return response


@router.get("/stories/{story_id}.json", include_in_schema=False)
def story_json(
    story_id: int, engine: EngineDep, session: SessionDep, base_url: BaseUrlDep
) -> Response:
    story = exports.story_export(engine, session, story_id, base_url)
    headers = exports.attachment(f"parallax-story-{story_id}.json")
    return JSONResponse(story.model_dump(mode="json"), headers=headers)


@router.get(
    "/api/export.jsonl",
    tags=["export"],
    response_class=StreamingResponse,
    responses={200: {"content": {"application/x-ndjson": {}}}},
)
def export_corpus(engine: EngineDep) -> StreamingResponse:
    """Every article revision as JSON Lines, in import order: what `parallax export` writes.

    One record per line with everything `parallax import` needs to restore the article
    exactly: id, outlet and its domain, title, byline, dates, URL, language, source,
    paragraphs, captions, revision and the raw input (base64).
    """
    lines = (line.encode("utf-8") for line in exports.corpus_lines(engine))
    return StreamingResponse(
        lines,
        media_type="application/x-ndjson; charset=utf-8",
        headers=exports.attachment("parallax-corpus.jsonl"),
    )
