"""Training of the heads (`broca guardrails train`): logistic regression over [sentence embedding,
hashed lexical features], Platt calibration and a threshold for a target false-positive rate, both
fitted on a validation slice of the training split (never on an evaluation split).
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import platform
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from memory.embedder import default_embedder

from .._heads import ADAPTER_FILE, DOCUMENT_HEADS, HEAD_NAMES, LinearHead, atomic_copy, atomic_write
from .._text import LEXICAL_FEATURES, lexical_features
from ._data import Example, in_val_slice, training_sets, val_documents
from ._documents import held_out_flagged, provenance
from ._embcache import embed_texts

if TYPE_CHECKING:
    from memory.embedder import Adapter

__all__ = ["TRAIN_COMMAND", "calibration_error", "train_heads"]

TRAIN_COMMAND = "broca guardrails train --seed {seed} --target-fpr {fpr}"
EMB_SCALE = 3.0  # the 384 dense features against ~100 active hashed ones: comparable norms
C = 4.0
# (C, embedding scale, hashed n-grams?) per head, picked by validation AUPRC over C in {1, 4, 16, 64} x
# scale in {0.75, 1.5, 3, 6}: every head did best with the n-grams weighing more than the embedding.
# Cross-source recall (see CROSS_SOURCE_FOLDS) favoured the embedding alone at C 0.25 through the
# adapter (hazard 0.77 against 0.60), but the adapter was trained on every source, so that figure
# leaks; on the plain embedding, where it does not, both generalise poorly (0.16 against 0.08 of
# unseen sources' harmful requests at 10 % of their negatives flagged), and the evaluation sets did
# not confirm the switch (XSTest F1 0.63 against 0.74, XSafety recall 0.64 against 0.65). Kept.
HYPER: dict[str, tuple[float, float, bool]] = {
    "hazard": (16.0, 0.75, True),
    "prompt_injection": (16.0, 0.75, True),
    "prompt_injection_documents": (16.0, 0.75, True),  # prompt_injection's, not searched again
    "toxicity": (4.0, 1.5, True),
}
# Heads that read the plain embedding even when an adapter is given. Self-harm has 184 positives,
# most of them templated statements: through the adapter its head learnt the templates, and missed
# plain words ("I am going to kill myself": p 0.09 through the adapter, 0.48 on the plain embedding;
# "I killed it at my exam!" 0.27 against 0.06). Its out-of-fold calibration is also honest only on
# vectors the adapter was not trained on.
PLAIN_HEADS = frozenset({"self_harm"})
# Training sources that are documents (incoming scope): everything else is typed by an owner.
DOCUMENT_SOURCES = frozenset({"bipia", "deepset-giskard-in-bipia", "bipia-window", "readme", "agentdojo"})
# deepset's direct injections (many not in English) are 4 % of the injection head's rows but the
# owner-typed kind the input scope sees: counted three times so the bulk of BIPIA documents does not
# drown them.
SOURCE_WEIGHTS = {"deepset": 3.0}
# A validation slice drawn from the training sources' own distributions says little about text
# unlike them. So each head is also fitted CROSS_SOURCE_FOLDS times with whole source families left
# out, and its report gives recall and false-positive rate on the left-out families at its threshold:
# the figure to watch for generalisation. It does not move the threshold: held out by source, a
# language's negatives (Chinese small talk without KdConv) are flagged at rates no shipped threshold
# could bring to target, and raising it that far left the plain-embedding hazard head at p 0.95.
CROSS_SOURCE_FOLDS = 5
_FAMILY_TWO_TOKENS = ("project", "augment", "exemplars")


def source_family(source: str) -> str:
    """The dataset a training source comes from: its language and category variants are one family."""
    tokens = source.split("-")
    return "-".join(tokens[:2]) if tokens[0] in _FAMILY_TWO_TOKENS else tokens[0]


def calibration_error(p: np.ndarray, y: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error over equal-width bins."""
    if len(p) == 0:
        return 0.0
    edges = np.linspace(0.0, 1.0, bins + 1)
    idx = np.clip(np.digitize(p, edges[1:-1]), 0, bins - 1)
    total = 0.0
    for b in range(bins):
        mask = idx == b
        if mask.any():
            total += mask.sum() / len(p) * abs(float(p[mask].mean()) - float(y[mask].mean()))
    return float(total)


