"""`broca finetune train|export` and `broca pack build|install|list`.

`broca finetune eval` runs the adapter in the language layer, so it registers on `finetune_cli`
from `assistant.finetune_cli` (the group `broca` loads), not here: finetune imports no `assistant`.
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from memory.base.clikit import BrocaGroup, FiniteRange, emit_json

__all__ = ["finetune_cli", "pack_cli", "warnings_as_lines"]


@contextlib.contextmanager
def warnings_as_lines() -> Iterator[None]:
    """Data warnings (skipped lines, cut conversations) as `warning: ...` lines on stderr."""
    from .data import FinetuneWarning

    pending: list[warnings.WarningMessage] = []
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", FinetuneWarning)
            try:
                yield
            finally:
                pending = list(caught)
    finally:
        # Re-emitted only once the recording has stopped (inside it, each would be recorded again).
        for warning in pending:
            if issubclass(warning.category, FinetuneWarning):
                click.echo(f"warning: {warning.message}", err=True)
            else:
                warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno)


def _targets(value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    names = tuple(v.strip() for v in value.split(",") if v.strip())
    if not names:
        raise click.BadParameter("give at least one module name", param_hint="--targets")
    return names


@click.group(cls=BrocaGroup)
def finetune_cli() -> None:
    """Fine-tune the language model with LoRA and run the adapter in llama.cpp."""


@finetune_cli.command("train")
@click.argument("data", type=click.Path(path_type=Path))
@click.option("--out", required=True, type=click.Path(path_type=Path), help="Run folder (adapter, checkpoints, loss).")
@click.option("--base", default="", help="Base model: a GGUF file or Hugging Face folder (default: embedded SmolLM2).")
@click.option("--eval-data", default="", help="Held-out chat file (default: a seeded slice of DATA).")
@click.option("--rank", type=click.IntRange(min=1), default=8, show_default=True, help="LoRA rank.")
@click.option("--alpha", type=FiniteRange(min=0, min_open=True), default=16.0, show_default=True, help="LoRA alpha.")
@click.option("--dropout", type=FiniteRange(0, 1, max_open=True), default=0.0, show_default=True, help="LoRA dropout.")
@click.option("--targets", help="Comma-separated modules to adapt (default: q,k,v,o,gate,up,down projections).")
@click.option(
    "--lr", type=FiniteRange(min=0, min_open=True), default=1e-3, show_default=True, help="Peak learning rate."
)
@click.option("--max-len", type=click.IntRange(min=16), default=512, show_default=True, help="Tokens per row.")
@click.option("--batch-size", type=click.IntRange(min=1), default=1, show_default=True, help="Rows per micro-batch.")
@click.option("--grad-accum", type=click.IntRange(min=1), default=4, show_default=True, help="Micro-batches per step.")
@click.option("--epochs", type=FiniteRange(min=0), default=1.0, show_default=True, help="Passes over the data.")
@click.option("--max-steps", type=click.IntRange(min=0), default=0, help="Stop after this many steps (0: by epochs).")
@click.option("--max-minutes", type=FiniteRange(min=0), default=0.0, help="Stop (and save) after this long.")
@click.option(
    "--eval-fraction",
    type=FiniteRange(0, 1, max_open=True),
    default=0.1,
    show_default=True,
    help="Held-out share of DATA.",
)
@click.option(
    "--eval-limit",
    type=click.IntRange(min=0),
    default=64,
    show_default=True,
    help="Held-out conversations scored (0: all).",
)
@click.option(
    "--save-every", type=click.IntRange(min=1), default=50, show_default=True, help="Steps between checkpoints."
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed for the split, order and init.")
@click.option("--threads", type=click.IntRange(min=0), default=0, help="CPU threads for torch (0: all cores).")
@click.option("--skip-invalid", is_flag=True, help="Skip malformed lines (with a warning) instead of failing.")
@click.option("--no-pack", is_flag=True, help="One conversation per row instead of packing rows.")
@click.option("--resume", is_flag=True, help="Continue the run in --out from its last checkpoint.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as one JSON object.")
def train_cmd(data: Path, out: Path, targets: str | None, no_pack: bool, as_json: bool, **options: Any) -> None:
    """Train a LoRA adapter on DATA (OpenAI chat JSONL, ShareGPT or Alpaca)."""
    from .progress import ProgressPrinter
    from .train import DEFAULT_TARGETS, TrainConfig, train

    config = TrainConfig(
        data=data, out=out, target_modules=_targets(targets) or DEFAULT_TARGETS, pack=not no_pack, **options
    )
    with warnings_as_lines(), ProgressPrinter() as on_step:  # a rich bar on a terminal, log lines elsewhere
        result = train(config, on_step=on_step)
    if as_json:
        emit_json(result.to_dict())
        return
    click.echo(f"adapter: {result.adapter_dir}")
    click.echo(f"steps: {result.steps}/{result.total_steps} ({result.stopped}), {result.tokens_per_s:.0f} tok/s")
    if result.ppl_before is not None and result.ppl_after is not None:
        click.echo(f"held-out perplexity (torch): {result.ppl_before:.3f} -> {result.ppl_after:.3f}")
    click.echo(f"loss curve: {out / 'loss.png'}, {out / 'loss.csv'}")


@finetune_cli.command("export")
@click.argument("run", type=click.Path(path_type=Path))
@click.option("--out", required=True, type=click.Path(path_type=Path), help="The adapter GGUF to write.")
@click.option(
    "--base", type=click.Path(path_type=Path), help="The GGUF model it will run on (default: the embedded one)."
)
@click.option("--f16", is_flag=True, help="Store the LoRA weights as float16 (half the size).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as one JSON object.")
def export_cmd(run: Path, out: Path, base: Path | None, f16: bool, as_json: bool) -> None:
    """Turn RUN (a train --out folder, or its adapter/ folder) into a llama.cpp LoRA GGUF."""
    from .export import export_adapter

    adapter_dir = run / "adapter" if (run / "adapter" / "adapter_config.json").exists() else run
    result = export_adapter(adapter_dir, out, base=base, dtype="f16" if f16 else "f32")
    if as_json:
        emit_json(result.to_dict())
    else:
        click.echo(f"{result.path}: {result.tensors} tensors, rank {result.rank}, alpha {result.alpha:g}")


@click.group(cls=BrocaGroup)
def pack_cli() -> None:
    """Community packs: an adapter, a policy and guardrail heads in one file."""


@pack_cli.command("build")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(path_type=Path), help="The pack file (default: SOURCE/NAME-VERSION.brocapack).")
@click.option("--work", type=click.Path(path_type=Path), help="Build folder (default: SOURCE/build).")
@click.option("--max-steps", type=click.IntRange(min=1), help="Override pack.toml's training steps.")
@click.option("--max-minutes", type=FiniteRange(min=0), help="Override pack.toml's time budget.")
@click.option("--threads", type=click.IntRange(min=0), default=0, help="CPU threads for torch (0: all cores).")
@click.option("--resume", is_flag=True, help="Continue an interrupted build's training.")
@click.option("--json", "as_json", is_flag=True, help="Print the manifest as one JSON object.")
def build_cmd(
    source: Path,
    out: Path | None,
    work: Path | None,
    max_steps: int | None,
    max_minutes: float | None,
    threads: int,
    resume: bool,
    as_json: bool,
) -> None:
    """Train SOURCE's adapter and heads and write one distributable pack file."""
    from .packs import build_pack
    from .progress import ProgressPrinter

    overrides: dict[str, Any] = {}
    if max_steps is not None:
        overrides["max_steps"] = max_steps
    if max_minutes is not None:
        overrides["max_minutes"] = max_minutes
    with warnings_as_lines(), ProgressPrinter() as on_step:
        result = build_pack(
            source, out=out, work=work, overrides=overrides, resume=resume, on_step=on_step, threads=threads
        )
    if as_json:
        emit_json(result)
    else:
        train = result["manifest"]["metrics"]["train"]
        click.echo(f"built {result['pack']}")
        if train.get("ppl_before") and train.get("ppl_after"):
            click.echo(f"held-out perplexity (torch): {train['ppl_before']:.3f} -> {train['ppl_after']:.3f}")


@pack_cli.command("install")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Replace an installed pack of the same name.")
@click.option("--json", "as_json", is_flag=True, help="Print the installed pack as one JSON object.")
def install_cmd(file: Path, force: bool, as_json: bool) -> None:
    """Verify and install a pack FILE into the data dir."""
    from .packs import install_pack

    pack = install_pack(file, force=force)
    if as_json:
        emit_json(pack.to_dict())
    else:
        click.echo(f"installed {pack.name} {pack.version} ({pack.language}) in {pack.path}")


@pack_cli.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per pack.")
def list_cmd(as_json: bool) -> None:
    """List installed packs (a damaged one is an error line on stderr, after the others; exit 65)."""
    from memory.base.clikit import emit_jsonl

    from .packs import PackError, scan_packs

    packs, problems = scan_packs()
    if as_json:
        emit_jsonl(p.to_dict() for p in packs)
    else:
        if not packs and not problems:
            click.echo("no packs installed")
        for pack in packs:
            click.echo(f"{pack.name:<20} {pack.version:<8} {pack.language:<6} {pack.description}")
    for problem in problems:
        click.echo(f"error: {problem}", err=True)
    if problems:
        raise SystemExit(PackError.exit_code)
