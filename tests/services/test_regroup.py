"""`regroup --all` in the database: stories keep their ids, a plan is applied exactly as
made and only onto the grouping it was made from, all at once or not at all."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from app import repo
from app.config import Settings
from app.db import read_session
from app.errors import Conflict
from app.services import stories
from app.stories.regroup_plan import Merge, RegroupPlan
from tests.services.harbour import (
    CRANE,
    CRANE_AGAIN,
    FESTIVAL,
    RESCUE,
    import_texts,
    misplace,
    story_of,
    titles,
)


def test_stories_whose_articles_are_unchanged_keep_their_ids_and_titles(
    engine: Engine, settings: Settings
) -> None:
    crane, rescue, festival = import_texts(engine, settings, [CRANE, RESCUE, FESTIVAL])
    placed, named = story_of(engine), titles(engine)
    plan = stories.regroup_all(engine)
    assert not plan.changes_anything and plan.unchanged == 3
    assert story_of(engine) == placed and titles(engine) == named
    # The festival report wrongly put with the crane collapse: regrouping takes it out
    # again, and the two other stories keep their ids (shared links still lead to them).
    misplace(engine, festival, placed[crane])
    plan = stories.regroup_all(engine)
    [split] = plan.splits
    assert split.story == placed[crane] and [n for _, n in split.parts] == [1, 1]
    assert split.parts[0][0] == plan_index(plan, placed[crane])  # the crane report stays
    after = story_of(engine)
    assert after[crane] == placed[crane] and after[rescue] == placed[rescue]
    assert after[festival] not in (placed[crane], placed[rescue])
    assert titles(engine)[placed[rescue]] == named[placed[rescue]]
    assert titles(engine)[after[festival]] == "Bakers crowd the Lindholm spring fair"


def plan_index(plan: RegroupPlan, story_id: int) -> int:
    """The index of the cluster that keeps `story_id`."""
    return next(k for k, c in enumerate(plan.clusters) if c.story_id == story_id)


def test_a_merge_keeps_the_larger_storys_id_and_removes_the_other(
    engine: Engine, settings: Settings
) -> None:
    crane, again, rescue = import_texts(engine, settings, [CRANE, CRANE_AGAIN, RESCUE])
    placed = story_of(engine)
    assert placed[crane] == placed[again]  # one story, as imported
    alone = misplace(engine, again)
    plan = stories.plan_regroup(engine)
    assert plan.merges == (Merge(plan_index(plan, placed[crane]), (alone,)),)
    assert plan.removed == (alone,) and plan.unchanged == 1
    stories.apply_regroup(engine, plan)
    after = story_of(engine)
    assert after[again] == after[crane] == placed[crane] and after[rescue] == placed[rescue]
    with read_session(engine) as session:
        assert repo.stories.get_story(session=session, story_id=alone) is None


def test_a_plan_is_not_applied_over_a_correction_made_since(
    engine: Engine, settings: Settings
) -> None:
    crane, _, festival = import_texts(engine, settings, [CRANE, RESCUE, FESTIVAL])
    misplace(engine, festival, story_of(engine)[crane])
    plan = stories.plan_regroup(engine)
    assert plan.changes_anything
    # Meanwhile a user keeps the festival report with the crane collapse, on purpose.
    stories.move(engine, festival, story_of(engine)[crane])
    placed = story_of(engine)
    with pytest.raises(Conflict, match="changed since this plan was made"):
        stories.apply_regroup(engine, plan)
    assert story_of(engine) == placed


def test_a_failure_while_applying_changes_nothing(
    engine: Engine, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    crane, _, festival = import_texts(engine, settings, [CRANE, RESCUE, FESTIVAL])
    misplace(engine, festival, story_of(engine)[crane])
    placed, named = story_of(engine), titles(engine)
    plan = stories.plan_regroup(engine)

    def broken(*_: object) -> None:
        raise RuntimeError("the disk went away")

    # Titling comes last, after the articles have moved and the new story was made.
    monkeypatch.setattr(stories, "retitle", broken)
    with pytest.raises(RuntimeError):
        stories.apply_regroup(engine, plan)
    assert story_of(engine) == placed and titles(engine) == named
