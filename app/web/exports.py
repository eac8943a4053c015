"""The whole corpus as a download: every article revision as JSON Lines.

A comparison's and a story's downloads are served by their own pages' routes
(app.web.compare, app.web.stories).
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import StreamingResponse

from app.services import exports
from app.web.deps import EngineDep

router = APIRouter()


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
