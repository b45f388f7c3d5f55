"""Training the shield on labelled messages (the shared training splits, or tiny sets in tests).

Stacking, as SpamAssassin's weight fitting does in spirit: out-of-fold predictions of every base
model (token statistics, rule families, n-gram and embedding heads) on the training data; Platt
calibration per kind of content; then per kind a logistic combiner z = b + sum_k w_k * logit(p_k)
with w_k >= 0 (signed evidence: a term sure of ham pulls z down), and thresholds on z chosen on
those out-of-fold scores under a ham false-positive cap (texts: the F1-best cut; mail: the fewest
false positives at a recall floor). The n-gram and embedding heads are
linear SVMs (hinge loss): out of fold they separate better than logistic regression (SMS F1
0.966 -> 0.973 for the n-grams, 0.950 -> 0.963 for MiniLM). Nothing here sees an evaluation split.
"""

from __future__ import annotations

import math
import time
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, cast

import numpy as np

from memory.base.atomic import atomic_open

from .mail import ParsedMessage
from .model import ALL, CHEAP, Artifact, ArtifactError, Stage, term_logit
from .objectives import KINDS, Platt, logit, ngram_matrix, sigmoid
from .rules import HEADER_RULES, URL_RULES, rule_matrix
from .tokens import TokenModel, tokenize

__all__ = [
    "best_threshold",
    "fit",
    "fit_documents",
    "fit_external",
    "fit_stage",
    "fit_threshold",
    "floor_threshold",
    "spam_head_rows",
]

TARGET_FP = 0.005  # quarantine: ham false-positive rate allowed on out-of-fold scores (a cap)
# Per kind: mail is held to a stricter cap than the 0.5 % it must meet on unseen mail, because the
# out-of-fold estimate sits at its cap and unseen ham (newsletters, hard ham) scatters around it.
TARGET_FP_KIND = {"text": TARGET_FP, "mail": 0.0025}
# Mail: a real message lost to quarantine costs the owner more than a spam let through, as
# SpamAssassin weighs it. So its cut is the one with the fewest out-of-fold false positives that
# still catches this share of spam (the 97 % the owner is now promised, #20), not the F1-best under
# the cap: that one sat at the cap (0.24 % for 97.1 % recall out of fold, where 0.14 % kept 96.3 %).
# At 96 % (the earlier 95 % promise plus a point) the cut caught 0.86 of a held-out fifth of the
# project's modern mail scams, at 97 % 0.94, with 1.9 % of its look-alike legitimate mail over it
# (0.97 % before) and 0.21 % of SpamAssassin's training ham out of fold, under the cap. Texts keep
# the F1-best cut.
RECALL_FLOOR_KIND = {"mail": 0.97}
HEAD_C = 1.0  # linear SVM on the encoder's embeddings
NGRAM_C = 1.0  # linear SVM on hashed n-grams
REJECT_FP = 0.0005  # reject: ten times stricter
EXTERNAL_FP = 0.002  # a guardrails term alone may quarantine at most this share of training ham
EXTERNAL_SAMPLE = 600  # ham per kind scored with guardrails' objectives (their heads read whole texts)
# A fitted cut this close to 1 means training ham already reaches the head's ceiling (long mails are
# scored in windows and the worst window counts: digests and list mail hit p = 1.00). At this
# budget the head cannot tell such ham from an attack, so for that kind it never quarantines alone
# and stays a reason. (Held out on the training split, it alone put 0.5 % of ham mail in quarantine.)
SATURATED = 0.9999
NEVER = 2.0  # above any probability
CASCADE_MISS = 0.002  # stage 1 decides alone where its error rate is below this
DOCUMENT_FP = TARGET_FP  # clean training documents the spam terms may quarantine
# Sources whose rows teach the terms (and the combiner's weights) but do not set the cuts. The
# project's own corpus is look-alikes written to be hard, in a share its writers chose: with its
# 1,892 legitimate rows among the out-of-fold ham, the 0.5 % budget was spent on them (1.6 % of
# its texts over the cut) and the cheap stage's cuts moved up for everyone (texts 1.12 -> 2.02,
# mail 1.11 -> 2.16 in z). The cuts are promises about real mail, so they are fitted on real
# corpora's out-of-fold scores. (Mail's full stage moved for another reason: its 96 % floor was
# reached at 0.10 % false positives, so the fewest-FP cut rose; see RECALL_FLOOR_KIND.)
OPERATING_EXCLUDE = frozenset({"project"})
# The weights stay fitted on every row: they say how far each term is to be believed on modern and
# non-English messages too (out of fold, fitting them on real corpora only changed little).
COMBINER_ON_OPERATING = False
# Tried: weights fitted on leave-one-source-out scores (each term scored by a fit that never saw the
# row's dataset), to weigh the rules, which carry across sources, above the n-gram terms, which know
# each corpus's wording. On the evaluation splits phishing-pot rose 0.763 -> 0.774 but Thai SMS fell
# 0.863 -> 0.765 and SMS 0.930 -> 0.901 (the mail weights all shrank: two sources that predict each
# other badly), so the weights stay fitted out of fold.
# The look-alikes keep a budget of their own: at most this share of the project's legitimate rows
# over the cut (out of fold), the share of legitimate modern messages the owner may lose (#20).
# Without it the text cut fell to where 3.6 % of a held-out fifth of them was quarantined; with it,
# 1.8 %, as when they counted among the ham (mail: 1.9 %, the budget does not bind there).
LOOKALIKE_FP = 0.02


