"""Embedding vectors as both stores keep them: the embedder they call, unit length, a content hash
that finds a text's vector again, and SQLite's float32 blob layout."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from typing import Protocol

import numpy as np

from ._types import MemoryStoreError


class EmbedderLike(Protocol):
    name: str
    dim: int

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest()[:32]


def _blob(vector: np.ndarray) -> bytes:
    return np.ascontiguousarray(vector, dtype="<f4").tobytes()


def _unit(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return vectors / np.where(norms == 0, 1.0, norms)


def _matrix(blobs: Iterable[bytes]) -> np.ndarray:
    """Stack float32 blobs into an (n, dim) matrix."""
    parts = list(blobs)
    if not parts:
        return np.zeros((0, 0), dtype=np.float32)
    return np.frombuffer(b"".join(parts), dtype="<f4").reshape(len(parts), -1).astype(np.float32, copy=False)


def _embed_with(emb: EmbedderLike, texts: list[str]) -> np.ndarray:
    """`emb`'s unit vectors for `texts`, refused where their shape is not the one it promises."""
    vecs = _unit(emb.embed(texts))
    if vecs.shape != (len(texts), emb.dim):
        raise MemoryStoreError(f"the embedder returned shape {vecs.shape}, expected ({len(texts)}, {emb.dim})")
    return vecs
