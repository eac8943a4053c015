"""Synthetic articles for import tests: seeded made-up prose, stories of a few articles."""

from __future__ import annotations

import json
import random
from pathlib import Path

OUTLETS = 40
SEED = 20261103


def made_up_words(rng: random.Random, count: int) -> list[str]:
    """`count` distinct pronounceable made-up words."""
    consonants, vowels = "bdfgklmnprstvz", "aeiou"
    words: set[str] = set()
    while len(words) < count:
        syllables = rng.randint(1, 4)
        words.add("".join(rng.choice(consonants) + rng.choice(vowels) for _ in range(syllables)))
    return sorted(words)


# English function words between the made-up ones: the importer keeps paragraphs that
# read like prose, which it tells by their share of such words.
FUNCTION_WORDS = [
    *("the", "of", "and", "to", "in", "that", "it", "was", "for", "on", "with"),
    *("as", "by", "at", "from", "said", "has", "have", "this", "which", "would"),
]


def sentence(rng: random.Random, vocabulary: list[str]) -> str:
    words = [
        rng.choice(FUNCTION_WORDS) if rng.random() < 0.5 else rng.choice(vocabulary)
        for _ in range(rng.randint(10, 18))
    ]
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random, vocabulary: list[str]) -> str:
    return " ".join(sentence(rng, vocabulary) for _ in range(rng.randint(2, 4)))


def write_corpus(path: Path, count: int, *, seed: int = SEED) -> int:
    """`count` small distinct articles as JSON Lines: stories of one to five articles
    that share a wire paragraph, each with paragraphs of its own (another `seed`: other
    articles). Returns `count`."""
    rng = random.Random(seed)
    vocabulary = made_up_words(rng, 3_000)
    lines: list[str] = []
    while len(lines) < count:
        wire = paragraph(rng, vocabulary)
        headline = " ".join(wire.split()[:7]).rstrip(".")
        for outlet in rng.sample(range(OUTLETS), rng.randint(1, 5)):
            own = [paragraph(rng, vocabulary) for _ in range(rng.randint(1, 3))]
            record = {
                "title": f"{headline} ({len(lines)})",
                "text": "\n\n".join([wire, *own]),
                "outlet": f"Outlet {outlet:02d}",
                "language": "en",  # made-up words would be read as some other language
                "published": f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            }
            lines.append(json.dumps(record))
    path.write_text("\n".join(lines[:count]) + "\n", encoding="utf-8")
    return count
