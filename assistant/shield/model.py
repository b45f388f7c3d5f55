"""The shield's trained artifact: base models, calibrations, combiner weights and thresholds.

Two files in one folder: `model.npz` (arrays: token counts, head and rule coefficients) and
`model.json` (calibrations, per-kind combiner weights, thresholds, provenance), each written
atomically, the npz first. The json records the npz's SHA-256, so a save cut short between the two
(a new npz beside the old json) is refused on loading rather than read as a mixed model; a json
without one (the shipped model, written before) is loaded unchecked. The shipped one lives in
`assistant/shield/data/`; `broca shield train` writes a new one.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from memory.base.atomic import atomic_write
from memory.base.errors import ArtifactError

from .objectives import HeaderRules, NgramHead, Platt, SpamHead, TokenStats, UrlRules
from .rules import HEADER_RULES, URL_RULES
from .tokens import TokenModel

__all__ = ["SHIPPED", "Artifact", "ArtifactError", "Stage", "term_logit"]

SHIPPED = Path(__file__).resolve().parent / "data"
FORMAT = 3  # 2: per-kind heads; 3: a logistic combiner over signed term logits (ham evidence counts)
CHEAP = ("token_stats", "ngram_head", "url_rules", "header_rules")
ALL = (*CHEAP, "spam_head")


LOGIT_CAP = 13.8  # |logit(p)| at p = 1e-6 or 1 - 1e-6: one term can never say "certainly"


def term_logit(p: Any) -> Any:
    """A term's signed evidence: logit(p), capped. Negative for ham, positive for spam."""
    q = np.clip(np.asarray(p, dtype=np.float64), 1e-6, 1 - 1e-6)
    return np.clip(np.log(q / (1 - q)), -LOGIT_CAP, LOGIT_CAP)


@dataclass
class Stage:
    """One combiner, a logistic regression over the terms' signed evidence:
    z = bias + sum_k w_k * logit(p_k), w_k >= 0; p(spam) = sigmoid(z). A term that is confident a
    message is ham pulls z down (an energy of the form -log(1 - p) could only add)."""

    weights: dict[str, float]
    bias: float
    quarantine_at: float  # z from which a message is quarantined
    reject_at: float  # z from which it is rejected
    # Cascade band (stage 1 only): between these values of z the spam head is consulted.
    uncertain_low: float = float("-inf")
    uncertain_high: float = float("inf")

    def contributions(self, p: dict[str, float]) -> dict[str, float]:
        """Each weighted term's share of z (the terms this stage does not weigh are left out)."""
        return {name: float(w * term_logit(p[name])) for name, w in self.weights.items() if w > 0 and name in p}

    def z(self, p: dict[str, float]) -> float:
        return self.bias + sum(self.contributions(p).values())

    def to_dict(self) -> dict[str, Any]:
        return {k: (v if not isinstance(v, float) or np.isfinite(v) else str(v)) for k, v in self.__dict__.items()}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Stage:
        fields: dict[str, Any] = {k: (float(v) if isinstance(v, str) else v) for k, v in d.items()}
        return cls(**fields)


