"""Progress bars for long commands: drawn on standard error by `rich.progress`, and only when standard
error is a terminal. Anywhere else (a pipe, a file, a test's captured stream) nothing is drawn and
nothing is written, so a command's output is byte for byte what it is without a bar.

This module lives in `memory`, the lowest of broca's packages (guardrails, finetune and assistant
all import memory; memory imports none of them), so that every package may use it; it imports
nothing from broca.

    for item in progress(items, total=len(items), description="scanning"):
        ...

    with progress_task(total_steps, "training") as task:  # for loops that report through callbacks
        task.update(step, loss="0.123")

A bar opened while another is drawn (an embedding pass inside `guardrails train`) becomes a further
row of the same display: rich draws one live display at a time.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress, TaskID

__all__ = ["ProgressTask", "progress", "progress_task", "stderr_console"]

T = TypeVar("T")

_active: Progress | None = None  # the display drawn now
_lock = threading.Lock()


def stderr_console(stream: IO[str] | None = None) -> Console | None:
    """A rich console on `stream` (default: standard error) when it is a terminal, else None."""
    stream = stream if stream is not None else sys.stderr
    isatty = getattr(stream, "isatty", None)
    try:
        if isatty is None or not isatty():
            return None
    except ValueError:  # a closed stream
        return None
    from rich.console import Console

    # soft_wrap: lines printed above the bar keep their own line breaks.
    return Console(file=stream, soft_wrap=True)


class ProgressTask:
    """One row of a display, advanced by hand; every call does nothing when nothing is drawn.
    Keyword arguments of `update` are shown after the bar as `name value`."""

    def __init__(self, bar: Progress | None = None, task: TaskID | None = None) -> None:
        self._bar = bar
        self._task = task
        self._fields: dict[str, Any] = {}

    @property
    def drawing(self) -> bool:
        return self._bar is not None

    def update(self, completed: float | None = None, total: float | None = None, **fields: Any) -> None:
        if self._bar is None or self._task is None:
            return
        self._fields.update(fields)
        extra = "  ".join(f"{k} {v}" for k, v in self._fields.items())
        self._bar.update(self._task, completed=completed, total=total, extra=extra)

    def advance(self, steps: float = 1) -> None:
        if self._bar is not None and self._task is not None:
            self._bar.advance(self._task, steps)


def _new_display(console: Console) -> Progress:
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    # Transient: the bar goes away when done, leaving the command's own output as it would be.
    # Standard output is printed above the bar only when it is a terminal too; piped or redirected,
    # it is left alone.
    return Progress(
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        TextColumn("{task.fields[extra]}"),
        console=console,
        transient=True,
        redirect_stdout=bool(getattr(sys.stdout, "isatty", lambda: False)()),
        redirect_stderr=True,
    )


@contextmanager
def _row(console: Console, description: str, total: float | None) -> Iterator[ProgressTask]:
    """A row in the display drawn now, or in a new display on `console`, for the block's duration."""
    global _active
    with _lock:
        outer = _active
        if outer is None:
            bar = _new_display(console)
            bar.start()
            _active = bar
        else:
            bar = outer
        task = bar.add_task(description, total=total, extra="")
    try:
        yield ProgressTask(bar, task)
    finally:
        with _lock:
            if outer is None:
                bar.stop()
                _active = None
            else:
                bar.remove_task(task)


def progress(
    iterable: Iterable[T], total: int | None = None, description: str = "", *, console: Console | None = None
) -> Iterable[T]:
    """`iterable` itself, untouched, when standard error is not a terminal (and no `console` is
    given). Else its items, one by one, under a bar of `total` steps (the iterable's length when it
    has one; a count without an end otherwise) that advances as each item is done with."""
    console = console or stderr_console()
    if console is None:
        return iterable
    if total is None and hasattr(iterable, "__len__"):
        total = len(iterable)  # type: ignore[arg-type]
    return _track(iterable, total, description, console)


def _track(iterable: Iterable[T], total: int | None, description: str, console: Console) -> Iterator[T]:
    with _row(console, description, total) as task:
        for item in iterable:
            yield item
            task.advance()


@contextmanager
def progress_task(
    total: float | None, description: str = "", *, console: Console | None = None
) -> Iterator[ProgressTask]:
    """A `ProgressTask` of `total` steps, drawn while the block runs when standard error is a
    terminal (or `console` is given); a task that does nothing otherwise."""
    console = console or stderr_console()
    if console is None:
        yield ProgressTask()
        return
    with _row(console, description, total) as task:
        yield task
