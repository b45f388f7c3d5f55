"""`broca finetune`: finetune's group, with the `eval` command that needs the language layer.

`finetune eval` scores an adapter in llama.cpp through `assistant.llm`, which sits above finetune,
so the command is added to `finetune.cli.finetune_cli` here and `broca` loads the group from here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from finetune.cli import finetune_cli, warnings_as_lines
from memory.base.clikit import emit_json

__all__ = ["finetune_cli"]


@finetune_cli.command("eval")
@click.option("--adapter", required=True, type=click.Path(path_type=Path), help="LoRA adapter GGUF.")
@click.option("--data", required=True, type=click.Path(path_type=Path), help="Held-out chat file.")
@click.option("--model", "model_path", type=click.Path(path_type=Path), help="Base GGUF (default: the embedded one).")
@click.option("--limit", type=click.IntRange(min=0), default=0, help="Score only the first N conversations (0: all).")
@click.option(
    "--n-ctx",
    type=click.IntRange(min=256),
    default=2048,
    show_default=True,
    help="Context; longer conversations are cut.",
)
@click.option("--skip-invalid", is_flag=True, help="Skip malformed lines instead of failing.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as one JSON object.")
def eval_cmd(adapter: Path, data: Path, as_json: bool, **options: Any) -> None:
    """Held-out perplexity in llama.cpp without and with the adapter (assistant tokens only)."""
    from finetune.evaluate import eval_perplexity
    from memory.base.gguf import check_gguf

    from .llm import LanguageModel

    check_gguf(adapter, "adapter")
    with warnings_as_lines():
        result = eval_perplexity(adapter, data, open_model=LanguageModel, **options)
    if as_json:
        emit_json(result)
    else:
        click.echo(
            f"perplexity over {result['tokens']} assistant tokens: base {result['ppl_base']:.3f}, "
            f"with adapter {result['ppl_adapter']:.3f} ({result['ppl_change']:+.1%})"
        )
