"""The SQLite store's search candidates: the SQL that picks the eligible memories, the vector
candidates (the ANN index, or an exact sqlite-vec scan where a filter leaves it too few), and
the FTS5 keyword candidates. `_ranking.fuse` ranks them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import numpy as np

from memory.base.text import valid_unicode

from ._index import VectorIndex
from ._ranking import _STOPWORDS
from ._records import _COLUMNS, _memory
from ._sql import rows_in
from ._types import Kind, Memory, Trust
from ._vectors import _blob


def eligible_where(
    namespace: str | None, kinds: Iterable[str] | None, min_trust: str | None, now: float
) -> tuple[str, list[Any]]:
    """SQL conditions on `memories m` for the eligible rows.

    Columns are written `+m.col`: the unary plus keeps SQLite from walking the namespace index
    when the rows are already picked by id (ANN candidates, FTS matches), which made a 64-id
    lookup scan a whole namespace (4 ms instead of 0.1 ms at 20k rows).
    """
    clauses = ["+m.merged_into is null", "(+m.expires_at is null or +m.expires_at > ?)"]
    params: list[Any] = [now]
    if namespace is not None:
        clauses.append("+m.namespace = ?")
        params.append(valid_unicode(namespace))
    if kinds is not None:
        kind_list = [Kind.parse(k).value for k in ([kinds] if isinstance(kinds, str) else kinds)]
        clauses.append(f"+m.kind in ({','.join('?' * len(kind_list))})")
        params += kind_list
    if min_trust is not None:
        levels = [t.value for t in Trust.at_least(min_trust)]
        clauses.append(f"+m.trust in ({','.join('?' * len(levels))})")
        params += levels
    return " and ".join(clauses), params


def vector_candidates(
    idx: VectorIndex, conn: Any, qvec: np.ndarray, want: int, where: str, params: list[Any]
) -> list[tuple[int, float]]:
    """The `want` eligible memories (`where`, `params`: `eligible_where`'s) nearest to `qvec` by the
    index, best first, else by an exact scan; the caller holds the store's lock."""
    n = len(idx)
    if n == 0 or want <= 0:
        return []
    # The index holds the exact float32 vectors, so its similarities need no re-scoring: SQL only
    # filters the candidates, and reads one row each (at 1M rows, cold pages cost ~0.1 ms apiece).
    fetch = min(n, max(2 * want, 32))
    while True:
        keys, sims = idx.search(qvec, fetch)
        sql = "select m.id from memories m where m.id in ({marks}) and " + where
        eligible = {r[0] for r in rows_in(conn, sql, [int(k) for k in keys], *params)}
        if len(eligible) >= want:
            break
        if fetch >= 4096 or len(keys) < min(fetch, n):
            # The filter keeps few of the nearest neighbours, or the probed lists hold too few
            # entries: an exact scan of the eligible rows (sqlite-vec computes the distances)
            # is both correct and cheap here.
            return _exact_candidates(conn, qvec, want, where, params)
        if fetch >= n:
            break
        fetch = min(n, fetch * 4)
    found = [(int(k), float(sim)) for k, sim in zip(keys, sims, strict=True) if int(k) in eligible]
    return found[:want]


def _exact_candidates(conn: Any, qvec: np.ndarray, want: int, where: str, params: list[Any]) -> list[tuple[int, float]]:
    """The `want` eligible memories nearest to `qvec` by an exact scan (sqlite-vec's cosine distance)."""
    where = where.replace("+m.namespace", "m.namespace")  # here the namespace index is the way in
    rows = conn.execute(
        f"select m.id, 1.0 - vec_distance_cosine(v.embedding, ?) as sim from memories m "
        f"join memory_vectors v on v.id = m.id where {where} order by sim desc, m.id limit ?",
        [_blob(qvec), *params, want],
    ).fetchall()
    return [(int(r[0]), float(r[1])) for r in rows]


def keyword_candidates(conn: Any, query: str, want: int, where: str, params: list[Any]) -> list[tuple[int, float]]:
    """The `want` eligible memories FTS5 matches best on the query's words (stopwords left out):
    (id, bm25, lower is better), best first; the caller holds the store's lock."""
    words = list(dict.fromkeys(w for w in re.findall(r"\w+", query.lower()) if w not in _STOPWORDS))[:32]
    if not words:
        return []
    match = " OR ".join('"' + w.replace('"', '""') + '"' for w in words)
    rows = conn.execute(
        f"select f.rowid, bm25(memories_fts) as b from memories_fts f join memories m on m.id = f.rowid "
        f"where memories_fts match ? and {where} order by b, f.rowid limit ?",
        [match, *params, want],
    ).fetchall()
    return [(int(r[0]), float(r[1])) for r in rows]


def candidate_memories(conn: Any, ids: list[int], qvec: np.ndarray, sims: dict[int, float]) -> dict[int, Memory]:
    """The candidates' memories by id (one forgotten meanwhile is missing), adding to `sims` the cosine
    similarity of those the vector search did not rank; the caller holds the store's lock."""
    sql = f"select {_COLUMNS} from memories m where m.id in ({{marks}})"
    memories = {row[0]: _memory(row) for row in rows_in(conn, sql, ids)}
    need = [i for i in ids if i not in sims]
    for mid, blob in rows_in(conn, "select id, embedding from memory_vectors where id in ({marks})", need):
        sims[mid] = float(np.frombuffer(blob, dtype="<f4") @ qvec)
    return memories
