"""The JSONL export both stores write and read: memories, then (on request) the conversations of the
chat log; an import is read whole, bounded and checked, before anything of it is written."""

from __future__ import annotations

import base64
import itertools
import json
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import numpy as np

from memory.base.atomic import atomic_open
from memory.base.inputs import MiB, no_input, too_large
from memory.base.jsonl import strip_bom
from memory.base.text import valid_unicode

from ._chatlog import _decoded_messages, _message, _named_conversation
from ._records import _COLUMNS, SQL_INT_MAX, _memory, _name, _record, _timestamp
from ._types import MemoryStoreError, Trust
from ._vectors import _unit

# An import is read a line at a time, each line and the whole bounded: a record is a memory's text,
# its metadata and a base64 vector (a few KB); 2 GiB holds an export of some 500,000 memories.
IMPORT_LINE_BYTES = 4 * MiB
IMPORT_BYTES = 2048 * MiB
# An export line `{"conversation": {...}}` is a conversation of the chat log (with its name, its
# client's key and its messages), not a memory: a memory record has `text` at the top level.
CONVERSATION_RECORD = "conversation"
_SOURCE_CONVERSATION = re.compile(r"^conversation:(\d+)$")


def export_to(out: Path | str | IO[str], write: Callable[[IO[str]], int]) -> int:
    """`write(stream)` into `out`: a stream as it is; a path atomically and readable by its owner only
    (memories are private), a failure to write it one MemoryStoreError line."""
    if not isinstance(out, (str, Path)):
        return write(out)
    try:
        with atomic_open(Path(out), "w", perms=0o600) as fh:
            return write(fh)
    except OSError as exc:
        raise MemoryStoreError(f"{out}: cannot write: {_why(exc)}") from None


def export_query(namespace: str | None, mark: str) -> tuple[str, list[Any]]:
    """The query of an export's memories (merged history included) with their vectors, in id order,
    and its parameters; `mark` is the driver's placeholder."""
    sql = f"select {_COLUMNS}, v.embedding from memories m left join memory_vectors v on v.id = m.id"
    if namespace is None:
        return sql + " order by m.id", []
    return sql + f" where m.namespace = {mark} order by m.id", [namespace]


def write_memories(
    out: IO[str], rows: Iterable[Sequence[Any]], *, vectors: bool, model_name: str, blob: Callable[[Any], bytes]
) -> int:
    """Each row of `export_query` as one JSON line; with `vectors`, its embedding (`blob` turns the
    driver's value into float32 bytes) and the model's name. Returns the count."""
    n = 0
    for row in rows:
        record = _memory(row[:-1]).to_dict()
        if vectors and row[-1] is not None:
            record["embedding"] = base64.b64encode(blob(row[-1])).decode("ascii")
            record["embedding_model"] = model_name
        out.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
        n += 1
    return n


def import_vectors(
    records: Sequence[Mapping[str, Any]],
    stored: Sequence[np.ndarray | None],
    dim: int,
    embed: Callable[[list[str]], np.ndarray],
) -> np.ndarray:
    """Each imported record's unit vector: the file's own where it has one for this model (made unit:
    the file may have been edited), else embedded, all of those in one batch."""
    todo = [i for i, v in enumerate(stored) if v is None]
    vecs = np.zeros((len(records), dim), dtype=np.float32)
    if todo:
        vecs[todo] = embed([records[i]["text"] for i in todo])
    for i, v in enumerate(stored):
        if v is not None:
            vecs[i] = _unit(v)
    return vecs


def detach_merged(records: Sequence[dict[str, Any]]) -> list[int | None]:
    """Clear each record's `merged_into` (the file's ids: set by `merged_fixes` once every record of
    the file has its id in the store) and return them."""
    merged = [r["merged_into"] for r in records]
    for r in records:
        r["merged_into"] = None
    return merged


def merged_fixes(
    wanted: Sequence[int | None], ids: Sequence[int], merged: Sequence[int | None]
) -> list[tuple[int, int]]:
    """(target, memory) id pairs: each imported memory that was merged into a record of the same file,
    pointed at the id that record got here."""
    remap = {w: mid for w, mid in zip(wanted, ids, strict=True) if w is not None}
    return [(remap[t], mid) for mid, t in zip(ids, merged, strict=True) if t is not None and remap.get(t) is not None]


def _why(exc: OSError) -> str:
    """An OSError as a one-line reason, where a path cannot be made or written: an export's file here,
    and the SQLite store's folder (`_sqlite_file`)."""
    return "a file is in the way" if isinstance(exc, (FileExistsError, NotADirectoryError)) else str(exc.strerror)


