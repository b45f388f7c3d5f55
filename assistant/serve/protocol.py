"""The OpenAI HTTP API's shapes: request checks, errors, and moderation categories.

Requests are checked by hand rather than by a schema library: the API is small, and each mistake
gets a message that names the field, in OpenAI's error shape, which every OpenAI client shows.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from memory.base.errors import ApiError

if TYPE_CHECKING:
    from guardrails import Verdict

__all__ = [
    "CHAT_MODELS",
    "MODERATION_CATEGORIES",
    "ApiError",
    "chunked",
    "conversation_name",
    "finish_reason",
    "moderation_result",
    "read_chat",
    "read_texts",
    "usage",
]

# The guarded assistant: System 2 (candidates scored, the least energy wins) and System 1.
CHAT_MODELS = {"broca": False, "broca-fast": True}
ROLES = ("system", "developer", "user", "assistant", "tool")


def _bad(message: str, param: str | None = None, code: str | None = None) -> ApiError:
    return ApiError(400, message, param=param, code=code)


def _text_of(content: Any, param: str) -> str:
    """A message's text: a string, or a list of text parts (images and audio are refused)."""
    if isinstance(content, str):
        return content
    if content is None:
        return ""
    if isinstance(content, list):
        pieces = []
        for j, part in enumerate(content):
            if not isinstance(part, dict) or part.get("type") not in ("text", "input_text"):
                raise _bad(f"{param}[{j}]: only text parts are supported", param)
            text = part.get("text")
            if not isinstance(text, str):
                raise _bad(f"{param}[{j}].text must be a string", param)
            pieces.append(text)
        return "\n".join(pieces)
    raise _bad(f"{param} must be a string or a list of text parts", param)


def _number(body: Mapping[str, Any], name: str, lo: float, hi: float) -> float | None:
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise _bad(f"{name} must be a number", name)
    if not lo <= value <= hi:
        raise _bad(f"{name} must be between {lo:g} and {hi:g}", name)
    return float(value)


def _integer(body: Mapping[str, Any], name: str, lo: int, hi: int) -> int | None:
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise _bad(f"{name} must be an integer", name)
    if not lo <= value <= hi:
        raise _bad(f"{name} must be between {lo} and {hi}", name)
    return value


def read_chat(body: Mapping[str, Any], n_ctx: int) -> dict[str, Any]:
    """The fields of a chat completion request that broca uses, checked.

    The request's last user message is the turn; the user and assistant messages before it are the
    history; system and developer messages are the client's instructions; tool messages after the
    last user message are tool output, which broca treats as untrusted documents.
    """
    model = body.get("model")
    if not isinstance(model, str) or not model:
        raise _bad("model is required", "model")
    if model not in CHAT_MODELS:
        known = ", ".join(CHAT_MODELS)
        raise ApiError(404, f"the model {model!r} does not exist (models: {known})", param="model",
                       code="model_not_found")  # fmt: skip
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        raise _bad("messages must be a non-empty list", "messages")
    read: list[tuple[str, str, str]] = []  # role, text, name
    for i, message in enumerate(messages):
        if not isinstance(message, dict):
            raise _bad(f"messages[{i}] must be an object", "messages")
        role = message.get("role")
        if role not in ROLES:
            raise _bad(f"messages[{i}].role must be one of {', '.join(ROLES)}", "messages")
        name = message.get("tool_call_id") or message.get("name") or role
        read.append((role, _text_of(message.get("content"), f"messages[{i}].content"), str(name)))
    last_user = max((i for i, (role, _, _) in enumerate(read) if role == "user"), default=-1)
    if last_user < 0:
        raise _bad("messages has no user message", "messages")
    text = read[last_user][1]
    if not text.strip():
        raise _bad("the last user message is empty", "messages")
    n = _integer(body, "n", 1, 1)
    del n  # one choice per request: the planner already chooses among candidates
    max_tokens = _integer(body, "max_completion_tokens", 1, n_ctx - 1)
    if max_tokens is None:
        max_tokens = _integer(body, "max_tokens", 1, n_ctx - 1)
    stream = body.get("stream", False)
    if not isinstance(stream, bool):
        raise _bad("stream must be true or false", "stream")
    options = body.get("stream_options") or {}
    if not isinstance(options, dict):
        raise _bad("stream_options must be an object", "stream_options")
    metadata = body.get("metadata") or {}
    if not isinstance(metadata, dict):
        raise _bad("metadata must be an object", "metadata")
    return {
        "model": model,
        "fast": CHAT_MODELS[model],
        "text": text,
        "history": [{"role": r, "content": t} for r, t, _ in read[:last_user] if r in ("user", "assistant")],
        "system": "\n\n".join(t for r, t, _ in read if r in ("system", "developer") and t.strip()) or None,
        "tool_output": [(name, t) for r, t, name in read[last_user + 1 :] if r == "tool" and t.strip()],
        "temperature": _number(body, "temperature", 0.0, 2.0),
        "max_tokens": max_tokens,
        "seed": _integer(body, "seed", -(2**63), 2**63 - 1),
        "stream": stream,
        "include_usage": bool(options.get("include_usage", False)),
        "conversation": conversation_name(metadata.get("conversation"), "metadata.conversation"),
    }


