"""Fitting the energy's weights (see `_weights` for the method and the file the runtime reads)."""

from __future__ import annotations

import json
import platform
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .._builtins import builtin_objectives
from .._energy import P_CLIP
from .._heads import atomic_write
from .._weights import MAX_WEIGHT, WEIGHTS_COMMAND, WEIGHTS_FILE
from ._train import calibration_error

__all__ = ["fit_energy_weights", "fit_nonnegative_logistic", "fit_weights", "save_weights", "terms_matrix"]

L2 = 1e-3  # per example; keeps collinear hazard categories from trading weight arbitrarily


def save_weights(data: dict[str, Any], directory: Path) -> Path:
    """Atomically, like the heads."""
    path = directory / WEIGHTS_FILE
    atomic_write(path, (json.dumps(data, indent=1, sort_keys=True) + "\n").encode("utf-8"))
    return path


def terms_matrix(p: np.ndarray) -> np.ndarray:
    """e_k = -log(1 - p_k), clipped as `term_energy` clips it."""
    return -np.log(np.maximum(P_CLIP, 1.0 - np.clip(p, 0.0, 1.0)))


def fit_nonnegative_logistic(x: np.ndarray, y: np.ndarray, l2: float = L2) -> tuple[np.ndarray, float]:
    """Class-balanced logistic regression with weights in [0, MAX_WEIGHT] and a free intercept."""
    from scipy.optimize import minimize

    n, k = x.shape
    pos = y == 1
    sw = np.where(pos, 0.5 / max(pos.mean(), 1e-9), 0.5 / max((~pos).mean(), 1e-9)) / n

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = theta[:k], theta[k]
        z = x @ w + b
        # log(1 + exp(-z)) for positives, log(1 + exp(z)) for negatives, stably
        s = np.where(pos, -z, z)
        value = float(np.sum(sw * np.logaddexp(0.0, s)) + l2 * float(w @ w))
        g = sw * np.where(pos, -1.0, 1.0) / (1.0 + np.exp(-s))
        return value, np.concatenate([x.T @ g + 2 * l2 * w, [g.sum()]])

    start = np.concatenate([np.ones(k), [0.0]])
    bounds = [(0.0, MAX_WEIGHT)] * k + [(None, None)]
    result = minimize(loss, start, jac=True, method="L-BFGS-B", bounds=bounds, options={"maxiter": 2000})
    return result.x[:k], float(result.x[k])


def fit_weights(
    names: Sequence[str],
    p: np.ndarray,
    y: np.ndarray,
    hand: Sequence[float],
    *,
    target_fpr: float = 0.05,
    seed: int = 0,
) -> dict[str, Any]:
    """Fit w_k on terms from probabilities `p` (n, k) with labels `y`; report against the `hand` weights."""
    from sklearn.metrics import average_precision_score

    x = terms_matrix(p)
    if len(set(y.tolist())) < 2:
        raise ValueError("the weights' validation slice has a single class")
    w, b = fit_nonnegative_logistic(x, y)
    energy = x @ w
    negatives = np.sort(energy[y == 0])
    k = int(np.floor(len(negatives) * (1 - target_fpr)))
    threshold = float(negatives[min(k, len(negatives) - 1)] + 1e-6)
    flagged = energy >= threshold
    hand_energy = x @ np.asarray(hand, dtype=np.float64)
    p_energy = 1.0 / (1.0 + np.exp(-(energy + b)))
    return {
        "weights": {n: round(float(v), 4) for n, v in zip(names, w, strict=True)},
        "intercept": round(b, 4),
        "energy_threshold": round(threshold, 4),
        "target_fpr": target_fpr,
        "n": len(y),
        "positives": int(y.sum()),
        "auprc": round(float(average_precision_score(y, energy)), 4),
        "auprc_hand_weights": round(float(average_precision_score(y, hand_energy)), 4),
        "recall": round(float(flagged[y == 1].mean()), 4),
        "false_positive_rate": round(float(flagged[y == 0].mean()), 4),
        "ece": round(calibration_error(p_energy, y), 4),
        "seed": seed,
        "command": WEIGHTS_COMMAND.format(seed=seed, fpr=target_fpr),
        "model": f"logistic regression on e_k = -log(1 - p_k), weights in [0, {MAX_WEIGHT:g}], L2 {L2:g}, "
        "balanced classes (scipy L-BFGS-B)",
        "python": platform.python_version(),
    }


def fit_energy_weights(
    root: Path,
    heads_dir: Path,
    *,
    seed: int = 0,
    target_fpr: float = 0.05,
    cache_dir: Path | None = None,
) -> dict[str, Any]:
    """Fit the weights of the built-in input-scope objectives with the heads in `heads_dir`, write
    `energy.json` beside them, and return the report (with the heads' own calibration errors)."""
    from .._energy import Energy
    from .._heads import INPUT_HEADS, load_head, present_heads
    from .._objective import Scope
    from ._data import in_val_slice, training_sets
    from ._eval import assess_chunked

    label: dict[str, int] = {}
    for name, examples in training_sets(root, seed=seed).items():
        if name not in INPUT_HEADS:  # the weights are the input scope's; documents are incoming
            continue
        for e in examples:
            if e.text.strip() and in_val_slice(e.text, seed):
                label[e.text] = max(label.get(e.text, 0), e.label)  # violating any objective counts
    texts = sorted(label)
    y = np.array([label[t] for t in texts])
    energy = Energy(builtin_objectives(str(heads_dir), fitted=False))
    objectives = energy.for_scope(Scope.INPUT)
    verdicts = assess_chunked(energy, texts, Scope.INPUT, cache_dir)
    names = [o.name for o in objectives]
    p = np.array([[v.term(n).p for n in names] for v in verdicts])  # type: ignore[union-attr]
    report = fit_weights(names, p, y, [o.weight for o in objectives], target_fpr=target_fpr, seed=seed)
    report["calibration"] = {
        name: {k: load_head(name, heads_dir).meta.get(k) for k in ("val_ece", "calibration", "n_val")}
        for name in present_heads(heads_dir)
    }
    report["slice"] = "the heads' 10 % validation slice of the training split, every head's rows, deduplicated"
    save_weights(report, heads_dir)
    return report
