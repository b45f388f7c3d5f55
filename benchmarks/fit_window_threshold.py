"""Refit `guardrails._builtins.WINDOW_THRESHOLD` for the hazard head (training data only).

Long benign texts: Dolly training answers over 200 characters (their questions on the training side
of the hash split), shuffled with a seed; the first 600 fit the threshold (the quantile that leaves
`--target` of them flagged by their worst sentence window), the next 400 check it. Padded harmful
texts: 200 AdvBench texts (training only: its harmful requests and harmful strings), each after one
of the check answers, read whole and by windows. No evaluation split is read (SPLITS.md).

    .venv/bin/python benchmarks/fit_window_threshold.py    # about a minute on 2 cores
"""

from __future__ import annotations

import argparse
import json
import os
import random

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", type=float, default=0.02, help="Share of the long benign texts flagged.")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    from guardrails import Batch, Scope
    from guardrails.training import (
        WINDOW_THRESHOLD,
        WINDOWS_ABOVE,
        advbench,
        default_data_dir,
        hazard_routes,
        head_probs,
        head_threshold,
        is_eval,
        scored_windows,
    )

    root = default_data_dir()
    with (root / "dolly-15k-open-qa" / "dolly_open_qa.jsonl").open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    answers = [r["response"] for r in rows if not is_eval(r["instruction"]) and len(r["response"]) > WINDOWS_ABOVE]
    rng = random.Random(args.seed)
    rng.shuffle(answers)
    fit, check = answers[:600], answers[600:1000]
    requests = advbench(root)
    rng.shuffle(requests)
    padded = [check[i % len(check)].strip() + "\n\n" + r for i, r in enumerate(requests[:200])]

    def worst_window(texts: list[str]) -> np.ndarray:
        batch = Batch(texts=texts)
        batch.scope = Scope.INPUT
        windows, q, owner = scored_windows(batch, "hazard")
        out = np.zeros(len(texts))
        np.maximum.at(out, owner, (q[:, None] * hazard_routes(windows)).max(axis=1))
        return out

    fitted = float(np.quantile(worst_window(fit), 1.0 - args.target))
    check_p, padded_p = worst_window(check), worst_window(padded)
    whole = Batch(texts=padded)
    whole_p = head_probs(whole, "hazard") * hazard_routes(whole).max(axis=1)
    hazard_t = head_threshold("hazard", "")
    print(f"hazard head threshold {hazard_t:.4f}; WINDOW_THRESHOLD now {WINDOW_THRESHOLD}")
    print(f"  check: {len(check)} long benign answers flagged by a window: {np.mean(check_p >= fitted):.3f}")
    print(f"  padded harmful texts caught read whole: {np.mean(whole_p >= hazard_t):.3f}")
    print(f"  padded harmful texts caught by a window: {np.mean(padded_p >= fitted):.3f}")
    print(f"RESULT window_threshold={fitted:.3f} (flags {args.target:.0%} of {len(fit)} long benign training answers)")


if __name__ == "__main__":
    main()
