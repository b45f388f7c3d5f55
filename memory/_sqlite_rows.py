"""The SQLite store's memory rows: inserts, with their vectors, that keep the ids asked for where they
are free; the vectors already stored for a text; the merged history that forgetting takes along."""

from __future__ import annotations

from typing import Any

import numpy as np

from ._index_sync import _top_id
from ._sql import rows_in
from ._vectors import _blob, _hash


def insert_rows(
    conn: Any, records: list[dict[str, Any]], vecs: np.ndarray, wanted_ids: list[int | None] | None = None
) -> list[int]:
    """Insert memories (checked records, their unit vectors) in the caller's write transaction; returns
    their ids. `wanted_ids` (import) keeps an id where it is free; the others go above the highest
    id ever handed out, and a kept id below it goes to the vector log, for other processes' indexes.
    """
    # We hold the write lock, so the ids after the current maximum are ours to hand out.
    top = _top_id(conn)
    base = top
    ids: list[int] = []
    logged: list[int] = []
    taken: set[int] = set()
    if wanted_ids is not None:
        wanted = [w for w in wanted_ids if w is not None]
        taken |= {r[0] for r in rows_in(conn, "select id from memories where id in ({marks})", wanted)}
        base = max([top, *(w for w in wanted if w not in taken)])
    for i in range(len(records)):
        want = wanted_ids[i] if wanted_ids is not None else None
        if want is not None and want > 0 and want not in taken:
            taken.add(want)
            ids.append(want)
            if want <= top:
                logged.append(want)  # below other processes' watermark: they must hear of it
        else:
            base += 1
            ids.append(base)
    conn.executemany(
        "insert into memories (id, namespace, kind, text, content_hash, source, trust, importance, created_at, "
        "last_accessed_at, access_count, expires_at, metadata, merged_into) "
        "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                mid,
                r["namespace"],
                r["kind"],
                r["text"],
                _hash(r["text"]),
                r["source"],
                r["trust"],
                r["importance"],
                r["created_at"],
                r["last_accessed_at"],
                r["access_count"],
                r["expires_at"],
                r["metadata"],
                r["merged_into"],
            )
            for mid, r in zip(ids, records, strict=True)
        ],
    )
    conn.executemany(
        "insert into memory_vectors (id, embedding) values (?, ?)",
        [(mid, _blob(v)) for mid, v in zip(ids, vecs, strict=True)],
    )
    if logged:
        conn.executemany("insert into vector_log (memory_id) values (?)", [(m,) for m in logged])
    return ids


def _merged_closure(conn: Any, ids: list[int]) -> list[int]:
    """`ids` and every memory merged into them, transitively."""
    closure = list(dict.fromkeys(ids))
    seen = set(closure)
    frontier = list(closure)
    while frontier:
        found = [r[0] for r in rows_in(conn, "select id from memories where merged_into in ({marks})", frontier)]
        frontier = [i for i in found if i not in seen]
        seen.update(frontier)
        closure += frontier
    return closure


def stored_vectors(conn: Any, hashes: list[str]) -> dict[str, np.ndarray]:
    """Vectors already in the file for these content hashes (the same text embeds the same)."""
    sql = (
        "select m.content_hash, v.embedding from memories m join memory_vectors v on v.id = m.id "
        "where m.content_hash in ({marks}) group by m.content_hash"
    )
    return {h: np.frombuffer(blob, dtype="<f4") for h, blob in rows_in(conn, sql, hashes)}
