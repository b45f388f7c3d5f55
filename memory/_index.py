"""The approximate nearest-neighbour index: a usearch HNSW graph that is only a cache of SQLite.

SQLite holds every vector. The index remembers how far into the database it has read: the highest
memory id it has seen (`covered_id`) and the last entry of the `vector_log` table (updates, deletes,
merges) it has applied (`covered_seq`). Both are in the name of the saved file, so a saved index is
always consistent with its own watermark, whichever process wrote it; a process that finds the
database ahead of its index catches up by reading only what changed, and one that finds no usable
file rebuilds from SQLite.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["IndexParams", "VectorIndex"]

_FILE = re.compile(r"^ann-(?P<gen>[0-9a-f]+)-(?P<id>\d+)-(?P<seq>\d+)\.usearch$")


@dataclass(frozen=True)
class IndexParams:
    # int8 graph vectors keep 1M x 384 in ~400 MB and make inserts cheap; candidates are re-scored
    # with the exact float32 vectors from SQLite, which recovers the precision.
    dtype: str = "i8"
    connectivity: int = 16
    expansion_add: int = 48
    # Search breadth grows with the graph: n // 1000, at least `expansion_search`, at most
    # `max_expansion_search` (measured on clustered data: at 200k, 128 gives recall@10 0.945 and
    # 512 gives 0.981 for +0.2 ms; see benchmarks/bench_memory.py for 1M).
    expansion_search: int = 128
    max_expansion_search: int = 1024
    threads: int = 0  # 0: all cores for bulk adds

    def search_breadth(self, n: int) -> int:
        return max(self.expansion_search, min(self.max_expansion_search, n // 1000))


class VectorIndex:
    """A usearch index keyed by memory id, with its SQLite watermark."""

    def __init__(self, dim: int, directory: Path | None, generation: str, params: IndexParams | None = None) -> None:
        self.dim = dim
        self.directory = directory
        self.generation = generation
        self.params = params or IndexParams()
        self.covered_id = 0
        self.covered_seq = 0
        self.unsaved = 0  # changes since the file this index came from
        self.loaded_from: Path | None = None
        self._index = self._new()

    def _new(self) -> Any:
        from usearch.index import Index

        p = self.params
        return Index(
            ndim=self.dim,
            metric="cos",
            dtype=p.dtype,
            connectivity=p.connectivity,
            expansion_add=p.expansion_add,
            expansion_search=p.expansion_search,
        )

    def __len__(self) -> int:
        return len(self._index)

    def reset(self) -> None:
        self._index = self._new()
        self.covered_id = self.covered_seq = 0
        self.unsaved = 0
        self.loaded_from = None

    def ids(self) -> np.ndarray:
        return np.asarray(self._index.keys, dtype=np.int64)

    def contains(self, key: int) -> bool:
        return bool(self._index.contains(key))

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        if len(ids) == 0:
            return
        self._index.add(np.asarray(ids, dtype=np.uint64), vectors, threads=self.params.threads)
        self.unsaved += len(ids)

    def remove(self, ids: list[int]) -> None:
        present = [i for i in ids if self._index.contains(i)]
        if present:
            self._index.remove(np.asarray(present, dtype=np.uint64))
            self.unsaved += len(present)

    def search(self, vector: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
        """(ids, cosine similarities), best first, approximate."""
        n = len(self._index)
        if n == 0 or count <= 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        ef = self.params.search_breadth(n)
        if self._index.expansion_search != ef:
            self._index.expansion_search = ef
        matches = self._index.search(vector, min(count, n), threads=1)
        return np.asarray(matches.keys, dtype=np.int64), 1.0 - np.asarray(matches.distances, dtype=np.float32)

    # -- files ---------------------------------------------------------------------------------

    def _files(self) -> list[tuple[int, int, Path]]:
        if self.directory is None or not self.directory.is_dir():
            return []
        found = []
        for path in self.directory.iterdir():
            m = _FILE.match(path.name)
            if m and m["gen"] == self.generation:
                found.append((int(m["id"]), int(m["seq"]), path))
        return sorted(found, key=lambda f: (f[0] + f[1], f[0]), reverse=True)

    def load(self) -> bool:
        """Load the most advanced saved index of this generation; False when there is none usable."""
        from usearch.index import Index

        self._sweep()
        for covered_id, covered_seq, path in self._files():
            try:
                index = Index.restore(str(path))
            except Exception:
                index = None
            if index is None or index.ndim != self.dim:
                continue
            self._index = index
            self._index.expansion_search = self.params.expansion_search
            self.covered_id, self.covered_seq = covered_id, covered_seq
            self.unsaved = 0
            self.loaded_from = path
            return True
        return False

    def save(self) -> Path | None:
        """Write atomically under a name that carries the watermark; drop the files it supersedes."""
        if self.directory is None:
            return None
        self.directory.mkdir(parents=True, exist_ok=True)
        name = f"ann-{self.generation}-{self.covered_id}-{self.covered_seq}.usearch"
        target = self.directory / name
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".usearch", dir=self.directory)
        os.close(fd)
        try:
            self._index.save(tmp)
            with open(tmp, "rb") as fh:
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
        for covered_id, covered_seq, path in self._files():
            if path != target and covered_id <= self.covered_id and covered_seq <= self.covered_seq:
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
        self.unsaved = 0
        self.loaded_from = target
        return target

    def _sweep(self) -> None:
        """Remove temporary files left by a process killed while saving (an hour old: not in progress)."""
        if self.directory is None or not self.directory.is_dir():
            return
        for path in self.directory.glob(".tmp-*"):
            with contextlib.suppress(OSError):
                if time.time() - path.stat().st_mtime > 3600:
                    path.unlink()

    def drop_files(self) -> None:
        """Forget every saved index (all generations): used when the vectors themselves change."""
        if self.directory is None or not self.directory.is_dir():
            return
        for path in self.directory.iterdir():
            if _FILE.match(path.name) or path.name.startswith(".tmp-"):
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
