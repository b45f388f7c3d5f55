"""The NumPy encoder: MiniLM against the sentence-transformers reference (adapters included), both on the
real weights. The multilingual default is tested in test_multilingual_encoder.py."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from memory._bert import LORA_TARGETS, BertEncoder
from memory.base.errors import ModelError
from memory.embedder import MINILM, Embedder

TEXTS = [
    "How do I kill a Python process?",
    "hi",
    "",
    "Ünïcödé, 中文 and an emoji 🎉 in one line",
    "Remember that my sister's birthday is on the 3rd of May. " * 40,  # over 256 tokens: truncated
]


@pytest.fixture(scope="module")
def reference() -> np.ndarray:
    return Embedder(MINILM, backend="sentence-transformers").embed(TEXTS)


def test_numpy_backend_matches_sentence_transformers(reference: np.ndarray) -> None:
    ours = Embedder(MINILM, backend="numpy").embed(TEXTS)
    assert ours.shape == (len(TEXTS), 384) and ours.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    assert float(np.abs(ours - reference).max()) < 1e-5


def test_batching_does_not_change_vectors() -> None:
    one_by_one = np.stack([Embedder(MINILM, cache_size=0).embed([t])[0] for t in TEXTS])
    batched = Embedder(MINILM, cache_size=0, batch_size=2).embed(TEXTS)
    assert float(np.abs(one_by_one - batched).max()) < 1e-5


def test_numpy_backend_never_imports_torch() -> None:
    code = (
        "import sys; from memory.embedder import Embedder; Embedder().embed(['hello'])\n"
        "assert 'torch' not in sys.modules and 'sentence_transformers' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_unknown_backend_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown embedder backend"):
        Embedder(MINILM, backend="onnx")  # type: ignore[arg-type]


# ------------------------------------------------------------------------------------------- adapters


def _base_weights() -> dict[str, np.ndarray]:
    from safetensors.numpy import load_file

    from memory.embedder import _minilm_path

    return load_file(str(_minilm_path() / "model.safetensors"))


def _write_adapter(path: Path, arrays: dict[str, np.ndarray], meta: dict[str, Any]) -> Path:
    np.savez(path, meta=np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8), **arrays)  # type: ignore[arg-type]
    return path


def _random_adapter(path: Path, layers: tuple[int, ...] = (4, 5), rank: int = 4) -> tuple[Path, dict[str, Any]]:
    """LoRA of rank `rank` on every Linear of `layers`, plus a replaced LayerNorm in the last one."""
    rng = np.random.default_rng(0)
    weights = _base_weights()
    arrays: dict[str, np.ndarray] = {}
    for i in layers:
        for target in LORA_TARGETS:
            out_dim, in_dim = weights[f"encoder.layer.{i}.{target}.weight"].shape
            arrays[f"encoder.layer.{i}.{target}.lora_A"] = rng.normal(0, in_dim**-0.5, (rank, in_dim)).astype(
                np.float32
            )
            arrays[f"encoder.layer.{i}.{target}.lora_B"] = rng.normal(0, 0.02, (out_dim, rank)).astype(np.float32)
    last = f"encoder.layer.{layers[-1]}.output.LayerNorm."
    arrays[last + "weight"] = (weights[last + "weight"] * rng.uniform(0.8, 1.2, 384)).astype(np.float32)
    arrays[last + "bias"] = (weights[last + "bias"] + rng.normal(0, 0.05, 384)).astype(np.float32)
    meta = {"base": "all-MiniLM-L6-v2", "scaling": 8.0 / rank, "rank": rank, "note": "test"}
    return _write_adapter(path, arrays, meta), meta


def _torch_reference(adapter_path: Path, texts: list[str]) -> np.ndarray:
    """Mean-pooled unit vectors from transformers' BertModel with the adapter merged in by hand."""
    import torch
    from transformers import AutoTokenizer, BertModel

    from memory.embedder import _minilm_path

    path = str(_minilm_path())
    model = BertModel.from_pretrained(path).eval()
    tokenizer = AutoTokenizer.from_pretrained(path)
    with np.load(adapter_path) as data:
        arrays = {k: data[k] for k in data.files}
    meta = json.loads(arrays.pop("meta").tobytes())
    params = dict(model.named_parameters())
    with torch.no_grad():
        for key, value in arrays.items():
            if key.endswith(".lora_A"):
                stem = key[: -len(".lora_A")]
                a, b = torch.from_numpy(value), torch.from_numpy(arrays[stem + ".lora_B"])
                params[stem + ".weight"] += meta["scaling"] * (b @ a)
            elif not key.endswith(".lora_B"):
                params[key].copy_(torch.from_numpy(value))
        batch = tokenizer(texts, padding=True, truncation=True, max_length=256, return_tensors="pt")
        hidden = model(**batch).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).float()
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
        return torch.nn.functional.normalize(pooled, dim=1).numpy()


