"""The demo corpus imports, through the real import path, into exactly its labelled bodies."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from app import repo
from app.config import Settings
from app.db import read_session
from app.models import Article
from app.services import records

CORPUS = Path(__file__).resolve().parents[2] / "app" / "demo" / "corpus"
LABELS = CORPUS.parent / "labels.json"
MAX_BYTES = 5_000_000


def _manifest() -> list[dict[str, Any]]:
    return list(json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8")))


def _bodies() -> dict[str, dict[str, Any]]:
    return dict(json.loads(LABELS.read_text(encoding="utf-8"))["bodies"])


@pytest.fixture
def imported(engine: Engine, settings: Settings) -> dict[str, Article]:
    """The demo folder imported into a fresh database, each article by its file name."""
    out: dict[str, Article] = {}
    for job in records.jobs_for_paths([CORPUS], records.Defaults(), MAX_BYTES):
        assert job.request is not None, f"{job.label}: {job.error}"
        result = records.run(engine, settings, job)
        assert result.created, f"{job.label} was already stored"
        out[Path(job.label).name] = result.article
    return out


def test_every_manifest_entry_is_labelled() -> None:
    files = [entry["file"] for entry in _manifest()]
    assert sorted(files) == sorted(_bodies())
    assert all((CORPUS / name).is_file() for name in files)


@pytest.mark.parametrize("name", [entry["file"] for entry in _manifest()])
def test_stored_article_matches_its_labels(
    name: str, imported: dict[str, Article], engine: Engine
) -> None:
    label = _bodies()[name]
    with read_session(engine) as session:
        stored = repo.articles.get_article(session=session, article_id=imported[name].id)
    assert stored is not None
    assert stored.title == label["title"]
    assert not stored.title_derived
    assert stored.paragraphs == label["paragraphs"]
    assert stored.captions == label["captions"]


def test_outlets_and_dates_come_from_the_manifest(
    imported: dict[str, Article], engine: Engine
) -> None:
    with read_session(engine) as session:
        for entry in _manifest():
            article = imported[entry["file"]]
            outlet = repo.articles.get_outlet(session=session, outlet_id=article.outlet_id)
            assert outlet is not None
            assert outlet.name == entry["outlet"]
            assert article.url == entry["url"]
            assert article.published is not None
            assert article.published.isoformat() == entry["published"]
            assert article.language == entry["language"]


def test_northline_revisions_are_one_article(imported: dict[str, Article], engine: Engine) -> None:
    first = imported["northline-viaduct-collapse-rev1.html"]
    second = imported["northline-viaduct-collapse-rev2.html"]
    with read_session(engine) as session:
        revisions = repo.articles.revisions_of(session=session, lineage_id=first.lineage_id)
    assert [(a.id, a.revision, a.is_current) for a in revisions] == [
        (first.id, 1, False),
        (second.id, 2, True),
    ]
    assert second.lineage_id == first.lineage_id == first.id
