"""An on-disk embedding cache for training and evaluation runs (`--cache-dir`): re-running
`broca guardrails train` or `eval` then costs no second pass of the encoder over the same texts.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

__all__ = ["embed_texts"]


def _key(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8", errors="replace")).digest()[:16]


def _load(cache_dir: Path) -> dict[bytes, np.ndarray]:
    table: dict[bytes, np.ndarray] = {}
    for shard in sorted(cache_dir.glob("emb-*.npz")):
        try:
            with np.load(shard, allow_pickle=False) as data:
                keys, vecs = data["keys"], data["vecs"]
        except (OSError, ValueError, KeyError):
            continue  # a damaged shard is only a cache miss
        for k, v in zip(keys, vecs, strict=True):
            table[bytes(k)] = v
    return table


def embed_texts(texts: Sequence[str], cache_dir: Path | None = None, batch_size: int = 256) -> np.ndarray:
    """(n, 384) embeddings of `texts`, through the cache when `cache_dir` is given."""
    from memory.embedder import default_embedder

    embedder = default_embedder()
    if cache_dir is None:
        return embedder.embed(list(texts))
    cache_dir.mkdir(parents=True, exist_ok=True)
    table = _load(cache_dir)
    keys = [_key(t) for t in texts]
    missing = list({k: t for k, t in zip(keys, texts, strict=True) if k not in table}.items())
    for start in range(0, len(missing), 2048):
        part = missing[start : start + 2048]
        vecs = embedder.embed([t for _, t in part])
        fd, tmp = tempfile.mkstemp(dir=cache_dir, suffix=".npz")
        with os.fdopen(fd, "wb") as fh:
            np.savez(fh, keys=np.array([k for k, _ in part], dtype="S16"), vecs=vecs.astype(np.float32))
        os.replace(tmp, cache_dir / f"emb-{hashlib.sha256(b''.join(k for k, _ in part)).hexdigest()[:16]}.npz")
        for (k, _), v in zip(part, vecs, strict=True):
            table[k] = v
    if not texts:
        return np.zeros((0, embedder.dim), dtype=np.float32)
    return np.stack([table[k] for k in keys]).astype(np.float32)
