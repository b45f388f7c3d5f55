"""Snapshot tests of the chat UI's main screens (pytest-textual-snapshot; update with --snapshot-update).

The app runs on the real model and a real memory file. What would make a screen differ from run
to run is fixed instead: the conversation is written to the store beforehand (no generation), the
planner's decision is a fixed `Decision` record, and the session's energy has no objectives (the
guardrails are another part of broca, whose state these screens must not depend on; tests/test_tui.py
covers them).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from assistant.config import Config, load_config
from assistant.planner import Candidate, Decision
from assistant.session import Session, open_store
from assistant.tui import ChatApp
from assistant.tui.backend import Opened, resume
from guardrails import Energy

SIZE = (120, 36)


def fixed_decision() -> dict[str, Any]:
    candidates = [
        Candidate(
            text="Water it about once every two weeks.",
            energy=2.61,
            terms={"language": 0.9, "relevance": 1.71, "adherence": 0.0},
            vetoed=False,
            veto_reasons=[],
            seed=7,
            temperature=0.2,
            tokens=11,
            strategy="answer",
            seconds=0.5,
        ),
        Candidate(
            text="About **once every two weeks** in summer, less in winter.",
            energy=1.12,
            terms={"language": 0.62, "relevance": 0.5, "adherence": 0.0},
            vetoed=False,
            veto_reasons=[],
            seed=7926,
            temperature=0.6,
            tokens=16,
            strategy="answer",
            seconds=0.6,
        ),
    ]
    decision = Decision(
        strategy="answer",
        belief={"harmful": 0.01, "self_harm": 0.0, "ambiguous": 0.04, "benign": 0.95},
        expected={"answer": 0.14, "clarify": 1.47, "refuse_with_alternative": 3.93, "safe_completion": 2.39},
        candidates=candidates,
        chosen=1,
        n=2,
        system=2,
        accept_threshold=2.0,
        timings={"recall_s": 0.05, "plan_s": 0.01, "decode_s": 0.9, "score_s": 0.2, "total_s": 1.2},
    )
    decision.memories = [
        {
            "id": 1,
            "text": "I live in Lisbon.",
            "kind": "fact",
            "trust": "owner",
            "score": 0.52,
            "components": {"similarity": 0.31, "relevance": 0.6, "recency": 1.0, "importance": 0.8, "vector_rank": 1},
        }
    ]
    return decision.to_dict()


@pytest.fixture
def config(isolated_env: Path) -> Config:
    return load_config()


def make_app(config: Config, model: Any, conversation: bool = True) -> ChatApp:
    session = Session(config, model=model, store=open_store(config), energy=Energy([]))
    store = session.store
    assert store is not None
    store.add("I live in Lisbon.", kind="fact", trust="owner", importance=0.8)
    store.add("I prefer short answers.", kind="preference", trust="owner", importance=0.8)
    resumed = None
    if conversation:
        cid = store.new_conversation(title="Plants")
        store.add_message(cid, "user", "How often should I water a cactus?")
        store.add_message(
            cid, "assistant", "About **once every two weeks** in summer, less in winter.", decision=fixed_decision()
        )
        resume(session, cid)
        resumed = cid
    return ChatApp(Opened(session, [], resumed), seed=7)


def test_main_screen_with_the_why_panel(snap_compare: Any, config: Config, model: Any) -> None:
    assert snap_compare(make_app(config, model), press=["f3"], terminal_size=SIZE)


def test_help_on_a_new_conversation(snap_compare: Any, config: Config, model: Any) -> None:
    assert snap_compare(make_app(config, model, conversation=False), press=[*"/help", "enter"], terminal_size=SIZE)


def test_memories_panel(snap_compare: Any, config: Config, model: Any) -> None:
    async def list_memories(pilot: Any) -> None:
        await pilot.press(*"/memories", "enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(make_app(config, model), run_before=list_memories, terminal_size=SIZE)


def test_shield_dialog(snap_compare: Any, config: Config, model: Any) -> None:
    async def paste(pilot: Any) -> None:
        await pilot.press(*"/shield", "enter")
        pilot.app.screen.query_one(
            "#shield-text"
        ).text = "Your parcel is held. Pay the 1.99 EUR fee at http://parcel.example"

    assert snap_compare(make_app(config, model), run_before=paste, terminal_size=SIZE)