def _folds(
    labels: np.ndarray, kinds: np.ndarray, k: int, seed: int = 0, groups: Sequence[str] | None = None
) -> np.ndarray:
    """Stratified fold index per row (by kind and label). Rows of one group (the same message:
    `groups` holds a hash of each) share a fold, as the hash split keeps identical texts on one
    side: otherwise a message's copy in another fold is a leak, and out-of-fold scores flatter the
    model (12 % of the SMS training rows are repeats; an evaluation row's copies never train)."""
    rng = np.random.default_rng(seed)
    keys = np.asarray(groups if groups is not None else np.arange(len(labels)).astype(str))
    fold = np.empty(len(labels), dtype=np.int64)
    for kind in np.unique(kinds):
        for label in (0, 1):
            idx = np.flatnonzero((kinds == kind) & (labels == label))
            unique, group_of = np.unique(keys[idx], return_inverse=True)
            order = rng.permutation(len(unique))
            fold[idx] = order[group_of] % k
    return fold


def _logreg(x: np.ndarray, y: np.ndarray, c: float = 1.0, balanced: bool = False) -> tuple[np.ndarray, float]:
    from sklearn.linear_model import LogisticRegression

    if len(np.unique(y)) < 2:  # one class only: no evidence either way
        return np.zeros(x.shape[1]), float(logit(y.mean() if len(y) else 0.5))
    model = LogisticRegression(C=c, max_iter=2000, class_weight="balanced" if balanced else None)
    model.fit(x, y)
    return model.coef_[0].astype(np.float64), float(model.intercept_[0])


def _svm(x: Any, y: np.ndarray, c: float = 1.0) -> tuple[np.ndarray, float]:
    """A linear SVM (hinge loss, liblinear): coefficients and intercept of its decision function."""
    import warnings

    from sklearn.exceptions import ConvergenceWarning
    from sklearn.svm import LinearSVC

    if len(np.unique(y)) < 2:
        return np.zeros(x.shape[1]), float(logit(y.mean() if len(y) else 0.5))
    model = LinearSVC(C=c, max_iter=20_000, random_state=0)
    with warnings.catch_warnings():  # a solution short of full convergence is still a usable head
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(x, y)
    return model.coef_[0].astype(np.float64), float(model.intercept_[0])


def _platt(score: np.ndarray, y: np.ndarray) -> Platt:
    if len(np.unique(y)) < 2:
        return Platt(0.0, float(logit(y.mean() if len(y) else 0.5)))
    coef, intercept = _logreg(score.reshape(-1, 1), y, c=100.0)
    return Platt(float(coef[0]), intercept)


def _nonneg_logreg(x: np.ndarray, y: np.ndarray, l2: float = 1e-3) -> tuple[np.ndarray, float]:
    """Logistic regression with w >= 0 (each term's evidence points the way its p says), by bounded
    L-BFGS. Unweighted classes: sigmoid(z) stays a calibrated p(spam)."""
    from scipy.optimize import minimize

    n, d = x.shape
    weights = np.ones(n)

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = theta[:d], theta[d]
        z = x @ w + b
        p = sigmoid(z)
        ll = weights * (np.logaddexp(0, z) - y * z)
        grad_z = weights * (p - y)
        value = ll.sum() / n + l2 * (w @ w)
        grad = np.concatenate([x.T @ grad_z / n + 2 * l2 * w, [grad_z.sum() / n]])
        return float(value), grad

    start = np.concatenate([np.full(d, 0.5), [0.0]])
    result = minimize(loss, start, jac=True, method="L-BFGS-B", bounds=[(0, None)] * d + [(None, None)])
    return result.x[:d], float(result.x[d])


