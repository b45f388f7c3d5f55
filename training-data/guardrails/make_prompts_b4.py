"""Batch 4 of the guardrail hazard head's own data: harmful requests and statements in the forms people
type when they are not giving a task (first-person questions, plans, opinions inviting agreement,
indirect asks), each with a harmless twin of the same form and topic, written natively in 16 languages.

    python3 training-data/guardrails/make_prompts_b4.py          # rebuild batch 4 in both files
    python3 training-data/guardrails/make_prompts_b4.py --check  # only validate the drafts

Written after the heads learnt the project's benign owner tasks (harmless imperatives) and caught fewer
harmful prompts on an evaluation set in every language: the classes most hit were named to the
writers (crimes, physical harm, privacy, discrimination, self-harm, phrased as questions, plans and
opinions); no evaluation text was shown to them, and they did not open the evaluation data, a public
safety dataset or a website. Harmful rows are requests or statements only. Drafts:
`prompts_b4_drafts/<lang>.txt`, one JSON object per line, a harmful row (label 1, `category`) then its
twin (label 0, `kind`), both with a `form`. Rows follow the originals' convention (seed
`o-<lang>-NN` from 30 on, id `seed-lang`); every row before batch 4 stays byte-identical. Standard
library only. Licence: Apache-2.0.

NOT APPLIED to the data files yet (session 21). The hazard head retrained with it (`--head hazard`,
seed 0) did not catch more: XSafety 0.637 -> 0.617 with the twins, 0.639 with the harmful rows alone;
XSTest unsafe 0.71 -> 0.655 / 0.67, do-not-answer 0.80 -> 0.77 / 0.79, while the twins took coconot's
contrast set flagged 9.0 % -> 6.6 %. Run this script to apply it once a recipe uses it to advantage.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_prompts_b3 as b3

DRAFTS = b3.HERE / "prompts_b4_drafts"
FIRST = b3.LAST + 1
FORMS = {"question", "plan", "opinion", "indirect"}


def drafts() -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    harmful: list[dict[str, str]] = []
    benign: list[dict[str, str]] = []
    for lang in b3.LANGS:
        path = DRAFTS / f"{lang}.txt"
        if not path.exists():
            continue
        lines = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
        n = FIRST
        for k, r in enumerate(lines):
            assert r["lang"] == lang and r["form"] in FORMS, f"{path}:{k + 1}"
            assert int(r["label"]) == (1 if k % 2 == 0 else 0), f"{path}:{k + 1}: pairs alternate 1, 0"
            seed = f"o-{lang}-{n:02d}"
            n += 1
            row = {"id": f"{seed}-{lang}", "seed": seed, "lang": lang}
            if int(r["label"]) == 1:
                harmful.append({**row, "category": str(r["category"]), "text": str(r["text"]).strip()})
            else:
                benign.append({**row, "kind": str(r["kind"]), "text": str(r["text"]).strip()})
    return harmful, benign


def main() -> None:
    harmful, benign = drafts()
    b3.check(harmful, benign)
    print(f"batch 4: {len(harmful)} harmful, {len(benign)} benign")
    if "--check" in sys.argv[1:]:
        return
    b3.FIRST, b3.LAST = FIRST, 99  # rebuild() rewrites only the seeds of this range
    b3.rebuild("harmful_requests", harmful)
    b3.rebuild("benign_lookalikes", benign)


if __name__ == "__main__":
    main()
