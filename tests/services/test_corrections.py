"""A user's corrections of grouping are recorded on the story, and `regroup --all` keeps
them."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from app import repo
from app.config import Settings
from app.db import read_session
from app.services import stories
from tests.services.harbour import CRANE, FESTIVAL, RESCUE, import_texts, story_of


def _corrected(engine: Engine) -> set[int]:
    with read_session(engine) as session:
        found = repo.stories.get_stories(session=session, story_ids=list(range(1, 20)))
        return {i for i, story in found.items() if story.corrected}


@pytest.mark.parametrize("correction", ["move", "merge", "split"])
def test_a_correction_is_recorded_and_regrouping_keeps_it(
    engine: Engine, settings: Settings, correction: str
) -> None:
    crane, rescue, festival = import_texts(engine, settings, [CRANE, RESCUE, FESTIVAL])
    before = story_of(engine)
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
    placed = story_of(engine)
    plan = stories.regroup_all(engine)
    # The corrected stories are outside the plan: not counted, not matched, not touched.
    assert plan.left_alone == len(kept) and not kept & set(plan.before)
    assert not kept & {c.story_id for c in plan.clusters}
    assert not {crane, festival} & {m.article_id for m in plan.moves}
    after = story_of(engine)
    for article in (crane, festival):
        assert after[article] == placed[article]  # where the user left it
    assert after[rescue] == placed[rescue] and after[rescue] not in kept


def test_renaming_leaves_the_articles_uncorrected_but_kept(
    engine: Engine, settings: Settings
) -> None:
    crane = import_texts(engine, settings, [CRANE, RESCUE, FESTIVAL])[0]
    story_id = story_of(engine)[crane]
    stories.rename(engine, story_id, "The Veldport crane")
    assert not _corrected(engine)
    assert stories.regroup_all(engine).left_alone == 1
    assert story_of(engine)[crane] == story_id
