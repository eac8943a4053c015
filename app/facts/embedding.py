"""The only module that imports wordllama: static word-piece embeddings shipped in its wheel."""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.float32]

# Word vectors kept per process; a word's vector never changes, and a newsroom's
# vocabulary is a few hundred thousand words at most (256 floats each).
_WORD_CACHE_MAX = 200_000


class Embedder:
    """Unit-length vectors for sentences and single words (mean of their word pieces)."""

    def __init__(self, model: Any) -> None:
        self._model = model
        self._words: dict[str, Vectors] = {}
        self._lock = threading.Lock()

    @property
    def dim(self) -> int:
        return int(self._model.embedding.shape[1])

    def sentences(self, texts: Sequence[str]) -> Vectors:
        """One unit row per text (a zero row for a text with no word pieces)."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors: Vectors = self._model.embed(list(texts), norm=False)
        return _unit_rows(vectors)

    def words(self, words: Sequence[str]) -> Vectors:
        """One unit row per word, from a per-process cache."""
        with self._lock:
            missing = list(dict.fromkeys(w for w in words if w not in self._words))
            if missing:
                if len(self._words) + len(missing) > _WORD_CACHE_MAX:
                    self._words.clear()
                rows = self.sentences(missing)
                self._words.update(zip(missing, rows, strict=True))
            if not words:
                return np.zeros((0, self.dim), dtype=np.float32)
            stacked: Vectors = np.stack([self._words[w] for w in words])
            return stacked


def _unit_rows(vectors: Vectors) -> Vectors:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    unit: Vectors = (vectors / np.maximum(norms, 1e-12)).astype(np.float32)
    return unit


_lock = threading.Lock()
_embedder: Embedder | None = None


def embedder() -> Embedder:
    """The process's embedder, loaded on first use (about 0.4 s, 16 MB, no network)."""
    global _embedder
    with _lock:
        if _embedder is None:
            _embedder = Embedder(_load_model())
        return _embedder


def _load_model() -> Any:
    """Load the wheel's own weights and tokenizer, never a download.

    wordllama looks for a shipped tokenizer in a folder named "tokenizer" while the wheel
    has "tokenizers", then falls back to a download: pointing `cache_dir` at the package
    folder finds both files. Importing wordllama also calls `logging.basicConfig(INFO)`,
    which would put a handler on the root logger of whatever process loads it; that is
    undone here when the root logger had none before.
    """
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    import wordllama

    if root.handlers != handlers:
        root.handlers = handlers
        root.setLevel(level)
    package = Path(wordllama.__file__).parent
    return wordllama.WordLlama.load(cache_dir=package, disable_download=True)
