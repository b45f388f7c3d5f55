"""The public face of guardrails' data and training code, for the packages above it (the shield's
datasets, `broca eval`, `broca guardrails train-encoder`) and for benchmarks.

The modules behind these names are private to guardrails; import them from here.
"""

from __future__ import annotations

from ._data import EVAL_DATASETS, EvalSet, Example, default_data_dir, eval_set, insert_attack, training_sets
from ._encoder_train import TASKS, adapter_bytes, adapter_meta, encoder_rows, train_encoder, write_rows
from ._heads import ADAPTER_FILE, head_path

__all__ = [
    "ADAPTER_FILE",
    "EVAL_DATASETS",
    "TASKS",
    "EvalSet",
    "Example",
    "adapter_bytes",
    "adapter_meta",
    "default_data_dir",
    "encoder_rows",
    "eval_set",
    "head_path",
    "insert_attack",
    "train_encoder",
    "training_sets",
    "write_rows",
]
