"""A third-party objective: flags texts written mostly in capital letters (shouting)."""

from __future__ import annotations

import numpy as np

from guardrails import Batch, Scope


class ShoutingObjective:
    name = "shouting"
    description = "Mostly capital letters."
    scopes = frozenset({Scope.INPUT, Scope.INCOMING})
    hard = False
    threshold = 0.5
    weight = 0.5

    def probabilities(self, batch: Batch) -> np.ndarray:
        out = []
        for text in batch.texts:
            letters = [c for c in text if c.isalpha()]
            out.append(sum(c.isupper() for c in letters) / len(letters) if letters else 0.0)
        return np.array(out)

    def reason(self, p: float) -> str:
        return f"shouting: {p:.0%} of the letters are capitals"
