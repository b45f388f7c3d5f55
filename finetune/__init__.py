"""Community fine-tuning: chat data, LoRA training on the GGUF base, export to a llama.cpp
adapter, evaluation in llama.cpp, and community packs (adapter + policy + guardrail heads).

Heavy imports (torch, transformers, peft, llama.cpp) happen inside the functions that need them.
"""

from __future__ import annotations

from .adapter import check_adapter_matches, read_gguf_fields, read_gguf_header
from .data import ChatTemplate, DataError, FinetuneWarning, load_conversations, split_conversations
from .evaluate import eval_perplexity
from .export import ExportResult, export_adapter
from .packs import Pack, PackError, build_pack, install_pack, installed_pack, list_packs
from .train import TrainConfig, TrainError, TrainInterrupted, TrainResult, train

__all__ = [
    "ChatTemplate",
    "DataError",
    "ExportResult",
    "FinetuneWarning",
    "Pack",
    "PackError",
    "TrainConfig",
    "TrainError",
    "TrainInterrupted",
    "TrainResult",
    "build_pack",
    "check_adapter_matches",
    "eval_perplexity",
    "export_adapter",
    "install_pack",
    "installed_pack",
    "list_packs",
    "load_conversations",
    "read_gguf_fields",
    "read_gguf_header",
    "split_conversations",
    "train",
]
