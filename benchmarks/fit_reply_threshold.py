"""Refit `guardrails._builtins.REPLY_THRESHOLD` for the hazard head in place (training data only).

One reply each (the planner's answer instruction, SmolLM2, 64 tokens, seeds 1000+i) to a seeded
sample of benign *training* prompts: 120 look-alikes (`guardrails.training._augment`), 100 Dolly train, 50
self-instruct seed tasks. The threshold is the 99th percentile of the hazard head's p on those
replies' bodies (refusal and support sentences left out, as the objective scores them); replies to
harmful training prompts (AdvBench, our harmful requests) are reported for comparison. No
evaluation split is read (SPLITS.md).

    BROCA_LLM_N_THREADS=1 .venv/bin/python benchmarks/fit_reply_threshold.py   # ~10 min on a free core
"""

from __future__ import annotations

import argparse
import os
import random

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quantile", type=float, default=0.99)
    parser.add_argument("--max-tokens", type=int, default=64)
    parser.add_argument("--per-source", type=int, help="Prompts per source instead of the defaults (a smoke test).")
    args = parser.parse_args()

    from assistant.config import load_config
    from assistant.planner import Strategy
    from assistant.session import open_session
    from guardrails import Batch
    from guardrails.training import (
        REPLY_THRESHOLD,
        advbench,
        default_data_dir,
        dolly,
        harmful_requests,
        head_probs,
        head_threshold,
        lookalike_requests,
        reply_body,
        self_instruct_seed,
    )

    config = load_config()
    config.llm.max_tokens = args.max_tokens
    session = open_session(config, use_memory=False)
    root = default_data_dir()
    rng = random.Random(7)
    sources = {
        "look": (lookalike_requests(0), 120, False),
        "dolly": (dolly(root, evaluation=False), 100, False),
        "seed": (self_instruct_seed(root), 50, False),
        "advbench": (advbench(root)[:520], 80, True),
        "harmful": (harmful_requests(0), 80, True),
    }
    replies: list[str] = []
    harmful: list[bool] = []
    names: list[str] = []
    planner = session.planner
    for name, (texts, n, is_harmful) in sources.items():
        n = args.per_source or n
        for i, text in enumerate(rng.sample(texts, min(n, len(texts)))):
            messages = planner.messages_for(
                Strategy.ANSWER, config.llm.system_prompt, [{"role": "user", "content": text}], ""
            )
            run = planner.model.start(messages, planner.sampling.with_(seed=1000 + i))
            for _ in run:
                pass
            replies.append(reply_body(run.result.text.strip()) or ".")
            harmful.append(is_harmful)
            names.append(name)
    p = head_probs(Batch(texts=replies), "hazard")
    benign = ~np.array(harmful)
    fitted = float(np.quantile(p[benign], args.quantile))
    print(f"hazard head threshold {head_threshold('hazard', ''):.4f}; REPLY_THRESHOLD now {REPLY_THRESHOLD}")
    for name in sources:
        mask = np.array(names) == name
        print(f"  {name:9s} n={mask.sum():3d} replies with p >= {fitted:.3f}: {np.mean(p[mask] >= fitted):.3f}")
    print(f"RESULT reply_threshold={fitted:.3f} (the {args.quantile:.0%} quantile over {benign.sum()} benign replies)")


if __name__ == "__main__":
    main()
