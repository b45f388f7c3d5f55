"""Flag rates of the baseline pack's incoming categories (scam, manipulation) on TRAINING data only.

    .venv/bin/python benchmarks/fit_shield_categories.py [--mail 1500] [--cache-dir /tmp/cat/emb]

Reads the training side of the SMS and SpamAssassin hash split (`load(name, "train")`, never
"eval"), parses each message as `broca shield` does and scores it as the shield's guardrails pass
does: the whole text, in the energy's overlapping chunks, each category keeping its worst chunk.
Prints, per category and dataset, the share of ham and of spam flagged at the pack's threshold and
at a few others, to choose `threshold` (the target: at most a few percent of training ham flagged).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np

from assistant.shield.core import _clean
from assistant.shield.datasets import load
from assistant.shield.mail import UnreadableMessage, parse_message
from guardrails import ExemplarObjective, load_pack
from guardrails.training import apply_packs, chunk, embed_texts

THRESHOLDS = (0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.9)


def texts_of(name: str, limit: int | None) -> tuple[list[str], np.ndarray]:
    rows = load(name, "train")
    if limit and len(rows) > limit:  # an even spread over the file (ham and spam are stored in runs)
        rows = [rows[int(i)] for i in np.linspace(0, len(rows) - 1, limit)]
    texts, labels = [], []
    for i, row in enumerate(rows):
        try:
            msg = parse_message(row.text.encode("utf-8", "surrogateescape"), f"{i}", kind=row.kind)
        except UnreadableMessage:
            continue
        texts.append(_clean(msg.text) or " ")
        labels.append(row.label)
    return texts, np.array(labels)


def max_scores(objective: ExemplarObjective, texts: list[str], cache_dir: Path | None) -> np.ndarray:
    """Each text's p: the sigmoid of its best chunk's prototype score (p is monotone in it)."""
    pieces, owner = [], []
    for i, text in enumerate(texts):
        for part in chunk(text):
            pieces.append(part)
            owner.append(i)
    emb = embed_texts(pieces, cache_dir)
    pos, neg = objective.vectors()
    s = (emb @ pos.T).max(axis=1) - (emb @ neg.T).max(axis=1) - objective.margin
    best = np.full(len(texts), -np.inf)
    np.maximum.at(best, np.array(owner), s)
    return 1.0 / (1.0 + np.exp(-objective.sharpness * best))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mail", type=int, default=1500, help="SpamAssassin training messages (an even spread)")
    parser.add_argument("--sms", type=int, default=0, help="SMS training messages (0: all)")
    parser.add_argument("--cache-dir", type=Path, default=None, help="on-disk embedding cache for re-runs")
    args = parser.parse_args()
    objectives, _ = apply_packs([], [load_pack("baseline")])
    categories = [o for o in objectives if isinstance(o, ExemplarObjective)]
    for name, limit in (("sms-spam-collection", args.sms or None), ("spamassassin", args.mail)):
        texts, y = texts_of(name, limit)
        print(f"{name} train: {int((y == 0).sum())} ham, {int(y.sum())} spam")
        for cat in categories:
            p = max_scores(cat, texts, args.cache_dir)
            cells = []
            for t in sorted({*THRESHOLDS, cat.threshold}):
                mark = "*" if t == cat.threshold else " "
                cells.append(f"{mark}{t:.2f}: ham {np.mean(p[y == 0] >= t):6.2%} spam {np.mean(p[y == 1] >= t):6.2%}")
            print(f"  {cat.name} (sharpness {cat.sharpness:g})\n    " + "\n    ".join(cells))


if __name__ == "__main__":
    main()
