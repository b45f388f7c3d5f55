"""Shield throughput against an LLM-as-guard baseline, measured in the same run.

    .venv/bin/python benchmarks/bench_shield.py [--short 512] [--emails 256] [--guarded-emails 64] [--llm-short 32]
        [--llm-emails 12] [--data DIR]

Short texts are SMS messages, full emails raw SpamAssassin messages (both from the evaluation
splits of ../shared/eval-data, or of `--data`, only timed here; the quality figures come from `broca shield eval`).
The shield is timed end to end: parsing, the cascade, chunks of 64, twice: with its own terms only
(`--no-guardrails`), and as the CLI runs by default, with guardrails' incoming objectives (prompt
injection, which reads every sentence of a long message, and toxicity) on every message. The baseline
is the embedded SmolLM2-135M prompted to answer SPAM or HAM for each message (greedy, 3 tokens at
most, the message cut to fit the context). Both are warmed up first; the accuracy of each on the
baseline's sample is printed next to its speed.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.llm import LanguageModel, Sampling
from assistant.shield import DELIVER, Shield, external_objectives, parse_message
from assistant.shield.datasets import Example, evenly_spaced, load

PROMPT = (
    "You are a spam filter. Read the message below and answer with exactly one word: SPAM if it is spam, "
    "phishing or a scam, HAM if it is a normal message.\n\n--- message ---\n{message}\n--- end ---\nAnswer:"
)


def time_shield(shield: Shield, rows: list[Example]) -> tuple[float, list[bool]]:
    started = time.perf_counter()
    caught: list[bool] = []
    for start in range(0, len(rows), 64):
        chunk = rows[start : start + 64]
        messages = [
            parse_message(r.text.encode("utf-8", "surrogateescape"), str(i), kind=r.kind) for i, r in enumerate(chunk)
        ]
        caught += [r.verdict != DELIVER for r in shield.scan(messages)]
    return len(rows) / (time.perf_counter() - started), caught


def time_llm(model: LanguageModel, rows: list[Example], budget_tokens: int) -> tuple[float, list[bool]]:
    sampling = Sampling(temperature=0.0, max_tokens=3, seed=0)
    started = time.perf_counter()
    caught: list[bool] = []
    for row in rows:
        text = parse_message(row.text.encode("utf-8", "surrogateescape"), "x", kind=row.kind).text
        tokens = model.tokenize(text)
        if len(tokens) > budget_tokens:
            text = model._llama.detokenize(tokens[:budget_tokens]).decode("utf-8", "replace")
        reply = model.complete([{"role": "user", "content": PROMPT.format(message=text)}], sampling).text
        caught.append("spam" in reply.lower())
    return len(rows) / (time.perf_counter() - started), caught


def accuracy(caught: list[bool], rows: list[Example]) -> float:
    return sum(c == bool(r.label) for c, r in zip(caught, rows, strict=True)) / len(rows)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--short", type=int, default=512, help="short texts timed for the shield")
    parser.add_argument("--emails", type=int, default=256, help="full emails timed for the shield")
    parser.add_argument("--guarded-emails", type=int, default=64, help="full emails timed with guardrails")
    parser.add_argument("--llm-short", type=int, default=32, help="short texts timed for the LLM baseline")
    parser.add_argument("--llm-emails", type=int, default=12, help="full emails timed for the LLM baseline")
    parser.add_argument("--data", type=Path, default=None, help="the eval-data folder (default: ../shared/eval-data)")
    args = parser.parse_args(argv)

    sms = load("sms-spam-collection", "eval", args.data)
    mail = load("spamassassin", "eval", args.data)
    started = time.perf_counter()
    shield = Shield()
    shield.scan_texts(["warm-up: load the embedder too"] * 2)
    Shield(shield.artifact, cascade=False).scan_texts(["warm-up"])
    guarded = Shield(shield.artifact, external=external_objectives())
    guarded.scan_texts(["warm-up: load the guardrail heads and the encoder adapter"] * 2)
    shield_load = time.perf_counter() - started
    started = time.perf_counter()
    model = LanguageModel(n_ctx=2048)
    llm_load = time.perf_counter() - started
    time_llm(model, evenly_spaced(sms, 1), 1500)

    short_rate, _ = time_shield(shield, evenly_spaced(sms, args.short))
    email_rate, _ = time_shield(shield, evenly_spaced(mail, args.emails))
    # Other messages than the ones above: the embedder's cache must not flatter the guarded run.
    guarded_short_rate, _ = time_shield(guarded, evenly_spaced(sms[1:], args.short))
    guarded_email_rate, _ = time_shield(guarded, evenly_spaced(mail[1:], args.guarded_emails))
    llm_sms, llm_mail = evenly_spaced(sms, args.llm_short), evenly_spaced(mail, args.llm_emails)
    llm_short_rate, llm_short_caught = time_llm(model, llm_sms, 1500)
    llm_email_rate, llm_email_caught = time_llm(model, llm_mail, 1500)
    _, shield_short_caught = time_shield(shield, llm_sms)
    _, shield_email_caught = time_shield(shield, llm_mail)
    model.close()

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"cores: {cores}; shield load {shield_load:.1f}s, LLM load {llm_load:.1f}s")
    for name, ours, guarded_rate, theirs in (
        ("short texts", short_rate, guarded_short_rate, llm_short_rate),
        ("full emails", email_rate, guarded_email_rate, llm_email_rate),
    ):
        print(
            f"{name}: shield {ours:8.1f} msg/s (own terms), {guarded_rate:7.1f} msg/s (with guardrails)   "
            f"LLM-as-guard {theirs:6.2f} msg/s   x{ours / theirs:.0f} / x{guarded_rate / theirs:.1f}"
        )
    print(
        f"accuracy on the baseline's sample: short shield {accuracy(shield_short_caught, llm_sms):.3f} "
        f"LLM {accuracy(llm_short_caught, llm_sms):.3f}; emails shield {accuracy(shield_email_caught, llm_mail):.3f} "
        f"LLM {accuracy(llm_email_caught, llm_mail):.3f}"
    )
    from memory.embedder import blas_kernel

    print(f"BLAS: {blas_kernel()}")
    print(
        f"RESULT short_msgs_per_s={short_rate:.1f} email_msgs_per_s={email_rate:.1f} "
        f"llm_short_msgs_per_s={llm_short_rate:.2f} llm_email_msgs_per_s={llm_email_rate:.2f} "
        f"speedup_short={short_rate / llm_short_rate:.1f} speedup_email={email_rate / llm_email_rate:.1f} "
        f"guarded_short_msgs_per_s={guarded_short_rate:.1f} guarded_email_msgs_per_s={guarded_email_rate:.1f} "
        f"guarded_speedup_short={guarded_short_rate / llm_short_rate:.1f} "
        f"guarded_speedup_email={guarded_email_rate / llm_email_rate:.1f}"
    )


if __name__ == "__main__":
    main()
