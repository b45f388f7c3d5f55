"""Chat data for fine-tuning: OpenAI chat JSONL (the main format), ShareGPT and Alpaca.

Every record becomes a list of `{"role", "content"}` messages. A bad record is reported with its
file and line; `skip_invalid` drops it with a warning instead of failing. Tokenisation renders the
base model's own chat template and marks which tokens carry loss: only the assistant turns (their
text and the end-of-turn marker), never the system or user text.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import random
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from memory.base.errors import DataError
from memory.base.inputs import MiB, read_limited
from memory.base.jsonl import jsonl_lines, strip_bom

__all__ = [
    "ChatTemplate",
    "DataError",
    "Encoded",
    "FinetuneWarning",
    "encode_conversation",
    "load_conversations",
    "pack_examples",
    "split_conversations",
]

ROLES = ("system", "user", "assistant")
# A chat file is read whole (it may be one JSON array): 512 MiB is hundreds of times the example
# pack's, and /dev/zero or an endless pipe stops there instead of filling memory.
MAX_DATA_BYTES = 512 * MiB
OPENAI_ROLES = {r: r for r in ROLES}
SHAREGPT_ROLES = {"human": "user", "user": "user", "gpt": "assistant", "assistant": "assistant", "system": "system"}

Conversation = list[dict[str, str]]


class FinetuneWarning(UserWarning):
    """Something in the data was changed or dropped (a skipped line, a truncated conversation)."""


def _turns(
    record: dict[str, Any], key: str, noun: str, role_key: str, bad_role: str, text_key: str, roles: dict[str, str]
) -> Conversation:
    """A list-of-turns record (OpenAI `messages`, ShareGPT `conversations`) as checked messages; the
    error messages name each format's own fields."""
    items = record[key]
    if not isinstance(items, list):
        raise ValueError(f"'{key}' must be a list")
    out: Conversation = []
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise ValueError(f"{noun} {i} is not an object")
        role, text = item.get(role_key), item.get(text_key)
        if not isinstance(role, str) or role not in roles:  # str first: a list is not a dict key
            raise ValueError(f"{noun} {i} {bad_role} {role!r}; expected one of {', '.join(roles)}")
        if not isinstance(text, str):
            raise ValueError(f"{noun} {i} has no text '{text_key}'")
        out.append({"role": roles[role], "content": text})
    return out


def _messages_openai(record: dict[str, Any]) -> Conversation:
    return _turns(record, "messages", "message", "role", "has role", "content", OPENAI_ROLES)


def _messages_sharegpt(record: dict[str, Any]) -> Conversation:
    return _turns(record, "conversations", "turn", "from", "is from", "value", SHAREGPT_ROLES)


def _messages_alpaca(record: dict[str, Any]) -> Conversation:
    instruction, output = record["instruction"], record.get("output")
    extra = record.get("input", "")
    if not isinstance(instruction, str) or not isinstance(output, str) or not isinstance(extra, str):
        raise ValueError("'instruction', 'input' and 'output' must be text")
    prompt = f"{instruction}\n\n{extra}" if extra.strip() else instruction
    out: Conversation = []
    if isinstance(record.get("system"), str) and record["system"].strip():
        out.append({"role": "system", "content": record["system"]})
    out += [{"role": "user", "content": prompt}, {"role": "assistant", "content": output}]
    return out


def parse_record(record: Any) -> Conversation:
    """One JSON record in any accepted format, as checked messages. Raises ValueError with the reason."""
    if not isinstance(record, dict):
        raise ValueError("expected a JSON object")
    if "messages" in record:
        messages = _messages_openai(record)
    elif "conversations" in record:
        messages = _messages_sharegpt(record)
    elif "instruction" in record:
        messages = _messages_alpaca(record)
    else:
        raise ValueError(
            "unknown format: expected 'messages' (OpenAI), 'conversations' (ShareGPT) or 'instruction' (Alpaca)"
        )
    if not any(m["role"] == "assistant" and m["content"].strip() for m in messages):
        raise ValueError("no assistant message with text: nothing to learn from")
    body = [m for m in messages if m["role"] != "system"]
    if any(m["role"] == "system" for m in messages[1:]):
        raise ValueError("a system message may only come first")
    for previous, current in itertools.pairwise(body):
        if previous["role"] == current["role"]:
            raise ValueError(f"two {current['role']} messages in a row; roles must alternate")
    if body and body[0]["role"] != "user":
        raise ValueError("the conversation must start with a user message")
    return messages


