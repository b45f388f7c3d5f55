"""Fit the centre of the multilingual encoder (`memory/e5_center.npy`): the mean of its raw unit
embeddings over varied training texts in many languages, which the embedder subtracts from every
vector before normalising it again (see `memory._bert.Checkpoint.center`).

Training splits only: Dolly answers' questions, SMS ham, JADE-DB questions (Chinese), and the
project's own benign look-alike requests in 16 languages (training-data/guardrails). Then it prints
the cosine of a few related and unrelated pairs, raw and centred. Usage:

    .venv/bin/python benchmarks/fit_encoder_center.py [--out memory/e5_center.npy] [--seed 0]
"""

from __future__ import annotations

import argparse
import os
import random
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")

PAIRS = [
    ("Where do I live?", "I live in Tallinn."),
    ("我住在哪里？", "I live in Tallinn."),
    ("How do I kill a Python process?", "How to terminate a running program"),
    ("Where do I live?", "My dog's name is Rex."),
    ("How do I bake bread?", "I live in Tallinn."),
    ("Tell me a joke", "Quarterly tax filing deadline"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("memory/e5_center.npy"))
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    from guardrails._data import default_data_dir, dolly, jade_db, project_rows, sms_ham
    from memory._bert import BertEncoder, e5_checkpoint
    from memory._e5 import e5_model_path

    root = default_data_dir()
    rng = random.Random(args.seed)
    lookalikes = [str(r["text"]) for r in project_rows("benign_lookalikes")]
    texts = (
        rng.sample(dolly(root, evaluation=False), 800)
        + rng.sample(sms_ham(root, evaluation=False), 400)
        + rng.sample([t for t, _ in jade_db(root, evaluation=False)], 300)
        + rng.sample(lookalikes, min(800, len(lookalikes)))
    )
    raw = BertEncoder(e5_checkpoint(e5_model_path(), center=None))
    center = raw.encode(texts, batch_size=32).mean(axis=0).astype(np.float32)
    tmp = args.out.with_suffix(".tmp.npy")
    np.save(tmp, center)
    os.replace(tmp, args.out)
    centred = BertEncoder(e5_checkpoint(e5_model_path(), center=center))
    for a, b in PAIRS:
        x, y = raw.encode([a, b])
        u, v = centred.encode([a, b])
        print(f"{a[:32]:34s} {b[:32]:34s} raw {x @ y:.3f}  centred {u @ v:.3f}")
    print(f"RESULT texts={len(texts)} center_norm={np.linalg.norm(center):.4f} out={args.out}")


if __name__ == "__main__":
    main()
