"""The language layer against the real embedded SmolLM2-135M through llama.cpp."""

from __future__ import annotations

import ctypes
import random
from pathlib import Path

import llama_cpp
import pytest

from assistant.llm import LanguageModel, Message, Sampling, check_gguf, embedded_model_path
from memory.base.errors import ModelError, PromptError

QUESTION: list[Message] = [
    {"role": "system", "content": "You are a helpful assistant."},
    {"role": "user", "content": "Name three colours of the rainbow."},
]


def test_embedded_model_is_a_gguf() -> None:
    path = embedded_model_path()
    assert check_gguf(path) == path
    assert path.stat().st_size > 50_000_000


def test_same_seed_same_answer(model: LanguageModel) -> None:
    sampling = Sampling(temperature=0.9, max_tokens=40, seed=1234)
    first = model.complete(QUESTION, sampling)
    second = model.complete(QUESTION, sampling)
    assert first.text == second.text
    assert first.text.strip()
    assert first.seed == 1234


def test_different_seeds_can_differ(model: LanguageModel) -> None:
    texts = {model.complete(QUESTION, Sampling(temperature=1.2, max_tokens=30, seed=s)).text for s in range(4)}
    assert len(texts) > 1


def test_streaming_yields_the_same_text(model: LanguageModel) -> None:
    sampling = Sampling(temperature=0.8, max_tokens=48, seed=7)
    pieces = list(model.stream(QUESTION, sampling))
    assert len(pieces) > 3
    assert "".join(pieces) == model.complete(QUESTION, sampling).text


def test_max_tokens_and_stop(model: LanguageModel) -> None:
    short = model.complete(QUESTION, Sampling(temperature=0, max_tokens=5, seed=1))
    assert short.finish_reason == "length"
    assert short.tokens <= 6
    full = model.complete(QUESTION, Sampling(temperature=0, max_tokens=60, seed=1))
    assert len(full.text) > 4
    stop_at = full.text.strip()[2:4]
    stopped = model.complete(QUESTION, Sampling(temperature=0, max_tokens=60, seed=1, stop=(stop_at,)))
    assert stop_at not in stopped.text
    assert full.text.startswith(stopped.text)


def test_score_prefers_the_models_own_greedy_reply(model: LanguageModel) -> None:
    greedy = model.complete(QUESTION, Sampling(temperature=0, max_tokens=40, seed=0)).text
    words = greedy.split()
    assert len(words) > 3
    shuffled = words[:]
    random.Random(0).shuffle(shuffled)
    if shuffled == words:
        shuffled.reverse()
    own = model.score(QUESTION, greedy)
    scrambled = model.score(QUESTION, " ".join(shuffled))
    assert 0 < own < scrambled


def test_score_is_consistent_with_a_cached_prefix(model: LanguageModel) -> None:
    # The second call reuses the KV cache of the first; the result must not depend on it.
    reply = "Red, orange and yellow."
    cold = model.score(QUESTION, reply)
    model.complete([{"role": "user", "content": "Something else entirely."}], Sampling(max_tokens=4, seed=3))
    again = model.score(QUESTION, reply)
    warm = model.score(QUESTION, reply)
    assert again == pytest.approx(cold, rel=1e-3)
    assert warm == pytest.approx(cold, rel=1e-3)


def long_history() -> list[Message]:
    """A conversation longer than the context window: 12 old turns, then a short request."""
    filler = "This is an old message about nothing in particular. " * 40
    history: list[Message] = [{"role": "system", "content": "Be brief."}]
    for i in range(12):
        history.append({"role": "user", "content": f"{i}: {filler}"})
        history.append({"role": "assistant", "content": "Noted."})
    history.append({"role": "user", "content": "Say hello."})
    return history


def test_long_history_is_trimmed_to_fit(model: LanguageModel) -> None:
    history = long_history()
    tokens, dropped = model.fit(history, max_tokens=128)
    assert dropped > 0
    assert len(tokens) <= model.n_ctx - 128
    result = model.complete(history, Sampling(max_tokens=16, seed=1))
    assert result.dropped_messages == dropped
    assert result.prompt_tokens + 16 <= model.n_ctx


