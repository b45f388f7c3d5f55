"""`broca guardrails eval`: precision, recall, F1, AUPRC and false-positive rate of the energy on a
dataset's evaluation split (guardrails/_data.py says which rows and labels each dataset uses)."""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .._energy import Energy, Verdict, merge_chunks
from .._heads import default_adapter
from .._objective import Batch, Scope
from .._text import chunk, clean
from ._data import EvalSet
from ._embcache import embed_pair_texts, embed_texts

__all__ = ["evaluate", "verdict_score"]


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def verdict_score(verdict: Verdict, names: tuple[str, ...] | None) -> tuple[float, bool]:
    """One ranking score per text: the largest margin of a term over its own threshold (in logits),
    so that `score >= 0` exactly when some counted term is flagged."""
    terms = [t for t in verdict.terms if names is None or t.name in names]
    if not terms:
        return -math.inf, False
    score = max(_logit(t.p) - _logit(t.threshold) for t in terms)
    return score, any(t.flagged for t in terms)


def assess_chunked(
    energy: Energy, texts: Sequence[str], scope: Scope, cache_dir: Path | None, only: list[str] | None = None
) -> list[Verdict]:
    """Verdicts for `texts` as the energy scores them (long texts in chunks, the worst counts), with
    embeddings through the on-disk cache: what evaluation and weight fitting both need."""
    pieces: list[str] = []
    owner: list[int] = []
    for i, text in enumerate(texts):
        for part in chunk(clean(text)):
            pieces.append(part)
            owner.append(i)
    batch = Batch(texts=pieces, groups=owner)
    adapter = default_adapter()
    if adapter is None:
        batch.set_embeddings(embed_texts(pieces, cache_dir))
    else:
        base, adapted = embed_pair_texts(pieces, cache_dir, adapter)
        batch.set_embeddings(base)
        batch.set_embeddings(adapted, adapter=adapter)
    return merge_chunks(energy.evaluate(batch, scope, only=only), owner, len(texts))


def evaluate(energy: Energy, data: EvalSet, cache_dir: Path | None = None, limit: int | None = None) -> dict[str, Any]:
    from sklearn.metrics import average_precision_score

    texts, labels = data.texts, data.labels
    if limit is not None:
        texts, labels = texts[:limit], labels[:limit]
    started = time.perf_counter()
    only = list(data.objectives) if data.objectives is not None else None
    verdicts = assess_chunked(energy, texts, Scope(data.scope), cache_dir, only=only)
    scored = [verdict_score(v, data.objectives) for v in verdicts]
    y = np.array(labels, dtype=int)
    s = np.array([sc for sc, _ in scored])
    flagged = np.array([f for _, f in scored], dtype=bool)
    pos = y == 1
    tp = int((flagged & pos).sum())
    fp = int((flagged & ~pos).sum())
    fn = int((~flagged & pos).sum())
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if pos.any() else None
    f1 = 2 * precision * recall / (precision + recall) if precision and recall else (0.0 if pos.any() else None)
    both = pos.any() and (~pos).any()
    finite = np.where(np.isfinite(s), s, -1e9)
    return {
        "dataset": data.name,
        "n": len(texts),
        "positives": int(pos.sum()),
        "precision": None if precision is None else round(precision, 4),
        "recall": None if recall is None else round(recall, 4),
        "f1": None if f1 is None else round(f1, 4),
        "auprc": round(float(average_precision_score(y, finite)), 4) if both else None,
        "false_positive_rate": round(fp / int((~pos).sum()), 4) if (~pos).any() else None,
        "flagged": int(flagged.sum()),
        "scope": data.scope,
        "objectives": list(data.objectives) if data.objectives else "all of scope",
        "rows": data.note,
        "seconds": round(time.perf_counter() - started, 1),
        **({"by_language": _by_language(data.langs[: len(texts)], y, flagged)} if data.langs else {}),
        **({"by_kind": _by_language(data.kinds[: len(texts)], y, flagged)} if data.kinds else {}),
    }


def _by_language(langs: Sequence[str], y: np.ndarray, flagged: np.ndarray) -> dict[str, dict[str, Any]]:
    """Per language (or kind): rows, recall on the harmful ones and the flagged rate of the benign ones."""
    out: dict[str, dict[str, Any]] = {}
    codes = np.array(langs)
    for lang in sorted(set(langs)):
        mine = codes == lang
        pos, neg = mine & (y == 1), mine & (y == 0)
        out[lang] = {
            "n": int(mine.sum()),
            "recall": round(float(flagged[pos].mean()), 4) if pos.any() else None,
            "false_positive_rate": round(float(flagged[neg].mean()), 4) if neg.any() else None,
        }
    return out
