"""The writers' drafts, read one way for every builder: `<lang>.txt` files of one JSON object per line.
Standard library only. Licence: Apache-2.0."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path


def draft_rows(folder: Path, langs: Sequence[str]) -> Iterator[tuple[str, str, dict[str, object]]]:
    """(where, text, row) of every draft row, language by language in `langs` order; `where` is
    `file:line` for messages and `text` the row's stripped text. A text met before (a writer's
    accidental repeat) counts once; a row in another language's file, or without text, is an error."""
    seen: set[str] = set()
    for lang in langs:
        path = folder / f"{lang}.txt"
        if not path.exists():
            continue
        for k, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            row = json.loads(line)
            where, text = f"{path}:{k}", str(row["text"]).strip()
            assert row["lang"] == lang, f"{where}: lang {row['lang']!r} in the {lang} file"
            assert text, f"{where}: empty text"
            if text not in seen:
                seen.add(text)
                yield where, text, row


def write_rows(rows: Sequence[Mapping[str, object]], out: Path, check_only: bool) -> None:
    """Print the rows' counts by language and kind; unless `check_only`, write them to `out` as JSON
    lines, atomically (a temporary file beside it, then renamed)."""
    by_lang = Counter(str(r["lang"]) for r in rows)
    by_kind = Counter(str(r["kind"]) for r in rows)
    print(f"{len(rows)} rows; by language {dict(by_lang)}; by kind {dict(by_kind)}")
    if check_only:
        return
    tmp = out.with_suffix(".tmp")
    tmp.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    tmp.replace(out)
