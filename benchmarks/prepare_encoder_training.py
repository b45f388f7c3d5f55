"""Pack what `guardrails/training/_encoder_train.py` needs to train the encoder adapter on a GPU machine that
has torch and transformers but not broca's other dependencies, in a folder small enough to carry:

- rows.jsonl.gz: every head's training rows (training splits only, the heads' validation slice
  marked), as `broca guardrails train-encoder` builds them;
- e5.bin.gz: multilingual-e5-small's 4-bit file with the word-table rows of tokens no row uses set
  to zero (they get no gradient and the adapter only touches the top layers), so that it compresses
  from 72 MB to about a third; the tokenizer tables are whole.

Then, there (see the README's guardrails section):

    gunzip -c bundle/e5.bin.gz > /tmp/e5.bin
    python3 guardrails/training/_encoder_train.py --rows bundle/rows.jsonl.gz --model /tmp/e5.bin \\
        --center memory/e5_center.npy --out OUT --config 10:32:6:5e-4

Usage here: .venv/bin/python benchmarks/prepare_encoder_training.py --out .bundle [--seed 0]
"""

from __future__ import annotations

import argparse
import gzip
import os
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    from assistant.shield.train import spam_head_rows
    from guardrails.training import default_data_dir, encoder_rows, write_rows
    from memory.embedder import E5File, checkpoint, e5_model_path

    args.out.mkdir(parents=True, exist_ok=True)
    rows = encoder_rows(default_data_dir(), seed=args.seed, spam_rows=spam_head_rows)
    write_rows(rows, args.out / "rows.jsonl.gz")
    used: set[int] = set()
    tokenize = checkpoint().tokenize
    texts = [r["text"] for r in rows]
    for start in range(0, len(texts), 4096):
        for ids in tokenize(texts[start : start + 4096]):
            used.update(ids)
    path = e5_model_path()
    model = E5File(path)
    raw = bytearray(path.read_bytes())
    offset, row_bytes = model.word_span()
    keep = np.zeros(model.word_blocks().shape[0], dtype=bool)
    keep[sorted(used)] = True
    for row in np.flatnonzero(~keep):
        start = offset + int(row) * row_bytes
        raw[start : start + row_bytes] = bytes(row_bytes)
    with gzip.open(args.out / "e5.bin.gz", "wb", compresslevel=6) as fh:
        fh.write(bytes(raw))
    sizes = {p.name: p.stat().st_size for p in args.out.iterdir()}
    print(f"RESULT rows={len(rows)} tokens_used={int(keep.sum())} " + " ".join(f"{k}={v}" for k, v in sizes.items()))


if __name__ == "__main__":
    main()
