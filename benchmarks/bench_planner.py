"""The cost of thinking before and after speaking: a System-1 turn against raw generation.

For each prompt, one System-1 turn (recall from a populated memory store, assess the input, the
latent step, one candidate, hard vetoes, remember) is timed, and so is raw generation of the very
same reply (same prompt tokens, seed and length) by the language layer alone. The overhead is the
turn's time minus raw generation, over raw generation. Also runs System 2 to report mean N.

    .venv/bin/python benchmarks/bench_planner.py [--prompts 8] [--memories 2000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

PROMPTS = [
    "What is the capital of Italy?",
    "Give me a tip for sleeping better.",
    "How do I kill a Python process?",
    "Write a short thank-you note to a colleague.",
    "What's a good name for a grey cat?",
    "Explain what a VPN does in two sentences.",
    "Suggest a quick vegetarian dinner.",
    "How many minutes are in a day?",
    "What should I pack for a weekend hike?",
    "Translate 'thank you' into German.",
]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prompts", type=int, default=8)
    parser.add_argument("--memories", type=int, default=2000)
    parser.add_argument("--max-tokens", type=int, default=96)
    args = parser.parse_args(argv)

    from assistant.config import load_config
    from assistant.llm import Generation, LanguageModel, Message, Sampling
    from assistant.session import Session, load_energy
    from memory import Store
    from memory.embedder import default_embedder

    config = load_config()
    config.llm.max_tokens = args.max_tokens
    model = LanguageModel.from_config(config.llm)
    embedder = default_embedder()
    energy = load_energy(config)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "memory.db")
        facts = [f"Note {i}: the owner mentioned topic number {i % 97} on day {i}." for i in range(args.memories)]
        store.add_many([{"text": t, "kind": "note", "source": "owner", "trust": "owner"} for t in facts])
        session = Session(config, model=model, store=store, energy=energy, embed=embedder.embed)
        session.turn("Warm-up: say hi.", fast=True, seed=0)

        # The very prompt the turn decoded from (its strategy, its memory block, its opening), as
        # the language layer received it: raw generation repeats exactly that call.
        started_with: list[tuple[list[Message], Sampling, str]] = []
        start = model.start

        def recording_start(messages: list[Message], sampling: Sampling, prefix: str = "") -> Generation:
            started_with.append((list(messages), sampling, prefix))
            return start(messages, sampling, prefix)

        model.start = recording_start  # type: ignore[method-assign]
        overheads, around, turn_s, raw_s = [], [], [], []
        parts: dict[str, list[float]] = {k: [] for k in ("recall_s", "assess_s", "plan_s", "score_s", "remember_s")}
        for i, prompt in enumerate(PROMPTS[: args.prompts]):
            session.history = []
            started_with.clear()
            started = time.perf_counter()
            reply = session.turn(prompt, fast=True, seed=100 + i)
            turn = time.perf_counter() - started
            messages, sampling, prefix = started_with[max(0, reply.decision.chosen)]
            model._canonical = None  # a cold prefill, as in the turn
            t = time.perf_counter()
            for _ in start(messages, sampling, prefix):
                pass
            raw = time.perf_counter() - t
            turn_s.append(turn)
            raw_s.append(raw)
            overheads.append((turn - raw) / raw)
            timings = reply.decision.timings
            # The work around generation before the answer is out: recall, assess, plan, score.
            around.append(sum(timings.get(k, 0.0) for k in ("recall_s", "assess_s", "plan_s", "score_s")) / raw)
            for key in parts:
                parts[key].append(timings.get(key, 0.0))

        model.start = start  # type: ignore[method-assign]
        n_system2 = []
        for i, prompt in enumerate(PROMPTS[: args.prompts]):
            session.history = []
            n_system2.append(session.turn(prompt, fast=False, seed=200 + i).decision.n)
        store.close()

    overhead = statistics.median(overheads)
    around_ratio = statistics.median(around)
    print(f"System-1 turn      median {statistics.median(turn_s):.3f} s")
    print(f"raw generation     median {statistics.median(raw_s):.3f} s")
    for key, values in parts.items():
        print(f"  {key:<10} median {statistics.median(values) * 1000:.1f} ms")
    print(f"recall+assess+plan+score  median {around_ratio * 100:.1f} % of raw generation (target <= 10 %)")
    print(f"whole turn (with remembering) median {overhead * 100:.1f} % over raw generation")
    print(f"System 2 mean candidates on benign prompts: {statistics.fmean(n_system2):.2f}")
    print(
        f"RESULT system1_turn_s={statistics.median(turn_s):.3f} raw_generation_s={statistics.median(raw_s):.3f} "
        f"around_generation_ratio={around_ratio:.3f} turn_overhead_ratio={overhead:.3f} "
        f"system2_mean_n={statistics.fmean(n_system2):.2f} "
        f"memories={args.memories} guardrails=on"
    )


if __name__ == "__main__":
    main()
