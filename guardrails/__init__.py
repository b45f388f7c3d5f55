"""Guardrails: objectives composed into one energy, for replies, inputs and incoming content."""

from __future__ import annotations

from ._energy import Energy, Term, Verdict, term_energy
from ._objective import Batch, Objective, Scope

__all__ = ["Batch", "Energy", "Objective", "Scope", "Term", "Verdict", "term_energy"]
