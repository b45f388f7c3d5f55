"""`Store`: long-term memory and the chat log in one SQLite file.

SQLite is the source of truth: every memory row, its float32 vector (in the layout sqlite-vec reads)
and its FTS5 entry are written in one transaction. The IVF vector index is a cache of the vectors
that any process can rebuild or bring up to date from the database (see `_index.py`).

Search fuses two ranked lists, vector similarity and FTS5 keyword rank, with reciprocal rank fusion,
then weighs the fused relevance by recency (exponential decay of the time since the memory was last
recalled, with a configurable half-life) and importance. Every term is returned with the hit.

`Store` is the front door: it holds the connection, the lock and the loaded index, and each of its
methods does its job with the modules that know how (`PostgresStore` shares the ones not SQLite's):
- `_sqlite_file`: opening, configuring and migrating the file, its transactions, its errors;
- `_sqlite_rows`: inserting memory rows, the merged history that forgetting takes along;
- `_index_sync`: keeping the ANN index in step with the file, and checking that it is;
- `_sqlite_search`: the eligible rows and the vector and keyword candidates (`_ranking` ranks them);
- `_records`, `_vectors`: a memory's fields checked, rows read back; embeddings, hashes, blobs;
- `_consolidation`, `_transfer`, `_chatlog`: merging near-duplicates, the JSONL export, the chat log.
"""

from __future__ import annotations

import builtins
import contextlib
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

import numpy as np

from memory.base.errors import ReadOnlyError
from memory.base.text import valid_unicode

from ._chatlog import (
    _check_owner,
    _decoded_messages,
    _insert_conversation,
    _insert_message,
    _message,
    _messages_query,
    _named_conversation,
)
from ._consolidation import _merge_plan, _merged_survivor, near_duplicate_pairs
from ._index import IndexParams, VectorIndex
from ._index_sync import _generation, _top_id, _top_seq, catch_up, consistency
from ._ranking import fuse
from ._records import _COLUMNS, _UNSET, CHUNK, SQL_INT_MAX, _changes, _memory, _record
from ._schema import applied_migrations
from ._sql import rows_in
from ._sqlite_file import configure, open_file, opening, read_transaction, write_transaction
from ._sqlite_rows import _merged_closure, insert_rows, stored_vectors
from ._sqlite_search import candidate_memories, eligible_where, keyword_candidates, vector_candidates
from ._transfer import (
    _export_conversations,
    _import_conversations,
    _resource,
    export_query,
    export_to,
    merged_fixes,
    prepare_import,
    write_memories,
)
from ._types import Hit, Memory, MemoryStoreError
from ._vectors import EmbedderLike, _blob, _embed_with, _hash, _unit

__all__ = ["Store"]


