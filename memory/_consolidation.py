"""`consolidate`'s rules, every backend's: which near-duplicates merge into one, and what the
survivor takes from the others; and how the SQLite store finds the near-duplicates."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from ._index import VectorIndex
from ._types import Memory


def _merge_plan(memories: Mapping[int, Memory], pairs: Iterable[tuple[int, int]]) -> list[dict[str, Any]]:
    """`consolidate`'s plan from near-duplicate pairs: groups joined transitively, never across kinds
    or trust levels; each group's survivor is the most important, then the newest."""
    parent = {mid: mid for mid in memories}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ma, mb = memories[a], memories[b]
        if a != b and ma.kind == mb.kind and ma.trust == mb.trust:
            parent[find(a)] = find(b)
    groups: dict[int, list[int]] = {}
    for mid in memories:
        groups.setdefault(find(mid), []).append(mid)
    plan: list[dict[str, Any]] = []
    for members in groups.values():
        if len(members) < 2:
            continue
        ranked = sorted(members, key=lambda m: (memories[m].importance, memories[m].created_at, m), reverse=True)
        plan.append({"kept": ranked[0], "merged": sorted(ranked[1:])})
    plan.sort(key=lambda p: p["kept"])
    return plan


def _merged_survivor(keep: Memory, others: Sequence[Memory]) -> tuple[float, int, float, str, int]:
    """The survivor's new (importance, access_count, last_accessed_at, metadata JSON, id)."""
    meta = dict(keep.metadata)
    meta["merged_from"] = sorted({*meta.get("merged_from", []), *(o.id for o in others)})
    return (
        max([keep.importance, *(o.importance for o in others)]),
        keep.access_count + sum(o.access_count for o in others),
        max([keep.last_accessed_at, *(o.last_accessed_at for o in others)]),
        json.dumps(meta, ensure_ascii=False, sort_keys=True),
        keep.id,
    )


def near_duplicate_pairs(vecs: dict[int, np.ndarray], threshold: float, idx: VectorIndex) -> list[tuple[int, int]]:
    """The pairs of memories (ids, with `vecs` their unit vectors) whose cosine is at least `threshold`:
    all of them up to 5,000 memories (one matrix product per block); above, each memory's 16 nearest in
    the ANN index `idx`, where a full product would grow with the square of the count."""
    ids = list(vecs)
    matrix = np.stack([vecs[i] for i in ids])
    pairs: list[tuple[int, int]] = []
    for start in range(0, len(ids), 1024):
        block = matrix[start : start + 1024]
        if len(ids) <= 5000:
            sims = block @ matrix.T
            neighbours = [[(ids[j], float(s[j])) for j in np.nonzero(s >= threshold)[0]] for s in sims]
        else:
            neighbours = []
            for row in block:
                keys, _ = idx.search(row, 16)
                neighbours.append([(int(j), float(vecs[int(j)] @ row)) for j in keys if int(j) in vecs])
        for offset, found in enumerate(neighbours):
            pairs += [(ids[start + offset], b) for b, sim in found if sim >= threshold]
    return pairs
