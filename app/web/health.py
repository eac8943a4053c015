"""`/healthz`: the process is up and answering, for a load balancer or a supervisor."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

router = APIRouter(include_in_schema=False)


@router.get("/healthz")
async def healthz() -> JSONResponse:
    # A coroutine that reads nothing: it answers even while every request thread is busy.
    return JSONResponse({"status": "ok"}, headers={"Cache-Control": "no-store"})
