"""Every operation of the OpenAPI schema, fuzzed with schemathesis: no input gets a 5xx."""

from __future__ import annotations

import shutil
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from app.config import Settings
from app.db import make_engine, upgrade_schema
from app.main import create_app
from app.services import importer

# schemathesis reads the schema when the module is collected; the database the app is
# made on is only created (and removed) by the fixture below.
FOLDER = Path(tempfile.mkdtemp(prefix="parallax-fuzz-"))
CONFIG = Settings(database_url=f"sqlite:///{FOLDER / 'fuzz.db'}", url_imports_per_minute=0)
schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(CONFIG))


@pytest.fixture(scope="module", autouse=True)
def database() -> Iterator[None]:
    """A fresh database holding one story (so that some ids exist) for the whole run."""
    engine = make_engine(CONFIG.database_url)
    upgrade_schema(engine)  # the schema's app is called without its lifespan
    text = (
        "The harbour ferry resumed its crossings on Monday after a week of storms.\n\n"
        "Passengers queued from dawn, and the operator added two extra sailings."
    )
    importer.import_content(engine, CONFIG, importer.ImportRequest(content=text, source="text"))
    engine.dispose()
    yield
    shutil.rmtree(FOLDER, ignore_errors=True)


@pytest.fixture(autouse=True)
def no_name_resolution(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fuzzed URLs must never reach the network: every host is unresolvable here."""

    def refuse(*args: object, **kwargs: object) -> Any:
        raise socket.gaierror(socket.EAI_NONAME, "resolution is off in the fuzz test")

    monkeypatch.setattr("app.ingest.fetch.socket.getaddrinfo", refuse)


@schema.parametrize()
@settings(
    max_examples=15,
    derandomize=True,  # the same cases on every run
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_input_gets_a_server_error(case: schemathesis.Case) -> None:
    case.call_and_validate(checks=[not_a_server_error])
