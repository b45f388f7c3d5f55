"""The `[memory]` section of the configuration: where the memory lives and how recall ranks it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["MemoryConfig"]


@dataclass
class MemoryConfig:
    path: str = ""  # empty: memory.db in the data dir
    url: str = ""  # postgresql://...: memories and the chat log in PostgreSQL (pgvector) instead of `path`
    namespace: str = "default"
    half_life_days: float = 30.0
    recall_k: int = 5

    def problems(self) -> list[tuple[str, str]]:
        checks = [
            (self.half_life_days > 0, "half_life_days", "must be positive"),
            (
                not self.url or self.url.startswith(("postgresql://", "postgres://")),
                "url",
                "must be a postgresql:// URL (or empty: the SQLite file)",
            ),
        ]
        return [(key, problem) for ok, key, problem in checks if not ok]

    def file(self, data_dir: Path) -> Path:
        """The SQLite file: `path`, else memory.db in `data_dir`."""
        return Path(self.path).expanduser() if self.path else data_dir / "memory.db"

    def location(self, data_dir: Path) -> str | Path:
        """Where the memory lives: `url` (PostgreSQL) when set, else the SQLite file."""
        return self.url or self.file(data_dir)
