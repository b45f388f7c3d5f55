"""The base model for training: the embedded GGUF (dequantised to fp32 by transformers) or a
Hugging Face model directory, with its tokenizer and chat template."""

from __future__ import annotations

import contextlib
import os
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from memory.base.errors import ModelError

from .data import ChatTemplate

if TYPE_CHECKING:
    import torch

__all__ = ["Base", "load_base", "load_template", "resolve_base"]


@dataclass
class Base:
    model: Any  # a transformers causal LM (fp32)
    tokenizer: Any
    template: ChatTemplate
    path: Path  # the GGUF file or the model directory
    architecture: str  # "llama", ...

    def tokenize(self, text: str) -> list[int]:
        return list(self.tokenizer.encode(text, add_special_tokens=False))

    @property
    def bos_id(self) -> int | None:
        """The BOS id when the model expects one in front of every sequence."""
        if getattr(self.tokenizer, "add_bos_token", False) and self.tokenizer.bos_token_id is not None:
            return int(self.tokenizer.bos_token_id)
        return None


def resolve_base(base: Path | str | None) -> Path:
    """A GGUF file or a model directory; None: the embedded SmolLM2 GGUF."""
    from memory.base.gguf import check_gguf, embedded_model_path

    if base is None or str(base) == "":
        return embedded_model_path()
    path = Path(base).expanduser()
    if path.is_dir():
        if not (path / "config.json").exists():
            raise ModelError(f"{path} is not a Hugging Face model directory (no config.json)")
        return path
    return check_gguf(path, "base model")


def _quiet_transformers() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()


@contextlib.contextmanager
def _no_gguf_progress() -> Iterator[None]:
    """transformers draws a tqdm bar while dequantising a GGUF, whatever its verbosity."""
    from transformers import modeling_gguf_pytorch_utils as gguf_utils

    original = gguf_utils.tqdm
    gguf_utils.tqdm = lambda iterable, **_: iterable
    try:
        yield
    finally:
        gguf_utils.tqdm = original


def _from_pretrained(cls: Any, path: Path, **kwargs: Any) -> Any:
    if path.is_dir():
        return cls.from_pretrained(str(path), local_files_only=True, **kwargs)
    with _no_gguf_progress():
        return cls.from_pretrained(str(path.parent), gguf_file=path.name, local_files_only=True, **kwargs)


def load_template(tokenizer: Any) -> ChatTemplate:
    template = getattr(tokenizer, "chat_template", None)
    if not template:
        raise ModelError("the base model has no chat template; fine-tune a chat model")
    return ChatTemplate(template, bos_token=tokenizer.bos_token or "", eos_token=tokenizer.eos_token or "")


def load_tokenizer(path: Path) -> Any:
    _quiet_transformers()
    from transformers import AutoTokenizer

    try:
        return _from_pretrained(AutoTokenizer, path)
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot load the tokenizer of {path}: {exc}") from None


def load_base(base: Path | str | None = None, *, device: str | torch.device = "cpu") -> Base:
    """The base model in fp32 (dequantised when it is a GGUF), ready for LoRA."""
    path = resolve_base(base)
    _quiet_transformers()
    import torch
    from transformers import AutoModelForCausalLM

    tokenizer = load_tokenizer(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # dequantisation notices
        try:
            model = _from_pretrained(AutoModelForCausalLM, path, dtype=torch.float32)
        except (OSError, ValueError, KeyError, RuntimeError) as exc:
            raise ModelError(f"transformers cannot load {path}: {exc}") from None
    model.to(device)
    model.config.use_cache = False
    return Base(model, tokenizer, load_template(tokenizer), path, str(model.config.model_type))