def fit_threshold(energy: np.ndarray, y: np.ndarray, fp: float) -> float:
    """The lowest energy threshold whose ham false-positive rate is at most `fp`."""
    ham = np.sort(energy[y == 0])
    if len(ham) == 0:
        return float(np.min(energy)) if len(energy) else 1.0
    allowed = math.floor(fp * len(ham))  # hams allowed at or above the threshold
    return float(np.nextafter(ham[len(ham) - allowed - 1], np.inf))


def best_threshold(energy: np.ndarray, y: np.ndarray, fp: float) -> float:
    """The F1-best energy threshold among those whose ham false-positive rate is at most `fp`:
    the FP target is a cap, and where spam separates well below it the cut sits where F1 peaks."""
    floor = fit_threshold(energy, y, fp)
    n_spam = int(y.sum())
    candidates = np.unique(energy[(energy >= floor) & (y == 1)])
    if n_spam == 0 or len(candidates) == 0:
        return floor
    order = np.sort(energy[y == 1])
    ham = np.sort(energy[y == 0])
    tp = n_spam - np.searchsorted(order, candidates, side="left")  # spam at or above each candidate
    fps = len(ham) - np.searchsorted(ham, candidates, side="left")
    f1 = 2 * tp / (tp + fps + n_spam)
    return float(candidates[int(np.argmax(f1))])


def floor_threshold(energy: np.ndarray, y: np.ndarray, fp: float, recall: float) -> float:
    """The highest energy threshold that still catches `recall` of the spam with at most `fp` of
    the ham at or above it: the fewest false positives at a recall floor. Where no cut under the cap
    reaches the floor, the F1-best one under the cap (`best_threshold`)."""
    spam = np.sort(energy[y == 1])
    if len(spam) == 0:
        return best_threshold(energy, y, fp)
    k = len(spam) - math.ceil(recall * len(spam))  # spam allowed under the threshold
    threshold = float(spam[max(0, k)])
    ham = energy[y == 0]
    if len(ham) and (ham >= threshold).mean() > fp:
        return best_threshold(energy, y, fp)
    return threshold


def fit_stage(
    x: np.ndarray, y: np.ndarray, operating: np.ndarray, kind: str, names: Sequence[str]
) -> tuple[Stage, np.ndarray]:
    """One combiner over the terms' signed evidence `x` (a column per name in `names`) and its cuts,
    and the out-of-fold z of every row. The cuts (and with COMBINER_ON_OPERATING the weights) are
    fitted on the `operating` rows only, or on all rows where none is; the quarantine cut then
    rises where more than LOOKALIKE_FP of the other rows' ham would be over it."""
    op = operating if operating.any() else np.ones(len(y), dtype=bool)
    fit_on = op if COMBINER_ON_OPERATING else np.ones(len(y), dtype=bool)
    w, bias = _nonneg_logreg(x[fit_on], y[fit_on])
    energy = x @ w + bias  # z: p(spam) = sigmoid(z)
    cap = TARGET_FP_KIND.get(kind, TARGET_FP)
    z_op, y_op = energy[op], y[op]
    if kind in RECALL_FLOOR_KIND:
        cut = floor_threshold(z_op, y_op, cap, RECALL_FLOOR_KIND[kind])
    else:
        cut = best_threshold(z_op, y_op, cap)
    others = ~op & (y == 0)
    if others.any():
        cut = max(cut, fit_threshold(energy[others], y[others], LOOKALIKE_FP))
    quarantine = max(cut, 0.0)  # and at least p(spam) = 0.5
    reject = max(fit_threshold(z_op, y_op, REJECT_FP), quarantine, math.log(99))
    stage = Stage(
        weights={n: float(v) for n, v in zip(names, w, strict=True)},
        bias=bias,
        quarantine_at=quarantine,
        reject_at=reject,
    )
    return stage, energy


def _features(messages: Sequence[ParsedMessage]) -> dict[str, Any]:
    return {
        "tokens": [tokenize(m) for m in messages],
        "url": rule_matrix(list(messages), URL_RULES),
        "header": rule_matrix(list(messages), HEADER_RULES),
        "ngram": ngram_matrix([m.text for m in messages]).tocsr(),
    }


