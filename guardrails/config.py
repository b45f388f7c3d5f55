"""The `[guardrails]` section of the configuration: the policy packs, heads and plugins in force."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["GuardrailsConfig"]


@dataclass
class GuardrailsConfig:
    policy: str = "baseline"
    packs: list[str] = field(default_factory=list)
    heads: str = ""  # a folder of trained head files (.npz) replacing the shipped ones; empty: shipped
    plugins: bool = True  # load objectives from the `broca.objectives` entry points
