"""The project's own training data (training-data/): every row well formed, every seed in the
languages DATA.md promises, and no row carrying its own label in its text (the English look-alikes
once began with their kind, "tech_violent_words how do i kill ...": a word only the negatives had)."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "training-data"
LANGUAGES = {"en", "zh", "es", "fr", "de", "pt", "ar", "ja", "ko", "ru", "hi", "th", "vi", "id", "tr", "it"}
SCRIPTS = {
    "zh": r"[\u4e00-\u9fff]",
    "ja": r"[\u3040-\u30ff\u4e00-\u9fff]",
    "ko": r"[\uac00-\ud7af]",
    "ar": r"[\u0600-\u06ff]",
    "hi": r"[\u0900-\u097f]",
    "th": r"[\u0e00-\u0e7f]",
    "ru": r"[\u0400-\u04ff]",
}
FILES = sorted(DATA.rglob("*.jsonl"))


def _rows(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_there_is_data():
    assert {p.name for p in FILES} >= {"benign_lookalikes.jsonl", "harmful_requests.jsonl", "scams.jsonl"}


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(DATA)))
def test_rows_are_well_formed(path: Path):
    rows = _rows(path)
    in_script: dict[str, list[bool]] = defaultdict(list)
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids)), "duplicate ids"
    for row in rows:
        lang, text = row.get("lang"), row.get("text")
        assert lang in LANGUAGES, row["id"]
        if text is None:  # documents pairs keep their text in other fields
            continue
        assert isinstance(text, str) and text.strip(), row["id"]
        for label in (row.get("kind"), row.get("category")):
            assert not (isinstance(label, str) and text.lower().startswith(label.lower())), row["id"]
        if lang in SCRIPTS:
            in_script[str(lang)].append(bool(re.search(SCRIPTS[str(lang)], text)))
    # Mostly in the language's own script. Indian messages (the shield's "hi" rows) are mostly English
    # or romanised Hindi, as real Indian SMS are: a quarter in Devanagari is the floor there.
    floor = {"hi": 0.25} if path.relative_to(DATA).parts[0] == "shield" else {}
    low = {lang: sum(v) / len(v) for lang, v in in_script.items() if sum(v) < floor.get(lang, 0.8) * len(v)}
    assert low == {}


@pytest.mark.parametrize("name", ["benign_lookalikes", "harmful_requests"])
def test_translated_seeds_are_in_every_language_with_one_label(name: str):
    by_seed: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, set[str]] = defaultdict(set)
    for row in _rows(DATA / "guardrails" / f"{name}.jsonl"):
        seed = str(row["seed"])
        if seed.startswith("o-"):  # originals are written for one language
            continue
        by_seed[seed].add(str(row["lang"]))
        labels[seed].add(str(row.get("kind") or row.get("category")))
    assert by_seed
    assert {s for s, langs in by_seed.items() if langs != LANGUAGES} == set()
    assert {s for s, kinds in labels.items() if len(kinds) != 1} == set()


def test_no_text_is_both_harmful_and_harmless():
    harmful = {str(r["text"]) for r in _rows(DATA / "guardrails" / "harmful_requests.jsonl")}
    harmless = {str(r["text"]) for r in _rows(DATA / "guardrails" / "benign_lookalikes.jsonl")}
    assert not harmful & harmless


def test_typed_injections_are_balanced_per_language_and_new_texts():
    rows = _rows(DATA / "guardrails" / "typed_injections.jsonl")
    positive = {"goal_hijack", "prompt_leak", "role_override", "policy_bypass", "memory_poison", "encoded"}
    negative = {
        "prompt_talk",
        "benign_role",
        "self_correction",
        "instruction_following",
        "quoting",
        "memory_ok",
        "task_instruction",
    }
    by_lang: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    tasks: dict[str, int] = defaultdict(int)
    for row in rows:
        tasks[str(row["lang"])] += row["kind"] == "task_instruction"
        assert row["id"] == f"ti-{row['lang']}-{row['id'][-3:]}", row["id"]
        assert row["kind"] in (positive if row["label"] == 1 else negative), row["id"]
        by_lang[str(row["lang"])][int(row["label"])] += 1
    assert set(by_lang) == LANGUAGES
    assert {lang for lang, (neg, pos) in by_lang.items() if min(neg, pos) < 22} == set()
    assert {lang for lang in LANGUAGES if tasks[lang] < 20} == set()
    texts = [str(r["text"]) for r in rows]
    assert len(texts) == len(set(texts)), "duplicate texts"
    others = {
        str(r["text"])
        for name in ("harmful_requests", "benign_lookalikes")
        for r in _rows(DATA / "guardrails" / f"{name}.jsonl")
    }
    assert not set(texts) & others


def test_benign_tasks_cover_every_language_and_kind_and_no_harmful_text():
    rows = _rows(DATA / "guardrails" / "benign_tasks.jsonl")
    kinds = {"writing", "coding", "data_work", "making", "planning", "learning", "task_setup", "sensitive_topic"}
    by_lang: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        assert row["id"] == f"bt-{row['lang']}-{str(row['id'])[-3:]}", row["id"]
        by_lang[str(row["lang"])].add(str(row["kind"]))
    assert set(by_lang) == LANGUAGES
    assert {lang for lang, ks in by_lang.items() if ks != kinds} == set()
    assert min(sum(r["lang"] == lang for r in rows) for lang in LANGUAGES) >= 60
    texts = {str(r["text"]) for r in rows}
    assert len(texts) == len(rows), "duplicate texts"
    harmful = {str(r["text"]) for r in _rows(DATA / "guardrails" / "harmful_requests.jsonl")}
    assert not texts & harmful


def test_owner_statements_name_a_slot_the_planner_knows():
    from assistant.grounding import SLOTS

    rows = [row for path in sorted((DATA / "memory" / "statements").glob("*.jsonl")) for row in _rows(path)]
    assert len({row["lang"] for row in rows}) >= 14
    assert {row["slot"] for row in rows} == set(SLOTS) - {"recall_general"}


def test_quiz_prompts_cover_every_language_and_kind_with_both_labels():
    rows = _rows(DATA / "guardrails" / "quiz_prompts.jsonl")
    harmless = {"safety_quiz", "ethics_quiz", "true_false", "risk_compare", "classify_text", "exam_question"}
    harmless.add("answer_format")  # closing orders alone
    kinds: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        assert row["id"] == f"qz-{row['lang']}-{str(row['id'])[-3:]}", row["id"]
        assert (row["label"] == 1) == (row["kind"] == "harmful_quiz"), row["id"]
        assert row["label"] == 0 or row["category"] in {f"S{i}" for i in range(1, 15)}, row["id"]
        kinds[str(row["lang"])].add(str(row["kind"]))
    assert set(kinds) == LANGUAGES
    assert {lang for lang, ks in kinds.items() if ks != harmless | {"harmful_quiz"}} == set()
    texts = [str(r["text"]) for r in rows]
    assert len(texts) == len(set(texts)), "duplicate texts"
    others = {
        str(r["text"])
        for name in ("harmful_requests", "benign_lookalikes", "benign_tasks")
        for r in _rows(DATA / "guardrails" / f"{name}.jsonl")
    }
    assert not set(texts) & others


def test_no_memory_training_row_is_a_memory_qa_message():
    # The owner-question and slot heads learn training-data/memory/; the memory-QA set (assistant/data/)
    # judges them and the answers: not one of its questions or statements may be a training row, even
    # with other spacing, case or final punctuation.
    def norm(text: str) -> str:
        return re.sub(r"[\s?？!！.。]+", " ", text.casefold()).strip()

    qa = _rows(DATA.parent / "assistant" / "data" / "memory_qa.jsonl")
    said = {norm(str(m["text"])) for c in qa for m in [*c["questions"], *c["turns"]]}  # type: ignore[misc]
    memory = DATA / "memory"
    files = [memory / "owner_questions.jsonl", *sorted(memory.glob("questions_b*/*.jsonl"))]
    files += sorted((memory / "statements").glob("*.jsonl"))  # the slot head's statements
    rows = [r for path in files for r in _rows(path)]
    assert len(rows) > 7000
    assert {str(r["text"]) for r in rows if norm(str(r["text"])) in said} == set()
    assert {r["lang"] for r in rows} == LANGUAGES
