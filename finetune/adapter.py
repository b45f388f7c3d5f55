"""Checks on a LoRA adapter GGUF before llama.cpp loads it.

llama.cpp may abort the whole process on an adapter made for another model, so the architecture
and every tensor's shape are compared with the base model first, and a mismatch is a clear error.
A truncated or otherwise corrupt file, a lone lora_a without its lora_b, ranks that disagree, a
missing or non-positive alpha, and non-finite weights are refused too.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from memory.base.errors import ModelError

__all__ = ["check_adapter_matches", "read_gguf_fields", "read_gguf_header"]

# Large arrays (the vocabulary) are skipped: only scalar keys are read.
_SCALAR_TYPES = {"UINT8", "INT8", "UINT16", "INT16", "UINT32", "INT32", "UINT64", "INT64", "FLOAT32", "FLOAT64", "BOOL"}


def _reader(path: Path) -> Any:
    from gguf import GGUFReader

    try:
        return GGUFReader(str(path), "r")
    except (ValueError, OSError, IndexError, KeyError, UnicodeDecodeError) as exc:
        raise ModelError(f"{path} is not a readable GGUF file: {exc}") from None


def _field_str(reader: object, key: str) -> str | None:
    field = reader.fields.get(key)  # type: ignore[attr-defined]
    if field is None:
        return None
    try:
        return bytes(field.parts[field.data[0]]).decode("utf-8")
    except (IndexError, UnicodeDecodeError):
        return None


def _fields(reader: Any) -> dict[str, str | int | float | bool]:
    out: dict[str, str | int | float | bool] = {}
    for key, field in reader.fields.items():
        if len(field.types) != 1:
            continue
        kind = field.types[0].name
        if kind == "STRING":
            value = _field_str(reader, key)
            if value is not None:
                out[key] = value
        elif kind in _SCALAR_TYPES:
            scalar = field.parts[field.data[0]][0]
            out[key] = bool(scalar) if kind == "BOOL" else scalar.item()
    return out


def read_gguf_fields(path: Path) -> dict[str, str | int | float | bool]:
    """The scalar and string metadata of a GGUF file (arrays such as the vocabulary left out)."""
    return _fields(_reader(path))


def read_gguf_header(path: Path) -> tuple[dict[str, str | None], dict[str, tuple[int, ...]]]:
    """(a few string keys, tensor name -> shape in GGUF order) of a GGUF file."""
    try:
        stat = Path(path).stat()
    except OSError as exc:
        raise ModelError(f"cannot read {path}: {exc.strerror}") from None
    keys, shapes = _header(str(path), stat.st_size, stat.st_mtime_ns)
    return dict(keys), dict(shapes)


@functools.lru_cache(maxsize=8)
def _header(path: str, size: int, mtime_ns: int) -> tuple[dict[str, str | None], dict[str, tuple[int, ...]]]:
    # Parsing a model's vocabulary in Python takes seconds; the base is checked for every adapter.
    reader = _reader(Path(path))
    keys = {k: _field_str(reader, k) for k in ("general.architecture", "general.type", "adapter.type")}
    shapes = {t.name: tuple(int(d) for d in t.shape) for t in reader.tensors}
    return keys, shapes


def check_adapter_matches(adapter: Path, base: Path) -> None:
    """Raise `ModelError` unless `adapter` is a sound LoRA adapter whose tensors fit `base`."""
    import numpy as np

    reader = _reader(adapter)
    akeys = {k: _field_str(reader, k) for k in ("general.architecture", "general.type", "adapter.type")}
    ashapes = {t.name: tuple(int(d) for d in t.shape) for t in reader.tensors}
    bkeys, bshapes = read_gguf_header(base)
    if akeys["general.type"] != "adapter" or akeys["adapter.type"] != "lora":
        raise ModelError(f"{adapter} is not a LoRA adapter GGUF (general.type={akeys['general.type']!r})")
    if akeys["general.architecture"] != bkeys["general.architecture"]:
        raise ModelError(
            f"adapter {adapter.name} is for architecture {akeys['general.architecture']!r}, "
            f"the model is {bkeys['general.architecture']!r}"
        )
    if not ashapes:
        raise ModelError(f"adapter {adapter} holds no tensors")
    alpha = _fields(reader).get("adapter.lora.alpha")
    if not isinstance(alpha, (int, float)) or isinstance(alpha, bool) or not alpha > 0:
        raise ModelError(f"adapter {adapter.name} has no positive adapter.lora.alpha ({alpha!r})")
    for name, shape in ashapes.items():
        if not name.endswith((".lora_a", ".lora_b")):
            raise ModelError(f"adapter {adapter.name} holds {name}, which is not a LoRA tensor")
        for suffix, dim in ((".lora_a", 0), (".lora_b", 1)):
            if not name.endswith(suffix):
                continue
            target = name[: -len(suffix)]
            if target not in bshapes:
                raise ModelError(f"adapter {adapter.name} targets {target}, which the model does not have")
            # GGUF shapes are (columns, rows): lora_a is (in, r), lora_b is (r, out); base is (in, out).
            base_shape = bshapes[target]
            if len(shape) != 2 or shape[dim] != base_shape[dim]:
                raise ModelError(
                    f"adapter {adapter.name}: {name} has shape {shape}, which does not fit {target} {base_shape}"
                )
    for name, shape in ashapes.items():
        if name.endswith(".lora_a"):
            pair = name[: -len(".lora_a")] + ".lora_b"
            if pair not in ashapes:
                raise ModelError(f"adapter {adapter.name}: {name} has no {pair}")
            if ashapes[pair][0] != shape[1]:
                raise ModelError(
                    f"adapter {adapter.name}: {name} has rank {shape[1]} but {pair} has rank {ashapes[pair][0]}"
                )
        elif name[: -len(".lora_b")] + ".lora_a" not in ashapes:
            raise ModelError(f"adapter {adapter.name}: {name} has no lora_a")
    for tensor in reader.tensors:
        try:
            data = np.asarray(tensor.data)
        except (ValueError, IndexError) as exc:  # data past the end of a truncated file
            raise ModelError(f"adapter {adapter.name}: tensor {tensor.name} is unreadable: {exc}") from None
        if data.size != int(np.prod(tensor.shape)):
            raise ModelError(f"adapter {adapter.name} is truncated (tensor {tensor.name} is incomplete)")
        if data.dtype.kind == "f" and not np.isfinite(data).all():
            raise ModelError(f"adapter {adapter.name}: tensor {tensor.name} holds NaN or infinite values")
