"""The vector index: an inverted-file (IVF) index over float32 vectors that is only a cache of SQLite.

Small stores are scanned exactly (one list, no quantiser). From `IndexParams.train_at` vectors on,
a spherical k-means quantiser (trained on a sample) splits the vectors into about
`lists_per_sqrt * sqrt(n)` lists; a vector joins the list of its nearest centroid (one matrix
product, so inserts stay cheap), and a search scores exactly, in float32, the vectors of the
`nprobe` lists whose centroids are nearest the query. The quantiser is retrained, and every vector
reassigned, each time the index grows `growth`-fold, so the total work stays linear in the inserts.

SQLite holds every vector. The index remembers how far into the database it has read: the highest
memory id it has seen (`covered_id`) and the last entry of the `vector_log` table (updates, deletes,
merges) it has applied (`covered_seq`). Both are in the name of the saved file, so a saved index is
always consistent with its own watermark, whichever process wrote it; a process that finds the
database ahead of its index catches up by reading only what changed, and one that finds no usable
file rebuilds from SQLite. A saved file is memory-mapped copy-on-write (and pre-faulted), so that
processes opening the same index share its pages.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import math
import mmap
import re
import struct
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from memory.base.atomic import atomic_open

__all__ = ["IndexParams", "VectorIndex"]

_FILE = re.compile(r"^ann-(?P<gen>[0-9a-f]+)-(?P<id>\d+)-(?P<seq>\d+)\.ivf$")
_LEGACY = re.compile(r"^ann-[0-9a-f]+-\d+-\d+\.usearch$")  # the HNSW files of earlier versions
# Temp files of a save in progress (or of one killed): atomic_open's, and earlier versions' `.tmp-*`.
_TEMP = re.compile(r"^\.(tmp-.*|ann-.*\.tmp)$")
_MAGIC = b"BROCAIVF"
_ALIGN = 64
_VERSION = 1


@dataclass(frozen=True)
class IndexParams:
    # Below this many vectors a search scans them all: exact, and ~1 ms (12 MB of float32) at 8k x 384.
    train_at: int = 8192
    # Lists: ~1.4 sqrt(n) at training time (~1000 at 0.5M). Assigning a vector costs one dot product
    # per list, a search scans the vectors of its probed lists: at 1M (bench_memory.py, busy machine)
    # 1.4 sqrt(n) against 1.0 sqrt(n) gave the same inserts per CPU-second and nprobe-16 searches
    # 1.6 ms instead of 2.5 ms.
    lists_per_sqrt: float = 1.4
    growth: float = 4.0  # retrain when the index has grown this much since the last training
    sample_per_list: int = 40  # k-means training sample: this many vectors per list
    iterations: int = 10
    # Lists scanned per search; 0: max(32, lists / 16). The benchmark's synthetic clusters need only 4
    # at 1M, but real all-MiniLM-L6-v2 embeddings cluster far less: on 32k sentences of the shared
    # data (140 lists) recall@10 was 0.743 / 0.855 / 0.934 / 0.972 / 0.994 at 4 / 8 / 16 / 32 / 64.
    nprobe: int = 0
    seed: int = 0

    def lists_for(self, n: int) -> int:
        return max(2, round(self.lists_per_sqrt * math.sqrt(n)))

    def probes_for(self, nlist: int) -> int:
        return min(nlist, self.nprobe or max(32, math.ceil(nlist / 16)))


class _List:
    """The ids and vectors of one inverted list, contiguous, with spare capacity for appends."""

    __slots__ = ("ids", "size", "vecs")

    def __init__(self, ids: np.ndarray, vecs: np.ndarray) -> None:
        self.ids, self.vecs, self.size = ids, vecs, len(ids)

    def append(self, ids: np.ndarray, vecs: np.ndarray) -> None:
        end = self.size + len(ids)
        if end > len(self.ids):  # grow geometrically (this also leaves a memory-mapped view)
            cap = max(16, end, 2 * len(self.ids))
            new_ids = np.empty(cap, dtype=np.int64)
            new_vecs = np.empty((cap, self.vecs.shape[1]), dtype=np.float32)
            new_ids[: self.size] = self.ids[: self.size]
            new_vecs[: self.size] = self.vecs[: self.size]
            self.ids, self.vecs = new_ids, new_vecs
        self.ids[self.size : end] = ids
        self.vecs[self.size : end] = vecs
        self.size = end

    def remove(self, key: int) -> None:
        pos = int(np.flatnonzero(self.ids[: self.size] == key)[0])
        last = self.size - 1
        if pos != last:  # move the last entry into the hole
            self.ids[pos] = self.ids[last]
            self.vecs[pos] = self.vecs[last]
        self.size = last


class VectorIndex:
    """An IVF index keyed by memory id, with its SQLite watermark."""

    def __init__(self, dim: int, directory: Path | None, generation: str, params: IndexParams | None = None) -> None:
        self.dim = dim
        self.directory = directory
        self.generation = generation
        self.params = params or IndexParams()
        self.covered_id = 0
        self.covered_seq = 0
        self.unsaved = 0  # changes since the file this index came from
        self.loaded_from: Path | None = None
        self.reset()

    def reset(self) -> None:
        self.centroids = np.zeros((0, self.dim), dtype=np.float32)  # none: exact scan of one list
        self.trained_at = 0  # the index size when the quantiser was trained
        self._lists = [_List(np.zeros(0, np.int64), np.zeros((0, self.dim), np.float32))]
        self._where: dict[int, int] = {}  # id -> list
        self.covered_id = self.covered_seq = 0
        self.unsaved = 0
        self.loaded_from = None

    def __len__(self) -> int:
        return len(self._where)

    @property
    def nlist(self) -> int:
        return len(self._lists)

    def ids(self) -> np.ndarray:
        return np.concatenate([lst.ids[: lst.size] for lst in self._lists])

    def contains(self, key: int) -> bool:
        return int(key) in self._where

    # -- the quantiser -------------------------------------------------------------------------

    def _assign(self, vectors: np.ndarray) -> np.ndarray:
        return _nearest(vectors, self.centroids)

    def _kmeans(self, sample: np.ndarray, nlist: int) -> np.ndarray:
        """Spherical k-means (cosine): unit centroids, each the normalised mean of its members."""
        p = self.params
        rng = np.random.default_rng(p.seed)
        centroids = sample[rng.choice(len(sample), nlist, replace=False)].copy()
        for _ in range(p.iterations):
            assign = _nearest(sample, centroids)
            sums = np.zeros_like(centroids)
            _scatter_add(sums, assign, sample)
            counts = np.bincount(assign, minlength=nlist)
            empty = np.flatnonzero(counts == 0)
            if len(empty):  # re-seed empty lists on random sample points
                sums[empty] = sample[rng.choice(len(sample), len(empty), replace=False)]
            norms = np.linalg.norm(sums, axis=1, keepdims=True)
            centroids = sums / np.where(norms == 0, 1.0, norms)
        return centroids.astype(np.float32)

    def train(self, sample: np.ndarray, expected: int, held: np.ndarray | None = None) -> None:
        """Train the quantiser for about `expected` vectors on `sample`, and reassign what is held."""
        nlist = min(self.params.lists_for(expected), len(sample))
        held_ids = self.ids()
        if held is None and len(held_ids):
            held = np.concatenate([lst.vecs[: lst.size] for lst in self._lists])
        self.centroids = self._kmeans(np.ascontiguousarray(sample, dtype=np.float32), nlist)
        self._lists = [_List(np.zeros(0, np.int64), np.zeros((0, self.dim), np.float32)) for _ in range(nlist)]
        self._where = {}
        self.trained_at = max(expected, 1)
        if held is not None:
            self._place(held_ids, held)
        self.unsaved += 1

    def _retrain(self) -> None:
        held = np.concatenate([lst.vecs[: lst.size] for lst in self._lists])
        want = self.params.sample_per_list * self.params.lists_for(len(held))
        rng = np.random.default_rng(self.params.seed + len(held))
        sample = held if len(held) <= want else held[np.sort(rng.choice(len(held), want, replace=False))]
        self.train(sample, len(self), held)

    # -- changes -------------------------------------------------------------------------------

    def _place(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        lists = self._assign(vectors)
        order = np.argsort(lists, kind="stable")
        lists, ids, vectors = lists[order], ids[order], vectors[order]
        bounds = np.flatnonzero(np.diff(lists)) + 1
        for lo, hi in zip([0, *bounds.tolist()], [*bounds.tolist(), len(ids)], strict=True):
            self._lists[int(lists[lo])].append(ids[lo:hi], vectors[lo:hi])
        self._where.update(zip(ids.tolist(), lists.tolist(), strict=True))

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        if len(ids) == 0:
            return
        self._place(np.asarray(ids, dtype=np.int64), np.asarray(vectors, dtype=np.float32))
        self.unsaved += len(ids)
        n, p = len(self), self.params
        if n >= p.train_at and (len(self.centroids) == 0 or n >= p.growth * self.trained_at):
            self._retrain()

    def remove(self, ids: list[int]) -> None:
        for key in ids:
            lst = self._where.pop(int(key), None)
            if lst is not None:
                self._lists[lst].remove(int(key))
                self.unsaved += 1

    def search(self, vector: np.ndarray, count: int, nprobe: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(ids, cosine similarities), best first; exact within the probed lists."""
        n = len(self)
        if n == 0 or count <= 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        q = np.asarray(vector, dtype=np.float32).reshape(-1)
        if len(self.centroids) == 0:
            probe = [0]
        else:
            nprobe = min(self.nlist, nprobe or self.params.probes_for(self.nlist))
            near = np.vecdot(self.centroids, q)
            probe = np.argpartition(-near, nprobe - 1)[:nprobe].tolist()
        parts = [self._lists[i] for i in probe if self._lists[i].size]
        if not parts:  # the nearest lists were emptied by deletes
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        # np.vecdot, not `@`: a matrix-vector product goes to multi-threaded BLAS, whose threads,
        # when other processes hold the cores, each wait for a time slice (15 ms instead of 1 ms
        # at 1M on 2 busy cores); a query is memory-bound anyway.
        sims = np.concatenate([np.vecdot(lst.vecs[: lst.size], q) for lst in parts])
        keys = np.concatenate([lst.ids[: lst.size] for lst in parts])
        count = min(count, len(sims))
        top = np.argpartition(-sims, count - 1)[:count] if count < len(sims) else np.arange(len(sims))
        top = top[np.argsort(-sims[top], kind="stable")]
        return keys[top], sims[top]

    # -- files ---------------------------------------------------------------------------------

    def _listing(self) -> list[Path]:
        """The entries of the index folder; none while it has no folder."""
        if self.directory is None or not self.directory.is_dir():
            return []
        return list(self.directory.iterdir())

    def _files(self) -> list[tuple[int, int, Path]]:
        found = []
        for path in self._listing():
            m = _FILE.match(path.name)
            if m and m["gen"] == self.generation:
                found.append((int(m["id"]), int(m["seq"]), path))
        return sorted(found, key=lambda f: (f[0] + f[1], f[0]), reverse=True)

    def load(self) -> bool:
        """Map the most advanced saved index of this generation; False when there is none usable."""
        self._sweep()
        for covered_id, covered_seq, path in self._files():
            try:
                self._read(path)
            except (OSError, ValueError, KeyError, TypeError, struct.error):
                self.reset()  # a damaged or foreign file is only a cache miss
                continue
            self.covered_id, self.covered_seq = covered_id, covered_seq
            self.unsaved = 0
            self.loaded_from = path
            return True
        return False

    def _read(self, path: Path) -> None:
        with open(path, "rb") as fh:
            head = fh.read(16)
            if len(head) != 16 or head[:8] != _MAGIC:
                raise ValueError("not an index file")
            (hlen,) = struct.unpack("<Q", head[8:])
            header = json.loads(fh.read(hlen))
        if header["version"] != _VERSION or header["dim"] != self.dim:
            raise ValueError("another index format")
        k, nlist, n, d = int(header["centroids"]), int(header["nlist"]), int(header["n"]), self.dim
        offset = _aligned(16 + hlen)
        sizes_at = offset + 4 * k * d
        ids_at = sizes_at + 8 * nlist
        vecs_at = ids_at + 8 * n
        if path.stat().st_size != vecs_at + 4 * n * d or nlist < 1 or k not in (0, nlist):
            raise ValueError("truncated index file")
        centroids = np.fromfile(path, dtype="<f4", count=k * d, offset=offset).reshape(k, d)
        sizes = np.fromfile(path, dtype="<i8", count=nlist, offset=sizes_at)
        if sizes.sum() != n or (sizes < 0).any():
            raise ValueError("inconsistent index file")
        ids: np.ndarray = np.zeros(0, np.int64)
        vecs: np.ndarray = np.zeros((0, d), np.float32)
        if n:
            raw = np.frombuffer(_map(path), dtype=np.uint8)
            ids = raw[ids_at:vecs_at].view("<i8")
            vecs = raw[vecs_at:].view("<f4").reshape(n, d)
        bounds = np.concatenate([[0], np.cumsum(sizes)]).tolist()
        lists = [_List(ids[lo:hi], vecs[lo:hi]) for lo, hi in itertools.pairwise(bounds)]
        where = dict(zip(np.asarray(ids).tolist(), np.repeat(np.arange(nlist), sizes).tolist(), strict=True))
        if len(where) != n:
            raise ValueError("duplicate ids in index file")
        self.centroids = np.ascontiguousarray(centroids, dtype=np.float32)
        self.trained_at = int(header["trained_at"])
        self._lists, self._where = lists, where

    def save(self) -> Path | None:
        """Write atomically under a name that carries the watermark; drop the files it supersedes."""
        if self.directory is None:
            return None
        self.directory.mkdir(parents=True, exist_ok=True)
        name = f"ann-{self.generation}-{self.covered_id}-{self.covered_seq}.ivf"
        target = self.directory / name
        with atomic_open(target, perms=0o600) as fh:
            header = {
                "version": _VERSION,
                "dim": self.dim,
                "centroids": len(self.centroids),
                "nlist": self.nlist,
                "n": len(self),
                "trained_at": self.trained_at,
            }
            raw = json.dumps(header).encode()
            fh.write(_MAGIC + struct.pack("<Q", len(raw)) + raw)
            fh.write(b"\0" * (_aligned(16 + len(raw)) - 16 - len(raw)))
            fh.write(self.centroids.astype("<f4").tobytes())
            fh.write(np.array([lst.size for lst in self._lists], dtype="<i8").tobytes())
            for lst in self._lists:
                fh.write(lst.ids[: lst.size].astype("<i8").tobytes())
            for lst in self._lists:
                fh.write(np.ascontiguousarray(lst.vecs[: lst.size], dtype="<f4").tobytes())
        for covered_id, covered_seq, path in self._files():
            if path != target and covered_id <= self.covered_id and covered_seq <= self.covered_seq:
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
        self._drop_legacy()
        self.unsaved = 0
        self.loaded_from = target
        return target

    def _sweep(self) -> None:
        """Remove temporary files left by a process killed while saving (an hour old: not in progress)."""
        for path in self._listing():
            if _TEMP.match(path.name):
                with contextlib.suppress(OSError):
                    if time.time() - path.stat().st_mtime > 3600:
                        path.unlink()

    def _drop_legacy(self) -> None:
        for path in self._listing():
            if _LEGACY.match(path.name):
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()

    def drop_files(self) -> None:
        """Forget every saved index (all generations): used when the vectors themselves change."""
        for path in self._listing():
            if _FILE.match(path.name) or _LEGACY.match(path.name) or _TEMP.match(path.name):
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()


