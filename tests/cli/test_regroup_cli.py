"""`parallax regroup`: the plan in plain words, then applied only when confirmed (or with
--yes); --dry-run, a refusal or no answer change nothing."""

from __future__ import annotations

import pytest
from hypothesis import given
from sqlalchemy.engine import Engine
from typer.testing import CliRunner

from app.cli.main import cli
from app.cli.regroup_cmd import changes, describe
from app.config import Settings
from app.stories.regroup_plan import plan
from tests.services.harbour import (
    CRANE,
    CRANE_AGAIN,
    FESTIVAL,
    RESCUE,
    import_texts,
    misplace,
    story_of,
    titles,
    ungroup,
)
from tests.stories.test_regroup_plan import GROUPINGS


@pytest.fixture
def runner(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("PARALLAX_DATABASE_URL", settings.database_url)
    return CliRunner()


@pytest.fixture
def misplaced(engine: Engine, settings: Settings) -> dict[str, str]:
    """The three reports, the festival one wrongly grouped with the crane collapse."""
    crane, rescue, festival = import_texts(engine, settings, [CRANE, RESCUE, FESTIVAL])
    misplace(engine, festival, story_of(engine)[crane])
    return {"crane": crane, "rescue": rescue, "festival": festival}


def test_dry_run_prints_the_plan_and_changes_nothing(
    runner: CliRunner, engine: Engine, misplaced: dict[str, str]
) -> None:
    placed = story_of(engine)
    crane = placed[misplaced["crane"]]
    result = runner.invoke(cli, ["regroup", "--all", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "Regrouping 3 articles: 1 of 2 stories unchanged, 1 split, 1 new story; 1 article moves.",
        f"  split   #{crane} “Crane collapses at Veldport dock” (2 articles): "
        "1 stays, 1 to new story 1",
        "  new     new story 1 (1 article, first “Bakers crowd the Lindholm spring fair”): "
        f"1 from #{crane}",
        "Dry run: nothing changed.",
    ]
    assert story_of(engine) == placed


def test_yes_applies_the_plan_and_keeps_the_ids(
    runner: CliRunner, engine: Engine, misplaced: dict[str, str]
) -> None:
    placed = story_of(engine)
    result = runner.invoke(cli, ["regroup", "--all", "--yes"])
    assert result.exit_code == 0, result.output
    assert "Apply these changes?" not in result.output
    assert (
        result.output.splitlines()[-1]
        == "Applied: 1 article moved, 1 new story, 0 stories removed."
    )
    after = story_of(engine)
    for name in ("crane", "rescue"):
        assert after[misplaced[name]] == placed[misplaced[name]]
    assert len(set(after.values())) == 3
    again = runner.invoke(cli, ["regroup", "--all"])  # nothing left to ask about
    assert again.exit_code == 0 and "nothing to change" in again.output
    assert "Apply these changes?" not in again.output


def test_confirming_applies_the_plan(
    runner: CliRunner, engine: Engine, misplaced: dict[str, str]
) -> None:
    result = runner.invoke(cli, ["regroup", "--all"], input="y\n")
    assert result.exit_code == 0, result.output
    assert "Apply these changes? [y/N]:" in result.output and "Applied:" in result.output
    assert len(set(story_of(engine).values())) == 3


@pytest.mark.parametrize(
    ("answer", "said"),
    [("n\n", "Not applied: nothing changed."), ("", "Not applied: there was no answer")],
)
def test_declining_or_not_answering_changes_nothing(
    runner: CliRunner, engine: Engine, misplaced: dict[str, str], answer: str, said: str
) -> None:
    placed, named = story_of(engine), titles(engine)
    result = runner.invoke(cli, ["regroup", "--all"], input=answer)
    assert result.exit_code == 1
    assert said in result.output and "Traceback" not in result.output
    assert story_of(engine) == placed and titles(engine) == named


def test_yes_and_dry_run_go_with_all(runner: CliRunner) -> None:
    for options in (["--yes"], ["--dry-run"], ["--all", "--yes", "--dry-run"]):
        result = runner.invoke(cli, ["regroup", *options])
        assert result.exit_code == 2, options


def test_placing_articles_in_no_story_says_where_they_went(
    runner: CliRunner, engine: Engine, settings: Settings
) -> None:
    assert runner.invoke(cli, ["regroup"]).output == "0 articles placed in 0 stories.\n"
    crane, again, festival = import_texts(engine, settings, [CRANE, CRANE_AGAIN, FESTIVAL])
    story_id = story_of(engine)[crane]
    for article_id in (again, festival):
        ungroup(engine, article_id)
    plan = runner.invoke(cli, ["regroup", "--all", "--dry-run"])
    assert (
        f"  place   1 article in no story yet into #{story_id} “Crane collapses at Veldport "
        "dock” (1 article)\n" in plan.output
    )
    result = runner.invoke(cli, ["regroup"])
    assert result.exit_code == 0, result.output
    festival_story = story_of(engine)[festival]
    assert result.output == (
        f"2 articles placed in 2 stories: #{story_id} (1), #{festival_story} (1).\n"
    )
    assert story_of(engine)[again] == story_id


def test_a_long_plan_lists_twenty_changes_and_counts_the_rest() -> None:
    before = {k: {f"a{k}"} for k in range(1, 51)}
    clusters = [[f"a{k}", f"a{k + 1}"] for k in range(1, 51, 2)]  # 25 pairs merged
    lines = describe(plan(before, clusters, titles={k: f"Story {k}" for k in before}))
    assert lines[0] == (
        "Regrouping 50 articles: 0 of 50 stories unchanged, 25 merges, 25 stories removed; "
        "25 articles move."
    )
    assert (
        lines[1]
        == "  merge   #2 “Story 2” (1 article) into #1 “Story 1” (1 article); #2 is removed"
    )
    assert len(lines) == 22 and lines[-1] == "  … and 5 more changes"


def test_split_and_placement_wording() -> None:
    before = {1: {"a", "b"}, 2: {"c", "d", "e"}, 3: {"f", "g", "h"}, 4: {"i"}}
    clusters = [["a", "c", "d", "e"], ["b", "f", "g", "h", "x"], ["i", "j"], ["y"]]
    made = plan(
        before,
        clusters,
        titles={1: "Ferry delayed", 2: "Bridge shut", 3: "Port strike", 4: "Fair"},
        article_titles={"y": "A very long headline " * 5},
        left_alone=1,
    )
    assert describe(made) == [
        "Regrouping 12 articles (the 1 story a user corrected or named stays as it is): "
        "0 of 4 stories unchanged, 1 split, 1 new story, 1 story removed; "
        "2 articles move, 3 articles in no story yet are placed.",
        "  split   #1 “Ferry delayed” (2 articles): 1 to #2 “Bridge shut”, "
        "1 to #3 “Port strike”; #1 is removed",
        "  place   1 article in no story yet into #3 “Port strike” (3 articles)",
        "  place   1 article in no story yet into #4 “Fair” (1 article)",
        "  new     new story 1 (1 article, first “A very long headline A very long headline "
        "A very long…”): 1 in no story yet",
    ]


@given(GROUPINGS)
def test_every_plan_can_be_told(groupings: tuple[list[int], list[int]]) -> None:
    before: dict[int, set[str]] = {}
    clusters: dict[int, list[str]] = {}
    for k, (story, cluster) in enumerate(zip(*groupings, strict=True)):
        if story:
            before.setdefault(story, set()).add(f"a{k}")
        clusters.setdefault(cluster, []).append(f"a{k}")
    made = plan(before, list(clusters.values()), titles={s: f"Story {s}" for s in before})
    lines = describe(made, limit=3)
    told = changes(made)
    assert len(lines) == 1 + min(len(told), 3) + (len(told) > 3)
    assert bool(told) == made.changes_anything
    # Every story that goes away is named in a line that says so.
    for story_id in made.removed:
        assert any(f"#{story_id} " in line and "remove" in line for line in told)
