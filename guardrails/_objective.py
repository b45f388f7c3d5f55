"""The extension point: an `Objective` is a small, named, calibrated scorer of P(violation).

Objectives see a `Batch`: the texts, for output objectives the requests they answer, optional
per-text metadata (parsed mail headers, say), and one shared embedding pass per text.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import numpy as np

if TYPE_CHECKING:
    from memory.embedder import Adapter

__all__ = ["Batch", "Objective", "Scope", "threshold_reason"]


class Scope(StrEnum):
    """Where an objective applies."""

    INPUT = "input"  # what the owner asks
    OUTPUT = "output"  # a candidate reply (sees its input too)
    INCOMING = "incoming"  # mail, messages, documents: the shield


@dataclass
class Batch:
    """Texts scored together. Embeddings are computed at most once per batch, on first use."""

    texts: Sequence[str]
    inputs: Sequence[str] | None = None  # for OUTPUT: the request each text answers
    meta: Sequence[Mapping[str, Any]] | None = None  # per-text extras (e.g. mail headers)
    scope: Scope | None = None  # set by `Energy.evaluate`: the scope being scored
    # Which text of the caller each text is a piece of (set by `Energy.evaluate` when it cuts long
    # texts into chunks); None: every text is its own. Per-text budgets use it, so that how a text
    # is scored never depends on the other texts of its batch.
    groups: Sequence[int] | None = None
    _cache: dict[str, np.ndarray] = field(default_factory=dict, repr=False)
    # Re-entrant: a cached value (a head's probabilities) is computed from the cached embeddings.
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)

    def __post_init__(self) -> None:
        if self.inputs is not None and len(self.inputs) != len(self.texts):
            raise ValueError("inputs must be as many as texts")
        if self.meta is not None and len(self.meta) != len(self.texts):
            raise ValueError("meta must be as many as texts")
        if self.groups is not None and len(self.groups) != len(self.texts):
            raise ValueError("groups must be as many as texts")

    def __len__(self) -> int:
        return len(self.texts)

    def _embed(self, key: str, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            if key not in self._cache:
                from memory.embedder import default_embedder

                self._cache[key] = default_embedder().embed(list(texts))
            return self._cache[key]

    def embeddings(self) -> np.ndarray:
        """(n, 384) unit vectors of `texts`, shared by every objective that reads embeddings."""
        return self._embed("texts", self.texts)

    def input_embeddings(self) -> np.ndarray:
        if self.inputs is None:
            raise ValueError("this batch has no inputs")
        return self._embed("inputs", self.inputs)

    def head_embeddings(self, adapter: Adapter | None, *, inputs: bool = False) -> np.ndarray:
        """The vectors a trained head reads: through its encoder adapter's branch when it has one
        (one pass through the shared trunk gives the plain vectors too), else the plain ones."""
        if adapter is None:
            return self.input_embeddings() if inputs else self.embeddings()
        if inputs and self.inputs is None:
            raise ValueError("this batch has no inputs")
        side = "inputs" if inputs else "texts"
        key = f"{side}@{adapter.id}"
        with self._lock:
            if key not in self._cache:
                from memory.embedder import default_embedder

                texts = list(self.inputs or []) if inputs else list(self.texts)
                base, adapted = default_embedder().embed_pair(texts, adapter)
                self._cache.setdefault(side, base)
                self._cache[key] = adapted
            return self._cache[key]

    def set_embeddings(self, vectors: np.ndarray, *, inputs: bool = False, adapter: Adapter | None = None) -> None:
        """Hand in embeddings computed elsewhere (the planner already has them); with `adapter`,
        the vectors of that adapter's branch."""
        key = "inputs" if inputs else "texts"
        with self._lock:
            self._cache[f"{key}@{adapter.id}" if adapter is not None else key] = vectors

    def cached(self, key: str, compute: Callable[[], np.ndarray]) -> np.ndarray:
        """A value shared by several objectives of this batch (one head's output feeds S1..S14)."""
        with self._lock:
            if key not in self._cache:
                self._cache[key] = compute()
            return self._cache[key]

    def meta_of(self, i: int) -> Mapping[str, Any]:
        return self.meta[i] if self.meta is not None else {}


@runtime_checkable
class Objective(Protocol):
    """One term of the energy.

    `hard` objectives veto when p >= threshold; soft ones add `weight * -log(1 - p)` and flag
    when p >= threshold. `probabilities` must be calibrated: p is a probability, not a score.
    Optional, read by `Energy` where present: `scope_thresholds` (scope -> threshold) and a
    `thresholds(batch)` method giving each text its own (a head per kind of text).
    """

    name: str
    description: str
    scopes: frozenset[Scope]
    hard: bool
    threshold: float
    weight: float

    def probabilities(self, batch: Batch) -> np.ndarray:
        """P(violation) in [0, 1] for each text of the batch, shape (len(batch),)."""
        ...

    def reason(self, p: float) -> str:
        """One human-readable line on why this text got p."""
        ...


def threshold_reason(label: str, p: float, threshold: float) -> str:
    """The plain reason line of a thresholded term."""
    if p >= threshold:
        return f"{label}: likely ({p:.0%} >= threshold {threshold:.0%})"
    return f"{label}: unlikely ({p:.0%})"
