"""Adapter around jusText's context-free paragraph classifier (the only jusText import)."""

from __future__ import annotations

import html
import re
import warnings
from collections.abc import Sequence
from functools import lru_cache
from typing import Literal

CfClass = Literal["good", "neargood", "short", "bad"]

# jusText's defaults, except a lower stopword floor: news prose with many names and
# numbers (wire copy) falls just under the default 0.30 and would be lost.
LENGTH_LOW = 70
LENGTH_HIGH = 200
STOPWORDS_LOW = 0.25
STOPWORDS_HIGH = 0.32

# ISO 639-1 code -> jusText stoplist name, for the languages news is commonly read in.
_STOPLISTS = {
    "af": "Afrikaans", "ar": "Arabic", "bg": "Bulgarian", "bn": "Bengali", "ca": "Catalan",
    "cs": "Czech", "cy": "Welsh", "da": "Danish", "de": "German", "el": "Greek",
    "en": "English", "es": "Spanish", "et": "Estonian", "eu": "Basque", "fa": "Persian",
    "fi": "Finnish", "fr": "French", "ga": "Irish", "gl": "Galician", "he": "Hebrew",
    "hi": "Hindi", "hr": "Croatian", "hu": "Hungarian", "id": "Indonesian", "is": "Icelandic",
    "it": "Italian", "ko": "Korean", "lt": "Lithuanian", "lv": "Latvian", "ms": "Malay",
    "nb": "Norwegian_Bokmal", "nl": "Dutch", "nn": "Norwegian_Nynorsk", "no": "Norwegian_Bokmal",
    "pl": "Polish", "pt": "Portuguese", "ro": "Romanian", "ru": "Russian", "sk": "Slovak",
    "sl": "Slovenian", "sr": "Serbian", "sv": "Swedish", "sw": "Swahili", "tl": "Tagalog",
    "tr": "Turkish", "uk": "Ukrainian", "ur": "Urdu", "vi": "Vietnamese",
}  # fmt: skip
_XPATH_INDEX = re.compile(r"p\[(\d+)\]$")


@lru_cache(maxsize=16)
def _stoplist(language: str | None) -> frozenset[str]:
    import justext

    name = _STOPLISTS.get(language or "")
    return justext.get_stoplist(name) if name else frozenset()


def context_free_classes(lines: Sequence[str], language: str | None) -> list[CfClass]:
    """jusText's context-free class for each line, judged as one paragraph each.

    Without a stoplist for the language, jusText's language-independent mode is used
    (length alone decides).
    """
    import justext

    stoplist = _stoplist(language)
    low, high = (STOPWORDS_LOW, STOPWORDS_HIGH) if stoplist else (0.0, 0.0)
    page = "<html><body>" + "".join(f"<p>{html.escape(line)}</p>" for line in lines)
    with warnings.catch_warnings():
        # lxml's HTML cleaner (inside jusText) may warn about its own deprecations.
        warnings.simplefilter("ignore", DeprecationWarning)
        paragraphs = justext.justext(
            page + "</body></html>",
            stoplist,
            length_low=LENGTH_LOW,
            length_high=LENGTH_HIGH,
            stopwords_low=low,
            stopwords_high=high,
        )
    classes: list[CfClass] = ["bad"] * len(lines)
    for paragraph in paragraphs:
        match = _XPATH_INDEX.search(paragraph.xpath)
        if match and 0 < int(match.group(1)) <= len(lines):
            classes[int(match.group(1)) - 1] = paragraph.cf_class
    return classes
