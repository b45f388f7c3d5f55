"""memory.progress: a rich bar on a terminal, nothing at all anywhere else."""

from __future__ import annotations

import io
import sys

import pytest
from rich.console import Console

from finetune.progress import ProgressPrinter, StepInfo
from memory.progress import progress, progress_task, stderr_console


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def terminal() -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, force_terminal=True, width=100), out


def test_progress_is_silent_and_hands_back_the_iterable_when_stderr_is_not_a_terminal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    err = io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    items = [1, 2, 3]
    assert progress(items, 3, "scanning") is items
    assert stderr_console() is None
    with progress_task(10, "training") as task:
        assert not task.drawing
        task.update(5, loss="0.1")
        task.advance()
    assert err.getvalue() == ""


def test_progress_draws_on_a_terminal() -> None:
    console, out = terminal()
    assert list(progress(iter(range(5)), 5, "scanning", console=console)) == [0, 1, 2, 3, 4]
    drawn = out.getvalue()
    assert "scanning" in drawn and "5/5" in drawn
    assert "\x1b[" in drawn  # drawn with terminal control sequences (and erased when done)


def test_progress_takes_the_total_from_a_sized_iterable() -> None:
    console, out = terminal()
    assert list(progress(["a", "b"], description="importing", console=console)) == ["a", "b"]
    assert "2/2" in out.getvalue()


def test_stderr_console_is_made_for_a_terminal_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stderr", Terminal())
    assert stderr_console() is not None
    assert stderr_console(io.StringIO()) is None


def test_a_task_shows_its_fields_and_a_nested_bar_is_a_row_of_the_same_display() -> None:
    console, out = terminal()
    with progress_task(4, "training", console=console) as task:
        assert task.drawing
        task.update(2, loss="0.5000")
        for _ in progress(range(3), description="embedding", console=console):
            pass
        task.update(4)
    drawn = out.getvalue()
    assert "training" in drawn and "loss 0.5000" in drawn and "embedding" in drawn


def info(step: int, total: int = 20) -> StepInfo:
    return StepInfo(step, total, loss=1.5, lr=1e-3, tokens=100 * step, tokens_per_s=250.0, elapsed_s=step, eta_s=30)


def test_training_progress_off_a_terminal_is_a_line_every_few_steps() -> None:
    out = io.StringIO()
    printer = ProgressPrinter(out, every=10)
    for step in range(1, 21):
        printer(info(step))
    lines = out.getvalue().splitlines()
    assert lines == [
        "[#                       ] step 1/20  loss 1.5000  250 tok/s  ETA 0m30s",
        "[############            ] step 10/20  loss 1.5000  250 tok/s  ETA 0m30s",
        "[########################] step 20/20  loss 1.5000  250 tok/s  ETA 0m30s",
    ]


def test_training_progress_on_a_terminal_is_a_rich_bar() -> None:
    out = Terminal()
    with ProgressPrinter(out) as printer:
        assert printer.tty
        for step in range(1, 4):
            printer(info(step, total=3))
    drawn = out.getvalue()
    assert "training" in drawn and "loss 1.5000" in drawn and "250 tok/s" in drawn
    assert "[###" not in drawn  # not the hand-made bar
