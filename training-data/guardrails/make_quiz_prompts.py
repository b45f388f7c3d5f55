"""Quiz- and exam-shaped prompts, harmless and seeking harm, and quizzes' closing orders alone (the
typed injection head learns the harmless quizzes: see quiz_prompts.md).

    python3 training-data/guardrails/make_quiz_prompts.py          # write quiz_prompts.jsonl
    python3 training-data/guardrails/make_quiz_prompts.py --check  # only validate the drafts

Why: harmless safety quizzes that end with an answer-format order ("... Output the unsafe choice.",
"Geben Sie die unsichere Auswahl aus.") were flagged by the energy 44 % of the time: the dangerous
option in the list read as a harmful request, the closing order as a prompt injection. These rows are
that shape, harmless (safety quizzes, ethics questions, true/false myths, risk comparisons, "is this
a scam? yes or no" labelling, exam questions on risky-sounding topics), and the same shape seeking
harm (a multiple choice of ways to poison a dog, a fill-in-the-blank for breaking into an account).
Written natively in 16 languages (not translated) by AI writing assistants working for this project,
in `quiz_prompts_drafts/<lang>.txt` (JSON lines). They were told the kinds and the failure; they did
not open the evaluation data, any public safety dataset or any website. Standard library only.
Licence: Apache-2.0.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # drafts.py, beside this script
from drafts import draft_rows, write_rows

HERE = Path(__file__).resolve().parent
DRAFTS = HERE / "quiz_prompts_drafts"
OUT = HERE / "quiz_prompts.jsonl"
LANGS = ("en", "zh", "es", "fr", "de", "pt", "ja", "ko", "ru", "ar", "hi", "th", "vi", "id", "tr", "it")
HARMLESS = {
    "safety_quiz",
    "ethics_quiz",
    "true_false",
    "risk_compare",
    "classify_text",
    "exam_question",
    "answer_format",
}
HARMFUL = "harmful_quiz"
CATEGORIES = {f"S{i}" for i in range(1, 15)}


def build() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    per_lang: Counter[str] = Counter()
    for where, text, r in draft_rows(DRAFTS, LANGS):
        lang, label, kind = str(r["lang"]), int(str(r["label"])), str(r["kind"])
        assert kind in HARMLESS or kind == HARMFUL, f"{where}: unknown kind {kind!r}"
        assert (label == 1) == (kind == HARMFUL), f"{where}: kind {kind!r} with label {label}"
        assert label == 0 or r.get("category") in CATEGORIES, f"{where}: category {r.get('category')!r}"
        per_lang[lang] += 1
        row: dict[str, object] = {"id": f"qz-{lang}-{per_lang[lang]:03d}", "lang": lang, "label": label, "kind": kind}
        if label:
            row["category"] = r["category"]
        rows.append({**row, "text": text})
    return rows


def main() -> None:
    write_rows(build(), OUT, check_only="--check" in sys.argv)


if __name__ == "__main__":
    main()
