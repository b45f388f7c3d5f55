"""A memory's fields, checked the same way by both stores before anything is written, and a stored
row read back as a `Memory`."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from typing import Any

from memory.base.text import valid_unicode

from ._types import Kind, Memory, MemoryStoreError, Trust

CHUNK = 5000  # rows per transaction in bulk inserts: a crash loses at most the chunk in flight
SQL_INT_MAX = 2**63 - 1  # SQLite's largest integer: a bigger id or limit is an OverflowError in sqlite3
_UNSET: Any = object()  # `update`'s "leave it" for expires_at, where None means "never expires"
_NAMES = [
    "id",
    "namespace",
    "kind",
    "text",
    "source",
    "trust",
    "importance",
    "created_at",
    "last_accessed_at",
    "access_count",
    "expires_at",
    "metadata",
    "merged_into",
]
_COLUMNS = ", ".join(f"m.{name}" for name in _NAMES)  # always read from `memories m`


def _memory(row: Sequence[Any]) -> Memory:
    return Memory(
        id=row[0],
        namespace=row[1],
        kind=row[2],
        text=row[3],
        source=row[4],
        trust=row[5],
        importance=row[6],
        created_at=row[7],
        last_accessed_at=row[8],
        access_count=row[9],
        expires_at=row[10],
        metadata=json.loads(row[11]) if row[11] else {},
        merged_into=row[12],
    )


def _changes(**fields: Any) -> dict[str, Any]:
    """The checked columns of an `update` (a field left None, or expires_at left _UNSET, is kept)."""
    checks: dict[str, Any] = {
        "text": _text,
        "kind": lambda v: Kind.parse(v).value,
        "namespace": lambda v: _name(v, "namespace"),
        "source": str,
        "trust": lambda v: Trust.parse(v).value,
        "importance": _importance,
        "metadata": _metadata,
    }
    changes = {key: check(fields[key]) for key, check in checks.items() if fields.get(key) is not None}
    if fields.get("expires_at", _UNSET) is not _UNSET:
        changes["expires_at"] = _expiry(fields["expires_at"])
    return changes


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise MemoryStoreError("a memory needs a non-empty text")
    return valid_unicode(value)


def _name(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise MemoryStoreError(f"{what} must be a non-empty string")
    return valid_unicode(value)


def _importance(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.0 <= float(value) <= 1.0:
        raise MemoryStoreError(f"importance must be a number between 0 and 1, got {value!r}")
    return float(value)


def _expiry(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise MemoryStoreError(f"expires_at must be unix seconds or None, got {value!r}")
    return float(value)


def _metadata(value: Any) -> str:
    if value is None:
        return "{}"
    if not isinstance(value, Mapping):
        raise MemoryStoreError(f"metadata must be a JSON object, got {type(value).__name__}")
    try:
        return json.dumps(dict(value), ensure_ascii=False, sort_keys=True, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise MemoryStoreError(f"metadata is not JSON-serialisable: {exc}") from None


def _timestamp(value: Any, default: float, what: str) -> float:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise MemoryStoreError(f"{what} must be unix seconds, got {value!r}")
    return float(value)


_FIELDS = {"text", "kind", "namespace", "source", "trust", "importance", "metadata", "expires_at"}
_FULL_FIELDS = _FIELDS | {
    "id",
    "created_at",
    "last_accessed_at",
    "access_count",
    "merged_into",
    "embedding",
    "embedding_model",
}


def _record(item: Mapping[str, Any], now: float, *, where: str, full: bool = False) -> dict[str, Any]:
    """Validate one memory given as a mapping; `full` accepts the extra fields of an export. Errors
    start with `where` (the record's place), unless it is empty."""
    if not isinstance(item, Mapping):
        raise MemoryStoreError(f"{where}: expected a mapping of memory fields")
    unknown = set(item) - (_FULL_FIELDS if full else _FIELDS)
    if unknown:
        raise MemoryStoreError(f"{where}: unknown field {sorted(unknown)[0]!r}")
    try:
        created = _timestamp(item.get("created_at"), now, "created_at") if full else now
        count = item.get("access_count", 0) if full else 0
        if isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= SQL_INT_MAX:
            raise MemoryStoreError(f"access_count must be a non-negative integer, got {count!r}")
        merged = item.get("merged_into") if full else None
        if merged is not None and (isinstance(merged, bool) or not isinstance(merged, int)):
            raise MemoryStoreError(f"merged_into must be an id or null, got {merged!r}")
        return {
            "text": _text(item.get("text")),
            "kind": Kind.parse(item.get("kind", "note")).value,
            "namespace": _name(item.get("namespace", "default"), "namespace"),
            "source": valid_unicode(str(item.get("source", "owner"))),
            "trust": Trust.parse(item.get("trust", "owner")).value,
            "importance": _importance(item.get("importance", 0.5)),
            "metadata": _metadata(item.get("metadata")),
            "expires_at": _expiry(item.get("expires_at")),
            "created_at": created,
            "last_accessed_at": _timestamp(item.get("last_accessed_at"), created, "last_accessed_at")
            if full
            else created,
            "access_count": count,
            "merged_into": merged,
        }
    except MemoryStoreError as exc:
        if not where or str(exc).startswith(where):
            raise
        raise MemoryStoreError(f"{where}: {exc}") from None
