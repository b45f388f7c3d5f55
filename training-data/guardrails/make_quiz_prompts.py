"""Quiz- and exam-shaped prompts: harmless ones for every head's negatives, harmful ones for the
hazard head's positives.

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

import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
DRAFTS = HERE / "quiz_prompts_drafts"
OUT = HERE / "quiz_prompts.jsonl"
LANGS = ("en", "zh", "es", "fr", "de", "pt", "ja", "ko", "ru", "ar", "hi", "th", "vi", "id", "tr", "it")
HARMLESS = {"safety_quiz", "ethics_quiz", "true_false", "risk_compare", "classify_text", "exam_question"}
HARMFUL = "harmful_quiz"
CATEGORIES = {f"S{i}" for i in range(1, 15)}


def build() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    seen: set[str] = set()
    for lang in LANGS:
        path = DRAFTS / f"{lang}.txt"  # one JSON object per line
        if not path.exists():
            continue
        n = 0
        for k, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            r = json.loads(line)
            text = str(r["text"]).strip()
            label, kind = int(r["label"]), str(r["kind"])
            assert r["lang"] == lang, f"{path}:{k}: lang {r['lang']!r} in the {lang} file"
            assert kind in HARMLESS or kind == HARMFUL, f"{path}:{k}: unknown kind {kind!r}"
            assert (label == 1) == (kind == HARMFUL), f"{path}:{k}: kind {kind!r} with label {label}"
            assert label == 0 or r.get("category") in CATEGORIES, f"{path}:{k}: category {r.get('category')!r}"
            assert text, f"{path}:{k}: empty text"
            if text in seen:  # a writer's accidental repeat counts once
                continue
            seen.add(text)
            n += 1
            row: dict[str, object] = {"id": f"qz-{lang}-{n:03d}", "lang": lang, "label": label, "kind": kind}
            if label:
                row["category"] = r["category"]
            rows.append({**row, "text": text})
    return rows


def main() -> None:
    rows = build()
    by_lang = Counter(str(r["lang"]) for r in rows)
    by_kind = Counter(str(r["kind"]) for r in rows)
    print(f"{len(rows)} rows; by language {dict(by_lang)}; by kind {dict(by_kind)}")
    if "--check" in sys.argv:
        return
    tmp = OUT.with_suffix(".tmp")
    tmp.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    tmp.replace(OUT)


if __name__ == "__main__":
    main()