def _dedupe(examples: Sequence[Example]) -> list[Example]:
    """One row per text; a text labelled both ways is positive (a violation seen once counts)."""
    best: dict[str, Example] = {}
    for e in examples:
        if e.text.strip() and (e.text not in best or e.label > best[e.text].label):
            best[e.text] = e
    return list(best.values())


def at_fpr(negatives: np.ndarray, target_fpr: float) -> float:
    """The smallest threshold whose false-positive rate on these negatives is at most the target.

    Floor 0.15: with a few dozen positives (self-harm) the quantile is noise and would sit at 0;
    where a head's validation slice is all but separable, it would sit as low.
    """
    negatives = np.sort(negatives)
    k = int(np.floor(len(negatives) * (1 - target_fpr)))
    return float(min(0.99, max(0.15, negatives[min(k, len(negatives) - 1)] + 1e-6)))


def fit_head(
    name: str,
    examples: Sequence[Example],
    *,
    seed: int = 0,
    target_fpr: float = 0.05,
    cache_dir: Path | None = None,
    embeddings: np.ndarray | None = None,
    lexical: bool | None = None,
    adapter: Adapter | None = None,
) -> tuple[LinearHead, dict[str, Any]]:
    """Fit one head; returns it and its validation report. `lexical`: whether it also reads hashed
    n-grams (default: as `HYPER` says for the head)."""
    import scipy.sparse as sp
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import average_precision_score

    rows = _dedupe(examples)
    texts = [e.text for e in rows]
    y = np.array([e.label for e in rows])
    if len(set(y.tolist())) < 2:
        raise ValueError(f"head {name}: training data has a single class")
    emb = embed_texts(texts, cache_dir, adapter=adapter) if embeddings is None else embeddings
    val = np.array([in_val_slice(t, seed) for t in texts])
    c, scale, lexical_default = HYPER.get(name, (C, EMB_SCALE, True))
    lexical = lexical_default if lexical is None else lexical
    weight = np.array([SOURCE_WEIGHTS.get(e.source, 1.0) for e in rows])

    def features(mask: np.ndarray) -> Any:
        dense = sp.csr_matrix(emb[mask] * scale)
        if not lexical:
            return dense
        return sp.hstack([dense, lexical_features([t for t, m in zip(texts, mask, strict=True) if m])], format="csr")

    def fit(mask: np.ndarray) -> LinearHead:
        model = LogisticRegression(C=c, class_weight="balanced", max_iter=3000, random_state=seed, solver="liblinear")
        model.fit(features(mask), y[mask], sample_weight=weight[mask])
        coef = model.coef_[0]
        w_lex = coef[384:].astype(np.float32) if lexical else None
        return LinearHead(name, (coef[:384] * scale).astype(np.float32), w_lex, float(model.intercept_[0]))

    def raw(model: LinearHead, mask: np.ndarray) -> np.ndarray:
        return model.raw(emb[mask], [t for t, m in zip(texts, mask, strict=True) if m])

    if int(y[val].sum()) >= 30 and int((1 - y[val]).sum()) >= 30:
        fitted = ~val
        head = fit(fitted)
        z_val = raw(head, val)
        calibration = "platt on a 10 % validation slice"
    else:
        # Too few positives for a held-out slice (self-harm): calibrate and set the threshold on 5-fold
        # out-of-fold logits, then fit the head on every row.
        folds = np.array([int(hashlib.sha256(f"{seed}:fold:{t}".encode()).hexdigest(), 16) % 5 for t in texts])
        z_val = np.zeros(len(texts))
        for k in range(5):
            z_val[folds == k] = raw(fit(folds != k), folds == k)
        val = np.ones(len(texts), dtype=bool)
        fitted = val
        head = fit(fitted)
        calibration = "platt on 5-fold out-of-fold logits"
    platt = LogisticRegression(C=1e4, max_iter=1000).fit(z_val.reshape(-1, 1), y[val])
    head.platt_a, head.platt_b = float(platt.coef_[0][0]), float(platt.intercept_[0])
    p_val = head.calibrate(z_val)
    # Every row scored by a head that never saw its source family (see CROSS_SOURCE_FOLDS).
    fold_of = np.array(
        [
            int(hashlib.sha256(f"{seed}:family:{source_family(e.source)}".encode()).hexdigest(), 16)
            % CROSS_SOURCE_FOLDS
            for e in rows
        ]
    )
    z_cross = np.full(len(texts), np.nan)
    for k in range(CROSS_SOURCE_FOLDS):
        held, keep = fold_of == k, fitted & (fold_of != k)
        if held.any() and len(set(y[keep].tolist())) == 2:
            z_cross[held] = raw(fit(keep), held)
    scored = ~np.isnan(z_cross)
    p_cross = head.calibrate(np.nan_to_num(z_cross))
    document_all = np.array([e.source in DOCUMENT_SOURCES for e in rows])

    def scope(in_scope: np.ndarray) -> tuple[float, dict[str, float | None]]:
        """Threshold and figures for the rows in `in_scope` (a mask over all rows)."""
        v_pos, v_neg = in_scope[val] & (y[val] == 1), in_scope[val] & (y[val] == 0)
        c_pos, c_neg = in_scope & scored & (y == 1), in_scope & scored & (y == 0)
        t = at_fpr(p_val[v_neg], target_fpr)

        def rate(p: np.ndarray, mask: np.ndarray) -> float | None:
            return round(float((p[mask] >= t).mean()), 4) if mask.any() else None

        return t, {
            "threshold": round(t, 4),
            "val_recall": rate(p_val, v_pos),
            "val_false_positive_rate": rate(p_val, v_neg),
            "cross_source_recall": rate(p_cross, c_pos),
            "cross_source_false_positive_rate": rate(p_cross, c_neg),
        }

    _, overall = scope(np.ones(len(texts), dtype=bool))
    # A head that sees both the owner's typed requests and documents (prompt injection) gets one
    # threshold per scope, each at the target rate on that kind of text's own negatives: a mail's
    # clean paragraphs and a typed role-play set-up look different to it.
    scope_thresholds: dict[str, float] = {}
    scope_report: dict[str, dict[str, float | None]] = {}
    neg_val = val & (y == 0)
    if (document_all & neg_val).sum() >= 30 and (~document_all & neg_val).sum() >= 30:
        for name_, mask in (("input", ~document_all), ("incoming", document_all)):
            t, scope_report[name_] = scope(mask)
            scope_thresholds[name_] = round(t, 4)
    report = {
        "name": name,
        "n_train": int((~val).sum()) if calibration.startswith("platt on a") else len(texts),
        "n_val": int(val.sum()),
        "positives": int(y.sum()),
        "sources": dict(sorted(Counter(f"{e.source}:{e.label}" for e in rows).items())),
        "val_auprc": round(float(average_precision_score(y[val], p_val)), 4),
        **overall,
        "val_ece": round(calibration_error(p_val, y[val]), 4),
        **({"scope_thresholds": scope_thresholds, "by_scope": scope_report} if scope_thresholds else {}),
        "target_fpr": target_fpr,
        "cross_source_folds": CROSS_SOURCE_FOLDS,
        "calibration": calibration,
    }
    model = default_embedder().name
    encoder = model if adapter is None else f"{model} with the {ADAPTER_FILE} adapter"
    if adapter is not None:
        head.adapter = adapter
        report["adapter"], report["adapter_id"] = ADAPTER_FILE, adapter.id
    head.meta = {
        **report,
        "seed": seed,
        "command": TRAIN_COMMAND.format(seed=seed, fpr=target_fpr),
        "encoder": model,
        "features": f"{encoder} (384) + hashed word 1-2 / char 3-5 grams (2 x {LEXICAL_FEATURES})"
        if lexical
        else f"{encoder} (384)",
        "model": f"logistic regression, C={c}, embedding scale {scale}, balanced classes, liblinear",
        "python": platform.python_version(),
    }
    return head, report


