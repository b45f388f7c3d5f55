"""broca's configuration: the sections of config.toml, each from the package that owns it.

`memory.MemoryConfig` and `guardrails.GuardrailsConfig` live with their packages; the language
model, the planner, the shield and the server are the assistant's and are declared here. The
loader (file, `BROCA_<SECTION>_<KEY>` overrides, one-line errors) is the base layer's
(`memory.base.config`).
"""

from __future__ import annotations

import dataclasses
import math
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from guardrails.config import GuardrailsConfig
from memory.base import clikit
from memory.base import config as loader
from memory.config import MemoryConfig

__all__ = [
    "DEFAULT_SYSTEM_PROMPT",
    "Config",
    "GuardrailsConfig",
    "LLMConfig",
    "MemoryConfig",
    "PlannerConfig",
    "ServeConfig",
    "ShieldConfig",
    "get_config",
    "load_config",
]

DEFAULT_SYSTEM_PROMPT = (
    "You are broca, a helpful personal assistant running offline on the owner's computer. Answer clearly and concisely."
)


@dataclass
class LLMConfig:
    backend: str = "llama.cpp"  # llama.cpp (in-process) | openai (any OpenAI-compatible server)
    # llama.cpp: path to a GGUF chat model, empty: the embedded SmolLM2-135M-Instruct.
    # openai: the server's model name, empty: the first one it lists.
    model: str = ""
    base_url: str = ""  # openai: the server's API root, e.g. http://127.0.0.1:11434/v1 (Ollama)
    api_key_env: str = "OPENAI_API_KEY"  # openai: the environment variable holding its key, if any
    adapter: str = ""  # optional LoRA adapter GGUF
    n_ctx: int = 2048
    n_threads: int = 0  # 0: one per physical core
    n_batch: int = 512
    seed: int = -1  # -1: a new random seed per call
    temperature: float = 0.2
    top_p: float = 0.9
    top_k: int = 40
    min_p: float = 0.05
    repeat_penalty: float = 1.1
    max_tokens: int = 256
    extra_bufts: str = "auto"  # auto | on | off: llama.cpp's repacked (AMX) buffers
    system_prompt: str = DEFAULT_SYSTEM_PROMPT

    def problems(self) -> list[tuple[str, str]]:
        checks = [
            (self.n_ctx >= 256, "n_ctx", "must be at least 256"),
            (self.max_tokens >= 1, "max_tokens", "must be at least 1"),
            (self.max_tokens < self.n_ctx, "max_tokens", "must be smaller than llm.n_ctx"),
            (self.n_threads >= 0, "n_threads", "must be 0 (auto) or more"),
            (0 <= self.temperature < math.inf, "temperature", "must be a finite number, not negative"),
            (0 < self.top_p <= 1, "top_p", "must be in (0, 1]"),
            (self.extra_bufts in {"auto", "on", "off"}, "extra_bufts", "must be auto, on or off"),
            (self.backend in {"llama.cpp", "openai"}, "backend", "must be llama.cpp or openai"),
            (
                self.backend != "openai" or self.base_url.startswith(("http://", "https://")),
                "base_url",
                "must be an http:// or https:// URL when llm.backend is openai",
            ),
            (self.backend == "openai" or not self.base_url, "base_url", "is only read when llm.backend is openai"),
        ]
        return [(key, problem) for ok, key, problem in checks if not ok]


@dataclass
class PlannerConfig:
    n_max: int = 4
    accept_threshold: float = 2.0
    fast: bool = False

    def problems(self) -> list[tuple[str, str]]:
        return [] if self.n_max >= 1 else [("n_max", "must be at least 1")]


@dataclass
class ShieldConfig:
    quarantine: str = ""  # empty: quarantine/ maildir in the data dir
    model: str = ""  # a folder with model.npz/model.json from `broca shield train`; empty: the shipped one
    cascade: bool = True  # consult the embedding spam head only where the cheap terms are unsure


@dataclass
class ServeConfig:
    """Bounds `broca serve` puts on its clients: each one a slow or greedy client could exhaust."""

    max_connections: int = 256  # open connections; one more is answered 503 and closed
    header_timeout: float = 10.0  # seconds for a request's line and headers to arrive (slowloris)
    body_timeout: float = 30.0  # seconds for a request's whole body to arrive
    keep_alive_timeout: float = 5.0  # seconds an idle connection is kept between requests
    max_body: int = 4 * 1024 * 1024  # bytes of request body; more is answered 413
    max_pending: int = 64  # requests waiting for the model; more are answered 503
    max_batch: int = 256  # texts in one moderation or embedding request; more are answered 400

    def problems(self) -> list[tuple[str, str]]:
        checks = [
            (self.max_connections >= 1, "max_connections", "must be at least 1"),
            (0 < self.header_timeout < math.inf, "header_timeout", "must be a positive number of seconds"),
            (0 < self.body_timeout < math.inf, "body_timeout", "must be a positive number of seconds"),
            (0 < self.keep_alive_timeout < math.inf, "keep_alive_timeout", "must be a positive number of seconds"),
            (self.max_body >= 1024, "max_body", "must be at least 1024 bytes"),
            (self.max_pending >= 1, "max_pending", "must be at least 1"),
            (self.max_batch >= 1, "max_batch", "must be at least 1"),
        ]
        return [(key, problem) for ok, key, problem in checks if not ok]


@dataclass
class Config:
    """The whole configuration: one field per section of config.toml, in the order it is shown."""

    llm: LLMConfig = field(default_factory=LLMConfig)
    memory: MemoryConfig = field(default_factory=MemoryConfig)
    guardrails: GuardrailsConfig = field(default_factory=GuardrailsConfig)
    planner: PlannerConfig = field(default_factory=PlannerConfig)
    shield: ShieldConfig = field(default_factory=ShieldConfig)
    serve: ServeConfig = field(default_factory=ServeConfig)
    # Where this configuration came from; not keys of the file.
    source: Path = field(default=Path(), metadata={"internal": True})
    data_dir: Path = field(default=Path(), metadata={"internal": True})

    def to_dict(self) -> dict[str, dict[str, Any]]:
        return {name: dataclasses.asdict(getattr(self, name)) for name in loader.sections_of(Config)}

    @property
    def memory_path(self) -> Path:
        return self.memory.file(self.data_dir)

    @property
    def memory_location(self) -> str | Path:
        """Where the memory lives: `memory.url` (PostgreSQL) when set, else the SQLite file."""
        return self.memory.location(self.data_dir)


def load_config(path: Path | None = None, environ: typing.Mapping[str, str] | None = None) -> Config:
    """Read the config file (a missing file means defaults), then apply `BROCA_*` overrides."""
    return loader.load_config(Config, path, environ)


def get_config(ctx: click.Context) -> Config:
    """The configuration of this `broca` invocation, loaded once (a bad file fails only the commands
    that use it)."""
    return typing.cast(Config, clikit.get_config(ctx))
