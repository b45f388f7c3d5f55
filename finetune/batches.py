"""From conversations to what the training loop feeds the model: encoded examples, packed rows,
padded micro-batches in a seeded order, and the loss where it is needed (the output head runs only
on the positions that predict an assistant token; on a 49k-token vocabulary it is a large share of
the work). torch is imported inside the functions that need it.
"""

from __future__ import annotations

import random
import warnings
from collections.abc import Iterator, Sequence
from typing import Any

from .data import DataError, Encoded, FinetuneWarning, encode_conversation, pack_examples

__all__ = ["batch_loss", "collate", "encode_all", "evaluate_loss", "make_rows", "micro_batches"]


def encode_all(
    conversations: Sequence[list[dict[str, str]]], base: Any, max_len: int, what: str
) -> tuple[list[Encoded], int]:
    examples: list[Encoded] = []
    cut = 0
    for conversation in conversations:
        example, truncated = encode_conversation(
            conversation, base.template, base.tokenize, max_len, bos_id=base.bos_id
        )
        cut += truncated
        if example.n_target:
            examples.append(example)
    if cut:
        warnings.warn(
            f"{cut} of {len(conversations)} {what} conversations are longer than {max_len} tokens and were cut",
            FinetuneWarning,
            stacklevel=3,
        )
    return examples, cut


def make_rows(examples: Sequence[Encoded], max_len: int, pack: bool) -> list[list[Encoded]]:
    return pack_examples(examples, max_len) if pack else [[e] for e in examples]


def collate(rows: Sequence[Sequence[Encoded]], pad_id: int) -> dict[str, Any]:
    """Tensors for a micro-batch: ids, per-example positions (packing), and target positions.

    `positions` restart at 0 for each packed example; transformers turns such position ids into
    a block-diagonal causal mask, so packed conversations never see each other.
    """
    import torch

    width = max(sum(len(e.ids) for e in row) for row in rows)
    ids = torch.full((len(rows), width), pad_id, dtype=torch.long)
    pos = torch.zeros((len(rows), width), dtype=torch.long)
    target = torch.zeros((len(rows), width), dtype=torch.bool)
    n_tokens = 0
    for r, row in enumerate(rows):
        at = 0
        for example in row:
            n = len(example.ids)
            ids[r, at : at + n] = torch.tensor(example.ids)
            pos[r, at : at + n] = torch.arange(n)
            # Position t is trained when token t+1 of the same example is an assistant token.
            target[r, at : at + n - 1] = torch.tensor(example.labels[1:], dtype=torch.bool)
            at += n
            n_tokens += n
        if at < width:  # padding: its own "sequence" (positions restart), never a target
            pos[r, at:] = torch.arange(width - at)
    labels = torch.full_like(ids, -100)
    labels[:, :-1] = ids[:, 1:]
    return {"ids": ids, "pos": pos, "target": target, "labels": labels, "n_tokens": n_tokens}


def micro_batches(
    rows: Sequence[Sequence[Encoded]], batch_size: int, seed: int, rank: int, world: int
) -> Iterator[Any]:
    """Micro-batches of `batch_size` rows forever, epoch after epoch, in an order drawn from `seed`;
    this process's share only (every `world`-th from `rank`)."""
    epoch = 0
    while True:
        order = list(range(len(rows)))
        random.Random(seed * 1_000_003 + epoch).shuffle(order)
        batches = [order[i : i + batch_size] for i in range(0, len(order), batch_size)]
        for i, batch in enumerate(batches):
            if i % world == rank:
                yield [rows[j] for j in batch]
        epoch += 1


def batch_loss(model: Any, batch: dict[str, Any], device: Any) -> tuple[Any, int]:
    """(sum of token NLL over targets, number of targets).

    `logits_to_keep` makes the output head run only on the positions that predict an assistant
    token (the union over the rows of the batch), through the model's own forward, so the same
    call works wrapped in DistributedDataParallel.
    """
    import torch.nn.functional as F

    ids = batch["ids"].to(device)
    pos = batch["pos"].to(device)
    target = batch["target"].to(device)
    keep = target.any(dim=0).nonzero().squeeze(1)
    out = model(input_ids=ids, position_ids=pos, logits_to_keep=keep, use_cache=False)
    n = int(target.sum())
    if n == 0:
        return out.logits.sum() * 0.0, 0
    chosen = target[:, keep]
    gold = batch["labels"].to(device)[:, keep][chosen]
    return F.cross_entropy(out.logits[chosen].float(), gold, reduction="sum"), n


def evaluate_loss(model: Any, rows: Sequence[Sequence[Encoded]], pad_id: int, device: Any, batch_size: int) -> float:
    """Mean NLL per assistant token over `rows` (no dropout, no gradients)."""
    import torch

    was_training = model.training
    model.eval()
    total, count = 0.0, 0
    with torch.no_grad():
        for i in range(0, len(rows), batch_size):
            loss, n = batch_loss(model, collate(rows[i : i + batch_size], pad_id), device)
            total += float(loss)
            count += n
    model.train(was_training)
    if count == 0:
        raise DataError("the evaluation data holds no assistant tokens")
    return total / count
