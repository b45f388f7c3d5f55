"""The chat log (conversations and their messages): the checks and queries both stores share, and
SQLite's writes (`PostgresStore` has its own: an upsert, and `returning` for the ids)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from memory.base.text import valid_unicode

from ._records import _name
from ._types import MemoryStoreError

MESSAGE_ROLES = {"system", "user", "assistant", "tool"}


def _named_conversation(conn: Any, namespace: str, key: str, name: str, mark: str = "?") -> int | None:
    """The id of the conversation `key` named `name` in `namespace`, or None. `mark` is the driver's
    parameter placeholder (SQLite's ?, psycopg's %s): both stores ask this one question."""
    row = conn.execute(
        f"select id from conversations where namespace = {mark} and client_key = {mark} and name = {mark}",
        (valid_unicode(namespace), valid_unicode(key), valid_unicode(name)),
    ).fetchone()
    return int(row[0]) if row else None


def _messages_query(conversation_id: int, last: int | None, mark: str) -> tuple[str, tuple[int, ...]]:
    """SQL and parameters for a conversation's messages: all oldest first, or the `last` newest first."""
    sql = f"select id, role, content, decision, created_at from messages where conversation_id = {mark} order by id"
    if last is None:
        return sql, (int(conversation_id),)
    return f"{sql} desc limit {mark}", (int(conversation_id), max(0, int(last)))


def _check_owner(conn: Any, conversation_id: int, key: str | None, mark: str = "?") -> None:
    """MemoryStoreError unless the conversation exists and, where `key` is given, is that key's. The
    message is the same either way: a client learns nothing of another key's conversations."""
    row = conn.execute(f"select client_key from conversations where id = {mark}", (int(conversation_id),)).fetchone()
    if row is None or (key is not None and row[0] != key):
        raise MemoryStoreError(f"no conversation with id {conversation_id}")


def _message(role: str, content: str, decision: Mapping[str, Any] | None = None) -> tuple[str, str, str | None]:
    """A chat message checked and serialised before any write: (role, content, decision JSON)."""
    if role not in MESSAGE_ROLES:
        raise MemoryStoreError(f"unknown message role {role!r} (known: {', '.join(sorted(MESSAGE_ROLES))})")
    if not isinstance(content, str):
        raise MemoryStoreError("message content must be text")
    try:
        decision_json = None if decision is None else json.dumps(decision, ensure_ascii=False, sort_keys=True)
    except (TypeError, ValueError) as exc:
        raise MemoryStoreError(f"the decision record is not JSON-serialisable: {exc}") from None
    return role, valid_unicode(content), decision_json


def _decoded_messages(rows: Iterable[Sequence[Any]]) -> list[dict[str, Any]]:
    """Chat log rows (id, role, content, decision JSON, created_at) as messages. A decision record
    damaged outside broca loses itself, never the conversation's words."""
    out = []
    for r in rows:
        message: dict[str, Any] = {"id": r[0], "role": r[1], "content": r[2], "decision": None, "created_at": r[4]}
        if r[3] is not None:
            try:
                decision = json.loads(r[3])
            except (TypeError, ValueError):
                decision = None
            if isinstance(decision, dict):
                message["decision"] = decision
            else:
                message["decision_error"] = "the decision record is damaged (not a JSON object)"
        out.append(message)
    return out


def _insert_conversation(conn: Any, namespace: str, title: str, now: float, *, name: str | None = None,
                         key: str = "") -> int:  # fmt: skip
    cur = conn.execute(
        "insert into conversations (namespace, title, created_at, updated_at, name, client_key) "
        "values (?, ?, ?, ?, ?, ?)",
        (_name(namespace, "namespace"), valid_unicode(str(title)), now, now,
         None if name is None else _name(name, "conversation name"), valid_unicode(str(key))),
    )  # fmt: skip
    return int(cur.lastrowid)


def _insert_message(conn: Any, conversation_id: int, message: tuple[str, str, str | None]) -> int:
    now = time.time()
    cur = conn.execute("update conversations set updated_at = ? where id = ?", (now, int(conversation_id)))
    if cur.rowcount == 0:
        raise MemoryStoreError(f"no conversation with id {conversation_id}")
    cur = conn.execute(
        "insert into messages (conversation_id, role, content, decision, created_at) values (?, ?, ?, ?, ?)",
        (int(conversation_id), *message, now),
    )
    return int(cur.lastrowid)
