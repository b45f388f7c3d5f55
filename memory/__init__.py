"""Persistent memory: memories and the chat log in one SQLite file, hybrid recall, an ANN index.

Importing this package is light: the embedding model (torch) loads on the first embedding.
"""

from ._index import IndexParams
from ._store import EmbedderLike, Store
from ._types import Hit, Kind, Memory, MemoryError, Trust

__all__ = ["EmbedderLike", "Hit", "IndexParams", "Kind", "Memory", "MemoryError", "Store", "Trust"]
