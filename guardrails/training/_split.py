"""The two rules every reader of the shared data follows: SPLITS.md's hash split into training and
evaluation texts, and BIPIA's construction of a context with an attack in it. Their own module, below
the readers (`_data`, `_agentdojo`), so that each reader can use them without importing another."""

from __future__ import annotations

import hashlib

__all__ = ["insert_attack", "is_eval", "read_by_documents_head"]


def is_eval(text: str) -> bool:
    """SPLITS.md's hash split: 30 % of texts (by SHA-256) are evaluation, the rest training."""
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest(), 16) % 10 in (0, 1, 2)


def read_by_documents_head(text: str) -> bool:
    """Whether a training message (ham) is one the documents' head learns from: half of them, by a
    second hash. The shield fits the cut from which that head quarantines mail on the other half,
    ham the head never saw (`shield.train.fit_external`)."""
    return int(hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest(), 16) // 10 % 2 == 0


def insert_attack(context: str, attack: str, position: str, budget: int | None = None) -> str:
    """BIPIA's construction (attack at the start, middle or end of the context), for the heads' data
    and the shield's BIPIA evaluation alike; with `budget`, only the window of the context around the
    attack that a chunked scorer would see."""
    if budget is not None and len(context) + len(attack) + 2 > budget:
        keep = max(0, budget - len(attack) - 2)
        if position == "start":
            context = context[:keep]
        elif position == "end":
            context = context[-keep:] if keep else ""
        else:
            mid = len(context) // 2
            context = context[max(0, mid - keep // 2) : mid + keep // 2]
    if position == "start":
        return f"{attack}\n{context}"
    if position == "end":
        return f"{context}\n{attack}"
    lines = context.split("\n")
    if len(lines) > 1:
        k = len(lines) // 2
        return "\n".join([*lines[:k], attack, *lines[k:]])
    mid = len(context) // 2
    cut = context.rfind(" ", 0, mid)
    cut = mid if cut < 0 else cut
    return f"{context[:cut]} {attack} {context[cut:]}"
