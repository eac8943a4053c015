"""`parallax regroup`: place the articles in no story yet, or (--all) regroup every article
outside the stories users corrected, showing the plan in plain words before applying it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from sqlalchemy.engine import Engine

from app.config import Settings
from app.errors import ParallaxError
from app.services import stories
from app.services.database import open_database, storage_fault
from app.stories.regroup_plan import RegroupPlan

# Changes of a plan listed one per line; a regroup of a large corpus can make thousands,
# which the summary line counts.
LISTED_CHANGES = 20
# Characters of a title shown in a plan's line.
TITLE_CHARS = 60

out = Console(soft_wrap=True, highlight=False)
err = Console(stderr=True, soft_wrap=True, highlight=False)


def _announce(message: str) -> None:
    err.print(message, markup=False)


def _n(count: int, word: str, plural: str = "") -> str:
    return f"{count:,} {word if count == 1 else plural or word + 's'}"


def _and(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _quoted(title: str) -> str:
    if len(title) > TITLE_CHARS:
        cut = title[: TITLE_CHARS - 1]
        title = (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;:-") + "…"
    return f"“{title}”"


def _story(plan: RegroupPlan, story_id: int) -> str:
    """An existing story as a plan names it: id, title, and its articles now."""
    size = _n(len(plan.before[story_id]), "article")
    return f"#{story_id} {_quoted(plan.titles[story_id])} ({size})"


def _place(plan: RegroupPlan, index: int) -> str:
    cluster = plan.clusters[index]
    if cluster.story_id is None:
        return f"new story {cluster.number}"
    return f"#{cluster.story_id} {_quoted(cluster.title)}"


def summary(plan: RegroupPlan) -> str:
    """One line: how many articles are regrouped, and what happens to them, in counts."""
    articles = sum(len(m) for m in plan.before.values()) + len(plan.ungrouped)
    head = f"Regrouping {_n(articles, 'article')}"
    if plan.left_alone == 1:
        head += " (the 1 story a user corrected or named stays as it is)"
    elif plan.left_alone:
        head += f" (the {plan.left_alone:,} stories users corrected or named stay as they are)"
    parts = [f"{plan.unchanged:,} of {_n(len(plan.before), 'story', 'stories')} unchanged"]
    counted = [
        (len(plan.merges), "merge", ""),
        (len(plan.splits), "split", ""),
        (len(plan.new), "new story", "new stories"),
        (len(plan.removed), "story removed", "stories removed"),
    ]
    parts += [_n(count, word, plural) for count, word, plural in counted if count]
    moved = sum(1 for m in plan.moves if m.source is not None)
    placed = len(plan.moves) - moved
    moving = [f"{_n(moved, 'article')} {'moves' if moved == 1 else 'move'}"] if moved else []
    if placed:
        moving.append(
            f"{_n(placed, 'article')} in no story yet {'is' if placed == 1 else 'are'} placed"
        )
    tail = f"; {', '.join(moving)}" if moving else ""
    if not plan.changes_anything:
        tail = "; nothing to change"
    return f"{head}: {', '.join(parts)}{tail}."


def changes(plan: RegroupPlan) -> list[str]:
    """Every change of the plan, one line each: merges, splits, articles placed in
    kept stories, new stories, and removals not already told."""
    lines = []
    told: set[int] = set()
    for merge in plan.merges:
        into = plan.clusters[merge.into].story_id
        assert into is not None  # a whole story always joins a kept one
        gone = _and([f"#{i}" for i in merge.stories])
        verb = "is" if len(merge.stories) == 1 else "are"
        merged = _and([_story(plan, i) for i in merge.stories])
        lines.append(f"merge   {merged} into {_story(plan, into)}; {gone} {verb} removed")
        told.update(merge.stories)
    for split in plan.splits:
        parts = []
        for index, count in split.parts:
            if plan.clusters[index].story_id == split.story:
                parts.append(f"{count:,} {'stays' if count == 1 else 'stay'}")
            else:
                parts.append(f"{count:,} to {_place(plan, index)}")
        gone = f"; #{split.story} is removed" if split.story in plan.removed else ""
        lines.append(f"split   {_story(plan, split.story)}: {', '.join(parts)}{gone}")
        told.add(split.story)
    sources: dict[int, Counter[int | None]] = {}
    for move in plan.moves:
        sources.setdefault(move.cluster, Counter())[move.source] += 1
    for index, cluster in enumerate(plan.clusters):
        if cluster.story_id is not None and (placed := sources.get(index, Counter())[None]):
            lines.append(
                f"place   {_n(placed, 'article')} in no story yet into "
                f"{_story(plan, cluster.story_id)}"
            )
    for index, cluster in enumerate(plan.clusters):
        if cluster.story_id is None:
            came = sorted(sources[index].items(), key=lambda s: (s[0] is None, s[0] or 0))
            origins = [
                f"{n:,} in no story yet" if s is None else f"{n:,} from #{s}" for s, n in came
            ]
            size = _n(len(cluster.article_ids), "article")
            lines.append(
                f"new     new story {cluster.number} ({size}, first {_quoted(cluster.title)}): "
                f"{', '.join(origins)}"
            )
    lines += [f"remove  {_story(plan, i)}" for i in plan.removed if i not in told]
    return lines


def describe(plan: RegroupPlan, limit: int = LISTED_CHANGES) -> list[str]:
    """The summary line, then the first `limit` changes and how many more there are."""
    listed = changes(plan)
    lines = [summary(plan), *(f"  {line}" for line in listed[:limit])]
    if len(listed) > limit:
        lines.append(f"  … and {len(listed) - limit:,} more changes")
    return lines


def regroup_cmd(
    everything: Annotated[
        bool,
        typer.Option(
            "--all",
            help="Regroup every article outside the stories users corrected or named: "
            "show the plan, then apply it once confirmed.",
        ),
    ] = False,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="With --all: apply the plan without asking.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="With --all: show the plan and change nothing.")
    ] = False,
) -> None:
    """Group articles into stories: those not in a story yet, or (--all) all afresh.

    With --all the stories a user corrected (moved articles into or out of, merged,
    split) or named keep their articles. The rest are grouped afresh; a story whose
    articles come out the same keeps its id and title, and one that changes keeps the id
    of the story it shares most articles with, so links to it still work. What would
    change is printed first and applied only when confirmed (or with --yes); without an
    answer (standard input closed) nothing is applied and the exit status is 1.
    """
    if (yes or dry_run) and not everything:
        raise typer.BadParameter("--yes and --dry-run go with --all.")
    if yes and dry_run:
        raise typer.BadParameter("--yes applies the plan and --dry-run does not: choose one.")
    settings = Settings()
    engine = open_database(settings.database_url, announce=_announce)
    try:
        if everything:
            _regroup_all(engine, yes=yes, dry_run=dry_run)
        else:
            _place_ungrouped(engine)
    except Exception as exc:
        fault = exc if isinstance(exc, ParallaxError) else storage_fault(exc)
        if fault is None:
            raise
        err.print(f"[red]failed:[/] {escape(fault.message)}")
        raise typer.Exit(1) from exc
    finally:
        engine.dispose()


def _regroup_all(engine: Engine, *, yes: bool, dry_run: bool) -> None:
    """Show the plan, ask, and apply exactly that plan (never one worked out again)."""
    with err.status("Grouping every article…"):
        plan = stories.plan_regroup(engine)
    for line in describe(plan):
        out.print(line, markup=False)
    if not plan.changes_anything:
        return
    if dry_run:
        out.print("Dry run: nothing changed.")
        return
    if not yes:
        try:
            confirmed = typer.confirm("Apply these changes?", default=False)
        except typer.Abort as exc:
            err.print(
                "\nNot applied: there was no answer (standard input is closed). "
                "Run `parallax regroup --all --yes` to apply without asking."
            )
            raise typer.Exit(1) from exc
        if not confirmed:
            err.print("Not applied: nothing changed.")
            raise typer.Exit(1)
    with err.status("Applying…"):
        stories.apply_regroup(engine, plan)
    out.print(
        f"Applied: {_n(len(plan.moves), 'article')} moved, "
        f"{_n(len(plan.new), 'new story', 'new stories')}, "
        f"{_n(len(plan.removed), 'story', 'stories')} removed."
    )


def _place_ungrouped(engine: Engine) -> None:
    """Place each article in no story yet as an import would; say where they went."""
    ids = stories.ungrouped_ids(engine)
    placed: Counter[int] = Counter()
    columns = (TextColumn("Grouping"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    # A bar only where it can be redrawn: elsewhere it would leave a blank line behind.
    with Progress(*columns, console=err, transient=True, disable=not err.is_terminal) as progress:
        for article_id in progress.track(ids):
            placed[stories.assign_article(engine, article_id)] += 1
    where = [f"#{story_id} ({n:,})" for story_id, n in sorted(placed.items())]
    if len(where) > LISTED_CHANGES:
        where = [*where[:LISTED_CHANGES], f"… and {len(where) - LISTED_CHANGES:,} more"]
    listed = f": {', '.join(where)}" if where else ""
    out.print(f"{_n(len(ids), 'article')} placed in {_n(len(placed), 'story', 'stories')}{listed}.")
