"""Bounded reads of what a command is pointed at: a file, a pipe, a device or standard input.

A size check cannot bound a pipe or a device (`/dev/zero` and `<(cmd)` stat as size 0), so every
input is read at most one byte past its limit, and that byte says it was over. Each caller names
its limit as a constant that suits its input.

Exit codes follow sysexits: an input that cannot be opened or read is 66 (EX_NOINPUT), one that is
there but too large is 65 (EX_DATAERR), like the other bad-content errors of the commands.
"""

from __future__ import annotations

import os
import stat
import sys
import zipfile
import zlib
from pathlib import Path
from typing import IO, AnyStr, overload

from .errors import InputTooLargeError, NoInputError, StdinClosedError

__all__ = [
    "NPZ_DAMAGE",
    "NPZ_UNREADABLE",
    "MiB",
    "no_input",
    "piped_text",
    "read_limited",
    "stdin_buffer",
    "too_large",
]

MiB = 1024 * 1024
# What numpy and zipfile raise on an .npz that is truncated, bit-flipped or no .npz at all (zlib's
# error comes from a damaged compressed member, before any CRC check).
NPZ_DAMAGE: tuple[type[Exception], ...] = (OSError, ValueError, EOFError, zipfile.BadZipFile, zlib.error)
# And an .npz that opens but lacks an array its reader needs (KeyError) or holds one of another kind
# (TypeError): the reader's one line, not a traceback. Named, so every reader catches the same ones.
NPZ_UNREADABLE: tuple[type[Exception], ...] = (*NPZ_DAMAGE, KeyError, TypeError)


def stdin_buffer() -> IO[bytes]:
    """Standard input's bytes, or StdinClosedError where it was closed."""
    if sys.stdin is None:
        raise StdinClosedError
    return sys.stdin.buffer


def _size(n: int) -> str:
    return f"{n // MiB} MiB" if n >= MiB and n % MiB == 0 else f"{n:,}-byte"


def too_large(name: str, limit: int, what: str) -> InputTooLargeError:
    """The one wording of "over the limit", for readers that bound an input by other means (lines)."""
    return InputTooLargeError(f"{name}: too large: over the {_size(limit)} limit for {what}")


def no_input(name: str, exc: OSError) -> NoInputError:
    """The one wording of an input that could not be opened or read."""
    if isinstance(exc, IsADirectoryError):
        return NoInputError(f"{name}: is a folder, not a file")
    return NoInputError(f"{name}: cannot read: {exc.strerror or exc}")


@overload
def read_limited(source: Path, limit: int, what: str, *, name: str = "", cut: bool = False) -> bytes: ...


@overload
def read_limited(source: IO[AnyStr], limit: int, what: str, *, name: str = "", cut: bool = False) -> AnyStr: ...


def read_limited(source: Path | IO[AnyStr], limit: int, what: str, *, name: str = "", cut: bool = False) -> object:
    """At most `limit` bytes (characters, from a text stream) of a file or an open stream; more is
    InputTooLargeError naming the input (`name`, else the path, else "-") and the limit for `what`.

    `cut`: a reader that uses only a head gets the first `limit + 1` instead of an error (the extra
    one tells it there was more).
    """
    if not isinstance(source, Path):
        data = source.read(limit + 1)
        if len(data) > limit and not cut:
            raise too_large(name or "-", limit, what)
        return data
    name = name or str(source)
    try:
        with source.open("rb") as handle:
            st = os.fstat(handle.fileno())
            if stat.S_ISREG(st.st_mode) and st.st_size > limit and not cut:  # refused before any read
                raise too_large(name, limit, what)
            blob = handle.read(limit + 1)
    except OSError as exc:
        raise no_input(name, exc) from None
    if len(blob) > limit and not cut:
        raise too_large(name, limit, what)
    return blob


def piped_text(limit: int, what: str) -> str | None:
    """What is piped into standard input, as text (bytes that are not UTF-8 as U+FFFD), at most
    `limit` bytes; None where nothing is piped in (a terminal). Standard input closed (`<&-`) is an
    input that cannot be opened: NoInputError, as in every command that reads `-`."""
    stream = stdin_buffer()
    if stream.isatty():
        return None
    return read_limited(stream, limit, what, name="standard input").decode("utf-8", errors="replace")