def _base_fit(idx: np.ndarray, feats: dict[str, Any], y: np.ndarray, kinds: np.ndarray, emb: np.ndarray) -> dict:
    tokens = TokenModel.train([feats["tokens"][i] for i in idx], y[idx])
    url: dict[str, tuple[np.ndarray, float]] = {}
    header: dict[str, tuple[np.ndarray, float]] = {}
    for kind in KINDS:
        sel = idx[kinds[idx] == kind]
        if len(sel) == 0:
            continue
        url[kind] = _logreg(feats["url"][sel], y[sel])
        if kind == "mail":
            header[kind] = _logreg(feats["header"][sel], y[sel])
    head: dict[str, tuple[np.ndarray, float]] = {}
    ngram: dict[str, tuple[np.ndarray, float]] = {}
    for kind in KINDS:  # one head per kind: texts and emails read too differently to share one
        sel = idx[kinds[idx] == kind]
        if len(sel) == 0:
            continue
        with_emb = sel[~np.isnan(emb[sel]).any(axis=1)]  # the head may be trained on a subsample
        if len(with_emb):
            head[kind] = _svm(emb[with_emb], y[with_emb], c=HEAD_C)
        ngram[kind] = _svm(feats["ngram"][sel], y[sel], c=NGRAM_C)
    return {"tokens": tokens, "url": url, "header": header, "head": head, "ngram": ngram}


def _base_scores(base: dict, idx: np.ndarray, feats: dict[str, Any], kinds: np.ndarray, emb: np.ndarray) -> dict:
    out = {name: np.zeros(len(idx)) for name in ALL}
    for j, i in enumerate(idx):
        out["token_stats"][j] = float(logit(base["tokens"].score(feats["tokens"][i])[0]))
        kind = kinds[i]
        if kind in base["url"]:
            coef, b = base["url"][kind]
            out["url_rules"][j] = feats["url"][i] @ coef + b
        if kind in base["header"]:
            coef, b = base["header"][kind]
            out["header_rules"][j] = feats["header"][i] @ coef + b
        else:
            out["header_rules"][j] = -40.0
    for kind in KINDS:
        rows = np.flatnonzero(kinds[idx] == kind)
        if len(rows) == 0:
            continue
        if kind in base["head"]:
            coef, b = base["head"][kind]
            out["spam_head"][rows] = emb[idx[rows]] @ coef + b
        if kind in base["ngram"]:
            coef, b = base["ngram"][kind]
            out["ngram_head"][rows] = feats["ngram"][idx[rows]] @ coef + b
    return out


