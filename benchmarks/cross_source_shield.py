"""Cross-source table for the shield: train without one source, judge on that source's evaluation split.

The shield is fitted as `broca shield train` fits it (same rows, same embedding, same cuts) less the
training side of one source, and scanned (its own terms, no guardrails) on that source's evaluation
split, which no fit here reads for training. The row "all" is the full training set judged on every
split, the in-source figure the left-out ones are compared with; phishing-pot is never trained on, so
its figure is cross-source in every row. Leaving out the project's own corpus shows what it adds.

    .venv/bin/python benchmarks/cross_source_shield.py --cache /tmp/shield/emb.npz --pot-limit 1000

One fit takes minutes on 2 cores once the embedding cache is warm (the first run embeds every
training message: about half an hour).
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from assistant.shield.core import Shield
from assistant.shield.evaluate import evaluate
from assistant.shield.train import TRAINING_SETS, embed_texts, fit, head_view, training_messages

SOURCES = (*TRAINING_SETS, "project")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=None, help="the eval-data folder (default: shared)")
    parser.add_argument("--cache", type=Path, default=None, help="embedding cache (as `broca shield train`)")
    parser.add_argument("--pot-limit", type=int, default=1000, help="phishing-pot mails judged (evenly spaced)")
    parser.add_argument("--only", nargs="*", default=None, help="left-out sources to run (default: all)")
    parser.add_argument("--json", type=Path, default=None, help="also write the table here")
    args = parser.parse_args()

    messages, labels, sources, counts = training_messages(args.data)
    print(f"training messages: {counts}", flush=True)
    embeddings = embed_texts([head_view(m) for m in messages], args.cache)
    y = np.asarray(labels)
    source = np.asarray(sources)

    def judge(keep: np.ndarray, datasets: list[str]) -> dict[str, dict]:
        idx = np.flatnonzero(keep)
        artifact, _ = fit(
            [messages[i] for i in idx], y[idx].tolist(), embeddings[idx], sources=source[idx].tolist(), info={}
        )
        shield = Shield(artifact)
        out = {}
        for name in datasets:
            limit = args.pot_limit if name == "phishing-pot" else None
            report = evaluate(shield, name, args.data, limit=limit)
            out[name] = {
                k: report[k] for k in ("n", "spam_recall", "ham_false_positive_rate", "f1", "spam_recall_at_0_5pct_fp")
            }
            if "by_language" in report:
                out[name]["by_language"] = report["by_language"]
            print(f"  {name}: {json.dumps(out[name])[:400]}", flush=True)
        return out

    table: dict[str, dict] = {}
    real = [s for s in SOURCES if s != "project"]
    runs = ["all", *SOURCES] if args.only is None else args.only
    for held in runs:
        print(f"without {held}:", flush=True)
        if held == "all":
            table[held] = judge(np.ones(len(y), dtype=bool), [*real, "phishing-pot"])
        elif held == "project":
            table[held] = judge(source != held, [*real, "phishing-pot"])
        else:
            table[held] = judge(source != held, [held, "phishing-pot"])
    if args.json:
        args.json.write_text(json.dumps(table, indent=1))
    print("\n| left out | judged on | spam caught | ham quarantined | caught, all sources trained |")
    print("|---|---|---|---|---|")
    for held, results in table.items():
        if held == "all":
            continue
        for name, r in results.items():
            ref = table.get("all", {}).get(name, {})
            print(
                f"| {held} | {name} | {r['spam_recall']:.3f} | {100 * r['ham_false_positive_rate']:.2f} % "
                f"| {ref.get('spam_recall', float('nan')):.3f} |"
            )
    held_out = {h: table[h][h]["spam_recall"] for h in real if h in table}
    print("RESULT " + " ".join(f"{h}_recall_left_out={v:.3f}" for h, v in held_out.items()))


if __name__ == "__main__":
    main()
