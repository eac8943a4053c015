"""The arrows between the rooms point one way: a test reads every module's imports."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parent.parent / "app"

# room -> the rooms of app it must not import. `web` and `cli` reach storage only through
# services; the libraries underneath (align, stories, index, ingest) know nothing above them.
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "web": ("app.repo", "app.db"),
    "cli": ("app.repo", "app.db"),
    "align": ("app.services", "app.web", "app.cli"),
    "stories": ("app.services", "app.web", "app.cli"),
    "index": ("app.services", "app.web", "app.cli"),
    "ingest": ("app.services", "app.web", "app.cli"),
    "facts": ("app.services", "app.web", "app.cli", "app.repo", "app.db"),
}


def imported_modules(path: Path) -> list[str]:
    """Every module `path` imports, absolute: `from app import repo` counts as app.repo."""
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
            names.extend(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _violations(room: str) -> list[str]:
    found = []
    for path in sorted((APP / room).rglob("*.py")):
        for name in imported_modules(path):
            for banned in FORBIDDEN[room]:
                if name == banned or name.startswith(banned + "."):
                    found.append(f"{path.relative_to(APP.parent)} imports {name}")
    return found


@pytest.mark.parametrize("room", sorted(FORBIDDEN))
def test_room_imports_only_what_lies_beneath(room: str) -> None:
    assert _violations(room) == []


def test_only_the_adapter_imports_wordllama() -> None:
    importers = [
        str(path.relative_to(APP.parent))
        for path in sorted(APP.rglob("*.py"))
        if any(n.split(".")[0] == "wordllama" for n in imported_modules(path))
    ]
    assert importers == ["app/facts/embedding.py"]


def test_the_check_sees_a_forbidden_import(tmp_path: Path) -> None:
    module = tmp_path / "leaky.py"
    module.write_text("from app import repo\nimport app.db\nfrom app.services import x\n")
    assert imported_modules(module) == [
        "app",
        "app.repo",
        "app.db",
        "app.services",
        "app.services.x",
    ]