def fit(
    messages: Sequence[ParsedMessage],
    labels: Sequence[int],
    embeddings: np.ndarray,
    *,
    folds: int = 5,
    sources: Sequence[str] | None = None,
    info: dict[str, Any] | None = None,
    log: Callable[[str], None] = lambda _: None,
) -> tuple[Artifact, dict[str, Any]]:
    """Train every part of the shield. Returns the artifact and out-of-fold diagnostics.

    `sources` names each row's dataset: rows of OPERATING_EXCLUDE train the terms and their
    calibration but not the combiner or its cuts (where a kind has no other rows, all of them do)."""
    started = time.perf_counter()
    y = np.asarray(labels, dtype=np.int64)
    kinds = np.array([m.kind for m in messages])
    source = np.asarray(sources if sources is not None else [""] * len(y))
    operating = ~np.isin(source, sorted(OPERATING_EXCLUDE))
    emb = np.asarray(embeddings, dtype=np.float64)
    feats = _features(messages)
    log(f"features for {len(messages)} messages in {time.perf_counter() - started:.1f}s")

    fold = _folds(y, kinds, folds, groups=[m.digest for m in messages])
    oof = {name: np.zeros(len(y)) for name in ALL}
    for f in range(folds):
        train_idx, test_idx = np.flatnonzero(fold != f), np.flatnonzero(fold == f)
        base = _base_fit(train_idx, feats, y, kinds, emb)
        scores = _base_scores(base, test_idx, feats, kinds, emb)
        for name in ALL:
            oof[name][test_idx] = scores[name]
        log(f"fold {f + 1}/{folds} done ({time.perf_counter() - started:.1f}s)")

    calibration: dict[str, dict[str, Platt]] = {name: {} for name in ALL}
    probs = {name: np.zeros(len(y)) for name in ALL}
    # emb is 2-D, so any(axis=1) is an array; numpy's stub, not knowing the rank, allows a scalar too
    has = cast(np.ndarray, ~np.isnan(emb).any(axis=1))
    for name in ALL:
        for kind in KINDS:
            sel = (kinds == kind) & (has if name == "spam_head" else True)
            if not sel.any() or (name == "header_rules" and kind != "mail"):
                continue
            calibration[name][kind] = _platt(oof[name][sel], y[sel])
            probs[name][sel] = calibration[name][kind](oof[name][sel])

    stages: dict[str, dict[str, Stage]] = {}
    diagnostics: dict[str, Any] = {"oof": {}}
    for kind in KINDS:
        sel = np.flatnonzero(kinds == kind)
        if len(sel) == 0:
            continue
        stages[kind] = {}
        energies: dict[str, np.ndarray] = {}
        for stage, names in (("fast", CHEAP), ("full", ALL)):
            rows = sel if stage == "fast" else sel[has[sel]]  # the full stage: where the head has OOF scores
            usable = [n for n in names if not (n == "header_rules" and kind != "mail")]
            x = np.column_stack([term_logit(probs[n][rows]) for n in usable])
            stages[kind][stage], energies[stage] = fit_stage(x, y[rows], operating[rows], kind, usable)
        fast, full = stages[kind]["fast"], stages[kind]["full"]
        fast.uncertain_low, fast.uncertain_high = _cascade_band(energies["fast"], y[sel], fast.quarantine_at)
        fast_h = energies["fast"][has[sel]]
        y_h = y[sel][has[sel]]
        decided = (fast_h < fast.uncertain_low) | (fast_h >= fast.uncertain_high)
        final = np.where(decided, fast_h >= fast.quarantine_at, energies["full"] >= full.quarantine_at)
        # Keep the spam head for this kind only where, out of fold, it beats the cheap terms alone.
        fast_h_metrics = _metrics((fast_h >= fast.quarantine_at).astype(int), y_h)
        cascade_metrics = _metrics(final.astype(int), y_h)
        use_head = cascade_metrics["f1"] > fast_h_metrics["f1"]
        if not use_head:
            fast.uncertain_low = fast.uncertain_high = fast.quarantine_at  # an empty band
        diagnostics["oof"][kind] = {
            "spam_head_used": use_head,
            "fast_on_embedded": fast_h_metrics,
            "n": len(sel),
            "spam": int(y[sel].sum()),
            "with_embeddings": int(has[sel].sum()),
            "fast_only": _metrics((energies["fast"] >= fast.quarantine_at).astype(int), y[sel]),
            "cascade_on_embedded": {
                "share_full": round(float(1 - decided.mean()), 4),
                **_metrics(final.astype(int), y_h),
            },
            "full_on_embedded": _metrics((energies["full"] >= full.quarantine_at).astype(int), y_h),
            # Per source, the full stage out of fold: the project's rows are judged, not fitted on.
            "full_by_source": {
                name: _metrics(
                    (energies["full"][source[sel][has[sel]] == name] >= full.quarantine_at).astype(int),
                    y_h[source[sel][has[sel]] == name],
                )
                for name in sorted(set(source[sel][has[sel]].tolist()))
            },
        }
    base = _base_fit(np.arange(len(y)), feats, y, kinds, emb)
    artifact = Artifact(
        tokens=base["tokens"],
        head_coef={k: v[0].astype(np.float32) for k, v in base["head"].items()},
        head_intercept={k: v[1] for k, v in base["head"].items()},
        ngram_coef={k: v[0].astype(np.float32) for k, v in base["ngram"].items()},
        ngram_intercept={k: v[1] for k, v in base["ngram"].items()},
        url_coef={k: v[0] for k, v in base["url"].items()},
        url_intercept={k: v[1] for k, v in base["url"].items()},
        header_coef={k: v[0] for k, v in base["header"].items()},
        header_intercept={k: v[1] for k, v in base["header"].items()},
        calibration=calibration,
        stages=stages,
        info={**(info or {}), "examples": len(y), "spam": int(y.sum()), "oof": diagnostics["oof"]},
    )
    log(f"trained in {time.perf_counter() - started:.1f}s")
    return artifact, diagnostics


# Kinds of content guardrails read with the documents' head (all but the typed head's TYPED_HEAD_KINDS),
# which learns from half of the training ham (`read_by_documents_head`).
DOCUMENTS_HEAD_KINDS = frozenset({"mail"})


def _raw_text(message: ParsedMessage) -> str:
    """A training message's text as its dataset row holds it (see training_messages)."""
    return message.raw.decode("utf-8", "surrogateescape")


