"""PEFT LoRA adapter -> llama.cpp LoRA adapter GGUF, with our own writer (the `gguf` package).

The file holds `general.type = adapter`, `adapter.type = lora`, `adapter.lora.alpha`, and for each
adapted weight `<gguf name>.lora_a` (rank x in) and `<gguf name>.lora_b` (out x rank), named like
the base's tensors. llama.cpp applies `scale = alpha / rank`; PEFT's own scale (alpha / r, or
alpha / sqrt(r) with rsLoRA, or per-module ranks and alphas) is folded into lora_b so that both
runtimes add exactly B @ A times the same factor.

For llama-architecture models, llama.cpp's converter permutes the rows of the Q and K projections
(to interleave rotary halves); transformers undoes that when it loads a GGUF, so the adapter is
trained in the unpermuted layout, and lora_b of Q and K must get the same row permutation here.
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from memory.base.atomic import atomic_path
from memory.base.errors import ExportError

from .adapter import check_adapter_matches, read_gguf_fields

__all__ = ["ExportResult", "export_adapter", "permute_qk"]

# Architectures whose llama.cpp converter permutes q_proj / k_proj rows.
PERMUTED_QK = {"llama"}
_MODULE_RE = re.compile(r"^(?:base_model\.model\.)?(?P<module>.+)\.lora_(?P<which>[AB])(?:\.default)?\.weight$")


@dataclass
class ExportResult:
    path: Path
    tensors: int
    rank: int
    alpha: float
    architecture: str
    bytes: int
    seconds: float

    def to_dict(self) -> dict[str, Any]:
        return {k: (str(v) if isinstance(v, Path) else v) for k, v in self.__dict__.items()}


def permute_qk(rows: np.ndarray, n_head: int) -> np.ndarray:
    """llama.cpp's `permute` (convert_hf_to_gguf.LlamaModel.permute) on the first axis."""
    out = rows.shape[0]
    if out % (n_head * 2):
        raise ExportError(f"cannot permute {out} rows into {n_head} heads")
    return rows.reshape(n_head, 2, out // n_head // 2, *rows.shape[1:]).swapaxes(1, 2).reshape(rows.shape)


def _read_adapter(adapter_dir: Path) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    config_path = adapter_dir / "adapter_config.json"
    weights_path = adapter_dir / "adapter_model.safetensors"
    if not config_path.is_file() or not weights_path.is_file():
        raise ExportError(
            f"{adapter_dir} is not a PEFT adapter directory (needs adapter_config.json and adapter_model.safetensors)"
        )
    config = _read_json(config_path)
    if not isinstance(config, dict):
        raise ExportError(f"{config_path}: unreadable: expected a JSON object")
    _alpha(config.get("lora_alpha", 8), config_path, "lora_alpha")
    patterns = config.get("alpha_pattern") or {}
    if not isinstance(patterns, dict):
        raise ExportError(f"{config_path}: alpha_pattern must be an object")
    for pattern, value in patterns.items():
        _alpha(value, config_path, f"alpha_pattern[{pattern!r}]")
    if str(config.get("peft_type", "")).upper() != "LORA":
        raise ExportError(f"{adapter_dir} is a {config.get('peft_type')!r} adapter; only LoRA can be exported")
    if config.get("use_dora"):
        raise ExportError("DoRA adapters cannot be exported to llama.cpp")
    if config.get("modules_to_save"):
        raise ExportError(
            f"the adapter also trains full modules ({config['modules_to_save']}); llama.cpp cannot load them"
        )
    from safetensors import SafetensorError
    from safetensors.numpy import load_file

    try:
        tensors = load_file(str(weights_path))
    except (SafetensorError, OSError, ValueError) as exc:
        raise ExportError(f"{weights_path}: unreadable: {exc}") from None
    return config, tensors


def _read_json(path: Path) -> Any:
    """A JSON file of an adapter folder; anything unreadable (not UTF-8, not JSON, nested past
    json's limit) is one ExportError line, not a traceback."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ExportError(f"{path}: unreadable: {exc}") from None
    except RecursionError:
        raise ExportError(f"{path}: unreadable: JSON nested too deeply") from None


def _alpha(value: Any, path: Path, key: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
        raise ExportError(f"{path}: {key} must be a positive number, got {value!r}")
    return float(value)


def _scale(config: dict[str, Any], module: str, rank: int) -> float:
    """PEFT's scaling of one module (rank and alpha patterns, rsLoRA)."""
    alpha = float(config.get("lora_alpha", 8))
    for pattern, value in (config.get("alpha_pattern") or {}).items():
        if re.search(rf"(^|\.){pattern}$", module):
            alpha = float(value)
    return alpha / math.sqrt(rank) if config.get("use_rslora") else alpha / rank


def _check_target(out: Path) -> None:
    """ExportError where `out` is there and is not a regular file. The adapter is written beside it
    and renamed over it, then read back to check it; a FIFO (or a device) would be written in
    place, and blocked the export until something read it, then again reading it back. An
    adapter is a file llama.cpp loads, so a stream is no place for one."""
    try:
        mode = os.stat(out).st_mode
    except OSError:
        return  # not there yet, or not reachable: writing it says why
    if stat.S_ISREG(mode):
        return
    kinds = [(stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket")]
    kind = next((name for test, name in kinds if test(mode)), "a device")
    raise ExportError(f"cannot write {out}: it is {kind}, not a file; give --out the path of a .gguf file")


def export_adapter(
    adapter_dir: Path, out: Path, *, base: Path | None = None, dtype: str = "f32", permute: bool = True
) -> ExportResult:
    """Write `adapter_dir` (PEFT) as a llama.cpp LoRA GGUF at `out`, checked against `base`.

    `base` is the GGUF the adapter will run on (default: the one it was trained on when that was
    a GGUF, else the embedded model). `permute=False` skips the Q/K permutation; only for tests
    that show it matters.
    """
    import time

    import gguf

    from memory.base.gguf import check_gguf, embedded_model_path

    started = time.perf_counter()
    _check_target(Path(out))
    config, tensors = _read_adapter(adapter_dir)
    if base is None:
        trained_on = adapter_dir / "broca_base.json"
        record = _read_json(trained_on) if trained_on.exists() else {}
        recorded = str(record.get("base", "")) if isinstance(record, dict) else ""
        base = Path(recorded) if recorded.endswith(".gguf") and Path(recorded).is_file() else embedded_model_path()
    base = check_gguf(Path(base), "base model")
    fields = read_gguf_fields(base)
    arch = str(fields.get("general.architecture") or "")
    if not arch:
        raise ExportError(f"{base} has no general.architecture")
    n_head = int(fields.get(f"{arch}.attention.head_count") or 0)
    n_head_kv = int(fields.get(f"{arch}.attention.head_count_kv") or n_head)
    n_blocks = int(fields.get(f"{arch}.block_count") or 0)
    try:
        arch_enum = next(k for k, v in gguf.MODEL_ARCH_NAMES.items() if v == arch)
    except StopIteration:
        raise ExportError(f"the gguf package does not know architecture {arch!r}") from None
    names = gguf.get_tensor_name_map(arch_enum, n_blocks)

    pairs: dict[str, dict[str, np.ndarray]] = {}
    for key, value in tensors.items():
        match = _MODULE_RE.match(key)
        if not match:
            raise ExportError(f"unexpected tensor {key} in the adapter (not a LoRA A/B weight)")
        pairs.setdefault(match["module"], {})[match["which"]] = value
    if not pairs:
        raise ExportError(f"{adapter_dir} holds no LoRA weights")

    alpha = float(config.get("lora_alpha", 8))
    np_dtype = {"f32": np.float32, "f16": np.float16}[dtype]
    writer_items: list[tuple[str, np.ndarray]] = []
    ranks: set[int] = set()
    for module, ab in sorted(pairs.items()):
        if set(ab) != {"A", "B"}:
            raise ExportError(f"{module} has lora_{''.join(ab)} without its pair")
        a = ab["A"].astype(np.float32)
        b = ab["B"].astype(np.float32)
        if a.ndim != 2 or b.ndim != 2:
            raise ExportError(f"{module}: lora_A and lora_B must be matrices, got shapes {a.shape} and {b.shape}")
        rank = a.shape[0]
        if b.shape[1] != rank:
            raise ExportError(f"{module}: lora_A has rank {rank} but lora_B has {b.shape[1]}")
        if not (np.isfinite(a).all() and np.isfinite(b).all()):
            raise ExportError(f"{module}: the adapter holds NaN or infinite values (a diverged run?)")
        gguf_name = names.get_name(module)
        if gguf_name is None or gguf_name.startswith(("token_embd", "output")):
            raise ExportError(f"{module} has no llama.cpp LoRA counterpart (only linear layers of the blocks)")
        # Fold PEFT's scale into B so that llama.cpp's alpha / rank gives the same product.
        b = b * (_scale(config, module, rank) / (alpha / rank))
        if permute and arch in PERMUTED_QK:
            if gguf_name.endswith(".attn_q"):
                b = permute_qk(b, n_head)
            elif gguf_name.endswith(".attn_k"):
                b = permute_qk(b, n_head_kv)
        ranks.add(rank)
        writer_items.append((f"{gguf_name}.weight.lora_a", a.astype(np_dtype)))
        writer_items.append((f"{gguf_name}.weight.lora_b", np.ascontiguousarray(b).astype(np_dtype)))

    out = Path(out)
    try:
        with atomic_path(out) as tmp:
            writer = gguf.GGUFWriter(str(tmp), arch)
            writer.add_type(gguf.GGUFType.ADAPTER)
            writer.add_string(gguf.Keys.Adapter.TYPE, "lora")
            writer.add_float32(gguf.Keys.Adapter.LORA_ALPHA, alpha)
            writer.add_name(f"{adapter_dir.resolve().parent.name or 'broca'} LoRA")
            writer.add_string("broca.base.name", str(fields.get("general.name") or base.name))
            for name, array in writer_items:
                writer.add_tensor(name, array)
            writer.write_header_to_file()
            writer.write_kv_data_to_file()
            writer.write_tensors_to_file()
            writer.close()
            check_adapter_matches(tmp, base)
    except OSError as exc:
        raise ExportError(f"cannot write {out}: {exc.strerror or exc}") from None
    return ExportResult(
        path=out,
        tensors=len(writer_items),
        rank=max(ranks),
        alpha=alpha,
        architecture=arch,
        bytes=out.stat().st_size,
        seconds=time.perf_counter() - started,
    )
