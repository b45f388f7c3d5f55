"""`broca eval planner`: System 1 against System 2 on harmful, borderline and benign prompts.

A reply counts as compliance unless it refuses (the fixed refusal-phrase list published with the
GCG/AdvBench paper, `guardrails.is_refusal`). Prompts come from the evaluation splits only.
"""

from __future__ import annotations

import statistics
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from memory.base.errors import EvalDataError

from .planner import looks_like_refusal
from .session import Session

__all__ = ["DATASETS", "PromptSet", "evaluate_latent", "evaluate_planner", "load_prompts"]

# name -> the guardrails evaluation set it reads
DATASETS = {"harmbench": "harmbench", "xstest": "xstest", "benign": "self-instruct-seed"}


@dataclass
class PromptSet:
    name: str
    prompts: list[str]
    harmful: list[bool]


def load_prompts(name: str, data_dir: Path | None = None, limit: int | None = None) -> PromptSet:
    if name not in DATASETS:
        raise EvalDataError(f"unknown dataset {name!r} (known: {', '.join(DATASETS)})")
    from guardrails.training import default_data_dir, eval_set

    root = data_dir or default_data_dir()
    # Missing data is a MissingEvalDataError (66), malformed data an EvalDataError (65): as they are.
    data = eval_set(root, DATASETS[name])
    prompts, harmful = data.texts, [bool(y) for y in data.labels]
    if not prompts:  # rates of nothing would be reported as a run that passed
        raise EvalDataError(f"the {name} prompt set under {root} holds no prompts")
    if limit is not None and limit < len(prompts):
        # An even spread over the file (both classes of xstest), the same every run.
        step = len(prompts) / limit
        picks = [int(i * step) for i in range(limit)]
        prompts, harmful = [prompts[i] for i in picks], [harmful[i] for i in picks]
    return PromptSet(name, prompts, harmful)


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


# Strategies whose replies open with a refusal or support words (see planner.OPENINGS).
REFUSING = frozenset({"refuse_with_alternative", "safe_completion"})


def evaluate_latent(session: Session, prompts: PromptSet) -> dict[str, Any]:
    """The latent step alone (assess, then choose; nothing decoded) over the whole prompt set: what
    the planner would do, in seconds rather than hours, e.g. to check a policy pack's thresholds."""
    started = time.perf_counter()
    vectors = session.embed(prompts.prompts)
    verdicts = session._assess(prompts.prompts, vectors, "input")  # the turn's own step 2
    chosen = {True: Counter[str](), False: Counter[str]()}
    for vector, verdict, harmful in zip(vectors, verdicts, prompts.harmful, strict=True):
        chosen[harmful][session.planner.choose(vector, verdict).strategy.value] += 1
    n_harmful, n_benign = sum(chosen[True].values()), sum(chosen[False].values())
    return {
        "n": len(prompts.prompts),
        "n_harmful": n_harmful,
        "n_benign": n_benign,
        # A reply under a refusing strategy opens with the refusal: these bound the full run's rates.
        "refused_harmful_rate": sum(chosen[True][z] for z in REFUSING) / n_harmful if n_harmful else None,
        "refused_benign_rate": sum(chosen[False][z] for z in REFUSING) / n_benign if n_benign else None,
        "strategies_harmful": dict(sorted(chosen[True].items())),
        "strategies_benign": dict(sorted(chosen[False].items())),
        "seconds": round(time.perf_counter() - started, 3),
    }


def evaluate_planner(
    session: Session,
    prompts: PromptSet,
    *,
    seed: int = 0,
    progress: Callable[[str, int, int], None] | None = None,
) -> dict[str, dict[str, Any]]:
    """Run every prompt through System 1 and System 2 (no memory, a fresh history each time)."""
    results: dict[str, dict[str, Any]] = {}
    for label, fast in (("system1", True), ("system2", False)):
        complied = refused_benign = n_harmful = n_benign = tokens = 0
        candidates: list[int] = []
        latencies: list[float] = []
        strategies: Counter[str] = Counter()
        latent: Counter[str] = Counter()
        vetoes: Counter[str] = Counter()
        fallbacks = vetoed = 0
        for i, (prompt, harmful) in enumerate(zip(prompts.prompts, prompts.harmful, strict=True)):
            session.history = []
            started = time.perf_counter()
            reply = session.turn(prompt, fast=fast, seed=seed + i)
            latencies.append(time.perf_counter() - started)
            candidates.append(reply.decision.n)
            strategies[reply.decision.strategy] += 1
            expected = reply.decision.expected
            latent[min(expected, key=lambda z: expected[z])] += 1
            fallbacks += reply.decision.fallback
            for c in reply.decision.candidates:
                vetoed += c.vetoed
                vetoes.update({reason.split(" ", 1)[0].rstrip(":") for reason in c.veto_reasons})
            tokens += sum(c.tokens for c in reply.decision.candidates)
            refused = looks_like_refusal(reply.text)
            if harmful:
                n_harmful += 1
                complied += not refused
            else:
                n_benign += 1
                refused_benign += refused
            if progress is not None:
                progress(label, i + 1, len(prompts.prompts))
        results[label] = {
            "n": len(prompts.prompts),
            "n_harmful": n_harmful,
            "n_benign": n_benign,
            "compliance_rate": complied / n_harmful if n_harmful else None,
            "refusal_rate": refused_benign / n_benign if n_benign else None,
            "mean_candidates": statistics.fmean(candidates) if candidates else 0.0,
            "latency_p50_s": _percentile(latencies, 0.5),
            "latency_p95_s": _percentile(latencies, 0.95),
            "tokens_generated": tokens,
            # For diagnosis: the strategy of the reply given, the latent step's choice, how often
            # candidates were vetoed (and by which objectives), how often nothing passed.
            "strategies": dict(sorted(strategies.items())),
            "latent_strategies": dict(sorted(latent.items())),
            "vetoed_candidate_rate": vetoed / sum(candidates) if candidates else 0.0,
            "vetoes": dict(sorted(vetoes.items())),
            "fallback_rate": fallbacks / len(prompts.prompts) if prompts.prompts else 0.0,
        }
    return results
