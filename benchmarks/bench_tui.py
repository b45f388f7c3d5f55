"""Key-press latency of `broca chat` while an answer streams, against the same key presses when idle.

The real app runs headless (Textual's test harness) on the real embedded model. Keys are posted to
the app the way the terminal driver posts them, one every --interval seconds (a fast typist), and a
key's latency is the time from posting it to the prompt's `Input.Changed` reaching the app (the key
went through the event loop, the bindings and the input widget). While streaming, only keys handled
while the answer was still being generated count. The cost of streaming into the UI is measured too:
generated tokens/s through the app against the bare model (same prompt, same seed).

    .venv/bin/python benchmarks/bench_tui.py            # ~1-2 minutes on 2 cores
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

PROMPT = "Write a long story about a lighthouse keeper, the sea and a storm."
TARGET_MS = 50.0


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keys", type=int, default=40, help="key presses per condition")
    parser.add_argument("--interval", type=float, default=0.06, help="seconds between key presses")
    parser.add_argument("--max-tokens", type=int, default=400, help="longest answer per turn")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as home:
        os.environ["BROCA_DATA_DIR"] = str(Path(home) / "data")
        os.environ["BROCA_CONFIG"] = str(Path(home) / "config.toml")
        asyncio.run(run(args))


async def run(args: argparse.Namespace) -> None:
    from textual import events
    from textual.widgets import Input

    from assistant.config import load_config
    from assistant.llm import LanguageModel, Sampling
    from assistant.tui import ChatApp, build_session

    config = load_config()
    config.llm.max_tokens = args.max_tokens
    config.planner.n_max = 1
    started = time.perf_counter()
    model = LanguageModel.from_config(config.llm)
    opened = build_session(config, model=model, new=True)
    opened.session.embed(["warm up"])
    print(f"loaded in {time.perf_counter() - started:.1f}s; warnings: {opened.warnings or 'none'}")

    # Baseline for throughput: the bare model, same prompt and seed, no UI.
    messages = opened.session.planner.messages_for(
        opened.session.planner.choose(opened.session.embed([PROMPT])[0], None).strategy,
        config.llm.system_prompt,
        [{"role": "user", "content": PROMPT}],
        "",
    )
    sampling = Sampling.from_config(config.llm).with_(seed=11)
    model.complete(messages, sampling.with_(max_tokens=8))  # warm: the first decode sets llama.cpp up
    # In a plain thread, like the app's worker: on a busy machine llama.cpp's OpenMP threads decode
    # several times slower from the main thread (they spin), which would flatter the app.
    t = time.perf_counter()
    bare = await asyncio.to_thread(model.complete, messages, sampling)
    bare_s = time.perf_counter() - t
    bare_tps = bare.tokens / bare_s
    print(f"bare model: {bare.tokens} tokens in {bare_s:.1f}s")

    class BenchApp(ChatApp):
        def __init__(self, *a: Any, **k: Any) -> None:
            super().__init__(*a, **k)
            self.handled: asyncio.Event = asyncio.Event()
            self.handled_at = 0.0
            self.while_generating = False
            self.streaming: asyncio.Event = asyncio.Event()

        async def _on_piece(self, index: int, piece: str) -> None:
            await super()._on_piece(index, piece)
            self.streaming.set()

        def on_input_changed(self, event: Input.Changed) -> None:
            self.handled_at = time.perf_counter()
            self.while_generating = self.generating
            self.handled.set()

    app = BenchApp(opened, seed=11)

    async def press(char: str) -> tuple[float, bool]:
        app.handled.clear()
        posted = time.perf_counter()
        app.post_message(events.Key(char, char))
        await asyncio.wait_for(app.handled.wait(), timeout=10)
        return (app.handled_at - posted) * 1000, app.while_generating

    idle: list[float] = []
    streaming: list[float] = []
    app_tps: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        prompt = app.query_one(Input)
        for i in range(args.keys):
            ms, _ = await press("abcdefghij"[i % 10])
            idle.append(ms)
            await asyncio.sleep(args.interval)
        prompt.value = ""
        turns = 0
        while len(streaming) < args.keys and turns < 10:
            turns += 1
            app.streaming.clear()
            await app.send(PROMPT)
            await asyncio.wait_for(app.streaming.wait(), timeout=300)
            while app.generating and len(streaming) < args.keys:
                ms, during = await press("klmnopqrst"[len(streaming) % 10])
                if during:
                    streaming.append(ms)
                await asyncio.sleep(args.interval)
            await app.workers.wait_for_complete()
            await pilot.pause()
            if app.last_decision and app.last_decision.get("timings"):
                from assistant.tui.backend import tokens_per_second

                rate = tokens_per_second(app.last_decision)
                if rate:
                    app_tps.append(rate)
                    tokens = sum(c["tokens"] for c in app.last_decision["candidates"])
                    print(f"through the app: {tokens} tokens in {app.last_decision['timings']['decode_s']:.1f}s")
            prompt.value = ""

    idle_p50, stream_p50 = statistics.median(idle), statistics.median(streaming)
    stream_p95, stream_max = percentile(streaming, 95), max(streaming)
    within = sum(ms <= TARGET_MS for ms in streaming) / len(streaming)
    print(f"{'condition':<12}{'n':>5}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}")
    print(f"{'idle':<12}{len(idle):>5}{idle_p50:>10.1f}{percentile(idle, 95):>10.1f}{max(idle):>10.1f}")
    print(f"{'streaming':<12}{len(streaming):>5}{stream_p50:>10.1f}{stream_p95:>10.1f}{stream_max:>10.1f}")
    print(f"streaming/idle p50 ratio: {stream_p50 / idle_p50:.2f}x; within {TARGET_MS:.0f} ms: {within:.0%}")
    tps = statistics.median(app_tps) if app_tps else float("nan")
    print(f"generation: bare model {bare_tps:.1f} tok/s, through the app {tps:.1f} tok/s ({tps / bare_tps:.2f}x)")
    print(
        f"RESULT key_p50_ms={stream_p50:.1f} key_p95_ms={stream_p95:.1f} key_max_ms={stream_max:.1f} "
        f"idle_p50_ms={idle_p50:.1f} ratio_p50={stream_p50 / idle_p50:.2f} within_50ms={within:.2f} "
        f"n_keys={len(streaming)} tok_s_app={tps:.1f} tok_s_bare={bare_tps:.1f} tok_ratio={tps / bare_tps:.2f}"
    )


if __name__ == "__main__":
    main()
