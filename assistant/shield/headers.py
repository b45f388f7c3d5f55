"""spamc-style output: the message back with X-Broca-Verdict, X-Broca-Score and X-Broca-Reasons.

The new headers go at the top of the header block (after an mbox 'From ' line); X-Broca-* headers
already in the message are dropped, so a sender cannot pre-stamp their mail as delivered. The rest
of the message is copied byte for byte.
"""

from __future__ import annotations

import re

from .core import ShieldResult

__all__ = ["add_headers", "broca_headers"]

_OURS = re.compile(rb"(?i)^x-broca-[a-z-]*:")


def _fold(name: str, value: str, eol: str) -> str:
    """One header, ASCII only, folded at about 78 columns."""
    value = value.encode("ascii", "replace").decode("ascii").replace("\r", " ").replace("\n", " ")
    words = value.split(" ")
    lines: list[str] = []
    line = f"{name}:"
    for word in words:
        if len(line) + 1 + len(word) > 78 and line.strip():
            lines.append(line)
            line = "\t" + word
        else:
            line = f"{line} {word}"
    lines.append(line)
    return eol.join(lines) + eol


def broca_headers(result: ShieldResult, eol: str = "\n") -> str:
    score = result.to_dict()["energy"]
    reasons = "; ".join(r.split(":")[0] for r in result.reasons) or "none"
    return (
        _fold("X-Broca-Verdict", result.verdict, eol)
        + _fold("X-Broca-Score", f"{score} p_spam={result.p_spam:.4f}", eol)
        + _fold("X-Broca-Reasons", reasons, eol)
    )


def add_headers(raw: bytes, result: ShieldResult) -> bytes:
    eol = "\r\n" if b"\r\n" in raw[:4096] else "\n"
    lines = raw.splitlines(keepends=True)
    start = 1 if lines and lines[0].startswith(b"From ") else 0
    head_end = next((i for i in range(start, len(lines)) if not lines[i].strip(b"\r\n")), len(lines))
    if result.kind != "mail":
        head_end = start  # plain text: no header block to clean, ours become its header block
    kept: list[bytes] = []
    dropping = False
    for line in lines[start:head_end]:
        if line[:1] in (b" ", b"\t") and dropping:
            continue
        dropping = bool(_OURS.match(line))
        if not dropping:
            kept.append(line)
    ours = broca_headers(result, eol).encode("ascii")
    separator = eol.encode("ascii") if result.kind != "mail" else b""
    return b"".join([*lines[:start], ours, *kept, separator, *lines[head_end:]])
