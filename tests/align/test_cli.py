"""The `align` command: side-by-side table, --json, clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from app.cli.align_cmd import align_cmd

TEXT = (
    "The leaders of Russia and China pushed back against American pressure on Friday, "
    "declaring their opposition to any expansion of the alliance as they met in Beijing."
)


def _app() -> typer.Typer:
    app = typer.Typer()
    app.command("align")(align_cmd)

    @app.callback()
    def main() -> None:
        """Test harness."""

    return app


def _files(tmp_path: Path) -> tuple[Path, Path]:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(TEXT, encoding="utf-8")
    b.write_text("Preface. " + TEXT.replace("Friday", "Saturday"), encoding="utf-8")
    return a, b


def test_table_output(tmp_path: Path) -> None:
    a, b = _files(tmp_path)
    result = CliRunner().invoke(_app(), ["align", str(a), str(b)])
    assert result.exit_code == 0, result.output
    assert "near" in result.output and "1 shared passages" in result.output


def test_json_output(tmp_path: Path) -> None:
    a, b = _files(tmp_path)
    result = CliRunner().invoke(_app(), ["align", str(a), str(b), "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["a"] == {"path": str(a), "body": TEXT}
    assert doc["passages"][0]["kind"] == "near"
    assert set(doc) == {"a", "b", "passages", "stats", "params", "version"}


def test_missing_and_undecodable_files(tmp_path: Path) -> None:
    a, _ = _files(tmp_path)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00broken")
    for args in ([str(a), str(tmp_path / "nope.txt")], [str(bad), str(a)]):
        result = CliRunner().invoke(_app(), ["align", *args])
        assert result.exit_code == 2
        flat = " ".join(result.output.replace("│", " ").split())  # rich wraps the box
        assert "no such file" in flat or "not UTF-8" in flat


def test_same_facts_in_other_words_unless_copy_only(tmp_path: Path) -> None:
    from tests.facts.test_links import FERRY_A, FERRY_B

    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(FERRY_A, encoding="utf-8")
    b.write_text(FERRY_B, encoding="utf-8")
    result = CliRunner().invoke(_app(), ["align", str(a), str(b)])
    assert result.exit_code == 0, result.output
    assert "same fact" in result.output and "in other words" in result.output
    doc = json.loads(CliRunner().invoke(_app(), ["align", str(a), str(b), "--json"]).output)
    assert [p["kind"] for p in doc["passages"]] == ["paraphrase"]
    copy_only = CliRunner().invoke(_app(), ["align", str(a), str(b), "--copy-only", "--json"])
    assert json.loads(copy_only.output)["passages"] == []


def test_same_analysis_as_a_comparison_page(tmp_path: Path) -> None:
    """Who said what counts here as on the page: the passage names its speaker, and the
    version names the same analysis."""
    from app.services.compare import analyse

    quote = (
        "“We will keep the ferry running through the winter whatever the cost,” "
        "Mayor Marta Quill said on Tuesday."
    )
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("The council met late into the night. " + quote, encoding="utf-8")
    b.write_text(quote + " Ticket prices will not rise before spring.", encoding="utf-8")
    result = CliRunner().invoke(_app(), ["align", str(a), str(b), "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    page = analyse(a.read_text(encoding="utf-8"), b.read_text(encoding="utf-8"))
    assert [p["speaker"] for p in doc["passages"]] == ["Marta Quill"]
    assert [p["speaker"] for p in doc["passages"]] == [p.speaker for p in page.passages]
    assert doc["version"] == page.version
