"""Where messages come from (stdin, files, mbox, maildir, jsonl) and where quarantined ones go.

Reading yields one `Item` per message; an item that cannot be read carries its error instead of
stopping the rest. The quarantine is a maildir: a message is written to `tmp/`, fsynced, then
renamed into `new/` (maildir's own atomic delivery); a message that came from a maildir on the same
filesystem is renamed there directly. Nothing is ever modified in place.
"""

from __future__ import annotations

import json
import mailbox
import os
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import count
from pathlib import Path
from typing import IO

from memory.base.errors import BrocaError, SourceError
from memory.base.inputs import MiB, read_limited, stdin_buffer, too_large

from .mail import KINDS, plain_kind

__all__ = [
    "Item",
    "SourceError",
    "deliver_to_maildir",
    "read_files",
    "read_jsonl",
    "read_maildir",
    "read_mbox",
    "read_stdin",
]

MAX_BYTES = 64 * MiB  # larger inputs are refused per item (only the first bytes would be scanned anyway)


@dataclass
class Item:
    id: str
    data: bytes | None
    error: str | None = None
    path: Path | None = None  # a file that holds exactly this message (file argument, maildir entry)
    kind: str | None = None  # jsonl rows: "text" or "document", never parsed for mail headers unless told


def _read(path: Path, ident: str) -> Item:
    try:
        data = read_limited(path, MAX_BYTES, "a message", name=ident)
    except BrocaError as exc:  # this item only: the others are still read
        return Item(ident, None, str(exc), path)
    return Item(ident, data, path=path)


def read_stdin() -> Iterator[Item]:
    try:
        yield Item("-", read_limited(stdin_buffer(), MAX_BYTES, "a message", name="-"))
    except BrocaError as exc:
        yield Item("-", None, str(exc))


def read_files(paths: list[Path]) -> Iterator[Item]:
    """The messages of files (a maildir's, for a folder that is one; standard input for `-`); a path
    that is missing or a folder that is not a maildir fails now, before anything is read, like a path
    given to an option."""
    for path in paths:
        if str(path) == "-":
            stdin_buffer()  # closed (<&-): a path that cannot be opened, before anything is read
            continue
        if path.is_dir():
            if not ((path / "cur").is_dir() or (path / "new").is_dir()):
                raise SourceError(f"{path}: is a folder, not a message (use --maildir for a maildir)")
        elif not path.exists():
            raise SourceError(f"{path}: no such file")
    return _file_items(paths)


def _file_items(paths: list[Path]) -> Iterator[Item]:
    for path in paths:
        if str(path) == "-":
            yield from read_stdin()
        elif path.is_dir():
            yield from _maildir_items(path)
        else:
            yield _read(path, str(path))


def read_maildir(folder: Path) -> Iterator[Item]:
    """The messages of a maildir; a path that is not one fails now, before anything is read."""
    if not folder.is_dir() or not any((folder / sub).is_dir() for sub in ("cur", "new")):
        raise SourceError(f"{folder}: not a maildir (no cur/ or new/ folder)")
    return _maildir_items(folder)


def _maildir_items(folder: Path) -> Iterator[Item]:
    for sub in ("new", "cur"):
        directory = folder / sub
        try:
            names = sorted(os.listdir(directory))
        except FileNotFoundError:
            continue
        except OSError as exc:
            yield Item(str(directory), None, f"{directory}: cannot list: {exc.strerror}")
            continue
        for name in names:
            if name.startswith("."):
                continue
            path = directory / name
            if path.is_file():
                yield _read(path, f"{sub}/{name}")
            else:
                yield Item(f"{sub}/{name}", None, f"{sub}/{name}: not a regular file (a folder or a broken link)")


