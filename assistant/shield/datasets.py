"""The shared labelled data, split as `eval-data/SPLITS.md` says (never train on the eval side).

sms-spam-collection, spamassassin, thai-sms-spam and smishing-mishra-soni use the hash split: a row is
evaluation data when sha256(text) % 10 is 0, 1 or 2. bipia has its own train/test files; its clean
contexts are the negatives and the contexts with an attack inserted (end, start, middle) the
positives. phishing-pot is evaluation only (CC BY-NC: nothing shipped learns from it): all of it is
its evaluation side, scored as mail. `project` is the corpus the project wrote
(training-data/shield: modern scams and legitimate look-alikes in 16 languages): training only.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from memory.base.errors import DatasetError
from memory.base.jsonl import read_jsonl

__all__ = [
    "BIPIA_TASKS",
    "DATASETS",
    "DatasetError",
    "Example",
    "bipia",
    "default_data_root",
    "evenly_spaced",
    "is_eval",
    "load",
]

DATASETS = ("sms-spam-collection", "spamassassin", "bipia", "thai-sms-spam", "smishing-mishra-soni", "phishing-pot")
# The project's own corpus, in a checkout (not in the installed wheel).
PROJECT_CORPUS = Path(__file__).resolve().parents[2] / "training-data" / "shield"


@dataclass(frozen=True)
class Example:
    text: str  # the message exactly as stored (raw RFC 822 for spamassassin)
    label: int  # 1 spam / attack, 0 ham / clean
    source: str
    kind: str  # "text", "mail" or "document": how the shield should parse it
    lang: str = ""  # where the dataset says


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
    for row in read_jsonl(path):
        yield Example(row["text"], int(row["label"] == "spam"), "spamassassin", "mail")


BIPIA_TASKS = ("email", "table", "code")


def bipia(root: Path, split: str, tasks: tuple[str, ...] = BIPIA_TASKS) -> Iterator[Example]:
    """BIPIA's contexts of `tasks`, each clean and with an attack at its end, start and middle."""
    from guardrails.training import insert_attack  # the heads' BIPIA construction: one definition for both

    folder = _folder(root, "bipia")
    side = "test" if split == "eval" else "train"
    text_attacks = json.loads((folder / f"text_attack_{side}.json").read_text(encoding="utf-8"))
    code_attacks = json.loads((folder / f"code_attack_{side}.json").read_text(encoding="utf-8"))
    contexts: list[tuple[str, dict[str, list[str]]]] = []
    for task, attacks in (("email", text_attacks), ("table", text_attacks), ("code", code_attacks)):
        if task not in tasks:
            continue
        rows = list(read_jsonl(folder / task / f"{side}.jsonl"))
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


def _thai(root: Path) -> Iterator[Example]:
    # category: scam and spam are spam; legit and legit_otp (one-time codes) are ham; `conflict` rows
    # (the labellers split evenly) are left out.
    for row in read_jsonl(_folder(root, "thai-sms-spam") / "data.jsonl"):
        category = row.get("category")
        if category in ("scam", "spam", "legit", "legit_otp"):
            label = int(category in ("scam", "spam"))
            yield Example(str(row["text"]), label, "thai-sms-spam", "text", str(row.get("lang", "")))


def _smishing(root: Path) -> Iterator[Example]:
    for row in read_jsonl(_folder(root, "smishing-mishra-soni") / "data.jsonl"):
        yield Example(str(row["text"]), int(row["label"] != "ham"), "smishing-mishra-soni", "text", "en")


def _phishing_pot(root: Path) -> Iterator[Example]:
    # The copy holds each mail's sender, subject, date and body text, not its raw headers: each is
    # put back together as a plain RFC 822 message, so that it is scored as mail.
    from email.message import EmailMessage
    from email.policy import SMTP

    for row in read_jsonl(_folder(root, "phishing-pot") / "data.jsonl"):
        subject, _, body = str(row["text"]).partition("\n\n")
        message = EmailMessage(policy=SMTP)
        for header, value in (("From", row.get("from")), ("Subject", row.get("subject") or subject)):
            if value:
                try:
                    message[header] = " ".join(str(value).split())
                except (ValueError, TypeError):
                    message[header] = "unreadable"
        message["Date"] = str(row.get("date") or "")
        message.set_content(body or subject)
        text = message.as_bytes().decode("utf-8", "surrogateescape")
        yield Example(text, 1, "phishing-pot", "mail", str(row.get("lang", "")))


def project_corpus() -> list[Example]:
    """training-data/shield/{scams,legit}.jsonl, or nothing outside a checkout."""
    out: list[Example] = []
    for name, label in (("scams", 1), ("legit", 0)):
        path = PROJECT_CORPUS / f"{name}.jsonl"
        if path.exists():
            for row in read_jsonl(path):
                kind = "mail" if row.get("channel") == "email" else "text"
                out.append(Example(str(row["text"]), label, f"project-{name}", kind, str(row.get("lang", ""))))
    return out


def evenly_spaced(rows: list[Example], n: int) -> list[Example]:
    """At most `n` of `rows`, evenly spaced through them (a sample that keeps the set's order and mix)."""
    return rows[:: max(1, len(rows) // n)][:n]


def load(name: str, split: str, root: Path | None = None) -> list[Example]:
    """The `split` ("train" or "eval") side of dataset `name`."""
    if split not in ("train", "eval"):
        raise ValueError(split)
    root = root or default_data_root()
    if name == "bipia":
        return list(bipia(root, split))
    if name == "sms-spam-collection":
        rows = _sms(root)
    elif name == "spamassassin":
        rows = _spamassassin(root)
    elif name == "thai-sms-spam":
        rows = _thai(root)
    elif name == "smishing-mishra-soni":
        rows = _smishing(root)
    elif name == "phishing-pot":
        return list(_phishing_pot(root)) if split == "eval" else []  # evaluation only
    else:
        raise DatasetError(f"unknown dataset {name!r} (known: {', '.join(DATASETS)})")
    want_eval = split == "eval"
    return [row for row in rows if is_eval(row.text) == want_eval]
