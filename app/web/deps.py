"""Request dependencies, named once so route signatures read like prose."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.config import Settings
from app.services.database import reading


# The dependencies that only read the app's state are coroutines: FastAPI runs a plain
# function dependency on the thread pool, a hop per dependency per request.
async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def get_session(engine: Annotated[Engine, Depends(get_engine)]) -> Iterator[Session]:
    with reading(engine) as session:
        yield session


async def get_base_url(
    request: Request, settings: Annotated[Settings, Depends(get_settings)]
) -> str:
    """The origin permalinks are built on: the configured one, else the request's."""
    return settings.base_url.rstrip("/") or str(request.base_url).rstrip("/")


SettingsDep = Annotated[Settings, Depends(get_settings)]
EngineDep = Annotated[Engine, Depends(get_engine)]
SessionDep = Annotated[Session, Depends(get_session)]
BaseUrlDep = Annotated[str, Depends(get_base_url)]
