"""LoRA training of the base model on chat data, on a small CPU (or a GPU, or several).

One optimizer step is `grad_accum` micro-batches of packed rows. The loss is computed only where
it is needed: the output head runs on the positions that predict an assistant token, not on the
whole sequence (on a 49k-token vocabulary that head is a large share of the work). Checkpoints are
written atomically and keep the previous one until the new one is complete; Ctrl-C finishes the
current optimizer step, saves, and stops. Under `accelerate launch` or `torchrun` the same loop runs
data-parallel: each process takes every n-th micro-batch, the main process writes the files.

This module is the loop and its settings; the batches and the loss are in `batches.py`, the run
folder (checkpoints, adapter, curve) in `run_folder.py`, the progress report in `progress.py`.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import random
import resource
import signal
import threading
import time
import warnings
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from memory.base.atomic import atomic_write
from memory.base.errors import TrainError, TrainInterrupted

from .batches import batch_loss, collate, encode_all, evaluate_loss, make_rows, micro_batches
from .data import DataError, FinetuneWarning, load_conversations, split_conversations
from .progress import StepInfo
from .run_folder import (
    STATE_VERSION,
    adapter_state,
    check_run_folder,
    load_checkpoint,
    save_adapter,
    save_checkpoint,
    write_curve,
)

__all__ = [
    "DEFAULT_TARGETS",
    "TrainConfig",
    "TrainError",
    "TrainInterrupted",
    "TrainResult",
    "check_run_folder",
    "train",
]

DEFAULT_TARGETS = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")


@dataclass
class TrainConfig:
    data: Path
    out: Path
    base: str = ""  # a GGUF file or a Hugging Face model directory; "": the embedded SmolLM2
    eval_data: str = ""  # a separate held-out file; "": `eval_fraction` of `data`
    rank: int = 8
    alpha: float = 16.0
    dropout: float = 0.0  # dropout's random masks cost ~8 % of a CPU step; raise it for small data
    target_modules: tuple[str, ...] = DEFAULT_TARGETS
    lr: float = 1e-3
    warmup_steps: int = 10
    weight_decay: float = 0.0
    max_len: int = 512  # tokens per row; longer conversations are cut (with a warning)
    batch_size: int = 1  # rows per micro-batch (packed rows are nearly full: no padding to waste)
    grad_accum: int = 4  # micro-batches per optimizer step
    epochs: float = 1.0
    max_steps: int = 0  # 0: as many as `epochs` needs
    max_minutes: float = 0.0  # 0: no time limit; else stop (and save) when it is reached
    eval_fraction: float = 0.1
    eval_limit: int = 64  # held-out conversations scored in torch during training (0: all); CPU is scarce
    eval_every: int = 0  # 0: evaluate only before and after
    save_every: int = 50  # optimizer steps between checkpoints
    seed: int = 0
    threads: int = 0  # 0: every core available to the process
    skip_invalid: bool = False
    pack: bool = True
    resume: bool = False

    def check(self) -> None:
        problems = [
            (self.rank >= 1, "rank must be at least 1"),
            (self.alpha > 0, "alpha must be positive"),
            (0 <= self.dropout < 1, "dropout must be in [0, 1)"),
            (self.lr > 0, "the learning rate must be positive"),
            (self.max_len >= 16, "max_len must be at least 16 tokens"),
            (self.batch_size >= 1 and self.grad_accum >= 1, "batch size and gradient accumulation must be >= 1"),
            (self.epochs > 0 or self.max_steps > 0, "give a positive number of epochs or max steps"),
            (all(map(math.isfinite, (self.alpha, self.lr, self.epochs, self.max_minutes))), "numbers must be finite"),
            (self.max_steps >= 0 and self.max_minutes >= 0, "max steps and minutes must not be negative"),
            (self.save_every >= 1, "save_every must be at least 1"),
            (bool(self.target_modules), "give at least one target module"),
        ]
        for ok, problem in problems:
            if not ok:
                raise TrainError(problem)

    def fingerprint(self, data_digest: str) -> str:
        """What must not change between a run and its resumption (the data order depends on it)."""
        keys = ("base", "rank", "alpha", "target_modules", "max_len", "batch_size", "grad_accum", "seed", "pack")
        blob = json.dumps({k: getattr(self, k) for k in keys} | {"data": data_digest}, sort_keys=True, default=str)
        return hashlib.sha256(blob.encode()).hexdigest()[:16]


@dataclass
class TrainResult:
    out: Path
    adapter_dir: Path
    steps: int
    total_steps: int
    train_tokens: int  # tokens through the model (context and targets)
    target_tokens: int
    tokens_per_s: float
    elapsed_s: float
    eval_loss_before: float | None
    eval_loss_after: float | None
    peak_rss_mb: float
    stopped: str  # "done", "max_minutes"
    warnings: list[str] = field(default_factory=list)

    @property
    def ppl_before(self) -> float | None:
        return math.exp(self.eval_loss_before) if self.eval_loss_before is not None else None

    @property
    def ppl_after(self) -> float | None:
        return math.exp(self.eval_loss_after) if self.eval_loss_after is not None else None

    def to_dict(self) -> dict[str, Any]:
        out = {k: (str(v) if isinstance(v, Path) else v) for k, v in asdict(self).items()}
        out["ppl_before"] = self.ppl_before
        out["ppl_after"] = self.ppl_after
        return out


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def default_threads() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


# -- Ctrl-C ---------------------------------------------------------------------------------------


class _StopFlag:
    """SIGINT sets a flag that the loop checks between micro-batches, so a checkpoint is never
    written half-way. A second Ctrl-C while saving is ignored until the save is done."""

    def __init__(self) -> None:
        self.requested = False
        self._previous: Any = None

    def __enter__(self) -> _StopFlag:
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._handle)
        return self

    def _handle(self, signum: int, frame: Any) -> None:
        self.requested = True

    def __exit__(self, *exc: object) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)


# -- the run --------------------------------------------------------------------------------------


def _lr_at(step: int, total: int, config: TrainConfig) -> float:
    """Linear warm-up, then cosine decay to a tenth of the peak."""
    warmup = min(config.warmup_steps, max(1, total // 10))
    if step < warmup:
        return config.lr * (step + 1) / warmup
    progress = (step - warmup) / max(1, total - warmup)
    return config.lr * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * min(1.0, progress))))


def train(
    config: TrainConfig,
    *,
    on_step: Callable[[StepInfo], None] | None = None,
    base: Any = None,
) -> TrainResult:
    """Train a LoRA adapter; writes `out/adapter/` (PEFT format), `out/loss.csv`, `out/loss.png`,
    `out/metrics.json`, and checkpoints under `out/checkpoints/`.

    `base` may be a `finetune.base.Base` already loaded (tests, benchmarks); it is wrapped in
    place with LoRA layers, so do not reuse it afterwards.
    """
    config.check()
    check_run_folder(config.out)  # before minutes of training, not after
    if not config.resume and (config.out / "checkpoints" / "latest").exists():
        raise TrainError(f"{config.out} already holds a run; continue it with --resume or choose another --out")
    started = time.perf_counter()
    # The data is read before torch is imported: a file that is no chat data fails in a moment, not
    # after seconds of imports.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", FinetuneWarning)
        conversations = load_conversations(config.data, skip_invalid=config.skip_invalid)
        if config.eval_data:
            train_convs = conversations
            eval_convs = load_conversations(Path(config.eval_data), skip_invalid=config.skip_invalid)
        else:
            train_convs, eval_convs = split_conversations(conversations, config.eval_fraction, config.seed)
        if config.eval_limit:
            eval_convs = eval_convs[: config.eval_limit]
    import torch
    from accelerate import Accelerator
    from peft import LoraConfig, get_peft_model, set_peft_model_state_dict

    from .base import load_base

    torch.set_num_threads(config.threads or default_threads())
    torch.manual_seed(config.seed)
    random.seed(config.seed)
    accelerator = Accelerator(cpu=not torch.cuda.is_available())
    device = accelerator.device
    main = accelerator.is_main_process
    out = config.out
    collected: list[str] = []

    with warnings.catch_warnings(record=True) as encoding:
        warnings.simplefilter("always", FinetuneWarning)
        if base is None:
            base = load_base(config.base or None, device=device)
        else:
            base.model.to(device)
        train_examples, _ = encode_all(train_convs, base, config.max_len, "training")
        eval_examples, _ = encode_all(eval_convs, base, config.max_len, "evaluation")
    for warning in [*caught, *encoding]:
        if issubclass(warning.category, FinetuneWarning):
            collected.append(str(warning.message))
        warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno)
    if not train_examples:
        raise DataError(f"{config.data}: no assistant tokens to train on")

    rows = make_rows(train_examples, config.max_len, config.pack)
    eval_rows = make_rows(eval_examples, config.max_len, config.pack)
    micro_per_epoch = math.ceil(len(rows) / config.batch_size)
    steps_per_epoch = max(1, math.ceil(micro_per_epoch / (config.grad_accum * accelerator.num_processes)))
    total_steps = config.max_steps or max(1, math.ceil(config.epochs * steps_per_epoch))
    digest = hashlib.sha256(json.dumps([e.ids for e in train_examples]).encode()).hexdigest()
    fingerprint = config.fingerprint(digest)

    pad_id = base.tokenizer.pad_token_id
    pad_id = int(pad_id if pad_id is not None else (base.tokenizer.eos_token_id or 0))
    lora = LoraConfig(
        r=config.rank,
        lora_alpha=config.alpha,  # type: ignore[arg-type]  # PEFT says int, scales by any number; --alpha is a float
        lora_dropout=config.dropout,
        target_modules=list(config.target_modules),
        bias="none",
        task_type="CAUSAL_LM",
    )
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "`is_gradient_checkpointing` is deprecated", FutureWarning)
            model = get_peft_model(base.model, lora)
    except ValueError as exc:
        raise TrainError(f"cannot put LoRA on {', '.join(config.target_modules)}: {exc}") from None
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=config.lr, weight_decay=config.weight_decay)
    model, optimizer = accelerator.prepare(model, optimizer)
    inner = accelerator.unwrap_model(model)

    step = 0
    history: list[dict[str, Any]] = []
    target_tokens = 0
    ckpt_root = out / "checkpoints"
    if config.resume:
        state = load_checkpoint(ckpt_root, fingerprint)
        set_peft_model_state_dict(inner, state["adapter"])
        optimizer.load_state_dict(state["optimizer"])
        torch.set_rng_state(state["torch_rng"])
        random.setstate(state["py_rng"])
        step, history, target_tokens = state["step"], state["history"], state["target_tokens"]

    def checkpoint() -> Path | None:
        if not main:
            return None
        state = {
            "version": STATE_VERSION,
            "fingerprint": fingerprint,
            "step": step,
            "history": history,
            "target_tokens": target_tokens,
            "adapter": adapter_state(inner),
            "optimizer": optimizer.state_dict(),
            "torch_rng": torch.get_rng_state(),
            "py_rng": random.getstate(),
            "config": {k: str(v) for k, v in asdict(config).items()},
        }
        return save_checkpoint(ckpt_root, step, state, collected)

    eval_before = None
    if eval_rows and not (config.resume and history):
        eval_before = evaluate_loss(inner, eval_rows, pad_id, device, config.batch_size)
        history.append({"step": step, "tokens": target_tokens, "eval_loss": round(eval_before, 5), "elapsed_s": 0.0})
    elif history:
        eval_before = next((r["eval_loss"] for r in history if r.get("eval_loss") is not None), None)

    batches = micro_batches(rows, config.batch_size, config.seed, accelerator.process_index, accelerator.num_processes)
    for _ in range(step * config.grad_accum):  # skip what the resumed run already trained on
        next(batches)

    model.train()
    start_step = step
    run_tokens = 0
    run_start = time.perf_counter()
    stopped = "done"
    deadline = started + config.max_minutes * 60 if config.max_minutes else None
    with _StopFlag() as stop:
        while step < total_steps:
            lr = _lr_at(step, total_steps, config)
            for group in optimizer.param_groups:
                group["lr"] = lr
            micro = [collate(next(batches), pad_id) for _ in range(config.grad_accum)]
            n_targets = sum(int(b["target"].sum()) for b in micro)
            step_loss = 0.0
            for batch in micro:
                loss_sum, _n = batch_loss(model, batch, device)
                # Normalise by the targets of the whole step: every assistant token weighs the same.
                accelerator.backward(loss_sum / max(1, n_targets))
                step_loss += float(loss_sum.detach())
                run_tokens += batch["n_tokens"]
            optimizer.step()
            optimizer.zero_grad(set_to_none=True)
            step += 1
            target_tokens += n_targets
            mean = step_loss / max(1, n_targets)
            elapsed = time.perf_counter() - run_start
            speed = run_tokens / elapsed if elapsed > 0 else 0.0
            row: dict[str, Any] = {
                "step": step,
                "tokens": target_tokens,
                "loss": round(mean, 5),
                "lr": f"{lr:.3g}",
                "elapsed_s": round(time.perf_counter() - started, 2),
            }
            if config.eval_every and step % config.eval_every == 0 and step < total_steps and eval_rows:
                row["eval_loss"] = round(evaluate_loss(inner, eval_rows, pad_id, device, config.batch_size), 5)
            history.append(row)
            if on_step is not None and main:
                eta = elapsed / max(1, step - start_step) * (total_steps - step)
                on_step(StepInfo(step, total_steps, mean, lr, target_tokens, speed, elapsed, eta))
            if stop.requested:
                where = checkpoint()
                if main:
                    write_curve(out, history)
                raise TrainInterrupted(
                    f"interrupted at step {step}/{total_steps}; checkpoint saved in {where}; "
                    "continue with the same command and --resume"
                )
            if step % config.save_every == 0 and step < total_steps:
                checkpoint()
                if main:
                    write_curve(out, history)
            if deadline is not None and time.perf_counter() >= deadline and step < total_steps:
                stopped = "max_minutes"
                break

        eval_after = evaluate_loss(inner, eval_rows, pad_id, device, config.batch_size) if eval_rows else None
        if eval_after is not None:
            history[-1]["eval_loss"] = round(eval_after, 5)
        checkpoint()

    run_elapsed = time.perf_counter() - run_start
    result = TrainResult(
        out=out,
        adapter_dir=out / "adapter",
        steps=step,
        total_steps=total_steps,
        train_tokens=run_tokens,
        target_tokens=target_tokens,
        tokens_per_s=run_tokens / run_elapsed if run_elapsed > 0 else 0.0,
        elapsed_s=time.perf_counter() - started,
        eval_loss_before=eval_before,
        eval_loss_after=eval_after,
        peak_rss_mb=peak_rss_mb(),
        stopped=stopped,
        warnings=collected,
    )
    if main:
        save_adapter(inner, out, base)
        write_curve(out, history)
        atomic_write(out / "metrics.json", json.dumps(result.to_dict(), indent=2).encode())
    return result
