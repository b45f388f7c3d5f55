"""The records the memory store hands out, and its error type."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any, TypeVar

from memory.base.errors import MemoryStoreError

__all__ = ["Hit", "Kind", "Memory", "MemoryStoreError", "Trust"]


_E = TypeVar("_E", bound=StrEnum)


def _parse(cls: type[_E], value: str | _E, what: str) -> _E:
    """`value` as a member of `cls`, else a MemoryStoreError that lists the known values."""
    try:
        return cls(value)
    except ValueError:
        known = ", ".join(m.value for m in cls)
        raise MemoryStoreError(f"unknown {what} {value!r} (known: {known})") from None


class Kind(StrEnum):
    EPISODE = "episode"
    FACT = "fact"
    PREFERENCE = "preference"
    DOCUMENT = "document"
    NOTE = "note"

    @classmethod
    def parse(cls, value: str | Kind) -> Kind:
        return _parse(cls, value, "memory kind")


class Trust(StrEnum):
    """Who vouches for a memory. Ordered: untrusted < assistant < owner."""

    UNTRUSTED = "untrusted"
    ASSISTANT = "assistant"
    OWNER = "owner"

    @property
    def rank(self) -> int:
        return _TRUST_RANK[self]

    @classmethod
    def parse(cls, value: str | Trust) -> Trust:
        return _parse(cls, value, "trust level")

    @classmethod
    def at_least(cls, minimum: str | Trust | None) -> list[Trust]:
        """The levels that satisfy `minimum` (all of them when None)."""
        if minimum is None:
            return list(cls)
        floor = cls.parse(minimum).rank
        return [t for t in cls if t.rank >= floor]


_TRUST_RANK = {Trust.UNTRUSTED: 0, Trust.ASSISTANT: 1, Trust.OWNER: 2}


@dataclass
class Memory:
    id: int
    namespace: str
    kind: str
    text: str
    source: str
    trust: str
    importance: float
    created_at: float  # unix seconds
    last_accessed_at: float
    access_count: int
    expires_at: float | None
    metadata: dict[str, Any] = field(default_factory=dict)
    merged_into: int | None = None  # set when consolidation folded this memory into another one

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Hit:
    """One search result: the memory, its final score and why (every term of the score)."""

    memory: Memory
    score: float
    components: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.memory.id,
            "text": self.memory.text,
            "score": _round(self.score),
            **{key: _round(value) for key, value in self.components.items()},
            "memory": self.memory.to_dict(),
        }


def _round(value: Any) -> Any:
    if isinstance(value, float) and math.isfinite(value):
        return round(value, 6)
    return value
