"""A new article that links two stories merges them, one by one and in bulk alike; a story
a user named or corrected is joined but never merged."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy.engine import Engine

from app import repo
from app.config import Settings
from app.db import read_session
from app.errors import ParallaxError
from app.services import importer, stories
from app.services.bulk_import import BulkImporter
from app.services.importer import ImportRequest, ImportResult
from tests.services.harbour import CRANE, FESTIVAL, RESCUE

# CRANE's first sentences and RESCUE's, in one report: it links the two stories.
BOTH = (
    "Veldport crane falls on the Marisol\n\n"
    "A container crane operated by the Veldport harbour authority toppled onto the quay "
    "before dawn, crushing two lorries and injuring four dockworkers. Engineers blamed "
    "corroded bolts in the gantry. Firefighters from Onsberg pulled eleven sailors off the "
    "freighter Marisol after its foredeck buckled under falling steel."
)


def _one_by_one(engine: Engine, settings: Settings, texts: list[str]) -> list[ImportResult]:
    return [
        importer.import_content(engine, settings, ImportRequest(content=t, outlet=f"Outlet {k}"))
        for k, t in enumerate(texts)
    ]


def _in_bulk(engine: Engine, settings: Settings, texts: list[str]) -> list[ImportResult]:
    found: dict[int, ImportResult | ParallaxError] = {}
    with BulkImporter[int](engine, settings, found.__setitem__) as bulk:
        for k, t in enumerate(texts):
            bulk.add(ImportRequest(content=t, outlet=f"Outlet {k}"), k)
    results = [found[k] for k in range(len(texts))]
    assert all(isinstance(r, ImportResult) for r in results)
    return results  # type: ignore[return-value]


def _story_of(engine: Engine) -> dict[str, int | None]:
    with read_session(engine) as session:
        return {a.id: a.story_id for a in repo.articles.current_articles(session=session)}


Importing = Callable[[Engine, Settings, list[str]], list[ImportResult]]


@pytest.mark.parametrize("importing", [_one_by_one, _in_bulk])
def test_an_article_linking_two_stories_merges_them_into_the_oldest(
    engine: Engine, settings: Settings, importing: Importing
) -> None:
    crane, rescue, festival, both = importing(engine, settings, [CRANE, RESCUE, FESTIVAL, BOTH])
    story_of = _story_of(engine)
    assert story_of[crane.article.id] == story_of[rescue.article.id] == story_of[both.article.id]
    assert story_of[festival.article.id] != story_of[crane.article.id]
    # The story keeps the id of the oldest of the two; the other is gone.
    assert both.article.story_id == story_of[crane.article.id]
    assert len(set(story_of.values())) == 2


def test_without_the_bridge_the_two_reports_stay_apart(engine: Engine, settings: Settings) -> None:
    crane, rescue = _one_by_one(engine, settings, [CRANE, RESCUE])
    assert crane.article.story_id != rescue.article.story_id


@pytest.mark.parametrize("correction", ["rename", "move", "merge", "split"])
def test_a_story_a_user_corrected_is_joined_but_never_merged(
    engine: Engine, settings: Settings, correction: str
) -> None:
    crane, rescue, festival = _one_by_one(engine, settings, [CRANE, RESCUE, FESTIVAL])
    rescue_story = _story_of(engine)[rescue.article.id]
    assert rescue_story is not None
    if correction == "rename":
        stories.rename(engine, rescue_story, "The Marisol rescue")
    elif correction == "move":  # the rescue report into a story of its own
        rescue_story = stories.move(engine, rescue.article.id, None)
    elif correction == "merge":  # the festival put with the rescue, wrongly but by hand
        festival_story = _story_of(engine)[festival.article.id]
        assert festival_story is not None
        stories.merge(engine, rescue_story, festival_story)
    else:  # the festival moved in, then split off again
        stories.move(engine, festival.article.id, rescue_story)
        stories.split(engine, rescue_story, [festival.article.id])
    [both] = _one_by_one(engine, settings, [BOTH])
    story_of = _story_of(engine)
    assert story_of[rescue.article.id] == rescue_story  # not merged
    assert story_of[crane.article.id] != rescue_story
    assert both.article.story_id in {story_of[crane.article.id], rescue_story}


def test_corrections_are_recorded_and_regrouping_keeps_them(
    engine: Engine, settings: Settings
) -> None:
    crane, rescue, festival = _one_by_one(engine, settings, [CRANE, RESCUE, FESTIVAL])
    # A user puts the festival with the crane collapse: regrouping everything leaves it.
    target = _story_of(engine)[crane.article.id]
    assert target is not None
    stories.move(engine, festival.article.id, target)
    with read_session(engine) as session:
        assert repo.stories.fixed_story_ids(session=session, story_ids=[target]) == {target}
    stories.regroup_all(engine)
    story_of = _story_of(engine)
    assert story_of[festival.article.id] == story_of[crane.article.id] == target
