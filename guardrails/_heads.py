"""Trained heads: logistic regression over the shared MiniLM embedding plus hashed lexical features,
with Platt calibration. Shipped as one small `.npz` per head in `guardrails/heads/`.
"""

from __future__ import annotations

import io
import json
import math
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from assistant.errors import BrocaError

from ._text import LEXICAL_FEATURES, lexical_features

__all__ = ["HEAD_NAMES", "HeadError", "LinearHead", "head_path", "load_head"]

HEAD_NAMES = ("hazard", "toxicity", "prompt_injection", "self_harm")


class HeadError(BrocaError):
    """A trained head file is missing or unreadable."""

    exit_code = 66


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(z, -40.0, 40.0))), dtype=np.float64)


@dataclass
class LinearHead:
    """p = sigmoid(a * (emb . w_emb + lex . w_lex + bias) + b); (a, b) is the Platt calibration."""

    name: str
    w_emb: np.ndarray
    w_lex: np.ndarray | None
    bias: float
    platt_a: float = 1.0
    platt_b: float = 0.0
    meta: dict[str, Any] = field(default_factory=dict)

    def raw(self, embeddings: np.ndarray, texts: Sequence[str], lexical: Any = None) -> np.ndarray:
        """The uncalibrated logit; `lexical`: the texts' `lexical_features`, when already computed."""
        z = np.asarray(embeddings, dtype=np.float32) @ self.w_emb + self.bias
        if self.w_lex is not None and len(texts):
            z = z + (lexical_features(texts) if lexical is None else lexical) @ self.w_lex
        return np.asarray(z, dtype=np.float64)

    def calibrate(self, z: np.ndarray) -> np.ndarray:
        return _sigmoid(self.platt_a * z + self.platt_b)

    def predict(self, embeddings: np.ndarray, texts: Sequence[str], lexical: Any = None) -> np.ndarray:
        """Calibrated P(positive) for each row."""
        if len(texts) == 0:
            return np.zeros(0)
        return self.calibrate(self.raw(embeddings, texts, lexical))

    @property
    def threshold(self) -> float:
        return float(self.meta.get("threshold", 0.5))

    def save(self, path: Path) -> None:
        """Atomically: the file is either the old head or the new one, never half of one."""
        path.parent.mkdir(parents=True, exist_ok=True)
        buf = io.BytesIO()
        arrays: dict[str, np.ndarray] = {
            "w_emb": self.w_emb.astype(np.float32),
            "scalars": np.array([self.bias, self.platt_a, self.platt_b], dtype=np.float64),
            "meta": np.frombuffer(json.dumps(self.meta, sort_keys=True).encode(), dtype=np.uint8),
        }
        if self.w_lex is not None:
            # float16 halves the file; the weights' precision loss is far below the calibration error.
            arrays["w_lex"] = self.w_lex.astype(np.float16)
        np.savez_compressed(buf, **arrays)  # type: ignore[arg-type]
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(buf.getvalue())
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o644)  # mkstemp makes it private; heads are package data
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    @classmethod
    def load(cls, path: Path | Any, name: str | None = None) -> LinearHead:
        try:
            with np.load(path, allow_pickle=False) as data:
                w_emb = np.asarray(data["w_emb"], dtype=np.float32)
                bias, a, b = (float(x) for x in data["scalars"])
                meta = json.loads(bytes(data["meta"]).decode())
                w_lex = np.asarray(data["w_lex"], dtype=np.float32) if "w_lex" in data.files else None
        except (OSError, KeyError, ValueError, json.JSONDecodeError) as exc:
            raise HeadError(f"{path}: not a guardrail head file ({exc})") from None
        if w_emb.ndim != 1 or (w_lex is not None and w_lex.shape != (2 * LEXICAL_FEATURES,)):
            raise HeadError(f"{path}: head weights have the wrong shape")
        if not all(math.isfinite(x) for x in (bias, a, b)):
            raise HeadError(f"{path}: head has non-finite parameters")
        return cls(name or meta.get("name", Path(str(path)).stem), w_emb, w_lex, bias, a, b, meta)


def head_path(name: str) -> Path:
    """Where the shipped head `name` lives inside the installed package."""
    return Path(str(resources.files("guardrails") / "heads" / f"{name}.npz"))


def load_head(name: str, directory: Path | None = None) -> LinearHead:
    path = (directory / f"{name}.npz") if directory else head_path(name)
    if not path.exists():
        raise HeadError(f"no trained head {name!r} at {path} (run `broca guardrails train`)")
    return LinearHead.load(path, name)
