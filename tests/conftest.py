"""Shared fixtures. Every test runs with its own config file and data dir, offline."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """No test reads the developer's own config or writes into their data dir."""
    for var in list(os.environ):
        if var.startswith("BROCA_"):
            monkeypatch.delenv(var)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("BROCA_CONFIG", str(home / "config.toml"))
    monkeypatch.setenv("BROCA_DATA_DIR", str(home / "data"))
    yield home


@pytest.fixture(scope="session")
def model():  # type: ignore[no-untyped-def]
    """The real embedded SmolLM2 through llama.cpp, loaded once for the session."""
    from assistant.llm import LanguageModel

    lm = LanguageModel(n_ctx=2048)
    yield lm
    lm.close()


@pytest.fixture
def broca_stdin_closed() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Runs `broca ARGS <&-` in a child process: Python's sys.stdin is then None, which CliRunner
    cannot reproduce."""

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "assistant", *args],
            preexec_fn=lambda: os.close(0),
            capture_output=True,
            text=True,
            timeout=120,
        )

    return run
