"""An on-disk embedding cache for training and evaluation runs (`--cache-dir`): re-running
`broca guardrails train` or `eval` then costs no second pass of the encoder over the same texts.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from memory.base.atomic import atomic_open

if TYPE_CHECKING:
    from memory.embedder import Adapter

__all__ = ["embed_pair_texts", "embed_texts"]


def _key(text: str, model: str, adapter: str = "") -> bytes:
    """The text's key under the encoder `model` (a cache made with another one is only misses);
    adapted vectors are keyed by the adapter's content hash too."""
    salt = f"{model}\0{adapter}\0".encode()
    return hashlib.sha256(salt + text.encode("utf-8", errors="replace")).digest()[:16]


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


def embed_texts(
    texts: Sequence[str], cache_dir: Path | None = None, batch_size: int = 256, adapter: Adapter | None = None
) -> np.ndarray:
    """(n, 384) embeddings of `texts` (through `adapter`'s branch when given), through the cache when
    `cache_dir` is given. A pass with an adapter caches the plain vectors it computes on the way too."""
    return _through_cache(texts, cache_dir, _open(cache_dir), adapter)


def embed_pair_texts(texts: Sequence[str], cache_dir: Path | None, adapter: Adapter) -> tuple[np.ndarray, np.ndarray]:
    """(plain, adapted) embeddings of `texts`, reading the cache once for both."""
    table = _open(cache_dir)
    adapted = _through_cache(texts, cache_dir, table, adapter)  # first: its pass caches the plain vectors
    return _through_cache(texts, cache_dir, table, None), adapted


def _open(cache_dir: Path | None) -> dict[bytes, np.ndarray] | None:
    if cache_dir is None:
        return None
    cache_dir.mkdir(parents=True, exist_ok=True)
    return _load(cache_dir)


def _through_cache(
    texts: Sequence[str], cache_dir: Path | None, table: dict[bytes, np.ndarray] | None, adapter: Adapter | None
) -> np.ndarray:
    from memory.embedder import default_embedder

    embedder = default_embedder()

    # Past the in-memory cache: a vector's last bits depend on the batch it was encoded in, and what
    # that cache holds depends on earlier calls and on its size, so two runs of the same training would
    # differ (they did once the rows outgrew it). One pass over the texts asked for gives the same
    # vectors every time.
    def compute(batch: list[str]) -> tuple[np.ndarray, np.ndarray | None]:
        if adapter is None:
            return embedder.embed(batch, cached=False), None
        base, adapted = embedder.embed_pair(batch, adapter, cached=False)
        return adapted, base

    from memory.progress import progress, progress_task

    what = "embedding" if adapter is None else "embedding (adapter)"
    if cache_dir is None or table is None:
        if not texts:
            return np.zeros((0, embedder.dim), dtype=np.float32)
        # One pass over all texts (as it always was: batches change the last bits of a vector), so a
        # terminal gets a spinner with the time taken rather than a bar.
        with progress_task(None, f"{what} {len(texts)} texts"):
            return compute(list(texts))[0]
    tag = adapter.id if adapter is not None else ""
    keys = [_key(t, embedder.name, tag) for t in texts]
    missing = list({k: t for k, t in zip(keys, texts, strict=True) if k not in table}.items())
    for start in progress(range(0, len(missing), 2048), description=f"{what}, 2048 texts a step"):
        part = missing[start : start + 2048]
        vecs, base = compute([t for _, t in part])
        shard_keys = [k for k, _ in part]
        shard_vecs = [vecs]
        if base is not None:
            shard_keys += [_key(t, embedder.name) for _, t in part]
            shard_vecs.append(base)
        shard = cache_dir / f"emb-{hashlib.sha256(b''.join(shard_keys)).hexdigest()[:16]}.npz"
        with atomic_open(shard, perms=0o600) as fh:
            np.savez(fh, keys=np.array(shard_keys, dtype="S16"), vecs=np.concatenate(shard_vecs).astype(np.float32))
        table.update(zip(shard_keys, np.concatenate(shard_vecs), strict=True))
    if not texts:
        return np.zeros((0, embedder.dim), dtype=np.float32)
    return np.stack([table[k] for k in keys]).astype(np.float32)
