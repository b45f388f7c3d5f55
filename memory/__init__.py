"""Persistent memory: memories and the chat log, hybrid recall, an ANN index; in one SQLite file
(`Store`, the default) or in PostgreSQL with pgvector (`PostgresStore`, `memory.url`).

Importing this package is light: the embedding model loads on the first embedding, psycopg only
for a PostgreSQL store.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from memory.base.errors import MemoryStoreError

from ._types import Hit, Kind, Memory, Trust
from .config import MemoryConfig

if TYPE_CHECKING:
    from ._index import IndexParams
    from ._postgres import PostgresStore
    from ._store import Store
    from ._vectors import EmbedderLike

# The name this error had before it was renamed (it shadowed the builtin inside the package); kept
# because `memory.MemoryError` is public API. New code catches MemoryStoreError.
MemoryError = MemoryStoreError

# Loaded on first use: every broca command imports the base layer (`memory.base`), which runs this
# file first, and most commands never open a store (numpy, SQLite and its extensions).
_LAZY = {"EmbedderLike": "_vectors", "IndexParams": "_index", "PostgresStore": "_postgres", "Store": "_store"}

__all__ = [
    "EmbedderLike",
    "Hit",
    "IndexParams",
    "Kind",
    "Memory",
    "MemoryConfig",
    "MemoryError",
    "MemoryStoreError",
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
    from ._store import Store

    return Store(location, **options)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(name)
