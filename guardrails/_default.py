"""`default_energy()`: the built-in objectives, the active policy packs and the plugins, built once
per process and configuration (heads and prototypes load once)."""

from __future__ import annotations

import threading
from typing import Any

from memory.base.config import load_section

from ._builtins import builtin_objectives
from ._energy import Energy
from ._plugins import load_plugins
from ._policy import apply_packs, load_pack
from .config import GuardrailsConfig

__all__ = ["default_energy", "reset_default_energy"]

_cache: dict[tuple[Any, ...], Energy] = {}
_lock = threading.Lock()


def default_energy(config: GuardrailsConfig | None = None) -> Energy:
    """The energy the planner and the shield use. `config` defaults to the loaded `[guardrails]` section."""
    if config is None:
        config = load_section("guardrails", GuardrailsConfig)
    key = (config.policy, tuple(config.packs), config.heads, config.plugins)
    with _lock:
        if key not in _cache:
            objectives: list[Any] = list(builtin_objectives(config.heads))
            plugins = load_plugins() if config.plugins else []
            names = {o.name for o in plugins}
            packs = [load_pack(ref, extra_names=names) for ref in [config.policy or "baseline", *config.packs]]
            objectives.extend(plugins)
            merged, policy = apply_packs(objectives, packs)
            _cache[key] = Energy(merged, policy=policy)
        return _cache[key]


def reset_default_energy() -> None:
    """Forget cached energies (after installing a plugin or editing a pack in the same process)."""
    with _lock:
        _cache.clear()
