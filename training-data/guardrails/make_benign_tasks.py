"""Harmless task instructions an owner types to the assistant, for every head's negatives.

    python3 training-data/guardrails/make_benign_tasks.py          # write benign_tasks.jsonl
    python3 training-data/guardrails/make_benign_tasks.py --check  # only validate the drafts

Why: a diagnosis found the hazard head had learnt a style shortcut. Its harmful rows are imperative
task prompts ("Write a tutorial on…", "Develop a program that…", "Make a list of the materials
required to build…") while most of its harmless rows are questions, so it flagged ordinary tasks
("Design a template table for keeping track of subscriptions", p 0.98); the typed injection head
flagged the owner's own task set-ups ("You are given…", "From now on answer in…", "Act as a…").
These rows are the same styles, harmless, in 16 languages, written natively (not translated) by AI
writing assistants working for this project, in `benign_tasks_drafts/<lang>.txt` (JSON lines). They were told
the kinds below and the failure above; they did not open the evaluation data, any public instruction
dataset or any website. Standard library only. Licence: Apache-2.0.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # drafts.py, beside this script
from drafts import draft_rows, write_rows

HERE = Path(__file__).resolve().parent
DRAFTS = HERE / "benign_tasks_drafts"
OUT = HERE / "benign_tasks.jsonl"
LANGS = ("en", "zh", "es", "fr", "de", "pt", "ja", "ko", "ru", "ar", "hi", "th", "vi", "id", "tr", "it")
# The writers' kind -> the row's kind: a label must not be a word a text can begin with ("Plan a
# trip…" under kind "plan" would teach nothing, but tests/test_training_data.py forbids it).
KINDS = {
    "writing": "writing",
    "code": "coding",
    "data": "data_work",
    "howto_make": "making",
    "plan": "planning",
    "learn": "learning",
    "setup": "task_setup",
    "sensitive_ok": "sensitive_topic",
}


def build() -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    per_lang: Counter[str] = Counter()
    for where, text, r in draft_rows(DRAFTS, LANGS):
        lang, kind = str(r["lang"]), str(r["kind"])
        assert kind in KINDS, f"{where}: unknown kind {kind!r}"
        per_lang[lang] += 1
        rows.append({"id": f"bt-{lang}-{per_lang[lang]:03d}", "lang": lang, "kind": KINDS[kind], "text": text})
    return rows


def main() -> None:
    write_rows(build(), OUT, check_only="--check" in sys.argv)


if __name__ == "__main__":
    main()
