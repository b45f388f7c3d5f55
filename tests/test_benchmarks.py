"""Benchmarks are code too: each `benchmarks/bench_*.py` runs here on a tiny size, as its users run it
(a child process of this interpreter, the real embedded models, real SQLite), and must exit 0 with a
last line `RESULT key=value ...` carrying the keys its readers quote. The figures of a tiny run mean
nothing; that the benchmark still runs does. Data the benchmarks read from ../shared comes from tiny
copies in tests/data/.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "benchmarks"
DATA = Path(__file__).resolve().parent / "data"

pytestmark = pytest.mark.slow


def run_benchmark(name: str, *args: str, timeout: int = 600) -> dict[str, str]:
    """Run benchmarks/`name` with `args`; its RESULT line as {key: value}."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / name), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    print(f"{name}: {time.perf_counter() - started:.1f} s")  # shown with -s or on failure
    assert done.returncode == 0, f"{name} exited {done.returncode}:\n{done.stderr[-3000:]}"
    lines = done.stdout.strip().splitlines()
    assert lines, f"{name} printed nothing"
    return parse_result(lines[-1])


def parse_result(line: str) -> dict[str, str]:
    assert line.startswith("RESULT "), f"the last line is not a RESULT line: {line!r}"
    pairs: dict[str, str] = {}
    for field in line.removeprefix("RESULT ").split():
        key, sep, value = field.partition("=")
        assert sep and key and value, f"not key=value: {field!r} in {line!r}"
        assert key not in pairs, f"{key} twice in {line!r}"
        pairs[key] = value
    return pairs


def number(value: str) -> float:
    return float(value)  # fails on a value that is not a number (None, nan is a float)


def test_parse_result_reads_key_value_pairs() -> None:
    assert parse_result("RESULT a=1 b=x c=0.5") == {"a": "1", "b": "x", "c": "0.5"}
    for bad in ("a=1", "RESULT a", "RESULT a=1 a=2", "RESULT =1"):
        with pytest.raises(AssertionError):
            parse_result(bad)


def test_every_benchmark_has_a_smoke_test() -> None:
    names = {p.stem.removeprefix("bench_") for p in BENCHMARKS.glob("bench_*.py")}
    tested = {name.removeprefix("test_bench_") for name in globals() if name.startswith("test_bench_")}
    assert names == tested