def _map(path: Path) -> mmap.mmap:
    """The file mapped copy-on-write (removals edit the lists in place, never the file), and
    pre-faulted where the OS can: otherwise the first search to touch each list pays ~1 ms of
    page faults per 4 MB, which made the first queries after opening a 1M index 4x slower."""
    with open(path, "rb") as fh:
        if hasattr(mmap, "MAP_POPULATE"):
            flags = mmap.MAP_PRIVATE | mmap.MAP_POPULATE
            return mmap.mmap(fh.fileno(), 0, flags=flags, prot=mmap.PROT_READ | mmap.PROT_WRITE)
        return mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_COPY)


def _aligned(offset: int) -> int:
    return -(-offset // _ALIGN) * _ALIGN


def _nearest(vectors: np.ndarray, centroids: np.ndarray) -> np.ndarray:
    """The index of each vector's most similar centroid (all zeros when there are none)."""
    if len(centroids) == 0:
        return np.zeros(len(vectors), dtype=np.int64)
    out = np.empty(len(vectors), dtype=np.int64)
    for start in range(0, len(vectors), 8192):  # bounds the (rows x lists) score matrix
        out[start : start + 8192] = np.argmax(vectors[start : start + 8192] @ centroids.T, axis=1)
    return out


def _scatter_add(sums: np.ndarray, assign: np.ndarray, rows: np.ndarray) -> None:
    """sums[assign[i]] += rows[i], through one sort (np.add.at is slow on many rows)."""
    order = np.argsort(assign, kind="stable")
    sorted_assign = assign[order]
    bounds = np.flatnonzero(np.diff(sorted_assign)) + 1
    starts = np.concatenate([[0], bounds])
    sums[sorted_assign[starts]] += np.add.reduceat(rows[order], starts, axis=0)