CONVERSATION_NAME_CHARS = 256
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def conversation_name(value: Any, param: str) -> str | None:
    """A conversation's name as a client gives it (`metadata.conversation` or the
    X-Broca-Conversation header), checked; None where none is given."""
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise _bad(f"{param} must be a non-empty string", param)
    if len(value) > CONVERSATION_NAME_CHARS or _CONTROL.search(value):
        raise _bad(f"{param} must be at most {CONVERSATION_NAME_CHARS} characters, without control characters",
                   param)  # fmt: skip
    return value


def read_texts(body: Mapping[str, Any], limit: int, *, allow_empty: bool = True) -> list[str]:
    """`input` of /v1/moderations and /v1/embeddings: a string, a list of strings, or text parts."""
    value = body.get("input")
    if isinstance(value, str):
        texts = [value]
    elif isinstance(value, list) and value:
        texts = []
        for i, item in enumerate(value):
            if isinstance(item, str):
                texts.append(item)
            elif isinstance(item, dict) and item.get("type") == "text" and isinstance(item.get("text"), str):
                texts.append(item["text"])
            else:
                raise _bad(f"input[{i}] must be a string (token arrays and images are not supported)", "input")
    else:
        raise _bad("input must be a string or a non-empty list of strings", "input")
    if not allow_empty and any(not t.strip() for t in texts):
        raise _bad("input holds an empty text, which has no embedding", "input")
    if len(texts) > limit:
        raise _bad(f"input has {len(texts)} items; at most {limit} per request", "input")
    return texts


# OpenAI's moderation categories, each read from the guardrail objectives that judge the same harm
# (MLCommons hazard codes S1-S14, and broca's own toxicity and self_harm heads). A category with two
# sources joined by "&" needs both (a threat is harassment *and* violence); otherwise the strongest
# source counts. broca's full verdict is returned beside them, in the `broca` field.
MODERATION_CATEGORIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "harassment": ("max", ("toxicity",)),
    "harassment/threatening": ("all", ("toxicity", "S1")),
    "hate": ("max", ("S10",)),
    "hate/threatening": ("all", ("S10", "S1")),
    "illicit": ("max", ("S2", "S7", "S8", "S14")),
    "illicit/violent": ("max", ("S1", "S9")),
    "self-harm": ("max", ("S11", "self_harm")),
    "self-harm/intent": ("max", ("self_harm",)),
    "self-harm/instructions": ("max", ("S11",)),
    "sexual": ("max", ("S12", "S3")),
    "sexual/minors": ("max", ("S4",)),
    "violence": ("max", ("S1", "S9")),
    "violence/graphic": ("max", ("S1",)),
}


def moderation_result(verdict: Verdict) -> dict[str, Any]:
    """One entry of a moderation response's `results`."""
    terms = {t.name: t for t in verdict.terms}
    categories: dict[str, bool] = {}
    scores: dict[str, float] = {}
    for category, (rule, sources) in MODERATION_CATEGORIES.items():
        present = [terms[s] for s in sources if s in terms]
        if not present:
            categories[category], scores[category] = False, 0.0
            continue
        if rule == "all":
            categories[category] = len(present) == len(sources) and all(t.flagged for t in present)
            scores[category] = min(t.p for t in present) if len(present) == len(sources) else 0.0
        else:
            categories[category] = any(t.flagged for t in present)
            scores[category] = max(t.p for t in present)
    return {
        "flagged": any(categories.values()),
        "categories": categories,
        "category_scores": {k: round(v, 6) for k, v in scores.items()},
        "category_applied_input_types": {k: ["text"] for k in categories},
        "broca": verdict.to_dict(),
    }


def usage(prompt_tokens: int, completion_tokens: int) -> dict[str, int]:
    return {
        "prompt_tokens": prompt_tokens,
        "completion_tokens": completion_tokens,
        "total_tokens": prompt_tokens + completion_tokens,
    }


def finish_reason(strategy: str, fallback: bool, tokens: int, max_tokens: int) -> str:
    if fallback or strategy in ("refuse_with_alternative",):
        return "content_filter"
    return "length" if tokens >= max_tokens else "stop"


def chunked(text: str) -> list[str]:
    """The reply cut into word pieces for a stream (each piece keeps its following whitespace)."""
    return _PIECES.findall(text) or [""]


_PIECES = re.compile(r"\S+\s*|\s+")
