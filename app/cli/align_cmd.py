"""`parallax align A B`: show the passages two text files share, as a comparison page does:
copied passages and the same facts in other words (`--copy-only` for copy alone)."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from app.align import Alignment, align
from app.align.serialize import alignment_to_dict

_STYLE = {"verbatim": "bold green", "near": "yellow", "quote": "cyan", "paraphrase": "magenta"}
_KIND = {"paraphrase": "same fact"}
_EXCERPT = 400  # characters of each side shown per passage in the terminal


def _read(path: Path, name: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise typer.BadParameter(f"{path}: no such file", param_hint=name) from exc
    except IsADirectoryError as exc:
        raise typer.BadParameter(f"{path}: is a directory", param_hint=name) from exc
    except UnicodeDecodeError as exc:
        raise typer.BadParameter(f"{path}: not UTF-8 text ({exc.reason})", param_hint=name) from exc
    except OSError as exc:
        raise typer.BadParameter(f"{path}: {exc.strerror}", param_hint=name) from exc


def _side(text: str, start: int, end: int, style: str) -> Text:
    body = text[start:end]
    if len(body) > _EXCERPT:
        body = body[: _EXCERPT - 1] + "…"
    return Text(body, style=style)


def _render(al: Alignment, a: str, b: str, name_a: str, name_b: str) -> Table:
    table = Table(title=f"{len(al.passages)} shared passages", show_lines=True, expand=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column(name_a, ratio=1)
    table.add_column(name_b, ratio=1)
    for p in al.passages:
        style = _STYLE[p.kind]
        kind = Text(f"{_KIND.get(p.kind, p.kind)}\n{p.similarity:.2f}", style=style)
        table.add_row(
            str(p.id),
            kind,
            _side(a, p.a.start, p.a.end, style),
            _side(b, p.b.start, p.b.end, style),
        )
    s = al.stats
    facts = (
        f"; the same facts in other words: {s.fact_share_a:.0%} of A, {s.fact_share_b:.0%} of B"
        if s.paraphrase
        else ""
    )
    table.caption = (
        f"copied: {s.share_a:.0%} of A, {s.share_b:.0%} of B{facts}; "
        f"longest passage {s.longest_passage_words} words; {al.version}"
    )
    return table


def align_cmd(
    a: Path,
    b: Path,
    as_json: bool = typer.Option(
        False, "--json", help="Print the alignment as JSON (with both texts) instead."
    ),
    copy_only: bool = typer.Option(
        False, "--copy-only", help="Copied passages only, without the same facts in other words."
    ),
) -> None:
    """Compare two UTF-8 text files: the passages they share, copied or in other words."""
    text_a, text_b = _read(a, "A"), _read(b, "B")
    if copy_only:
        al = align(text_a, text_b)
    else:
        # The app's own analysis, told who each text says said what, so that a passage
        # names its speaker as on a comparison page; the model loads for this command only.
        from app.services.compare import analyse

        al = analyse(text_a, text_b)
    if as_json:
        doc = {
            "a": {"path": str(a), "body": text_a},
            "b": {"path": str(b), "body": text_b},
            **alignment_to_dict(al),
        }
        typer.echo(json.dumps(doc, ensure_ascii=False, indent=1))
        return
    Console().print(_render(al, text_a, text_b, a.name, b.name))
