"""Bytes, HTML or plain text in; a clean article (body, captions, metadata) out."""

from app.ingest.decode import decode_bytes
from app.ingest.extract_html import extract_html
from app.ingest.extract_text import extract_text
from app.ingest.language import detect_language
from app.ingest.types import Extracted

__all__ = ["Extracted", "decode_bytes", "detect_language", "extract_html", "extract_text"]
