"""`broca shield eval`: the shield on a dataset's evaluation split, spam-filter metrics.

A message counts as caught when its verdict is quarantine or reject. `spam_recall_at_0_5pct_fp`
is threshold-free: the recall at the score threshold that lets through at most 0.5 % of ham,
where the score is p(spam) or, if higher, the probability of a guardrails objective that is over
the threshold from which it quarantines on its own.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from .core import DELIVER, OWN, Shield, ShieldResult
from .datasets import evenly_spaced, load
from .mail import UnreadableMessage, parse_message

__all__ = ["evaluate", "metrics"]


def score_of(result: ShieldResult, shield: Shield) -> float:
    """p(spam), or the p of a guardrails term that quarantines on its own here, if higher."""
    external = [t.p for t in result.terms if t.name not in OWN and shield.quarantines(t, result.kind)]
    return max([result.p_spam, *external])


def metrics(caught: np.ndarray, scores: np.ndarray, y: np.ndarray) -> dict[str, Any]:
    tp = int((caught & (y == 1)).sum())
    fp = int((caught & (y == 0)).sum())
    fn = int((~caught & (y == 1)).sum())
    n_ham = int((y == 0).sum())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    ham = np.sort(scores[y == 0])
    allowed = int(np.floor(0.005 * len(ham)))
    threshold = ham[len(ham) - allowed - 1] if len(ham) else 0.0
    recall_at = float((scores[y == 1] > threshold).mean()) if (y == 1).any() else 0.0
    return {
        "n": len(y),
        "spam": int(y.sum()),
        "ham": n_ham,
        "ham_false_positive_rate": round(fp / n_ham, 5) if n_ham else 0.0,
        "spam_recall": round(recall, 5),
        "precision": round(precision, 5),
        "f1": round(f1, 5),
        "spam_recall_at_0_5pct_fp": round(recall_at, 5),
        "false_positives": fp,
        "false_negatives": fn,
    }


def evaluate(
    shield: Shield,
    dataset: str,
    root: Path | None = None,
    limit: int | None = None,
    batch_size: int = 64,
    log: Callable[[str], None] = lambda _: None,
) -> dict[str, Any]:
    rows = load(dataset, "eval", root)
    if limit:
        rows = evenly_spaced(rows, limit)
    started = time.perf_counter()
    caught, scores, labels, stages, langs = [], [], [], [], []
    unreadable = 0
    from memory.progress import progress

    batches = range(0, len(rows), batch_size)
    for start in progress(batches, description=f"scoring {dataset}, {batch_size} messages a step"):
        chunk = rows[start : start + batch_size]
        messages, chunk_rows = [], []
        for i, row in enumerate(chunk):
            try:
                messages.append(
                    parse_message(row.text.encode("utf-8", "surrogateescape"), f"{start + i}", kind=row.kind)
                )
                chunk_rows.append(row)
            except UnreadableMessage:
                unreadable += 1
        for result, row in zip(shield.scan(messages), chunk_rows, strict=True):
            caught.append(result.verdict != DELIVER)
            scores.append(score_of(result, shield))
            labels.append(row.label)
            langs.append(row.lang)
            stages.append(result.stage)
        log(f"{min(start + batch_size, len(rows))}/{len(rows)}")
    elapsed = time.perf_counter() - started
    y = np.array(labels)
    report = {
        "dataset": dataset,
        "split": "eval",
        **metrics(np.array(caught, dtype=bool), np.array(scores), y),
        "unreadable": unreadable,
        "share_full_stage": round(stages.count("full") / max(1, len(stages)), 4),
        "guardrails_objectives": [o.name for o in shield.external.objectives],
        "seconds": round(elapsed, 2),
        "messages_per_s": round(len(y) / elapsed, 1) if elapsed else None,
    }
    if any(langs):
        codes, flags = np.array(langs), np.array(caught, dtype=bool)
        report["by_language"] = {
            lang: {
                "n": int((codes == lang).sum()),
                "spam_recall": round(float(flags[(codes == lang) & (y == 1)].mean()), 4)
                if ((codes == lang) & (y == 1)).any()
                else None,
                "ham_false_positive_rate": round(float(flags[(codes == lang) & (y == 0)].mean()), 4)
                if ((codes == lang) & (y == 0)).any()
                else None,
            }
            for lang in sorted(set(langs))
        }
    return report
