"""`parallax`: import articles, serve the app, run the demo."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from app.cli.align_cmd import align_cmd
from app.cli.regroup_cmd import regroup_cmd
from app.config import ROOT, Settings
from app.errors import ParallaxError
from app.services import exports, importer, records
from app.services.bulk_import import BATCH_SIZE, BulkImporter
from app.services.database import open_database, storage_fault

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


def _announce(message: str) -> None:
    err.print(message, markup=False, highlight=False)


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD.") from exc


# A summary lists at most this many articles per outcome (a corpus import has 100,000).
LISTED_PER_OUTCOME = 50


def _average_rate(task: Task) -> float | None:
    """Articles per second since the start. Articles are reported a batch at a time, a
    thousand within milliseconds, so rich's estimate over the last few samples (and the
    time left it gives) would be wildly off; the average is not."""
    elapsed = task.elapsed
    return task.completed / elapsed if task.completed and elapsed else None


class _RateColumn(ProgressColumn):
    """Articles per second, on average since the start."""

    def render(self, task: Task) -> Text:
        rate = _average_rate(task)
        return Text(f"{rate:,.0f} articles/s" if rate else "", style="progress.data.speed")


class _RemainingColumn(ProgressColumn):
    """Time left at the average rate."""

    def render(self, task: Task) -> Text:
        rate = _average_rate(task)
        if rate is None or task.total is None:
            return Text("-:--:--", style="progress.remaining")
        left = int((task.total - task.completed) / rate)
        return Text(
            f"{left // 3600}:{left // 60 % 60:02d}:{left % 60:02d}", style="progress.remaining"
        )


# A JSON file up to this size is read once more to count its records for the progress bar.
COUNT_JSON_BYTES = 20_000_000


def _count_jobs(paths: list[Path]) -> int | None:
    """How many jobs `paths` hold, cheaply (a newline count for .jsonl); None if unknown."""
    total = 0
    for path in paths:
        count = _count_folder(path) if path.is_dir() else _count_file(path)
        if count is None:
            return None
        total += count
    return total


def _count_file(path: Path) -> int | None:
    name = path.name.lower()
    if not path.is_file():
        return 1  # a missing file is one failed job
    if name.endswith(".jsonl"):
        with path.open("rb") as stream:
            chunks = iter(partial(stream.read, 1 << 20), b"")
            return sum(chunk.count(b"\n") for chunk in chunks)
    if name.endswith(".json"):
        if path.stat().st_size > COUNT_JSON_BYTES:
            return None  # a big JSON array: counting would mean reading it twice
        try:
            loaded = json.loads(path.read_bytes())
        except ValueError:
            return 1  # one failed job
        return len(loaded) if isinstance(loaded, list) else 1
    return 1


def _count_folder(folder: Path) -> int | None:
    """The jobs of a folder as `records` reads it: manifest entries, then the other files."""
    listed: list[str] = []
    manifest = folder / records.MANIFEST
    if manifest.is_file():
        try:
            loaded = json.loads(manifest.read_text(encoding="utf-8"))
            listed = [e["file"] for e in loaded]
        except (ValueError, OSError, TypeError, KeyError):
            return 1  # the manifest fails as one job
    suffixes = importer.TEXT_SUFFIXES + importer.HTML_SUFFIXES + records.JSON_SUFFIXES
    others = [
        p.name
        for p in sorted(folder.iterdir())
        if p.is_file()
        and p.name not in listed
        and p.name != records.MANIFEST
        and not p.name.startswith(".")
        and p.name.lower().endswith(suffixes)
    ]
    total = 0
    for name in [*listed, *others]:
        count = _count_file(folder / name)
        if count is None:
            return None
        total += count
    return total


def _run_jobs(
    settings: Settings,
    jobs: Iterable[records.Job],
    total: int | None,
    quiet: bool = False,
    batch_size: int = BATCH_SIZE,
) -> tuple[int, int]:
    """Import jobs as they stream in, with a progress bar and a rate; print a summary.

    Returns (jobs seen, jobs failed). Memory stays flat however many jobs there are: only
    the first few articles of each outcome are kept for the summary.
    """
    engine = open_database(settings.database_url, announce=_announce)
    listed: dict[str, list[tuple[str, str]]] = {"imported": [], "present": [], "failed": []}
    counts = dict.fromkeys(listed, 0)
    columns = (
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        _RateColumn(),
        _RemainingColumn(),
    )
    with Progress(*columns, console=err, transient=True, disable=quiet) as progress:
        # Two bars: articles read and extracted move one by one; articles stored move as
        # each batch's transaction commits.
        reading = progress.add_task("Reading", total=total)
        task = progress.add_task("Stored", total=total)

        def read(count: int) -> None:
            progress.advance(reading, count)

        def done(job: records.Job, outcome: importer.ImportResult | ParallaxError) -> None:
            if isinstance(outcome, ParallaxError):
                kind, detail = "failed", outcome.message
            else:
                kind = "imported" if outcome.created else "present"
                detail = outcome.article.id
            counts[kind] += 1
            if len(listed[kind]) < LISTED_PER_OUTCOME:
                listed[kind].append((job.label, detail))
            progress.advance(task)

        try:
            with BulkImporter(
                engine, settings, done, batch_size, expected=total, prepared=read
            ) as bulk:
                for job in jobs:
                    try:
                        result = records.run_in(bulk, engine, settings, job)
                    except ParallaxError as exc:
                        read(1)
                        done(job, exc)
                    else:
                        if result is not None:  # fetched and stored at once
                            read(1)
                            done(job, result)
        except Exception as exc:
            engine.dispose()
            _stop_on_storage_fault(exc, stored=counts["imported"])
            raise
    engine.dispose()
    if not quiet:
        for label, article_id in listed["imported"]:
            out.print(f"[green]imported[/]        {article_id}  {label}", highlight=False)
        for label, article_id in listed["present"]:
            out.print(f"[yellow]already present[/] {article_id}  {label}", highlight=False)
        for label, reason in listed["failed"]:
            err.print(f"[red]failed[/]          {label}: {reason}", highlight=False)
        unlisted = sum(counts.values()) - sum(len(v) for v in listed.values())
        if unlisted:
            out.print(f"… and {unlisted} more", highlight=False)
        out.print(
            f"{counts['imported']} imported, {counts['present']} already present, "
            f"{counts['failed']} failed",
            highlight=False,
        )
    return sum(counts.values()), counts["failed"]


def _stop_on_storage_fault(exc: Exception, stored: int) -> None:
    """Exit with one line when the database was locked past the wait or is full: for the
    user to deal with, not a bug to show a traceback for. Every batch before it is kept."""
    if (fault := storage_fault(exc)) is not None:
        kept = f"The {stored} article(s) imported before it are kept."
        err.print(f"[red]failed:[/] {fault.message} {kept}", highlight=False)
        raise typer.Exit(1) from exc


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
    batch_size: Annotated[
        int,
        typer.Option(
            min=1,
            help="Articles stored per transaction. More imports a large corpus faster, "
            "uses more memory, and holds the write lock longer: other imports wait.",
        ),
    ] = BATCH_SIZE,
) -> None:
    """Import articles from files and folders (a folder's manifest.json gives metadata)."""
    settings = Settings()
    defaults = records.Defaults(outlet=outlet, url=url, published=_date(published))
    jobs = records.jobs_for_paths(paths, defaults, settings.max_import_bytes)
    seen, failed = _run_jobs(settings, jobs, _count_jobs(paths), batch_size=batch_size)
    if not seen:
        err.print("Nothing to import: no .txt, .html, .htm, .json or .jsonl files found.")
        raise typer.Exit(1)
    if failed:
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
    if _run_jobs(settings, jobs, len(jobs))[1]:
        raise typer.Exit(1)


@cli.command("export")
def export_corpus(
    output: Annotated[
        str, typer.Argument(help="File to write (.jsonl), or - for standard output.")
    ] = "-",
) -> None:
    """Write every article revision as JSON Lines, which `parallax import` restores exactly."""
    settings = Settings()
    engine = open_database(settings.database_url, announce=_announce)
    try:
        if output == "-":
            for line in exports.corpus_lines(engine):
                sys.stdout.buffer.write(line.encode("utf-8"))
            sys.stdout.buffer.flush()
            return
        path = Path(output)
        partial = path.with_name(path.name + ".part")  # a failed export leaves no torn file
        columns = (
            TextColumn("Exporting"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
        )
        written = 0
        with (
            Progress(*columns, console=err, transient=True) as progress,
            partial.open("w", encoding="utf-8", newline="\n") as stream,
        ):
            task = progress.add_task("Exporting", total=exports.count_revisions(engine))
            try:
                for line in exports.corpus_lines(engine):
                    stream.write(line)
                    written += 1
                    progress.advance(task)
            except BaseException:
                partial.unlink(missing_ok=True)
                raise
        partial.replace(path)
        out.print(f"{written} article revision(s) written to {path}", highlight=False)
    except OSError as exc:
        err.print(f"[red]failed[/] cannot write {output}: {exc.strerror}", highlight=False)
        raise typer.Exit(1) from exc
    finally:
        engine.dispose()


@cli.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[
        int,
        typer.Option(
            min=1,
            max=64,
            help="Server processes sharing the port (about one per core; see the README).",
        ),
    ] = 1,
) -> None:
    """Serve the web app on the database PARALLAX_DATABASE_URL names."""
    import uvicorn

    from app.web.owner import open_write_warning

    settings = Settings()
    # Upgrade the schema once here, not in every worker at the same moment.
    open_database(settings.database_url, announce=_announce).dispose()
    processes = f", {workers} worker processes" if workers > 1 else ""
    out.print(f"Parallax on http://{host}:{port}  (database: {settings.database_url}{processes})")
    if warning := open_write_warning(host, settings):
        err.print(warning, style="bold yellow")
    # Each worker builds its app from the same PARALLAX_* environment.
    uvicorn.run("app.main:create_app", factory=True, host=host, port=port, workers=workers)


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
    _, failures = _run_jobs(settings, jobs, len(jobs), quiet=True)
    if failures:
        err.print(
            f"{failures} demo article(s) failed to import; "
            f"run `parallax import {DEMO_CORPUS}` to see why."
        )
        raise typer.Exit(1)
    out.print(f"Demo corpus loaded: {len(jobs)} articles.")
    if not no_serve:
        serve(host=host, port=port, workers=1)


cli.command("align")(align_cmd)
cli.command("regroup")(regroup_cmd)


def main() -> None:
    cli()


if __name__ == "__main__":  # `python -m app.cli.main`, as `parallax`
    main()
