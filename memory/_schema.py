"""Named schema migrations, applied in order and recorded in the database itself.

A migration is never edited once released: a change to the schema is a new entry at the end.
"""

from __future__ import annotations

import time
from typing import Any

from ._types import MemoryStoreError

__all__ = ["MIGRATIONS", "applied_migrations", "migrate"]

# The full-text index in the shape sqlite-utils' `enable_fts(["text"], fts_version="FTS5",
# tokenize="porter unicode61 remove_diacritics 2", create_triggers=True)` makes, so that sqlite-utils
# (`detect_fts`, `search`) and Datasette find and search it: they look for `content="memories"`, which
# 0001's `content='memories', content_rowid='id'` is not (id is the rowid, so nothing else changes).
# The same tokenizer, and the index rebuilt from the memories table. Written out rather than made by
# sqlite-utils at migration time, so that the schema does not depend on its installed version. One
# difference: the update trigger fires on `text` only, as 0001's did, where sqlite-utils' fires on any
# column: every search records the recall on its hits, and re-indexing their unchanged text each time
# made that write ~7x slower and grew the index by two thirds over 5,000 searches of 20,000 memories.
_SQLITE_UTILS_FTS = """
drop trigger memories_fts_insert;
drop trigger memories_fts_delete;
drop trigger memories_fts_update;
drop table memories_fts;
CREATE VIRTUAL TABLE "memories_fts" USING FTS5 (
    "text",
    tokenize='porter unicode61 remove_diacritics 2',
    content="memories"
);
insert into memories_fts(memories_fts) values ('rebuild');
CREATE TRIGGER "memories_ai" AFTER INSERT ON "memories" BEGIN
  INSERT INTO "memories_fts" (rowid, "text") VALUES (new.rowid, new."text");
END;
CREATE TRIGGER "memories_ad" AFTER DELETE ON "memories" BEGIN
  INSERT INTO "memories_fts" ("memories_fts", rowid, "text") VALUES('delete', old.rowid, old."text");
END;
CREATE TRIGGER "memories_au" AFTER UPDATE OF "text" ON "memories" BEGIN
  INSERT INTO "memories_fts" ("memories_fts", rowid, "text") VALUES('delete', old.rowid, old."text");
  INSERT INTO "memories_fts" (rowid, "text") VALUES (new.rowid, new."text");
END;
"""

MIGRATIONS: list[tuple[str, str]] = [
    (
        "0001_memories",
        """
        create table meta (key text primary key, value text not null);
        create table memories (
            id integer primary key autoincrement,
            namespace text not null,
            kind text not null,
            text text not null,
            content_hash text not null,
            source text not null,
            trust text not null,
            importance real not null,
            created_at real not null,
            last_accessed_at real not null,
            access_count integer not null default 0,
            expires_at real,
            metadata text not null default '{}',
            merged_into integer references memories(id) deferrable initially deferred
        );
        create index memories_namespace_kind on memories(namespace, kind);
        create index memories_content_hash on memories(content_hash);
        create index memories_merged on memories(merged_into) where merged_into is not null;
        -- float32 little-endian, the layout sqlite-vec's functions read directly
        create table memory_vectors (
            id integer primary key references memories(id) on delete cascade,
            embedding blob not null
        );
        -- every change to the vector set other than a plain insert, for the ANN index to replay
        create table vector_log (seq integer primary key autoincrement, memory_id integer not null);
        create virtual table memories_fts using fts5(
            text, content='memories', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2'
        );
        create trigger memories_fts_insert after insert on memories begin
            insert into memories_fts(rowid, text) values (new.id, new.text);
        end;
        create trigger memories_fts_delete after delete on memories begin
            insert into memories_fts(memories_fts, rowid, text) values ('delete', old.id, old.text);
        end;
        create trigger memories_fts_update after update of text on memories begin
            insert into memories_fts(memories_fts, rowid, text) values ('delete', old.id, old.text);
            insert into memories_fts(rowid, text) values (new.id, new.text);
        end;
        """,
    ),
    (
        "0002_chat_log",
        """
        create table conversations (
            id integer primary key autoincrement,
            namespace text not null,
            title text not null default '',
            created_at real not null,
            updated_at real not null
        );
        create index conversations_namespace on conversations(namespace, updated_at);
        create table messages (
            id integer primary key autoincrement,
            conversation_id integer not null references conversations(id) on delete cascade,
            role text not null,
            content text not null,
            decision text,
            created_at real not null
        );
        create index messages_conversation on messages(conversation_id, id);
        """,
    ),
    # 0003 is PostgreSQL's vector table: the two backends share migration names past it.
    (
        "0004_conversation_names",
        """
        -- A conversation a client named, to continue it across requests; `client_key` is the API
        -- key that owns it ('' for the owner's own tools), so a name is unique per key, and one key
        -- never finds another's conversation.
        alter table conversations add column client_key text not null default '';
        alter table conversations add column name text;
        create unique index conversations_named on conversations(namespace, client_key, name)
            where name is not null;
        """,
    ),
    ("0005_sqlite_utils_fts", _SQLITE_UTILS_FTS),  # SQLite's only, as 0003 is PostgreSQL's
]


def applied_migrations(conn: Any) -> list[str]:
    exists = conn.execute("select 1 from sqlite_master where type = 'table' and name = 'schema_migrations'").fetchone()
    if not exists:
        return []
    return [row[0] for row in conn.execute("select name from schema_migrations order by rowid")]


def migrate(conn: Any, migrations: list[tuple[str, str]] | None = None) -> list[str]:
    """Apply the missing migrations, each in its own transaction; return the names applied."""
    migrations = MIGRATIONS if migrations is None else migrations
    known = [name for name, _ in migrations]
    done = applied_migrations(conn)
    unknown = [name for name in done if name not in known]
    if unknown:
        raise MemoryStoreError(
            f"the memory file was written by a newer broca (unknown schema migration {unknown[0]!r}); upgrade broca"
        )
    applied = []
    for name, sql in migrations:
        if name in done:
            continue
        conn.execute("begin immediate")
        try:
            # Another process may have migrated while we waited for the write lock.
            if name in applied_migrations(conn):
                conn.execute("commit")
                continue
            conn.execute("create table if not exists schema_migrations (name text primary key, applied_at real)")
            for statement in _statements(sql):
                conn.execute(statement)
            conn.execute("insert into schema_migrations(name, applied_at) values (?, ?)", (name, time.time()))
            conn.execute("commit")
        except BaseException:
            conn.execute("rollback")
            raise
        applied.append(name)
    return applied


def _statements(sql: str) -> list[str]:
    """Split a script on `;` at the end of complete statements (triggers contain `;` inside)."""
    from .sqlite import _module

    sqlite3 = _module()
    statements, current = [], ""
    for line in sql.splitlines(keepends=True):
        if line.strip().startswith("--"):
            continue
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    if current.strip():
        statements.append(current.strip())
    return statements
