"""Prompt injection in mail, through the shield as it runs by default (cascade, guardrails on).

BIPIA's e-mail test contexts (evaluation split; nothing is tuned on it) are sent as mail, once clean
and once with a test attack planted at the end, start and middle (BIPIA's construction, the attacks
taken in turn), beside an evenly spaced sample of SpamAssassin's evaluation ham and spam. For each
set: the share of messages stopped (any reason); the share stopped by guardrails' terms alone
(delivered by the shield's own terms, stopped with guardrails: in the default energy only prompt
injection can do that); the share whose injection term flagged (stopped messages are read too, in
their opening); its median p; and messages scanned a second with guardrails.

    .venv/bin/python benchmarks/shield_mail_injection.py [--heads DIR] [--model DIR] [--ham 300] [--spam 100]

`--heads` and `--model` swap in a guardrails heads folder and a shield model (the shipped ones by
default), to compare a retrain with what ships in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from email.message import EmailMessage
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.shield import DELIVER, Shield, ShieldResult, external_objectives, parse_message
from assistant.shield.datasets import bipia, default_data_root, evenly_spaced, load
from assistant.shield.mail import ParsedMessage
from assistant.shield.model import Artifact
from guardrails.config import GuardrailsConfig


def as_mail(body: str, number: int) -> ParsedMessage:
    message = EmailMessage()
    message["From"] = f"Sender {number} <sender{number}@example.com>"
    message["To"] = "owner@example.org"
    message["Subject"] = body.strip().split("\n")[0][:60]
    message.set_content(body)
    return parse_message(message.as_bytes(), f"bipia-{number}", kind="mail")


def bipia_mail(root: Path) -> tuple[list[ParsedMessage], list[ParsedMessage]]:
    """The shield's own BIPIA evaluation rows (`broca shield eval --dataset bipia`), e-mail task only,
    sent as mail: context k clean as sender k, its attacked copies (end, start, middle) as senders
    1000 + 3k + 0, 1, 2 (the senders' numbers are words the spam terms read: kept as first measured)."""
    rows = list(bipia(root, "eval", tasks=("email",)))  # per context: clean, then its three attacked copies
    clean = [as_mail(r.text, n // 4) for n, r in enumerate(rows) if n % 4 == 0]
    attacked = [as_mail(r.text, 1000 + 3 * (n // 4) + n % 4 - 1) for n, r in enumerate(rows) if n % 4]
    return clean, attacked


def injection(result: ShieldResult) -> tuple[bool, float | None]:
    term = next((t for t in result.terms if t.name == "prompt_injection"), None)
    return (term is not None and term.flagged), (term.p if term is not None else None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--heads", default="", help="guardrails heads folder (default: the shipped heads)")
    parser.add_argument("--model", type=Path, default=None, help="shield model folder (default: the shipped one)")
    parser.add_argument("--ham", type=int, default=300, help="SpamAssassin evaluation ham mails (evenly spaced)")
    parser.add_argument("--spam", type=int, default=100, help="SpamAssassin evaluation spam mails (evenly spaced)")
    parser.add_argument("--data", type=Path, default=None, help="the eval-data folder (default: shared)")
    args = parser.parse_args()
    root = args.data or default_data_root()
    artifact = Artifact.load(args.model) if args.model else Artifact.load()
    shield = Shield(artifact, external=external_objectives(GuardrailsConfig(heads=args.heads)))
    own_only = Shield(artifact)
    clean, attacked = bipia_mail(root)
    sa = load("spamassassin", "eval", root)
    ham, spam = [r for r in sa if not r.label], [r for r in sa if r.label]
    sets = {
        "bipia_clean": clean,
        "bipia_attacked": attacked,
        "sa_ham": [parse_message(r.text, f"sa-{i}", kind=r.kind) for i, r in enumerate(evenly_spaced(ham, args.ham))],
        "sa_spam": [
            parse_message(r.text, f"sa-{i}", kind=r.kind) for i, r in enumerate(evenly_spaced(spam, args.spam))
        ],
    }
    print(f"mail cut of the injection term: {artifact.external_at.get('prompt_injection', {}).get('mail')}")
    shield.scan(clean[:2])  # warm-up: heads and encoder loaded
    figures: dict[str, dict[str, float]] = {}
    for name, messages in sets.items():
        if not messages:
            continue
        started = time.perf_counter()
        results: list[ShieldResult] = []  # timed: the guarded scan only
        for k in range(0, len(messages), 64):
            results += shield.scan(messages[k : k + 64])
        seconds = time.perf_counter() - started
        own = [r.verdict != DELIVER for k in range(0, len(messages), 64) for r in own_only.scan(messages[k : k + 64])]
        read = [injection(r) for r in results]
        ps = [p for _, p in read if p is not None]
        stopped = [r.verdict != DELIVER for r in results]
        figures[name] = {
            "n": len(results),
            "stopped": round(sum(stopped) / len(results), 4),
            "stopped_by_guardrails": round(
                sum(g and not o for g, o in zip(stopped, own, strict=True)) / len(results), 4
            ),
            "injection_flagged": round(sum(flag for flag, _ in read) / len(results), 4),
            "injection_read": round(len(ps) / len(results), 4),
            "injection_p_median": round(statistics.median(ps), 4) if ps else -1.0,
            "per_s": round(len(results) / seconds, 2),
        }
        print(name, json.dumps(figures[name]), flush=True)
    print(
        "RESULT "
        + " ".join(f"{name}_{key}={value}" for name, row in figures.items() for key, value in row.items() if key != "n")
    )


if __name__ == "__main__":
    main()
