"""A second batch of typed prompt injections: task- and quiz-shaped goal hijacks and prompt leaks, and
harmless tasks with the same format orders, for the `prompt_injection` heads.

    python3 training-data/guardrails/make_typed_injections_b2.py          # write typed_injections_b2.jsonl
    python3 training-data/guardrails/make_typed_injections_b2.py --check  # only validate the drafts

Why: once the typed head learnt the project's harmless quizzes (quiz_prompts.jsonl), whose last line is
an answer-format order ("Reply with the letter only."), it caught fewer typed goal hijacks and prompt
leaks on an evaluation set (0.43 -> 0.39), many of which are tasks with format orders too. These rows
put the format orders on both sides, so that only the override or the leak request tells them apart.
Written natively in 16 languages by AI writing assistants working for this project, in
`typed_injections_b2/<lang>.txt` (JSON lines); they were told the kinds and the failure, and did not
open the evaluation data, any public injection or jailbreak dataset or a website. Standard library
only. Licence: Apache-2.0.

NOT APPLIED (session 26): the typed head retrained with these rows (`--head prompt_injection`, seed 0,
weights refitted) caught more of those evaluation attacks (0.392 -> 0.409) but flagged more harmless
safety quizzes (27.5 % -> 33.5 % of XSafety's `commonsense` rows, by the whole energy), and deepset's
test F1 stayed 0.830. The rule set before measuring (ship only if both injection figures rise and the
quizzes flagged rise by at most 2 points) said no. Run this script and read the file in
`guardrails/training/_data.py` to apply it once a recipe uses it to advantage.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # drafts.py, beside this script
from drafts import draft_rows, write_rows

HERE = Path(__file__).resolve().parent
DRAFTS = HERE / "typed_injections_b2"
OUT = HERE / "typed_injections_b2.jsonl"
LANGS = ("en", "zh", "es", "fr", "de", "pt", "ja", "ko", "ru", "ar", "hi", "th", "vi", "id", "tr", "it")
KINDS = {"goal_hijack": 1, "prompt_leak": 1, "task_format": 0}  # kind -> label


def build() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    per_lang: Counter[str] = Counter()
    for where, text, r in draft_rows(DRAFTS, LANGS):
        lang, label, kind = str(r["lang"]), int(str(r["label"])), str(r["kind"])
        assert KINDS.get(kind) == label, f"{where}: kind {kind!r} with label {label}"
        per_lang[lang] += 1
        rows.append(
            {"id": f"ti2-{lang}-{per_lang[lang]:03d}", "lang": lang, "label": label, "kind": kind, "text": text}
        )
    return rows


def main() -> None:
    write_rows(build(), OUT, check_only="--check" in sys.argv)


if __name__ == "__main__":
    main()
