"""Hierarchical planning: a goal decomposed into subgoals, each decomposition chosen by energy.

The model proposes children for a node (several proposals, varied seeds); the energy scores each
proposal: every child should be relevant to its parent, the siblings should not repeat each other,
and no child may trip a guardrail. A beam keeps the best proposals per node; the best is expanded,
down to `depth` levels (at most 3).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from memory.base.errors import PromptError
from memory.base.text import valid_unicode

from .llm import ChatModel, Sampling

if TYPE_CHECKING:
    from guardrails import Energy

__all__ = ["PlanNode", "decompose", "parse_steps"]

MAX_DEPTH = 3
W_RELEVANCE = 1.0
W_REDUNDANCY = 2.0
REDUNDANT_ABOVE = 0.75  # sibling cosine similarity past which steps repeat each other
W_SHAPE = 1.0  # fewer than two steps is no decomposition

STEP = re.compile(r"^\s*(?:\d+[.)]|[-*•])\s+(?P<step>.+?)\s*$")


@dataclass
class PlanNode:
    goal: str
    energy: float = 0.0
    terms: dict[str, float] = field(default_factory=dict)
    children: list[PlanNode] = field(default_factory=list)
    proposals: int = 0  # how many decompositions were weighed for this node

    def to_dict(self) -> dict[str, Any]:
        return {
            "goal": self.goal,
            "energy": None if math.isinf(self.energy) else round(self.energy, 4),
            # JSON has no infinity: a vetoed or empty decomposition's term is null, like its energy.
            "terms": {k: round(v, 4) if math.isfinite(v) else None for k, v in self.terms.items()},
            "proposals": self.proposals,
            "children": [c.to_dict() for c in self.children],
        }

    def render(self, prefix: str = "", last: bool = True, root: bool = True) -> list[str]:
        label = f"{self.goal}  [E={self.energy:.2f}]" if self.children else self.goal
        if self.proposals and not self.children:
            # Weighed but not decomposed: say why, or a refused goal looks like an empty plan.
            why = "a step was vetoed by the guardrails" if "veto" in self.terms else "no usable steps were proposed"
            label += f"  [no plan: {why}]"
        lines = [label] if root else [f"{prefix}{'└── ' if last else '├── '}{label}"]
        child_prefix = "" if root else prefix + ("    " if last else "│   ")
        for i, child in enumerate(self.children):
            lines.extend(child.render(child_prefix, i == len(self.children) - 1, root=False))
        return lines


def parse_steps(text: str, limit: int = 6) -> list[str]:
    """The numbered or bulleted steps of a model's reply (markdown emphasis stripped)."""
    steps: list[str] = []
    for line in text.splitlines():
        m = STEP.match(line)
        if m:
            step = re.sub(r"[*_`]+", "", m.group("step")).strip().rstrip(":")
            if len(step) > 2 and step.lower() not in (s.lower() for s in steps):
                steps.append(step)
    return steps[:limit]


def _proposal_energy(
    parent_vector: np.ndarray, vectors: np.ndarray, vetoed: Sequence[bool], guard: Sequence[float]
) -> tuple[float, dict[str, float]]:
    n = len(vectors)
    if n == 0:
        return math.inf, {"empty": math.inf}
    if any(vetoed):
        return math.inf, {"veto": math.inf}
    relevance = float(np.mean(np.clip(1.0 - vectors @ parent_vector, 0.0, 2.0)))
    sims = vectors @ vectors.T
    np.fill_diagonal(sims, -1.0)
    redundancy = float(np.mean(np.clip(sims.max(axis=1) - REDUNDANT_ABOVE, 0.0, 1.0))) if n > 1 else 0.0
    terms = {
        "relevance": W_RELEVANCE * relevance,
        "redundancy": W_REDUNDANCY * redundancy,
        "shape": W_SHAPE * max(0, 2 - n),
        "guardrails": float(np.mean(guard)) if len(guard) else 0.0,
    }
    return sum(terms.values()), terms


def decompose(
    goal: str,
    model: ChatModel,
    embed: Callable[[Sequence[str]], np.ndarray],
    energy: Energy | None = None,
    *,
    depth: int = 2,
    beam: int = 2,
    max_children: int = 4,
    seed: int = 0,
    max_tokens: int = 160,
) -> PlanNode:
    """Decompose `goal` into a tree of subgoals `depth` levels deep."""
    if not goal.strip():
        raise PromptError("the goal is empty")
    if not 1 <= depth <= MAX_DEPTH:
        raise PromptError(f"depth must be between 1 and {MAX_DEPTH}")
    if beam < 1:
        raise PromptError("beam must be at least 1")
    model.refuse_oversized(goal, max_tokens)  # before any embedding
    root = PlanNode(valid_unicode(goal.strip()))
    _expand(root, embed([root.goal])[0], model, embed, energy, depth, beam, max_children, seed, max_tokens)
    return root


def _guard(energy: Energy | None, steps: list[str]) -> tuple[list[bool], list[float]]:
    if energy is None or not steps:
        return [False] * len(steps), [0.0] * len(steps)
    verdicts = energy.assess(steps)
    return [v.vetoed for v in verdicts], [0.0 if math.isinf(v.energy) else v.energy for v in verdicts]


def _expand(
    node: PlanNode,
    vector: np.ndarray,
    model: ChatModel,
    embed: Callable[[Sequence[str]], np.ndarray],
    energy: Energy | None,
    depth: int,
    beam: int,
    max_children: int,
    seed: int,
    max_tokens: int,
) -> None:
    if depth == 0:
        return
    messages = [
        {"role": "system", "content": "You break goals into short, concrete, distinct steps."},
        {
            "role": "user",
            "content": f"Break this goal into {max_children - 1} to {max_children} steps, "
            f"as a numbered list with one short line per step.\nGoal: {node.goal}",
        },
    ]
    proposals: list[tuple[float, dict[str, float], list[str], np.ndarray]] = []
    for i in range(beam):
        sampling = Sampling(temperature=0.3 + 0.4 * i, max_tokens=max_tokens, seed=seed + 101 * i)
        steps = parse_steps(model.complete(messages, sampling).text, max_children)  # type: ignore[arg-type]
        vectors = embed(steps) if steps else np.zeros((0, len(vector)), dtype=np.float32)
        vetoed, guard = _guard(energy, steps)
        e, terms = _proposal_energy(vector, vectors, vetoed, guard)
        proposals.append((e, terms, steps, vectors))
    node.proposals = len(proposals)
    best_energy, best_terms, best_steps, best_vectors = min(proposals, key=lambda p: p[0])
    node.energy, node.terms = best_energy, best_terms
    if math.isinf(best_energy):
        return
    for j, (step, step_vector) in enumerate(zip(best_steps, best_vectors, strict=True)):
        child = PlanNode(step)
        node.children.append(child)
        _expand(
            child, step_vector, model, embed, energy, depth - 1, beam, max_children, seed + 17 * (j + 1), max_tokens
        )
