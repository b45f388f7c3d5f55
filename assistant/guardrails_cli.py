"""`broca guardrails`: guardrails' group, with the `train-encoder` command that also trains on the
shield's messages.

The shield sits above guardrails, so the command that needs both is added to
`guardrails.cli.guardrails_cli` here and `broca` loads the group from here.
"""

from __future__ import annotations

from pathlib import Path

import click

from guardrails.cli import data_dir_option, data_error, guardrails_cli
from memory.base.clikit import emit_json
from memory.base.errors import EvalDataError, InputError

__all__ = ["guardrails_cli"]


@guardrails_cli.command("train-encoder")
@data_dir_option
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Where to write the adapter (default: the package's heads/encoder.npz).",
)
@click.option("--start", type=click.IntRange(0, 11), default=10, show_default=True, help="First adapted layer.")
@click.option("--rank", type=click.IntRange(1, 384), default=32, show_default=True, help="LoRA rank.")
@click.option("--epochs", type=click.IntRange(1, 100), default=6, show_default=True, help="Passes over the rows.")
@click.option("--lr", type=click.FloatRange(1e-6, 1.0), default=5e-4, show_default=True, help="LoRA learning rate.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the split, the order and the init.")
@click.option(
    "--device", default="auto", show_default=True, help="torch device: auto (cuda when there is one), cpu, cuda."
)
@click.option("--json", "as_json", is_flag=True, help="Print the training report as one JSON object.")
def train_encoder_cmd(
    data_dir: Path | None,
    out: Path | None,
    start: int,
    rank: int,
    epochs: int,
    lr: float,
    seed: int,
    device: str,
    as_json: bool,
) -> None:
    """Tune a LoRA adapter of the encoder's top layers on every head's training data (then run `train`).

    Needs torch; minutes on a GPU, hours on two CPU cores. The heads read the adapted branch, memory
    and the planner the plain embedding; both come from one pass through the shared lower layers.
    """
    import torch

    from guardrails.training import (
        ADAPTER_FILE,
        adapter_bytes,
        adapter_meta,
        default_data_dir,
        encoder_rows,
        head_path,
        train_encoder,
    )
    from memory.base.atomic import atomic_write
    from memory.embedder import checkpoint, default_embedder

    from .shield.train import spam_head_rows

    if device == "auto":
        device = "cuda" if torch.cuda.is_available() else "cpu"
    try:
        kind = torch.device(device).type
    except RuntimeError:
        raise InputError(f"unknown torch device {device!r} (auto, cpu, cuda, cuda:N)") from None
    if kind == "cuda" and not torch.cuda.is_available():
        raise InputError(f"--device {device}: no CUDA GPU here (use --device cpu, which takes hours)")
    try:
        rows = encoder_rows(data_dir or default_data_dir(), seed=seed, spam_rows=spam_head_rows)
    except EvalDataError as exc:
        raise data_error(exc) from None
    log = (lambda m: None) if as_json else (lambda m: click.echo(m, err=True))
    model = checkpoint(default_embedder().name)
    if start >= model.n_layers:
        raise InputError(f"--start {start}: the encoder has layers 0 to {model.n_layers - 1}")
    arrays, report, _, _ = train_encoder(
        rows, model, start=start, rank=rank, epochs=epochs, lr=lr, seed=seed, device=device, log=log
    )
    command = (
        f"broca guardrails train-encoder --start {start} --rank {rank} --epochs {epochs} --lr {lr:g} --seed {seed}"
    )
    target = out or head_path(ADAPTER_FILE.removesuffix(".npz"))  # the shipped heads' folder
    report["device"] = device
    atomic_write(target, adapter_bytes(arrays, adapter_meta(report, command, model.name)))
    report["path"] = str(target)
    if as_json:
        emit_json(report)
        return
    click.echo(" ".join(f"{k}={v}" for k, v in report.items()))
    click.echo("Now retrain the heads over it: broca guardrails train")
