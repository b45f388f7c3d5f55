"""What every `broca` subcommand shares: JSON output, config loading, one-line errors, Ctrl-C.

Subcommand groups in `memory/`, `guardrails/`, `finetune/` and `assistant/` import from here, not
from `assistant.cli`, so that no import cycle runs through the top-level command and no lower
package imports `assistant`.
"""

from __future__ import annotations

import errno
import json
import math
import os
import signal
import sys
import threading
from collections.abc import Iterable
from typing import Any, NoReturn, TextIO, TypeVar

import click

from .config import load_section
from .errors import BrocaError, StdinClosedError

__all__ = [
    "INTERRUPTED",
    "BrocaGroup",
    "FiniteRange",
    "StdinClosedError",
    "emit_json",
    "emit_jsonl",
    "fail",
    "get_config",
    "get_section",
    "stdin",
]

# Set by the CLI's Ctrl-C handler; a generation (`assistant.llm`, `assistant.remote`) checks it at
# each token, so a Ctrl-C that a library swallows on the way still stops the reply. It lives here,
# beside the handler, so that the handler needs no import of the language layer.
INTERRUPTED = threading.Event()


def fail(message: str, code: int = 1) -> NoReturn:
    """Print `error: message` on stderr and exit with `code`."""
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


class FiniteRange(click.FloatRange):
    """click.FloatRange that also refuses nan and inf (a range check lets nan through)."""

    name = "float range"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number.", param, ctx)
        return number


_WRITE_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO}


def stdin() -> TextIO:
    """Standard input, for a command given `-`: Python's sys.stdin is None when it was closed."""
    if sys.stdin is None:
        raise StdinClosedError
    return sys.stdin


def emit_json(obj: Any) -> None:
    """`obj` as one line of strict JSON: a float that is not finite (NaN, an infinity), which JSON
    cannot hold and strict parsers refuse, is written as null."""
    click.echo(json.dumps(_finite(obj), ensure_ascii=False, allow_nan=False))


def _finite(obj: Any) -> Any:
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: _finite(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_finite(v) for v in obj]
    return obj


def emit_jsonl(records: Iterable[Any]) -> None:
    for record in records:
        emit_json(record)


S = TypeVar("S")


def get_config(ctx: click.Context) -> Any:
    """The whole configuration, loaded once per invocation by the top-level group's `load_config`
    (a bad file fails only the commands that use it); None under a group that loads none."""
    root = ctx.find_root()
    if root.obj is None and isinstance(root.command, BrocaGroup):
        root.obj = root.command.load_config()
    return root.obj


def get_section(ctx: click.Context, name: str, cls: type[S]) -> S:
    """Section `name` of the configuration: the whole configuration's under `broca`, else the
    `[name]` table read alone (`memory.base.config.load_section`)."""
    config = get_config(ctx)
    if config is not None:
        return getattr(config, name)  # type: ignore[no-any-return]
    sections = ctx.find_root().meta.setdefault("broca.sections", {})
    if name not in sections:
        sections[name] = load_section(name, cls)
    return sections[name]  # type: ignore[no-any-return]


class BrocaGroup(click.Group):
    """A group that turns user mistakes into one line on stderr and Ctrl-C into a clean exit."""

    def load_config(self) -> Any:
        """The whole configuration, when this group is the top-level one. The base layer knows no
        section: `broca`'s group (`assistant.cli`) assembles them; None here."""
        return None

    def invoke(self, ctx: click.Context) -> Any:
        previous = None
        if ctx.parent is None and threading.current_thread() is threading.main_thread():
            previous = signal.signal(signal.SIGINT, _on_interrupt)
        try:
            result = super().invoke(ctx)
            if previous is not None and INTERRUPTED.is_set():
                raise KeyboardInterrupt  # Ctrl-C came but its exception was swallowed on the way
            return result
        except BrocaError as exc:
            fail(str(exc), exc.exit_code)
        except KeyboardInterrupt:
            click.echo("\ninterrupted", err=True)
            sys.exit(130)
        except BrokenPipeError:
            # The reader went away (`broca ... | head`): not an error of ours.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(1)
        except OSError as exc:
            # A write to an open stream failed (`broca memory export > backup.jsonl` on a full disk):
            # one line, not a traceback. Errors on a named file carry its name and are the caller's.
            if exc.errno not in _WRITE_ERRORS or exc.filename is not None:
                raise
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())  # else the flush at exit fails again, with a traceback
            fail(f"cannot write the output: {exc.strerror}", 74)  # EX_IOERR
        finally:
            if previous is not None:
                signal.signal(signal.SIGINT, previous)


def _on_interrupt(signum: int, frame: object) -> None:
    INTERRUPTED.set()  # seen by a generation at its next token, even if this exception is swallowed
    raise KeyboardInterrupt