def train_heads(
    root: Path,
    out_dir: Path,
    *,
    seed: int = 0,
    target_fpr: float = 0.05,
    names: Sequence[str] = HEAD_NAMES,
    cache_dir: Path | None = None,
    adapter: Adapter | None = None,
) -> list[dict[str, Any]]:
    """Train the named heads from the training splits under `root` and write them to `out_dir`; with
    `adapter`, over its branch of the encoder, and a copy of the adapter goes beside the heads."""
    sets = training_sets(root, seed=seed)
    if adapter is not None:
        target = out_dir / ADAPTER_FILE
        if not target.exists() or target.read_bytes() != adapter.path.read_bytes():
            atomic_copy(adapter.path, target)
    from memory.progress import progress

    reports = []
    for name in progress(names, description="training heads"):  # drawn on a terminal only
        started = time.perf_counter()
        head, report = fit_head(
            name,
            sets[name],
            seed=seed,
            target_fpr=target_fpr,
            cache_dir=cache_dir,
            adapter=None if name in PLAIN_HEADS else adapter,
        )
        head.save(out_dir / f"{name}.npz")
        fitted = (
            document_threshold(name, out_dir, root, seed, target_fpr)
            if "scope_thresholds" in report and name in DOCUMENT_HEADS.values()
            else None
        )
        if fitted is not None:
            report["scope_thresholds"]["incoming"], report["by_scope"]["incoming"] = fitted
            head.meta.update(scope_thresholds=report["scope_thresholds"], by_scope=report["by_scope"])
        if any(e.source == "readme" for e in sets[name]):
            # Read from what is installed: which packages and versions trained it, and how many of the
            # held-out READMEs it flags at its incoming threshold.
            incoming = report.get("scope_thresholds", {}).get("incoming", report["threshold"])
            report["held_out_readmes"] = held_out_flagged(incoming_probabilities(name, out_dir), incoming)
            head.meta["readmes"] = {**provenance(), "held_out_flagged": report["held_out_readmes"]}
        if fitted is not None or "readmes" in head.meta:
            head.save(out_dir / f"{name}.npz")
        report["seconds"] = round(time.perf_counter() - started, 1)
        report["path"] = str(out_dir / f"{name}.npz")
        reports.append(report)
    if "hazard" in names:
        reports.append(train_routes(out_dir, seed=seed, cache_dir=cache_dir))
    return reports


