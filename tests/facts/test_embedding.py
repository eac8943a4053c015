"""The embedding adapter loads the wheel's own weights: no network, no hub, no log noise."""

from __future__ import annotations

import logging
import socket
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from app.facts import embedding

ROOT = Path(__file__).resolve().parent.parent.parent


def test_model_loads_with_no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("no network in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    model = embedding.Embedder(embedding._load_model())
    assert (root.handlers, root.level) == (handlers, level)
    vectors = model.sentences(["The port reopened.", ""])
    assert vectors.shape == (2, model.dim)
    assert np.linalg.norm(vectors[0]) == pytest.approx(1.0, abs=1e-5)


def test_embedder_is_loaded_once() -> None:
    assert embedding.embedder() is embedding.embedder()


def test_word_vectors_are_unit_rows_in_order() -> None:
    model = embedding.embedder()
    vectors = model.words(["harbour", "strike", "harbour"])
    assert vectors.shape == (3, model.dim)
    assert np.allclose(vectors[0], vectors[2])
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert model.words([]).shape == (0, model.dim)


def test_importing_the_library_loads_no_model() -> None:
    code = "import sys, app.facts; print('wordllama' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


def test_sentence_vectors_are_wordllamas_own() -> None:
    """The unpadded pooling gives the vectors `WordLlama.embed` gives, over several batches
    and for texts with no word pieces."""
    wheel = embedding._load_model()
    texts = [f"Ferry number {k} ran aground off the harbour wall." for k in range(300)]
    texts[7:9] = ["", "Officials said the port would reopen on Monday, after an inspection."]
    ours = embedding.Embedder(wheel).sentences(texts)
    theirs = wheel.embed(texts, norm=False)
    norms = np.linalg.norm(theirs, axis=1, keepdims=True)
    expected = theirs / np.maximum(norms, 1e-12)
    assert ours.shape == (300, wheel.embedding.shape[1])
    assert np.abs(ours - expected).max() < 1e-5
    assert not ours[7].any()


def test_loading_leaves_one_blas_thread() -> None:
    from threadpoolctl import threadpool_info

    embedding.embedder()
    blas = [pool for pool in threadpool_info() if pool["user_api"] == "blas"]
    assert blas
    assert all(pool["num_threads"] == 1 for pool in blas)
