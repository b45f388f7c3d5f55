"""`broca eval memory`: does the assistant answer with what the owner told it?

The set (`assistant/data/memory_qa.jsonl`, written by the project: see MEMORY_QA.md) holds short
conversations in 12 languages in which the owner states facts, makes small talk and corrects
themselves, then questions asked in a later session: same wording, paraphrased, in another
language, after a correction, or never answered. Every conversation runs through the real turn loop
(`Session.turn`: recall, assess, plan, decode, score, remember) against its own fresh SQLite store.

The judge, explainable on purpose:
- answered: the reply contains one of the question's accepted forms (NFKC, case-folded), and no
  value the owner has since corrected (`stale`) without the new one;
- abstained: for a question memory cannot answer, the reply says it does not know
  (`DONT_KNOW`: the planner's own wording and the common phrases of the 12 languages) and states
  none of the conversation's values;
- contradiction: a question after a correction answered with the older value;
- recall@5: a memory holding an accepted form is among the five the store finds for the question
  (owner memories, as the turn loop recalls them for a question about the owner).

`half` splits conversations by id hash: the grounding thresholds (`assistant.grounding`) were
chosen on "dev"; "test" is the half nothing was chosen on.
"""

from __future__ import annotations

import hashlib
import json
import re
import tempfile
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from memory.base.errors import MemoryQAError, NoInputError
from memory.base.jsonl import jsonl_lines

from .grounding import OWNER_KINDS, UNKNOWN

__all__ = ["DONT_KNOW", "Conversation", "evaluate_memory", "judge", "load_memory_qa"]

KINDS = ("same", "paraphrase", "crosslingual", "updated", "unanswerable")

DONT_KNOW = re.compile(
    "|".join(
        [re.escape(reply.split(",")[0].split("，")[0].split("、")[0][:12]) for reply in UNKNOWN.values()]
        + [
            r"\bdon['’]t know\b", r"\bdo not know\b", r"\bhaven['’]t told me\b", r"\bnot sure\b",
            r"不知道", r"不清楚", r"没告诉", r"沒告訴", r"わかりません", r"分かりません", r"知りません",
            r"모르", r"\bno (?:lo )?sé\b", r"\bnão sei\b", r"\bje ne sais pas\b", r"\bweiß (?:ich )?(?:es )?nicht\b",
            r"\bnon (?:lo )?so\b", r"не знаю", r"لا أعرف", r"नहीं पता", r"ไม่ทราบ", r"ไม่รู้",
        ]
    ),
    re.IGNORECASE,
)  # fmt: skip


@dataclass
class Conversation:
    id: str
    lang: str
    turns: list[dict[str, Any]]
    questions: list[dict[str, Any]]

    @property
    def half(self) -> str:
        return "dev" if int(hashlib.sha256(self.id.encode()).hexdigest(), 16) % 2 == 0 else "test"


