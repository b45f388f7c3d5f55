"""API keys for `broca serve`: made once, shown once, stored as hashes.

A key is 32 random bytes (URL-safe base64 behind a `broca-` prefix). Only its SHA-256 is written:
a key has 256 bits of entropy, so a slow password hash would add nothing but latency per request.
Each key names the memory namespace its requests read and write; two keys see each other's
memories only when they were given the same namespace on purpose.

The file is rewritten atomically, with owner-only permissions, and re-read by a running server when
it changes, so that `broca serve keys revoke` takes effect at the next request.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from memory.base.atomic import atomic_write
from memory.base.errors import KeyFileError

__all__ = ["KEY_PREFIX", "ApiKey", "KeyFileError", "KeyStore", "keys_path"]

KEY_PREFIX = "broca-"
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


@dataclass(frozen=True)
class ApiKey:
    name: str
    namespace: str
    sha256: str
    prefix: str  # the first characters of the key, to tell keys apart in `keys list`
    created: float
    revoked: float | None = None

    @property
    def active(self) -> bool:
        return self.revoked is None

    def public(self) -> dict[str, Any]:
        """What `keys list` shows: everything but the hash."""
        return {k: v for k, v in asdict(self).items() if k != "sha256"} | {"active": self.active}


def keys_path(data_dir: Path) -> Path:
    return data_dir / "serve-keys.json"


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


class KeyStore:
    """The key file, cached until its modification time or size changes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._stamp: tuple[int, int] | None = None
        self._keys: list[ApiKey] = []

    def _read(self) -> list[ApiKey]:
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            self._stamp, self._keys = None, []
            return []
        stamp = (stat.st_mtime_ns, stat.st_size)
        if stamp == self._stamp:
            return self._keys
        try:
            records = json.loads(self.path.read_text(encoding="utf-8"))
            keys = [ApiKey(**record) for record in records["keys"]]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise KeyFileError(f"{self.path}: not a broca key file ({exc})") from None
        self._stamp, self._keys = stamp, keys
        return keys

    def all(self) -> list[ApiKey]:
        with self._lock:
            return list(self._read())

    def any_active(self) -> bool:
        return any(k.active for k in self.all())

    def lookup(self, key: str) -> ApiKey | None:
        """The active key whose hash matches, compared in constant time."""
        digest = _digest(key)
        found = None
        for candidate in self.all():
            if hmac.compare_digest(candidate.sha256, digest) and candidate.active:
                found = candidate
        return found

    def _write(self, keys: list[ApiKey]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = json.dumps({"keys": [asdict(k) for k in keys]}, indent=1) + "\n"
        atomic_write(self.path, data, perms=0o600)

    def add(self, name: str, namespace: str | None = None) -> tuple[ApiKey, str]:
        """A new key: its record and the key itself, which is not stored and cannot be shown again."""
        if not NAME.match(name):
            raise KeyFileError(f"key name {name!r}: use 1-64 letters, digits, '.', '_' or '-'")
        namespace = namespace if namespace is not None else name
        if not namespace.strip():
            raise KeyFileError("the namespace is empty")
        with self._lock:
            keys = self._read()
            if any(k.name == name and k.active for k in keys):
                raise KeyFileError(f"a key named {name!r} exists: revoke it first or choose another name")
            secret = KEY_PREFIX + secrets.token_urlsafe(32)
            record = ApiKey(name=name, namespace=namespace, sha256=_digest(secret), prefix=secret[:10],
                            created=round(time.time(), 3))  # fmt: skip
            self._write([*keys, record])
            return record, secret

    def revoke(self, name: str) -> ApiKey:
        with self._lock:
            keys = self._read()
            if not any(k.name == name and k.active for k in keys):
                raise KeyFileError(f"no active key named {name!r}")
            now = round(time.time(), 3)
            updated = [ApiKey(**{**asdict(k), "revoked": now}) if k.name == name and k.active else k for k in keys]
            self._write(updated)
            return next(k for k in updated if k.name == name and k.revoked == now)
