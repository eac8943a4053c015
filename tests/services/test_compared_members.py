"""Which articles of a long story its page compares."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from app.services.story_view import compared_members


def _story(*outlets: int) -> list[Any]:
    """Articles oldest first, the k-th from outlet `outlets[k]`."""
    return [SimpleNamespace(id=f"a{k}", outlet_id=o) for k, o in enumerate(outlets)]


def _ids(articles: list[Any]) -> list[str]:
    return [a.id for a in articles]


def test_a_story_within_the_limit_is_compared_whole() -> None:
    story = _story(1, 1, 2)
    assert _ids(compared_members(story, limit=3)) == ["a0", "a1", "a2"]


def test_the_earliest_of_each_outlet_first_in_story_order() -> None:
    # Outlet 1 reports first, twice; then 2, 1 again, 3 and 2 again.
    story = _story(1, 1, 2, 1, 3, 2)
    assert _ids(compared_members(story, limit=3)) == ["a0", "a2", "a4"]


def test_more_outlets_than_room_keeps_those_that_reported_first() -> None:
    story = _story(1, 2, 3, 4, 1)
    assert _ids(compared_members(story, limit=2)) == ["a0", "a1"]


def test_room_left_goes_to_the_next_earliest() -> None:
    story = _story(1, 1, 1, 2, 1)
    assert _ids(compared_members(story, limit=3)) == ["a0", "a1", "a3"]
