"""A user's corrections of grouping are recorded on the story, and `regroup --all` keeps
them."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from app import repo
from app.config import Settings
from app.db import read_session
from app.services import importer, stories
from app.services.importer import ImportRequest, ImportResult

CRANE = (
    "Crane collapses at Veldport dock\n\n"
    "A container crane operated by the Veldport harbour authority toppled onto the quay "
    "before dawn, crushing two lorries and injuring four dockworkers. Engineers blamed "
    "corroded bolts in the gantry; the harbourmaster closed berths seven and eight while "
    "inspectors examined the remaining cranes."
)
RESCUE = (
    "Sailors rescued from the freighter Marisol\n\n"
    "Firefighters from Onsberg pulled eleven sailors off the freighter Marisol after its "
    "foredeck buckled under falling steel. Paramedics treated the crew for smoke and "
    "fractures; the captain praised the volunteers who launched lifeboats within minutes."
)
FESTIVAL = (
    "Bakers crowd the Lindholm spring fair\n\n"
    "Thousands queued for cardamom buns and rye loaves as the Lindholm spring fair opened "
    "with a brass band, a sourdough contest and a parade of antique tractors."
)


def _imported(engine: Engine, settings: Settings) -> list[ImportResult]:
    return [
        importer.import_content(engine, settings, ImportRequest(content=t, outlet=f"Outlet {k}"))
        for k, t in enumerate([CRANE, RESCUE, FESTIVAL])
    ]


def _story_of(engine: Engine) -> dict[str, int]:
    with read_session(engine) as session:
        current = repo.articles.current_articles(session=session)
        return {a.id: a.story_id for a in current if a.story_id is not None}


def _corrected(engine: Engine) -> set[int]:
    with read_session(engine) as session:
        found = repo.stories.get_stories(session=session, story_ids=list(range(1, 20)))
        return {i for i, story in found.items() if story.corrected}


@pytest.mark.parametrize("correction", ["move", "merge", "split"])
def test_a_correction_is_recorded_and_regrouping_keeps_it(
    engine: Engine, settings: Settings, correction: str
) -> None:
    crane, rescue, festival = (r.article.id for r in _imported(engine, settings))
    before = _story_of(engine)
    assert len(set(before.values())) == 3 and not _corrected(engine)
    if correction == "move":  # the festival put with the crane collapse, by hand
        stories.move(engine, festival, before[crane])
        kept = {before[crane]}
    elif correction == "merge":
        stories.merge(engine, before[crane], before[festival])
        kept = {before[crane]}
    else:  # the festival moved in, then split off again: both stories corrected
        stories.move(engine, festival, before[crane])
        kept = {before[crane], stories.split(engine, before[crane], [festival])}
    assert _corrected(engine) == kept
    placed = _story_of(engine)
    stories.regroup_all(engine)
    after = _story_of(engine)
    for article in (crane, festival):
        assert after[article] == placed[article]  # where the user left it
    assert after[rescue] not in kept


def test_renaming_leaves_the_articles_uncorrected_but_kept(
    engine: Engine, settings: Settings
) -> None:
    crane = _imported(engine, settings)[0].article
    assert crane.story_id is not None
    stories.rename(engine, crane.story_id, "The Veldport crane")
    assert not _corrected(engine)
    stories.regroup_all(engine)
    assert _story_of(engine)[crane.id] == crane.story_id