def test_a_reply_to_a_conversation_longer_than_the_context_is_scored_in_the_trimmed_window(
    model: LanguageModel,
) -> None:
    # Generation trimmed old turns but scoring read them all: once a conversation outgrew the
    # context window, every System-2 turn failed with "prompt and reply are N tokens".
    history = long_history()
    assert len(model.prompt_tokens(history)) > model.n_ctx
    reply = model.complete(history, Sampling(max_tokens=16, seed=1, temperature=0)).text
    tokens, dropped = model.fit(history, max_tokens=len(model.tokenize(reply)))
    kept = [history[0], *history[1 + dropped :]]
    assert model.prompt_tokens(kept) == tokens
    assert model.score(history, reply) == pytest.approx(model.score(kept, reply), rel=1e-6)


def test_a_single_message_larger_than_the_context_is_a_clear_error(model: LanguageModel) -> None:
    huge: list[Message] = [{"role": "user", "content": "word " * 5000}]
    with pytest.raises(PromptError, match="context window"):
        model.complete(huge, Sampling(max_tokens=16))


def test_the_size_check_refuses_only_what_no_tokenization_could_fit(model: LanguageModel) -> None:
    # The bound is the vocabulary's longest token, and it is reached: text made of that token is one
    # token per copy, so a message of exactly `limit` bytes is left to the token count.
    bound = model.input_bound()
    assert bound.longest >= 4 and not bound.trims and not bound.strips  # SmolLM2's template keeps the message
    buffer = ctypes.create_string_buffer(1024)
    pieces = []
    for token in range(model._llama.n_vocab()):
        n = llama_cpp.llama_token_to_piece(model._llama._model.vocab, token, buffer, len(buffer), 0, True)
        pieces.append(buffer.raw[:n])
    piece = max(pieces, key=len)
    assert len(piece) == bound.longest
    assert len(model.tokenize(piece.decode() * 10)) == 10
    limit = (model.n_ctx - 128) * bound.longest
    model.refuse_oversized("x" * limit, 128)
    model.refuse_oversized("\u00e9" * (limit // 2), 128)
    for text in ["x" * (limit + 1), "\u00e9" * (limit // 2 + 1), " " * (limit + 1)]:
        with pytest.raises(PromptError, match=f"context window holds 2048 tokens .* at most {limit:,} bytes"):
            model.refuse_oversized(text, 128)
    with pytest.raises(PromptError, match=f"at most {limit:,} bytes"):  # before any token is counted
        model.complete([{"role": "user", "content": "x" * (limit + 1)}], Sampling(max_tokens=128))


def test_missing_and_non_gguf_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="not found"):
        LanguageModel(tmp_path / "missing.gguf")
    fake = tmp_path / "fake.gguf"
    fake.write_text("this is not a model\n")
    with pytest.raises(ModelError, match="not a GGUF"):
        LanguageModel(fake)


def test_load_llama_opens_a_model_as_the_product_does(model: LanguageModel) -> None:
    """`load_llama` is the one way a GGUF is opened (LanguageModel, benchmarks): extra buffer types
    as `llm.extra_bufts` says, off on an AMX build under "auto" (its kernels crash on first decode)."""
    from assistant.llm import build_has_amx, extra_bufts_enabled, load_llama

    assert extra_bufts_enabled("on") and not extra_bufts_enabled("off")
    assert extra_bufts_enabled("auto") == extra_bufts_enabled() == (not build_has_amx())
    assert model.use_extra_bufts == extra_bufts_enabled("auto")
    llm = load_llama(embedded_model_path(), extra_bufts="off", n_ctx=256, n_threads=1, verbose=False)
    try:
        assert isinstance(llm, llama_cpp.Llama)
        assert llm.tokenize(b"Hello", add_bos=False) == model.tokenize("Hello")
    finally:
        llm.close()
    with pytest.raises(ModelError, match="not a GGUF file"):
        LanguageModel(Path(__file__))  # still refused before llama.cpp sees it
