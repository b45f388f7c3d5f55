"""Configuration: one TOML file in the XDG config dir, `BROCA_*` environment overrides.

Every section is a dataclass; its fields are the keys a user may set, with their types and
defaults. Validation is driven by those dataclasses, so a new key is one field, and every error
names the file (or variable), the key and the problem on one line.
"""

from __future__ import annotations

import dataclasses
import math
import os
import tomllib
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from .errors import ConfigError
from .jsonl import strip_bom

__all__ = [
    "Config",
    "GuardrailsConfig",
    "LLMConfig",
    "MemoryConfig",
    "PlannerConfig",
    "ShieldConfig",
    "config_path",
    "data_dir",
    "load_config",
]

APP = "broca"

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


@dataclass
class MemoryConfig:
    path: str = ""  # empty: memory.db in the data dir
    url: str = ""  # postgresql://...: memories and the chat log in PostgreSQL (pgvector) instead of `path`
    namespace: str = "default"
    half_life_days: float = 30.0
    recall_k: int = 5


@dataclass
class GuardrailsConfig:
    policy: str = "baseline"
    packs: list[str] = field(default_factory=list)
    heads: str = ""  # a folder of trained head files (.npz) replacing the shipped ones; empty: shipped
    plugins: bool = True  # load objectives from the `broca.objectives` entry points


@dataclass
class PlannerConfig:
    n_max: int = 4
    accept_threshold: float = 2.0
    fast: bool = False


@dataclass
class ShieldConfig:
    quarantine: str = ""  # empty: quarantine/ maildir in the data dir
    model: str = ""  # a folder with model.npz/model.json from `broca shield train`; empty: the shipped one
    cascade: bool = True  # consult the embedding spam head only where the cheap terms are unsure


@dataclass
class Config:
    llm: LLMConfig = field(default_factory=LLMConfig)
    memory: MemoryConfig = field(default_factory=MemoryConfig)
    guardrails: GuardrailsConfig = field(default_factory=GuardrailsConfig)
    planner: PlannerConfig = field(default_factory=PlannerConfig)
    shield: ShieldConfig = field(default_factory=ShieldConfig)
    # Where this configuration came from; not keys of the file.
    source: Path = field(default=Path(), metadata={"internal": True})
    data_dir: Path = field(default=Path(), metadata={"internal": True})

    def to_dict(self) -> dict[str, dict[str, Any]]:
        return {name: dataclasses.asdict(getattr(self, name)) for name in _sections()}

    @property
    def memory_path(self) -> Path:
        return Path(self.memory.path).expanduser() if self.memory.path else self.data_dir / "memory.db"

    @property
    def memory_location(self) -> str | Path:
        """Where the memory lives: `memory.url` (PostgreSQL) when set, else the SQLite file."""
        return self.memory.url or self.memory_path


def config_path() -> Path:
    """The config file: `$BROCA_CONFIG`, else `config.toml` in the XDG config dir."""
    env = os.environ.get("BROCA_CONFIG")
    return Path(env).expanduser() if env else platformdirs.user_config_path(APP) / "config.toml"


def data_dir() -> Path:
    """Where broca keeps its data: `$BROCA_DATA_DIR`, else the XDG data dir."""
    env = os.environ.get("BROCA_DATA_DIR")
    return Path(env).expanduser() if env else platformdirs.user_data_path(APP)


def _sections() -> dict[str, type]:
    hints = typing.get_type_hints(Config)
    return {f.name: hints[f.name] for f in dataclasses.fields(Config) if not f.metadata.get("internal")}


def _type_name(tp: Any) -> str:
    return getattr(tp, "__name__", None) or str(tp)


def _coerce(value: Any, tp: Any, where: str) -> Any:
    """Check `value` against the field type `tp`; ints are accepted where floats are expected."""
    origin = typing.get_origin(tp)
    if origin is list:
        (item_tp,) = typing.get_args(tp)
        if not isinstance(value, list):
            raise ConfigError(f"{where}: expected a list of {_type_name(item_tp)}, got {value!r}")
        return [_coerce(v, item_tp, where) for v in value]
    if tp is bool:
        if isinstance(value, bool):
            return value
    elif tp is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif tp is float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
    elif tp is str and isinstance(value, str):
        return value
    raise ConfigError(f"{where}: expected {_type_name(tp)}, got {value!r}")


