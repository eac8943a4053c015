"""The only module that imports wordllama: static word-piece embeddings shipped in its wheel."""

from __future__ import annotations

import itertools
import logging
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from threadpoolctl import threadpool_limits
from tokenizers import Tokenizer

Vectors = npt.NDArray[np.float32]

# Word vectors kept per process; a word's vector never changes, and a newsroom's
# vocabulary is a few hundred thousand words at most (256 floats each).
_WORD_CACHE_MAX = 200_000
# Texts tokenized and pooled at a time: a batch's token vectors (about 25 a sentence, 1 KB
# each) stay in the processor's cache, which pooling them all at once did not.
_BATCH = 128


class Embedder:
    """Unit-length vectors for sentences and single words (mean of their word pieces).

    The vectors are wordllama's (`WordLlama.embed`: the mean of the text's token vectors),
    computed here without its padding: it pads every batch of 64 texts to the longest one
    and asks the tokenizer for offsets nobody reads, which made tokenizing and pooling
    most of a comparison's first read. A text's tokens are gathered from one flat array and
    summed per text; the sum points the same way as the mean, and the rows come out unit
    length either way.
    """

    def __init__(self, model: Any) -> None:
        self._table: Vectors = model.embedding
        # A copy of the wheel's tokenizer without wordllama's padding.
        self._tokenizer = Tokenizer.from_str(model.tokenizer.to_str())
        self._tokenizer.no_padding()
        self._tokenizer.no_truncation()
        self._words: dict[str, Vectors] = {}
        self._lock = threading.Lock()

    @property
    def dim(self) -> int:
        return int(self._table.shape[1])

    def sentences(self, texts: Sequence[str]) -> Vectors:
        """One unit row per text (a zero row for a text with no word pieces)."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for lo in range(0, len(texts), _BATCH):
            out[lo : lo + _BATCH] = self._sums(texts[lo : lo + _BATCH])
        return _unit_rows(out)

    def _sums(self, texts: Sequence[str]) -> Vectors:
        """The sum of each text's token vectors (zero for a text with none)."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        encoded = self._tokenizer.encode_batch_fast(list(texts), add_special_tokens=False)
        counts = np.fromiter((len(e.ids) for e in encoded), dtype=np.int64, count=len(texts))
        ids = np.fromiter(
            itertools.chain.from_iterable(e.ids for e in encoded),
            dtype=np.int64,
            count=int(counts.sum()),
        )
        if len(ids):
            np.clip(ids, 0, len(self._table) - 1, out=ids)
            filled = counts > 0
            starts = np.concatenate(([0], np.cumsum(counts)[:-1]))[filled]
            out[filled] = np.add.reduceat(self._table[ids], starts, axis=0)
        return out

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
            _single_threaded()
            _embedder = Embedder(_load_model())
        return _embedder


def _single_threaded() -> None:
    """Run the process's linear algebra and tokenizing on the calling thread.

    Every matrix here is small (tens of sentences by 256), and the app runs one comparison
    per request thread. Handing such products to a pool of BLAS threads costs more than it
    saves, and the pool's threads spin waiting for the next one, taking the cores other
    requests need: on two busy cores a comparison's first read took twice as long, its
    pure-Python parts included. The same holds for the tokenizer's thread pool on batches
    of one article's sentences. A user's own TOKENIZERS_PARALLELISM is kept.
    """
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    threadpool_limits(limits=1, user_api="blas")


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
