"""Checks on a LoRA adapter GGUF before llama.cpp loads it.

llama.cpp may abort the whole process on an adapter made for another model, so the architecture
and every tensor's shape are compared with the base model first, and a mismatch is a clear error.
"""

from __future__ import annotations

from pathlib import Path

from assistant.errors import ModelError

__all__ = ["check_adapter_matches", "read_gguf_header"]


def _field_str(reader: object, key: str) -> str | None:
    field = reader.fields.get(key)  # type: ignore[attr-defined]
    if field is None:
        return None
    try:
        return bytes(field.parts[field.data[0]]).decode("utf-8")
    except (IndexError, UnicodeDecodeError):
        return None


def read_gguf_header(path: Path) -> tuple[dict[str, str | None], dict[str, tuple[int, ...]]]:
    """(a few string keys, tensor name -> shape in GGUF order) of a GGUF file."""
    from gguf import GGUFReader

    try:
        reader = GGUFReader(str(path), "r")
    except (ValueError, OSError, IndexError) as exc:
        raise ModelError(f"{path} is not a readable GGUF file: {exc}") from None
    keys = {k: _field_str(reader, k) for k in ("general.architecture", "general.type", "adapter.type")}
    shapes = {t.name: tuple(int(d) for d in t.shape) for t in reader.tensors}
    return keys, shapes


def check_adapter_matches(adapter: Path, base: Path) -> None:
    """Raise `ModelError` unless `adapter` is a LoRA adapter whose tensors fit `base`."""
    akeys, ashapes = read_gguf_header(adapter)
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
    for name, shape in ashapes.items():
        for suffix, dim in ((".lora_a", 0), (".lora_b", 1)):
            if not name.endswith(suffix):
                continue
            target = name[: -len(suffix)]
            if target not in bshapes:
                raise ModelError(f"adapter {adapter.name} targets {target}, which the model does not have")
            # GGUF shapes are (columns, rows): lora_a is (in, r), lora_b is (r, out); base is (in, out).
            base_shape = bshapes[target]
            if shape[dim] != base_shape[dim]:
                raise ModelError(
                    f"adapter {adapter.name}: {name} has shape {shape}, which does not fit {target} {base_shape}"
                )
