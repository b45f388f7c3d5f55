"""Guardrails' training part: the data sets the heads learn from, the hand-written training text, the
embedding cache, head and encoder-adapter fitting, the energy weights' fit and the evaluation runs.

The runtime part (the rest of `guardrails`: the energy, the objectives, the heads' reader, policy
packs) never imports this package (tests/test_imports.py); this package imports the runtime part,
to score texts as the objectives do when it fits thresholds and weights. The command line
(`guardrails/cli.py`) sits above both: its eval, train and weights commands import this package
inside the command, so `broca guardrails check` loads none of it.

This module is the public face of the training part, for the packages above it (the shield's
datasets, `broca eval`, `broca guardrails train-encoder`) and for benchmarks: the data sets, the
embedding cache, head fitting, and the objectives' internals that thresholds are fitted on
(`head_probs`, `scored_windows`, `head_threshold`...). The modules behind these names are private to
guardrails; import them from here.
"""

from __future__ import annotations

from .._builtins import (
    REPLY_THRESHOLD,
    WINDOW_THRESHOLD,
    hazard_routes,
    head_probs,
    reply_body,
    scored_windows,
)
from .._builtins import _threshold as head_threshold
from .._heads import ADAPTER_FILE, default_adapter, head_path
from .._policy import apply_packs
from .._text import WINDOWS_ABOVE, chunk
from ._augment import harmful_requests, lookalike_requests
from ._data import (
    EVAL_DATASETS,
    PROJECT_DATA,
    EvalSet,
    Example,
    advbench,
    default_data_dir,
    dolly,
    eval_set,
    insert_attack,
    is_eval,
    jade_db,
    kdconv,
    read_by_documents_head,
    self_instruct_seed,
    sms_ham,
    training_sets,
)
from ._embcache import embed_texts
from ._encoder_train import TASKS, adapter_bytes, adapter_meta, encoder_rows, train_encoder, write_rows
from ._train import PLAIN_HEADS, fit_head
from ._train import _dedupe as dedupe

__all__ = [
    "ADAPTER_FILE",
    "EVAL_DATASETS",
    "PLAIN_HEADS",
    "PROJECT_DATA",
    "REPLY_THRESHOLD",
    "TASKS",
    "WINDOWS_ABOVE",
    "WINDOW_THRESHOLD",
    "EvalSet",
    "Example",
    "adapter_bytes",
    "adapter_meta",
    "advbench",
    "apply_packs",
    "chunk",
    "dedupe",
    "default_adapter",
    "default_data_dir",
    "dolly",
    "embed_texts",
    "encoder_rows",
    "eval_set",
    "fit_head",
    "harmful_requests",
    "hazard_routes",
    "head_path",
    "head_probs",
    "head_threshold",
    "insert_attack",
    "is_eval",
    "jade_db",
    "kdconv",
    "lookalike_requests",
    "read_by_documents_head",
    "reply_body",
    "scored_windows",
    "self_instruct_seed",
    "sms_ham",
    "train_encoder",
    "training_sets",
    "write_rows",
]