ROUTES_FILE = "routes.npz"


def train_routes(out_dir: Path, seed: int = 0, cache_dir: Path | None = None) -> dict[str, Any]:
    """The hazard head says whether a request is harmful; the router says which category (S1-S14) it is:
    a multinomial logistic regression over the plain embedding, on the taxonomy's examples and the
    project's harmful requests in 16 languages (each labelled with its category), validated on a
    tenth of the seeds (all languages of a seed on one side). It replaces routing by the nearest of a
    few English prototypes, which sent "Give detailed instructions for how to commit suicide" to S1
    (violent crimes: "Give me step-by-step instructions to torture a dog") on the multilingual
    encoder, so that the planner refused instead of offering support."""
    from sklearn.linear_model import LogisticRegression

    from .._taxonomy import HAZARDS
    from ._data import project_rows

    codes = [h.code for h in HAZARDS]
    rows = [(x, h.code, f"taxonomy-{h.code}-{i}") for h in HAZARDS for i, x in enumerate(h.examples)]
    rows += [(str(r["text"]), str(r["category"]), str(r["seed"])) for r in project_rows("harmful_requests")]
    rows = [(t, c, g) for t, c, g in rows if c in codes]
    vectors = embed_texts([t for t, _, _ in rows], cache_dir)
    y = np.array([codes.index(c) for _, c, _ in rows])
    val = np.array([int(hashlib.sha256(f"{seed}:{g}".encode()).hexdigest(), 16) % 10 == 0 for _, _, g in rows])
    report: dict[str, Any] = {"name": "routes", "n_train": int((~val).sum()), "n_val": int(val.sum())}
    if val.any() and len(set(y[~val])) == len(codes):
        check = LogisticRegression(C=C, max_iter=2000).fit(vectors[~val], y[~val])
        report["val_accuracy"] = round(float((check.predict(vectors[val]) == y[val]).mean()), 4)
    model = LogisticRegression(C=C, max_iter=2000).fit(vectors, y)
    coef = np.zeros((len(codes), vectors.shape[1]), dtype=np.float32)
    intercept = np.full(len(codes), -30.0, dtype=np.float32)  # a category without rows is never chosen
    coef[model.classes_] = model.coef_.astype(np.float32)
    intercept[model.classes_] = model.intercept_.astype(np.float32)
    meta = {**report, "categories": codes, "encoder": default_embedder().name, "command": "broca guardrails train"}
    path = out_dir / ROUTES_FILE
    buffer = io.BytesIO()
    np.savez(buffer, coef=coef, intercept=intercept, meta=np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8))
    atomic_write(path, buffer.getvalue())
    report["path"] = str(path)
    return report


