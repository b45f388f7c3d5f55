"""Hand-written training text (_statements.py, _augment.py): deterministic for a seed, the promised
amounts, unique, and no text on both sides of a head. Needs no data folder."""

from __future__ import annotations

from guardrails._exemplars import BENIGN_CONTRAST, INJECTION, SELF_HARM, SELF_HARM_CONTRAST, SEXUAL
from guardrails.training._augment import harmful_requests, lookalike_requests
from guardrails.training._statements import (
    HARMFUL_CATEGORIES,
    harmful_statements,
    lookalike_statements,
    owner_instructions,
)


def test_deterministic_for_a_seed():
    assert owner_instructions(0) == owner_instructions(0)
    assert harmful_statements(0) == harmful_statements(0)
    assert lookalike_statements(0) == lookalike_statements(0)
    assert owner_instructions(0) != owner_instructions(1)
    assert harmful_statements(0) != harmful_statements(1)


def test_amounts_and_uniqueness():
    instructions = owner_instructions()
    harmful = harmful_statements()
    calm = lookalike_statements()
    assert 380 <= len(instructions) == len(set(instructions))
    assert 230 <= len(calm) == len(set(calm))
    assert set(harmful) == {*HARMFUL_CATEGORIES, "sexual-minors"}
    for category in HARMFUL_CATEGORIES:
        assert 140 <= len(harmful[category]) == len(set(harmful[category])), category
    assert 0 < len(harmful["sexual-minors"]) <= 10
    assert all(t.strip() and t == t.strip() for t in instructions + calm + [t for v in harmful.values() for t in v])


def test_no_text_is_both_harmful_and_harmless():
    for seed in (0, 1):
        bad = {t for v in harmful_statements(seed).values() for t in v}
        bad |= set(harmful_requests(seed)) | set(SELF_HARM) | set(SEXUAL) | set(INJECTION)
        good = set(owner_instructions(seed)) | set(lookalike_statements(seed)) | set(lookalike_requests(seed))
        good |= set(BENIGN_CONTRAST) | set(SELF_HARM_CONTRAST)
        assert not bad & good
        categories = list(harmful_statements(seed).values())
        for i, a in enumerate(categories):
            for b in categories[i + 1 :]:
                assert not set(a) & set(b)


def test_instructions_cover_the_styles_that_false_alarm():
    text = "\n".join(owner_instructions()).lower()
    for phrase in (
        "you are a",
        "act as",
        "pretend",
        "from now on",
        "ignore the typos",
        "write a story where",
        "rewrite this",
    ):
        assert phrase in text, phrase
    # some French, Spanish and German
    assert any("réponds" in t for t in owner_instructions())
    assert any("Eres un" in t for t in owner_instructions())
    assert any("Du bist" in t for t in owner_instructions())