def load_conversations(path: Path, *, skip_invalid: bool = False) -> list[Conversation]:
    """All conversations of a JSONL file (a JSON array file is accepted too)."""
    raw = read_limited(path, MAX_DATA_BYTES, "a chat data file")
    try:
        text = strip_bom(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        lineno = raw[: exc.start].count(b"\n") + 1
        raise DataError(f"{path}:{lineno}: not UTF-8 text") from None

    items: list[tuple[int, Any]] = []
    if text.lstrip().startswith("["):
        try:
            items = [(i + 1, r) for i, r in enumerate(json.loads(text))]
        except json.JSONDecodeError as exc:
            raise DataError(f"{path}:{exc.lineno}: invalid JSON: {exc.msg}") from None
        except RecursionError:  # `[[[[...` thousands deep: json's recursion limit, not a traceback
            raise DataError(f"{path}: invalid JSON: nested too deeply") from None
        where = "record"
    else:
        where = "line"
        for number, line in jsonl_lines(text.splitlines()):
            try:
                items.append((number, json.loads(line)))
            except json.JSONDecodeError as exc:
                items.append((number, ValueError(f"invalid JSON: {exc.msg} (column {exc.colno})")))
            except RecursionError:
                items.append((number, ValueError("invalid JSON: nested too deeply")))

    conversations: list[Conversation] = []
    skipped = 0
    for number, item in items:
        try:
            if isinstance(item, ValueError):
                raise item
            conversations.append(parse_record(item))
        except (ValueError, KeyError) as exc:
            reason = f"missing key {exc}" if isinstance(exc, KeyError) else str(exc)
            location = f"{path}:{number}" if where == "line" else f"{path}: record {number}"
            if not skip_invalid:
                raise DataError(f"{location}: {reason} (use --skip-invalid to drop bad lines)") from None
            skipped += 1
            warnings.warn(f"{location}: skipped: {reason}", FinetuneWarning, stacklevel=2)
    if not conversations:
        detail = f" ({skipped} invalid {where}s skipped)" if skipped else ""
        raise DataError(f"{path}: no usable conversations{detail}")
    return conversations


def conversation_key(conversation: Conversation) -> str:
    """The text a conversation is split on: its first user message."""
    return next((m["content"] for m in conversation if m["role"] == "user"), conversation[0]["content"])


def split_conversations(
    conversations: Sequence[Conversation], eval_fraction: float, seed: int
) -> tuple[list[Conversation], list[Conversation]]:
    """(train, eval): a seeded split that keeps identical first user turns on the same side."""
    if not 0 <= eval_fraction < 1:
        raise DataError(f"the evaluation fraction must be in [0, 1), got {eval_fraction}")
    if eval_fraction == 0 or len(conversations) < 2:
        return list(conversations), []
    keys = sorted({conversation_key(c) for c in conversations})
    random.Random(seed).shuffle(keys)
    n_eval = max(1, round(len(keys) * eval_fraction))
    held = set(keys[:n_eval])
    train = [c for c in conversations if conversation_key(c) not in held]
    evaluation = [c for c in conversations if conversation_key(c) in held]
    if not train:
        raise DataError("too little data: nothing is left to train on after the evaluation split")
    return train, evaluation


def hash_split(conversations: Sequence[Conversation]) -> tuple[list[Conversation], list[Conversation]]:
    """The project's SPLITS.md hash split on the first user turn: (train 70 %, eval 30 %)."""
    train: list[Conversation] = []
    evaluation: list[Conversation] = []
    for c in conversations:
        bucket = int(hashlib.sha256(conversation_key(c).encode("utf-8")).hexdigest(), 16) % 10
        (evaluation if bucket in (0, 1, 2) else train).append(c)
    return train, evaluation


class ChatTemplate:
    """A model's Jinja chat template, rendered the same way for training (torch) and evaluation
    (llama.cpp), so that both see the very same text and tokens."""

    def __init__(self, template: str, bos_token: str = "", eos_token: str = "") -> None:
        from jinja2.sandbox import ImmutableSandboxedEnvironment

        def raise_exception(message: str) -> None:
            raise ValueError(message)

        env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True)
        env.globals["raise_exception"] = raise_exception
        self._template = env.from_string(template)
        self.source = template
        self.bos_token = bos_token
        self.eos_token = eos_token

    def render(self, messages: Sequence[dict[str, str]], add_generation_prompt: bool = False) -> str:
        return self._template.render(
            messages=list(messages),
            add_generation_prompt=add_generation_prompt,
            bos_token=self.bos_token,
            eos_token=self.eos_token,
        )

    def segments(self, messages: Sequence[dict[str, str]]) -> list[tuple[str, bool]]:
        """The rendered conversation cut into (text, trains) pieces: assistant turns train.

        Found by rendering growing prefixes; a template whose prefixes are not prefixes of the
        whole (one that rewrites earlier turns) cannot be masked this way and is refused.
        """
        full = self.render(messages)
        pieces: list[tuple[str, bool]] = []
        done = 0
        for i, message in enumerate(messages):
            if message["role"] != "assistant":
                continue
            start = len(self.render(messages[:i], add_generation_prompt=True))
            end_text = self.render(messages[: i + 1])
            if not full.startswith(end_text) or start > len(end_text) or start < done:
                raise DataError("the chat template re-renders earlier turns; cannot mask the assistant turns")
            pieces.append((full[done:start], False))
            pieces.append((full[start : len(end_text)], True))
            done = len(end_text)
        pieces.append((full[done:], False))
        return [(text, trains) for text, trains in pieces if text]