class Store:
    """Persistent memory for one owner (or several, one `namespace` each) and their chat log."""

    def __init__(
        self,
        path: Path | str,
        embedder: EmbedderLike | None = None,
        half_life_days: float = 30.0,
        *,
        recency_weight: float = 0.25,
        importance_weight: float = 0.25,
        index_params: IndexParams | None = None,
        allow_model_change: bool = False,
        save_every: int = 256,
    ) -> None:
        if half_life_days <= 0:
            raise MemoryStoreError("half_life_days must be positive")
        self.path = Path(path).expanduser()
        self.half_life_days = float(half_life_days)
        self.recency_weight = float(recency_weight)
        self.importance_weight = float(importance_weight)
        self.save_every = save_every
        self._embedder = embedder
        self._index_params = index_params
        self._lock = threading.RLock()
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._index: VectorIndex | None = None
        self._closed = False
        # How many conversations the last export_jsonl(conversations=True) wrote and the last
        # import_jsonl read: their return values count memories, as they always have.
        self.exported_conversations = 0
        self.imported_conversations = 0

        self._conn = open_file(self.path)
        with opening(self._conn, self.path):
            self._setup(allow_model_change)

    # -- setup ---------------------------------------------------------------------------------

    def _setup(self, allow_model_change: bool) -> None:
        conn = self._conn
        configure(conn, self.path)
        emb = self.embedder
        with self._write():
            meta = dict(conn.execute("select key, value from meta").fetchall())
            if "embedder_model" not in meta:
                self._set_meta(embedder_model=emb.name, embedder_dim=str(emb.dim), index_generation=_generation())
                meta = dict(conn.execute("select key, value from meta").fetchall())
        self.model_name, self.dim = meta["embedder_model"], int(meta["embedder_dim"])
        self.generation = meta["index_generation"]
        self.model_matches = (self.model_name, self.dim) == (emb.name, emb.dim)
        if not self.model_matches and not allow_model_change:
            raise MemoryStoreError(
                f"{self.path}: memories were embedded with {self.model_name} ({self.dim} dims) but the embedder is "
                f"{emb.name} ({emb.dim} dims); run `broca memory reindex` to re-embed them"
            )

    def _set_meta(self, **values: str) -> None:
        self._conn.executemany(
            "insert into meta(key, value) values (?, ?) on conflict(key) do update set value = excluded.value",
            list(values.items()),
        )

    @property
    def embedder(self) -> EmbedderLike:
        if self._embedder is None:
            from .embedder import default_embedder

            self._embedder = default_embedder()  # the model itself loads on the first embed()
        return self._embedder

    @property
    def index_dir(self) -> Path:
        return self.path.with_name(self.path.name + ".ann")

    # -- transactions --------------------------------------------------------------------------

    @contextlib.contextmanager
    def _write(self) -> Iterator[Any]:
        """One write transaction (see `write_transaction`): a locked file is BusyError, a read-only
        one ReadOnlyError."""
        with self._lock:
            self._check_open()
            with write_transaction(self._conn, self.path) as conn:
                yield conn

    @contextlib.contextmanager
    def _read(self) -> Iterator[Any]:
        """A consistent snapshot for multi-statement reads."""
        with self._lock:
            self._check_open()
            with read_transaction(self._conn) as conn:
                yield conn

    def _check_open(self) -> None:
        if self._closed:
            raise MemoryStoreError("the memory store is closed")

    def _check_model(self) -> None:
        if not self.model_matches:
            raise MemoryStoreError(
                f"memories were embedded with {self.model_name}; run `broca memory reindex` before using them"
            )

    # -- embeddings ----------------------------------------------------------------------------

    def _embed(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors for `texts`, reusing any already computed for the same content (here or in the file)."""
        self._check_model()
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        hashes = [_hash(t) for t in texts]
        missing: dict[str, list[int]] = {}
        with self._lock:
            for i, h in enumerate(hashes):
                if h in self._cache:
                    self._cache.move_to_end(h)
                    out[i] = self._cache[h]
                else:
                    missing.setdefault(h, []).append(i)
            for h, vec in (stored_vectors(self._conn, list(missing)) if missing else {}).items():
                for i in missing.pop(h):
                    out[i] = vec
                self._remember(h, vec)
        if missing:
            todo = list(missing)
            # the model runs outside the lock: other threads may use the store meanwhile
            vectors = _embed_with(self.embedder, [texts[missing[h][0]] for h in todo])
            with self._lock:
                for h, vec in zip(todo, vectors, strict=True):
                    for i in missing[h]:
                        out[i] = vec
                    self._remember(h, vec)
        return out

    def _remember(self, h: str, vec: np.ndarray) -> None:
        self._cache[h] = vec
        if len(self._cache) > 4096:
            self._cache.popitem(last=False)

    # -- writing memories ----------------------------------------------------------------------

    def add(
        self,
        text: str,
        kind: str = "note",
        namespace: str = "default",
        source: str = "owner",
        trust: str = "owner",
        importance: float = 0.5,
        metadata: Mapping[str, Any] | None = None,
        expires_at: float | None = None,
    ) -> int:
        """Store one memory and return its id."""
        item = {
            "text": text,
            "kind": kind,
            "namespace": namespace,
            "source": source,
            "trust": trust,
            "importance": importance,
            "metadata": metadata,
            "expires_at": expires_at,
        }
        # No "memory #0" in its errors: with one memory there is nothing to point to.
        return self._add_records([_record(item, time.time(), where="")])[0]

    def add_many(self, items: Iterable[Mapping[str, Any]], *, vectors: np.ndarray | None = None) -> list[int]:
        """Store many memories (same keys as `add`); `vectors` skips embedding when given.

        Rows are committed in chunks of a few thousand: after a crash, every chunk that was committed
        is there in full and nothing of the chunk in flight is.
        """
        now = time.time()
        return self._add_records([_record(item, now, where=f"memory #{i}") for i, item in enumerate(items)], vectors)

    def _add_records(self, records: list[dict[str, Any]], vectors: np.ndarray | None = None) -> list[int]:
        if not records:
            return []
        if vectors is None:
            vecs = self._embed([r["text"] for r in records])
        else:
            self._check_model()
            vecs = _unit(vectors)
            if vecs.shape != (len(records), self.dim):
                raise MemoryStoreError(f"vectors have shape {vecs.shape}, expected ({len(records)}, {self.dim})")
        ids: list[int] = []
        for start in range(0, len(records), CHUNK):
            ids += self._insert(records[start : start + CHUNK], vecs[start : start + CHUNK])
        return ids

    def _insert(
        self, records: list[dict[str, Any]], vecs: np.ndarray, wanted_ids: list[int | None] | None = None
    ) -> list[int]:
        """Insert rows in one transaction. `wanted_ids` (import) keeps an id where it is free."""
        with self._write() as conn:
            ids = self._insert_rows(conn, records, vecs, wanted_ids)
        self._after_write()
        return ids

    def _insert_rows(
        self, conn: Any, records: list[dict[str, Any]], vecs: np.ndarray, wanted_ids: list[int | None] | None = None
    ) -> list[int]:
        # Every insert of memories, in its caller's transaction, comes through this method: a test makes
        # it fail midway through a turn (a full disk), and nothing of the turn may stay.
        return insert_rows(conn, records, vecs, wanted_ids)

    def get(self, mid: int) -> Memory | None:
        with self._lock:
            self._check_open()
            if abs(int(mid)) > SQL_INT_MAX:
                return None  # no such id can be stored
            row = self._conn.execute(f"select {_COLUMNS} from memories m where m.id = ?", (int(mid),)).fetchone()
        return _memory(row) if row else None

    def _require(self, mid: int) -> Memory:
        memory = self.get(mid)
        if memory is None:
            raise MemoryStoreError(f"no memory with id {mid}")
        return memory

    def update(
        self,
        mid: int,
        *,
        text: str | None = None,
        kind: str | None = None,
        namespace: str | None = None,
        source: str | None = None,
        trust: str | None = None,
        importance: float | None = None,
        metadata: Mapping[str, Any] | None = None,
        expires_at: float | None = _UNSET,
    ) -> Memory:
        """Change some fields of a memory; a new text is re-embedded. Returns the updated memory."""
        current = self._require(mid)
        changes = _changes(text=text, kind=kind, namespace=namespace, source=source, trust=trust,
                           importance=importance, metadata=metadata, expires_at=expires_at)  # fmt: skip
        if not changes:
            return current
        vec = None
        if "text" in changes and changes["text"] != current.text:
            vec = self._embed([changes["text"]])[0]
            changes["content_hash"] = _hash(changes["text"])
        with self._write() as conn:
            sets = ", ".join(f"{key} = ?" for key in changes)
            cur = conn.execute(f"update memories set {sets} where id = ?", (*changes.values(), int(mid)))
            if cur.rowcount == 0:
                raise MemoryStoreError(f"no memory with id {mid}")
            if vec is not None:
                conn.execute("update memory_vectors set embedding = ? where id = ?", (_blob(vec), int(mid)))
                conn.execute("insert into vector_log (memory_id) values (?)", (int(mid),))
        self._after_write()
        return self._require(mid)

    def forget(
        self,
        ids: int | Iterable[int] | None = None,
        *,
        query: str | None = None,
        namespace: str = "default",
        kinds: Iterable[str] | None = None,
        k: int = 10,
        min_similarity: float = 0.5,
        dry_run: bool = False,
    ) -> list[Memory]:
        """Delete memories by id, or those matching `query` (similarity >= `min_similarity`, at most `k`).

        Returns what was (or with `dry_run`, would be) forgotten, including the history merged into
        them: forgetting a memory forgets every version of it.
        """
        if (ids is None) == (query is None):
            raise MemoryStoreError("forget needs either ids or a query")
        if query is not None:
            hits = self.search(query, k=k, namespace=namespace, kinds=kinds, touch=False)
            targets = [h.memory.id for h in hits if h.components["similarity"] >= min_similarity]
        else:
            targets = [int(ids)] if isinstance(ids, int) else [int(i) for i in ids]  # type: ignore[union-attr]
            for mid in targets:
                self._require(mid)
        with self._read() if dry_run else self._write() as conn:
            closure = _merged_closure(conn, targets)
            found: list[Memory] = []
            for start in range(0, len(closure), 500):
                part = closure[start : start + 500]
                marks = ",".join("?" * len(part))
                rows = conn.execute(f"select {_COLUMNS} from memories m where m.id in ({marks})", part).fetchall()
                found += [_memory(r) for r in rows]
                if not dry_run:
                    conn.execute(f"update memories set merged_into = null where id in ({marks})", part)
                    conn.execute(f"delete from memories where id in ({marks})", part)
                    conn.executemany("insert into vector_log (memory_id) values (?)", [(m,) for m in part])
        if not dry_run:
            self._after_write()
        found.sort(key=lambda m: m.id)
        return found

    def purge_expired(self, now: float | None = None) -> int:
        """Delete memories whose expiry has passed; returns how many."""
        now = time.time() if now is None else now
        with self._lock:
            ids = [r[0] for r in self._conn.execute("select id from memories where expires_at <= ?", (now,))]
        return len(self.forget(ids)) if ids else 0

    # -- the ANN index -------------------------------------------------------------------------

    def _after_write(self) -> None:
        """Keep a loaded index in step with what this process just committed (others catch up lazily)."""
        if self._index is not None:
            self._sync_index()
            idx = self._index
            if idx.unsaved >= max(50_000, len(idx)):
                # periodic saves during bulk loads, at each doubling so that the total cost stays linear
                # (the whole index is rewritten: 1.5 GB at 1M)
                idx.save()

    def _sync_index(self) -> VectorIndex:
        with self._lock:
            self._check_model()
            if self._index is None:
                idx = VectorIndex(self.dim, self.index_dir, self.generation, self._index_params)
                idx.load()
                self._index = idx
                self._catch_up(verify=True)
            else:
                self._catch_up(verify=False)
            return self._index

    def _catch_up(self, verify: bool) -> None:
        idx = self._index
        assert idx is not None
        with self._read() as conn:
            reset = catch_up(idx, conn, verify)
        if reset:
            self._catch_up(verify=False)

    def check(self) -> dict[str, Any]:
        """Integrity of the file and agreement of the ANN index with the vector table."""
        idx = self._sync_index()
        with self._read() as conn:
            return consistency(idx, conn)

    def save_index(self) -> Path | None:
        """Write the ANN index next to the database now (it is also saved on close)."""
        return self._sync_index().save()

    # -- search --------------------------------------------------------------------------------

    def nearest(
        self,
        vector: np.ndarray,
        k: int = 10,
        namespace: str | None = "default",
        kinds: Iterable[str] | None = None,
        min_trust: str | None = None,
        *,
        now: float | None = None,
    ) -> list[tuple[int, float]]:
        """The `k` eligible memories most similar to `vector`: (id, exact cosine similarity), best first."""
        now = time.time() if now is None else now
        where, params = eligible_where(namespace, kinds, min_trust, now)
        return self._vector_candidates(_unit(vector), k, where, params)

    def _vector_candidates(self, qvec: np.ndarray, want: int, where: str, params: list[Any]) -> list[tuple[int, float]]:
        idx = self._sync_index()
        with self._lock:
            return vector_candidates(idx, self._conn, qvec, want, where, params)

    def _keyword_candidates(self, query: str, want: int, where: str, params: list[Any]) -> list[tuple[int, float]]:
        with self._lock:
            return keyword_candidates(self._conn, query, want, where, params)

    def search(
        self,
        query: str | np.ndarray,
        k: int = 5,
        namespace: str | None = "default",
        kinds: Iterable[str] | None = None,
        min_trust: str | None = None,
        *,
        now: float | None = None,
        touch: bool = True,
        candidates: int | None = None,
    ) -> list[Hit]:
        """The `k` best memories for `query` (text, or a vector for vector-only search).

        score = relevance * (1 + w_r * recency + w_i * importance) / (1 + w_r + w_i), in [0, 1], where
        relevance is the reciprocal-rank fusion of the vector and keyword ranks scaled so that rank 1
        in both lists is 1.0, and recency halves every `half_life_days` since the last recall.
        `touch` records the recall (access count, last access) on the returned memories.
        """
        if k <= 0:
            return []
        now = time.time() if now is None else now
        where, params = eligible_where(namespace, kinds, min_trust, now)
        want = min(candidates or max(4 * k, 40), SQL_INT_MAX)
        if isinstance(query, str):
            if not query.strip():
                raise MemoryStoreError("the search query is empty")
            query = valid_unicode(query)
            qvec = self._embed([query])[0]
            keyword = self._keyword_candidates(query, want, where, params)
        else:
            qvec = _unit(np.asarray(query, dtype=np.float32).reshape(-1))
            if qvec.shape != (self.dim,):
                raise MemoryStoreError(f"query vector has {qvec.shape[0]} dims, expected {self.dim}")
            keyword = []
        vector = self._vector_candidates(qvec, want, where, params)
        sims = dict(vector)
        ids = list(dict.fromkeys([*(mid for mid, _ in vector), *(mid for mid, _ in keyword)]))
        if not ids:
            return []
        with self._lock:
            memories = candidate_memories(self._conn, ids, qvec, sims)
        hits = fuse(memories, vector, keyword, sims, now=now, k=k, half_life_days=self.half_life_days,
                    recency_weight=self.recency_weight, importance_weight=self.importance_weight)  # fmt: skip
        if touch and hits:
            # A read-only file (a mounted backup) still answers; the recall is just not counted.
            with contextlib.suppress(ReadOnlyError), self._write() as conn:
                conn.executemany(
                    "update memories set last_accessed_at = ?, access_count = access_count + 1 where id = ?",
                    [(now, h.memory.id) for h in hits],
                )
        return hits

    # -- listing, history, stats ---------------------------------------------------------------

    def list(
        self,
        namespace: str | None = "default",
        kinds: Iterable[str] | None = None,
        min_trust: str | None = None,
        *,
        limit: int = 50,
        offset: int = 0,
        include_merged: bool = False,
    ) -> builtins.list[Memory]:
        """Memories, newest first."""
        where, params = eligible_where(namespace, kinds, min_trust, time.time())
        if include_merged:
            where = where.replace("+m.merged_into is null", "1")
        where = where.replace("+m.namespace", "m.namespace")
        with self._lock:
            self._check_open()
            rows = self._conn.execute(
                f"select {_COLUMNS} from memories m where {where} order by m.id desc limit ? offset ?",
                [*params, min(int(limit), SQL_INT_MAX), min(int(offset), SQL_INT_MAX)],
            ).fetchall()
        return [_memory(r) for r in rows]

    def history(self, mid: int) -> builtins.list[Memory]:
        """The memories consolidation merged into `mid` (directly or transitively), oldest first."""
        self._require(mid)
        with self._read() as conn:
            found: builtins.list[Memory] = []
            frontier = [int(mid)]
            while frontier:
                sql = f"select {_COLUMNS} from memories m where m.merged_into in ({{marks}})"
                batch = [_memory(r) for r in rows_in(conn, sql, frontier)]
                found += batch
                frontier = [m.id for m in batch]
        return sorted(found, key=lambda m: m.id)

    def count(self, namespace: str | None = None) -> int:
        with self._lock:
            self._check_open()
            if namespace is None:
                return int(self._conn.execute("select count(*) from memories").fetchone()[0])
            return int(
                self._conn.execute("select count(*) from memories where namespace = ?", (namespace,)).fetchone()[0]
            )

    def stats(self) -> dict[str, Any]:
        with self._read() as conn:
            by = {
                col: {str(v): n for v, n in conn.execute(f"select {col}, count(*) from memories group by {col}")}
                for col in ("namespace", "kind", "trust")
            }
            total = int(conn.execute("select count(*) from memories").fetchone()[0])
            merged = int(conn.execute("select count(*) from memories where merged_into is not null").fetchone()[0])
            expired = int(
                conn.execute("select count(*) from memories where expires_at <= ?", (time.time(),)).fetchone()[0]
            )
            conversations = int(conn.execute("select count(*) from conversations").fetchone()[0])
            messages = int(conn.execute("select count(*) from messages").fetchone()[0])
            migrations = applied_migrations(conn)
            top = (_top_id(conn), _top_seq(conn))
        files = sorted(self.index_dir.glob("ann-*.ivf")) if self.index_dir.is_dir() else []
        wal = self.path.with_name(self.path.name + "-wal")
        size = sum(p.stat().st_size for p in [self.path, wal, *files] if p.exists())
        idx = self._index
        return {
            "path": str(self.path),
            "size_bytes": size,
            "schema": migrations,
            "embedder": {"model": self.model_name, "dim": self.dim, "matches": self.model_matches},
            "memories": total,
            "live": total - merged,
            "merged": merged,
            "expired": expired,
            "by_namespace": by["namespace"],
            "by_kind": by["kind"],
            "by_trust": by["trust"],
            "conversations": conversations,
            "messages": messages,
            "index": {
                "files": [p.name for p in files],
                "loaded": idx is not None,
                "entries": len(idx) if idx is not None else None,
                "behind": idx is not None and (idx.covered_id, idx.covered_seq) != top,
                "lists": idx.nlist if idx is not None else None,
                "params": vars(self._index_params or IndexParams()),
            },
        }

    # -- maintenance ---------------------------------------------------------------------------

    def reindex(self, batch_size: int = 256, progress: Any = None) -> int:
        """Re-embed every memory with the current embedder (after a model change); returns the count."""
        emb = self.embedder
        with self._lock:
            rows = self._conn.execute("select id, text from memories order by id").fetchall()
        vectors: builtins.list[np.ndarray] = []
        for start in range(0, len(rows), batch_size):
            part = [r[1] for r in rows[start : start + batch_size]]
            vectors.append(_embed_with(emb, part))
            if progress is not None:
                progress(min(start + batch_size, len(rows)), len(rows))
        embedded = dict(zip(rows, (v for block in vectors for v in block), strict=True))
        generation = _generation()
        with self._write() as conn:
            # Another process may have added, rewritten or forgotten memories while these were
            # embedded: the rows as they are now decide, and the few that changed are embedded here.
            current = [tuple(r) for r in conn.execute("select id, text from memories order by id")]
            late = [r for r in current if r not in embedded]
            if late:
                embedded.update(zip(late, _embed_with(emb, [text for _, text in late]), strict=True))
            conn.execute("delete from memory_vectors")
            conn.executemany(
                "insert into memory_vectors (id, embedding) values (?, ?)",
                [(mid, _blob(embedded[(mid, text)])) for mid, text in current],
            )
            self._set_meta(embedder_model=emb.name, embedder_dim=str(emb.dim), index_generation=generation)
        if self._index is not None:
            self._index.drop_files()
        else:
            VectorIndex(self.dim, self.index_dir, self.generation).drop_files()
        self.model_name, self.dim, self.generation, self.model_matches = emb.name, emb.dim, generation, True
        self._index = None
        self._cache.clear()
        return len(current)

    def consolidate(
        self, namespace: str = "default", threshold: float = 0.92, dry_run: bool = False
    ) -> builtins.list[dict]:
        """Merge near-duplicate memories (cosine >= `threshold`, same kind and trust) into one.

        The survivor is the most important (then the newest); it takes the highest importance, the
        summed access count and the latest access, and lists the others in `metadata.merged_from`.
        The others stay in the file with `merged_into` set (their history), out of search results.
        Memories of different trust are never merged: untrusted text never becomes part of an owner fact.
        """
        idx = self._sync_index()
        with self._read() as conn:
            rows = conn.execute(
                f"select {_COLUMNS}, v.embedding from memories m join memory_vectors v on v.id = m.id "
                f"where m.namespace = ? and m.merged_into is null order by m.id",
                (namespace,),
            ).fetchall()
        if len(rows) < 2:
            return []
        memories = {r[0]: _memory(r[:-1]) for r in rows}
        vecs = {r[0]: np.frombuffer(r[-1], dtype="<f4") for r in rows}
        pairs = near_duplicate_pairs(vecs, threshold, idx)
        plan = _merge_plan(memories, pairs)
        if dry_run or not plan:
            return plan
        with self._write() as conn:
            for step in plan:
                keep = memories[step["kept"]]
                others = [memories[m] for m in step["merged"]]
                # Re-read the survivor: it may have changed since the snapshot above.
                row = conn.execute(f"select {_COLUMNS} from memories m where m.id = ?", (keep.id,)).fetchone()
                if row is None:
                    continue
                keep = _memory(row)
                conn.execute(
                    "update memories set importance = ?, access_count = ?, last_accessed_at = ?, metadata = ? "
                    "where id = ?",
                    _merged_survivor(keep, others),
                )
                conn.executemany("update memories set merged_into = ? where id = ?", [(keep.id, o.id) for o in others])
                conn.executemany("insert into vector_log (memory_id) values (?)", [(o.id,) for o in others])
        self._after_write()
        return plan

    # -- export / import -----------------------------------------------------------------------

    def export_jsonl(self, out: Path | str | IO[str], namespace: str | None = None, *, vectors: bool = False,
                     conversations: bool = False) -> int:  # fmt: skip
        """Write every memory (merged history included) as one JSON object per line; returns the count.

        A path is written atomically. `vectors` adds each embedding (base64 float32) and the model
        name, so that an import into a store with the same model needs no embedding pass.
        `conversations` adds the chat log after the memories: one line per conversation, with its
        name, its client's key and its messages (`self.exported_conversations` counts them).
        """

        def write(stream: IO[str]) -> int:
            self.exported_conversations = 0
            with self._read() as conn:
                sql, params = export_query(namespace, "?")
                n = write_memories(stream, conn.execute(sql, params), vectors=vectors, model_name=self.model_name,
                                   blob=bytes)  # fmt: skip
                if conversations:
                    self.exported_conversations = _export_conversations(conn, stream, namespace, "?")
            return n

        return export_to(out, write)

    def import_jsonl(
        self,
        source: Path | str | IO[str],
        *,
        trust: str | None = "untrusted",
        namespace: str | None = None,
        name: str = "",
    ) -> builtins.list[int]:
        """Add the memories of a JSONL export; returns their ids (the original ids where they are free).

        Imported text is marked `untrusted` unless `trust` says otherwise; `trust=None` keeps each
        record's own level (restoring your own backup). All records are validated before anything is
        written, and they are written in one transaction: a bad file imports nothing. `name` is
        what errors call the source (default: its path or stream name). Conversations in the file
        (`export_jsonl(conversations=True)`) are added with their names, keys and messages, and
        memories that name one as their source point at it here; a name its key already uses in
        the namespace is refused.
        """
        plan = prepare_import(source, name=name, trust=trust, namespace=namespace, model_name=self.model_name,
                              dim=self.dim, embed=self._embed)  # fmt: skip
        self.imported_conversations = 0
        if not plan.records and not plan.conversations:
            return []
        with self._write() as conn:
            _resource(plan.records, _import_conversations(conn, plan.conversations, "?"))
            ids = self._insert_rows(conn, plan.records, plan.vectors, plan.wanted) if plan.records else []
            fixes = merged_fixes(plan.wanted, ids, plan.merged)
            if fixes:
                conn.executemany("update memories set merged_into = ? where id = ?", fixes)
                conn.executemany("insert into vector_log (memory_id) values (?)", [(mid,) for _, mid in fixes])
        self.imported_conversations = len(plan.conversations)
        if ids:
            self._after_write()
        return ids

    # -- chat log ------------------------------------------------------------------------------

    def new_conversation(self, namespace: str = "default", title: str = "", *, name: str | None = None,
                         key: str = "") -> int:  # fmt: skip
        """A new conversation. `name`: one a client chose, to continue it later (`find_conversation`);
        `key`: the client (an API key) that owns it, '' for the owner's own tools."""
        with self._write() as conn:
            return _insert_conversation(conn, namespace, title, time.time(), name=name, key=key)

    def find_conversation(self, name: str, key: str = "", namespace: str = "default") -> int | None:
        """The id of the conversation `key` named `name` in `namespace`, or None. A name is the key's
        own: the same name under another key is another conversation, never this one."""
        with self._read() as conn:
            return _named_conversation(conn, namespace, key, name)

    def add_message(
        self, conversation_id: int, role: str, content: str, decision: Mapping[str, Any] | None = None
    ) -> int:
        message = _message(role, content, decision)
        with self._write() as conn:
            return _insert_message(conn, int(conversation_id), message)

    def add_turn(
        self,
        conversation_id: int | None,
        *,
        user: str,
        reply: str,
        decision: Mapping[str, Any] | None = None,
        memories: Sequence[Mapping[str, Any]] = (),
        namespace: str = "default",
        title: str = "",
        name: str | None = None,
        key: str | None = None,
    ) -> tuple[int, int, builtins.list[int]]:
        """One chat turn, all or nothing: the owner's message, `memories` (same keys as `add`: the
        turn's facts and its episode; one without a `source` gets `conversation:ID`) and the reply,
        in one transaction, in a new conversation (`namespace`, `title`) where `conversation_id` is
        None. A failure midway (a full disk, a file locked past the busy timeout) leaves no lone
        message to come back on resume.

        `name` and `key` (an API key's identity, as in `new_conversation`): without an id, the turn
        goes to the conversation `key` named `name`, made in the same transaction if it is new (two
        requests naming a new conversation at once make one). With an id and a `key`, the
        conversation must be that key's (MemoryStoreError otherwise, as for an unknown id).

        Returns the conversation id, the reply's message id and the memories' ids."""
        asked, answered = _message("user", user), _message("assistant", reply, decision)
        now = time.time()
        records = [_record(item, now, where=f"memory #{i}") for i, item in enumerate(memories)]
        unsourced = [r for r, item in zip(records, memories, strict=True) if "source" not in item]
        vecs = self._embed([r["text"] for r in records]) if records else np.zeros((0, self.dim), dtype=np.float32)
        with self._write() as conn:
            if conversation_id is None and name is not None:
                conversation_id = _named_conversation(conn, namespace, key or "", name)
            if conversation_id is None:
                conversation_id = _insert_conversation(conn, namespace, title, now, name=name, key=key or "")
            elif key is not None:
                _check_owner(conn, conversation_id, key)
            for r in unsourced:
                r["source"] = f"conversation:{conversation_id}"
            _insert_message(conn, conversation_id, asked)
            ids = self._insert_rows(conn, records, vecs) if records else []
            message_id = _insert_message(conn, conversation_id, answered)
        if ids:
            self._after_write()
        return conversation_id, message_id, ids

    def messages(
        self, conversation_id: int, *, key: str | None = None, last: int | None = None
    ) -> builtins.list[dict[str, Any]]:
        """The conversation's messages, oldest first; with `last`, only its last that many (read as
        such: a long conversation is not read whole for its tail). With a `key`, only that key's
        conversation is read: another's is refused as if it did not exist."""
        with self._read() as conn:
            _check_owner(conn, conversation_id, key)
            rows = conn.execute(*_messages_query(conversation_id, last, "?")).fetchall()
        return _decoded_messages(rows[::-1] if last is not None else rows)

    def conversations(self, namespace: str = "default", limit: int = 50) -> builtins.list[dict[str, Any]]:
        with self._lock:
            self._check_open()
            rows = self._conn.execute(
                "select c.id, c.title, c.created_at, c.updated_at, "
                "(select count(*) from messages m where m.conversation_id = c.id), c.name, c.client_key "
                "from conversations c where c.namespace = ? order by c.updated_at desc, c.id desc limit ?",
                (namespace, int(limit)),
            ).fetchall()
        return [{"id": r[0], "title": r[1], "created_at": r[2], "updated_at": r[3], "n_messages": r[4], "name": r[5],
                 "client_key": r[6]} for r in rows]  # fmt: skip

    def last_conversation(self, namespace: str = "default") -> int | None:
        found = self.conversations(namespace, limit=1)
        return found[0]["id"] if found else None

    # -- lifetime ------------------------------------------------------------------------------

    def close(self) -> None:
        """Save the ANN index if it moved on noticeably, and close the database."""
        with self._lock:
            if self._closed:
                return
            try:
                if self._index is not None and self._index.unsaved >= self.save_every:
                    with contextlib.suppress(OSError):
                        self._index.save()  # only a cache: a failed save costs a catch-up next time
            finally:
                self._closed = True
                self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r})"