def fit_external(
    messages: Sequence[ParsedMessage],
    labels: Sequence[int],
    objectives: Sequence[Any],
    *,
    sample: int = EXTERNAL_SAMPLE,
    log: Callable[[str], None] = lambda _: None,
) -> dict[str, dict[str, float]]:
    """Per kind of content, the p from which a guardrails term (prompt injection) quarantines on
    its own: at most EXTERNAL_FP of the training split's ham over it, and never below the term's
    own threshold, and never (NEVER) where training ham saturates the head (SATURATED). Their
    heads were trained on other data; on SMS and mail ham they fire far more often than the spam
    budget allows (as shipped, they took SMS ham FP from 0.4 % to 1.7 %)."""
    from guardrails import Batch, Energy, Scope
    from guardrails.training import read_by_documents_head

    from .core import QUARANTINE_ON_FLAG, _clean

    chosen = [o for o in objectives if o.name in QUARANTINE_ON_FLAG]
    if not chosen:
        return {}
    energy = Energy(chosen)
    y = np.asarray(labels, dtype=np.int64)
    kinds = np.array([m.kind for m in messages])
    rng = np.random.default_rng(0)
    out: dict[str, dict[str, float]] = {o.name: {} for o in chosen}
    for kind in KINDS:
        ham = np.flatnonzero((y == 0) & (kinds == kind))
        if kind in DOCUMENTS_HEAD_KINDS:  # only ham that head never learnt from: else the cut is too low
            ham = ham[[not read_by_documents_head(_raw_text(messages[int(i)])) for i in ham]]
        if len(ham) == 0:
            continue
        if len(ham) > sample:
            ham = np.sort(rng.choice(ham, size=sample, replace=False))
        probs: dict[str, list[float]] = {o.name: [] for o in chosen}
        for start in range(0, len(ham), 128):
            part = ham[start : start + 128]
            texts = [_clean(messages[i].text) or " " for i in part]
            batch = Batch(texts=texts, meta=[messages[i].meta() for i in part])
            for verdict in energy.evaluate(batch, Scope.INCOMING):
                for term in verdict.terms:
                    probs[term.name].append(term.p)
            log(f"guardrails terms on {kind} ham: {min(start + 128, len(ham))}/{len(ham)}")
        for objective in chosen:
            ranked = np.sort(np.asarray(probs[objective.name]))
            allowed = math.floor(EXTERNAL_FP * len(ranked))
            cut = float(np.nextafter(ranked[len(ranked) - allowed - 1], np.inf))
            # Never below the objective's own threshold for incoming content (heads fit one per scope).
            own = float(getattr(objective, "scope_thresholds", {}).get("incoming", objective.threshold))
            out[objective.name][kind] = NEVER if cut >= SATURATED else max(own, cut)
    return out


def fit_documents(artifact: Artifact, documents: Sequence[ParsedMessage]) -> dict[str, Any]:
    """Stages for documents (mail.MODEL_OF): the mail combiner, with cuts of their own fitted on
    clean documents, so that the spam terms quarantine at most DOCUMENT_FP of them. There is no
    spam of this kind to fit on: an attack planted in a document is the prompt-injection term's to
    catch (at its own threshold for documents, which was fitted on the same kind of text), and a
    pasted spam mail body still scores far above clean documents. Every document reads the spam
    head (no cascade band): documents are few and long, and the cut sits above the band's top."""
    from .core import Shield

    clean = [m for m in documents if m.kind == "document"]
    if not clean:
        raise ValueError("fit_documents needs clean documents (kind 'document')")
    artifact.stages.pop("document", None)  # score them with the mail stages
    mail = artifact.stages["mail"]
    z = np.array([r.energy for r in Shield(artifact, cascade=False).scan(clean)])
    ham = np.zeros(len(z), dtype=np.int64)
    quarantine = max(mail["full"].quarantine_at, fit_threshold(z, ham, DOCUMENT_FP))
    reject = max(mail["full"].reject_at, fit_threshold(z, ham, REJECT_FP), quarantine)
    artifact.stages["document"] = {
        name: Stage(weights=dict(stage.weights), bias=stage.bias, quarantine_at=quarantine, reject_at=reject)
        for name, stage in mail.items()
    }
    return {
        "documents": len(clean),
        "ham_fp": DOCUMENT_FP,
        "quarantine_at": round(quarantine, 4),
        "reject_at": round(reject, 4),
        "over_the_mail_cut": round(float((z >= mail["full"].quarantine_at).mean()), 4),
    }


