"""Configuration loading: one TOML file in the XDG config dir, `BROCA_*` environment overrides.

The base layer knows no section. Each package declares its own as a dataclass whose fields are the
keys a user may set, with their types and defaults (`memory.MemoryConfig`, `guardrails.GuardrailsConfig`,
the assistant's `LLMConfig`, `PlannerConfig`, `ShieldConfig` and `ServeConfig`); a `problems()`
method, where a section has one, checks its values. The assistant assembles the sections into its `Config`
(`assistant.config`), loaded with `load_config`; a lower layer used on its own reads only its own
table with `load_section`. A new key is one field, and every error names the file (or variable),
the key and the problem on one line.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar

import platformdirs

from .errors import ConfigError
from .jsonl import strip_bom

__all__ = [
    "config_path",
    "data_dir",
    "load_config",
    "load_section",
    "sections_of",
]

APP = "broca"

C = TypeVar("C")
S = TypeVar("S")


def config_path() -> Path:
    """The config file: `$BROCA_CONFIG`, else `config.toml` in the XDG config dir."""
    env = os.environ.get("BROCA_CONFIG")
    return Path(env).expanduser() if env else platformdirs.user_config_path(APP) / "config.toml"


def data_dir() -> Path:
    """Where broca keeps its data: `$BROCA_DATA_DIR`, else the XDG data dir."""
    env = os.environ.get("BROCA_DATA_DIR")
    return Path(env).expanduser() if env else platformdirs.user_data_path(APP)


def sections_of(root: type) -> dict[str, type]:
    """The sections of `root`, a dataclass with one field per section (and `internal` ones that are
    not keys of the file), by name, in the order `broca config show` prints them."""
    hints = typing.get_type_hints(root)
    return {f.name: hints[f.name] for f in dataclasses.fields(root) if not f.metadata.get("internal")}


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


def _read(path: Path) -> dict[str, Any]:
    """The file's tables; a missing file has none."""
    if not path.exists():
        return {}
    try:
        text = strip_bom(path.read_text(encoding="utf-8"))  # a byte-order mark first is no TOML
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config: {exc}") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None


def _load(name: str, cls: type[S], raw: Mapping[str, Any], path: Path, environ: Mapping[str, str]) -> S:
    """Section `name` from the file's tables and the `BROCA_<NAME>_*` variables, checked."""
    value = raw.get(name, {})
    if not isinstance(value, dict):
        raise ConfigError(f"{path}: {name} must be a table ([{name}])")
    values = dict(value)
    origins: dict[str, str] = {}  # keys set by an environment variable, which an error names instead of the file
    hints = typing.get_type_hints(cls)
    prefix = f"BROCA_{name.upper()}_"
    for var, env_value in environ.items():
        if var.startswith(prefix):
            key = var[len(prefix) :].lower()
            if key not in hints:
                raise ConfigError(f"{var}: unknown key {name}.{key}")
            values[key] = _parse_env(env_value, hints[key], var)
            origins[f"{name}.{key}"] = var
    section = _build_section(cls, values, f"{path}: {name}")
    problems = getattr(section, "problems", None)
    for key, problem in problems() if problems is not None else []:
        key = f"{name}.{key}"
        raise ConfigError(f"{origins.get(key, str(path))}: {key} {problem}")
    return section


def load_config(root: type[C], path: Path | None = None, environ: Mapping[str, str] | None = None) -> C:
    """Read the config file (a missing file means defaults) into `root` (see `sections_of`; its
    internal fields `source` and `data_dir` say where it came from), then apply `BROCA_*` overrides.
    A table that is none of `root`'s sections is an error."""
    path = path or config_path()
    environ = os.environ if environ is None else environ
    raw = _read(path)
    sections = sections_of(root)
    for name, value in raw.items():
        if name not in sections:
            raise ConfigError(f"{path}: unknown section [{name}] (known: {', '.join(sections)})")
        if not isinstance(value, dict):
            raise ConfigError(f"{path}: {name} must be a table ([{name}])")
    built: dict[str, Any] = {name: _load(name, cls, raw, path, environ) for name, cls in sections.items()}
    assemble: Any = root  # a dataclass: mypy cannot see its fields through type[C]
    return assemble(**built, source=path, data_dir=data_dir())  # type: ignore[no-any-return]


def load_section(name: str, cls: type[S], path: Path | None = None, environ: Mapping[str, str] | None = None) -> S:
    """Only the `[name]` table of the config file, as `cls`, with its `BROCA_<NAME>_*` overrides: what
    a package reads outside `broca`. The other tables are left to the packages that own them."""
    path = path or config_path()
    return _load(name, cls, _read(path), path, os.environ if environ is None else environ)
