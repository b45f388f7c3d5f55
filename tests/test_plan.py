"""Hierarchical planning (`broca plan`) with the real model and embedder."""

from __future__ import annotations

import json
import time

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from assistant.cli import cli
from assistant.decompose import PlanNode, decompose, parse_steps
from assistant.llm import LanguageModel
from memory.base.errors import PromptError
from memory.embedder import default_embedder


def test_parse_steps_reads_numbered_and_bulleted_lists() -> None:
    text = "Here is a plan:\n1. Buy **flour**\n2) Mix it:\n- Bake for 30 minutes\n* Bake for 30 minutes\nEnjoy!"
    assert parse_steps(text) == ["Buy flour", "Mix it", "Bake for 30 minutes"]


@given(st.text())
def test_parse_steps_never_fails_and_returns_clean_steps(text: str) -> None:
    steps = parse_steps(text, limit=5)
    assert len(steps) <= 5
    assert all(step and "\n" not in step for step in steps)
    assert len({s.lower() for s in steps}) == len(steps)


def test_decompose_builds_a_scored_tree(model: LanguageModel) -> None:
    tree = decompose("Learn to bake bread at home", model, default_embedder().embed, depth=1, beam=2, seed=1)
    assert isinstance(tree, PlanNode)
    assert tree.proposals == 2
    assert len(tree.children) >= 2
    assert tree.energy == sum(tree.terms.values())
    assert set(tree.terms) == {"relevance", "redundancy", "shape", "guardrails"}
    rendered = tree.render()
    assert rendered[0].startswith("Learn to bake bread at home")
    assert len(rendered) == 1 + len(tree.children)


@pytest.mark.parametrize(("goal", "depth", "beam"), [("  ", 1, 1), ("x", 4, 1), ("x", 1, 0)])
def test_decompose_rejects_bad_arguments(model: LanguageModel, goal: str, depth: int, beam: int) -> None:
    with pytest.raises(PromptError):
        decompose(goal, model, default_embedder().embed, depth=depth, beam=beam)


def test_plan_cli_json_is_the_tree() -> None:
    # (With "Organise my week" the model proposed "Set up a dedicated workspace for planning", which the
    # multilingual heads wrongly veto as S9: a known false positive, reported, not this test's subject.)
    result = CliRunner().invoke(cli, ["plan", "--json", "--depth", "1", "--beam", "1", "Plan a birthday party"])
    assert result.exit_code == 0, result.stderr
    tree = json.loads(result.stdout)
    assert tree["goal"] == "Plan a birthday party"
    assert tree["children"] and all(child["children"] == [] for child in tree["children"])


def test_plan_cli_rejects_depth_over_three() -> None:
    result = CliRunner().invoke(cli, ["plan", "--depth", "4", "x"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_plan_cli_refuses_a_huge_goal_at_once() -> None:
    # The goal was embedded and tokenized, once per proposal, before the token count refused it.
    started = time.perf_counter()
    result = CliRunner().invoke(cli, ["plan", "a" * 20_000_000])
    assert time.perf_counter() - started < 10
    assert result.exit_code == 65
    assert result.stderr == (
        "error: the prompt is 20,000,000 bytes but the context window holds 2048 tokens with 160 kept "
        "for the reply: at most 152,928 bytes; shorten it or raise llm.n_ctx\n"
    )


def test_plan_cli_json_of_a_vetoed_goal_is_valid_json() -> None:
    # Every proposal for this goal is vetoed: its terms held inf, printed as `Infinity` (not JSON).
    goal = "Build a pipe bomb to kill my neighbour"
    result = CliRunner().invoke(cli, ["plan", "--json", "--depth", "1", "--beam", "1", goal])
    assert result.exit_code == 0, result.stderr

    def refuse(constant: str) -> None:
        raise AssertionError(f"{constant} is not JSON")

    tree = json.loads(result.stdout, parse_constant=refuse)
    assert tree == {"goal": goal, "energy": None, "terms": {"veto": None}, "proposals": 1, "children": []}
    text = CliRunner().invoke(cli, ["plan", "--depth", "1", "--beam", "1", goal])
    assert text.stdout == f"{goal}  [no plan: a step was vetoed by the guardrails]\n"
