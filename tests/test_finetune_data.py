"""Chat data: formats, validation by file and line, masks, splits, packing, tokenizer agreement."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.cli import cli
from finetune.data import (
    ChatTemplate,
    DataError,
    FinetuneWarning,
    encode_conversation,
    load_conversations,
    pack_examples,
    split_conversations,
)
from memory.base.errors import InputTooLargeError, NoInputError

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def template(model) -> ChatTemplate:  # type: ignore[no-untyped-def]
    from finetune.evaluate import _template_of

    return _template_of(model)


def test_the_three_formats_give_the_same_structure() -> None:
    openai, sharegpt, alpaca = load_conversations(DATA / "finetune_formats.jsonl")
    assert openai == [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "Hi"},
        {"role": "assistant", "content": "Hello!"},
    ]
    assert sharegpt == [{"role": "user", "content": "2+2?"}, {"role": "assistant", "content": "4"}]
    assert alpaca == [
        {"role": "user", "content": "Translate to French\n\ncat"},
        {"role": "assistant", "content": "chat"},
    ]


def test_a_bad_line_is_reported_with_file_and_line() -> None:
    path = DATA / "finetune_bad.jsonl"
    with pytest.raises(DataError, match=rf"^{path}:2: invalid JSON"):
        load_conversations(path)


def test_skip_invalid_keeps_the_good_lines_and_warns_per_line() -> None:
    with pytest.warns(FinetuneWarning) as caught:
        conversations = load_conversations(DATA / "finetune_bad.jsonl", skip_invalid=True)
    assert len(conversations) == 2
    messages = [str(w.message) for w in caught]
    assert any(":2: skipped: invalid JSON" in m for m in messages)
    assert any(":3: skipped: message 0 has role 'robot'" in m for m in messages)


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('{"messages": [{"role": "user", "content": "hi"}]}', "no assistant message"),
        ('{"messages": [{"role": "assistant", "content": "hi"}]}', "must start with a user message"),
        ('{"text": "hi"}', "unknown format"),
        ("[1, 2]", "expected a JSON object"),
        ('{"conversations": [{"from": ["human"], "value": "hi"}]}', r"turn 0 is from \['human'\]"),
    ],
)
def test_invalid_records(tmp_path: Path, line: str, reason: str) -> None:
    path = tmp_path / "d.jsonl"
    path.write_text(line + "\n")
    with pytest.raises(DataError, match=reason):
        load_conversations(path)


def test_empty_and_missing_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n\n")
    with pytest.raises(DataError, match="no usable conversations"):
        load_conversations(empty)
    with pytest.raises(NoInputError, match=r"nope\.jsonl: cannot read: No such file"):
        load_conversations(tmp_path / "nope.jsonl")


def test_a_data_file_is_read_only_up_to_its_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # `broca finetune train /dev/zero` read the device to the end: memory ran out, with a traceback.
    monkeypatch.setattr("finetune.data.MAX_DATA_BYTES", 1000)  # the real limit is 512 MiB
    with pytest.raises(InputTooLargeError, match=r"^/dev/zero: too large: over the 1,000-byte limit for a chat"):
        load_conversations(Path("/dev/zero"))
    big = tmp_path / "big.jsonl"
    big.write_text((DATA / "finetune_chat.jsonl").read_text() * 2)
    with pytest.raises(InputTooLargeError, match=r"big\.jsonl: too large"):
        load_conversations(big)
    missing = CliRunner().invoke(cli, ["finetune", "train", str(tmp_path / "nope.jsonl"), "--out", str(tmp_path / "r")])
    assert missing.exit_code == 66  # EX_NOINPUT, as for any input that cannot be opened
    assert missing.stderr == f"error: {tmp_path / 'nope.jsonl'}: cannot read: No such file or directory\n"


def test_only_assistant_turns_carry_loss(template: ChatTemplate, model) -> None:  # type: ignore[no-untyped-def]
    conversation = load_conversations(DATA / "finetune_chat.jsonl")[0]
    pieces = template.segments(conversation)
    assert "".join(text for text, _ in pieces) == template.render(conversation)
    trained = [text for text, trains in pieces if trains]
    answers = [m["content"] for m in conversation if m["role"] == "assistant"]
    assert len(trained) == len(answers)
    for text, answer in zip(trained, answers, strict=True):
        assert text.startswith(answer) and text.rstrip().endswith("<|im_end|>")
    user_text = next(m["content"] for m in conversation if m["role"] == "user")
    assert all(user_text not in text for text in trained)
    example, cut = encode_conversation(conversation, template, model.tokenize, 4096)
    assert not cut
    assert 0 < example.n_target < len(example.ids)


def test_long_conversations_are_cut_with_a_flag(template: ChatTemplate, model) -> None:  # type: ignore[no-untyped-def]
    conversation = load_conversations(DATA / "finetune_chat.jsonl")[0]
    example, cut = encode_conversation(conversation, template, model.tokenize, 40)
    assert cut and len(example.ids) == len(example.labels) == 40


def test_transformers_and_llama_cpp_tokenize_alike(model) -> None:  # type: ignore[no-untyped-def]
    """Training (transformers) and evaluation (llama.cpp) must see the same ids."""
    from finetune.base import load_template, load_tokenizer
    from finetune.evaluate import llama_examples

    tokenizer = load_tokenizer(model.model_path)
    conversations = load_conversations(DATA / "finetune_chat.jsonl")[:3]
    hf_template = load_template(tokenizer)
    for conversation, llama_example in zip(conversations, llama_examples(model, conversations, 4096), strict=True):
        hf_example, _ = encode_conversation(
            conversation, hf_template, lambda t: tokenizer.encode(t, add_special_tokens=False), 4096
        )
        assert hf_example == llama_example


def test_split_is_seeded_disjoint_and_complete() -> None:
    conversations = load_conversations(DATA / "finetune_chat.jsonl")
    train, held = split_conversations(conversations, 0.25, seed=3)
    assert (train, held) == split_conversations(conversations, 0.25, seed=3)
    assert len(train) + len(held) == len(conversations) and held
    assert not {json.dumps(c) for c in train} & {json.dumps(c) for c in held}
    assert split_conversations(conversations, 0.25, seed=4) != (train, held)


def test_packing_fills_rows_without_losing_examples(template: ChatTemplate, model) -> None:  # type: ignore[no-untyped-def]
    examples = [
        encode_conversation(c, template, model.tokenize, 120)[0]
        for c in load_conversations(DATA / "finetune_chat.jsonl")
    ]
    rows = pack_examples(examples, 512)
    assert sorted(id(e) for row in rows for e in row) == sorted(id(e) for e in examples)
    assert all(sum(len(e.ids) for e in row) <= 512 for row in rows)
    assert len(rows) < len(examples)


def test_cli_bad_data_is_one_error_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["finetune", "train", str(DATA / "finetune_bad.jsonl"), "--out", str(tmp_path / "run")]
    )
    assert result.exit_code == 65
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"error: {DATA / 'finetune_bad.jsonl'}:2: invalid JSON")


@pytest.mark.parametrize("layout", ["jsonl", "array"])
def test_deeply_nested_json_is_one_error_line(tmp_path: Path, layout: str) -> None:
    # json.loads of `[[[[...]]]]` raised RecursionError: a traceback instead of file:line.
    deep = "[" * 100_000 + "]" * 100_000
    data = tmp_path / "deep.jsonl"
    data.write_text(f"[{deep}]\n" if layout == "array" else f'{{"messages": {deep}}}\n')
    result = CliRunner().invoke(cli, ["finetune", "train", str(data), "--out", str(tmp_path / "run")])
    assert (result.exit_code, result.stdout) == (65, "")
    where = f"{data}" if layout == "array" else f"{data}:1"
    assert result.stderr.startswith(f"error: {where}: invalid JSON: nested too deeply")
    assert result.stderr.count("\n") == 1 and not (tmp_path / "run").exists()
