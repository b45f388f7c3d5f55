"""Held-out perplexity in llama.cpp (the runtime users run), and the torch side for verification.

Perplexity is over assistant tokens only, exactly the tokens training put loss on: the same chat
template text, tokenised piece by piece, with the same mask. Comparisons between runtimes use
*effects* (adapter minus base in each runtime), because the quantised GGUF base already differs
from the dequantised torch base by more than a small adapter changes either.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .data import ChatTemplate, DataError, Encoded, encode_conversation, load_conversations

__all__ = ["eval_perplexity", "llama_examples", "llama_logits", "llama_nll", "torch_logits", "torch_nll"]


def _template_of(model: Any) -> ChatTemplate:
    """The GGUF's own chat template, rendered by our code (the training renderer)."""
    llama = model._llama
    template = llama.metadata.get("tokenizer.chat_template")
    if not template:
        raise DataError(f"{model.model_path} has no chat template")
    return ChatTemplate(
        template, bos_token=model._token_text(llama.token_bos()), eos_token=model._token_text(llama.token_eos())
    )


def llama_examples(model: Any, conversations: Sequence[list[dict[str, str]]], max_len: int) -> list[Encoded]:
    """Conversations as ids and masks with llama.cpp's tokenizer (cut to `max_len`)."""
    template = _template_of(model)
    bos = model._llama.token_bos() if model._llama._model.add_bos_token() else None
    out = []
    for conversation in conversations:
        example, _ = encode_conversation(conversation, template, model.tokenize, max_len, bos_id=bos)
        if example.n_target:
            out.append(example)
    return out


def _nll_rows(logits: np.ndarray, example: Encoded) -> tuple[float, int]:
    """Sum of NLL of the target tokens; row i of `logits` predicts token i + 1."""
    targets = np.flatnonzero(np.asarray(example.labels[1:], dtype=bool))
    if targets.size == 0:
        return 0.0, 0
    rows = logits[targets].astype(np.float64)
    peak = rows.max(axis=1, keepdims=True)
    log_norm = peak[:, 0] + np.log(np.exp(rows - peak).sum(axis=1))
    gold = np.asarray(example.ids)[targets + 1]
    return float((log_norm - rows[np.arange(targets.size), gold]).sum()), int(targets.size)


def llama_logits(model: Any, ids: Sequence[int]) -> np.ndarray:
    """(len(ids) - 1, vocab) logits from llama.cpp; row i predicts token i + 1."""
    with model._lock:
        return model._logits_for(list(ids), first=0)


def _mean_nll(logits: Callable[[Sequence[int]], np.ndarray], examples: Sequence[Encoded]) -> tuple[float, int]:
    """(mean NLL per target token, number of target tokens), whichever runtime gives the logits."""
    total, count = 0.0, 0
    for example in examples:
        s, n = _nll_rows(logits(example.ids), example)
        total += s
        count += n
    if count == 0:
        raise DataError("the evaluation data holds no assistant tokens")
    return total / count, count


def llama_nll(model: Any, examples: Sequence[Encoded]) -> tuple[float, int]:
    """(mean NLL per target token, number of target tokens) under a `LanguageModel`."""
    return _mean_nll(lambda ids: llama_logits(model, ids), examples)


def torch_logits(model: Any, ids: Sequence[int]) -> np.ndarray:
    import torch

    with torch.no_grad():
        out = model(input_ids=torch.tensor([list(ids)]), use_cache=False)
    return out.logits[0, :-1].float().numpy()


def torch_nll(model: Any, examples: Sequence[Encoded]) -> tuple[float, int]:
    return _mean_nll(lambda ids: torch_logits(model, ids), examples)


def eval_perplexity(
    adapter: Path,
    data: Path,
    *,
    model_path: Path | None = None,
    limit: int = 0,
    n_ctx: int = 2048,
    skip_invalid: bool = False,
    open_model: Callable[..., Any],
) -> dict[str, Any]:
    """Held-out perplexity of `data` in llama.cpp without and with `adapter`.

    `open_model(model_path, adapter=..., n_ctx=...)` opens the language model (the CLI passes
    `assistant.llm.LanguageModel`): the language layer sits above finetune, which never imports it.
    """
    conversations = load_conversations(data, skip_invalid=skip_invalid)
    if limit:
        conversations = conversations[:limit]
    result: dict[str, Any] = {"data": str(data), "adapter": str(adapter), "conversations": len(conversations)}
    for key, lora in (("base", None), ("adapter", adapter)):
        model = open_model(model_path, adapter=lora, n_ctx=n_ctx)
        try:
            examples = llama_examples(model, conversations, n_ctx)
            nll, count = llama_nll(model, examples)
        finally:
            model.close()
        result[f"nll_{key}"] = round(nll, 5)
        result[f"ppl_{key}"] = round(math.exp(nll), 4)
        result["tokens"] = count
    result["ppl_change"] = round(result["ppl_adapter"] / result["ppl_base"] - 1, 4)
    return result