def test_no_benchmark_loads_a_gguf_model_its_own_way() -> None:
    """llama-cpp-python's `Llama` loaded directly skips the guard the product applies (no extra buffer
    types on an AMX build, where the first decode segfaults): every benchmark goes through
    `assistant.llm.load_llama` or `LanguageModel`."""
    for path in sorted(BENCHMARKS.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "llama_cpp":
                raise AssertionError(f"{path.name}:{node.lineno} imports from llama_cpp; use assistant.llm.load_llama")
            if isinstance(node, ast.Import) and any(a.name.split(".")[0] == "llama_cpp" for a in node.names):
                raise AssertionError(f"{path.name}:{node.lineno} imports llama_cpp; use assistant.llm.load_llama")


def test_bench_ask() -> None:
    result = run_benchmark("bench_ask.py", "--tokens", "4", "--runs", "1")
    for key in ("raw_tok_s", "api_tok_s", "cli_tok_s", "api_ratio", "cli_ratio", "cold_start_s", "threads"):
        assert number(result[key]) > 0, key


def test_bench_crosslingual_memory() -> None:
    result = run_benchmark("bench_crosslingual_memory.py", "--facts", "2", "--distractors", "12")
    for key in ("crosslingual_recall5", "paraphrase_recall5", "minilm_crosslingual_recall5",
                "minilm_paraphrase_recall5"):  # fmt: skip
        assert 0 <= number(result[key]) <= 1, key
    assert {"crosslingual_test_recall5", "paraphrase_test_recall5"} <= set(result)


def test_bench_finetune() -> None:
    result = run_benchmark("bench_finetune.py", "--steps", "1", "--conversations", "1", "--max-len", "160")
    for key in ("broca_tok_s", "plain_tok_s", "speedup", "broca_peak_mb", "plain_peak_mb", "memory_ratio"):
        assert number(result[key]) > 0, key
    assert number(result["export_s"]) >= 0


def test_bench_guardrails() -> None:
    args = ("--texts", "8", "--batch", "4", "--singles", "3", "--adapter-layers", "1")
    result = run_benchmark("bench_guardrails.py", *args)
    for key in ("assess_texts_per_s", "embed_texts_per_s", "batched_ratio", "assess_p50_ms", "embed_p50_ms",
                "assess_p95_ms", "minilm_embed_texts_per_s", "pair_texts_per_s", "pair_ratio"):  # fmt: skip
        assert number(result[key]) > 0, key
    assert result["adapter_layers"] == "1"


def test_bench_memory() -> None:
    # The default, real vectors: 300 of the project's texts embedded, extended to 2,000 memories.
    args = ("--size", "2000", "--texts", "300", "--queries", "10", "--brute-queries", "5", "--sweep", "4")
    result = run_benchmark("bench_memory.py", *args)
    assert result["vectors"] == "real" and result["size"] == "2000"
    for key in ("store_p50_ms", "store_search_p50_ms", "store_insert_per_s", "sqlitevec_p50_ms", "numpy_p50_ms",
                "speedup_vs_sqlitevec", "speedup_vs_numpy", "nprobe4_p50_ms"):  # fmt: skip
        assert number(result[key]) > 0, key
    for key in ("store_recall", "sqlitevec_recall", "nprobe4_recall"):
        assert 0 <= number(result[key]) <= 1, key


def test_bench_planner() -> None:
    result = run_benchmark("bench_planner.py", "--prompts", "1", "--memories", "20", "--max-tokens", "8")
    for key in ("system1_turn_s", "raw_generation_s", "around_generation_ratio", "system2_mean_n"):
        assert number(result[key]) > 0, key
    number(result["turn_overhead_ratio"])
    assert result["memories"] == "20" and result["guardrails"] == "on"


def test_bench_serve() -> None:
    args = ("--clients", "1,2", "--turns", "2", "--max-tokens", "4", "--moderation-texts", "8", "--shield-texts", "2")
    result = run_benchmark("bench_serve.py", *args)
    assert result["clients"] == "2"
    assert result["errors"] == "0" and result["writes_lost"] == "0" and result["writes_doubled"] == "0"
    for key in ("server_ttft_p95_s", "inprocess_ttft_p95_s", "moderation_texts_per_s", "shield_msgs_per_s"):
        assert number(result[key]) > 0, key


def test_bench_shield() -> None:
    args = ("--short", "4", "--emails", "2", "--guarded-emails", "2", "--llm-short", "1", "--llm-emails", "1")
    result = run_benchmark("bench_shield.py", "--data", str(DATA / "eval-data"), *args)
    for key in ("short_msgs_per_s", "email_msgs_per_s", "llm_short_msgs_per_s", "llm_email_msgs_per_s",
                "speedup_short", "speedup_email", "guarded_short_msgs_per_s", "guarded_email_msgs_per_s"):  # fmt: skip
        assert number(result[key]) > 0, key


def test_shield_mail_injection() -> None:
    # BIPIA's tiny copy has e-mail contexts; its SpamAssassin copy has no evaluation-side mail.
    result = run_benchmark("shield_mail_injection.py", "--data", str(DATA / "guardrails_data"), "--ham", "2")
    assert {"bipia_clean_stopped_by_guardrails", "bipia_attacked_stopped_by_guardrails"} <= set(result)
    assert 0.0 <= float(result["bipia_attacked_stopped_by_guardrails"]) <= float(result["bipia_attacked_stopped"])


def test_bench_tui() -> None:
    result = run_benchmark("bench_tui.py", "--keys", "3", "--max-tokens", "32", "--interval", "0.02")
    assert result["n_keys"] == "3"
    for key in ("key_p50_ms", "key_p95_ms", "idle_p50_ms", "tok_s_app", "tok_s_bare"):
        assert number(result[key]) > 0, key
    assert 0 <= number(result["within_50ms"]) <= 1
