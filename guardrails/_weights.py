"""The energy's weights w_k, fitted from data (SpamAssassin-style) instead of set by hand.

On the validation slice of the training split (the 10 % that the heads held out for calibration),
each text gets its input-scope terms e_k = -log(1 - p_k), and a logistic regression with
non-negative weights predicts "violates something" from them: E = sum_k w_k e_k is then the log-odds
of a violation up to the intercept, and the energy threshold is set for a target false-positive
rate. The result lives beside the heads as `energy.json`; `builtin_objectives` reads it.

This module is the runtime's reader; the fitting (scipy, scikit-learn, the heads' training data)
is `training/_weights_fit`, which imports the objectives this reader serves, so the two stay apart and no
import between `_builtins` and training has to hide inside a function.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = ["MAX_WEIGHT", "WEIGHTS_COMMAND", "WEIGHTS_FILE", "load_weights", "weights_path"]

WEIGHTS_FILE = "energy.json"
WEIGHTS_COMMAND = "broca guardrails weights --seed {seed} --target-fpr {fpr}"
MAX_WEIGHT = 10.0


def weights_path(directory: Path | None = None) -> Path:
    if directory is not None:
        return directory / WEIGHTS_FILE
    return Path(str(resources.files("guardrails") / "heads" / WEIGHTS_FILE))


def load_weights(directory: Path | None = None) -> dict[str, Any] | None:
    """The fitted weights beside the heads, or None when there is no (readable) file: hand-set defaults."""
    path = weights_path(directory)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    weights = data.get("weights") if isinstance(data, dict) else None
    if not isinstance(weights, dict) or not all(
        isinstance(v, int | float) and 0.0 <= v <= MAX_WEIGHT for v in weights.values()
    ):
        return None
    return data
