"""One SQL helper the SQLite modules share: a query over a list of values, `IN (...)` in chunks."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

# SQLite caps the host parameters of one statement (32,766 since 3.32, 999 before): a long list of ids
# or hashes is asked for in chunks.
IN_CHUNK = 500


def rows_in(conn: Any, sql: str, values: Sequence[Any], *params: Any) -> Iterator[Any]:
    """Every row of `sql` over `values`, a chunk at a time: `{marks}` in `sql` becomes the chunk's
    placeholders, and `params` are bound after the chunk's values."""
    for start in range(0, len(values), IN_CHUNK):
        part = list(values[start : start + IN_CHUNK])
        yield from conn.execute(sql.replace("{marks}", ",".join("?" * len(part))), [*part, *params])
