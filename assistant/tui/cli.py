"""`broca chat`: the terminal chat UI."""

from __future__ import annotations

import sys
from typing import Any

import click

from memory.base.errors import NotATerminalError

from ..cli import apply_overrides, sampling_options
from ..config import get_config

__all__ = ["chat_cli"]


@click.command("chat")
@sampling_options
@click.option("--new", "new", is_flag=True, help="Start a new conversation instead of resuming the last one.")
@click.option("--conversation", "conversation_id", type=int, help="Resume conversation ID (see /history).")
@click.option("--fast", is_flag=True, help="Start in System 1: one candidate, hard vetoes only (/deliberate to leave).")
@click.option("--no-memory", is_flag=True, help="Neither recall from nor write to the memory store.")
@click.option("--pack", help="Use an installed community pack (its adapter and policy).")
@click.pass_context
def chat_cli(
    ctx: click.Context,
    new: bool,
    conversation_id: int | None,
    fast: bool,
    no_memory: bool,
    pack: str | None,
    **overrides: Any,
) -> None:
    """Chat in the terminal: streamed answers, memory, the planner's "why", slash commands.

    Resumes the last conversation (--new for a fresh one). Inside: /help for commands, Esc stops
    an answer, F2/F3 open the memories and why panels, Ctrl+P the command palette, Ctrl+Q quits.
    """
    from .backend import apply_pack, build_session

    if new and conversation_id is not None:
        raise click.UsageError("--new and --conversation exclude each other")
    if no_memory and conversation_id is not None:  # the log is in the memory store: it would chat in a new one
        raise click.UsageError("--conversation resumes from the memory store; it excludes --no-memory")
    config = get_config(ctx)
    apply_overrides(config, **overrides)
    if pack:
        click.echo(apply_pack(config, pack), err=True)
    if not sys.stdout.isatty() or not sys.stdin.isatty():
        raise NotATerminalError("broca chat needs a terminal; use `broca ask` in scripts and pipes")
    if fast:
        config.planner.fast = True
    click.echo("broca: loading the model and memory…", err=True)
    opened = build_session(config, use_memory=not no_memory, new=new, conversation_id=conversation_id)
    # Load the embedder and the planner's prototypes now, not on the first message.
    opened.session.embed(["warm up"])

    from .app import ChatApp

    app = ChatApp(opened, seed=config.llm.seed if config.llm.seed >= 0 else None)
    app.run()
    if opened.session.store is not None:
        opened.session.store.close()