def load_memory_qa(path: Path | None = None, limit: int | None = None, half: str = "all") -> list[Conversation]:
    """The conversations of `path` (the shipped set by default), `limit` of them evenly spread."""
    try:
        if path is None:
            text = (resources.files("assistant") / "data" / "memory_qa.jsonl").read_text(encoding="utf-8")
        else:
            text = Path(path).read_text(encoding="utf-8")
    except (FileNotFoundError, IsADirectoryError, PermissionError) as exc:
        raise NoInputError(f"cannot read the memory-QA set {path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise MemoryQAError(f"the memory-QA set {path} is not UTF-8") from None
    conversations = []
    for number, line in jsonl_lines(text.splitlines()):
        try:
            row = json.loads(line)
            conversations.append(Conversation(row["id"], row["lang"], row["turns"], row["questions"]))
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise MemoryQAError(f"line {number} of the memory-QA set is no conversation ({exc})") from None
    if half != "all":
        conversations = [c for c in conversations if c.half == half]
    if not conversations:
        raise MemoryQAError("the memory-QA set holds no conversations")
    if limit is not None and limit < len(conversations):
        step = len(conversations) / limit
        conversations = [conversations[int(i * step)] for i in range(limit)]
    return conversations


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def judge(reply: str, question: dict[str, Any], values: list[str]) -> dict[str, bool]:
    """What a reply did with a question; `values` are every accepted form of the conversation."""
    said = _norm(reply)
    has = any(_norm(form) in said for form in question.get("answer") or [])
    stale = any(_norm(form) in said for form in question.get("stale") or [])
    if question.get("answer") is None:
        states = any(_norm(v) in said for v in values)
        return {"correct": bool(DONT_KNOW.search(reply)) and not states, "contradiction": False}
    return {"correct": has and not (stale and not has), "contradiction": stale and not has}


def evaluate_memory(
    make_session: Callable[[Any], Any],
    conversations: list[Conversation],
    *,
    seed: int = 0,
    fast_questions: bool = False,
    plan_only: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Run every conversation through `make_session(store)` and judge its answers. `plan_only`: no
    token is decoded; the owner's turns are stored as a turn stores them (without a reply) and each
    question gets its plan's reply where the planner writes it (`answer_from_memory`,
    `admit_unknown`) and "" (wrong) where the language layer would: the grounding alone, in minutes."""
    from memory import Store

    from .planner import FIXED, Strategy, fixed_reply

    records: list[dict[str, Any]] = []
    total = sum(len(c.questions) for c in conversations)
    for conversation in conversations:
        values = [form for q in conversation.questions for form in (q.get("answer") or [])]
        with tempfile.TemporaryDirectory(prefix="broca-memory-eval-") as tmp:
            store = Store(Path(tmp) / "memory.db")
            try:
                session = make_session(store)
                current = None
                for turn in conversation.turns:
                    if turn.get("session") != current:
                        session.new_conversation(f"session {turn.get('session')}")
                        current = turn.get("session")
                    if plan_only:
                        session.record(turn["text"], "", {"plan_only": True})
                    else:
                        # Statements in System 1: what is remembered does not depend on the reply's system.
                        session.turn(turn["text"], fast=True, seed=seed)
                for question in conversation.questions:
                    session.new_conversation("a later session")
                    found = store.search(question["text"], k=5, namespace=session.namespace, kinds=OWNER_KINDS,
                                         min_trust="owner", touch=False)  # fmt: skip
                    if plan_only:
                        choice = session.plan(question["text"], touch=False).choice
                        strategy = choice.strategy
                        grounding = choice.grounding.to_dict() if choice.grounding is not None else None
                        text = (
                            fixed_reply(strategy, question["text"], choice.grounding) if strategy.value in FIXED else ""
                        )
                        session.record(question["text"], text, {"plan_only": True})
                    else:
                        reply = session.turn(question["text"], fast=fast_questions, seed=seed)
                        strategy, text = Strategy(reply.decision.strategy), reply.text
                        grounding = reply.decision.grounding
                    verdict = judge(text, question, values)
                    forms = question.get("answer") or []
                    recalled = any(_norm(f) in _norm(h.memory.text) for h in found for f in forms)
                    records.append({
                        "conversation": conversation.id, "half": conversation.half, "lang": conversation.lang,
                        "question": question["text"], "question_lang": question.get("lang"),
                        "kind": question["kind"], "reply": text, "strategy": strategy.value,
                        "recalled": recalled if forms else None, **verdict,
                        "grounding": grounding,
                    })  # fmt: skip
                    if progress is not None:
                        progress(len(records), total)
            finally:
                store.close()
    return summarise(records)


def _rate(values: list[bool]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


def summarise(records: list[dict[str, Any]]) -> dict[str, Any]:
    answerable = [r for r in records if r["kind"] != "unanswerable"]
    groups: dict[str, dict[str, list[bool]]] = defaultdict(lambda: defaultdict(list))
    for r in answerable:
        groups["answer_accuracy_by_kind"][r["kind"]].append(r["correct"])
        groups["answer_accuracy_by_language"][r["lang"]].append(r["correct"])
        groups["answer_accuracy_by_half"][r["half"]].append(r["correct"])
    for r in records:
        if r["kind"] == "unanswerable":
            groups["abstention_accuracy_by_language"][r["lang"]].append(r["correct"])
            groups["abstention_accuracy_by_half"][r["half"]].append(r["correct"])
    return {
        "conversations": len({r["conversation"] for r in records}),
        "questions": len(records),
        "answer_accuracy": _rate([r["correct"] for r in answerable]),
        "abstention_accuracy": _rate([r["correct"] for r in records if r["kind"] == "unanswerable"]),
        "contradiction_rate": _rate([r["contradiction"] for r in records if r["kind"] == "updated"]),
        "recall_at_5": _rate([bool(r["recalled"]) for r in answerable]),
        **{name: {k: _rate(v) for k, v in sorted(g.items())} for name, g in groups.items()},
        "strategies": dict(Counter(r["strategy"] for r in records).most_common()),
        "records": records,
    }
