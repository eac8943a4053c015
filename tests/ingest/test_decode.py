"""decode_bytes: byte-order marks, declared and <meta> charsets, detection, binary refusal."""

from __future__ import annotations

import codecs

import pytest

from app.errors import InvalidInput
from app.ingest import decode_bytes

TEXT = "Le café de la gare a rouvert ses portes — « enfin », disent les habitués de Noël."


def test_utf8() -> None:
    assert decode_bytes(TEXT.encode("utf-8")) == TEXT


def test_utf8_bom_is_dropped() -> None:
    assert decode_bytes(codecs.BOM_UTF8 + TEXT.encode("utf-8")) == TEXT


@pytest.mark.parametrize("bom_codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom(bom_codec: str) -> None:
    data = TEXT.encode(bom_codec)
    if bom_codec != "utf-16":  # the plain codec writes its own BOM
        bom = codecs.BOM_UTF16_LE if bom_codec.endswith("le") else codecs.BOM_UTF16_BE
        data = bom + data
    assert decode_bytes(data) == TEXT


@pytest.mark.parametrize("label", ["iso-8859-1", "latin-1", "windows-1252", "cp1252"])
def test_declared_single_byte_charset(label: str) -> None:
    assert decode_bytes(TEXT.encode("cp1252"), declared_charset=label) == TEXT


def test_meta_charset_is_used_when_nothing_is_declared() -> None:
    html = f'<html><head><meta charset="windows-1252"></head><body><p>{TEXT}</p></body></html>'
    assert decode_bytes(html.encode("cp1252")) == html


def test_undeclared_cp1252_is_detected() -> None:
    text = " ".join([TEXT] * 4)
    assert decode_bytes(text.encode("cp1252")) == text


def test_wrong_declaration_falls_back_to_detection() -> None:
    assert decode_bytes(TEXT.encode("utf-8"), declared_charset="no-such-charset") == TEXT
    assert decode_bytes(TEXT.encode("cp1252"), declared_charset="utf-8").startswith("Le caf")


def test_png_is_refused() -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(256))
    with pytest.raises(InvalidInput, match="binary data.*PNG"):
        decode_bytes(png)


def test_nul_bytes_are_refused() -> None:
    with pytest.raises(InvalidInput, match="NUL bytes"):
        decode_bytes(b"some text\x00\x00\x00with nuls\x00inside")


def test_control_characters_are_refused() -> None:
    with pytest.raises(InvalidInput, match="binary data"):
        decode_bytes(bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16]) * 20 + b"abc")


def test_empty_bytes_decode_to_empty_text() -> None:
    assert decode_bytes(b"") == ""
