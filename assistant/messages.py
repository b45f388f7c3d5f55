"""What a language model takes and gives: messages, sampling settings, a completion.

Apart from `llm` so that both language layers (`llm`, in-process llama.cpp, and `remote`, an
OpenAI-compatible server) use them without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Literal, TypedDict

if TYPE_CHECKING:
    from .config import LLMConfig

__all__ = ["Completion", "Message", "Sampling"]


class Message(TypedDict):
    role: Literal["system", "user", "assistant"]
    content: str


@dataclass(frozen=True)
class Sampling:
    """How to draw tokens. `seed=None` draws a fresh random seed for each call."""

    temperature: float = 0.2
    top_p: float = 0.9
    top_k: int = 40
    min_p: float = 0.05
    repeat_penalty: float = 1.1
    max_tokens: int = 256
    seed: int | None = None
    stop: tuple[str, ...] = ()

    @classmethod
    def from_config(cls, config: LLMConfig) -> Sampling:
        return cls(
            temperature=config.temperature,
            top_p=config.top_p,
            top_k=config.top_k,
            min_p=config.min_p,
            repeat_penalty=config.repeat_penalty,
            max_tokens=config.max_tokens,
            seed=None if config.seed < 0 else config.seed,
        )

    def with_(self, **changes: object) -> Sampling:
        return replace(self, **changes)  # type: ignore[arg-type]


@dataclass
class Completion:
    text: str
    prompt_tokens: int
    tokens: int
    finish_reason: str  # "stop" (end of turn or a stop string) or "length"
    seed: int
    dropped_messages: int = 0  # history dropped to fit the context window
    token_ids: list[int] = field(default_factory=list, repr=False)
