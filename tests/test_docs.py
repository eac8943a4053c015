"""The README stays true: every setting is documented, the commands it shows exist."""

from __future__ import annotations

from typer.main import get_command

from app.cli.main import cli
from app.config import ROOT, Settings


def test_every_setting_is_documented() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in Settings.model_fields:
        assert f"`PARALLAX_{name.upper()}`" in readme, (
            f"PARALLAX_{name.upper()} is not in the README"
        )


def test_readme_starts_with_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = [b.split("```", 1)[0].strip() for b in readme.split("```sh\n")[1:3]]
    assert blocks[0] == (
        "python3.11 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/parallax demo"
    )
    assert blocks[1] == "bash .ci/run"


def test_readme_shows_every_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in get_command(cli).commands:  # type: ignore[attr-defined]
        assert f"│ {name} " in readme, f"`parallax {name}` is missing from the README's help"
