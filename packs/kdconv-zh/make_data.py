"""Regenerate this pack's chat data from the KdConv corpus (Apache-2.0, thu-coai/KdConv).

    .venv/bin/python packs/kdconv-zh/make_data.py /work/shared/eval-data

It also writes examples.jsonl, the labelled texts of the pack's guardrail category, from the
*train* split of COLD (Chinese offensive language, Apache-2.0, thu-coai/COLDataset): a seeded
sample of 300 offensive and 300 safe comments.

KdConv holds human-human conversations about films, music and travel. Following the corpus notes,
even-indexed turns become `user` and odd-indexed turns `assistant`; the knowledge triples (`attrs`)
are dropped. Conversations are split by the project's hash split on the first utterance
(SPLITS.md): the training side goes to chat.jsonl, the evaluation side to heldout.jsonl, which is
never trained on and only measures held-out perplexity. A conversation (20-30 turns, about 1,200
tokens for SmolLM2's tokenizer) is cut into windows of at most 6 turns, each with the system
prompt, so that examples fit 512-token rows without truncation; the split is decided before.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
WINDOW = 6  # turns per example (3 exchanges)
SYSTEM = "你是一个熟悉电影、音乐和旅游的中文聊天伙伴，回答简短、自然、准确。"


def is_eval(first_utterance: str) -> bool:
    return int(hashlib.sha256(first_utterance.encode("utf-8")).hexdigest(), 16) % 10 in (0, 1, 2)


def write_jsonl(path: Path, rows: list[dict]) -> None:
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    os.replace(tmp, path)


def cold_examples(path: Path, per_label: int = 300, seed: int = 0) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    out: list[dict] = []
    for label, name in (("1", "offensive"), ("0", "safe")):
        texts = sorted({r["TEXT"].strip() for r in rows if r["label"] == label and r["TEXT"].strip()})
        out += [{"text": t, "label": name} for t in random.Random(seed).sample(texts, per_label)]
    random.Random(seed).shuffle(out)
    return out


def main(shared: Path) -> None:
    source = shared / "kdconv-chinese-dialogue"
    train: list[dict] = []
    held: list[dict] = []
    for domain in ("film", "music", "travel"):
        for split in ("dev", "test"):
            for conversation in json.loads((source / domain / f"{split}.json").read_text(encoding="utf-8")):
                turns = [m["message"].strip() for m in conversation["messages"]]
                if len(turns) % 2:  # end on an assistant turn
                    turns = turns[:-1]
                side = held if is_eval(turns[0]) else train
                n_windows = -(-len(turns) // WINDOW)
                size = -(-len(turns) // n_windows // 2) * 2  # balanced, even: each window ends on an answer
                for start in range(0, len(turns), size):
                    window = turns[start : start + size]
                    messages = [{"role": "system", "content": SYSTEM}]
                    messages += [
                        {"role": "user" if i % 2 == 0 else "assistant", "content": text}
                        for i, text in enumerate(window)
                    ]
                    side.append({"messages": messages})
    write_jsonl(HERE / "chat.jsonl", train)
    write_jsonl(HERE / "heldout.jsonl", held)
    examples = cold_examples(shared / "cold-chinese-offensive" / "train.csv")
    write_jsonl(HERE / "examples.jsonl", examples)
    print(f"chat.jsonl: {len(train)} conversations; heldout.jsonl: {len(held)}; examples.jsonl: {len(examples)}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/eval-data"))