@dataclass
class Encoded:
    """One conversation as token ids, with a 1 where the token is predicted with loss."""

    ids: list[int]
    labels: list[int]  # 1: the model learns to predict this token; 0: context only

    @property
    def n_target(self) -> int:
        return sum(self.labels)


def encode_conversation(
    messages: Sequence[dict[str, str]],
    template: ChatTemplate,
    tokenize: Callable[[str], list[int]],
    max_len: int,
    *,
    bos_id: int | None = None,
) -> tuple[Encoded, bool]:
    """Token ids and loss mask of one conversation, cut to `max_len` tokens; True when it was cut.

    Each piece is tokenised on its own, so the mask is exact and any tokenizer that agrees on the
    pieces (the transformers one and llama.cpp's) yields the same ids.
    """
    ids: list[int] = [] if bos_id is None else [bos_id]
    labels: list[int] = [0] * len(ids)
    for text, trains in template.segments(messages):
        piece = tokenize(text)
        ids += piece
        labels += [1 if trains else 0] * len(piece)
    truncated = len(ids) > max_len
    return Encoded(ids[:max_len], labels[:max_len]), truncated


def pack_examples(examples: Sequence[Encoded], max_len: int) -> list[list[Encoded]]:
    """Group examples into rows of at most `max_len` tokens (first-fit decreasing), so a batch
    carries no padding. Each example keeps its own positions and attends only to itself."""
    rows: list[list[Encoded]] = []
    room: list[int] = []
    for example in sorted(examples, key=lambda e: -len(e.ids)):
        for r, free in enumerate(room):
            if len(example.ids) <= free:
                rows[r].append(example)
                room[r] -= len(example.ids)
                break
        else:
            rows.append([example])
            room.append(max_len - len(example.ids))
    return rows
