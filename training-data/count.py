"""Counts of the project's own training data by file, kind and language (for DATA.md):
python3 training-data/count.py"""

import json
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent


for path in sorted(HERE.rglob("*.jsonl")):
    rows = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    langs = Counter(str(r.get("lang")) for r in rows)
    print(
        f"| {path.relative_to(HERE)} | {len(rows)} | {len(langs)} | "
        + ", ".join(f"{k} {v}" for k, v in sorted(langs.items()))
        + " |"
    )
    if any("label" in r for r in rows):  # labelled files (typed_injections): both labels per language
        labels = Counter((str(r.get("lang")), r.get("label")) for r in rows)
        print("  labels 1/0: " + ", ".join(f"{k} {labels[(k, 1)]}/{labels[(k, 0)]}" for k in sorted(langs)))
