"""The shared atomic write: old content or new, never half; no temp file left either way."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from memory.base.atomic import atomic_open, atomic_path, atomic_write


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_writes_replaces_and_creates_parents(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "f.txt"
    atomic_write(target, "héllo")
    assert target.read_bytes() == "héllo".encode()
    atomic_write(target, b"new")
    assert target.read_bytes() == b"new"
    assert os.listdir(target.parent) == ["f.txt"]


def test_an_error_keeps_the_old_content_and_removes_the_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "d" / "f.bin"
    target.parent.mkdir()
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_open(target) as fh:
        fh.write(b"half")
        raise RuntimeError
    assert target.read_bytes() == b"old"
    assert os.listdir(target.parent) == ["f.bin"]


def test_mode_follows_the_umask_unless_given(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        atomic_write(tmp_path / "default", b"")
        atomic_write(tmp_path / "private", b"", perms=0o600)
        with atomic_open(tmp_path / "text", "w", perms=0o644) as fh:
            fh.write("ü")
    finally:
        os.umask(umask)
    assert _mode(tmp_path / "default") == 0o644
    assert _mode(tmp_path / "private") == 0o600
    assert (tmp_path / "text").read_text(encoding="utf-8") == "ü"


def test_atomic_path_names_the_temp_beside_the_target(tmp_path: Path) -> None:
    target = tmp_path / "out.gguf"
    with atomic_path(target) as tmp:
        assert tmp.parent == target.parent and tmp.name.startswith(".out.gguf.") and tmp.name.endswith(".tmp")
        tmp.write_bytes(b"x")
        assert not target.exists()
    assert target.read_bytes() == b"x" and not tmp.exists()


def test_a_symlink_keeps_pointing_at_the_replaced_file(tmp_path: Path) -> None:
    (tmp_path / "backups").mkdir()
    real = tmp_path / "backups" / "memories.jsonl"
    real.write_bytes(b"old")
    link = tmp_path / "latest.jsonl"
    link.symlink_to(real)
    atomic_write(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"
    assert "latest.jsonl" in os.listdir(tmp_path) and not any(n.endswith(".tmp") for n in os.listdir(tmp_path))
    assert os.listdir(real.parent) == ["memories.jsonl"]


def test_a_fifo_is_written_in_place_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "out" / "pipe"
    fifo.parent.mkdir()
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # a reader at the other end, as `>(gzip)` is
    try:
        atomic_write(fifo, b"streamed")
        assert os.read(reader, 100) == b"streamed"
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(fifo.stat().st_mode) and os.listdir(fifo.parent) == ["pipe"]
