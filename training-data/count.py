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