def _cascade_band(energy: np.ndarray, y: np.ndarray, threshold: float) -> tuple[float, float]:
    """Energies below `low` are ham and at or above `high` spam with error under CASCADE_MISS;
    between them the spam head is consulted."""
    order = np.sort(np.unique(energy))
    low = float(order[0]) if len(order) else 0.0
    for value in order:  # grow the confident-ham region while the spam it lets through stays rare
        below = energy < value
        if below.sum() and y[below].mean() > CASCADE_MISS:
            break
        low = float(value)
    high = float(order[-1]) + 1e-9 if len(order) else 0.0
    for value in order[::-1]:
        above = energy >= value
        if above.sum() and (1 - y[above]).mean() > CASCADE_MISS / 4:
            break
        high = float(value)
    return min(low, threshold), max(high, threshold)


def _metrics(pred: np.ndarray, y: np.ndarray) -> dict[str, float]:
    tp = int(((pred == 1) & (y == 1)).sum())
    fp = int(((pred == 1) & (y == 0)).sum())
    fn = int(((pred == 0) & (y == 1)).sum())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return {
        "ham_false_positive_rate": round(fp / max(1, int((y == 0).sum())), 5),
        "spam_recall": round(recall, 5),
        "precision": round(precision, 5),
        "f1": round(2 * precision * recall / (precision + recall), 5) if precision + recall else 0.0,
    }


def head_view(msg: ParsedMessage) -> str:
    """The text the spam head embeds, exactly as the shield hands it over at scan time."""
    from .core import HEAD_CHARS, _clean

    return (_clean(msg.text) or " ")[:HEAD_CHARS]


def embed_texts(
    texts: Sequence[str], cache: Path | None = None, log: Callable[[str], None] = lambda _: None
) -> np.ndarray:
    """Embeddings of `texts`, reusing a cache file of earlier runs (keyed by sha256 of the encoder's
    name and the text: a cache made with another encoder is only misses)."""
    import hashlib

    from memory.embedder import default_embedder

    salt = f"{default_embedder().name}\0".encode()
    keys = [hashlib.sha256(salt + t.encode("utf-8", "surrogateescape")).hexdigest() for t in texts]
    known: dict[str, np.ndarray] = {}
    if cache is not None and cache.exists():
        try:
            with cache.open("rb") as handle:  # our handle: np.load leaves its own open when it fails
                npz = np.load(handle)
                known = dict(zip(npz["keys"].tolist(), npz["vecs"], strict=True))
        except (OSError, ValueError, KeyError, IndexError, zipfile.BadZipFile) as exc:
            raise ArtifactError(f"{cache}: not an embedding cache ({exc}); delete it or give another --cache") from None
    missing = [i for i, k in enumerate(keys) if k not in known]
    from memory.progress import progress

    steps = range(0, len(missing), 512)  # saved as it goes: a long run can be resumed
    for start in progress(steps, description="embedding, 512 texts a step"):  # drawn on a terminal only
        part = missing[start : start + 512]
        vectors = default_embedder().embed([texts[i] for i in part])
        for i, vector in zip(part, vectors, strict=True):
            known[keys[i]] = vector
        if cache is not None:
            # Atomically (Ctrl-C mid-write left a cache that stopped every later run) and through a
            # handle (given a path without .npz, np.savez wrote beside it, so it was never reused).
            with atomic_open(cache, "wb") as handle:
                np.savez(handle, keys=np.array(list(known)), vecs=np.stack(list(known.values())))
        log(f"embedded {min(start + 512, len(missing))}/{len(missing)}")
    return np.stack([known[k] for k in keys]) if keys else np.zeros((0, 384), dtype=np.float32)


# Shared datasets whose training side the shield learns from (phishing-pot is evaluation only).
TRAINING_SETS = ("sms-spam-collection", "spamassassin", "thai-sms-spam", "smishing-mishra-soni")
LICENCES = {
    "sms-spam-collection": "UCI, free use with citation",
    "spamassassin": "PDDL 1.0 / CC0 1.0",
    "thai-sms-spam": "MIT",
    "smishing-mishra-soni": "CC BY 4.0 (attribution in assistant/shield/data/NOTICE.md)",
    "project": "Apache-2.0 (written by the project, training-data/shield)",
}


def spam_head_rows(root: Path | None = None) -> list[tuple[str, int]]:
    """The shield's training messages as the spam head sees them, with their labels: what
    `guardrails.training.encoder_rows` adds to the encoder adapter's training rows."""
    messages, labels, _, _ = training_messages(root)
    return [(head_view(message), label) for message, label in zip(messages, labels, strict=True)]


