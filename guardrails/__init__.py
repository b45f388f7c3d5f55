"""Guardrails: objectives composed into one energy, for replies, inputs and incoming content."""

from __future__ import annotations

from ._builtins import (
    BUILTIN_NAMES,
    BaseObjective,
    HazardObjective,
    HeadObjective,
    OverRefusalObjective,
    PIIObjective,
    SelfHarmObjective,
    builtin_objectives,
)
from ._default import default_energy, reset_default_energy
from ._energy import Energy, ObjectiveError, Term, UnknownObjectiveError, Verdict, term_energy
from ._heads import HeadError, LinearHead
from ._objective import Batch, Objective, Scope
from ._pii import PIIMatch, find_pii
from ._plugins import ENTRY_POINT_GROUP, PluginError, load_plugins
from ._policy import ExemplarObjective, PolicyError, PolicyPack, load_pack, shipped_packs
from ._refusal import REFUSAL_PHRASES, is_refusal, refusal_score
from ._reveal import Hidden, Revealed, reveal, visible
from ._taxonomy import FLOOR, HAZARDS, Hazard
from .config import GuardrailsConfig

__all__ = [
    "BUILTIN_NAMES",
    "ENTRY_POINT_GROUP",
    "FLOOR",
    "HAZARDS",
    "REFUSAL_PHRASES",
    "BaseObjective",
    "Batch",
    "Energy",
    "ExemplarObjective",
    "GuardrailsConfig",
    "Hazard",
    "HazardObjective",
    "HeadError",
    "HeadObjective",
    "Hidden",
    "LinearHead",
    "Objective",
    "ObjectiveError",
    "OverRefusalObjective",
    "PIIMatch",
    "PIIObjective",
    "PluginError",
    "PolicyError",
    "PolicyPack",
    "Revealed",
    "Scope",
    "SelfHarmObjective",
    "Term",
    "UnknownObjectiveError",
    "Verdict",
    "builtin_objectives",
    "default_energy",
    "find_pii",
    "is_refusal",
    "load_pack",
    "load_plugins",
    "refusal_score",
    "reset_default_energy",
    "reveal",
    "shipped_packs",
    "term_energy",
    "visible",
]
