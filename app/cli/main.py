"""`parallax`: import articles, serve the app, run the demo."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from app.cli.align_cmd import align_cmd
from app.config import ROOT, Settings
from app.db import make_engine, upgrade_schema
from app.errors import ParallaxError
from app.services import importer, records, stories

DEMO_CORPUS = ROOT / "app" / "demo" / "corpus"

cli = typer.Typer(
    name="parallax",
    help="Parallax: read how different news outlets tell the same story.\n\n"
    "Every command uses the database named by PARALLAX_DATABASE_URL "
    "(default: sqlite:///./parallax.db).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD.") from exc


def _run_jobs(settings: Settings, jobs: list[records.Job], quiet: bool = False) -> int:
    """Import every job with a progress bar; print a summary; return how many failed."""
    engine = make_engine(settings.database_url)
    upgrade_schema(engine)
    imported: list[tuple[str, str]] = []
    present: list[tuple[str, str]] = []
    failed: list[tuple[str, str]] = []
    columns = (
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=err, transient=True, disable=quiet) as progress:
        task = progress.add_task("Importing", total=len(jobs))
        for job in jobs:
            try:
                result = records.run(engine, settings, job)
            except ParallaxError as exc:
                failed.append((job.label, exc.message))
            else:
                target = imported if result.created else present
                target.append((job.label, result.article.id))
            progress.advance(task)
    engine.dispose()
    if not quiet:
        for label, article_id in imported:
            out.print(f"[green]imported[/]        {article_id}  {label}", highlight=False)
        for label, article_id in present:
            out.print(f"[yellow]already present[/] {article_id}  {label}", highlight=False)
        for label, reason in failed:
            err.print(f"[red]failed[/]          {label}: {reason}", highlight=False)
        out.print(
            f"{len(imported)} imported, {len(present)} already present, {len(failed)} failed",
            highlight=False,
        )
    return len(failed)


@cli.command("import")
def import_paths(
    paths: Annotated[
        list[Path], typer.Argument(help="Files (.txt, .html, .htm, .json, .jsonl) or folders.")
    ],
    outlet: Annotated[
        str | None, typer.Option(help="Outlet, where a file or manifest does not name one.")
    ] = None,
    url: Annotated[str | None, typer.Option(help="Original address (noted, not fetched).")] = None,
    published: Annotated[str | None, typer.Option(help="Publication date, YYYY-MM-DD.")] = None,
) -> None:
    """Import articles from files and folders (a folder's manifest.json gives metadata)."""
    settings = Settings()
    defaults = records.Defaults(outlet=outlet, url=url, published=_date(published))
    jobs = list(records.jobs_for_paths(paths, defaults, settings.max_import_bytes))
    if not jobs:
        err.print("Nothing to import: no .txt, .html, .htm, .json or .jsonl files found.")
        raise typer.Exit(1)
    if _run_jobs(settings, jobs):
        raise typer.Exit(1)


@cli.command("import-url")
def import_urls(
    urls: Annotated[list[str], typer.Argument(help="Addresses of pages to fetch and import.")],
    outlet: Annotated[str | None, typer.Option(help="Outlet, if not the page's own.")] = None,
    published: Annotated[str | None, typer.Option(help="Publication date, YYYY-MM-DD.")] = None,
) -> None:
    """Fetch web pages and import their articles."""
    settings = Settings()
    jobs = [
        records.Job(
            u,
            importer.ImportRequest(content=b"", url=u, outlet=outlet, published=_date(published)),
            fetch=True,
        )
        for u in urls
    ]
    if _run_jobs(settings, jobs):
        raise typer.Exit(1)


@cli.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Serve the web app on the database PARALLAX_DATABASE_URL names."""
    import uvicorn

    from app.main import create_app

    settings = Settings()
    out.print(f"Parallax on http://{host}:{port}  (database: {settings.database_url})")
    uvicorn.run(create_app(settings), host=host, port=port)


@cli.command()
def demo(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    no_serve: Annotated[
        bool, typer.Option("--no-serve", help="Only load the demo corpus.")
    ] = False,
) -> None:
    """Create the database, load the demo corpus, and serve on http://127.0.0.1:8000."""
    settings = Settings()
    jobs = list(
        records.jobs_for_paths([DEMO_CORPUS], records.Defaults(), settings.max_import_bytes)
    )
    failures = _run_jobs(settings, jobs, quiet=True)
    if failures:
        err.print(
            f"{failures} demo article(s) failed to import; "
            f"run `parallax import {DEMO_CORPUS}` to see why."
        )
        raise typer.Exit(1)
    out.print(f"Demo corpus loaded: {len(jobs)} articles.")
    if not no_serve:
        serve(host=host, port=port)


cli.command("align")(align_cmd)


@cli.command()
def regroup(
    everything: Annotated[
        bool, typer.Option("--all", help="Regroup every article, not only ungrouped ones.")
    ] = False,
) -> None:
    """Group articles into stories: those not in a story yet, or (--all) all afresh."""
    settings = Settings()
    engine = make_engine(settings.database_url)
    upgrade_schema(engine)
    if everything:
        with err.status("Grouping every article…"):
            total = stories.regroup_all(engine)
        out.print(f"{total} stories.")
    else:
        ids = stories.ungrouped_ids(engine)
        columns = (TextColumn("Grouping"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
        with Progress(*columns, console=err, transient=True) as progress:
            for article_id in progress.track(ids):
                stories.assign_article(engine, article_id)
        out.print(f"{len(ids)} article(s) placed in stories.")
    engine.dispose()


def main() -> None:
    cli()
