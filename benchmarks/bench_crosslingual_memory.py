"""Memory recall across languages: the project's cross-lingual set (benchmarks/data/
crosslingual_memory.jsonl, 264 owner facts in 12 languages, each with a question in another language
and a paraphrase in the same one) in a real SQLite store: one owner (namespace) per fact language,
holding that language's 22 facts and all 312 distractor memories (small talk and chat-log entries in
the 12 languages); each question is searched in its owner's memories, recall@5 of its fact. (The facts
come from many voices: in one shared store a question "what is my job?" has twelve right answers.)
The shipped multilingual encoder against all-MiniLM-L6-v2 in the same run. `dev` and `test` are the
halves of the facts by id hash: the encoder's alignment strength was chosen on `dev`
(benchmarks/fit_encoder_alignment.py), nothing on `test`. Usage:

    .venv/bin/python benchmarks/bench_crosslingual_memory.py [--json] [--facts N] [--distractors N]

Prints recall@5 by kind (crosslingual, paraphrase), by fact language and by question language, and
ends with `RESULT key=value ...`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")

DATA = Path(__file__).resolve().parent / "data"


def load() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    def rows(name: str) -> list[dict[str, Any]]:
        with (DATA / name).open(encoding="utf-8") as fh:
            return [json.loads(line) for line in fh if line.strip()]

    return rows("crosslingual_memory.jsonl"), rows("crosslingual_distractors.jsonl")


def run(model: str, facts: list[dict[str, Any]], distractors: list[dict[str, Any]], k: int = 5) -> dict[str, Any]:
    from memory import Store
    from memory.embedder import Embedder

    embedder = Embedder(model)
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "memory.db", embedder=embedder) as store:
        started = time.perf_counter()
        owner: dict[int, str] = {}
        for lang in sorted({f["lang"] for f in facts}):
            mine = [f for f in facts if f["lang"] == lang]
            ids = store.add_many([{"text": f["fact"], "kind": "fact", "namespace": lang} for f in mine])
            owner.update(zip(ids, (f["id"] for f in mine), strict=True))
            store.add_many(
                [{"text": d["text"], "kind": "episode", "source": "assistant", "namespace": lang} for d in distractors]
            )
        hits: dict[str, list[int]] = defaultdict(list)
        for fact in facts:
            half = "dev" if int(hashlib.sha256(fact["id"].encode()).hexdigest(), 16) % 2 == 0 else "test"
            for q in fact["questions"]:
                hits_ = store.search(q["text"], k=k, namespace=fact["lang"], touch=False)
                hit = int(fact["id"] in [owner.get(h.memory.id) for h in hits_])
                for key in (q["kind"], f"{q['kind']}-{half}", f"fact:{fact['lang']}", f"question:{q['lang']}", "all"):
                    hits[key].append(hit)
                if fact.get("hard"):
                    hits["hard"].append(hit)
        seconds = time.perf_counter() - started
    recall = {key: round(sum(v) / len(v), 4) for key, v in sorted(hits.items())}
    return {"model": model, "k": k, "recall": recall, "questions": len(hits["all"]), "seconds": round(seconds, 1)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="Print each model's report as JSON.")
    parser.add_argument("--facts", type=int, help="Only the first N facts of each language (a smoke test).")
    parser.add_argument("--distractors", type=int, help="Only the first N distractors (a smoke test).")
    args = parser.parse_args(argv)
    from memory.embedder import DEFAULT_MODEL, MINILM

    facts, distractors = load()
    if args.facts is not None:
        seen: dict[str, int] = defaultdict(int)
        kept = []
        for fact in facts:
            seen[fact["lang"]] += 1
            if seen[fact["lang"]] <= args.facts:
                kept.append(fact)
        facts = kept
    if args.distractors is not None:
        distractors = distractors[: args.distractors]
    reports = [run(model, facts, distractors) for model in (DEFAULT_MODEL, MINILM)]
    for report in reports:
        if args.json:
            print(json.dumps(report, ensure_ascii=False))
            continue
        r = report["recall"]
        print(f"{report['model']}: {report['questions']} questions in {report['seconds']} s")
        print(f"  recall@5 crosslingual {r['crosslingual']}  paraphrase {r['paraphrase']}  hard {r.get('hard')}")
        print(
            f"  halves: crosslingual dev {r.get('crosslingual-dev')} test {r.get('crosslingual-test')}; "
            f"paraphrase dev {r.get('paraphrase-dev')} test {r.get('paraphrase-test')}"
        )
        print("  by fact language:     " + "  ".join(f"{k[5:]} {v}" for k, v in r.items() if k.startswith("fact:")))
        print("  by question language: " + "  ".join(f"{k[9:]} {v}" for k, v in r.items() if k.startswith("question:")))
    ours, base = reports[0]["recall"], reports[1]["recall"]
    # A tiny run (--facts) may leave a half without questions: None, not a failure.
    cross_test, para_test = ours.get("crosslingual-test"), ours.get("paraphrase-test")
    print(
        f"RESULT crosslingual_recall5={ours['crosslingual']} paraphrase_recall5={ours['paraphrase']} "
        f"crosslingual_test_recall5={cross_test} paraphrase_test_recall5={para_test} "
        f"minilm_crosslingual_recall5={base['crosslingual']} minilm_paraphrase_recall5={base['paraphrase']}"
    )


if __name__ == "__main__":
    main()
