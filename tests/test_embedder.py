"""The NumPy MiniLM encoder against the sentence-transformers reference, both on the real weights."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from memory.embedder import Embedder

TEXTS = [
    "How do I kill a Python process?",
    "hi",
    "",
    "Ünïcödé, 中文 and an emoji 🎉 in one line",
    "Remember that my sister's birthday is on the 3rd of May. " * 40,  # over 256 tokens: truncated
]


@pytest.fixture(scope="module")
def reference() -> np.ndarray:
    return Embedder(backend="sentence-transformers").embed(TEXTS)


def test_numpy_backend_matches_sentence_transformers(reference: np.ndarray) -> None:
    ours = Embedder(backend="numpy").embed(TEXTS)
    assert ours.shape == (len(TEXTS), 384) and ours.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    assert float(np.abs(ours - reference).max()) < 1e-5


def test_batching_does_not_change_vectors() -> None:
    one_by_one = np.stack([Embedder(cache_size=0).embed([t])[0] for t in TEXTS])
    batched = Embedder(cache_size=0, batch_size=2).embed(TEXTS)
    assert float(np.abs(one_by_one - batched).max()) < 1e-5


def test_numpy_backend_never_imports_torch() -> None:
    code = (
        "import sys; from memory.embedder import Embedder; Embedder().embed(['hello'])\n"
        "assert 'torch' not in sys.modules and 'sentence_transformers' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_unknown_backend_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown embedder backend"):
        Embedder(backend="onnx")  # type: ignore[arg-type]
