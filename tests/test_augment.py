"""Hand-written training text (guardrails/training/sentences/*.json, crossed by _statements.py and
_augment.py): deterministic for a seed, the promised amounts, unique, no text on both sides of a
head, and the files readable data. Needs no data folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from guardrails._exemplars import BENIGN_CONTRAST
from guardrails.training import _sentences
from guardrails.training._augment import harmful_requests, lookalike_requests
from guardrails.training._sentences import INJECTION, SELF_HARM, SELF_HARM_CONTRAST, SEXUAL
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


SENTENCES = Path(_sentences.__file__).parent / "sentences"


def test_the_sentence_files_are_readable_data_and_every_list_is_read() -> None:
    """The text is data (sentences/*.json, UTF-8, each with its licence); a list that no builder
    reads would be dead text, a list read under a misspelt name a KeyError at import."""
    files = sorted(SENTENCES.glob("*.json"))
    assert [p.stem for p in files] == [
        "exemplars",
        "harmful_statements",
        "lookalike_statements",
        "owner_instructions",
        "requests",
    ]
    code = "\n".join(p.read_text(encoding="utf-8") for p in Path(_sentences.__file__).parent.glob("*.py"))
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["about"] and data["licence"].startswith("Apache-2.0"), path.name
        for key, entry in data["lists"].items():
            assert f'("{path.stem}", "{key}")' in code, f"{path.name}: {key} is read by no module"
            assert ("texts" in entry) != ("groups" in entry), f"{path.name}: {key}"


def test_the_reader_refuses_a_list_of_the_wrong_shape() -> None:
    with pytest.raises(ValueError, match="pairs of strings"):
        _sentences.pairs("owner_instructions", "role_frames")
    with pytest.raises(ValueError, match="other than strings"):
        _sentences.texts("owner_instructions", "role_tasks")
