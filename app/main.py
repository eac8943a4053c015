"""The application factory: create_app(settings) -> FastAPI."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from anyio import to_thread
from fastapi import Depends, FastAPI, Request
from fastapi.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

from app.config import Settings
from app.db import edition, make_engine, upgrade_schema
from app.web import (
    api_articles,
    compare,
    docs,
    errors,
    exports,
    health,
    outlets,
    pages_articles,
    pages_import,
    search,
    sign_in,
    stories,
)
from app.web.headers import SecurityHeaders
from app.web.http_caching import HttpCaching
from app.web.owner import OwnerGuard, owner_state
from app.web.params import bounded_numbers
from app.web.ratelimit import FetchLimit, TokenBucket
from app.web.request_guard import RequestGuard
from app.web.shedding import LoadShedder
from app.web.templating import STATIC_DIR, make_templates


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    # One connection per request thread, and one for the page cache's edition check.
    engine = make_engine(
        settings.database_url,
        pool_size=settings.worker_threads + 1,
        lock_wait=settings.lock_wait,
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        to_thread.current_default_thread_limiter().total_tokens = settings.worker_threads
        upgrade_schema(engine, announce=logging.getLogger("uvicorn.error").info)
        yield
        engine.dispose()

    app = FastAPI(
        title="Parallax",
        summary="Read how different news outlets tell the same story.",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,  # served by app.web.docs from local files
        redoc_url=None,
        dependencies=[Depends(bounded_numbers)],
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.templates = make_templates()
    # Wrong write tokens a client may try: five at once, then one a minute.
    app.state.sign_in_attempts = TokenBucket(1, "sign-in attempts", capacity=5)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.mount("/docs/assets", StaticFiles(directory=swagger_ui_path), name="docs-assets")
    app.include_router(health.router)
    app.include_router(api_articles.router)
    app.include_router(compare.api)
    app.include_router(stories.api)
    app.include_router(outlets.api)
    app.include_router(search.api)
    app.include_router(exports.router)
    app.include_router(outlets.pages)
    app.include_router(pages_articles.router)
    app.include_router(compare.pages)
    app.include_router(stories.pages)
    app.include_router(search.pages)
    app.include_router(pages_import.router)
    app.include_router(docs.router)
    app.include_router(sign_in.router)
    errors.install(app)  # innermost: answers what the routes raise
    app.add_middleware(FetchLimit, bucket=TokenBucket(settings.url_imports_per_minute, "fetches"))
    app.add_middleware(OwnerGuard, settings=settings)
    app.add_middleware(RequestGuard, max_body=settings.max_request_bytes)
    # Refuses past what the process can work on, before any other work is spent on it.
    app.add_middleware(LoadShedder, max_pending=settings.max_pending)
    app.add_middleware(SecurityHeaders)  # every answer made here carries the headers
    # Outermost: a page already rendered in this edition (security headers and all) is
    # sent again at the cost of one lookup, however busy the process is.
    app.add_middleware(
        HttpCaching,
        edition=lambda: edition(engine),
        variant=lambda scope: owner_state(Request(scope)),
        max_bytes=settings.page_cache_mb * 2**20,
    )
    return app
