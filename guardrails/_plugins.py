"""Objectives from third-party packages, registered under the entry-point group `broca.objectives`.

An entry point may name an `Objective` instance, a class or function returning one, or a function
returning several. A broken plugin is an error naming it, not a silent gap in the guardrails; so is
a plugin objective named like a built-in one or like another plugin's, which would replace it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from importlib.metadata import entry_points
from typing import Any

from memory.base.errors import PluginError

from ._builtins import BUILTIN_NAMES
from ._objective import Objective

__all__ = ["ENTRY_POINT_GROUP", "PluginError", "load_plugins"]

ENTRY_POINT_GROUP = "broca.objectives"


def _check(obj: Any, where: str) -> Objective:
    if not isinstance(obj, Objective):
        raise PluginError(
            f"plugin {where}: {obj!r} is not an objective (needs name, description, scopes, "
            "hard, threshold, weight, probabilities(), reason())"
        )
    if not isinstance(obj.name, str) or not obj.name:
        raise PluginError(f"plugin {where}: objective has no name")
    # Checked here, once: `guardrails list` and `policy show` print them before anything is scored.
    for attribute, low, high in (("threshold", 0.0, 1.0), ("weight", 0.0, math.inf)):
        value = getattr(obj, attribute)
        if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
            raise PluginError(f"plugin {where}: objective {obj.name}'s {attribute} {value!r} is not a number in range")
    return obj


def load_plugins() -> list[Objective]:
    """Every objective that installed packages register, in entry-point name order."""
    taken = dict.fromkeys(BUILTIN_NAMES, "a built-in objective")
    found: list[Objective] = []
    for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        where = f"{ep.name} ({ep.value})"
        try:
            target = ep.load()
            # A class also passes the runtime protocol check (its attributes are there): instantiate it.
            made: Any = target() if isinstance(target, type) or not isinstance(target, Objective) else target
        except Exception as exc:  # third-party code: any failure is reported as the plugin's
            raise PluginError(f"plugin {where} failed to load: {type(exc).__name__}: {exc}") from None
        items: Iterable[Any] = [made] if isinstance(made, Objective) else made
        try:
            objectives = [_check(obj, where) for obj in items]
        except TypeError:
            raise PluginError(f"plugin {where}: returned {made!r}, not an objective") from None
        for obj in objectives:
            # Two objectives of one name would leave one of them: a plugin could silently replace
            # a built-in guardrail (S9, say) or another plugin's objective.
            if obj.name in taken:
                raise PluginError(f"plugin {where}: objective {obj.name!r} has the name of {taken[obj.name]}")
            taken[obj.name] = f"the objective of plugin {where}"
        found.extend(objectives)
    return found