def _import_lines(handle: IO[Any], name: str) -> Iterator[tuple[int, str]]:
    """The non-blank lines of an import (bytes or text), each and all of them bounded: /dev/zero or an
    endless pipe is refused after a few MiB, not read until memory runs out."""
    total = 0
    for lineno in itertools.count(1):
        try:
            line = handle.readline(IMPORT_LINE_BYTES + 1)
        except OSError as exc:
            raise no_input(name, exc) from None
        if not line:
            return
        total += len(line)
        if total > IMPORT_BYTES:
            raise too_large(name, IMPORT_BYTES, "a memory import")
        if isinstance(line, bytes):
            try:
                line = line.decode("utf-8")
            except UnicodeDecodeError:
                raise MemoryStoreError(f"{name}:{lineno}: not UTF-8 text") from None
        line = line.rstrip("\r\n")
        if lineno == 1:
            line = strip_bom(line)  # the byte-order mark some editors write first
        if len(line) > IMPORT_LINE_BYTES:
            raise too_large(f"{name}:{lineno}", IMPORT_LINE_BYTES, "one record of a memory import")
        if line.strip():
            yield lineno, line


@dataclass
class PreparedImport:
    """An export read whole and checked, ready to write in one transaction: the records (their
    `merged_into` cleared), the id each asks to keep, their unit vectors, the file's `merged_into` of
    each (for `merged_fixes`) and the chat log's conversations."""

    records: list[dict[str, Any]]
    wanted: list[int | None]
    vectors: np.ndarray
    merged: list[int | None]
    conversations: list[dict[str, Any]]


def prepare_import(
    source: Path | str | IO[Any],
    *,
    name: str,
    trust: str | None,
    namespace: str | None,
    model_name: str,
    dim: int,
    embed: Callable[[list[str]], np.ndarray],
) -> PreparedImport:
    """What both stores' `import_jsonl` write: the file read and checked (`_read_import`), the vectors
    it lacks embedded in one batch, nothing written yet."""
    records, wanted, stored, conversations = _read_import(
        source, name=name, trust=trust, namespace=namespace, model_name=model_name, dim=dim
    )
    vectors = import_vectors(records, stored, dim, embed)
    return PreparedImport(records, wanted, vectors, detach_merged(records), conversations)


def _read_import(
    source: Path | str | IO[Any], *, name: str, trust: str | None, namespace: str | None, model_name: str, dim: int
) -> tuple[list[dict[str, Any]], list[int | None], list[np.ndarray | None], list[dict[str, Any]]]:
    """Every record of a JSONL export, checked before anything is written: the records, the id each
    asks to keep (None: any), the vector it brings for `model_name` (None: to embed), and the
    conversations of the chat log the export carries."""
    name = name or (str(source) if isinstance(source, (str, Path)) else getattr(source, "name", "<stream>"))
    if isinstance(source, (str, Path)):
        try:
            handle: IO[Any] = open(source, "rb")  # noqa: SIM115 (closed below, after the last line)
        except OSError as exc:
            raise no_input(name, exc) from None
    else:
        handle = source
    try:
        lines = list(_import_lines(handle, name))
    finally:
        if handle is not source:
            handle.close()
    forced = Trust.parse(trust).value if trust is not None else None
    now = time.time()
    records: list[dict[str, Any]] = []
    wanted: list[int | None] = []
    stored: list[np.ndarray | None] = []
    conversations: list[dict[str, Any]] = []
    for lineno, line in lines:
        where = f"{name}:{lineno}"
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            raise MemoryStoreError(f"{where}: not JSON ({exc.msg})") from None
        except RecursionError:  # `[[[[...` a few thousand deep: json's recursion limit, not a traceback
            raise MemoryStoreError(f"{where}: not a memory record (JSON nested too deeply)") from None
        if not isinstance(raw, dict):
            raise MemoryStoreError(f"{where}: expected a JSON object")
        if set(raw) == {CONVERSATION_RECORD}:
            conversations.append(_read_conversation(raw[CONVERSATION_RECORD], where, namespace, now))
            continue
        item = dict(raw)
        if forced is not None:
            item["trust"] = forced
        if namespace is not None:
            item["namespace"] = namespace
        records.append(_record(item, now, where=where, full=True))
        mid = raw.get("id")
        # An id is kept where it is free, and leaves room above it for the ids handed out after it.
        keep = isinstance(mid, int) and not isinstance(mid, bool) and 0 < mid <= SQL_INT_MAX // 2
        wanted.append(mid if keep else None)
        vec = None
        if isinstance(raw.get("embedding"), str) and raw.get("embedding_model") == model_name:
            try:
                vec = np.frombuffer(base64.b64decode(raw["embedding"], validate=True), dtype="<f4")
            except ValueError:
                raise MemoryStoreError(f"{where}: embedding is not base64 float32") from None
            if vec.shape != (dim,):
                vec = None
        stored.append(vec)
    return records, wanted, stored, conversations


