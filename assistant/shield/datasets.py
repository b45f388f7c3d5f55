"""The shared labelled data, split as `eval-data/SPLITS.md` says (never train on the eval side).

sms-spam-collection and spamassassin use the hash split: a row is evaluation data when
sha256(text) % 10 is 0, 1 or 2. bipia has its own train/test files; its clean contexts are the
negatives and the contexts with an attack inserted (end, start, middle) the positives.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import BrocaError

__all__ = ["DATASETS", "DatasetError", "Example", "default_data_root", "is_eval", "load"]

DATASETS = ("sms-spam-collection", "spamassassin", "bipia")


class DatasetError(BrocaError):
    exit_code = 66  # EX_NOINPUT


@dataclass(frozen=True)
class Example:
    text: str  # the message exactly as stored (raw RFC 822 for spamassassin)
    label: int  # 1 spam / attack, 0 ham / clean
    source: str
    kind: str  # "text", "mail" or "document": how the shield should parse it


def is_eval(text: str) -> bool:
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest(), 16) % 10 in (0, 1, 2)


def default_data_root() -> Path:
    """`$BROCA_EVAL_DATA`, else the project's shared eval-data folder next to the checkout."""
    env = os.environ.get("BROCA_EVAL_DATA")
    if env:
        return Path(env).expanduser()
    return Path(__file__).resolve().parents[3] / "shared" / "eval-data"


def _folder(root: Path, name: str) -> Path:
    path = root / name
    if not path.is_dir():
        raise DatasetError(f"dataset {name} not found under {root} (set --data or $BROCA_EVAL_DATA)")
    return path


def _sms(root: Path) -> Iterator[Example]:
    path = _folder(root, "sms-spam-collection") / "SMSSpamCollection"
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            label, _, text = line.rstrip("\n").partition("\t")
            yield Example(text, int(label == "spam"), "sms-spam-collection", "text")


def _spamassassin(root: Path) -> Iterator[Example]:
    path = _folder(root, "spamassassin") / "spamassassin_public_corpus.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            yield Example(row["text"], int(row["label"] == "spam"), "spamassassin", "mail")


def _bipia(root: Path, split: str) -> Iterator[Example]:
    from guardrails._data import insert_attack  # the heads' BIPIA construction: one definition for both

    folder = _folder(root, "bipia")
    side = "test" if split == "eval" else "train"
    text_attacks = json.loads((folder / f"text_attack_{side}.json").read_text(encoding="utf-8"))
    code_attacks = json.loads((folder / f"code_attack_{side}.json").read_text(encoding="utf-8"))
    contexts: list[tuple[str, dict[str, list[str]]]] = []
    for task, attacks in (("email", text_attacks), ("table", text_attacks), ("code", code_attacks)):
        with (folder / task / f"{side}.jsonl").open(encoding="utf-8") as handle:
            rows = [json.loads(line) for line in handle]
        if task == "table":
            rows = rows[:100]  # train has 900 tables: keep the three tasks balanced
        for row in rows:
            context = row["context"]
            contexts.append(("\n".join(context) if isinstance(context, list) else str(context), attacks))
    for i, (context, attacks) in enumerate(contexts):
        yield Example(context, 0, "bipia", "document")
        strings = [a for group in attacks.values() for a in group]
        # One attack per context and position, rotating through the attack list: every attack is
        # used, every context appears clean and attacked, and the set stays small enough to run.
        for j, position in enumerate(("end", "start", "middle")):
            attack = strings[(3 * i + j) % len(strings)]
            yield Example(insert_attack(context, attack, position), 1, "bipia", "document")


def load(name: str, split: str, root: Path | None = None) -> list[Example]:
    """The `split` ("train" or "eval") side of dataset `name`."""
    if split not in ("train", "eval"):
        raise ValueError(split)
    root = root or default_data_root()
    if name == "bipia":
        return list(_bipia(root, split))
    if name == "sms-spam-collection":
        rows = _sms(root)
    elif name == "spamassassin":
        rows = _spamassassin(root)
    else:
        raise DatasetError(f"unknown dataset {name!r} (known: {', '.join(DATASETS)})")
    want_eval = split == "eval"
    return [row for row in rows if is_eval(row.text) == want_eval]
