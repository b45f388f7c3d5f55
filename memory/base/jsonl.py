"""JSON Lines, read one way everywhere, and the one byte-order-mark rule.

A byte-order mark (U+FEFF, which Notepad and some exporters write first) is never content: not a
record, not TOML, not a CSV header. Every reader that takes text from a file strips it with
`strip_bom`, once, at the start of the text.

Blank lines (a trailing newline, a blank line between records) are no records, in every reader.
How a line that is not JSON is reported stays with the reader (each names its file, line and
problem in its own command's words); `read_jsonl` lets json's error through for its callers to name.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

__all__ = ["BOM", "jsonl_lines", "read_jsonl", "strip_bom"]

BOM = "\ufeff"


def strip_bom(text: str) -> str:
    """`text` without a byte-order mark at its start."""
    return text.removeprefix(BOM)


def jsonl_lines(lines: Iterable[str]) -> Iterator[tuple[int, str]]:
    """(line number from 1, line) for each line of a JSONL text that holds something: a byte-order
    mark before the first is dropped, blank lines are skipped (their numbers still count)."""
    for number, line in enumerate(lines, start=1):
        if number == 1:
            line = strip_bom(line)
        if line.strip():
            yield number, line


def read_jsonl(path: Path) -> Iterator[Any]:
    """The records of a JSONL data file, gzip-compressed where its name ends in `.gz`. A line that is
    not JSON raises json's JSONDecodeError (a ValueError); a file that cannot be read, OSError."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:  # type: ignore[operator]
        for _, line in jsonl_lines(handle):
            yield json.loads(line)
