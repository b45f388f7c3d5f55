"""The SQLite memory file: opened (or refused, untouched, where it is not one), configured and
migrated, and its transactions; SQLite's errors on the way become one-line MemoryStoreErrors
(BusyError for a lock, ReadOnlyError for a file that cannot be written), never tracebacks."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from memory.base.errors import BusyError, ReadOnlyError

from ._schema import migrate
from ._transfer import _why
from ._types import MemoryStoreError
from .sqlite import _module, connect

SQLITE_HEADER = b"SQLite format 3\x00"


def _check_file(path: Path) -> None:
    """Refuse, without touching it, anything at `path` that is not a SQLite database."""
    if path.is_dir():
        raise MemoryStoreError(f"{path}: is a directory, not a memory file")
    if path.exists() and path.stat().st_size > 0:
        try:
            with open(path, "rb") as fh:
                head = fh.read(len(SQLITE_HEADER))
        except OSError as exc:
            raise MemoryStoreError(f"{path}: cannot read the memory file: {exc.strerror}") from None
        if head != SQLITE_HEADER:
            raise MemoryStoreError(f"{path}: not a SQLite database (the file was left untouched)")


def _is_busy(exc: Exception) -> bool:
    # SQLITE_BUSY ("database is locked") and SQLITE_LOCKED have no exception class of their own either.
    name = getattr(exc, "sqlite_errorname", "")
    return name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "database is locked" in str(exc)


def _busy(path: Path) -> BusyError:
    return BusyError(f"{path}: the memory file is locked by another process; nothing was changed: try again")


def _is_read_only(exc: Exception) -> bool:
    # SQLITE_READONLY ("attempt to write a readonly database") has no exception class of its own.
    return "readonly" in str(exc) or getattr(exc, "sqlite_errorname", "").startswith("SQLITE_READONLY")


def open_file(path: Path) -> Any:
    """A connection to the memory file at `path` (made, with its folder, where there is none yet),
    in explicit-transaction mode; set it up inside `opening`."""
    _check_file(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # a file where the folder should be, a read-only place
        raise MemoryStoreError(f"{path.parent}: cannot create the memory folder: {_why(exc)}") from None
    sqlite3 = _module()
    try:
        conn = connect(path)
    except sqlite3.Error as exc:
        raise MemoryStoreError(f"{path}: cannot open the memory file: {exc}") from None
    conn.isolation_level = None  # explicit transactions only
    return conn


@contextlib.contextmanager
def opening(conn: Any, path: Path) -> Iterator[None]:
    """Setting up a connection `open_file` made: whatever fails closes it, and SQLite's errors say
    what is wrong with the file in one line."""
    sqlite3 = _module()
    try:
        yield
    except ReadOnlyError:
        conn.close()
        raise
    except sqlite3.OperationalError as exc:
        # Not damage: a folder where the WAL journal cannot be made (read-only media), a lock.
        conn.close()
        if _is_busy(exc):  # was "cannot open the memory file: database is locked", exit 65 (bad data)
            raise _busy(path) from None
        where = path if os.access(path.parent, os.W_OK) else path.parent
        hint = "" if where == path else f" ({where} is read-only: broca keeps a journal beside the file)"
        raise MemoryStoreError(f"{path}: cannot open the memory file: {exc}{hint}") from None
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise MemoryStoreError(f"{path}: the memory file is damaged ({exc}); it was left untouched") from None
    except BaseException:
        conn.close()
        raise


def configure(conn: Any, path: Path) -> None:
    """Refuse a SQLite database that is not a memory file; set the journal and cache, and bring the
    schema up to date."""
    tables = {row[0] for row in conn.execute("select name from sqlite_master where type = 'table'")}
    if tables and "schema_migrations" not in tables:
        raise MemoryStoreError(f"{path}: a SQLite database that is not a broca memory file (left untouched)")
    conn.execute("pragma journal_mode = wal")
    conn.execute("pragma synchronous = normal")  # WAL + normal: durable across crashes of the process
    conn.execute("pragma foreign_keys = on")
    # 64 MiB of page cache: at a million rows the id, hash and FTS5 b-trees outgrow the 2 MiB default
    # and bulk inserts would wait on page reads.
    conn.execute("pragma cache_size = -65536")
    migrate(conn)


@contextlib.contextmanager
def write_transaction(conn: Any, path: Path) -> Iterator[Any]:
    """One write transaction; `begin immediate` waits (busy timeout) instead of failing on contention.

    A file that cannot be written is ReadOnlyError (one line), not SQLite's OperationalError. The
    caller holds the store's lock.
    """
    sqlite3 = _module()
    try:
        conn.execute("begin immediate")
        try:
            yield conn
        except BaseException:
            if conn.in_transaction:
                conn.execute("rollback")
            raise
        conn.execute("commit")
    except sqlite3.OperationalError as exc:
        if conn.in_transaction:  # the commit itself failed
            conn.execute("rollback")
        if _is_busy(exc):  # was sqlite3.OperationalError itself: a traceback from the CLI
            raise _busy(path) from None
        if not _is_read_only(exc):
            raise
        raise ReadOnlyError(f"{path}: the memory file is read-only; nothing was changed") from None


@contextlib.contextmanager
def read_transaction(conn: Any) -> Iterator[Any]:
    """A consistent snapshot for multi-statement reads; the caller holds the store's lock."""
    conn.execute("begin")
    try:
        yield conn
    finally:
        conn.execute("commit")