def test_adapter_branch_matches_merged_torch_model(tmp_path: Path) -> None:
    from memory.embedder import load_adapter

    path, meta = _random_adapter(tmp_path / "adapter.npz")
    adapter = load_adapter(path, MINILM)
    assert (adapter.start, adapter.rank, adapter.scaling, adapter.meta) == (4, 4, 2.0, meta)
    embedder = Embedder(MINILM, cache_size=0, batch_size=2)
    base, adapted = embedder.embed_pair(TEXTS, adapter)
    assert base.shape == adapted.shape == (len(TEXTS), 384) and adapted.dtype == np.float32
    np.testing.assert_array_equal(base, Embedder(MINILM, cache_size=0, batch_size=2).embed(TEXTS))
    expected = _torch_reference(path, TEXTS)
    assert float(np.abs(adapted - expected).max()) < 1e-5
    assert float(np.abs(adapted - base).max()) > 1e-2  # the adapter does change the vectors
    # Encoder-level API: same vectors, and only the two adapted layers are copied.
    model = embedder.model
    assert isinstance(model, BertEncoder)
    base2, adapted2 = model.encode_pair(TEXTS, 8, adapter)
    np.testing.assert_allclose(base2, base, atol=1e-6)
    np.testing.assert_allclose(adapted2, adapted, atol=1e-6)
    assert len(model.adapted_layers(adapter)) == 2


def test_embed_pair_caches_both_vectors(tmp_path: Path) -> None:
    from memory.embedder import load_adapter

    adapter = load_adapter(_random_adapter(tmp_path / "a.npz", layers=(5,), rank=2)[0], MINILM)
    embedder = Embedder(MINILM)
    first = embedder.embed_pair(["hello", "world", "hello"], adapter)
    np.testing.assert_array_equal(first[0][0], first[0][2])
    again = embedder.embed_pair(["world", "hello"], adapter)
    np.testing.assert_array_equal(again[1], first[1][[1, 0]])
    np.testing.assert_array_equal(embedder.embed(["hello"])[0], first[0][0])
    empty = embedder.embed_pair([], adapter)
    assert empty[0].shape == empty[1].shape == (0, 384)


def test_adapter_without_tensors_is_the_base_model(tmp_path: Path) -> None:
    """A heads-only reference (nothing of the encoder tuned) is a valid adapter: adapted == base."""
    from memory.embedder import load_adapter

    adapter = load_adapter(_write_adapter(tmp_path / "heads-only.npz", {}, META), MINILM)
    assert adapter.start == 6
    base, adapted = Embedder(MINILM, cache_size=0).embed_pair(TEXTS, adapter)
    np.testing.assert_array_equal(base, adapted)


def test_float16_compressed_adapter_loads(tmp_path: Path) -> None:
    from memory.embedder import load_adapter

    path = tmp_path / "half.npz"
    meta = np.frombuffer(json.dumps(META).encode(), dtype=np.uint8)
    np.savez_compressed(path, meta=meta, **{k: v.astype(np.float16) + 1 for k, v in _valid_arrays().items()})  # type: ignore[arg-type]
    adapter = load_adapter(path, MINILM)
    assert adapter.start == 5 and adapter.lora["encoder.layer.5.output.dense"][0].dtype == np.float32


def _valid_arrays(rank: int = 2) -> dict[str, np.ndarray]:
    return {
        "encoder.layer.5.output.dense.lora_A": np.zeros((rank, 1536), np.float32),
        "encoder.layer.5.output.dense.lora_B": np.zeros((384, rank), np.float32),
    }


META = {"base": "all-MiniLM-L6-v2", "scaling": 1.0, "rank": 2}


@pytest.mark.parametrize(
    ("arrays", "meta", "message"),
    [
        (_valid_arrays(), {**META, "base": "bert-base-uncased"}, "made for base model 'bert-base-uncased'"),
        (_valid_arrays(), {**META, "rank": 0}, "`rank` in meta must be a positive integer"),
        (_valid_arrays(), {**META, "scaling": "2"}, "`scaling` in meta must be a finite number"),
        (_valid_arrays(rank=3), META, r"lora_A has shape \(3, 1536\), expected \(2, 1536\)"),
        (
            {**_valid_arrays(), "encoder.layer.5.output.dense.lora_B": np.zeros((1536, 2), np.float32)},
            META,
            r"lora_B has shape \(1536, 2\), expected \(384, 2\)",
        ),
        (
            {"encoder.layer.5.output.dense.lora_A": np.zeros((2, 1536), np.float32)},
            META,
            "has lora_A without lora_B",
        ),
        (
            {"encoder.layer.5.output.LayerNorm.weight": np.zeros(100, np.float32)},
            META,
            r"LayerNorm.weight has shape \(100,\), expected \(384,\)",
        ),
        ({**_valid_arrays(), "embeddings.word_embeddings.weight": np.zeros(3)}, META, "unknown key"),
        ({"encoder.layer.5.output.LayerNorm.lora_A": np.zeros((2, 384))}, META, "is not a LoRA target"),
        ({"encoder.layer.9.output.dense.bias": np.zeros(384)}, META, "the base model has no such tensor"),
        ({"encoder.layer.5.output.dense.bias": np.full(384, np.nan)}, META, "NaN"),
    ],
)
def test_malformed_adapter_is_a_clear_error(
    tmp_path: Path, arrays: dict[str, np.ndarray], meta: dict[str, Any], message: str
) -> None:
    from memory.embedder import load_adapter

    path = _write_adapter(tmp_path / "bad.npz", arrays, meta)
    with pytest.raises(ModelError, match=message) as info:
        load_adapter(path, MINILM)
    assert str(path) in str(info.value)


