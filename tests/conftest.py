"""Shared fixtures: the reference material in ../shared and isolated databases."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def shared_path(*parts: str) -> Path:
    """Path under ../shared; skip the test outside CI when it is missing, fail inside CI."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing, and CI must have ../shared beside the project")
        pytest.skip(f"reference material {path} is not here (a clone without ../shared)")
    return path


@pytest.fixture
def seeds_dir() -> Path:
    return shared_path("seeds")


@pytest.fixture
def corpora_dir() -> Path:
    return shared_path("corpora")