def _export_conversations(conn: Any, out: IO[str], namespace: str | None, mark: str) -> int:
    """Write the conversations (of `namespace`, else all), one line each; `mark` is the driver's
    parameter placeholder (SQLite's ?, psycopg's %s)."""
    sql = "select id, namespace, title, name, client_key, created_at, updated_at from conversations"
    params: list[Any] = []
    if namespace is not None:
        sql += f" where namespace = {mark}"
        params.append(namespace)
    conversations = conn.execute(sql + " order by id", params).fetchall()
    for c in conversations:
        rows = conn.execute(f"select id, role, content, decision, created_at from messages where conversation_id = "
                            f"{mark} order by id", (c[0],)).fetchall()  # fmt: skip
        messages = [{k: m[k] for k in ("role", "content", "decision", "created_at")} for m in _decoded_messages(rows)]
        record = {"id": c[0], "namespace": c[1], "title": c[2], "name": c[3], "client_key": c[4],
                  "created_at": c[5], "updated_at": c[6], "messages": messages}  # fmt: skip
        out.write(json.dumps({CONVERSATION_RECORD: record}, ensure_ascii=False, sort_keys=True) + "\n")
    return len(conversations)


def _read_conversation(raw: Any, where: str, namespace: str | None, now: float) -> dict[str, Any]:
    """One exported conversation, checked: everything `_import_conversations` writes."""
    if not isinstance(raw, dict):
        raise MemoryStoreError(f"{where}: conversation must be an object")
    unknown = set(raw) - {"id", "namespace", "title", "name", "client_key", "created_at", "updated_at", "messages"}
    if unknown:
        raise MemoryStoreError(f"{where}: unknown conversation field {sorted(unknown)[0]!r}")
    title, name, key = raw.get("title", ""), raw.get("name"), raw.get("client_key", "")
    if not isinstance(title, str) or not isinstance(key, str):
        raise MemoryStoreError(f"{where}: a conversation's title and client_key must be strings")
    if name is not None:
        name = _name(name, f"{where}: conversation name")
    messages = raw.get("messages", [])
    if not isinstance(messages, list):
        raise MemoryStoreError(f"{where}: a conversation's messages must be a list")
    created = _timestamp(raw.get("created_at"), now, f"{where}: created_at")
    read = []
    for i, m in enumerate(messages):
        if not isinstance(m, dict):
            raise MemoryStoreError(f"{where}: messages[{i}] must be an object")
        decision = m.get("decision")
        if decision is not None and not isinstance(decision, dict):
            raise MemoryStoreError(f"{where}: messages[{i}].decision must be an object or null")
        try:
            # _message refuses a content that is not text, a missing one included.
            role, content, decision_json = _message(str(m.get("role", "")), m.get("content"), decision)  # type: ignore[arg-type]
        except MemoryStoreError as exc:
            raise MemoryStoreError(f"{where}: messages[{i}]: {exc}") from None
        read.append((role, content, decision_json, _timestamp(m.get("created_at"), created, f"{where}: messages[{i}]")))
    mid = raw.get("id")
    return {
        "id": mid if isinstance(mid, int) and not isinstance(mid, bool) else None,
        "namespace": _name(namespace if namespace is not None else raw.get("namespace", "default"), "namespace"),
        "title": valid_unicode(title),
        "name": name,
        "client_key": valid_unicode(key),
        "created_at": created,
        "updated_at": _timestamp(raw.get("updated_at"), created, f"{where}: updated_at"),
        "messages": read,
        "where": where,
    }


def _import_conversations(conn: Any, conversations: Sequence[Mapping[str, Any]], mark: str) -> dict[int, int]:
    """Write imported conversations in the caller's transaction; returns their new ids by their ids
    in the file. A name its key already uses in the namespace is refused (MemoryStoreError, and the
    caller's transaction imports nothing): two histories must not silently become one."""
    remap: dict[int, int] = {}
    for c in conversations:
        named = c["name"] is not None
        if named and _named_conversation(conn, c["namespace"], c["client_key"], c["name"], mark) is not None:
            whose = f"key {c['client_key']!r}" if c["client_key"] else "the owner"
            raise MemoryStoreError(f"{c['where']}: {whose} already has a conversation named {c['name']!r} in "
                                   f"namespace {c['namespace']!r}; nothing was imported")  # fmt: skip
        new = int(conn.execute(
            "insert into conversations (namespace, title, created_at, updated_at, name, client_key) "
            f"values ({mark}, {mark}, {mark}, {mark}, {mark}, {mark}) returning id",
            (c["namespace"], c["title"], c["created_at"], c["updated_at"], c["name"], c["client_key"]),
        ).fetchone()[0])  # fmt: skip
        if c["messages"]:
            conn.cursor().executemany(  # a cursor's: psycopg's connections have no executemany
                "insert into messages (conversation_id, role, content, decision, created_at) "
                f"values ({mark}, {mark}, {mark}, {mark}, {mark})",
                [(new, *m) for m in c["messages"]],
            )
        if c["id"] is not None:
            remap[c["id"]] = new
    return remap


def _resource(records: Sequence[dict[str, Any]], remap: Mapping[int, int]) -> None:
    """Point imported memories' `conversation:ID` sources at the ids their conversations got here."""
    for r in records:
        found = _SOURCE_CONVERSATION.match(r["source"])
        if found and int(found[1]) in remap:
            r["source"] = f"conversation:{remap[int(found[1])]}"