def training_messages(
    root: Path | None = None,
) -> tuple[list[ParsedMessage], list[int], list[str], dict[str, int]]:
    """The parsed training side of the shield's datasets (TRAINING_SETS) and the project's own corpus,
    their labels, each one's dataset, and the rows read per dataset (unreadable ones are left out)."""
    from .datasets import load, project_corpus
    from .mail import UnreadableMessage, parse_message

    messages: list[ParsedMessage] = []
    labels: list[int] = []
    sources: list[str] = []
    counts: dict[str, int] = {}
    sets = [(name, load(name, "train", root)) for name in TRAINING_SETS]
    sets.append(("project", project_corpus()))
    for name, rows in sets:
        counts[name] = len(rows)
        for i, row in enumerate(rows):
            try:
                messages.append(
                    parse_message(row.text.encode("utf-8", "surrogateescape"), f"{name}#{i}", kind=row.kind)
                )
            except UnreadableMessage:
                continue
            labels.append(row.label)
            sources.append(name)
    return messages, labels, sources, counts


def training_documents(root: Path | None = None) -> list[ParsedMessage]:
    """The clean contexts of the BIPIA train split, parsed as documents."""
    from .datasets import load
    from .mail import parse_message

    rows = [row for row in load("bipia", "train", root) if row.label == 0]
    return [parse_message(row.text, f"bipia#{i}", kind="document") for i, row in enumerate(rows)]


def train_on_shared(
    root: Path | None = None,
    out: Path | None = None,
    cache: Path | None = None,
    log: Callable[[str], None] = lambda _: None,
    head_mail: int | None = None,
    external: Sequence[Any] = (),
) -> tuple[Artifact, dict[str, Any]]:
    """Fit the shipped model on the training splits of TRAINING_SETS and the project's corpus.

    `head_mail`: embed only a stratified sample of this many training emails for the spam head
    (the encoder on full emails is the costly part on a small CPU); every other part sees all rows.
    """
    if out is not None:
        _check_out(out)  # before the training, not after it
    messages, labels, sources, counts = training_messages(root)
    log(f"parsed {len(messages)} training messages: {counts}")
    chosen = np.arange(len(messages))
    if head_mail is not None:
        rng = np.random.default_rng(0)
        mail = np.flatnonzero(np.array([m.kind == "mail" for m in messages]))
        keep = rng.choice(mail, size=min(head_mail, len(mail)), replace=False)
        chosen = np.sort(np.concatenate([np.setdiff1d(np.arange(len(messages)), mail), keep]))
    embeddings = np.full((len(messages), 384), np.nan)
    embeddings[chosen] = embed_texts([head_view(messages[i]) for i in chosen], cache, log=log)
    log(f"embedded {len(chosen)} of {len(messages)}")
    info = {
        "trained_on": {
            k: f"{v} rows, "
            + ("written by the project" if k == "project" else "training side of the SPLITS.md hash split")
            for k, v in counts.items()
        },
        "licences": LICENCES,
        "target_ham_fp": TARGET_FP_KIND,
        "recall_floor": RECALL_FLOOR_KIND,
        "head_rows": len(chosen),
    }
    artifact, diagnostics = fit(messages, labels, embeddings, sources=sources, info=info, log=log)
    documents = training_documents(root)
    artifact.info["documents"] = {
        "fitted_on": f"{len(documents)} clean contexts of the BIPIA train split (email, table, code)",
        "licence": "MIT (BIPIA)",
        **fit_documents(artifact, documents),
    }
    log(f"document cuts on {len(documents)} clean training documents: {artifact.info['documents']}")
    if external:
        artifact.external_at = fit_external(messages, labels, external, log=log)
        artifact.info["external_fitted_on"] = {
            "objectives": sorted(artifact.external_at),
            "ham_fp": EXTERNAL_FP,
            "sample_per_kind": EXTERNAL_SAMPLE,
            "ham_of": {kind: "the half of it the documents' head never learnt from" for kind in DOCUMENTS_HEAD_KINDS},
        }
        diagnostics["external_at"] = artifact.external_at
    if out is not None:
        try:
            artifact.save(out)
        except OSError as exc:
            raise ArtifactError(f"{out}: cannot write the model: {exc.strerror or exc}") from None
    return artifact, diagnostics


def _check_out(out: Path) -> None:
    """The --out folder can be made: a file in its way was found only when saving, after training."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        why = "a file is in the way" if isinstance(exc, (FileExistsError, NotADirectoryError)) else exc.strerror
        raise ArtifactError(f"{out}: cannot write the model there: {why or exc}") from None
