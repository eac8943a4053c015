"""Bytes to text: byte-order marks, declared and <meta> charsets, then detection."""

from __future__ import annotations

import codecs
import re

from app.errors import InvalidInput

# Signatures of common binary formats people upload by mistake, with a readable name.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"RIFF", "a RIFF media file"),
    (b"\x7fELF", "a program"),
)
# Checked longest first, so UTF-32 LE is not mistaken for UTF-16 LE.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Browsers treat these labels as windows-1252 (WHATWG Encoding), and so do we.
_ALIASES = {"latin-1": "cp1252", "latin1": "cp1252", "iso-8859-1": "cp1252", "ascii": "cp1252"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
# Text may hold a few control characters; past this share it is not text.
MAX_CONTROL_SHARE = 0.02
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode_bytes(data: bytes, declared_charset: str | None = None) -> str:
    """Decode an uploaded or fetched document to text, or raise InvalidInput for binary data."""
    for magic, name in _MAGIC:
        if data.startswith(magic):
            raise InvalidInput(
                f"This file looks like binary data ({name}), not a web page or text."
            )
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(_decode_strict(data[len(bom) :], encoding, "its byte-order mark"))
    if b"\x00" in data:
        raise InvalidInput("This file contains NUL bytes: it looks like binary data, not text.")
    for label in (declared_charset, _meta_charset(data), "utf-8"):
        if label and (decoded := _try_decode(data, label)) is not None:
            return _checked(decoded)
    return _checked(_detect(data))


def _normal_name(label: str) -> str | None:
    label = label.strip().strip("\"'").lower()
    try:
        name = codecs.lookup(_ALIASES.get(label, label)).name
    except LookupError:
        return None  # an unknown label is ignored, as browsers do
    return "cp1252" if name in ("latin_1", "iso8859-1", "ascii") else name


def _try_decode(data: bytes, label: str) -> str | None:
    name = _normal_name(label)
    if name is None:
        return None
    try:
        return data.decode(name)
    except UnicodeDecodeError:
        return None


def _decode_strict(data: bytes, encoding: str, source: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"This file is not valid {encoding} text, as {source} says.") from exc


def _meta_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def _detect(data: bytes) -> str:
    from charset_normalizer import from_bytes  # imported late: it is only needed here

    best = from_bytes(data).best()
    if best is not None:
        return str(best)
    text = _try_decode(data, "cp1252")
    if text is None:
        raise InvalidInput("This file could not be decoded as text: it looks like binary data.")
    return text


def _checked(text: str) -> str:
    if text and len(_CONTROL.findall(text)) > MAX_CONTROL_SHARE * len(text):
        raise InvalidInput("This file is mostly control characters: it looks like binary data.")
    return text
