"""The `broca` command: a thin click layer over the Python API.

Imports here stay light (no torch, no llama.cpp) so that `broca --help` is instant and `broca ask`
reaches its first token quickly; each command imports what it needs.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from memory.base.clikit import BrocaGroup, FiniteRange, emit_json
from memory.base.config import config_path
from memory.base.errors import PromptError
from memory.base.inputs import MiB, piped_text
from memory.base.text import valid_unicode

from . import __version__
from .config import Config, get_config, load_config

__all__ = ["cli", "main"]

F = TypeVar("F", bound=Callable[..., Any])

# Commands that live in the other packages, imported only when used: name -> (module, attribute).
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "memory": ("memory.cli", "memory_cli"),
    "guardrails": ("assistant.guardrails_cli", "guardrails_cli"),
    "policy": ("guardrails.cli", "policy_cli"),
    "shield": ("assistant.shield_cli", "shield_cli"),
    "finetune": ("assistant.finetune_cli", "finetune_cli"),
    "pack": ("finetune.cli", "pack_cli"),
    "plan": ("assistant.plan_cli", "plan_cli"),
    "eval": ("assistant.eval_cli", "eval_cli"),
    "chat": ("assistant.tui.cli", "chat_cli"),
    "serve": ("assistant.serve.cli", "serve_cli"),
}


def _available(module_name: str) -> bool:
    try:
        return importlib.util.find_spec(module_name) is not None
    except ModuleNotFoundError:
        return False


class RootGroup(BrocaGroup):
    """The top-level group: subcommands from the other packages load on first use."""

    def load_config(self) -> Config:
        return load_config()

    def list_commands(self, ctx: click.Context) -> list[str]:
        lazy = [name for name, (module, _) in SUBCOMMANDS.items() if _available(module)]
        return sorted({*super().list_commands(ctx), *lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in SUBCOMMANDS and cmd_name not in self.commands:
            module_name, attribute = SUBCOMMANDS[cmd_name]
            if _available(module_name):
                command = getattr(importlib.import_module(module_name), attribute)
                self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)


@click.group(cls=RootGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="broca")
def cli() -> None:
    """broca: an offline personal assistant with pluggable guardrails."""


# A prompt on standard input: far more than any context window holds (the token count refuses a long
# one with a better message), yet /dev/zero or an endless pipe cannot fill memory.
MAX_PROMPT_BYTES = 64 * MiB


def read_prompt(prompt: str | None) -> str:
    """PROMPT, or standard input when it is left out or `-` (as `guardrails check -` reads it)."""
    if prompt is None or prompt == "-":
        prompt = piped_text(MAX_PROMPT_BYTES, "a prompt")
        if prompt is None:
            raise PromptError("no prompt: give it as an argument or on standard input")
    if not prompt.strip():
        raise PromptError("the prompt is empty")
    return valid_unicode(prompt)  # bytes that are not UTF-8 in argv: U+FFFD, as on standard input


def sampling_options(func: F) -> F:
    """Options shared by every command that generates text."""
    options = [
        click.option("--model", "model_path", type=click.Path(path_type=Path), help="GGUF chat model to use."),
        click.option("--adapter", type=click.Path(path_type=Path), help="LoRA adapter GGUF to apply."),
        click.option("--seed", type=int, help="Random seed (same seed, same answer)."),
        click.option("--temperature", type=FiniteRange(min=0), help="Sampling temperature."),
        click.option("--max-tokens", type=click.IntRange(min=1), help="Longest reply, in tokens."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def apply_overrides(config: Config, **overrides: Any) -> None:
    llm = config.llm
    if overrides.get("model_path"):
        llm.model = str(overrides["model_path"])
    if overrides.get("adapter"):
        llm.adapter = str(overrides["adapter"])
    if overrides.get("seed") is not None:
        llm.seed = overrides["seed"]
    if overrides.get("temperature") is not None:
        llm.temperature = overrides["temperature"]
    if overrides.get("max_tokens") is not None:
        llm.max_tokens = overrides["max_tokens"]
        if llm.max_tokens >= llm.n_ctx:
            raise PromptError(f"--max-tokens must be smaller than the context window ({llm.n_ctx})")


@cli.command()
@click.argument("prompt", required=False)
@sampling_options
@click.option("--system", help="System prompt for this question.")
@click.option("--fast", is_flag=True, help="System 1: one candidate, hard vetoes only.")
@click.option("--direct", is_flag=True, help="Bypass the planner and guardrails: stream the bare language layer.")
@click.option("--no-memory", is_flag=True, help="Neither recall from nor write to the memory store.")
@click.option(
    "--document",
    "documents",
    multiple=True,
    type=click.Path(path_type=Path),  # a folder is read_document's to refuse: exit 66, one line
    help="A file (mail or text) to ask about, given to the model as quoted untrusted data. Repeatable.",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object (with the planner's decision).")
@click.pass_context
def ask(
    ctx: click.Context,
    prompt: str | None,
    system: str | None,
    fast: bool,
    direct: bool,
    no_memory: bool,
    documents: tuple[Path, ...],
    as_json: bool,
    **overrides: Any,
) -> None:
    """Answer PROMPT (standard input when it is left out or `-`).

    The planner chooses a strategy, draws candidates until one's energy is acceptable and prints
    the one of least energy (System 2; --fast for System 1). --direct streams the bare model.
    A --document is data, never instructions: it is checked for prompt injection, quoted in the
    prompt, and never a source of facts about you.
    """
    from .untrusted import read_document

    if direct and documents:
        raise click.UsageError("--document needs the planner: leave out --direct")
    attached = [read_document(path) for path in documents]  # a bad file stops before the model loads
    text = read_prompt(prompt)
    config = get_config(ctx)
    apply_overrides(config, **overrides)
    if system:
        config.llm.system_prompt = valid_unicode(system)
    if direct:
        _ask_direct(config, text, as_json)
        return
    from .session import open_session

    started = time.perf_counter()
    session = open_session(config, use_memory=not no_memory)
    seed = config.llm.seed if config.llm.seed >= 0 else None
    reply = session.turn(text, documents=attached, fast=fast or None, seed=seed)
    done = time.perf_counter()
    if as_json:
        chosen = reply.decision.candidates[reply.decision.chosen] if reply.decision.chosen >= 0 else None
        emit_json(
            {
                "text": reply.text,
                "strategy": reply.decision.strategy,
                "system": reply.decision.system,
                "n": reply.decision.n,
                "seed": chosen.seed if chosen else None,
                "tokens": chosen.tokens if chosen else 0,
                "model": session.model.name,
                "adapter": str(session.model.adapter_path) if session.model.adapter_path else None,
                "conversation_id": reply.conversation_id,
                "message_id": reply.message_id,
                "remembered": reply.remembered,
                "documents": [d.source for d in attached],
                "document_flags": reply.document_flags,
                "decision": reply.decision.to_dict(),
                "total_s": round(done - started, 4),
            }
        )
    else:
        for flag in reply.document_flags:
            click.echo(f"warning: {flag}", err=True)
        click.echo(reply.text)


def _ask_direct(config: Config, text: str, as_json: bool) -> None:
    from .llm import Message, Sampling, open_model

    started = time.perf_counter()
    model = open_model(config.llm)
    loaded = time.perf_counter()
    messages: list[Message] = [
        {"role": "system", "content": config.llm.system_prompt},
        {"role": "user", "content": text},
    ]
    run = model.start(messages, Sampling.from_config(config.llm))
    first_token: float | None = None
    for piece in run:
        if first_token is None:
            first_token = time.perf_counter()
        if not as_json:
            click.echo(piece, nl=False)
            sys.stdout.flush()
    done = time.perf_counter()
    result = run.result
    if as_json:
        emit_json(
            {
                "text": result.text,
                "model": model.name,
                "model_path": str(model.model_path),
                "adapter": str(model.adapter_path) if model.adapter_path else None,
                "seed": result.seed,
                "prompt_tokens": result.prompt_tokens,
                "tokens": result.tokens,
                "finish_reason": result.finish_reason,
                "load_s": round(loaded - started, 4),
                "first_token_s": round((first_token or done) - started, 4),
                "total_s": round(done - started, 4),
            }
        )
    else:
        click.echo()


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the report as one JSON object.")
@click.pass_context
def doctor(ctx: click.Context, as_json: bool) -> None:
    """Check that the model, the embedder and the vector store work here."""
    from .doctor import run_checks

    report = run_checks(ctx)
    if as_json:
        emit_json(report)
    else:
        for check in report["checks"]:
            mark = "ok  " if check["ok"] else "FAIL"
            click.echo(f"[{mark}] {check['name']}: {check['detail']}")
        click.echo("")
        for key, value in report["versions"].items():
            click.echo(f"{key:>22}  {value}")
        for key, value in report["paths"].items():
            click.echo(f"{key:>22}  {value}")
    if not all(check["ok"] for check in report["checks"]):
        sys.exit(1)


@cli.group(cls=BrocaGroup)
def config() -> None:
    """Show where the configuration lives and what it says."""


@config.command("path")
def config_path_cmd() -> None:
    """Print the path of the configuration file."""
    click.echo(str(config_path()))


@config.command("show")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON instead of TOML.")
@click.pass_context
def config_show(ctx: click.Context, as_json: bool) -> None:
    """Print the effective configuration (file, defaults and BROCA_* overrides)."""
    cfg = get_config(ctx)
    if as_json:
        emit_json({"path": str(cfg.source), "data_dir": str(cfg.data_dir), **cfg.to_dict()})
        return
    import tomli_w

    click.echo(f"# {cfg.source}{'' if cfg.source.exists() else ' (not present: defaults)'}")
    click.echo(tomli_w.dumps(cfg.to_dict()), nl=False)


def main() -> None:
    cli(prog_name="broca")
