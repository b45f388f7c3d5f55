"""Atomic file writes: a reader sees the old content or the new, never half of either.

Every package writes through here (guardrails, memory and finetune already import from
`assistant`), so the temp-file naming, fsync and clean-up are the same everywhere. The new content
goes to a temp file beside the target (same directory, hence same filesystem, so the rename is
atomic), is fsynced, then renamed over the target; on any error the temp file is removed and the
target is untouched. Temp files are named `.{target name}.{random}.tmp`.
"""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Literal

__all__ = ["atomic_open", "atomic_path", "atomic_write"]


def _create_temp(path: Path, perms: int | None) -> Path:
    """A new empty file beside `path`, made with os.open like open() does (0o666 less the umask),
    so the default needs no process-wide umask round trip (which would race other threads)."""
    while True:
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        try:
            if perms is not None:
                os.fchmod(fd, perms)  # exactly these bits, whatever the umask
        finally:
            os.close(fd)
        return tmp


@contextmanager
def atomic_path(path: Path, *, perms: int | None = None) -> Iterator[Path]:
    """Yield a temp path beside `path` for the caller (or a library that wants a file name) to
    write; on a clean exit it is fsynced and renamed over `path`, on an error it is removed.

    Missing parent folders are created. `perms` sets the file's mode bits exactly (0o600 for
    private data, 0o644 for package data); by default the file gets the mode open() would give.
    A symlink is followed: its target is replaced and the link kept. A FIFO or a device (a shell's
    `/dev/fd/63`, `/dev/stdout`) is not a file that can be replaced: it is yielded as it is, to be
    written in place.
    """
    try:
        mode = os.stat(path).st_mode
    except OSError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        yield path
        return
    path = Path(os.path.realpath(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _create_temp(path, perms)
    try:
        yield tmp
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)  # gone already after the rename


@contextmanager
def atomic_open(path: Path, mode: Literal["w", "wb"] = "wb", *, perms: int | None = None) -> Iterator[IO[Any]]:
    """A handle to write `path` atomically (see `atomic_path`); text mode is UTF-8."""
    with atomic_path(path, perms=perms) as tmp, open(tmp, mode, encoding=None if "b" in mode else "utf-8") as handle:
        yield handle


def atomic_write(path: Path, data: bytes | str, *, perms: int | None = None) -> None:
    """Replace `path` with `data` atomically (str is written as UTF-8); see `atomic_path`."""
    with atomic_path(path, perms=perms) as tmp:
        tmp.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
