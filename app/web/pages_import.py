"""The Import page: paste text, upload files, or give a URL."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.errors import InvalidInput, ParallaxError
from app.services import articles, importer, records
from app.web.deps import EngineDep, SettingsDep
from app.web.templating import render

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True, slots=True)
class FileOutcome:
    name: str
    article_id: str | None
    title: str | None
    status: str  # "imported", "already present" or "failed"
    message: str | None = None


def _date(value: str) -> dt.date | None:
    if not value.strip():
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError as exc:
        raise InvalidInput(f"{value!r} is not a date; use YYYY-MM-DD.") from exc


def _landing(result: importer.ImportResult) -> Response:
    return RedirectResponse(articles.article_path(result.article.id), status_code=303)


@router.get("/import", response_class=HTMLResponse)
def import_page(request: Request) -> Response:
    return render(request, "import.html", {})


@router.post("/import/text")
def import_text(
    engine: EngineDep,
    settings: SettingsDep,
    text: Annotated[str, Form()] = "",
    outlet: Annotated[str, Form()] = "",
    title: Annotated[str, Form()] = "",
    url: Annotated[str, Form()] = "",
    published: Annotated[str, Form()] = "",
) -> Response:
    request = importer.ImportRequest(
        content=text,
        source="text",
        url=url.strip() or None,
        outlet=outlet.strip() or None,
        title=title.strip() or None,
        published=_date(published),
    )
    return _landing(importer.import_content(engine, settings, request))


@router.post("/import/url")
def import_url(
    engine: EngineDep,
    settings: SettingsDep,
    url: Annotated[str, Form()] = "",
    outlet: Annotated[str, Form()] = "",
    published: Annotated[str, Form()] = "",
) -> Response:
    if not url.strip():
        raise InvalidInput("Give the address of the page to import.")
    request = importer.ImportRequest(
        content=b"",
        url=url.strip(),
        outlet=outlet.strip() or None,
        published=_date(published),
    )
    return _landing(importer.import_url(engine, settings, request))


@router.post("/import/files")
async def import_files(
    request: Request,
    engine: EngineDep,
    settings: SettingsDep,
    files: Annotated[list[UploadFile], File()],
    outlet: Annotated[str, Form()] = "",
    published: Annotated[str, Form()] = "",
) -> Response:
    date = _date(published)
    named = [f for f in files if f.filename]
    if not named:
        raise InvalidInput("Choose at least one file to upload.")
    outcomes: list[FileOutcome] = []
    for upload in named:
        name = upload.filename or "upload"
        data = await upload.read(settings.max_import_bytes + 1)
        try:
            results = records.import_named_bytes(
                engine,
                settings,
                name=name,
                data=data,
                outlet=outlet.strip() or None,
                published=date,
            )
        except ParallaxError as exc:
            outcomes.append(FileOutcome(name, None, None, "failed", exc.message))
            continue
        for result in results:
            outcomes.append(
                FileOutcome(
                    name,
                    result.article.id,
                    result.article.title,
                    "imported" if result.created else "already present",
                )
            )
    if len(outcomes) == 1 and outcomes[0].article_id:
        return RedirectResponse(articles.article_path(outcomes[0].article_id), status_code=303)
    failed = sum(o.status == "failed" for o in outcomes)
    status = 422 if failed == len(outcomes) else 200
    return render(request, "import_results.html", {"outcomes": outcomes}, status=status)