def _parse_env(raw: str, tp: Any, where: str) -> Any:
    """Environment values are strings: turn them into the field's type."""
    if tp is bool:
        lowered = raw.strip().lower()
        if lowered in {"1", "true", "yes", "on"}:
            return True
        if lowered in {"0", "false", "no", "off", ""}:
            return False
        raise ConfigError(f"{where}: expected a boolean (true/false), got {raw!r}")
    if tp is int or tp is float:
        try:
            return tp(raw)
        except ValueError:
            raise ConfigError(f"{where}: expected {_type_name(tp)}, got {raw!r}") from None
    if typing.get_origin(tp) is list:
        return [item.strip() for item in raw.split(",") if item.strip()]
    return raw


def _build_section(cls: type, values: dict[str, Any], where: str) -> Any:
    hints = typing.get_type_hints(cls)
    kwargs: dict[str, Any] = {}
    for key, value in values.items():
        if key not in hints:
            known = ", ".join(sorted(hints))
            raise ConfigError(f"{where}: unknown key {key!r} (known keys: {known})")
        kwargs[key] = _coerce(value, hints[key], f"{where}.{key}")
    return cls(**kwargs)


def _validate(config: Config, where: str, origins: typing.Mapping[str, str]) -> None:
    """`origins`: keys set by an environment variable, which the message names instead of the file."""
    llm = config.llm
    checks = [
        (llm.n_ctx >= 256, "llm.n_ctx", "must be at least 256"),
        (llm.max_tokens >= 1, "llm.max_tokens", "must be at least 1"),
        (llm.max_tokens < llm.n_ctx, "llm.max_tokens", "must be smaller than llm.n_ctx"),
        (llm.n_threads >= 0, "llm.n_threads", "must be 0 (auto) or more"),
        (0 <= llm.temperature < math.inf, "llm.temperature", "must be a finite number, not negative"),
        (0 < llm.top_p <= 1, "llm.top_p", "must be in (0, 1]"),
        (llm.extra_bufts in {"auto", "on", "off"}, "llm.extra_bufts", "must be auto, on or off"),
        (llm.backend in {"llama.cpp", "openai"}, "llm.backend", "must be llama.cpp or openai"),
        (
            llm.backend != "openai" or llm.base_url.startswith(("http://", "https://")),
            "llm.base_url",
            "must be an http:// or https:// URL when llm.backend is openai",
        ),
        (llm.backend == "openai" or not llm.base_url, "llm.base_url", "is only read when llm.backend is openai"),
        (config.planner.n_max >= 1, "planner.n_max", "must be at least 1"),
        (config.memory.half_life_days > 0, "memory.half_life_days", "must be positive"),
        (
            not config.memory.url or config.memory.url.startswith(("postgresql://", "postgres://")),
            "memory.url",
            "must be a postgresql:// URL (or empty: the SQLite file)",
        ),
    ]
    for ok, key, problem in checks:
        if not ok:
            raise ConfigError(f"{origins.get(key, where)}: {key} {problem}")


def load_config(path: Path | None = None, environ: typing.Mapping[str, str] | None = None) -> Config:
    """Read the config file (a missing file means defaults), then apply `BROCA_*` overrides."""
    path = path or config_path()
    environ = os.environ if environ is None else environ
    raw: dict[str, Any] = {}
    if path.exists():
        try:
            text = strip_bom(path.read_text(encoding="utf-8"))  # a byte-order mark first is no TOML
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: cannot read config: {exc}") from None
        try:
            raw = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: invalid TOML: {exc}") from None

    sections = _sections()
    built: dict[str, Any] = {}
    origins: dict[str, str] = {}
    for name, value in raw.items():
        if name not in sections:
            raise ConfigError(f"{path}: unknown section [{name}] (known: {', '.join(sections)})")
        if not isinstance(value, dict):
            raise ConfigError(f"{path}: {name} must be a table ([{name}])")
    for name, cls in sections.items():
        values = dict(raw.get(name, {}))
        hints = typing.get_type_hints(cls)
        prefix = f"BROCA_{name.upper()}_"
        for var, env_value in environ.items():
            if var.startswith(prefix):
                key = var[len(prefix) :].lower()
                if key not in hints:
                    raise ConfigError(f"{var}: unknown key {name}.{key}")
                values[key] = _parse_env(env_value, hints[key], var)
                origins[f"{name}.{key}"] = var
        built[name] = _build_section(cls, values, f"{path}: {name}")
    config = Config(**built, source=path, data_dir=data_dir())
    _validate(config, str(path), origins)
    return config