def test_missing_or_foreign_adapter_file_is_a_clear_error(tmp_path: Path) -> None:
    from memory.embedder import load_adapter

    with pytest.raises(ModelError, match="no such file"):
        load_adapter(tmp_path / "missing.npz", MINILM)
    junk = tmp_path / "junk.npz"
    junk.write_bytes(b"\x00not a zip at all" * 10)
    with pytest.raises(ModelError, match=r"not an adapter \(.npz\) file"):
        load_adapter(junk, MINILM)
    no_meta = tmp_path / "no_meta.npz"
    np.savez(no_meta, **_valid_arrays())  # type: ignore[arg-type]
    with pytest.raises(ModelError, match="no `meta` entry"):
        load_adapter(no_meta, MINILM)
    pickled = tmp_path / "pickled.npz"
    np.savez(pickled, meta=np.array([{"base": "x"}], dtype=object))
    with pytest.raises(ModelError, match="not an adapter"):
        load_adapter(pickled, MINILM)
    # A damaged compressed member: zlib's own error, which escaped as a traceback (the guardrail
    # heads already caught it).
    damaged = tmp_path / "damaged.npz"
    meta = np.frombuffer(json.dumps(META).encode(), dtype=np.uint8)
    np.savez_compressed(damaged, meta=meta, **_valid_arrays())  # type: ignore[arg-type]
    data = bytearray(damaged.read_bytes())
    first = zipfile.ZipFile(damaged).infolist()[0]
    start = first.header_offset + 30 + len(first.filename) + len(first.extra)
    data[start : start + 40] = b"\xff" * 40
    damaged.write_bytes(bytes(data))
    with pytest.raises(ModelError, match=r"not an adapter \(.npz\) file \(Error -3 while decompressing"):
        load_adapter(damaged, MINILM)


def test_token_budget_and_equal_lengths_do_not_change_vectors() -> None:
    """Batches cut by padded tokens, batches of equal lengths (no padding) and mixed lengths (padded
    attention) give the vectors of one text at a time."""
    texts = ["one two three", "four five six", "seven eight nine", "a much longer sentence than the others here", "x"]
    embedder = Embedder(MINILM, cache_size=0, batch_size=8)
    model = embedder.model
    assert isinstance(model, BertEncoder)
    singly = np.stack([model.encode([t], 1)[0] for t in texts])
    for max_tokens in (1, 12, 256):
        model.max_tokens = max_tokens
        assert float(np.abs(model.encode(texts, 8) - singly).max()) < 1e-6
    model.max_tokens = 256
    assert float(np.abs(model.encode(texts[:3], 8) - singly[:3]).max()) < 1e-6  # equal lengths: unpadded


def test_concurrent_calls_share_the_encoder_safely() -> None:
    """Callers on several threads (planner, shield, memory) each get their own scratch buffers."""
    from concurrent.futures import ThreadPoolExecutor

    model = Embedder(MINILM, cache_size=0).model
    assert isinstance(model, BertEncoder)
    groups = [TEXTS, TEXTS[::-1], ["short", "a somewhat longer text to embed here"] * 5, TEXTS[1:3]]
    expected = [model.encode(g, 2) for g in groups]
    with ThreadPoolExecutor(4) as pool:
        for _ in range(3):
            results = list(pool.map(lambda g: model.encode(g, 2), groups))
            for got, want in zip(results, expected, strict=True):
                assert float(np.abs(got - want).max()) < 1e-6


def test_single_text_pair_runs_both_branches_alike(tmp_path: Path) -> None:
    """One text: its base and adapted top layers run on two threads, with the vectors of a batch."""
    from memory.embedder import load_adapter

    adapter = load_adapter(_random_adapter(tmp_path / "a.npz")[0], MINILM)
    model = Embedder(MINILM, cache_size=0).model
    assert isinstance(model, BertEncoder)
    base, adapted = model.encode_pair(TEXTS, 8, adapter)
    for i, text in enumerate(TEXTS):
        one_base, one_adapted = model.encode_pair([text], 8, adapter)
        assert float(np.abs(one_base[0] - base[i]).max()) < 1e-6
        assert float(np.abs(one_adapted[0] - adapted[i]).max()) < 1e-6
