"""Training progress on standard error: what each optimizer step reports (`StepInfo`) and the
printer of it (`ProgressPrinter`).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Any

__all__ = ["ProgressPrinter", "StepInfo"]


@dataclass
class StepInfo:
    step: int
    total_steps: int
    loss: float
    lr: float
    tokens: int  # assistant tokens trained on so far
    tokens_per_s: float  # all tokens through the model per second, this run
    elapsed_s: float
    eta_s: float


def _duration(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 3600}h{seconds // 60 % 60:02d}m" if seconds >= 3600 else f"{seconds // 60}m{seconds % 60:02d}s"


class ProgressPrinter:
    """Training progress on standard error: a `rich.progress` bar on a terminal (memory.progress:
    step, loss, tokens/s, time left), and a line every few steps otherwise (logs, pipes).

    Use it as a context manager around `train` so that the bar goes away however the run ends; it
    also closes by itself after the last step."""

    def __init__(self, stream: Any = None, every: int = 10) -> None:
        from memory.progress import stderr_console

        self.stream = stream or sys.stderr
        self.console = stderr_console(self.stream)
        self.tty = self.console is not None
        self.every = every
        self._bar: Any = None  # the open progress_task context, while the bar is drawn
        self._task: Any = None

    def __enter__(self) -> ProgressPrinter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._bar is not None:
            bar, self._bar, self._task = self._bar, None, None
            bar.__exit__(None, None, None)

    def __call__(self, info: StepInfo) -> None:
        if self.tty:
            from memory.progress import progress_task

            if self._bar is None:
                self._bar = progress_task(info.total_steps, "training", console=self.console)
                self._task = self._bar.__enter__()
            self._task.update(
                info.step, total=info.total_steps, loss=f"{info.loss:.4f}", speed=f"{info.tokens_per_s:.0f} tok/s"
            )
            if info.step >= info.total_steps:
                self.close()
            return
        if info.step == 1 or info.step % self.every == 0 or info.step == info.total_steps:
            line = (
                f"[{'#' * int(info.step / max(1, info.total_steps) * 24):<24}] step {info.step}/{info.total_steps}  "
                f"loss {info.loss:.4f}  {info.tokens_per_s:.0f} tok/s  ETA {_duration(info.eta_s)}"
            )
            self.stream.write(line + "\n")
            self.stream.flush()
