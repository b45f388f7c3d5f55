"""SQLite connections that can load extensions (pysqlite3) with sqlite-vec loaded."""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = ["connect", "sqlite_versions"]


def _module() -> Any:
    # The stdlib sqlite3 of this Python cannot load extensions; pysqlite3-binary can.
    try:
        import pysqlite3.dbapi2 as sqlite3  # type: ignore[import-not-found]
    except ImportError:  # pragma: no cover - pysqlite3-binary is a dependency
        import sqlite3
    return sqlite3


def connect(path: Path | str, *, timeout: float = 30.0) -> Any:
    """A connection with sqlite-vec loaded, WAL journal, and a busy timeout."""
    import sqlite_vec

    sqlite3 = _module()
    conn = sqlite3.connect(str(path), timeout=timeout, check_same_thread=False)
    conn.enable_load_extension(True)
    sqlite_vec.load(conn)
    conn.enable_load_extension(False)
    return conn


def sqlite_versions() -> dict[str, str]:
    conn = connect(":memory:")
    try:
        sqlite_version, vec_version = conn.execute("select sqlite_version(), vec_version()").fetchone()
    finally:
        conn.close()
    return {"sqlite": sqlite_version, "sqlite-vec": vec_version}
