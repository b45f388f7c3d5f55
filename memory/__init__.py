"""Persistent memory: memories and the chat log, hybrid recall, an ANN index; in one SQLite file
(`Store`, the default) or in PostgreSQL with pgvector (`PostgresStore`, `memory.url`).

Importing this package is light: the embedding model loads on the first embedding, psycopg only
for a PostgreSQL store.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._index import IndexParams
from ._store import EmbedderLike, Store
from ._types import Hit, Kind, Memory, MemoryError, Trust

if TYPE_CHECKING:
    from ._postgres import PostgresStore

__all__ = [
    "EmbedderLike",
    "Hit",
    "IndexParams",
    "Kind",
    "Memory",
    "MemoryError",
    "PostgresStore",
    "Store",
    "Trust",
    "is_postgres_url",
    "open_store",
]


def is_postgres_url(location: str) -> bool:
    return str(location).startswith(("postgresql://", "postgres://"))


def open_store(location: Any, **options: Any) -> Store | PostgresStore:
    """The store at `location`: a `postgresql://` URL, else the path of a SQLite file."""
    if is_postgres_url(str(location)):
        from ._postgres import PostgresStore

        return PostgresStore(str(location), **options)
    return Store(location, **options)


def __getattr__(name: str) -> Any:
    if name == "PostgresStore":
        from ._postgres import PostgresStore

        return PostgresStore
    raise AttributeError(name)
