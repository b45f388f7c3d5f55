"""Trained heads: logistic regression over the shared sentence embedding plus hashed lexical features,
with Platt calibration. Shipped as one small `.npz` per head in `guardrails/heads/`.
"""

from __future__ import annotations

import functools
import io
import json
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from memory.base.atomic import atomic_write as write_atomically
from memory.base.errors import BrocaError, DamagedHeadError, HeadError
from memory.base.inputs import NPZ_UNREADABLE

from ._text import LEXICAL_FEATURES, lexical_features

if TYPE_CHECKING:
    from memory.embedder import Adapter

__all__ = [
    "ADAPTER_FILE",
    "DOCUMENT_HEADS",
    "HEAD_NAMES",
    "INPUT_HEADS",
    "DamagedHeadError",
    "HeadError",
    "LinearHead",
    "default_adapter",
    "head_path",
    "heads_folder",
    "load_head",
    "present_heads",
]

HEAD_NAMES = ("hazard", "toxicity", "prompt_injection", "prompt_injection_documents", "self_harm")
# Heads that read incoming documents in a typed head's place: same task, trained with the documents'
# sentence windows, which would cost the typed head its recall on owner-typed injections.
DOCUMENT_HEADS = {"prompt_injection": "prompt_injection_documents"}
# The heads of the input scope, whose terms the energy's weights are fitted over.
INPUT_HEADS = tuple(h for h in HEAD_NAMES if h not in DOCUMENT_HEADS.values())
# The encoder adapter the shipped heads read through (`broca guardrails train-encoder`), beside them.
ADAPTER_FILE = "encoder.npz"


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
    # The encoder adapter whose branch this head reads (meta "adapter": a file beside the head);
    # None: the plain embedding.
    adapter: Adapter | None = None

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
        atomic_write(path, buf.getvalue())

    @classmethod
    def load(cls, path: Path | Any, name: str | None = None) -> LinearHead:
        from memory.embedder import DIMENSIONS

        try:
            # Read whole first: numpy leaves its own file handle open when the zip is damaged.
            source = io.BytesIO(Path(path).read_bytes()) if isinstance(path, str | os.PathLike) else path
        except OSError as exc:  # a folder, no permission: it cannot be opened
            raise HeadError(f"{path}: cannot read: {exc.strerror or exc}") from None
        try:
            with np.load(source, allow_pickle=False) as data:
                w_emb = np.asarray(data["w_emb"], dtype=np.float32)
                bias, a, b = (float(x) for x in data["scalars"])
                meta = json.loads(bytes(data["meta"]).decode())
                w_lex = np.asarray(data["w_lex"], dtype=np.float32) if "w_lex" in data.files else None
        # A truncated or damaged file (NPZ_DAMAGE: zipfile's, zlib's and numpy's own errors), or one
        # that lacks an array or holds one of the wrong type.
        except NPZ_UNREADABLE as exc:
            raise DamagedHeadError(f"{path}: not a guardrail head file ({exc})") from None
        if not isinstance(meta, dict):
            raise DamagedHeadError(f"{path}: not a guardrail head file (its meta is not a JSON object)")
        if w_emb.shape != (DIMENSIONS,) or (w_lex is not None and w_lex.shape != (2 * LEXICAL_FEATURES,)):
            raise DamagedHeadError(f"{path}: head weights have the wrong shape")
        finite = np.isfinite(w_emb).all() and (w_lex is None or np.isfinite(w_lex).all())
        if not finite or not all(math.isfinite(x) for x in (bias, a, b)):
            raise DamagedHeadError(f"{path}: head has non-finite parameters")
        threshold = meta.get("threshold", 0.5)
        if isinstance(threshold, bool) or not isinstance(threshold, int | float) or not 0.0 <= threshold <= 1.0:
            raise DamagedHeadError(f"{path}: head's threshold {threshold!r} is not a probability")
        head = cls(name or meta.get("name", Path(str(path)).stem), w_emb, w_lex, bias, a, b, meta)
        if meta.get("adapter"):
            head.adapter = _load_adapter(Path(str(path)).parent / str(meta["adapter"]), str(meta.get("adapter_id", "")))
        return head


def _load_adapter(path: Path, expected_id: str) -> Adapter:
    try:
        adapter = _adapter_cache(str(path))
    except BrocaError as exc:
        raise HeadError(f"{exc}: the head needs it (retrain the heads, or the adapter)") from None
    if expected_id and adapter.id != expected_id:
        raise HeadError(f"{path}: not the encoder adapter the heads were trained with (retrain the heads)")
    return adapter


@functools.cache
def _adapter_cache(path: str) -> Adapter:
    from memory.embedder import load_adapter

    return load_adapter(path)


def default_adapter() -> Adapter | None:
    """The shipped encoder adapter, or None when there is none (heads then read the plain embedding)."""
    path = head_path("encoder")
    return _adapter_cache(str(path)) if path.exists() else None


def atomic_write(path: Path, data: bytes) -> None:
    """Write a head or weights file atomically, readable by all: heads are package data."""
    write_atomically(path, data, perms=0o644)


def atomic_copy(source: Path, target: Path) -> None:
    atomic_write(target, source.read_bytes())


def heads_folder(heads_dir: str) -> Path | None:
    """A configured heads folder (`guardrails.heads`, an objective's `heads_dir`); empty: the shipped heads."""
    return Path(heads_dir).expanduser() if heads_dir else None


def head_path(name: str, directory: Path | None = None) -> Path:
    """Where head `name` lives in `directory`, by default the shipped heads inside the package."""
    if directory is not None:
        return directory / f"{name}.npz"
    return Path(str(resources.files("guardrails") / "heads" / f"{name}.npz"))


def present_heads(directory: Path | None = None) -> list[str]:
    """HEAD_NAMES as found in `directory`: a folder trained before the documents' heads existed lacks them."""
    return [h for h in HEAD_NAMES if h in INPUT_HEADS or head_path(h, directory).exists()]


def load_head(name: str, directory: Path | None = None) -> LinearHead:
    path = head_path(name, directory)
    if not path.exists():
        raise HeadError(f"no trained head {name!r} at {path} (run `broca guardrails train`)")
    return LinearHead.load(path, name)
