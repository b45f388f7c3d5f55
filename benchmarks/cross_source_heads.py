"""Cross-source table for the guardrail heads: fit a head without one source, judge it on that source.

Training data only (the heads' training splits and the project's own data; no evaluation split is
read, SPLITS.md). For each named group of sources the head is fitted as `broca guardrails train` fits
it, less those rows, and the left-out rows are scored at that head's own threshold: recall where they
are harmful, the share flagged where they are harmless. The encoder adapter saw every source, so the
figures through it flatter the heads; `--plain` reads the plain embedding instead.

    .venv/bin/python benchmarks/cross_source_heads.py --cache-dir /tmp/broca-gr-cache   # ~5 min cached
"""

from __future__ import annotations

import argparse
import json
import os
import re
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")

# Left-out groups per head: regular expressions over the training rows' `source`.
GROUPS = {
    "hazard": {
        "do-not-answer": r"^do-not-answer$",
        "jade-db": r"^jade-db",
        "advbench": r"^advbench$",
        "project harmful (16 languages)": r"^project-harmful-",
        "coconot contrast": r"^coconot-contrast-train$",
        "project look-alikes (16 languages)": r"^project-lookalike-",
        "Chinese small talk (KdConv, COLD clean)": r"^kdconv$|^cold-clean$",
    },
    "prompt_injection": {
        "deepset": r"^deepset$",
        "giskard": r"^giskard$",
        "bipia": r"^bipia",
        "project look-alikes (16 languages)": r"^project-lookalike-",
    },
    "toxicity": {
        "davidson": r"^davidson-",
        "jigsaw": r"^jigsaw-",
        "cold (Chinese)": r"^cold-",
    },
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, help="The evaluation data folder (default: ../shared/eval-data).")
    parser.add_argument("--cache-dir", type=Path, help="Cache embeddings here between runs.")
    parser.add_argument("--head", action="append", choices=sorted(GROUPS), help="Only these heads (repeatable).")
    parser.add_argument("--plain", action="store_true", help="Read the plain embedding, not the adapter.")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    from guardrails.training import (
        PLAIN_HEADS,
        dedupe,
        default_adapter,
        default_data_dir,
        embed_texts,
        fit_head,
        training_sets,
    )

    sets = training_sets(args.data_dir or default_data_dir(), seed=args.seed)
    summary: dict[str, float] = {}
    for name in args.head or list(GROUPS):
        rows = dedupe(sets[name])
        texts = [e.text for e in rows]
        adapter = None if args.plain or name in PLAIN_HEADS else default_adapter()
        emb = embed_texts(texts, args.cache_dir, adapter=adapter)
        for group, pattern in GROUPS[name].items():
            out = np.array([bool(re.search(pattern, e.source)) for e in rows])
            if not out.any():
                continue
            head, report = fit_head(
                name, [e for e, o in zip(rows, out, strict=True) if not o], seed=args.seed, embeddings=emb[~out]
            )
            p = head.calibrate(head.raw(emb[out], [t for t, o in zip(texts, out, strict=True) if o]))
            y = np.array([e.label for e, o in zip(rows, out, strict=True) if o]) == 1
            hit = p >= report["threshold"]
            line = {"head": name, "left_out": group, "n": int(out.sum()), "threshold": report["threshold"]}
            if y.any():
                line["recall"] = round(float(hit[y].mean()), 3)
            if (~y).any():
                line["flagged_harmless"] = round(float(hit[~y].mean()), 3)
            print(json.dumps(line, ensure_ascii=False), flush=True)
            key = re.sub(r"\W+", "_", f"{name}_{group.split(' (')[0]}").strip("_").lower()
            summary[key] = line.get("recall", line.get("flagged_harmless", float("nan")))
    print("RESULT " + " ".join(f"{k}={v}" for k, v in summary.items()))


if __name__ == "__main__":
    main()
