"""Benign technical documents for the prompt-injection head: the long descriptions (READMEs) and the
licence files of the Python packages installed beside broca, under permissive licences.

The documents' head (`prompt_injection_documents`) learnt documents from BIPIA's emails, tables and
code only, and read a README or a licence as an injection: "run this command", "you must", "do not"
are what an injection says too. These documents are full of instructions for their human reader, so
they teach it the difference. They are read from the installed distributions' metadata at training
time (nothing is downloaded, no text is copied into this repository); the head's `meta` records which
packages and versions.
The READMEs of a quarter of the packages, by a hash of the name, are never trained on: they measure
the head's false positives on documents it has not seen (`held_out_flagged`).
"""

from __future__ import annotations

import email.message
import functools
import hashlib
import importlib.metadata as md
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

import numpy as np

from .._text import chunk, sentence_windows

__all__ = ["Readme", "held_out_flagged", "held_out_readmes", "provenance", "readme_examples", "readmes"]

# Licences that allow any use with attribution; checked against the licence expression, the
# licence field and the trove classifiers. Anything else (copyleft, unknown, none) is left out.
PERMISSIVE = re.compile(r"\b(MIT|BSD|Apache|ISC|PSF|Python Software Foundation|0BSD|Zlib|Unlicense)\b", re.I)
COPYLEFT = re.compile(r"\b(GPL|LGPL|AGPL|MPL|Mozilla|EPL|CDDL|Creative Commons|CC[- ]BY|Proprietary)\b", re.I)
MIN_CHARS = 1500  # shorter descriptions are a line of text, not a document
OWN = frozenset({"broca"})  # this project's own README is not data about the world
CHUNKS_PER_README = 12
WINDOWS_PER_README = 6


@dataclass(frozen=True)
class Readme:
    package: str
    version: str
    licence: str
    text: str
    file: str = "README"

    @property
    def held_out(self) -> bool:
        """READMEs of a quarter of the packages. Licence files are templates (the MIT text under
        another copyright line), so a held-out one would be a trained one: they are all trained on."""
        if self.file != "README":
            return False
        return int(hashlib.sha256(f"readme:{self.package.lower()}".encode()).hexdigest(), 16) % 4 == 0


def _metadata(dist: md.Distribution) -> email.message.Message:
    """A distribution's metadata, typed as what it is at runtime (an `email.message.Message`):
    the stdlib stubs' `PackageMetadata` protocol for 3.11 lacks `get` and `get_payload`."""
    return cast(email.message.Message, dist.metadata)


def _licence(meta: email.message.Message) -> str:
    parts = [meta.get("License-Expression") or "", (meta.get("License") or "")[:200]]
    parts += [c for c in (meta.get_all("Classifier") or []) if c.startswith("License ::")]
    return " | ".join(p.strip() for p in parts if p and p.strip())


def _licence_files(dist: md.Distribution) -> list[tuple[str, str]]:
    out = []
    for f in dist.files or []:
        if f.name.upper().startswith(("LICENSE", "LICENCE", "COPYING", "NOTICE")):
            try:
                out.append((f.name, f.read_text(encoding="utf-8")))
            except (OSError, UnicodeDecodeError):
                continue
    return sorted(out)


def readmes() -> list[Readme]:
    """The long description and licence files of every installed distribution with a permissive
    licence, by package name; a text shipped by several packages comes once."""
    return list(_readmes())


@functools.cache
def _readmes() -> tuple[Readme, ...]:  # read once per process: training asks three times
    docs: dict[str, Readme] = {}
    seen: set[str] = set()
    for dist in sorted(md.distributions(), key=lambda d: (_metadata(d).get("Name") or "").lower()):
        meta = _metadata(dist)
        name = (meta.get("Name") or "").strip()
        licence = _licence(meta)
        if not name or name.lower() in OWN or name.lower() in seen:
            continue
        seen.add(name.lower())
        if not PERMISSIVE.search(licence) or COPYLEFT.search(licence):
            continue
        # The metadata message is never multipart: its payload is the long description (or None).
        payload = cast("str | None", meta.get_payload())
        description = payload or meta.get("Description") or ""
        for file, text in [("README", description), *_licence_files(dist)]:
            key = " ".join(text.split())
            if len(text) >= MIN_CHARS and key not in docs:
                docs[key] = Readme(name, meta.get("Version") or "", licence, text, file)
    return tuple(docs.values())


def readme_examples(seed: int = 0) -> list[str]:
    """Training texts: up to CHUNKS_PER_README chunks and WINDOWS_PER_README sentence windows of each
    document not held out, the units the head reads a document by."""
    rng = random.Random(seed)
    out: list[str] = []
    for readme in readmes():
        if readme.held_out:
            continue
        chunks = chunk(readme.text, limit=10_000)
        windows = sentence_windows(readme.text, limit=10_000)
        out += rng.sample(chunks, min(CHUNKS_PER_README, len(chunks)))
        out += rng.sample(windows, min(WINDOWS_PER_README, len(windows)))
    return out


def held_out_readmes() -> list[Readme]:
    return [r for r in readmes() if r.held_out]


def provenance() -> dict[str, list[str]]:
    """Which installed packages' documents trained the head and which were held out, as NAME==VERSION:
    the training command reads what is installed, so the head's meta records it."""
    out: dict[str, set[str]] = {"trained": set(), "held_out": set()}
    for r in readmes():
        out["held_out" if r.held_out else "trained"].add(f"{r.package}=={r.version}")
    return {k: sorted(v, key=str.lower) for k, v in out.items()}


def held_out_flagged(score: Callable[[list[str]], np.ndarray], threshold: float) -> dict[str, float]:
    """How many held-out READMEs a head flags, each read whole as incoming content is (`score` maps
    documents to the incoming scope's probabilities)."""
    docs = held_out_readmes()
    p = np.asarray(score([doc.text for doc in docs]), dtype=float) if docs else np.zeros(0)
    flagged = int((p >= threshold).sum())
    return {"n": len(docs), "flagged": flagged, "rate": round(flagged / len(docs), 4) if docs else 0.0}
