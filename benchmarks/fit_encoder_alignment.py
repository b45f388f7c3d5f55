"""Fit the multilingual encoder's alignment (`memory/e5_alignment.npz`), which the embedder applies to
every vector (`memory._bert.Checkpoint`):

1. `center`: the mean of e5's raw unit embeddings over varied training texts. e5's vectors share one
   large component (this mean has norm 0.88), so any two texts sit at cosine 0.75-0.95; centred,
   unrelated texts sit near 0 and paraphrases at 0.4-0.7, as with MiniLM, and similarity floors mean
   something again.
2. `transform`: (C_w + alpha I)^(-1/2), C_w the covariance of the differences between translations of
   the same request (the project's own 16-language training data: 320 requests, each in 16
   languages). It shrinks the directions that tell languages apart and keeps the others, so a
   question in one language finds a fact told in another before small talk in its own.

Training data only: Dolly questions, SMS ham, JADE-DB questions (their training splits) for the
centre; training-data/guardrails (benign look-alikes and harmful requests, translated seeds) for the
transform. ALPHA was chosen on half the facts of benchmarks/data/crosslingual_memory.jsonl (the
facts whose id hashes even; recall@5 with one store per fact language): alpha 0.001 / 0.002 / 0.004
gave 0.850 / 0.850 / 0.846 mean of cross-lingual and paraphrase recall there, against 0.77 without
the transform; the other half is reported apart. Usage:

    .venv/bin/python benchmarks/fit_encoder_alignment.py [--out memory/e5_alignment.npz] [--seed 0]

Refitting changes every vector: reindex memory stores, retrain the heads and the shield.
"""

from __future__ import annotations

import argparse
import json
import os
import random
from collections import defaultdict
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")

ALPHA = 0.002
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
    parser.add_argument("--out", type=Path, default=Path("memory/e5_alignment.npz"))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--alpha", type=float, default=ALPHA)
    args = parser.parse_args()

    from guardrails.training import PROJECT_DATA, default_data_dir, dolly, jade_db, sms_ham
    from memory.base.atomic import atomic_open
    from memory.embedder import BertEncoder, e5_checkpoint, e5_model_path

    root = default_data_dir()
    rng = random.Random(args.seed)
    texts = (
        rng.sample(dolly(root, evaluation=False), 800)
        + rng.sample(sms_ham(root, evaluation=False), 400)
        + rng.sample([t for t, _ in jade_db(root, evaluation=False)], 300)
    )
    raw = BertEncoder(e5_checkpoint(e5_model_path()))
    center = raw.encode(texts, batch_size=32).mean(axis=0).astype(np.float32)

    groups: dict[str, list[str]] = defaultdict(list)
    for name in ("benign_lookalikes", "harmful_requests"):
        with (PROJECT_DATA / "guardrails" / f"{name}.jsonl").open(encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                if not str(row["seed"]).startswith("o-"):  # originals have no translations
                    groups[f"{name}/{row['seed']}"].append(str(row["text"]))
    centred = BertEncoder(e5_checkpoint(e5_model_path(), center=center))
    differences = []
    for members in groups.values():
        vectors = centred.encode(members, batch_size=32)
        differences.append(vectors - vectors.mean(axis=0))
    d = np.concatenate(differences)
    eigenvalues, eigenvectors = np.linalg.eigh(d.T @ d / len(d))
    transform = (eigenvectors * (eigenvalues + args.alpha) ** -0.5) @ eigenvectors.T
    transform = (transform / np.linalg.norm(transform, 2)).astype(np.float32)  # scale is irrelevant
    with atomic_open(args.out) as fh:
        np.savez(fh, center=center, transform=transform, alpha=np.float32(args.alpha))
    aligned = BertEncoder(e5_checkpoint(e5_model_path(), center=center, transform=transform))
    for a, b in PAIRS:
        x, y = raw.encode([a, b])
        u, v = aligned.encode([a, b])
        print(f"{a[:32]:34s} {b[:32]:34s} raw {x @ y:.3f}  aligned {u @ v:.3f}")
    print(
        f"RESULT center_texts={len(texts)} translation_groups={len(groups)} alpha={args.alpha} "
        f"center_norm={np.linalg.norm(center):.4f} out={args.out}"
    )


if __name__ == "__main__":
    main()