def read_mbox(path: Path) -> Iterator[Item]:
    """The messages of an mbox; a path that is not one fails now, before anything is read."""
    if not path.is_file():
        raise SourceError(f"{path}: no such mbox file")
    try:
        box = mailbox.mbox(str(path), create=False)
        keys = box.keys()
        # Without a "From " separator line the mailbox module finds no message and no error: a
        # single .eml given as --mbox would be scanned (or learned) as nothing, with exit 0.
        if not keys and not _blank(path):
            box.close()
            raise SourceError(
                f"{path}: not an mbox file (no 'From ' line starts a message; give a single message as a file argument)"
            )
    except (OSError, mailbox.Error) as exc:
        raise SourceError(f"{path}: cannot read mbox: {exc}") from None
    return _mbox_items(path, box, keys)


def _blank(path: Path) -> bool:
    with path.open("rb") as handle:
        return not handle.read(64 * 1024).strip()  # an empty mbox is an mbox with no messages


def _mbox_items(path: Path, box: mailbox.mbox, keys: list[str]) -> Iterator[Item]:
    try:
        for n, key in enumerate(keys, 1):
            ident = f"{path.name}#{n}"
            try:
                yield Item(ident, box.get_bytes(key))
            except (OSError, KeyError, mailbox.Error) as exc:
                yield Item(ident, None, f"{ident}: cannot read: {exc}")
    finally:
        box.close()


def read_jsonl(path: Path) -> Iterator[Item]:
    """One message a line: {"text": ..., "id": ...}; a bad line is an error item, not a stop."""
    if not path.is_file():
        raise SourceError(f"{path}: no such file")
    return _jsonl_items(path)


def _jsonl_items(path: Path) -> Iterator[Item]:
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise SourceError(f"{path}: cannot read: {exc.strerror}") from None
    with handle:
        for n, line in enumerate(_lines(handle), 1):
            fallback = f"{path.name}:{n}"
            if line is None:
                yield Item(fallback, None, str(too_large(fallback, MAX_BYTES, "a message")))
                continue
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except (ValueError, UnicodeDecodeError) as exc:
                yield Item(fallback, None, f"{fallback}: not JSON: {exc}")
                continue
            if not isinstance(row, dict) or not isinstance(row.get("text"), str):
                yield Item(fallback, None, f"{fallback}: expected an object with a string 'text'")
                continue
            ident = str(row.get("id", fallback))
            kind = row.get("kind")
            if kind is None:  # never parsed for mail headers unless told
                kind = plain_kind(row["text"])
            elif kind not in KINDS:  # 5, [], "" or "fax": said, never taken for "not given"
                yield Item(ident, None, f"{ident}: unknown kind {kind!r} (one of: {', '.join(KINDS)})")
                continue
            yield Item(ident, row["text"].encode("utf-8", "surrogateescape"), kind=kind)


def _lines(handle: IO[bytes]) -> Iterator[bytes | None]:
    """Each line, or None for one over MAX_BYTES: that one is skipped to its end, never held whole (a
    file of one huge line would otherwise be read into memory at once)."""
    while line := handle.readline(MAX_BYTES + 1):
        if len(line) > MAX_BYTES and not line.endswith(b"\n"):
            while (rest := handle.readline(MAX_BYTES)) and not rest.endswith(b"\n"):
                pass
            yield None
        else:
            yield line


_counter = count()


def _unique_name() -> str:
    host = socket.gethostname().replace("/", "\\057").replace(":", "\\072")
    return f"{time.time_ns()}.P{os.getpid()}Q{next(_counter)}.{host}"


def ensure_maildir(folder: Path) -> None:
    for sub in ("tmp", "new", "cur"):
        (folder / sub).mkdir(parents=True, exist_ok=True)


def deliver_to_maildir(folder: Path, data: bytes, source: Path | None = None) -> Path:
    """File a message into `folder`'s new/ atomically; when `source` is given, it is moved (renamed
    on the same filesystem, else copied, synced, and only then unlinked). Returns the new path."""
    ensure_maildir(folder)
    name = _unique_name()
    target = folder / "new" / name
    if source is not None:
        try:
            os.link(source, target)  # atomic, never overwrites; the original stays until linked
        except OSError:
            pass
        else:
            source.unlink()
            return target
    tmp = folder / "tmp" / name
    with tmp.open("xb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.link(tmp, target)
    tmp.unlink()
    _fsync_dir(folder / "new")
    if source is not None:
        source.unlink()
    return target


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
