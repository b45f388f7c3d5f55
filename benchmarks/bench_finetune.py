"""LoRA training throughput and memory: broca's trainer against plain transformers + peft.

    .venv/bin/python benchmarks/bench_finetune.py [--steps 6] [--threads 0] [--conversations 64] [--max-len 512]

Both train the embedded SmolLM2 (GGUF, dequantised) with the same LoRA (rank 8, alpha 16, the
seven projections), the same data (the first conversations of packs/kdconv-zh/chat.jsonl, cut to
--max-len tokens, loss on assistant tokens), batch 1, AdamW, the same number of optimizer steps. The
baseline is the textbook loop: one conversation per step, `model(input_ids, labels=...)` (logits
over the whole sequence). broca packs rows and runs the output head only where there is loss.
Each runs in its own process, so peak RSS is its own. Tokens/s counts every token through the
model (context and targets) per second of training. Then the adapter is exported to GGUF, timed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT / "packs" / "kdconv-zh" / "chat.jsonl"
TARGETS = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]


def subset(n: int, out: Path) -> Path:
    lines = DATA.read_text(encoding="utf-8").splitlines()[:n]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def worker_broca(data: Path, out: Path, steps: int, threads: int, max_len: int = 512) -> dict:
    from finetune.train import TrainConfig, train

    config = TrainConfig(
        data=data,
        out=out,
        max_steps=steps,
        grad_accum=1,
        batch_size=1,
        max_len=max_len,
        rank=8,
        alpha=16.0,
        eval_fraction=0.0,
        save_every=10_000,
        threads=threads,
        lr=1e-3,
    )
    result = train(config)
    return {"tokens_per_s": result.tokens_per_s, "tokens": result.train_tokens, "peak_rss_mb": result.peak_rss_mb}


def worker_plain(data: Path, out: Path, steps: int, threads: int, max_len: int = 512) -> dict:
    import resource

    import torch
    from peft import LoraConfig, get_peft_model

    from finetune.base import load_base
    from finetune.data import encode_conversation, load_conversations
    from finetune.train import default_threads

    torch.set_num_threads(threads or default_threads())
    torch.manual_seed(0)
    base = load_base()
    model = get_peft_model(base.model, LoraConfig(r=8, lora_alpha=16, target_modules=TARGETS, task_type="CAUSAL_LM"))
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-3)
    examples = [encode_conversation(c, base.template, base.tokenize, max_len)[0] for c in load_conversations(data)]
    model.train()
    tokens = 0
    started = time.perf_counter()
    for step in range(steps):
        example = examples[step % len(examples)]
        ids = torch.tensor([example.ids])
        labels = torch.tensor([[i if m else -100 for i, m in zip(example.ids, example.labels, strict=True)]])
        loss = model(input_ids=ids, labels=labels).loss
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        tokens += len(example.ids)
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"tokens_per_s": tokens / elapsed, "tokens": tokens, "peak_rss_mb": peak}


def run_worker(kind: str, data: Path, out: Path, steps: int, threads: int, max_len: int) -> dict:
    command = [
        sys.executable,
        __file__,
        "--worker",
        kind,
        "--data",
        str(data),
        "--out",
        str(out),
        "--steps",
        str(steps),
        "--threads",
        str(threads),
        "--max-len",
        str(max_len),
    ]
    done = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    if done.returncode != 0:
        sys.exit(f"{kind} worker failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=6)
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--conversations", type=int, default=64)
    parser.add_argument("--max-len", type=int, default=512, help="tokens a conversation is cut to")
    parser.add_argument("--worker", choices=["broca", "plain"])
    parser.add_argument("--data", type=Path)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    if args.worker:
        work = worker_broca if args.worker == "broca" else worker_plain
        print(json.dumps(work(args.data, args.out, args.steps, args.threads, args.max_len)))
        return

    with tempfile.TemporaryDirectory() as tmp:
        data = subset(args.conversations, Path(tmp) / "data.jsonl")
        plain = run_worker("plain", data, Path(tmp) / "plain", args.steps, args.threads, args.max_len)
        ours = run_worker("broca", data, Path(tmp) / "broca", args.steps, args.threads, args.max_len)
        from finetune.export import export_adapter

        started = time.perf_counter()
        exported = export_adapter(Path(tmp) / "broca" / "adapter", Path(tmp) / "adapter.gguf")
        export_s = time.perf_counter() - started

    speed = ours["tokens_per_s"] / plain["tokens_per_s"]
    memory = ours["peak_rss_mb"] / plain["peak_rss_mb"]
    print(f"plain transformers+peft: {plain['tokens_per_s']:.1f} tok/s, peak RSS {plain['peak_rss_mb']:.0f} MB")
    print(f"broca finetune:          {ours['tokens_per_s']:.1f} tok/s, peak RSS {ours['peak_rss_mb']:.0f} MB")
    print(f"speed ratio {speed:.2f}x, memory ratio {memory:.2f}x; export {export_s:.2f} s ({exported.bytes} bytes)")
    print(
        f"RESULT broca_tok_s={ours['tokens_per_s']:.1f} plain_tok_s={plain['tokens_per_s']:.1f} speedup={speed:.2f} "
        f"broca_peak_mb={ours['peak_rss_mb']:.0f} plain_peak_mb={plain['peak_rss_mb']:.0f} "
        f"memory_ratio={memory:.2f} export_s={export_s:.2f}"
    )


if __name__ == "__main__":
    main()
