"""`broca ask` against raw llama-cpp-python on the same prompt, model and token count.

Prints decode speed (tokens/s after the first token) for both and their ratio, and the cold start
of `broca ask` (process start to first streamed byte). Usage:

    .venv/bin/python benchmarks/bench_ask.py [--tokens 128] [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

PROMPT = "Write a long, detailed essay about the history of the Roman empire."


def broca_command() -> list[str]:
    exe = Path(sys.executable).with_name("broca")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "assistant"]


def raw_llama(tokens: int, runs: int, threads: int) -> list[float]:
    """Decode tok/s of plain llama-cpp-python's chat completion, streamed. The `Llama` is loaded as
    the product loads it (`load_llama`: no extra buffer types on an AMX build, where they crash)."""
    from assistant.llm import embedded_model_path, load_llama

    llm = load_llama(embedded_model_path(), n_ctx=2048, n_threads=threads, n_threads_batch=threads, verbose=False)
    rates = []
    for seed in range(runs):
        llm.reset()
        stream = llm.create_chat_completion(
            [{"role": "system", "content": "You are a helpful assistant."}, {"role": "user", "content": PROMPT}],
            max_tokens=tokens,
            temperature=0.2,
            top_p=0.9,
            top_k=40,
            min_p=0.05,
            repeat_penalty=1.1,
            seed=seed,
            stream=True,
        )
        first = None
        pieces = []
        for chunk in stream:
            piece = chunk["choices"][0]["delta"].get("content")
            if piece:
                pieces.append(piece)
                if first is None:
                    first = time.perf_counter()
        end = time.perf_counter()
        # Tokens counted the same way for every contender: the reply's text, re-tokenised.
        count = len(llm.tokenize("".join(pieces).encode(), add_bos=False, special=True))
        if first is not None and count > 1:
            rates.append((count - 1) / (end - first))
    llm.close()
    return rates


def broca_api(tokens: int, runs: int) -> list[float]:
    from assistant.llm import LanguageModel, Sampling

    model = LanguageModel(n_ctx=2048)
    messages = [{"role": "system", "content": "You are a helpful assistant."}, {"role": "user", "content": PROMPT}]
    rates = []
    for seed in range(runs):
        model._canonical = None  # a fresh prefill each run, like the raw baseline's reset()
        first = None
        pieces = []
        for piece in model.stream(messages, Sampling(max_tokens=tokens, seed=seed)):  # type: ignore[arg-type]
            pieces.append(piece)
            if first is None:
                first = time.perf_counter()
        end = time.perf_counter()
        count = len(model.tokenize("".join(pieces)))
        if first is not None and count > 1:
            rates.append((count - 1) / (end - first))
    model.close()
    return rates


def broca_cli(tokens: int, runs: int) -> tuple[list[float], list[float]]:
    """(cold start to first byte, decode tok/s from --json) of the real `broca ask` command."""
    cold, rates = [], []
    for seed in range(runs):
        started = time.perf_counter()
        proc = subprocess.Popen(
            [*broca_command(), "ask", "--direct", "--seed", str(seed), "--max-tokens", str(tokens), PROMPT],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        assert proc.stdout is not None
        proc.stdout.read(1)
        cold.append(time.perf_counter() - started)
        proc.communicate()
        out = subprocess.run(
            [*broca_command(), "ask", "--direct", "--json", "--seed", str(seed), "--max-tokens", str(tokens), PROMPT],
            capture_output=True,
            text=True,
            check=True,
        )
        record = json.loads(out.stdout)
        if record["tokens"] > 1:
            rates.append((record["tokens"] - 1) / (record["total_s"] - record["first_token_s"]))
    return cold, rates


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokens", type=int, default=128)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    from assistant.llm import _default_threads

    threads = _default_threads()
    raw = statistics.median(raw_llama(args.tokens, args.runs, threads))
    api = statistics.median(broca_api(args.tokens, args.runs))
    cold_runs, cli_rates = broca_cli(args.tokens, args.runs)
    cold = statistics.median(cold_runs)
    cli = statistics.median(cli_rates)
    print(f"raw llama-cpp-python   {raw:8.1f} tok/s")
    print(f"broca API (stream)     {api:8.1f} tok/s   ratio {api / raw:.3f}")
    print(f"broca ask (CLI)        {cli:8.1f} tok/s   ratio {cli / raw:.3f}")
    print(f"broca ask cold start   {cold:8.2f} s to first token (median of {args.runs})")
    print(
        f"RESULT raw_tok_s={raw:.1f} api_tok_s={api:.1f} cli_tok_s={cli:.1f} "
        f"api_ratio={api / raw:.3f} cli_ratio={cli / raw:.3f} cold_start_s={cold:.2f} threads={threads}"
    )


if __name__ == "__main__":
    main()
