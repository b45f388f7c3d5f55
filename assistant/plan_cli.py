"""`broca plan GOAL`: hierarchical decomposition of a goal, chosen by energy."""

from __future__ import annotations

import click

from memory.base.clikit import emit_json

from .config import get_config


@click.command("plan")
@click.argument("goal")
@click.option("--depth", type=click.IntRange(1, 3), default=2, show_default=True, help="Levels of subgoals.")
@click.option("--beam", type=click.IntRange(1, 8), default=2, show_default=True, help="Proposals weighed per node.")
@click.option("--children", type=click.IntRange(2, 8), default=4, show_default=True, help="Most subgoals per node.")
@click.option("--seed", type=int, default=0, show_default=True, help="Base seed of the proposals.")
@click.option("--json", "as_json", is_flag=True, help="Print the tree as JSON.")
@click.pass_context
def plan_cli(ctx: click.Context, goal: str, depth: int, beam: int, children: int, seed: int, as_json: bool) -> None:
    """Decompose GOAL into subgoals (depth <= 3) and print the tree."""
    from memory.embedder import default_embedder

    from .decompose import decompose
    from .llm import open_model
    from .session import load_energy

    config = get_config(ctx)
    tree = decompose(
        goal,
        open_model(config.llm),
        default_embedder().embed,
        load_energy(config),
        depth=depth,
        beam=beam,
        max_children=children,
        seed=seed,
    )
    if as_json:
        emit_json(tree.to_dict())
    else:
        click.echo("\n".join(tree.render()))
