"""`broca eval`: evaluation commands that exercise the whole assistant."""

from __future__ import annotations

from pathlib import Path

import click

from memory.base.clikit import BrocaGroup, emit_json

from .config import get_config


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

    import contextlib

    from memory.progress import ProgressTask, progress_task, stderr_console

    console = stderr_console()  # a rich bar per system on a terminal; else the counter as it was
    with contextlib.ExitStack() as bars:
        tasks: dict[str, ProgressTask] = {}

        def progress(label: str, done: int, total: int) -> None:
            if console is not None:
                if label not in tasks:
                    tasks[label] = bars.enter_context(progress_task(total, label, console=console))
                tasks[label].update(done, total=total)
                return
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


@eval_cli.command("memory")
@click.option("--limit", type=click.IntRange(min=1), help="Evaluate this many conversations, evenly spread.")
@click.option(
    "--half",
    type=click.Choice(["all", "dev", "test"]),
    default="all",
    show_default=True,
    help="Conversations by id hash: the grounding thresholds were chosen on dev.",
)
@click.option("--data", type=click.Path(path_type=Path, dir_okay=False), help="Another memory-QA file.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of every turn.")
@click.option("--fast", is_flag=True, help="Answer the questions in System 1 (statements always are).")
@click.option(
    "--plan-only",
    is_flag=True,
    help="Decode nothing: judge the planner's own replies (from memory, or not told); the rest count as wrong.",
)
@click.option("--records", is_flag=True, help="With --json: every question, its reply and the verdict too.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_context
def memory_cmd(
    ctx: click.Context,
    limit: int | None,
    half: str,
    data: Path | None,
    seed: int,
    fast: bool,
    plan_only: bool,
    records: bool,
    as_json: bool,
) -> None:
    """Answers from what the owner told: accuracy, abstention, contradictions, recall@5."""
    from .llm import open_model
    from .memory_eval import evaluate_memory, load_memory_qa
    from .session import Session, load_energy

    conversations = load_memory_qa(data, limit, half)
    config = get_config(ctx)
    model = open_model(config.llm)
    energy = load_energy(config)

    def make_session(store: object) -> Session:
        return Session(config, model=model, store=store, energy=energy, namespace="eval")  # type: ignore[arg-type]

    import contextlib

    from memory.progress import ProgressTask, progress_task, stderr_console

    console = stderr_console()  # a rich bar on a terminal; else the counter as it was
    with contextlib.ExitStack() as bars:
        tasks: list[ProgressTask] = []

        def progress(done: int, total: int) -> None:
            if console is not None:
                if not tasks:
                    tasks.append(bars.enter_context(progress_task(total, "questions", console=console)))
                tasks[0].update(done, total=total)
                return
            click.echo(f"\rquestions: {done}/{total}", nl=False, err=True)
            if done == total:
                click.echo(err=True)

        result = evaluate_memory(
            make_session, conversations, seed=seed, fast_questions=fast, plan_only=plan_only, progress=progress
        )
    if not records:
        result.pop("records")
    if as_json:
        emit_json(result)
        return
    for key, value in result.items():
        if key != "records":
            click.echo(f"{key}: {value}")
