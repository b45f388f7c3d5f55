"""Keeping the ANN index (`_index.VectorIndex`, a cache of the vectors) in step with the SQLite file.

The index covers the memories up to an id and the vector log up to a sequence number; any process
brings it up to date from there: the rows added since, and the memories the log names as rewritten,
merged or forgotten. An index that disagrees with the table is rebuilt from it.
"""

from __future__ import annotations

import secrets
from typing import Any

import numpy as np

from ._index import VectorIndex
from ._sql import rows_in
from ._vectors import _matrix


def _generation() -> str:
    return secrets.token_hex(4)


def _top_id(conn: Any) -> int:
    # sqlite_sequence keeps the highest id ever handed out, even when that row was deleted since.
    row = conn.execute("select seq from sqlite_sequence where name = 'memories'").fetchone()
    top = conn.execute("select max(id) from memories").fetchone()[0]
    return max(int(row[0]) if row else 0, int(top or 0))


def _top_seq(conn: Any) -> int:
    row = conn.execute("select max(seq) from vector_log").fetchone()
    return int(row[0] or 0)


def _live_count(conn: Any) -> int:
    total = conn.execute("select count(*) from memories").fetchone()[0]
    merged = conn.execute("select count(*) from memories where merged_into is not null").fetchone()[0]
    return int(total) - int(merged)


def catch_up(idx: VectorIndex, conn: Any, verify: bool) -> bool:
    """Bring `idx` up to what `conn`'s snapshot holds: the rows added above the ids it covers, and
    the memories the vector log names since its sequence number. With `verify`, an index whose size
    disagrees with the table is reset: True then, and the caller catches up again from scratch."""
    top_id, top_seq = _top_id(conn), _top_seq(conn)
    if top_id < idx.covered_id or top_seq < idx.covered_seq:
        idx.reset()  # an index from a file that was later rolled back or replaced
    if (top_id, top_seq) != (idx.covered_id, idx.covered_seq):
        if len(idx) == 0 and len(idx.centroids) == 0:
            _pretrain(idx, conn, top_id)
        cur = conn.execute(
            "select v.id, v.embedding from memory_vectors v join memories m on m.id = v.id "
            "where v.id > ? and v.id <= ? and m.merged_into is null order by v.id",
            (idx.covered_id, top_id),
        )
        first = len(idx) > 0
        while rows := cur.fetchmany(10_000):
            ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
            if first:
                idx.remove([int(i) for i in ids if idx.contains(int(i))])
            idx.add(ids, _matrix(r[1] for r in rows))
        changed = [
            r[0]
            for r in conn.execute(
                "select distinct memory_id from vector_log where seq > ? and seq <= ?",
                (idx.covered_seq, top_seq),
            )
        ]
        if changed:
            idx.remove(changed)
            sql = (
                "select v.id, v.embedding from memory_vectors v join memories m on m.id = v.id "
                "where v.id in ({marks}) and m.merged_into is null"
            )
            rows = list(rows_in(conn, sql, changed))
            if rows:
                idx.add(np.array([r[0] for r in rows], dtype=np.int64), _matrix(r[1] for r in rows))
        idx.covered_id, idx.covered_seq = top_id, top_seq
    if verify and len(idx) != _live_count(conn):
        idx.reset()  # the cache disagrees with the table: rebuild it from SQLite
        return True
    return False


def _pretrain(idx: VectorIndex, conn: Any, top_id: int) -> None:
    """Before (re)building a large index from the table, train its quantiser on a random sample of it.

    Otherwise the build would train on the oldest rows first and retrain as it grows.
    """
    live = _live_count(conn)
    p = idx.params
    if live < p.train_at:
        return
    want = min(live, p.sample_per_list * p.lists_for(live))
    rng = np.random.default_rng(p.seed)
    picked = np.unique(rng.integers(1, top_id + 1, size=2 * want))  # ids are mostly dense
    blobs = [r[0] for r in rows_in(conn, "select embedding from memory_vectors where id in ({marks})", picked.tolist())]
    if len(blobs) >= min(want, 4 * p.lists_for(live)):
        idx.train(_matrix(blobs[:want]), live)


def consistency(idx: VectorIndex, conn: Any) -> dict[str, Any]:
    """`Store.check`'s report: SQLite's integrity check, and whether `idx` holds exactly the live
    memories and every memory has its vector (a few of each disagreement, for a look)."""
    integrity = [r[0] for r in conn.execute("pragma integrity_check")]
    live = {r[0] for r in conn.execute("select id from memories where merged_into is null")}
    with_vector = {r[0] for r in conn.execute("select id from memory_vectors")}
    all_ids = {r[0] for r in conn.execute("select id from memories")}
    keys = {int(k) for k in idx.ids()}
    return {
        "integrity": integrity,
        "ok": integrity == ["ok"] and keys == live and with_vector == all_ids,
        "memories": len(all_ids),
        "live": len(live),
        "index_entries": len(keys),
        "missing_from_index": sorted(live - keys)[:20],
        "extra_in_index": sorted(keys - live)[:20],
        "without_vector": sorted(all_ids - with_vector)[:20],
    }
