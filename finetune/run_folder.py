"""The run folder of a training run (`--out`): checked before the run, then the checkpoints, the
adapter and the loss curve, each written whole (temp + rename) so that an interrupted write keeps the
previous one.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from memory.base.atomic import atomic_write
from memory.base.errors import TrainError

from .data import FinetuneWarning

__all__ = [
    "STATE_VERSION",
    "adapter_state",
    "check_run_folder",
    "load_checkpoint",
    "replace_dir",
    "save_adapter",
    "save_checkpoint",
    "write_curve",
]

STATE_VERSION = 1


def check_run_folder(out: Path) -> None:
    """TrainError, at once, where the run folder `out` could not be created or written: the
    checkpoints, the adapter and the curve all go there, and a run found that out only at its end.
    Nothing is created here."""
    existing = out
    while not os.path.lexists(existing) and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        where = "it is" if existing == out else f"{existing} is"
        raise TrainError(f"cannot use {out} as the run folder: {where} a file, not a folder; choose another --out")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise TrainError(f"cannot write the run folder {out}: {existing} is not writable; choose another --out")


def replace_dir(tmp: Path, final: Path) -> None:
    """Put the complete directory `tmp` at `final`; the old one goes only once the new is in place."""
    old = final.with_name(f".{final.name}.old-{os.getpid()}")
    if final.exists():
        os.replace(final, old)
    os.replace(tmp, final)
    shutil.rmtree(old, ignore_errors=True)


def write_curve(out: Path, history: Sequence[dict[str, Any]]) -> None:
    """loss.csv (every step) and loss.png (train loss and evaluation loss against steps)."""
    columns = ["step", "tokens", "loss", "lr", "eval_loss", "elapsed_s"]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in history:
        writer.writerow({k: ("" if row.get(k) is None else row.get(k)) for k in columns})
    atomic_write(out / "loss.csv", buffer.getvalue().encode())

    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    figure = Figure(figsize=(7, 4), dpi=100)
    axes = figure.add_subplot()
    steps = [r["step"] for r in history if r.get("loss") is not None]
    axes.plot(steps, [r["loss"] for r in history if r.get("loss") is not None], label="train loss", lw=1)
    evals = [(r["step"], r["eval_loss"]) for r in history if r.get("eval_loss") is not None]
    if evals:
        axes.plot(*zip(*evals, strict=True), "o-", label="held-out loss")
    axes.set_xlabel("optimizer step")
    axes.set_ylabel("loss (nats per assistant token)")
    axes.grid(alpha=0.3)
    axes.legend()
    figure.tight_layout()
    png = io.BytesIO()
    figure.savefig(png, format="png")
    atomic_write(out / "loss.png", png.getvalue())


def adapter_state(model: Any) -> dict[str, Any]:
    from peft import get_peft_model_state_dict

    with warnings.catch_warnings():
        # peft looks for the base's config.json next to a GGUF; the adapter does not need it.
        warnings.filterwarnings("ignore", "Could not find a config file", UserWarning)
        return get_peft_model_state_dict(model)  # type: ignore[no-any-return]


def save_adapter(model: Any, out: Path, base: Any) -> None:
    """`out/adapter/`: the PEFT adapter plus the base it was trained on (for export's checks)."""
    tmp = out / f".adapter.tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        with warnings.catch_warnings():
            # peft looks for the base's config.json next to a GGUF; the adapter does not need it.
            warnings.filterwarnings("ignore", "Could not find a config file", UserWarning)
            model.save_pretrained(str(tmp))
        meta = {"base": str(base.path), "architecture": base.architecture}
        (tmp / "broca_base.json").write_text(json.dumps(meta, indent=2))
        replace_dir(tmp, out / "adapter")
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise TrainError(f"cannot write the adapter to {out / 'adapter'}: {exc.strerror or exc}") from None


def save_checkpoint(root: Path, step: int, state: dict[str, Any], collected: list[str]) -> Path | None:
    """checkpoints/step-NNNNNN/state.pt, then `latest` names it; the two newest are kept.

    A failed write (disk full) removes the partial file and keeps the previous checkpoint.
    """
    import torch

    name = f"step-{step:06d}"
    final = root / name
    tmp = root / f".{name}.tmp-{os.getpid()}"
    try:
        root.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir()
        with (tmp / "state.pt").open("wb") as handle:
            torch.save(state, handle)
            handle.flush()
            os.fsync(handle.fileno())
        replace_dir(tmp, final)
        atomic_write(root / "latest", name.encode())
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        previous = (root / "latest").read_text().strip() if (root / "latest").exists() else "none"
        message = f"checkpoint at step {step} not saved ({exc.strerror or exc}); kept the previous one: {previous}"
        collected.append(message)
        warnings.warn(message, FinetuneWarning, stacklevel=2)
        return root / previous if previous != "none" else None
    keep = {name, *sorted(p.name for p in root.glob("step-*"))[-2:]}
    for old in root.glob("step-*"):
        if old.name not in keep:
            shutil.rmtree(old, ignore_errors=True)
    return final


def load_checkpoint(root: Path, fingerprint: str) -> dict[str, Any]:
    import torch

    latest = root / "latest"
    if not latest.exists():
        raise TrainError(f"nothing to resume: no checkpoint in {root}")
    path = root / latest.read_text().strip() / "state.pt"
    try:
        state = torch.load(path, map_location="cpu", weights_only=False)
    except (OSError, RuntimeError, EOFError, ValueError) as exc:
        raise TrainError(f"cannot read checkpoint {path}: {exc}") from None
    if state.get("version") != STATE_VERSION:
        raise TrainError(f"{path} was written by another version of broca")
    if state.get("fingerprint") != fingerprint:
        raise TrainError(
            f"{path} is from a run with other data or settings (base, rank, alpha, targets, lengths, "
            "batching, seed); resume with the same ones or start in a new --out"
        )
    return state
