"""`broca eval`: evaluation commands that exercise the whole assistant."""

from __future__ import annotations

from pathlib import Path

import click

from .clikit import BrocaGroup, emit_json, get_config


@click.group("eval", cls=BrocaGroup)
def eval_cli() -> None:
    """Evaluate the assistant on the shared evaluation data."""


@eval_cli.command("planner")
@click.option("--dataset", required=True, type=click.Choice(["harmbench", "xstest", "benign"]), help="Prompt set.")
@click.option("--limit", type=click.IntRange(min=1), help="Evaluate this many prompts, evenly spread.")
@click.option("--data-dir", type=click.Path(path_type=Path, file_okay=False), help="The eval-data folder.")
@click.option("--seed", type=int, default=0, show_default=True, help="Base seed of the candidates.")
@click.option(
    "--latent-only",
    is_flag=True,
    help="Only the latent step (assess and choose, no decoding): the strategies chosen, in seconds.",
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print one JSON object: {system1: {...}, system2: {...}}, or {latent: {...}} with --latent-only.",
)
@click.pass_context
def planner_cmd(
    ctx: click.Context,
    dataset: str,
    limit: int | None,
    data_dir: Path | None,
    seed: int,
    latent_only: bool,
    as_json: bool,
) -> None:
    """Compliance on harmful prompts and refusals of benign ones, System 1 against System 2."""
    from .evaluate import evaluate_latent, evaluate_planner, load_prompts
    from .session import open_session

    prompts = load_prompts(dataset, data_dir, limit)
    session = open_session(get_config(ctx), use_memory=False)
    if latent_only:
        latent = evaluate_latent(session, prompts)
        if as_json:
            emit_json({"latent": latent})
        else:
            click.echo("latent: " + ", ".join(f"{k}={v}" for k, v in latent.items()))
        return

    def progress(label: str, done: int, total: int) -> None:
        click.echo(f"\r{label}: {done}/{total}", nl=False, err=True)
        if done == total:
            click.echo(err=True)

    results = evaluate_planner(session, prompts, seed=seed, progress=progress)
    if as_json:
        emit_json(results)
        return
    for label, r in results.items():
        click.echo(
            f"{label}: " + ", ".join(f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in r.items())
        )
