"""A regroup plan: which story each new cluster keeps, and the merges, splits, moves, new
stories and removals that follow, worked out from ids alone."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.stories.regroup_plan import Merge, Move, Split, plan

TITLES = {1: "Crane collapse", 2: "Sailors rescued", 3: "Spring fair", 5: "Harbour strike"}


def test_unchanged_stories_keep_their_ids_and_nothing_changes() -> None:
    made = plan({1: {"a", "b"}, 2: {"c"}}, [["c"], ["b", "a"]], titles=TITLES)
    assert [c.story_id for c in made.clusters] == [2, 1]
    assert [c.title for c in made.clusters] == ["Sailors rescued", "Crane collapse"]
    assert made.unchanged == 2 and not made.changes_anything
    assert made.moves == () and made.merges == () and made.splits == () and made.removed == ()


def test_a_merge_keeps_the_larger_story_and_removes_the_other() -> None:
    made = plan({1: {"a", "b"}, 2: {"c"}}, [["a", "b", "c"]], titles=TITLES)
    assert made.clusters[0].story_id == 1
    assert made.merges == (Merge(into=0, stories=(2,)),)
    assert made.moves == (Move("c", 2, 0),)
    assert made.removed == (2,) and made.unchanged == 0
    assert made.changed_story_ids() == [1]


def test_a_split_keeps_the_larger_part_and_makes_a_new_story_of_the_rest() -> None:
    made = plan(
        {1: {"a", "b", "c"}}, [["c"], ["a", "b"]], titles=TITLES, article_titles={"c": "Fair"}
    )
    assert [(c.story_id, c.number) for c in made.clusters] == [(None, 1), (1, 0)]
    assert made.clusters[0].title == "Fair"  # a new story's first article's, for the plan
    assert made.splits == (Split(story=1, parts=((1, 2), (0, 1))),)  # the part staying first
    assert made.moves == (Move("c", 1, 0),) and made.removed == ()
    assert [c.story_id for c in made.new] == [None]


def test_a_story_spread_over_others_is_split_and_removed() -> None:
    before = {1: {"a", "b"}, 2: {"c", "d", "e"}, 3: {"f", "g", "h"}}
    made = plan(before, [["a", "c", "d", "e"], ["b", "f", "g", "h"]], titles=TITLES)
    assert [c.story_id for c in made.clusters] == [2, 3]
    assert made.splits == (Split(story=1, parts=((0, 1), (1, 1))),)
    assert made.removed == (1,) and made.merges == ()
    assert made.changed_story_ids() == [2, 3]


def test_articles_in_no_story_are_placed_and_counted_apart() -> None:
    made = plan({1: {"a"}}, [["a", "x"], ["y"]], titles=TITLES)
    assert made.ungrouped == {"x", "y"}
    assert made.clusters[0].story_id == 1 and made.clusters[1].story_id is None
    assert made.moves == (Move("x", None, 0), Move("y", None, 1))
    assert made.unchanged == 0 and made.changes_anything


@pytest.mark.parametrize("order", [[5, 3], [3, 5]])
def test_ties_go_the_same_way_whatever_the_order(order: list[int]) -> None:
    # Each story shares one article with the cluster and would move one: the lower id wins.
    before = {story: {"a"} if story == 5 else {"b"} for story in order}
    made = plan(before, [["a", "b"]], titles=TITLES)
    assert made.clusters[0].story_id == 3
    assert made.merges == (Merge(into=0, stories=(5,)),)


def test_the_pair_that_moves_fewer_articles_wins_a_tie_of_overlap() -> None:
    # Both stories share two articles with the first cluster; story 2 alone would keep
    # all of its articles there, so it keeps that cluster and story 1 keeps the other.
    before = {1: {"a", "b", "x"}, 2: {"c", "d"}}
    made = plan(before, [["a", "b", "c", "d"], ["x"]], titles=TITLES)
    assert [c.story_id for c in made.clusters] == [2, 1]


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError, match="two clusters"):
        plan({1: {"a"}}, [["a"], ["a"]], titles=TITLES)
    with pytest.raises(ValueError, match="leave out"):
        plan({1: {"a", "b"}}, [["a"]], titles=TITLES)


# Twelve articles: each in a story (1-5) or in none (0) before, and in a cluster (0-5) after.
GROUPINGS = st.tuples(
    st.lists(st.integers(0, 5), min_size=12, max_size=12),
    st.lists(st.integers(0, 5), min_size=12, max_size=12),
)


@given(GROUPINGS)
def test_any_plan_turns_the_grouping_before_into_the_clusters(
    groupings: tuple[list[int], list[int]],
) -> None:
    story_of, cluster_of = groupings
    before: dict[int, set[str]] = {}
    clusters: dict[int, list[str]] = {}
    for k, (story, cluster) in enumerate(zip(story_of, cluster_of, strict=True)):
        if story:
            before.setdefault(story, set()).add(f"a{k}")
        clusters.setdefault(cluster, []).append(f"a{k}")
    made = plan(before, list(clusters.values()), titles={})
    kept = [c.story_id for c in made.clusters if c.story_id is not None]
    assert len(kept) == len(set(kept))  # one story per cluster at most
    assert set(made.removed) == set(before) - set(kept)

    # Before, moved as the plan says, is the clusters (a new story stands as -1, -2, ...).
    def home(k: int) -> int:
        story_id = made.clusters[k].story_id
        return -k - 1 if story_id is None else story_id

    after = {a: s for s, members in before.items() for a in members}
    for move in made.moves:
        assert after.get(move.article_id) == move.source
        after[move.article_id] = home(move.cluster)
    for k, cluster in enumerate(made.clusters):
        assert {a for a, s in after.items() if s == home(k)} == set(cluster.article_ids)
    # A story whose articles come out the same keeps its id.
    for story_id, members in before.items():
        if sorted(members) in (sorted(c) for c in clusters.values()):
            assert story_id in kept
    assert made.unchanged == sum(
        1
        for c in made.clusters
        if c.story_id is not None and set(c.article_ids) == before[c.story_id]
    )