@dataclass
class Artifact:
    tokens: TokenModel
    head_coef: dict[str, np.ndarray]  # kind -> coefficients (one head per kind of content)
    head_intercept: dict[str, float]
    ngram_coef: dict[str, np.ndarray]
    ngram_intercept: dict[str, float]
    url_coef: dict[str, np.ndarray]
    url_intercept: dict[str, float]
    header_coef: dict[str, np.ndarray]
    header_intercept: dict[str, float]
    calibration: dict[str, dict[str, Platt]]  # objective -> kind -> Platt
    stages: dict[str, dict[str, Stage]]  # kind -> "fast" | "full" -> Stage
    info: dict[str, Any] = field(default_factory=dict)
    # Guardrails objective -> kind -> the p from which it quarantines on its own, fitted on the
    # training split's ham (see train.fit_external); absent: the objective's own threshold.
    external_at: dict[str, dict[str, float]] = field(default_factory=dict)

    def external_threshold(self, name: str, kind: str, default: float) -> float:
        return float(self.external_at.get(name, {}).get(kind, default))

    # -- objectives --------------------------------------------------------------------------

    def objectives(self, kind: str, stage: str, tokens: TokenModel | None = None) -> list[Any]:
        """This kind's objectives with the stage's fitted weights (a weight-0 term is left out)."""
        weights = self.stages[kind][stage].weights
        cal = self.calibration
        made = {
            "token_stats": lambda w: TokenStats(tokens or self.tokens, cal["token_stats"], w),
            "ngram_head": lambda w: NgramHead(self.ngram_coef, self.ngram_intercept, cal["ngram_head"], w),
            "url_rules": lambda w: UrlRules(self.url_coef, self.url_intercept, cal.get("url_rules"), w),
            "header_rules": lambda w: HeaderRules(self.header_coef, self.header_intercept, cal.get("header_rules"), w),
            "spam_head": lambda w: SpamHead(self.head_coef, self.head_intercept, cal["spam_head"], w),
        }
        return [made[name](weights[name]) for name in (CHEAP if stage == "fast" else ALL) if weights.get(name, 0) > 0]

    # -- files -------------------------------------------------------------------------------

    def save(self, folder: Path) -> None:
        arrays: dict[str, np.ndarray] = {f"tok_{k}": v for k, v in self.tokens.to_arrays().items()}
        # The vocabulary as one JSON string (any character survives; numpy's str arrays drop NULs).
        arrays["tok_tokens"] = np.frombuffer(json.dumps(arrays["tok_tokens"].tolist()).encode("utf-8"), dtype=np.uint8)
        for kind, coef in self.head_coef.items():
            arrays[f"head_coef_{kind}"] = coef.astype(np.float32)
        for kind, coef in self.ngram_coef.items():
            arrays[f"ngram_coef_{kind}"] = coef.astype(np.float16)  # 2**19 weights: half precision is plenty
        for kind, coef in self.url_coef.items():
            arrays[f"url_coef_{kind}"] = coef
        for kind, coef in self.header_coef.items():
            arrays[f"header_coef_{kind}"] = coef
        buffer = io.BytesIO()
        # mypy matches **arrays against every keyword of numpy's stub, allow_pickle: bool included
        np.savez_compressed(buffer, **arrays)  # type: ignore[arg-type]
        meta = {
            "format": FORMAT,
            "head_intercept": self.head_intercept,
            "ngram_intercept": self.ngram_intercept,
            "url_intercept": self.url_intercept,
            "header_intercept": self.header_intercept,
            "calibration": {o: {k: [p.a, p.b] for k, p in d.items()} for o, d in self.calibration.items()},
            "stages": {kind: {s: st.to_dict() for s, st in d.items()} for kind, d in self.stages.items()},
            "info": self.info,
            "external_at": self.external_at,
            "rules": {"url": list(URL_RULES), "header": list(HEADER_RULES)},
            "npz_sha256": hashlib.sha256(buffer.getvalue()).hexdigest(),
        }
        atomic_write(folder / "model.npz", buffer.getvalue())
        atomic_write(folder / "model.json", json.dumps(meta, indent=1) + "\n")  # last: it vouches for the npz

    @classmethod
    def load(cls, folder: Path | None = None) -> Artifact:
        folder = folder or SHIPPED
        try:
            meta = json.loads((folder / "model.json").read_text(encoding="utf-8"))
            if not isinstance(meta, dict):
                raise ValueError("model.json is not a JSON object")
            blob = (folder / "model.npz").read_bytes()
            digest = meta.get("npz_sha256")
            if digest is not None and hashlib.sha256(blob).hexdigest() != digest:
                raise ArtifactError(
                    f"the shield model in {folder} is inconsistent: model.npz is not the one model.json was "
                    "saved with (a save cut short?); retrain it (broca shield train)"
                )
            with np.load(io.BytesIO(blob)) as npz:
                arrays = {k: npz[k] for k in npz.files}
        except (OSError, ValueError, KeyError) as exc:
            raise ArtifactError(f"cannot load the shield model from {folder}: {exc}") from None
        if meta.get("format") != FORMAT:
            raise ArtifactError(f"the shield model in {folder} is an older format: retrain it (broca shield train)")
        arrays["tok_tokens"] = json.loads(arrays["tok_tokens"].tobytes().decode("utf-8"))
        tokens = TokenModel.from_arrays({k[4:]: v for k, v in arrays.items() if k.startswith("tok_")})
        return cls(
            tokens=tokens,
            head_coef={k[10:]: v for k, v in arrays.items() if k.startswith("head_coef_")},
            head_intercept=meta["head_intercept"],
            ngram_coef={k[11:]: v.astype(np.float32) for k, v in arrays.items() if k.startswith("ngram_coef_")},
            ngram_intercept=meta["ngram_intercept"],
            url_coef={
                k[9:]: _by_rule(v, meta.get("rules", {}).get("url"), URL_RULES)
                for k, v in arrays.items()
                if k.startswith("url_coef_")
            },
            url_intercept=meta["url_intercept"],
            header_coef={
                k[12:]: _by_rule(v, meta.get("rules", {}).get("header"), HEADER_RULES)
                for k, v in arrays.items()
                if k.startswith("header_coef_")
            },
            header_intercept=meta["header_intercept"],
            calibration={o: {k: Platt(*ab) for k, ab in d.items()} for o, d in meta["calibration"].items()},
            stages={kind: {s: Stage.from_dict(st) for s, st in d.items()} for kind, d in meta["stages"].items()},
            info=meta.get("info", {}),
            external_at=meta.get("external_at", {}),
        )


def _by_rule(coef: np.ndarray, saved: list[str] | None, rules: dict[str, Any]) -> np.ndarray:
    """A rule family's weights laid out for today's rules, matched by name: a rule added since the
    model was trained weighs 0 until it is retrained, a rule since removed is dropped. A model
    saved before the names were recorded lists them in today's order (new rules go last)."""
    names = saved if saved is not None else list(rules)[: len(coef)]
    if len(names) != len(coef):
        raise ArtifactError(f"the shield model lists {len(names)} rules for {len(coef)} weights: retrain it")
    out = np.zeros(len(rules))
    index = {name: i for i, name in enumerate(rules)}
    for name, weight in zip(names, coef, strict=True):
        if name in index:
            out[index[name]] = weight
    return out