# Fewer clean documents than this in the validation slice (a test's few rows): the incoming threshold
# stays the one fitted on the head's rows.
MIN_VAL_DOCUMENTS = 20


def incoming_probabilities(name: str, heads_dir: Path) -> Callable[[list[str]], np.ndarray]:
    """Head `name` in `heads_dir` reading texts as the incoming scope does (chunks, sentence windows)."""
    from .._builtins import HeadObjective, _head
    from .._energy import Energy
    from .._objective import Batch, Scope

    _head.cache_clear()  # the head may just have been written
    incoming = frozenset({Scope.INCOMING})
    objective = HeadObjective(name, "", incoming, heads_dir=str(heads_dir), head=name, window_scopes=incoming)
    energy = Energy([objective])

    def probabilities(texts: list[str]) -> np.ndarray:
        return np.array([v.p[name] for v in energy.evaluate(Batch(texts=texts), Scope.INCOMING)])

    return probabilities


def document_threshold(
    name: str, heads_dir: Path, root: Path, seed: int, target_fpr: float
) -> tuple[float, dict[str, Any]] | None:
    """The incoming threshold of the documents' head, fitted on what it is applied to.

    The incoming scope reads a document in chunks and, past a sentence or two, in sentence windows,
    and the worst one counts. Fitted on the head's rows (a document's first chunk), the typed head's
    threshold (0.69) flagged 23 % of the validation slice's clean BIPIA contexts read that way,
    against a 5 % target. It is fitted here on the validation slice's whole clean contexts, each
    scored as the objective scores it; recall is read on the same contexts with attacks planted.
    The documents' head never trained on those contexts.
    """
    clean, attacked = val_documents(root, seed)
    if len(clean) < MIN_VAL_DOCUMENTS:
        return None
    probabilities = incoming_probabilities(name, heads_dir)
    negatives, positives = probabilities(clean), probabilities(attacked)
    threshold = math.ceil(at_fpr(negatives, target_fpr) * 1e4) / 1e4  # rounded up: ties stay under it
    return threshold, {
        "threshold": threshold,
        "fitted_on": f"{len(clean)} whole clean BIPIA training contexts of the validation slice, read as "
        "the incoming scope reads them",
        "val_false_positive_rate": round(float((negatives >= threshold).mean()), 4),
        "val_recall": round(float((positives >= threshold).mean()), 4),
        "n_attacked": len(attacked),
    }
